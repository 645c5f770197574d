"""A parsed query as a Tantivy query whose scores are exactly the formula of `query.py`.

Tantivy's own scores (BM25) are not ours, and its query strings have no fuzzy operator, so
every query is built here, in code, from constant scores: a term's score is `combine(other,
body)`, which `query.combine` writes as three parts, `SECOND_FIELD_WEIGHT` of the best
short-field match, the same share of the best body match, and `STRONGER_SHARE` of the better of
the two. Each part is the best of constant scores, one per (field, similarity) or (similarity,
occurrence level), which a disjunction-max query picks, and the three are added; the terms are
then added in a boolean query. Every constant is a multiple of 1/QUANTUM, so Tantivy's 32-bit
sums are exact, and its ranking is ours.

A phrase of several words cannot say in Tantivy how often it occurs (only that it does), so its
body part is scored at the most it could be: as often as the rarest of its words occurs there
(the levels of those words, summed as steps). The ranking reads the exact count from the text
of the few articles that may still make the results (`rank.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import tantivy
from tantivy import Occur, Query

from reader.core.search.engine import SCHEMA
from reader.core.search.lexicon import Lexicon
from reader.core.search.query import (
    SECOND_FIELD_WEIGHT,
    STRONGER_SHARE,
    body_value,
    quantise,
)
from reader.core.search.terms import OTHER_FIELDS, PhrasePlan, Plan, WordPlan

#: An open phrase whose last word begins more words than this is matched in Tantivy by its first
#: words only (the text decides the rest): one regular expression may not expand further.
MAX_ENDINGS = 4096


def constant(query: Query, score: float) -> Query:
    return Query.const_score_query(query, score)


def all_of(queries: Iterable[Query]) -> Query:
    return Query.boolean_query([(Occur.Must, query) for query in queries])


def any_of(queries: Sequence[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def best_of(queries: Sequence[Query]) -> Query:
    return queries[0] if len(queries) == 1 else Query.disjunction_max_query(queries)


def words_in(field: str, words: Iterable[str]) -> Query:
    """Articles whose `field` holds one of `words` (term queries: Tantivy's term-set query
    reads the whole term dictionary)."""
    return any_of([Query.term_query(SCHEMA, field, word) for word in words])


def word_clause(plan: WordPlan, lexicon: Lexicon) -> Query | None:
    """A word's score, `combine(best short-field match, best body match)`; None if it matches
    no indexed word."""
    other_share: list[Query] = []
    body_share: list[Query] = []
    stronger: list[Query] = []
    for name, weight in OTHER_FIELDS.items():
        grouped = _grouped(
            (word, plan.in_fields[word]) for word in lexicon.present(name, plan.in_fields)
        )
        for similarity, words in grouped.items():
            value = weight * similarity
            found = words_in(name, words)
            other_share.append(constant(found, quantise(SECOND_FIELD_WEIGHT * value)))
            stronger.append(constant(found, quantise(STRONGER_SHARE * value)))
    by_value = _grouped(
        (f"{word}_{level}", body_value(similarity, level))
        for word, similarity in plan.in_bodies.items()
        for level in lexicon.levels(word)
    )
    for value, terms in by_value.items():
        found = words_in("tf", terms)
        body_share.append(constant(found, quantise(SECOND_FIELD_WEIGHT * value)))
        stronger.append(constant(found, quantise(STRONGER_SHARE * value)))
    parts = [best_of(part) for part in (other_share, body_share, stronger) if part]
    return any_of(parts) if parts else None


def _grouped(pairs: Iterable[tuple[str, float]]) -> dict[float, list[str]]:
    """Words grouped by the score they give."""
    grouped: dict[float, list[str]] = {}
    for word, value in pairs:
        grouped.setdefault(value, []).append(word)
    return grouped


def phrase_in(field: str, plan: PhrasePlan) -> Query:
    """Articles whose `field` has the phrase (or, with too many possible last words, its first
    words: a superset the text narrows)."""
    words: list[str | tuple[int, str]] = list(plan.words)
    if not plan.prefix:
        return Query.phrase_query(SCHEMA, field, words)
    if len(plan.endings) > MAX_ENDINGS:
        fixed = words[:-1]
        if len(fixed) == 1:
            return Query.term_query(SCHEMA, field, plan.words[0])
        return Query.phrase_query(SCHEMA, field, fixed)
    return Query.regex_phrase_query(SCHEMA, field, [*words[:-1], f"{plan.words[-1]}.*"])


def phrase_clause(plan: PhrasePlan, lexicon: Lexicon) -> Query | None:
    """A phrase of several words: exact in the short fields, at most its bound in the body."""
    if not plan.endings:
        return None
    in_fields = {name: phrase_in(name, plan) for name in OTHER_FIELDS}
    in_body = phrase_in("body", plan)
    field_part = best_of(
        [constant(found, _field_part(OTHER_FIELDS[name])) for name, found in in_fields.items()]
    )
    in_no_field = Query.boolean_query(
        [(Occur.Must, Query.all_query()), *((Occur.MustNot, found) for found in in_fields.values())]
    )
    bounded = plan.words if not plan.prefix else plan.words[:-1]
    levels = {word: lexicon.levels(word) for word in set(bounded)}
    with_field = _body_steps(in_body, levels, with_stronger=False)
    alone = _body_steps(in_body, levels, with_stronger=True)
    return any_of(
        [
            Query.boolean_query([(Occur.Must, field_part), (Occur.Should, with_field)]),
            Query.boolean_query([(Occur.Must, constant(in_no_field, 0.0)), (Occur.Must, alone)]),
        ]
    )


def _field_part(weight: float) -> float:
    """A phrase's score from a short field of this weight, beyond the body's share."""
    return quantise(SECOND_FIELD_WEIGHT * weight) + quantise(STRONGER_SHARE * weight)


def _body_steps(
    in_body: Query, levels: Mapping[str, Sequence[int]], *, with_stronger: bool
) -> Query:
    """The body part of a phrase's score at its bound: a step for each occurrence level every
    word of `levels` (with the levels it has in some body) reaches: a phrase occurs no more
    often than its rarest word."""

    def part(level: int) -> float:
        if level == 0:
            return 0.0
        value = body_value(1.0, level)
        share = quantise(SECOND_FIELD_WEIGHT * value)
        return share + quantise(STRONGER_SHARE * value) if with_stronger else share

    steps: list[tuple[Occur, Query]] = [(Occur.Must, constant(in_body, part(1)))]
    reachable = min((max(found, default=0) for found in levels.values()), default=0)
    for level in range(2, reachable + 1):
        reached = all_of(
            words_in("tf", [f"{word}_{high}" for high in found if high >= level])
            for word, found in sorted(levels.items())
        )
        steps.append((Occur.Should, constant(reached, part(level) - part(level - 1))))
    return Query.boolean_query(steps)


def term_clause(plan: Plan, lexicon: Lexicon) -> Query | None:
    if isinstance(plan, WordPlan):
        return word_clause(plan, lexicon)
    return phrase_clause(plan, lexicon)


def ids_in(ids: Iterable[str]) -> Query:
    return Query.term_set_query(SCHEMA, "id", sorted(ids))


def everything() -> Query:
    return tantivy.Query.all_query()
