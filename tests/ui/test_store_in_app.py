"""The app and the annotation store together: other sessions, edited articles, a damaged store."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reader.core.library import load_article, load_index
from reader.store.state import Store
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import SEEDS, seeds_app, settle, text_of, wait_until


async def test_a_second_session_sees_the_first_ones_bookmark(isolated_user: Path) -> None:
    app = seeds_app(other_sessions_poll=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        article_list = app.screen.query_one(ArticleList)
        meta = article_list.current
        assert meta is not None and "★" not in text_of(article_list)
        with Store.open(isolated_user) as other:  # another SSH login, same data folder
            other.bookmarks.toggle(meta.id)
        await wait_until(
            pilot, lambda: "★" in text_of(article_list), "the other session's bookmark"
        )
        assert "★" in text_of(article_list)


async def test_highlights_are_reattached_when_the_article_changed(
    tmp_path: Path, isolated_user: Path
) -> None:
    library = tmp_path / "lib"
    shutil.copytree(SEEDS, library)
    index = load_index([library])
    meta = next(m for m in index.articles if m.source == "AP")
    body = load_article(meta).body
    quote = "once in your house, it is very difficult sometimes to get Russians to leave"
    start = body.index(quote)
    with Store.open(isolated_user) as store:
        made = store.highlights.add(
            meta.id, body, start, start + len(quote), content_hash=meta.content_hash
        )
    path = Path(meta.path)
    path.write_text("A new first paragraph.\n\n" + path.read_text(encoding="utf-8"))
    os.utime(path, ns=(1, 1))  # a different mtime, even on coarse clocks
    app = seeds_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_until(
            pilot,
            lambda: [h.status for h in app.store.highlights.for_article(meta.id)] == ["moved"],
            "the highlight to be re-attached to the changed text",
        )
    with Store.open(isolated_user) as store:
        (after,) = store.highlights.for_article(meta.id)
    assert after.id == made.id
    assert after.status == "moved"
    assert after.quote == quote and after.start != made.start


async def test_a_damaged_store_leaves_articles_readable_and_untouched(isolated_user: Path) -> None:
    isolated_user.mkdir(parents=True, exist_ok=True)
    database = isolated_user / "reader.sqlite3"
    database.write_bytes(b"this is not a database\n" * 100)
    before = database.read_bytes()
    app = seeds_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(ArticleList).articles) == 5
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "reader.sqlite3" in messages and "reader restore" in messages
        await pilot.press("enter", "m")
        await settle(pilot)
    assert database.read_bytes() == before
