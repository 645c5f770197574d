"""The views' catalog: which articles each view shows, in which order, and that a change made
in place leaves it exactly as a fresh reading would."""

from __future__ import annotations

from dataclasses import replace

from reader.core.article import ArticleMeta
from reader.core.search.filters import filter_sets
from reader.core.shelf import ArticleState, Location, SortKey
from reader.ui.views import Catalog, View, place

METAS = [
    ArticleMeta(id=f"a{n}", path=f"/lib/{n}.md", title=title, date=date, words=words)
    for n, (title, date, words) in enumerate(
        [("Delta", "2025-01-01", 50), ("Alpha", "2024-01-01", 900), ("Charlie", None, 400)]
    )
]
STATES = {
    "a0": ArticleState("a0", added="2024-05-01", tags=("Go",), read=True),
    "a1": ArticleState("a1", location=Location.ARCHIVE, added="2024-06-01", tags=("go", "x")),
    "a2": ArticleState("a2", location=Location.TRASH, added="2024-05-01", bookmarked=True),
}


def titles(metas: list[ArticleMeta]) -> list[str]:
    return [meta.title for meta in metas]


def test_each_view_shows_its_articles_in_the_sort_asked() -> None:
    catalog = Catalog(METAS, STATES)
    assert titles(catalog.members(place("inbox"), SortKey.ADDED)) == ["Delta"]
    assert titles(catalog.members(place("archive"), SortKey.ADDED)) == ["Alpha"]
    assert titles(catalog.members(place("trash"), SortKey.ADDED)) == ["Charlie"]
    assert titles(catalog.members(place("all"), SortKey.ADDED)) == ["Alpha", "Delta", "Charlie"]
    assert titles(catalog.members(place("all"), SortKey.TITLE)) == ["Alpha", "Charlie", "Delta"]
    assert titles(catalog.members(place("all"), SortKey.LENGTH)) == ["Delta", "Charlie", "Alpha"]
    # A tag view (any spelling) and a saved search leave the Trash out.
    assert titles(catalog.members(View("tag", "GO"), SortKey.TITLE)) == ["Alpha", "Delta"]
    unread = View("search", "Unread", "is:unread")
    assert titles(catalog.members(unread, SortKey.TITLE)) == ["Alpha"]


def test_articles_added_together_keep_the_librarys_order() -> None:
    catalog = Catalog(METAS, {key: replace(s, added="2024-01-01") for key, s in STATES.items()})
    assert titles(catalog.members(place("all"), SortKey.ADDED)) == ["Delta", "Alpha", "Charlie"]


def test_a_change_in_place_matches_a_fresh_reading() -> None:
    catalog = Catalog(METAS, STATES)
    catalog.sets  # noqa: B018 (made before the change: it is updated, not made again)
    order = catalog.order(SortKey.TITLE)
    changes = {
        "a0": replace(STATES["a0"], location=Location.ARCHIVE, tags=(), read=False),
        "a2": replace(STATES["a2"], location=Location.INBOX, tags=("New",), highlights=2),
    }
    changed = catalog.with_states(changes)
    fresh = filter_sets(changed.states)
    sets = changed.sets
    assert (set(sets.read), set(sets.bookmarked), set(sets.highlighted)) == (
        set(fresh.read),
        set(fresh.bookmarked),
        set(fresh.highlighted),
    )
    assert dict(sets.located) == dict(fresh.located)
    assert {key: set(ids) for key, ids in sets.tagged.items() if ids} == {
        key: set(ids) for key, ids in fresh.tagged.items()
    }
    assert changed.order(SortKey.TITLE) is order  # moving and tagging never reorder
    assert titles(changed.members(place("inbox"), SortKey.TITLE)) == ["Charlie"]
    assert titles(changed.members(View("tag", "new"), SortKey.TITLE)) == ["Charlie"]
