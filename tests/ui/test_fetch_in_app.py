"""Imported articles in the app: listed at once as "not fetched yet", fetched in the background
with a bar and counts, and left for later when the app quits."""

from __future__ import annotations

import os
import time
from pathlib import Path

from reader.cli.main import main
from reader.store.state import Store
from reader.ui.app import build_app
from reader.ui.fetching import BackgroundFetch
from reader.ui.ingest import RefreshProgress
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from tests.imports.conftest import article_page
from tests.ingest.server import LocalSite, Route
from tests.ui.helpers import text_of, wait_until


def imported(site: LocalSite, tmp_path: Path, count: int = 3) -> None:
    rows = ["title,url,time_added,tags,status"]
    for n in range(count):
        url = site.add(f"/p/{n}", Route(body=article_page(f"Saved page {n}")))
        rows.append(f"Saved page {n},{url},{1700000000 + n},,unread")
    export = tmp_path / "pocket.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["import", str(export), "--no-fetch"]) == 0


def listed(screen: MainScreen) -> str:
    return text_of(screen.query_one(ArticleList))


async def test_not_fetched_articles_are_listed_then_fetched_in_the_background(
    isolated_user: Path, tmp_path: Path
) -> None:
    with LocalSite() as site:
        imported(site, tmp_path)
        site.hold()  # nothing is answered until the list and the bar were seen
        app = build_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await wait_until(pilot, lambda: "not fetched yet" in listed(screen), "pending rows")
            await wait_until(pilot, lambda: bool(screen.query(RefreshProgress)), "the bar")
            assert "Saved page 1" in listed(screen)
            site.release()
            await wait_until(
                pilot, lambda: not screen.query(RefreshProgress), "the fetch to end", timeout=60
            )
            await wait_until(pilot, lambda: "not fetched yet" not in listed(screen), "texts")
            notices = [notice.message for notice in app._notifications]
            assert any(text.startswith("3 fetched, 0 failed, 0 gone") for text in notices)
    with Store.open(isolated_user) as store:
        assert store.queue.counts() == {"done": 3}


async def test_quitting_while_fetching_leaves_the_rest_queued_and_free(
    isolated_user: Path, tmp_path: Path
) -> None:
    with LocalSite() as site:
        imported(site, tmp_path, count=4)
        site.hold()
        app = build_app()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            await wait_until(pilot, lambda: bool(screen.query(RefreshProgress)), "the bar")
            await wait_until(pilot, lambda: site.active > 0, "a page being fetched")
            fetching: BackgroundFetch = screen.fetching
            child = fetching.child
            assert child is not None
            # The keys come first on a busy machine: the fetching runs at a lower priority.
            assert os.getpriority(os.PRIO_PROCESS, child.pid) > os.getpriority(os.PRIO_PROCESS, 0)
        assert child.wait(timeout=10) is not None  # the child ended with the app
        site.release()
    with Store.open(isolated_user) as store:
        waiting = store.queue.waiting()
        assert len(waiting) == 4
        assert all(row.lease <= time.time() for row in waiting)  # free for the next run now
