"""Candidate places turned into what callers get back: body offsets, a status, a reason, and
suggestions that say what differs. Nothing is decided here; `search` and `rules` decide.
"""

from __future__ import annotations

from reader.core.annotate.anchor.differences import describe
from reader.core.annotate.anchor.evidence import Agreement, Place
from reader.core.annotate.anchor.limits import MAX_KEPT, MAX_OFFERED, QUOTE_THRESHOLD
from reader.core.annotate.anchor.model import (
    Attachment,
    Status,
    Suggestion,
    make_anchor,
    similarity,
)
from reader.core.annotate.anchor.rules import worth_suggesting
from reader.core.annotate.anchor.sought import Sought
from reader.core.annotate.normalise import Text


class Outcomes:
    """Builds attachments for one anchor in one text; `old` is its old normalised position."""

    def __init__(self, sought: Sought, text: Text, old: int) -> None:
        self.sought = sought
        self.text = text
        self.old = old

    def body_span(self, place: Place) -> tuple[int, int]:
        return self.text.to_body(place.start, place.end)

    def attach(self, place: Place, reason: str, status: Status | None = None) -> Attachment:
        """The highlight on `place`: anchored if the same words stay where they were."""
        anchor = self.sought.anchor
        start, end = self.body_span(place)
        quote = self.text.body[start:end]
        score = similarity(anchor.quote, quote)
        if score < QUOTE_THRESHOLD:  # normalisation at the edges can differ: never go below
            return self.orphan([place], "the words there differ too much")
        if status is None:
            exact = self.text.norm[place.start : place.end] == self.sought.quote
            if exact:
                status = Status.ANCHORED if start == anchor.start else Status.MOVED
            else:
                status = Status.FUZZY
        fresh = make_anchor(self.text, start, end)
        return Attachment(status, start, end, quote, score, None, fresh, (), reason)

    def ambiguous(self, places: list[Place], reason: str) -> Attachment:
        """Several places fit equally: all offered, the nearest first among equals."""
        nearest = min(places, key=lambda p: abs(p.start - self.old))
        offered = sorted(places, key=lambda p: p.start)[:MAX_OFFERED]
        return Attachment(
            Status.AMBIGUOUS,
            None,
            None,
            self.sought.anchor.quote,
            0.0,
            self.suggestion(nearest),
            None,
            tuple(self.suggestion(place) for place in offered),
            reason,
        )

    def orphan(self, places: list[Place], reason: str) -> Attachment:
        """No place fits: the best candidates, if any is worth it, become suggestions."""
        kept: list[Place] = []
        for place in worth_suggesting(places, self.old):
            if not any(place.overlaps(other) for other in kept):
                kept.append(place)
            if len(kept) == MAX_KEPT:
                break
        offered = tuple(self.suggestion(place) for place in kept)
        best = offered[0] if offered else None
        quote = self.sought.anchor.quote
        return Attachment(Status.ORPHANED, None, None, quote, 0.0, best, None, offered, reason)

    def suggestion(self, place: Place) -> Suggestion:
        start, end = self.body_span(place)
        words = self.text.body[start:end]
        differs = describe(self.sought.quote, self.text.norm[place.start : place.end])
        return Suggestion(
            start, end, words, similarity(self.sought.anchor.quote, words), differs + _where(place)
        )


def _where(place: Place) -> str:
    """What a candidate's context says, as a phrase to append to what its words say."""
    before = place.left.agreement >= Agreement.AGREES
    after = place.right.agreement >= Agreement.AGREES
    if before and after:
        return ""
    if before:
        return "; the text after differs"
    if after:
        return "; the text before differs"
    return "; the text around differs"
