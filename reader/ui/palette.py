"""The command palette: entries for every article, so `ctrl+p` then a few letters opens one.

`ReaderPalette` is Textual's palette with one guard: its list pages by a cache of lines that
Textual's `OptionList` builds only once the list has a size, so `pageup` or `pagedown` typed
right behind `ctrl+p`, before the first layout, raised `KeyError` inside Textual. Until the
list is laid out there is nothing to page through, and the key does nothing.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar, Protocol

from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from reader.core.article import ArticleMeta
from reader.ui.widgets.article_list import meta_line

#: How many articles the palette offers before the user has typed anything.
DISCOVERY_LIMIT = 20


class ArticleHost(Protocol):
    """What the palette needs from the screen it was opened on."""

    @property
    def palette_articles(self) -> list[ArticleMeta]: ...

    def open_article(self, meta: ArticleMeta) -> None: ...


def _title_content(title: str, offsets: tuple[int, ...] = ()) -> Content:
    """The title as plain text (never markup), with the matched letters emphasised."""
    content = Content(title)
    for offset in offsets:
        if offset < len(title) and not title[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class ArticleCommands(Provider):
    """Opens an article by title."""

    def _host(self) -> ArticleHost | None:
        screen = self.screen
        return screen if hasattr(screen, "palette_articles") else None  # type: ignore[return-value]

    async def discover(self) -> Hits:
        host = self._host()
        if host is None:
            return
        for meta in host.palette_articles[:DISCOVERY_LIMIT]:
            yield DiscoveryHit(
                _title_content(meta.title),
                partial(host.open_article, meta),
                text=meta.title,
                help=escape(meta_line(meta)),
            )

    async def search(self, query: str) -> Hits:
        host = self._host()
        if host is None:
            return
        matcher = self.matcher(query)
        fuzzy = matcher.fuzzy_search
        for meta in host.palette_articles:
            score, offsets = fuzzy.match(query, meta.title)
            if score > 0:
                yield Hit(
                    score,
                    _title_content(meta.title, tuple(offsets)),
                    partial(host.open_article, meta),
                    text=meta.title,
                    help=escape(meta_line(meta)),
                )


class ReaderPalette(CommandPalette):
    """Textual's command palette, whose page keys wait for its list to be laid out."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    async def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        if not commands.scrollable_content_region:
            return  # not laid out yet: Textual's list has no lines to page through
        await commands.run_action("page_down" if direction > 0 else "page_up")
