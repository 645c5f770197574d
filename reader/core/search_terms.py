"""Scoring one query term over the whole index, and finding its matches in one text.

A word term reaches the articles of every vocabulary word it may mean; a phrase term reaches the
articles holding all its words, and is then checked in their text, since positions are not kept
in the index. Both produce, per article, `combine(best non-body field, best body match)`: the
same formula an exhaustive scan would use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from reader.core.search import (
    BYLINE_WEIGHT,
    EXTRA_WEIGHT,
    MAX_TF,
    SOURCE_WEIGHT,
    TITLE_WEIGHT,
    Term,
    body_value,
    combine,
)
from reader.core.search_snippet import Occurrence

if TYPE_CHECKING:
    from reader.core.search_index import SearchIndex

#: Fields other than the body, strongest first (the order decides `SearchResult.field` on ties).
OTHER_FIELDS: dict[str, float] = {
    "title": TITLE_WEIGHT,
    "extra": EXTRA_WEIGHT,
    "source": SOURCE_WEIGHT,
    "byline": BYLINE_WEIGHT,
}


@dataclass(slots=True)
class TermScores:
    """What one query term scores in each article it reaches (cached across keystrokes)."""

    scores: dict[int, float]
    #: Articles whose strongest match for this term is not in the body, and that field.
    fields: dict[int, str] = field(default_factory=dict)
    #: Word ids the term matches in bodies / in the other fields (for snippets and spans).
    body_words: frozenset[int] = frozenset()
    other_words: frozenset[int] = frozenset()


@lru_cache(maxsize=1024)
def _body_table(similarity: float) -> tuple[float, ...]:
    """`body_value(similarity, tf)` for every tf: lets a posting list be scored in C."""
    return tuple(body_value(similarity, tf) for tf in range(MAX_TF + 1))


def word_scores(index: SearchIndex, word: str) -> TermScores:
    """Scores of a (fuzzy, prefix) word term in every article holding a word it may mean."""
    matches = index.vocabulary.matches(word)
    body: dict[int, float] = {}
    for word_id, _, similarity in matches:
        docs = index.body_docs.get(word_id)
        if similarity <= 0.0 or docs is None:
            continue
        values = map(_body_table(similarity).__getitem__, index.body_tfs[word_id])
        if not body:
            body = dict(zip(docs, values, strict=True))
            continue
        get = body.get
        for doc, value in zip(docs, values, strict=True):
            if value > get(doc, 0.0):
                body[doc] = value
    other: dict[int, float] = {}
    names: dict[int, str] = {}
    for name, weight in OTHER_FIELDS.items():
        postings = index.field_docs[name]
        for word_id, similarity, _ in matches:
            docs = postings.get(word_id)
            if similarity <= 0.0 or not docs:
                continue
            value = weight * similarity
            for doc in docs:
                if value > other.get(doc, 0.0):
                    other[doc] = value
                    names[doc] = name
    return _merge(
        body,
        other,
        names,
        frozenset(word_id for word_id, _, similarity in matches if similarity > 0.0),
        frozenset(word_id for word_id, similarity, _ in matches if similarity > 0.0),
    )


def phrase_scores(index: SearchIndex, term: Term) -> TermScores:
    """Scores of an exact phrase: every word, normalised, consecutive and in order."""
    ids = [index.vocabulary.ids.get(word) for word in term.words]
    if any(word_id is None for word_id in ids):
        return TermScores({})
    wanted = [word_id for word_id in ids if word_id is not None]
    body: dict[int, float] = {}
    if len(wanted) == 1:  # one exact word: its postings already say where and how often
        docs, tfs = index.body_docs.get(wanted[0], ()), index.body_tfs.get(wanted[0], ())
        body = dict(zip(docs, map(_body_table(1.0).__getitem__, tfs), strict=True))
    for doc in _holding_all(index.body_docs, wanted) - index.removed if len(wanted) > 1 else ():
        count = len(phrase_occurrences(index, index.body_text(doc), wanted))
        if count:
            body[doc] = body_value(1.0, count)
    other: dict[int, float] = {}
    names: dict[int, str] = {}
    for name, weight in OTHER_FIELDS.items():
        for doc in _holding_all(index.field_docs[name], wanted):
            texts = index.field_text(doc, name)
            if weight > other.get(doc, 0.0) and any(
                phrase_occurrences(index, text, wanted) for text in texts
            ):
                other[doc] = weight
                names[doc] = name
    return _merge(body, other, names, frozenset(wanted), frozenset(wanted))


def phrase_occurrences(index: SearchIndex, text: str, ids: Sequence[int]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the word-id sequence `ids` in `text`.

    A text whose letters are all ASCII (most articles, whatever their punctuation) is searched
    lower-cased with one regular expression, which is exactly word-by-word comparison there
    and far faster than tokenising; other texts are tokenised.
    """
    words = tuple(index.vocabulary.words[word_id] for word_id in ids)
    if all(word.isascii() for word in words) and (
        text.isascii() or _NON_ASCII_WORD.search(text) is None
    ):
        lowered = text.lower()  # same length: only ASCII letters change case here
        pattern = _phrase_pattern(words)
        spans: list[tuple[int, int]] = []
        match = pattern.search(lowered)
        while match is not None:  # restart one character on: overlapping occurrences count
            start = match.start()
            if start == 0 or not lowered[start - 1].isalnum():
                spans.append(match.span())
            match = pattern.search(lowered, start + 1)
        return spans
    tokens = index.tokens(text)
    found: list[tuple[int, int]] = []
    size = len(ids)
    first = ids[0]
    for position in range(len(tokens) - size + 1):
        if tokens[position][2] != first:
            continue
        if all(tokens[position + k][2] == ids[k] for k in range(1, size)):
            found.append((tokens[position][0], tokens[position + size - 1][1]))
    return found


#: Beyond this many words, one alternation costs more to compile than tokenising saves.
_MAX_ALTERNATIVES = 300
_NON_ASCII_WORD = re.compile(r"(?![\x00-\x7f])[^\W_]")


@lru_cache(maxsize=64)
def _phrase_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Every start of the words in a row, separated by anything that is not a word character
    (a lookahead, so overlapping occurrences count as a tokeniser would count them)."""
    body = r"[\W_]+".join(re.escape(word) for word in words)
    return re.compile(rf"{body}(?![^\W_])")  # a leading literal lets `re` skip ahead fast


@lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def _word_spans(index: SearchIndex, text: str, word_ids: frozenset[int]) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` among `word_ids`; by regular expression where that
    is exact (as for phrases), else by tokenising."""
    if not word_ids:
        return []
    if len(word_ids) <= _MAX_ALTERNATIVES and (
        text.isascii() or _NON_ASCII_WORD.search(text) is None
    ):
        words = tuple(index.vocabulary.words[word_id] for word_id in word_ids)
        if all(word.isascii() for word in words):
            return [match.span() for match in _words_pattern(words).finditer(text.lower())]
    return [(start, end) for start, end, word_id in index.tokens(text) if word_id in word_ids]


def field_occurrences(
    index: SearchIndex,
    text: str,
    terms: Sequence[Term],
    by_term: dict[Term, TermScores],
    *,
    body: bool,
) -> list[Occurrence]:
    """Every match of the query's terms in `text`, ordered, one per (start, end)."""
    found: dict[tuple[int, int], int] = {}
    for number, term in enumerate(terms):
        if term.phrase:
            ids = [index.vocabulary.ids.get(word) for word in term.words]
            if any(word_id is None for word_id in ids):
                continue
            spans = phrase_occurrences(index, text, [i for i in ids if i is not None])
        else:
            scores = by_term[term]
            spans = _word_spans(index, text, scores.body_words if body else scores.other_words)
        for span in spans:
            found.setdefault(span, number)
    return sorted((start, end, number) for (start, end), number in found.items())


def _holding_all(postings: Mapping[int, Sequence[int]], ids: Sequence[int]) -> set[int]:
    lists = sorted((postings.get(word_id, ()) for word_id in ids), key=len)
    held = set(lists[0])
    for docs in lists[1:]:
        held.intersection_update(docs)
    return held


def _merge(
    body: dict[int, float],
    other: dict[int, float],
    names: dict[int, str],
    body_words: frozenset[int],
    other_words: frozenset[int],
) -> TermScores:
    scores = body
    strongest: dict[int, str] = {}
    for doc, value in other.items():
        in_body = body.get(doc, 0.0)
        scores[doc] = combine(value, in_body)
        if value >= in_body:
            strongest[doc] = names[doc]
    return TermScores(scores, strongest, body_words, other_words)
