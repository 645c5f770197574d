"""What a candidate place has going for it: how far the old context agrees on each side.

A side agrees *clearly* when a long exact run of the old context stands next to the candidate
(`CLEAR_RUN`), or when both then and now the quote meets the article's edge there; it *agrees*
when the words up to the nearest sentence or paragraph end are the same and the new text breaks
there too (what lies beyond may have been deleted or moved), or when the old and new text are
similar; it *contradicts* otherwise. Words that were, and still are, a whole paragraph with the
rest of it unchanged agree clearly on both sides: paragraphs are what authors move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum

from reader.core.annotate.anchor.limits import CLEAR_RUN, CONTEXT_AGREE
from reader.core.annotate.anchor.sought import Sought, ends_sentence
from reader.core.annotate.normalise import Text

#: The normalised position of the k-th character outward from the quote on one side.
Position = Callable[[int], int]


class Agreement(IntEnum):
    """How one side of a candidate compares with the same side of the old place (ordered)."""

    CONTRADICTS = 0  # other words stand there
    UNKNOWN = 1  # nothing to compare: the old side was the article's edge, the new one is not
    AGREES = 2  # the same words up to a sentence or paragraph end, or similar text
    CLEAR = 3  # a long exact run of the old context, or the article's edge then and now


@dataclass(frozen=True, slots=True)
class Side:
    """The evidence of one side of a candidate."""

    run: int  # characters of old context agreeing exactly, outward from the quote
    ratio: float  # similarity of the old side and the text of the same length there now
    agreement: Agreement
    paragraph: bool  # the rest of the quote's paragraph on this side is unchanged, edge and all
    to_break: bool  # the same words up to the sentence's end, and a break there now too
    complete: bool  # all of the stored context agrees, or all of it up to its paragraph's edge

    @property
    def similar(self) -> bool:
        """Positive agreement: a clear run or similar text (a sentence end alone is not)."""
        return self.agreement is Agreement.CLEAR or self.ratio >= CONTEXT_AGREE


@dataclass(frozen=True, slots=True)
class Place:
    """A candidate: normalised offsets in the new text, the quote's similarity, both sides."""

    start: int
    end: int
    quote_score: float
    left: Side
    right: Side

    @property
    def clear_sides(self) -> int:
        return (self.left.agreement is Agreement.CLEAR) + (self.right.agreement is Agreement.CLEAR)

    @property
    def run(self) -> int:
        return self.left.run + self.right.run

    @property
    def context(self) -> float:
        return (self.left.ratio + self.right.ratio) / 2

    @property
    def total(self) -> float:
        return self.quote_score + self.context

    def overlaps(self, other: Place) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class _Reading:
    """One side of a candidate read outward from the quote: the old context and the new text;
    `at(k)` is the normalised position of the k-th new character, `room` <= 0 when the text ends
    within the side's span."""

    text: Text
    old: str
    new: str
    at: Position
    room: int
    forward: bool
    cut_short: bool  # the stored side ended at the article's edge


def judge(sought: Sought, text: Text, start: int, end: int, quote_score: float) -> Place:
    """The candidate [start, end) of `text` (normalised offsets) with both sides weighed."""
    norm, (first, last) = text.norm, text.content
    old_left, old_right = sought.prefix[::-1], sought.suffix
    new_left = norm[max(0, start - len(old_left)) : start][::-1]
    new_right = norm[end : end + len(old_right)]
    left = _side(
        _Reading(
            text,
            old_left,
            new_left,
            lambda k: start - 1 - k,
            start - len(old_left) - first,
            False,
            sought.prefix_cut_short,
        ),
        sought.sentence_before,
        sought.paragraph_before,
    )
    right = _side(
        _Reading(
            text,
            old_right,
            new_right,
            lambda k: end + k,
            last - end - len(old_right),
            True,
            sought.suffix_cut_short,
        ),
        sought.sentence_after,
        sought.paragraph_after,
    )
    whole = left.paragraph and right.paragraph
    if whole and quote_score >= 100 and not sought.short:
        left = replace(left, agreement=Agreement.CLEAR)
        right = replace(right, agreement=Agreement.CLEAR)
    return Place(start, end, quote_score, left, right)


def _side(side: _Reading, sentence: int | None, paragraph: int | None) -> Side:
    """Weigh one side of a candidate, given how far the quote's sentence and paragraph went.

    An old side shorter than `CLEAR_RUN` is the article's edge drawing near: it agrees clearly
    if the new text ends there too, and is otherwise no evidence (a few letters prove nothing).
    """
    old, new = side.old, side.new
    run = _common_prefix(old, new)
    ends = side.room <= 0 and run >= len(new.rstrip())  # the new text ends where the run does
    meaningful = len(old.strip()) >= CLEAR_RUN
    ratio = _ratio(old, new) if run < len(old) else 100.0
    # (a break 0 characters out is the article's edge: only `ends` can agree with that)
    to_break = sentence is not None and sentence > 0 and (ends or _reaches(side, run, sentence))
    if run >= CLEAR_RUN or (ends and not old[run:].strip()):
        agreement = Agreement.CLEAR
    elif to_break:
        agreement = Agreement.AGREES  # the same words up to the sentence's end
    elif not meaningful:
        agreement, ratio = Agreement.UNKNOWN, 0.0
    else:
        agreement = Agreement.AGREES if ratio >= CONTEXT_AGREE else Agreement.CONTRADICTS
    if paragraph is None:
        whole = False
    elif paragraph == 0:
        whole = side.text.line_break(side.at(0))
    else:
        whole = ends or (run >= paragraph and side.text.line_break(side.at(paragraph - 1)))
    ratio = ratio if meaningful or agreement is Agreement.CLEAR else 0.0
    # All of the stored side: if it was cut short by the article's edge, the edge too.
    complete = whole or (run >= len(old) and (not side.cut_short or ends))
    return Side(run, ratio, agreement, whole, to_break, complete)


def _reaches(side: _Reading, run: int, length: int) -> bool:
    """Whether the new text agrees up to the old break `length` characters out, and breaks there
    too (a sentence end or a line break: paragraphs get merged and split)."""
    if run < length:
        return False
    if side.forward:  # the run covers the break's punctuation
        return True
    space = side.at(length - 1)
    return side.text.line_break(space) or ends_sentence(side.text.norm, space - 1)


def _common_prefix(first: str, second: str) -> int:
    low, high = 0, min(len(first), len(second))
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _ratio(first: str, second: str) -> float:
    from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

    if not first or not second:
        return 0.0
    return float(fuzz.ratio(first, second))
