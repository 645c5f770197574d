"""Choosing the best `limit` articles from the index's ranking, ties broken by title.

Tantivy returns hits best first, but ties in no order we can rely on, and the results must be
exactly the exhaustive ranking: best score first, then title (casefolded), then id. So hits are
read page by page until the page ends below the score of the `limit`-th best: every tie of that
score is then in hand, and the hits are ordered by score and by the first bytes of their titles
(a fast column Tantivy hands back for any hits), whole titles only where those bytes tie.

With a phrase of several words the index's scores are ceilings (`clauses.py`): each hit is then
scored exactly from its text, and reading stops once the next ceiling is below the `limit`-th
best exact score (Fagin's threshold, as the old in-memory ranking did).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

import tantivy

from reader.core.search.clauses import constant, ids_in
from reader.core.search.engine import Engine
from reader.core.search.schema import StoredArticle, title_order

#: Hits read beyond `limit` in the first page; later pages are four times the one before.
FIRST_PAGE_EXTRA = 8
#: Matches read in title order per result still wanted, to find those of a tie (`_ties_by_title`).
TIE_ROWS = 4
#: Matches read in title order first, to see how many of them tie (`_ties_by_title`).
TIE_PROBE = 16
#: With ceilings, the first page holds this many times `limit`: their query is the costly one
#: (a phrase), and each page runs it again.
CEILING_PAGES = 8
#: Exact score of a stored article, None when it does not match after all.
Exact = Callable[[StoredArticle], float | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """Which terms an article must match: all of `required`, and one of `any_of` if given."""

    required: tuple[int, ...]
    any_of: tuple[int, ...] = ()

    def accepts(self, values: Sequence[float]) -> bool:
        return all(values[n] > 0.0 for n in self.required) and (
            not self.any_of or any(values[n] > 0.0 for n in self.any_of)
        )


def mean_score(parts: Sequence[float]) -> float:
    """An article's score: the mean of its term scores (one formula for the ranking and the tests'
    reference; summed left to right, as `sum` may not on every Python)."""
    total = 0.0
    for part in parts:
        total += part
    return total / len(parts)


#: (score, address, the article if it was read)
_Found = tuple[float, tantivy.DocAddress, StoredArticle | None]


def best_articles(
    engine: Engine, query: tantivy.Query, terms: int, limit: int, exact: Exact | None = None
) -> list[tuple[float, StoredArticle]]:
    """(score, article) of the best `limit` articles for `query` (whose score is the sum of
    `terms` term scores), best first; `exact` scores the hits when the index's are ceilings.

    The first page holds a few more than `limit` (with ceilings, `CEILING_PAGES` times more);
    when that is not enough (a tie, or ceilings above the exact scores), each next page holds
    four times more."""
    found: list[_Found] = []
    page = limit + FIRST_PAGE_EXTRA if exact is None else limit * CEILING_PAGES
    read = 0
    while True:
        hits = engine.search(query, page, offset=read)
        read += len(hits)
        if exact is None:
            found.extend((score / terms, address, None) for score, address in hits)
        else:
            for _, address in hits:
                article = engine.stored(address)
                value = exact(article)
                if value is not None:
                    found.append((value, address, article))
        if len(hits) < page or not hits:
            break
        if len(found) >= limit:
            kth = sorted((item[0] for item in found), reverse=True)[limit - 1]
            if hits[-1][0] / terms < kth:
                break
            if exact is None and read == len(hits):
                ties = _ties_by_title(engine, query, terms, found, limit, kth)
                if ties is not None:
                    return _in_order(engine, ties, limit)
        page *= 4
    return _in_order(engine, found, limit)


def _ties_by_title(
    engine: Engine,
    query: tantivy.Query,
    terms: int,
    found: list[_Found],
    limit: int,
    kth: float,
) -> list[_Found] | None:
    """The first page ends in a tie at `kth`: every article scoring more is in `found`, and the
    rest of the best are the first in title order of those scoring `kth`. Read the matches in
    title order (Tantivy sorts by the `order` column without scoring) and score those few: if
    enough of them score `kth`, that is the answer (None if not: the tie is a small part of the
    matches, and reading by score is quicker: both ways give the same answer). Each row read in
    title order costs (its `order` text is handed back, about 0.1 ms), so they are read in
    pages: a first of at most `TIE_PROBE` rows, then as many as the rate of ties seen so far
    says are still needed (and a few more), up to `TIE_ROWS` rows per result wanted; when at
    that rate those would not hold enough (a query of one letter: a small part of its matches
    ties), reading by score is left to do at once."""
    above = [item for item in found if item[0] > kth]
    needed = limit - len(above)
    most = TIE_ROWS * needed
    tied: list[_Found] = []
    read, page = 0, min(most, TIE_PROBE, needed + FIRST_PAGE_EXTRA)
    while True:
        rows = engine.rows(query, page, offset=read)
        read += len(rows)
        tied.extend(_scoring(engine, query, terms, rows, kth))
        if len(tied) >= needed or len(rows) < page or read >= most:
            break  # enough, every match read, or as many as are worth reading
        if len(tied) * most < needed * read:
            return None  # at this rate, fewer than needed in `most` rows
        wanted = -(-(needed - len(tied)) * read // len(tied))  # at the rate seen, rounded up
        page = min(most - read, wanted + FIRST_PAGE_EXTRA)
    if len(tied) < needed and read >= most:
        return None
    return above + tied[:needed]


def _scoring(
    engine: Engine,
    query: tantivy.Query,
    terms: int,
    rows: list[tuple[str, tantivy.DocAddress]],
    kth: float,
) -> list[_Found]:
    """Those of `rows` (matches of `query`) that score `kth`, in their order."""
    ids = [key.rpartition("\x00")[2] for key, _ in rows]
    narrowed = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, query), (tantivy.Occur.Must, constant(ids_in(ids), 0.0))]
    )
    scores = {
        (address.segment_ord, address.doc): score / terms
        for score, address in engine.search(narrowed, len(ids))
    }
    return [
        (kth, address, None)
        for _, address in rows
        if scores.get((address.segment_ord, address.doc)) == kth
    ]


def in_title_order(engine: Engine, query: tantivy.Query, limit: int) -> list[StoredArticle]:
    """The first `limit` articles matching `query` in title order (every one scores the same)."""
    return [engine.stored(address) for _, address in engine.rows(query, limit)]


def _in_order(engine: Engine, found: list[_Found], limit: int) -> list[tuple[float, StoredArticle]]:
    """The best `limit` of `found`: by score, then title; whole titles compared where the first
    bytes of the titles tie."""
    if not found:
        return []
    if len(found) > limit:  # only those scoring at least the `limit`-th best can be chosen
        kth = sorted((item[0] for item in found), reverse=True)[limit - 1]
        found = [item for item in found if item[0] >= kth]
    keys = engine.keys([address for _, address, _ in found])
    ranked = sorted(zip(found, keys, strict=True), key=lambda pair: (-pair[0][0], pair[1]))
    chosen: list[tuple[float, StoredArticle]] = []
    for _, group in groupby(ranked, key=lambda pair: (pair[0][0], pair[1])):
        items = [item for item, _ in group]
        articles = [article or engine.stored(address) for _, address, article in items]
        if len(articles) > 1:
            articles.sort(key=lambda article: title_order(article.title, article.id))
        chosen.extend((items[0][0], article) for article in articles)
        if len(chosen) >= limit:
            break
    return chosen[:limit]
