"""Keys first while imported pages arrive: pages fetched while the user keeps typing are taken in
at the next pause (or a moment later), none is lost, the Inbox count never jumps, and the search
under way follows them."""

from __future__ import annotations

from pathlib import Path

from reader.cli.main import main
from reader.ui.app import build_app
from reader.ui.ingest import RefreshProgress
from reader.ui.screens.main import MainScreen
from reader.ui.search.bar import SearchBar
from reader.ui.search.results import ResultList
from reader.ui.widgets.article_list import ArticleList
from tests.imports.conftest import article_page
from tests.ingest.server import LocalSite, Route
from tests.ui.helpers import text_of, wait_until

PAGES = 8
#: Keys typed at most while the pages arrive (the fetch ends long before: a bound, not a pace).
MOST_KEYS = 4000


def imported(site: LocalSite, tmp_path: Path) -> None:
    rows = ["title,url,time_added,tags,status"]
    for n in range(PAGES):
        prose = [
            f"Paragraph {part} of page {n} tells of the cormorant colony on the breakwater, "
            "counted at dawn by the harbour master. Another sentence of prose follows here."
            for part in range(4)
        ]
        url = site.add(f"/p/{n}", Route(body=article_page(f"Saved page {n}", *prose)))
        rows.append(f"Saved page {n},{url},{1700000000 + n},,unread")
    export = tmp_path / "pocket.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["import", str(export), "--no-fetch"]) == 0


def answered(results: ResultList, query: str) -> bool:
    """The results answer `query` (not the notice shown while the index is built)."""
    answer = results.answer
    return answer.query == query and not answer.message.startswith("Indexing")


async def test_pages_arriving_while_keys_come_are_all_listed_and_found(
    isolated_user: Path, tmp_path: Path
) -> None:
    with LocalSite() as site:
        imported(site, tmp_path)
        site.hold()  # nothing arrives before the search is under way
        app = build_app()
        async with app.run_test(size=(100, 60)) as pilot:
            screen = app.screen
            assert isinstance(screen, MainScreen)
            articles = screen.query_one(ArticleList)
            await wait_until(pilot, lambda: "not fetched yet" in text_of(articles), "the rows")
            await wait_until(pilot, lambda: bool(screen.query(RefreshProgress)), "the bar")
            inbox = str(articles.border_title)
            assert inbox.startswith("Inbox · ")
            await pilot.press("slash", *"cormorant")  # only the pages' texts say it
            results = screen.query_one(ResultList)
            await wait_until(pilot, lambda: answered(results, "cormorant"), "the answer")
            assert not results.results

            site.release()
            counts, keys = {inbox}, 0
            while screen.query(RefreshProgress) and keys < MOST_KEYS:  # typing all along
                await pilot.press("backspace", "t")
                keys += 2
                counts.add(str(articles.border_title))
            assert not screen.query(RefreshProgress), "the fetch never ended"
            notices = [notice.message for notice in app._notifications]
            assert any(text.startswith(f"{PAGES} fetched, 0 failed") for text in notices)
            assert counts == {inbox}  # a page arriving takes its row's place: no jump

            # The typing pauses: the search follows every page that arrived.
            await wait_until(
                pilot, lambda: len(results.results) == PAGES, "every page found", timeout=30
            )
            assert screen.query_one(SearchBar).value == "cormorant"
            assert {result.title for result in results.results} == {
                f"Saved page {n}" for n in range(PAGES)
            }
            await pilot.press("escape")
            await wait_until(pilot, lambda: "not fetched yet" not in text_of(articles), "texts")
            listed = text_of(articles)
            assert all(listed.count(f"Saved page {n}") == 1 for n in range(PAGES))
            assert str(articles.border_title) == inbox
