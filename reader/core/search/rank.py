"""Choosing the best `limit` articles without scoring every article that matches.

At 100,000 articles a common word is in nearly every one, so scoring every match of a query
costs more than a keystroke may. Each term lists its articles best first (`TermScores.stream`:
its field matches, then its body postings from the best word and the most occurrences down),
each group with a ceiling. The lists are read side by side; every article met is scored in full
(each term answers for any article in O(1)), and reading stops as soon as the worst of the
best `limit` beats the mean of the ceilings still ahead, which no article not yet met can reach
(Fagin's threshold algorithm). Ties are broken by title, as the exhaustive ranking does, so the
result is exactly the exhaustive one.

A term with no articles left ends the search at once when every result must match it, so a
required term with fewer postings left than the group the ceilings would read next is read to
its end instead (`article 04242`: one article, rather than the 100,000 titles saying "article").
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import chain

from reader.core.search.terms import TermScores

#: Filters keeping at most this many articles are scored article by article, without the lists.
SMALL_SET = 4096


@dataclass(frozen=True, slots=True)
class Rule:
    """Which terms an article must match: all of `required`, and one of `any_of` if given."""

    required: tuple[int, ...]
    any_of: tuple[int, ...] = ()

    def accepts(self, values: Sequence[float]) -> bool:
        return all(values[n] > 0.0 for n in self.required) and (
            not self.any_of or any(values[n] > 0.0 for n in self.any_of)
        )

    def every_term(self, count: int) -> bool:
        return not self.any_of and len(self.required) == count


def mean_score(parts: Sequence[float]) -> float:
    """An article's score: the mean of its term scores (one formula for the ranking and the tests'
    reference; summed left to right, as `sum` may not on every Python)."""
    total = 0.0
    for part in parts:
        total += part
    return total / len(parts)


def best_documents(
    terms: Sequence[TermScores],
    rule: Rule,
    limit: int,
    rank: Sequence[int],
    skip: Collection[int],
    allowed: Collection[int] | None = None,
) -> list[tuple[float, int]]:
    """(mean score, document) of the best `limit` documents, best first; ties in title order
    (`rank`). `skip` are removed documents; `allowed`, if given, the only ones wanted."""
    ranking = _Ranking(terms, rule, limit, rank, skip, allowed)
    if allowed is not None and len(allowed) <= SMALL_SET:
        ranking.visit(allowed)
    else:
        ranking.run()
    return ranking.result()


class _Ranking:
    def __init__(
        self,
        terms: Sequence[TermScores],
        rule: Rule,
        limit: int,
        rank: Sequence[int],
        skip: Collection[int],
        allowed: Collection[int] | None,
    ) -> None:
        self.terms = terms
        self.rule = rule
        self.limit = limit
        self.rank = rank
        self.skip = skip
        self.allowed = allowed
        self.heap: list[tuple[float, int, int]] = []  # (score, -rank, doc): the worst on top
        self.seen: set[int] = set()

    def run(self) -> None:
        streams = [term.stream for term in self.terms]
        positions = [0] * len(streams)
        left = [term.size for term in self.terms]  # postings not read yet, per term
        must_end = set(self.rule.required)
        while True:
            ceilings = [
                stream[at][0] if at < len(stream) else 0.0
                for stream, at in zip(streams, positions, strict=True)
            ]
            if len(self.heap) >= self.limit and self.heap[0][0] > mean_score(ceilings):
                return
            open_terms = [n for n, stream in enumerate(streams) if positions[n] < len(stream)]
            if not open_terms or any(n not in open_terms for n in must_end):
                return  # nothing left, or no article left can match every required term
            if self.rule.any_of and not any(n in open_terms for n in self.rule.any_of):
                return
            chosen = max(open_terms, key=ceilings.__getitem__)
            ahead = sum(len(docs) for docs in streams[chosen][positions[chosen]][1])
            shortest = min(must_end, key=left.__getitem__, default=None)
            if shortest is not None and left[shortest] < ahead:
                chosen = shortest  # reading it to its end is cheaper, and ends the search
            ceiling, lists, exact = streams[chosen][positions[chosen]]
            positions[chosen] += 1
            left[chosen] -= sum(len(docs) for docs in lists)
            if len(self.terms) > 1:
                self.visit(chain.from_iterable(lists))
            elif exact:
                self._visit_tied(ceiling, lists)
            else:  # field matches: those without a body match all score the same
                self._visit_field_group(lists)

    def visit(self, docs: Collection[int] | chain[int]) -> None:
        """Score every document of `docs` not met before."""
        seen, skip, allowed = self.seen, self.skip, self.allowed
        lookups = [(term.table, term.other_codes, term.body_codes) for term in self.terms]
        accepts, rank, heap, limit = self.rule.accepts, self.rank, self.heap, self.limit
        count = len(lookups)
        every = self.rule.every_term(count)
        for doc in docs:
            if doc in seen:
                continue
            seen.add(doc)
            if doc in skip or (allowed is not None and doc not in allowed):
                continue
            values = [table[other[doc]][body[doc]] for table, other, body in lookups]
            if (0.0 in values) if every else not accepts(values):
                continue
            key = (mean_score(values), -rank[doc], doc)
            if len(heap) < limit:
                heapq.heappush(heap, key)
            elif key > heap[0]:
                heapq.heapreplace(heap, key)

    def _visit_field_group(self, lists: tuple[Sequence[int], ...]) -> None:
        """A single term's group of field matches of one value: the new documents whose body
        does not match score that value, so they are tied; the others are scored one by one."""
        [term] = self.terms
        fresh = set().union(*lists)
        fresh -= self.seen
        codes = term.body_codes
        in_body = [doc for doc in fresh if codes[doc]]
        self.visit(in_body)
        fresh.difference_update(in_body)
        if fresh:
            doc = next(iter(fresh))
            self._visit_tied(term.value(doc), (), fresh)

    def _visit_tied(
        self, value: float, lists: tuple[Sequence[int], ...], fresh: set[int] | None = None
    ) -> None:
        """A single term's group whose new documents all score `value`: only the first in title
        order can make the results, so the rest are not ranked one by one."""
        if fresh is None:
            fresh = set().union(*lists)
            fresh -= self.seen
        self.seen |= fresh
        fresh.difference_update(self.skip)
        if self.allowed is not None:
            fresh.intersection_update(self.allowed)
        heap, rank = self.heap, self.rank
        for doc in heapq.nsmallest(self.limit, fresh, key=rank.__getitem__):
            key = (value, -rank[doc], doc)
            if len(heap) < self.limit:
                heapq.heappush(heap, key)
            elif key > heap[0]:
                heapq.heapreplace(heap, key)
            else:
                break

    def result(self) -> list[tuple[float, int]]:
        return [(score, doc) for score, _, doc in sorted(self.heap, reverse=True)]
