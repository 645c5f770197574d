"""The search bar, as a user drives it: type, see results, open one, walk matches, escape."""

from __future__ import annotations

from reader.ui.search.bar import SearchBar
from reader.ui.search.results import ResultList
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import seeds_app, settle, text_of, wait_until


async def type_query(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type `text` into the search bar, then wait for the answer to what the bar holds: results
    or a "nothing found", not the notice shown while the index is being built."""
    await pilot.press(*text)
    results = pilot.app.screen.query_one(ResultList)
    bar = pilot.app.screen.query_one(SearchBar)

    def answered() -> bool:
        answer = results.answer
        return answer.query == bar.value and not answer.message.startswith("Indexing")

    await wait_until(pilot, answered, f"the answer to {text!r}")
    await settle(pilot)


async def test_slash_focuses_search_and_results_replace_the_list() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await pilot.press("slash")
        assert isinstance(app.screen.focused, SearchBar)
        await type_query(pilot, "yurt")
        results = app.screen.query_one(ResultList)
        assert results.display and not app.screen.query_one(ArticleList).display
        assert results.results and "yurts" in results.results[0].snippet.lower()
        assert "Kazakhstan’s action" in text_of(results)


async def test_enter_opens_the_best_passage_with_matches_marked_and_n_walks_them() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "yurts")
        chosen = app.screen.query_one(ResultList).current
        assert chosen is not None and len(chosen.match_offsets) > 1
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen.query_one(ReadingPane)
        assert isinstance(app.screen.focused, ReadingPane)
        assert reading.article is not None and reading.article.id == chosen.id
        first = reading.current_match
        assert first is not None and "yurt" in reading.article.body[first[0] : first[1]].lower()
        assert "yurt" in text_of(reading).lower()  # the passage is on screen
        await pilot.press("n")
        assert reading.current_match != first
        await pilot.press("N")
        assert reading.current_match == first


async def test_down_up_choose_results_and_escape_restores_the_list() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        await pilot.press("j", "j", "j")
        before = article_list.current
        await pilot.press("slash")
        await type_query(pilot, "kazahstan")
        results = app.screen.query_one(ResultList)
        assert len(results.results) == 5  # the typo still finds every Kazakhstan article
        await pilot.press("down", "down", "up")
        assert results.cursor == 1
        await pilot.press("escape")
        assert app.screen.query_one(SearchBar).value == ""
        assert article_list.display and article_list.current == before
        assert app.screen.focused is article_list


async def test_no_results_says_so() -> None:
    app = seeds_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "qqzzxxvv")
        results = app.screen.query_one(ResultList)
        assert results.results == []
        assert "Nothing found for 'qqzzxxvv'" in text_of(results)


async def test_markup_in_a_query_is_literal() -> None:
    app = seeds_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "[/][b]qqzzxx[/b]")
        assert app.is_running
        assert "[/][b]qqzzxx[/b]" in text_of(app.screen.query_one(ResultList))


async def test_notes_are_searchable(isolated_user) -> None:  # type: ignore[no-untyped-def]
    from reader.core.library import load_article, load_index
    from reader.store.state import Store
    from tests.ui.helpers import SEEDS

    meta = load_index([SEEDS]).articles[0]
    body = load_article(meta).body
    with Store.open(isolated_user) as store:
        store.highlights.add(
            meta.id, body, 0, 20, note="zanzibar marmalade", content_hash=meta.content_hash
        )
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "marmalade")
        results = app.screen.query_one(ResultList).results
        assert [result.id for result in results] == [meta.id]


async def test_is_bookmarked_filter_uses_the_store() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "m")
        marked = app.screen.query_one(ArticleList).current
        assert marked is not None
        await pilot.press("slash")
        await type_query(pilot, "is:bookmarked")
        assert [result.id for result in app.screen.query_one(ResultList).results] == [marked.id]


async def test_leaving_the_search_unmarks_its_matches() -> None:
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_query(pilot, "yurts")
        await pilot.press("enter")
        await settle(pilot)
        reading = app.screen.query_one(ReadingPane)
        assert reading.current_match is not None
        await pilot.press("escape")  # back to the results
        await pilot.press("escape")  # leave the search
        assert reading.current_match is None
        assert reading.article is not None  # still reading the same article
