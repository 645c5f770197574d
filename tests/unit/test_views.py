"""The views' catalog: which articles each view shows, in which order, and that a change made
in place leaves it exactly as a fresh reading would."""

from __future__ import annotations

from msgspec.structs import replace

from reader.core.article import ArticleMeta
from reader.core.library.records import article_line
from reader.core.library.view import Articles, Joined, Picked
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

HEX_METAS = [
    ArticleMeta(id=f"{n:012x}", path=f"/lib/{n}.md", title=title)
    for n, title in enumerate(["Zero", "One", "Two"])
]


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


def test_the_first_screens_catalog_matches_the_complete_one() -> None:
    """Made from the places alone, the first view shows the rows the complete catalog shows,
    and reads the full state of its first rows only."""
    complete = Catalog(METAS, STATES)
    located = {key: (state.location, state.added) for key, state in STATES.items()}
    asked: list[list[str]] = []

    def states_of(ids: list[str]) -> dict[str, ArticleState]:
        asked.append(ids)
        return {key: STATES[key] for key in ids}

    first = Catalog.first(METAS, located, place("all"), 2, states_of)
    assert asked == [["a1", "a0"]]
    assert first.partial and set(first.states) == {"a1", "a0"}
    for kind in ("inbox", "archive", "trash", "all"):
        shown = first.members(place(kind), SortKey.ADDED)
        assert shown.ids() == complete.members(place(kind), SortKey.ADDED).ids()
    # A change made meanwhile moves its article, and only it.
    moved = first.with_states({"a1": replace(STATES["a1"], location=Location.INBOX)})
    assert titles(list(moved.members(place("inbox"), SortKey.ADDED))) == ["Alpha", "Delta"]
    assert titles(list(moved.members(place("trash"), SortKey.ADDED))) == ["Charlie"]


def test_rows_are_decoded_only_when_asked_for() -> None:
    """A view hands the list positions: its ids are known without decoding a row."""
    lines = [article_line(meta, (1, 1)) for meta in HEX_METAS]
    articles = Articles(lines)
    joined = Joined(articles, [ArticleMeta(id="gone", path="", title="Missing")])
    picked = Picked(joined, joined.ids(), [3, 0])
    assert picked.ids() == ["gone", HEX_METAS[0].id]
    assert articles.decoded == 0
    assert [meta.title for meta in picked] == ["Missing", "Zero"]
    assert articles.decoded == 1
    assert picked.same_rows(Picked(joined, joined.ids(), [3, 0]))
    assert not picked.same_rows(Picked(joined, joined.ids(), [0, 3]))
    assert picked == [joined[3], joined[0]]


def test_the_first_rows_kept_show_the_inbox_as_kept_and_no_other_view_yet() -> None:
    inbox = [ArticleState(f"a{n}", added="2024-05-01") for n in range(3)]
    states = {state.article_id: state for state in inbox}
    catalog = Catalog.kept(METAS, ["a2", "gone", "a0"], states, 40)
    inbox_view = place("inbox")
    assert [meta.id for meta in catalog.members(inbox_view, SortKey.ADDED)] == ["a2", "gone", "a0"]
    assert "gone" in catalog.missing  # a missing file's row, as the complete catalog shows it
    assert catalog.count(inbox_view, SortKey.ADDED) == 40
    assert titles(catalog.members(place("archive"), SortKey.ADDED)) == []
    all_titles = ["Charlie", "Delta", "Missing article gone"]  # (the rows kept alone)
    assert titles(catalog.members(place("all"), SortKey.TITLE)) == all_titles
    archived = {"a0": replace(states["a0"], location=Location.ARCHIVE)}
    after = catalog.with_states(archived)  # the user's own change, before every state is read
    assert [meta.id for meta in after.members(inbox_view, SortKey.ADDED)] == ["a2", "gone"]
    assert after.count(inbox_view, SortKey.ADDED) == 39
    assert titles(after.members(place("archive"), SortKey.ADDED)) == ["Delta"]
    full = after.renewed(METAS, STATES, frozenset())  # every state read: nothing kept of it
    assert not full.first_rows_only and full.count(inbox_view, SortKey.ADDED) == 1
