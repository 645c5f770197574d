"""`allowed_ids` (the fast path views use) keeps exactly what `FilterSets.keeps` (the search
engine's path) keeps, for every combination of filters."""

from __future__ import annotations

import itertools

from reader.core.search.filters import allowed_ids, filter_sets
from reader.core.search.query import parse_query
from reader.core.shelf import ArticleState, Location

STATES = {
    "a": ArticleState("a", Location.ARCHIVE, read=True, tags=("Go",), highlights=1),
    "b": ArticleState("b", Location.TRASH, tags=("go", "Rust"), bookmarked=True),
    "c": ArticleState("c", Location.DELETED, read=True),
    "d": ArticleState("d", tags=("Rust",), highlights=2, bookmarked=True),
}
IDS = ["a", "b", "c", "d", "never-seen"]
FILTERS = [
    "tag:go", "-tag:rust", "in:inbox", "in:archive", "-in:trash", "is:read", "is:unread",
    "-is:read", "is:bookmarked", "-is:highlighted", "tag:nobody",
]  # fmt: skip


def test_the_fast_path_agrees_with_keeps() -> None:
    sets = filter_sets(STATES)
    for size in (1, 2, 3):
        for combination in itertools.combinations(FILTERS, size):
            query = parse_query(" ".join(combination))
            slow = [key for key in IDS if sets.allows(query.filters, key)]
            assert allowed_ids(query, sets, IDS) == slow, combination
