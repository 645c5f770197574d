"""Re-attaching one anchor in a changed text, in the order of the decision table: quote and
context untouched; the same words where their place agrees (`moved`); changed words where quote
and context agree (`fuzzy`); otherwise ambiguous or orphaned, with suggestions. Also placing a
highlight where the user chose (`accept`).
"""

from __future__ import annotations

from reader.core.annotate.anchor.evidence import Place, judge
from reader.core.annotate.anchor.limits import MAX_OFFERED
from reader.core.annotate.anchor.model import Anchor, Attachment, Status, make_anchor, similarity
from reader.core.annotate.anchor.outcome import Outcomes
from reader.core.annotate.anchor.places import Finder, Span
from reader.core.annotate.anchor.rules import best_fuzzy, best_moved, may_be_fuzzy, may_move
from reader.core.annotate.anchor.sought import Sought
from reader.core.annotate.normalise import Text, normalise


def reattach(anchor: Anchor, new_body: str | Text) -> Attachment:
    """Find `anchor` in the changed text: attached (anchored, moved, fuzzy) or not, and why."""
    text = new_body if isinstance(new_body, Text) else Text(new_body)
    return _Search(anchor, text).run()


def accept(body: str | Text, start: int, end: int, expected: str | None = None) -> Attachment:
    """Place a highlight on [start, end) because the user chose it (an orphan's suggestion, one of
    an ambiguous highlight's places): `anchored`, with a fresh anchor.

    `expected` is the text the user was shown; ValueError if the body no longer reads it there
    (the article changed again since), or if the span is empty or outside the body.
    """
    text = body if isinstance(body, Text) else Text(body)
    fresh = make_anchor(text, start, end)
    if expected is not None and normalise(fresh.quote).text != normalise(expected).text.strip():
        raise ValueError("the article changed: the suggested words are no longer there")
    score = similarity(expected, fresh.quote) if expected is not None else 100.0
    return Attachment(
        Status.ANCHORED, fresh.start, fresh.end, fresh.quote, score, None, fresh, (), "chosen"
    )


class _Search:
    """One anchor being looked for in one prepared text."""

    def __init__(self, anchor: Anchor, text: Text) -> None:
        self.sought = Sought(anchor)
        self.text = text
        self.old = text.to_norm(min(anchor.start, len(text.body)))
        self.finder = Finder(self.sought, text, self.old)
        self.outcomes = Outcomes(self.sought, text, self.old)
        self.exact: list[Place] = []

    def run(self) -> Attachment:
        if not self.sought.quote.strip():
            return self.outcomes.orphan([], "the highlight has no words")
        if self.sought.quote_only:
            return self._quote_only()
        return self._untouched() or self._moved() or self._changed()

    def _judge(self, span: Span) -> Place:
        return judge(self.sought, self.text, span.start, span.end, span.score)

    def _at_old_place(self, places: list[Place]) -> Place | None:
        anchor = self.sought.anchor
        for place in places:
            if self.outcomes.body_span(place) == (anchor.start, anchor.end):
                return place
        return None

    def _untouched(self) -> Attachment | None:
        """The common case: quote and context untouched, wherever they are now."""
        places = [self._judge(span) for span in self.finder.whole_context(50)]
        if not places:
            return None
        reason = "its words and their context are unchanged"
        if len(places) == 1:
            return self.outcomes.attach(places[0], reason)
        same = self._at_old_place(places)
        if same is not None:
            return self.outcomes.attach(same, reason)
        return self.outcomes.ambiguous(places, "its words and context stand in several places")

    def _moved(self) -> Attachment | None:
        """The same words elsewhere, where their context agrees (rule 1)."""
        self.exact = [self._judge(span) for span in self.finder.exact()]
        chosen = best_moved([p for p in self.exact if may_move(p, self.sought, self.old)], self.old)
        if chosen is None:
            return None
        best, rivals = chosen
        if not rivals:
            return self.outcomes.attach(best, "the same words, with their context agreeing")
        same = self._at_old_place([best, *rivals])
        if same is not None:
            return self.outcomes.attach(same, "the same words, where they were")
        reason = "the same words fit several places equally well"
        return self.outcomes.ambiguous([best, *rivals], reason)

    def _changed(self) -> Attachment:
        """Changed words where quote and context agree (rule 2); else an orphan."""
        deleted = self.finder.deleted_at()
        seen: set[tuple[int, int]] = set()
        places: list[Place] = []
        for span in [*self.finder.bounded(), *self.finder.rough()]:
            words = self.text.norm[span.start : span.end]
            if (span.start, span.end) in seen or words == self.sought.quote:
                continue  # verbatim places were weighed by rule 1 already
            seen.add((span.start, span.end))
            places.append(self._judge(span))
        fit = [
            p
            for p in places
            if may_be_fuzzy(p, self.sought, self.text) and (deleted is None or p.clear_sides == 2)
        ]
        chosen = best_fuzzy(fit, self.old)
        if chosen is not None:
            best, rivals = chosen
            if not rivals:
                return self.outcomes.attach(best, "similar words, with their context agreeing")
            return self.outcomes.ambiguous([best, *rivals], "similar words fit several places")
        if deleted is not None:
            reason = "its words were deleted: what stood around them is now side by side"
        elif self.exact:
            reason = "the same words stand elsewhere, but their context does not agree"
        else:
            reason = "no place has similar words with agreeing context"
        return self.outcomes.orphan([*self.exact, *places], reason)

    def _quote_only(self) -> Attachment:
        """Rule 3: words without context attach only where they occur once."""
        places = [self._judge(span) for span in self.finder.exact(MAX_OFFERED + 1)]
        if len(places) == 1:
            return self.outcomes.attach(places[0], "its words occur once", Status.ANCHORED)
        if places:
            count = f"{len(places)}" if len(places) <= MAX_OFFERED else f"over {MAX_OFFERED}"
            return self.outcomes.ambiguous(places, f"its words occur {count} times")
        rough = [self._judge(span) for span in self.finder.rough()]
        return self.outcomes.orphan(rough, "its words are not in the article")
