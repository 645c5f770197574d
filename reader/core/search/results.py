"""Turning a ranked article into what people see: its snippet, the matches to mark, the field.

Only the `limit` articles shown get here, so their stored texts are read again (searched with
one regular expression where that is exact, else tokenised) instead of keeping every position;
a typo or a completion is marked as the word it matched in the text, which Tantivy's own
snippets cannot do.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.search.query import Query, SearchResult, display_score
from reader.core.search.schema import StoredArticle
from reader.core.search.snippet import Occurrence, make_snippet, opening
from reader.core.search.terms import OTHER_FIELDS, Plan, Scored, field_spans

_FIELD_ORDER = (*OTHER_FIELDS, "body")


def score_terms(article: StoredArticle, plans: Sequence[Plan]) -> list[Scored]:
    """Each term of a query in one article."""
    return [Scored.of(plan, article) for plan in plans]


def make_result(
    article: StoredArticle, value: float, parsed: Query, plans: Sequence[Plan]
) -> SearchResult:
    """What the results list shows of `article` for the query `parsed` (its terms' `plans`)."""
    scored = score_terms(article, plans)
    occurrences = _occurrences(scored)
    body = article.body
    snippet, spans, offset = make_snippet(body, occurrences)
    strongest = "body"
    for term in scored:
        name = term.strongest
        if name is not None and _FIELD_ORDER.index(name) < _FIELD_ORDER.index(strongest):
            strongest = name
    if strongest == "extra" and not occurrences:
        snippet, spans = _extra_snippet(article, plans)
    elif not occurrences:
        snippet = opening(body)
    title_occurrences = _in_short_text(article.title, plans)
    return SearchResult(
        id=article.id,
        title=article.title,
        score=display_score(value),
        snippet=snippet,
        snippet_spans=spans,
        offset=offset,
        match_offsets=tuple((start, end) for start, end, _ in occurrences),
        field=strongest if parsed.terms else "body",
        title_spans=tuple((start, end) for start, end, _ in title_occurrences),
    )


def _occurrences(scored: Sequence[Scored]) -> list[Occurrence]:
    """Every match of the terms in the body, ordered, one per (start, end): the first term
    claiming a span keeps it."""
    found: dict[tuple[int, int], int] = {}
    for number, term in enumerate(scored):
        for span in term.spans:
            found.setdefault(span, number)
    return sorted((start, end, number) for (start, end), number in found.items())


def _in_short_text(text: str, plans: Sequence[Plan]) -> list[Occurrence]:
    found: dict[tuple[int, int], int] = {}
    for number, plan in enumerate(plans):
        for span in field_spans(plan, text):
            found.setdefault(span, number)
    return sorted((start, end, number) for (start, end), number in found.items())


def _extra_snippet(
    article: StoredArticle, plans: Sequence[Plan]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    best: tuple[str, list[Occurrence]] = ("", [])
    for text in article.extras:
        found = _in_short_text(text, plans)
        if len(found) > len(best[1]):
            best = (text, found)
    snippet, spans, _ = make_snippet(best[0], best[1])
    return snippet, spans
