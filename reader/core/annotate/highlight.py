"""A highlight as the rest of the program sees it, and the one list of colours it can have.

The store persists these and the UI draws them; both import the model from here so that neither
has to reach into the other for a type.
"""

from __future__ import annotations

from msgspec import Struct

from reader.core.annotate.anchor import Anchor, Status, Suggestion, similarity

#: Colours a highlight can have, in the order of the `1`-`5` keys; the UI maps them onto the theme.
COLORS = ("yellow", "green", "blue", "pink", "purple")


class Highlight(Struct, frozen=True):
    """One highlight as stored. `start`/`end` are body offsets, meaningful only when attached."""

    id: str
    article_id: str
    quote: str
    original: str
    prefix: str
    suffix: str
    start: int
    end: int
    note: str
    color: str
    status: Status
    score: float
    suggestion: str | None
    suggestion_start: int | None
    suggestion_end: int | None
    content_hash: str
    created: str
    updated: str
    revision: int

    @property
    def attached(self) -> bool:
        """Whether the UI may paint it over the text (orphans and ambiguous ones are listed)."""
        return self.status.attached

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.quote, self.prefix, self.suffix, self.start, self.end)

    @property
    def offered(self) -> Suggestion | None:
        """The place re-anchoring suggested for an orphan (the nearest place of an ambiguous
        one), with how alike its words are (0-100) and what differs; None if there is none,
        or once the highlight is attached. Worked out again from the stored words, so the `H`
        screen, the export and the command line say the same."""
        start, end, text = self.suggestion_start, self.suggestion_end, self.suggestion
        if self.attached or text is None or start is None or end is None:
            return None
        from reader.core.annotate.anchor.differences import describe_difference  # (difflib)

        return Suggestion(
            start, end, text, similarity(self.quote, text), describe_difference(self.quote, text)
        )
