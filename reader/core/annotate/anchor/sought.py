"""An anchor read once in normalised form: its quote and context, and what the context says
about where the quote stood (how far its sentence and its paragraph went on around it).

Normalising folds line breaks into spaces; the breaks are read from the raw context first, since
"the words up to the end of the sentence agree" and "a whole paragraph" are evidence of place.
"""

from __future__ import annotations

from bisect import bisect_left

from reader.core.annotate.anchor.limits import CONTEXT_MIN, SHORT_CHARS, SHORT_WORDS
from reader.core.annotate.anchor.model import Anchor
from reader.core.annotate.normalise import Text

#: Punctuation that ends a sentence, and what may close it ("…ends.” Next").
_ENDS = frozenset(".!?")
_CLOSERS = frozenset("\"')]")


class Sought:
    """One anchor in normalised form, with what its context says about where it stood."""

    def __init__(self, anchor: Anchor) -> None:
        self.anchor = anchor
        context = Text(anchor.prefix + anchor.quote + anchor.suffix)
        begin = bisect_left(context.origin, len(anchor.prefix))
        finish = bisect_left(context.origin, len(anchor.prefix) + len(anchor.quote))
        self.full = context.norm
        self.prefix = context.norm[:begin]
        self.quote = context.norm[begin:finish]
        self.suffix = context.norm[finish:]
        self.quote_only = anchor.quote_only
        #: Whether a side holds less than `CONTEXT_MIN`: the article's edge cut it short.
        self.prefix_cut_short = len(anchor.prefix) < CONTEXT_MIN
        self.suffix_cut_short = len(anchor.suffix) < CONTEXT_MIN
        words = self.quote.split()
        self.short = len(words) < SHORT_WORDS or len(self.quote.strip()) < SHORT_CHARS
        quote = self.quote or " "
        #: Whether the quote began / ended at a word's edge: a match must not cut a word then.
        self.clean_start = not cuts_word(self.prefix[-1:] + quote, len(self.prefix[-1:]))
        self.clean_end = not cuts_word(quote + self.suffix[:1], len(quote))
        backward, forward = range(begin - 1, -1, -1), range(finish, len(context.norm))
        #: Characters from the quote out to the nearest sentence or paragraph break (its space
        #: included), before and after it; None when the context holds none.
        self.sentence_before = _break(context, backward, begin, sentences=True)
        self.sentence_after = _break(context, forward, finish, sentences=True)
        #: The same out to the nearest line break (0: the quote met the article's edge).
        self.paragraph_before = _break(context, backward, begin, sentences=False)
        self.paragraph_after = _break(context, forward, finish, sentences=False)

    @property
    def starts_sentence(self) -> bool:
        """Whether the quote's first word began a sentence (so its capital is no name)."""
        return self.sentence_before is not None and self.sentence_before <= 1


def _break(context: Text, positions: range, quote_edge: int, sentences: bool) -> int | None:
    """Characters from `quote_edge` outward along `positions` (forward or backward) to the space
    of the first line break (or sentence end, with `sentences`), that space included."""
    if not positions:
        return 0
    norm = context.norm
    for position in positions:
        if norm[position] != " ":
            continue
        if context.line_break(position) or (sentences and ends_sentence(norm, position - 1)):
            return position - quote_edge + 1 if position >= quote_edge else quote_edge - position
    return None


def ends_sentence(norm: str, position: int) -> bool:
    """Whether a sentence ends at `position` (its final punctuation, or a quote closing it)."""
    while position >= 0 and norm[position] in _CLOSERS:
        position -= 1
    return position >= 0 and norm[position] in _ENDS


def _kind(char: str) -> int:
    """Space, word character or punctuation: a match must not start inside a run of one kind."""
    return 0 if char == " " else (1 if char.isalnum() else 2)


def cuts_word(norm: str, position: int) -> bool:
    """Whether `position` falls inside a word (letters or digits on both sides)."""
    return 0 < position < len(norm) and norm[position - 1].isalnum() and norm[position].isalnum()


def boundary(norm: str, position: int) -> bool:
    """Whether a word (or punctuation run) starts or ends at `position`."""
    if position <= 0 or position >= len(norm):
        return True
    return _kind(norm[position - 1]) != _kind(norm[position])
