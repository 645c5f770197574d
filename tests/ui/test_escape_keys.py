"""`escape` and a letter typed quickly arrive in one read (over SSH, in tmux), which Textual
reads as `alt+letter`: the app takes them as the two keys they were."""

from __future__ import annotations

from textual import events

from reader.ui.escape_keys import typed_keys
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import seeds_app, settle, wait_until


async def test_escape_then_e_in_one_read_leaves_the_article_and_archives_it() -> None:
    app = seeds_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        first = articles.current
        await pilot.press("enter")
        await settle(pilot)
        assert not articles.has_focus
        await pilot.press("alt+e")  # ESC e, in one read
        await wait_until(
            pilot, lambda: "Inbox · 4" in str(articles.border_title), "the article archived"
        )
        assert articles.has_focus  # the escape went back to the list
        assert first not in [meta.id for meta in articles.articles]


def _names(keys: list[events.Key]) -> list[str]:
    return [key.key for key in keys]


def test_only_unbound_alt_letters_are_taken_apart() -> None:
    def nothing() -> set[str]:
        return set()

    assert _names(typed_keys(events.Key("alt+e", "e"), nothing)) == ["escape", "e"]
    assert _names(typed_keys(events.Key("alt+shift+u", "U"), nothing)) == ["escape", "U"]
    assert _names(typed_keys(events.Key("alt+e", "e"), lambda: {"alt+e"})) == ["alt+e"]
    assert _names(typed_keys(events.Key("alt+up", None), nothing)) == ["alt+up"]
    assert _names(typed_keys(events.Key("j", "j"), nothing)) == ["j"]
