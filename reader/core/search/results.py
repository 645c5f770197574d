"""Turning a ranked article into what people see: its snippet, the matches to mark, the field.

Only the `limit` articles shown get here, so their texts are read again (re-tokenised, or
searched with one regular expression where that is exact) instead of keeping every word
position in the index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from reader.core.search.corpus import Corpus
from reader.core.search.phrase import phrase_spans
from reader.core.search.query import Query, SearchResult, Term, display_score
from reader.core.search.snippet import Occurrence, make_snippet, opening
from reader.core.search.terms import NON_ASCII_WORD, OTHER_FIELDS, TermScores, strongest_field

#: Beyond this many words, one alternation costs more to compile than tokenising saves.
_MAX_ALTERNATIVES = 300
_FIELD_ORDER = (*OTHER_FIELDS, "body")


def make_result(
    index: Corpus, doc: int, value: float, parsed: Query, by_term: Mapping[Term, TermScores]
) -> SearchResult:
    title = index.titles[doc]
    article_id = index.ids[doc]
    assert article_id is not None
    body = index.body_text(doc)
    occurrences = field_occurrences(index, body, parsed.terms, by_term, body=True)
    snippet, spans, offset = make_snippet(body, occurrences)
    strongest = "body"
    for term in parsed.terms:
        name = strongest_field(index, by_term[term], doc)
        if name is not None and _FIELD_ORDER.index(name) < _FIELD_ORDER.index(strongest):
            strongest = name
    if strongest == "extra" and not occurrences:
        snippet, spans = _extra_snippet(index, doc, parsed, by_term)
    elif not occurrences:
        snippet = opening(body)
    title_occurrences = field_occurrences(index, title, parsed.terms, by_term, body=False)
    return SearchResult(
        id=article_id,
        title=title,
        score=display_score(value),
        snippet=snippet,
        snippet_spans=spans,
        offset=offset,
        match_offsets=tuple((start, end) for start, end, _ in occurrences),
        field=strongest,
        title_spans=tuple((start, end) for start, end, _ in title_occurrences),
    )


def _extra_snippet(
    index: Corpus, doc: int, parsed: Query, by_term: Mapping[Term, TermScores]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    best: tuple[str, list[Occurrence]] = ("", [])
    for text in index.extras.get(doc, ()):
        found = field_occurrences(index, text, parsed.terms, by_term, body=False)
        if len(found) > len(best[1]):
            best = (text, found)
    snippet, spans, _ = make_snippet(best[0], best[1])
    return snippet, spans


def field_occurrences(
    index: Corpus,
    text: str,
    terms: Sequence[Term],
    by_term: Mapping[Term, TermScores],
    *,
    body: bool,
) -> list[Occurrence]:
    """Every match of the query's terms in `text`, ordered, one per (start, end)."""
    found: dict[tuple[int, int], int] = {}
    for number, term in enumerate(terms):
        if term.phrase:
            spans = phrase_spans(index, text, term)
        else:
            scores = by_term[term]
            spans = _word_spans(index, text, scores.body_words if body else scores.other_words)
        for span in spans:
            found.setdefault(span, number)
    return sorted((start, end, number) for (start, end), number in found.items())


@lru_cache(maxsize=64)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words, each up to the end of a word; that one starts a word is checked after (a
    look-behind first would keep `re` from skipping ahead to the words' first letters)."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?![^\W_])")


def _word_spans(index: Corpus, text: str, word_ids: frozenset[int]) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` among `word_ids`; by regular expression where that
    is exact (the text's letters are all ASCII, so lower-casing is normalising), else by
    tokenising."""
    if not word_ids:
        return []
    if len(word_ids) <= _MAX_ALTERNATIVES and (
        text.isascii() or NON_ASCII_WORD.search(text) is None
    ):
        words = tuple(index.vocabulary.words[word_id] for word_id in word_ids)
        if all(word.isascii() for word in words):
            lowered = text.lower()
            return [
                match.span()
                for match in _words_pattern(words).finditer(lowered)
                if not match.start() or not lowered[match.start() - 1].isalnum()
            ]
    return [(start, end) for start, end, word_id in index.tokens(text) if word_id in word_ids]
