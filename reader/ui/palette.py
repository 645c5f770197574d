"""The command palette: entries for every article, so `ctrl+p` then a few letters opens one.

`ReaderPalette` is Textual's palette with two guards. Its list pages by a cache of lines that
Textual's `OptionList` builds only once the list has a size, so `pageup` or `pagedown` typed
right behind `ctrl+p`, before the first layout, raised `KeyError` inside Textual: until the
list is laid out there is nothing to page through, and the key does nothing. And a choice that
reaches it after it closed (`enter` twice in one terminal read) is dropped: Textual's palette
would close itself again, popping the screen below it.

And it answers only the keys typed into it. Textual binds `ctrl+p` with priority: the palette
opens as the key is read, while the keys typed just before it may still be waiting for the
widget they were sent to, and reach their bindings only afterwards, when the palette is the
screen: an `escape` typed before `ctrl+p` closed the palette it opened (the monkey's hang), a
stray `enter` ran a command. Keys sent to the palette pass through it on their way up;
`typed_here` tells the app which ones did (see `ReaderApp.on_key`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from functools import partial
from typing import ClassVar, Protocol

from textual import events, on
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.widgets import Button, Input, OptionList

from reader.core.article import ArticleMeta
from reader.ui.widgets.article_list import meta_line

#: How many articles the palette offers before the user has typed anything.
DISCOVERY_LIMIT = 20
#: Keys the palette remembers having passed up (far more than are ever on their way at once).
KEYS_REMEMBERED = 256


class ArticleHost(Protocol):
    """What the palette needs from the screen it was opened on."""

    @property
    def palette_articles(self) -> Sequence[ArticleMeta]: ...

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
    """Textual's command palette, whose page keys wait for its list to be laid out, which
    closes once: a choice still on its way when it has closed (`enter` twice at once) would have
    Textual's palette close again, taking the screen below with it; and which answers only the
    keys sent to it, never those typed before `ctrl+p` for the screen below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: The latest keys sent to the palette, on their way up to the app's bindings.
        self._keys_here: deque[events.Key] = deque(maxlen=KEYS_REMEMBERED)

    def on_key(self, event: events.Key) -> None:
        self._keys_here.append(event)

    def typed_here(self, event: events.Key) -> bool:
        """Whether `event` was sent to the palette (rather than to the screen below it, before
        the palette opened)."""
        return any(key is event for key in self._keys_here)

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _closed_already(
        self, event: Input.Submitted | Button.Pressed | OptionList.OptionSelected
    ) -> None:
        if not self.is_active:
            event.prevent_default()  # Textual's own handlers would run the choice again
            event.stop()

    async def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        if not commands.scrollable_content_region:
            return  # not laid out yet: Textual's list has no lines to page through
        await commands.run_action("page_down" if direction > 0 else "page_up")
