"""Re-attaching one anchor in a changed text, in the order of the decision table: quote and
context untouched; the same words where their place agrees (`moved`); changed words where quote
and context agree (`fuzzy`); otherwise ambiguous or orphaned, with suggestions. Also placing a
highlight where the user chose (`accept`).
"""

from __future__ import annotations

from functools import cached_property

from reader.core.annotate.anchor.evidence import Agreement, Place, judge
from reader.core.annotate.anchor.limits import MAX_OFFERED
from reader.core.annotate.anchor.model import Anchor, Attachment, Status, make_anchor, similarity
from reader.core.annotate.anchor.outcome import Outcomes
from reader.core.annotate.anchor.places import Finder, Span
from reader.core.annotate.anchor.rules import (
    best_fuzzy,
    best_moved,
    may_be_fuzzy,
    may_move,
    near_rivals,
)
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

    def run(self) -> Attachment:
        if not self.sought.quote.strip():
            return self.outcomes.orphan([], "the highlight has no words")
        if self.sought.quote_only:
            return self._quote_only()
        return self._untouched() or self._placed()

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
        whole = [self._judge(span) for span in self.finder.whole_context(50)]
        places = [p for p in whole if p.clear_sides == 2]  # a short side: the article's edge
        if not places:
            return None
        reason = "its words and their context are unchanged"
        if len(places) == 1:
            return self.outcomes.attach(places[0], reason)
        same = self._at_old_place(places)
        if same is not None:
            return self.outcomes.attach(same, reason)
        return self.outcomes.ambiguous(places, "its words and context stand in several places")

    def _placed(self) -> Attachment:
        """The same words where their place agrees (rule 1), or changed words where quote and
        context agree (rule 2), whichever has more sides clear (the same words if as many);
        else an orphan. Where the old place still stands with other words in it, the same
        words elsewhere need both sides clear: they are a copy, not the highlight moved."""
        exact = [self._judge(span) for span in self.finder.exact()]
        deleted = self.finder.deleted_at()
        gone = self.sought.short and (deleted is not None or self._left_its_place(exact))
        fit = [p for p in exact if not gone and may_move(p, self.sought, self.old)]
        moved = best_moved(fit, exact, self.old)
        same = "the same words, with their context agreeing"
        if moved is not None and moved[0].clear_sides == 2:
            best, rivals = moved
            between = [self._judge(span) for span in self.finder.bounded()]
            rivals += [p for p in between if p.clear_sides == 2 and not p.overlaps(best)]
            return self._settle(best, rivals + self._near(best, exact), same)
        changed = self._changed()
        fuzzy = best_fuzzy(
            [
                p
                for p in changed
                if deleted is None and may_be_fuzzy(p, self.sought, self.text, self.old)
            ],
            self.old,
        )
        if fuzzy is not None and (moved is None or fuzzy[0].clear_sides > moved[0].clear_sides):
            best, rivals = fuzzy
            rivals += self._near(best, [*exact, *changed])
            return self._settle(best, rivals, "similar words, with their context agreeing")
        # Its place, both sides clear, with other words in it (a few of its own, perhaps): the
        # same words elsewhere are a copy, not the highlight moved.
        rewritten = any(place.clear_sides == 2 for place in [*changed, *self._at_old_offset])
        if moved is not None and not rewritten:
            best, rivals = moved
            return self._settle(best, rivals + self._near(best, [*exact, *changed]), same)
        if deleted is not None:
            reason = "its words were deleted: what stood around them is now side by side"
        elif gone:
            reason = "its words were deleted where they stood; the same words elsewhere are others'"
        elif rewritten:
            reason = "its words were changed where they stood"
        elif exact:
            reason = "the same words stand elsewhere, but their context does not agree"
        else:
            reason = "no place has similar words with agreeing context"
        return self.outcomes.orphan([*exact, *changed], reason)

    def _left_its_place(self, exact: list[Place]) -> bool:
        """A word or two is never moved away: where a long run of its old context still stands
        by the old offset without its words (they are found only elsewhere), they were deleted
        there, and the same words elsewhere are a look-alike's."""
        return any(
            Agreement.CLEAR in (place.left.agreement, place.right.agreement)
            and not any(place.overlaps(other) for other in exact)
            for place in self._at_old_offset
        )

    @cached_property
    def _at_old_offset(self) -> list[Place]:
        """The text around the old offset most like the quote, or next to where a piece of its
        old context still stands there (looked for once: three rules ask)."""
        return [self._judge(span) for span in self.finder.near_old()]

    def _near(self, best: Place, pool: list[Place]) -> list[Place]:
        """Rivals nearer the old offset than `best` (looked for only if it moved at all)."""
        if best.start == self.old:
            return []
        return near_rivals(best, [*pool, *self._at_old_offset], self.old)

    def _settle(self, best: Place, rivals: list[Place], reason: str) -> Attachment:
        """`best` unless a rival fits as well: then the one at the old place if both its sides
        agree clearly (identical passages, one where the highlight was), or ambiguous."""
        if not rivals:
            return self.outcomes.attach(best, reason)
        same = self._at_old_place([p for p in [best, *rivals] if p.clear_sides == 2])
        if same is not None:
            return self.outcomes.attach(same, "the same words, where they were")
        kept: list[Place] = [best]
        for place in rivals:
            if not any(place.overlaps(other) for other in kept):
                kept.append(place)
        return self.outcomes.ambiguous(kept, "several places fit equally well")

    def _changed(self) -> list[Place]:
        """Places with words like the quote's (never verbatim: rule 1 weighed those)."""
        seen: set[tuple[int, int]] = set()
        places: list[Place] = []
        for span in [*self.finder.bounded(), *self.finder.rough()]:
            words = self.text.norm[span.start : span.end]
            if (span.start, span.end) not in seen and words != self.sought.quote:
                seen.add((span.start, span.end))
                places.append(self._judge(span))
        return places

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
