"""The links of the open article, and following one, only ever after asking.

Links are listed as text and address, both drawn as `Content` (an address can hold anything a
page author typed). Enter on one decides what may happen (`reader.ui.link_opening`): a refusal
with its reason, or a confirm dialog that opens the browser or copies the address. Nothing is
opened by a click, a key or a timer alone.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.article import Article, Link
from reader.core.text.cells import cut_to_cells
from reader.core.text.links import is_web_url
from reader.ui.dialogs import OnTop
from reader.ui.keys import app_wide, bindings
from reader.ui.link_opening import (
    Way,
    graphical_browser,
    open_in_browser,
    over_ssh,
    question,
    refusal,
    way_for,
)
from reader.ui.screens.confirm import ConfirmScreen

#: Link texts wider than this (in cells) are cut in the list (the address is shown whole).
TEXT_CELLS = 200


def link_prompt(article: Article, link: Link) -> Content:
    """The link's text, then its address on the next line; plain text, never markup."""
    text = article.body[link.start : link.end]
    text = cut_to_cells(text, TEXT_CELLS)
    return Content.assemble((text or link.url, "bold"), "\n  ", (link.url, "$text-muted"))


class LinksScreen(ModalScreen[None]):
    """The `L` screen.

    | Key | Command id | Does |
    |---|---|---|
    | `up`/`down` | | choose a link |
    | `enter` | | follow it (asks first) |
    | `escape`, `L`, `q` | `reader.back` | close |
    """

    DEFAULT_CSS = """
    LinksScreen {
        align: center middle;
    }
    #links-list {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("reader.back"),
        ("L,q", "back", "Close"),
        *app_wide("reader.help", "reader.palette"),
    ]

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        #: The questions are asked from a thread's answer: over this screen, once on top.
        self._dialogs = OnTop(self)

    def compose(self) -> ComposeResult:
        options = [
            Option(link_prompt(self.article, link), id=str(index))
            for index, link in enumerate(self.article.links)
        ]
        links = OptionList(*options, id="links-list")
        links.border_title = f"Links · {len(options)}"
        links.border_subtitle = "enter: follow (asks first) · escape: close"
        yield links

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_back(self) -> None:
        self.dismiss()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        link = self.article.links[int(event.option.id or 0)]
        self._decide(link.url)

    @work(thread=True, exclusive=True, group="link")
    def _decide(self, url: str) -> None:
        """Off the UI thread: finding the browser may run helper programs."""
        ssh = over_ssh()
        browser = not ssh and is_web_url(url) and graphical_browser()
        way = way_for(url, ssh=ssh, browser=browser)
        self.app.call_from_thread(self._ask, url, way, ssh)

    def _ask(self, url: str, way: Way, ssh: bool) -> None:
        if way is Way.REFUSE:
            self.notify(refusal(url), title="Link", severity="error", markup=False)
            return
        text, yes = question(way, ssh)
        self._dialogs.open(
            ConfirmScreen(text, url, yes, default_yes=True), partial(self._answered, url, way)
        )

    def _answered(self, url: str, way: Way, yes: bool | None) -> None:
        if not yes:
            return
        if way is Way.COPY:
            self.app.copy_to_clipboard(url)
            self.notify(f"Copied: {url}", title="Link", markup=False)
        else:
            self._open(url)

    @work(thread=True, group="link-open")
    def _open(self, url: str) -> None:
        if open_in_browser(url):
            self.app.call_from_thread(self.notify, f"Opened: {url}", title="Link", markup=False)
        else:
            self.app.call_from_thread(self._offer_copy, url)

    def _offer_copy(self, url: str) -> None:
        text = "The browser could not be started. Copy this link to the clipboard instead?"
        self._dialogs.open(
            ConfirmScreen(text, url, "Copy", default_yes=True),
            partial(self._answered, url, Way.COPY),
        )
