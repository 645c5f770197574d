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

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby

import tantivy
from tantivy import Occur, Query

from reader.core.search.lexicon import Lexicon
from reader.core.search.query import (
    SECOND_FIELD_WEIGHT,
    STRONGER_SHARE,
    body_value,
    quantise,
)
from reader.core.search.schema import SCHEMA
from reader.core.search.terms import OTHER_FIELDS, PhrasePlan, Plan, WordPlan

#: Beyond this many completions alike, one regular expression matches them instead of terms.
FEW_WORDS = 64
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
    in_fields = [
        (found, weight * similarity)
        for name, weight in OTHER_FIELDS.items()
        for found, similarity in _field_groups(plan, lexicon, name)
    ]
    in_body = _body_groups(plan, lexicon)
    other_share = [constant(q, quantise(SECOND_FIELD_WEIGHT * v)) for q, v in in_fields]
    body_share = [constant(q, quantise(SECOND_FIELD_WEIGHT * v)) for q, v in in_body]
    stronger = [constant(q, quantise(STRONGER_SHARE * v)) for q, v in (*in_fields, *in_body)]
    parts = [best_of(part) for part in (other_share, body_share, stronger) if part]
    return any_of(parts) if parts else None


def _field_groups(plan: WordPlan, lexicon: Lexicon, field: str) -> list[tuple[Query, float]]:
    """(articles, similarity) for each set of `field`'s words `plan` means alike."""
    listed = lexicon.present(field, plan.in_fields)
    groups = [
        (words_in(field, words), similarity)
        for similarity, words in _grouped((word, plan.in_fields[word]) for word in listed).items()
    ]
    if plan.prefix:
        size = len(plan.prefix)
        longer = [word for word in lexicon.beginning(field, plan.prefix) if len(word) > size]
        alike = [longer] if plan.exact_completions else _by_length(longer)
        groups.extend(
            (_completing(field, plan.prefix, words), plan.completion(words[0]))
            for words in alike
            if words
        )
    return groups


def _by_length(words: list[str]) -> list[list[str]]:
    """`words` grouped by length (the similarity of a completion depends on nothing else)."""
    return [list(group) for _, group in groupby(sorted(words, key=len), key=len)]


def _body_groups(plan: WordPlan, lexicon: Lexicon) -> list[tuple[Query, float]]:
    """(articles, body value) for each set of (word, occurrence level) `plan` means alike."""
    values = _grouped(
        (f"{word}_{level}", body_value(similarity, level))
        for word, similarity in plan.in_bodies.items()
        for level in lexicon.levels(word)
    )
    groups = [(words_in("tf", terms), value) for value, terms in values.items()]
    if plan.bodies_complete:
        by_level: dict[tuple[float, int], list[str]] = {}
        for term in lexicon.beginning("tf", plan.prefix):
            word, _, number = term.rpartition("_")
            if plan.completes(word):
                by_level.setdefault((plan.completion(word), int(number)), []).append(word)
        for (similarity, level), words in by_level.items():
            found = _completing("tf", plan.prefix, words, f"_{level}")
            groups.append((found, body_value(similarity, level)))
    return groups


def _grouped(pairs: Iterable[tuple[str, float]]) -> dict[float, list[str]]:
    """Words grouped by the score they give."""
    grouped: dict[float, list[str]] = {}
    for word, value in pairs:
        grouped.setdefault(value, []).append(word)
    return grouped


def _completing(field: str, prefix: str, words: Sequence[str], suffix: str = "") -> Query:
    """Articles whose `field` holds one of `words` (completions of `prefix`, each followed by
    `suffix`): by term while they are few, else by one regular expression matching them all
    and only them: they are every completion of their length (or of any length), so any letters
    theirs are drawn from will do, and a class of the few letters they use compiles far faster
    than "any character" in Tantivy's UTF-8 automata."""
    if len(words) <= FEW_WORDS:
        return words_in(field, [word + suffix for word in words])
    size = len(prefix)
    letters = "".join(sorted({letter for word in words for letter in word[size:]}))
    lengths = {len(word) for word in words}
    repeat = f"{{{lengths.pop() - size}}}" if len(lengths) == 1 else "+"
    pattern = f"{re.escape(prefix)}[{_in_class(letters)}]{repeat}{re.escape(suffix)}"
    return Query.regex_query(SCHEMA, field, pattern)


def _in_class(letters: str) -> str:
    """`letters` written inside a regular expression's character class."""
    return "".join(f"\\{letter}" if letter in "\\]^-[" else letter for letter in letters)


def phrase_in(field: str, plan: PhrasePlan, lexicon: Lexicon) -> Query:
    """Articles whose `field` has the phrase (or, when its last word, still typed, begins too
    many words for one regular expression, its first words: a superset the text narrows)."""
    words: list[str | tuple[int, str]] = list(plan.words)
    if not plan.prefix:
        return Query.phrase_query(SCHEMA, field, words)
    if lexicon.beginning_at_least(field, plan.words[-1], MAX_ENDINGS):
        fixed = words[:-1]
        if len(fixed) == 1:
            return Query.term_query(SCHEMA, field, plan.words[0])
        return Query.phrase_query(SCHEMA, field, fixed)
    last = re.escape(plan.words[-1]) + ".*"
    return Query.regex_phrase_query(SCHEMA, field, [*words[:-1], last])


def phrase_clause(plan: PhrasePlan, lexicon: Lexicon) -> Query:
    """A phrase of several words: exact in the short fields, at most its bound in the body."""
    in_fields = {name: phrase_in(name, plan, lexicon) for name in OTHER_FIELDS}
    in_body = phrase_in("body", plan, lexicon)
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
