"""Steps shared by the Pilot tests of issue 6: open an article by title, press and settle."""

from __future__ import annotations

from textual.pilot import Pilot

from reader.ui.screens.main import MainScreen
from reader.ui.widgets.article_list import ArticleList
from tests.ui.helpers import settle


async def press_settled(pilot: Pilot[None], *keys: str) -> None:
    """Press `keys`, then wait for the workers they started (an article load, a search)."""
    await pilot.press(*keys)
    await settle(pilot)


async def open_titled(pilot: Pilot[None], title: str) -> None:
    """Open the article called `title` from the list, as a user would: select it, press Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    meta = next(meta for meta in screen.index.articles if meta.title == title)
    article_list = screen.query_one(ArticleList)
    article_list.select_id(meta.id)
    article_list.focus()
    await press_settled(pilot, "enter")


async def drawn_toasts(pilot: Pilot[None]) -> list[str]:
    """The notifications as drawn (title and message); needs `run_test(notifications=True)`."""
    await pilot.pause()
    await pilot.pause()
    return [str(toast.render()) for toast in pilot.app.screen.query("Toast")]
