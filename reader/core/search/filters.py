"""The search filters resolved against the library: which articles `tag:`, `in:` and `is:` keep.

`reader.core.search.query` parses a filter into a plain term (`tag:go`, `-in:trash`, `unread`);
what a term keeps depends on the user's library state, which the caller reads from the store
(`store.library.states()`) and hands in here. The core stays store-free, and the search engine
only ever asks `FilterSets.keeps`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.core.search.query import FilterSets, Query
from reader.core.shelf_names import Location, tag_key

if TYPE_CHECKING:  # (the records bring msgspec: a search of places only does without)
    from reader.core.shelf import ArticleState


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
    """The articles of `article_ids` (in their order) that every filter of `query` keeps.

    Each filter is turned into one membership test first, so a view of 50,000 articles is
    filtered in a few milliseconds (the search engine asks `FilterSets.keeps` instead).
    """
    kept = list(article_ids)
    for term in sorted(query.filters):
        keeps = _membership(sets, term)
        kept = [article_id for article_id in kept if keeps(article_id)]
    return kept


def _membership(sets: FilterSets, term: str) -> Callable[[str], bool]:
    """A fast test of what `sets.keeps(term, …)` answers."""
    negated = term.startswith("-")
    name = term.removeprefix("-")
    if name.startswith("in:"):
        place, where = name[3:], sets.located.get
        if negated:
            return lambda article_id: where(article_id, "inbox") != place
        return lambda article_id: where(article_id, "inbox") == place
    if name.startswith("tag:"):
        ids: Collection[str] = sets.tagged.get(name[4:], frozenset())
    elif name == "unread":
        ids, negated = sets.read, not negated
    else:
        ids = getattr(sets, name)
    members = ids if isinstance(ids, (set, frozenset, dict)) else set(ids)
    if negated:
        return lambda article_id: article_id not in members
    return members.__contains__


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
