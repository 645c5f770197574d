"""The search filters resolved against the library: which articles `tag:`, `in:` and `is:` keep.

`reader.core.search.query` parses a filter into a plain term (`tag:go`, `-in:trash`, `unread`);
what a term keeps depends on the user's library state, which the caller reads from the store
(`store.library.states()`) and hands in here. The core stays store-free, and the search engine
only ever asks `FilterSets.keeps`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from reader.core.search.query import FilterSets, Query
from reader.core.shelf import ArticleState, Location, tag_key


def filter_sets(states: Mapping[str, ArticleState]) -> FilterSets:
    """What every filter keeps, from the state of each article the store knows (an article it
    does not know is in the Inbox, unread, untagged and unannotated)."""
    bookmarked: set[str] = set()
    highlighted: set[str] = set()
    read: set[str] = set()
    tagged: dict[str, set[str]] = {}
    located: dict[str, str] = {}
    for article_id, state in states.items():
        if state.bookmarked:
            bookmarked.add(article_id)
        if state.highlights:
            highlighted.add(article_id)
        if state.read:
            read.add(article_id)
        if state.location is not Location.INBOX:
            located[article_id] = str(state.location)
        for name in state.tags:
            tagged.setdefault(tag_key(name), set()).add(article_id)
    return FilterSets(bookmarked, highlighted, read, tagged, located)


def allowed_ids(query: Query, sets: FilterSets, article_ids: Iterable[str]) -> list[str]:
    """The articles of `article_ids` (in their order) that every filter of `query` keeps."""
    terms = query.filters
    return [article_id for article_id in article_ids if sets.allows(terms, article_id)]


def in_library_scope(query: Query) -> Query:
    """`query` as a search of the library reads it: the Trash only when it asks for it
    (`in:trash`), and articles whose trash was emptied never (`-in:deleted`).

    An empty query stays empty (it finds nothing, as before).
    """
    if query.is_empty:
        return query
    scope = {"-in:deleted"}
    if not any(term.startswith("in:") for term in query.filters):
        scope.add("-in:trash")
    return replace(query, filters=query.filters | scope)
