"""The first screen of a library the store half knows: the list does not reorder under the
cursor a moment after it appears (the new articles' `added` time is recorded first)."""

from __future__ import annotations

from pathlib import Path

from reader.core.library import load_article, load_index
from reader.store.state import Store
from reader.ui.app import build_app
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane
from tests.ui.helpers import settle, wait_until


async def test_enter_on_the_first_screen_opens_the_top_row(
    library: Path, isolated_user: Path
) -> None:
    """One article already has a highlight (so a state), the other is new to the store."""
    index = load_index([library])
    known = next(meta for meta in index.articles if meta.title == "The convoy")
    body = load_article(known).body
    with Store.open(isolated_user) as store:
        store.highlights.add(known.id, body, 0, 10, "yellow", "")
    app = build_app([library])
    async with app.run_test(size=(90, 26)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert articles.cursor == 0, "the cursor left the top row before any key"
        top = articles.articles[0]
        await pilot.press("enter")
        pane = app.screen.query_one(ReadingPane)
        await wait_until(pilot, lambda: pane.article is not None, "an article to open")
        assert pane.article is not None and pane.article.meta.id == top.id
