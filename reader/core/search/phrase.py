"""Where a phrase or a set of words occurs in one text: the offsets snippets mark, the counts the
ranking needs.

The index finds the articles; the few it hands over (the results shown, and for phrases of
several words the candidates whose exact count decides their place) are read again here. A text
whose letters are all ASCII (most articles, whatever their punctuation) is searched lower-cased
with one regular expression, which there is exactly word-by-word comparison and far faster than
tokenising; other texts are tokenised and normalised word by word.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from reader.core.search.query import WORD_RE, normalise_word

#: A letter outside ASCII: texts without one can be lower-cased instead of normalised word by word.
NON_ASCII_WORD = re.compile(r"(?![\x00-\x7f])[^\W_]")
#: Beyond this many words, one alternation costs more to compile than tokenising saves.
_MAX_ALTERNATIVES = 300

#: (start, end, normalised word) of one word of a text.
Token = tuple[int, int, str]
#: (start, end, last word) of one occurrence of a phrase in a text.
Hit = tuple[int, int, str]


def tokens(text: str) -> list[Token]:
    """Every word of `text` with its offsets, normalised."""
    return [(m.start(), m.end(), normalise_word(m.group())) for m in WORD_RE.finditer(text)]


def _lowerable(text: str) -> bool:
    """Whether lower-casing `text` normalises its words (and keeps every offset)."""
    return text.isascii() or NON_ASCII_WORD.search(text) is None


def word_hits(text: str, words: Collection[str], prefixes: Collection[str] = ()) -> list[Token]:
    """(start, end, word) of every word of `text` (normalised) among `words`, or longer than one
    of `prefixes` and beginning with it, in order."""
    if not words and not prefixes:
        return []
    every = (*words, *prefixes)
    if len(every) <= _MAX_ALTERNATIVES and all(w.isascii() for w in every) and _lowerable(text):
        lowered = text.lower()
        pattern = _words_pattern(tuple(sorted(words)), tuple(sorted(prefixes)))
        return [
            (match.start(), match.end(), match.group())
            for match in pattern.finditer(lowered)
            if not match.start() or not lowered[match.start() - 1].isalnum()
        ]
    return [token for token in tokens(text) if _wanted(token[2], words, prefixes)]


def _wanted(word: str, words: Collection[str], prefixes: Collection[str]) -> bool:
    return word in words or any(
        len(word) > len(prefix) and word.startswith(prefix) for prefix in prefixes
    )


@lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...], prefixes: tuple[str, ...]) -> re.Pattern[str]:
    """The words, and the words longer than a prefix that begin with it, each up to the end of a
    word; that one starts a word is checked after (a look-behind first would keep `re` from
    skipping ahead to the words' first letters)."""
    alternatives = [re.escape(prefix) + r"[^\W_]+" for prefix in prefixes]
    alternatives.extend(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{'|'.join(alternatives)})(?![^\W_])")


def phrase_hits(text: str, words: Sequence[str], prefix: bool) -> list[Hit]:
    """Every occurrence of the phrase `words` in `text` (overlapping ones too); if `prefix`, its
    last word may be any word the last word typed begins."""
    if all(word.isascii() for word in words) and _lowerable(text):
        lowered = text.lower()  # same length: only ASCII letters change case here
        pattern = _pattern(tuple(words), prefix)
        found: list[Hit] = []
        match = pattern.search(lowered)
        while match is not None:  # restart one character on: overlapping occurrences count
            start = match.start()
            if start == 0 or not lowered[start - 1].isalnum():
                found.append((start, match.end(), match.group(1)))
            match = pattern.search(lowered, start + 1)
        return found
    return _token_hits(tokens(text), words, prefix)


def _token_hits(found: list[Token], words: Sequence[str], prefix: bool) -> list[Hit]:
    size = len(words)
    last = words[-1]
    hits: list[Hit] = []
    for position in range(len(found) - size + 1):
        if any(found[position + k][2] != words[k] for k in range(size - 1)):
            continue
        end = found[position + size - 1]
        if end[2] == last or (prefix and end[2].startswith(last)):
            hits.append((found[position][0], end[1], end[2]))
    return hits


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    """The words in a row, separated by anything that is not a word character, the last one
    captured (and completed if `prefix`); a leading literal lets `re` skip ahead fast."""
    last = re.escape(words[-1]) + (r"[^\W_]*" if prefix else "")
    head = "".join(re.escape(word) + r"[\W_]+" for word in words[:-1])
    return re.compile(rf"{head}({last})(?![^\W_])")
