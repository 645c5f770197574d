"""A first run over a library: the list appears with the first files read and fills in; reading,
searching and quitting work meanwhile; a damaged index is built again, with a notice."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.core.library import load_index, parallel
from reader.core.library.parallel import Job, Outcome
from reader.core.shelf import ArticleState, Location
from reader.store.dirs import index_cache_path
from reader.ui.search.results import ResultList
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import seeds_app, settle, text_of, wait_until
from tests.ui.pilot_steps import drawn_toasts

COUNT = 120
#: Files handed over per chunk while reading here (the first chunk is what the list shows).
CHUNK = 10


def many(folder: Path, count: int = COUNT) -> Path:
    folder.mkdir(parents=True)
    for number in range(count):
        body = " ".join(f"harbour{number}" if i == 3 else "word" for i in range(60))
        (folder / f"{number:04d}.txt").write_text(
            f"Article number {number}\n\nMarch {1 + number % 28}, 2020\n\n{body}.\n"
        )
    return folder


class Gate:
    """Holds the reading of files back after the first chunk, until `open` (or the worker that
    reads is cancelled: the app quits)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = threading.Event()
        self.chunks = 0
        real = parallel.read_chunk

        def held(jobs: list[Job]) -> list[Outcome]:
            self.chunks += 1
            if self.chunks > 1:
                from textual.worker import get_current_worker

                worker = get_current_worker()
                while not self.opened.wait(0.05) and not worker.is_cancelled:
                    pass
            return real(jobs)

        monkeypatch.setattr(parallel, "read_chunk", held)
        monkeypatch.setattr(parallel, "CHUNK", CHUNK)
        monkeypatch.setattr("reader.core.library.index.PARTIAL_EVERY", 0.0)

    def open(self) -> None:
        self.opened.set()


async def test_the_list_fills_in_and_can_be_read_and_searched_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = many(tmp_path / "lib")
    gate = Gate(monkeypatch)
    app = seeds_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = app.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: len(article_list.articles) == CHUNK, "the first files")
        first = article_list.current
        assert first is not None
        await pilot.press("enter")
        reading = app.screen.query_one(ReadingPane)
        await wait_until(pilot, lambda: reading.article is not None, "the article to open")
        assert reading.article is not None and reading.article.id == first.id
        await pilot.press("escape", "slash", *"harbour3")
        results = app.screen.query_one(ResultList)
        await wait_until(pilot, lambda: results.results, "results from what is indexed so far")
        assert [hit.title for hit in results.results] == ["Article number 3"]
        await pilot.press("escape")
        gate.open()
        await wait_until(pilot, lambda: len(article_list.articles) == COUNT, "every file")
        await settle(pilot)
        assert article_list.current is not None and article_list.current.id == first.id


async def test_quitting_while_a_first_run_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = many(tmp_path / "lib")
    Gate(monkeypatch)  # never opened: only quitting ends the reading
    app = seeds_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = app.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: len(article_list.articles) == CHUNK, "the first files")
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, "the app to quit")
    assert not index_cache_path().exists()  # a first run cut short leaves no half index


async def test_quitting_while_the_pool_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same with the process pool at work: quitting stops it."""
    folder = many(tmp_path / "lib", 600)
    monkeypatch.setattr(parallel, "POOL_FROM", 20)
    monkeypatch.setattr("reader.core.library.index.PARTIAL_EVERY", 0.0)
    app = seeds_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        article_list = app.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: article_list.articles, "the first files")
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, "the app to quit")
    assert len(load_index([folder]).articles) == 600


async def test_a_damaged_index_is_built_again_with_a_notice(tmp_path: Path) -> None:
    folder = many(tmp_path / "lib", 5)
    cache = index_cache_path()
    load_index([folder], cache)
    cache.write_bytes(cache.read_bytes()[:-40])  # cut short
    app = seeds_app(folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        assert len(article_list.articles) == 5
        toasts = " ".join(await drawn_toasts(pilot)).replace("\n", " ")
        assert "damaged; it is being built again" in toasts
        assert "Article number 4" in text_of(article_list)
    assert load_index([folder], cache).note == ""


async def test_the_first_screen_does_not_wait_for_every_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user: Path
) -> None:
    """The list is drawn from where each article is (its count right, the archived left out,
    the first rows' tags shown) while every article's state is still being read; once read,
    nothing moves under the cursor."""
    from reader.store import library as store_library
    from reader.store.state import Store

    folder = many(tmp_path / "lib", 30)
    ids = [meta.id for meta in load_index([folder]).articles]
    with Store.open(isolated_user) as store:
        store.library.register(ids)
        store.library.move(ids[:1], Location.ARCHIVE)
        store.tags.tag(ids[1:2], ["harbours"])
    released = threading.Event()
    real = store_library.Library.states

    def held(self: store_library.Library) -> dict[str, ArticleState]:
        released.wait(120)  # (the app quits before that: the test failed)
        return real(self)

    monkeypatch.setattr(store_library.Library, "states", held)
    app = seeds_app(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        articles = app.screen.query_one(ArticleList)
        await wait_until(pilot, lambda: "Inbox · 29" in str(articles.border_title), "the list")
        assert "#harbours" in text_of(articles)  # (the first rows' states are read whole)
        assert not app.screen.shelf.ready
        await pilot.press("j")
        chosen = articles.current
        released.set()
        await settle(pilot)
        assert app.screen.shelf.ready and articles.current == chosen
        assert "Inbox · 29" in str(articles.border_title)
