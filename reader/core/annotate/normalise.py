"""Text normalisation for comparing highlights: cosmetic differences folded, offsets kept.

Whitespace runs, curly quotes, dash variants, Unicode compatibility forms and accents are folded so
that reflowing a paragraph or straightening its quotes changes nothing, and every normalised
character remembers the body offset it came from so matches map back to the real text. Split out
of `reader.core.annotate.anchor`, which re-exports `normalise`, `Normalised` and `Text`.

What normalising loses the anchoring rules still need: whether a space was a line break (a
paragraph's edge, `Text.line_break`) and how common a word is in the article (`Text.occurrences`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from functools import cached_property, lru_cache
from typing import NamedTuple

_QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc"}
_QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"})
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_SPACES = {chr(c): " " for c in range(0x3000 + 1) if chr(c).isspace()}
_ONE_TO_ONE = str.maketrans({**_QUOTES, **_DASHES, **_SPACES})
#: Invisible characters that editors add or remove at will: dropped before comparing.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_RUNS = re.compile(r" {2,}|-{2,}")
_WORD = re.compile(r"\w+")


class Normalised(NamedTuple):
    """Normalised text and, for each of its characters, the offset it came from (plus one
    trailing entry: the length of the original), so matches map back to the real body."""

    text: str
    origin: list[int]


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    """One non-ASCII character in comparable form: compatibility-decomposed, accents dropped."""
    if char in _INVISIBLE:
        return ""
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    )
    return kept.translate(_ONE_TO_ONE)


def _is_dropped(char: str) -> bool:
    return char in _INVISIBLE or (not char.isascii() and not _fold(char))


def _rebuild(text: str, pattern: re.Pattern[str], replace: object) -> tuple[str, list[int]]:
    """Apply `replace(match) -> str` to every match, recording where each output char came from."""
    parts: list[str] = []
    origin: list[int] = []
    position = 0
    for match in pattern.finditer(text):
        start = match.start()
        parts.append(text[position:start])
        origin.extend(range(position, start))
        replacement: str = replace(match)  # type: ignore[operator]
        parts.append(replacement)
        origin.extend([start] * len(replacement))
        position = match.end()
    parts.append(text[position:])
    origin.extend(range(position, len(text)))
    return "".join(parts), origin


def normalise(text: str) -> Normalised:
    """Fold whitespace, quotes, dashes and Unicode forms so cosmetic edits compare equal."""
    step = text.translate(_ONE_TO_ONE)
    first: list[int] | None = None
    if not step.isascii():
        step, first = _rebuild(step, _NON_ASCII, lambda match: _fold(match.group()))
    folded, second = _rebuild(step, _RUNS, lambda match: match.group()[0])
    origin = second if first is None else [first[index] for index in second]
    origin.append(len(text))
    return Normalised(folded, origin)


class Text:
    """A body prepared once for the many searches of re-attaching all its highlights."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.norm, self.origin = normalise(body)

    def line_break(self, position: int) -> bool:
        """Whether normalised `position` is a space that was a line break, or past either end of
        the text (an article's edges are paragraph edges too)."""
        if not 0 <= position < len(self.norm):
            return True
        return "\n" in self.body[self.origin[position] : self.origin[position + 1]]

    @cached_property
    def content(self) -> tuple[int, int]:
        """Normalised span of the text without the whitespace at its ends."""
        return len(self.norm) - len(self.norm.lstrip()), len(self.norm.rstrip())

    @cached_property
    def _words(self) -> Counter[str]:
        return Counter(_WORD.findall(self.norm.lower()))

    def occurrences(self, word: str) -> int:
        """How often `word` stands as a whole word in the text, in any case (counted once)."""
        return self._words[word.lower()]

    def to_norm(self, offset: int) -> int:
        """The normalised position of body offset `offset`."""
        return bisect_left(self.origin, offset)

    def to_body(self, start: int, end: int) -> tuple[int, int]:
        """Body offsets of the normalised span [start, end), accents and all."""
        first = self.origin[start]
        if end <= start:
            return first, first
        last = self.origin[end - 1] + 1
        while last < len(self.body) and _is_dropped(self.body[last]):
            last += 1
        return first, last
