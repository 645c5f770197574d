"""The search panel's own promises: enter opens only a result of the query in the bar; an
index built while the library changed is brought up to date once it is done; an unchanged
library is not indexed again, only its notes are read again.

Each test holds back a thread (a search, a build) with an event, so what would be a race is
the same on every run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import reader.ui.search.index
from reader.core.library import load_article, load_index
from reader.core.search.index import SearchIndex
from reader.store.state import Store
from reader.ui.screens.main import MainScreen
from reader.ui.search.bar import SearchBar
from reader.ui.search.index import open_search_index
from reader.ui.search.panel import SearchPanel
from reader.ui.search.results import ResultList
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import seeds_app, settle

#: Seconds a held-back thread waits at most (a failing test must not hang the suite).
HOLD_LIMIT = 10


async def settle_until(pilot: Pilot[None], done: Callable[[], bool], rounds: int = 20) -> None:
    """Lets the app's workers finish and the screen redraw until `done()` holds."""
    for _ in range(rounds):
        if done():
            return
        await settle(pilot)
    raise AssertionError("the condition never came true")


async def test_enter_opens_only_a_result_of_the_query_in_the_bar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter pressed before the answer to the query in the bar arrived opens that answer's
    best result once it arrives, never one left on screen by an earlier query."""
    answers = threading.Event()
    answers.set()
    search = SearchIndex.search

    def held_back(index: SearchIndex, *args: Any, **kwargs: Any) -> Any:
        answers.wait(HOLD_LIMIT)
        return search(index, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", held_back)
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"yurts")
        results = app.screen.query_one(ResultList)
        await settle_until(pilot, lambda: results.current is not None)
        earlier = results.current
        assert earlier is not None
        answers.clear()  # the answers to what is typed next are held back
        await pilot.press("ctrl+shift+a", *"treaty", "enter")
        answers.set()
        reading = app.screen.query_one(ReadingPane)
        await settle_until(pilot, lambda: reading.article is not None)
        await settle(pilot)
        assert app.screen.query_one(SearchBar).value == "treaty"
        assert results.results and results.results[0].id != earlier.id
        assert reading.article is not None and reading.article.id == results.results[0].id


async def test_the_results_take_the_lists_place_with_their_first_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the first answer of a search is on its way the list stays (no empty or stale
    results panel is drawn meanwhile); the panel comes in with that answer; a search left
    before its answer came never shows the panel."""
    answers = threading.Event()
    search = SearchIndex.search

    def held_back(index: SearchIndex, *args: Any, **kwargs: Any) -> Any:
        answers.wait(HOLD_LIMIT)
        return search(index, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", held_back)
    answers.set()
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"yurts")  # the index is loaded; this search is done
        panel, results = app.screen.query_one(SearchPanel), app.screen.query_one(ResultList)
        listed = app.screen.query_one(ArticleList)
        await settle_until(pilot, lambda: results.current is not None)
        await pilot.press("escape", "slash")
        answers.clear()
        await pilot.press("t")
        await pilot.pause()
        assert listed.display and not panel.display
        answers.set()
        await settle_until(pilot, lambda: results.answer.query == "t")
        assert panel.display and not listed.display and results.current is not None
        answers.clear()
        await pilot.press("escape", "slash", "t", "escape")
        answers.set()
        await settle(pilot)
        assert listed.display and not panel.display and results.current is None


async def test_a_library_change_during_the_first_build_is_indexed_after_it(
    monkeypatch: pytest.MonkeyPatch, library: Path
) -> None:
    """The library is checked while the index is still being built: once that build is done,
    the index is built again with the checked library, so a new article is found."""
    build = threading.Event()
    built: list[int] = []
    open_index = reader.ui.search.index.open_index

    def held_back(articles: Any, *args: Any, **kwargs: Any) -> Any:
        build.wait(HOLD_LIMIT)
        built.append(len(articles))
        return open_index(articles, *args, **kwargs)

    monkeypatch.setattr(reader.ui.search.index, "open_index", held_back)
    app = seeds_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.library.stop()  # the change is handed to the panel here, not by the live watch
        await pilot.press("slash")  # the first build starts, and is held back
        (library / "late.md").write_text("# A late arrival\n\nAbout marzipan.\n")
        panel = app.screen.query_one(SearchPanel)
        panel.set_articles(load_index([library]).articles)
        panel.library_checked()
        build.set()
        await pilot.press(*"marzipan")
        results = app.screen.query_one(ResultList)
        await settle_until(pilot, lambda: bool(results.results))
        assert built == [2, 3]
        assert [result.title for result in results.results] == ["A late arrival"]


async def test_an_unchanged_library_is_not_indexed_again_but_its_notes_are_read_again(
    monkeypatch: pytest.MonkeyPatch, library: Path
) -> None:
    """The check finds the articles as they were: the index is kept (loading it again is
    seconds on a big library), and only the highlights and notes are read again."""
    built: list[int] = []
    open_index = reader.ui.search.index.open_index

    def counted(articles: Any, *args: Any, **kwargs: Any) -> Any:
        built.append(len(articles))
        return open_index(articles, *args, **kwargs)

    monkeypatch.setattr(reader.ui.search.index, "open_index", counted)
    app = seeds_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"marmalade")
        results = app.screen.query_one(ResultList)
        await settle_until(pilot, lambda: "Nothing found" in results.answer.message)
        meta = next(meta for meta in load_index([library]).articles if meta.title == "The convoy")
        body = load_article(meta).body
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.store.highlights.add(
            meta.id, body, 0, 20, note="marmalade", content_hash=meta.content_hash
        )
        screen.query_one(SearchPanel).library_checked()
        await settle_until(pilot, lambda: bool(results.results))
        assert [result.title for result in results.results] == ["The convoy"]
        assert built == [2]


def test_a_deleted_note_is_no_longer_found(library: Path, isolated_user: Path) -> None:
    meta = next(meta for meta in load_index([library]).articles if meta.title == "The convoy")
    with Store.open(isolated_user) as store:
        made = store.highlights.add(meta.id, load_article(meta).body, 0, 20, note="marmalade")
        index = open_search_index([meta], None, store, threading.Lock(), lambda _done: None)
        assert [result.id for result in index.answer("marmalade", 5).results] == [meta.id]
        store.highlights.delete(made.id)
        index.annotate(store)
        assert index.answer("marmalade", 5).results == []
