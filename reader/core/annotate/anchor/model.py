"""What the store keeps of a highlight's place (`Anchor`) and what re-attaching it gives back
(`Attachment`, with `Suggestion`s for the places the user may choose), as plain frozen data.

Making an anchor lives here too: it is the inverse of re-attaching, and both the store (a new
highlight) and the search (the refreshed anchor of a re-attached one) call it.
"""

from __future__ import annotations

from enum import StrEnum

from msgspec import Struct

from reader.core.annotate.anchor.limits import CONTEXT_MAX, CONTEXT_MIN
from reader.core.annotate.normalise import Text, normalise


class Status(StrEnum):
    """Where a highlight stands after its article changed."""

    ANCHORED = "anchored"  # the same text where it was (same start offset), or placed for sure
    MOVED = "moved"  # the same text, elsewhere, with its context agreeing
    FUZZY = "fuzzy"  # slightly different text, with agreeing context
    AMBIGUOUS = "ambiguous"  # several places fit equally well; none is chosen
    ORPHANED = "orphaned"  # no place fits; kept, with its original quote

    @property
    def attached(self) -> bool:
        return self in (Status.ANCHORED, Status.MOVED, Status.FUZZY)


class Anchor(Struct, frozen=True):
    """What a highlight remembers of its place: the quote, text around it, and body offsets.

    An anchor with no context on either side (`Anchor.of_quote`) is known by its words only, as
    highlights imported from Kindle, Readwise, Omnivore or wallabag are; its offsets, if any, are
    a hint of which place to suggest first, never a place to attach to. (A highlight of a whole
    article has no context either, and is found the same way: its words occur once.)
    """

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def of_quote(cls, quote: str, near: int = 0) -> Anchor:
        """A highlight known only by its words, placed only where they occur once; `near` is
        where another tool said they were (a hint)."""
        return cls(quote, "", "", near, near + len(quote))

    @property
    def quote_only(self) -> bool:
        """Whether nothing but the words is known (no context on either side)."""
        return not self.prefix and not self.suffix


class Suggestion(Struct, frozen=True):
    """A place an orphaned or ambiguous highlight might belong, for the user to accept or not.

    `start`/`end` are body offsets, `text` the words there, `score` their similarity to the quote
    (0-100) and `differs` a short phrase saying what differs from the highlight ("“Putin” became
    “Smith”; the text after differs").
    """

    start: int
    end: int
    text: str
    score: float
    differs: str = ""


class Attachment(Struct, frozen=True):
    """The outcome of re-attaching one anchor: `start`/`end` are None unless attached.

    `suggestion` is the best candidate of an orphan, or the nearest place of an ambiguous
    highlight; `candidates` every place an ambiguous highlight fits (the best few for an orphan);
    `reason` says in a few words why the status is what it is.
    """

    status: Status
    start: int | None
    end: int | None
    quote: str
    score: float
    suggestion: Suggestion | None = None
    anchor: Anchor | None = None  # the refreshed anchor, for attached highlights
    candidates: tuple[Suggestion, ...] = ()
    reason: str = ""


def similarity(first: str, second: str) -> float:
    """How alike two quotes are (0-100), after normalisation: the measure thresholds apply to."""
    from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

    return float(fuzz.ratio(normalise(first).text.strip(), normalise(second).text.strip()))


def make_anchor(body: str | Text, start: int, end: int) -> Anchor:
    """Anchor the span [start, end) of `body`, trimmed of surrounding whitespace.

    Context starts at `CONTEXT_MIN` characters each side and doubles until quote and context
    occur once in the body, so a repeated phrase is still told apart from its copies.
    """
    text = body if isinstance(body, Text) else Text(body)
    source = text.body
    if not 0 <= start <= end <= len(source):
        raise ValueError(f"span {start}-{end} is outside the text (length {len(source)})")
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValueError("nothing to highlight: the selection is empty")
    width = CONTEXT_MIN
    while True:
        before, after = max(0, start - width), min(len(source), end + width)
        region = text.norm[text.to_norm(before) : text.to_norm(after)]
        first = text.norm.find(region)
        unique = text.norm.find(region, first + 1) == -1
        whole = before == 0 and after == len(source)
        if unique or whole or width >= CONTEXT_MAX:
            break
        width *= 2
    return Anchor(source[start:end], source[before:start], source[end:after], start, end)
