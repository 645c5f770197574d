"""The views and sorts menus (`c`, `S`) drawn on the main screen itself, over the panes.

A dialog (a `ModalScreen`) costs a whole screen drawn twice when it closes: Textual refreshes
the screen below in full as the dialog is popped, and again once the dialog is gone (11 ms of
the app's thread at 50,000 articles, on top of the change the choice makes). The menu is a
widget of the main screen instead, on a layer of its own above the panes (`layer: menu`,
centred by the screen's `align`): opening and closing it redraws only the rows it covers, and
the list's change is drawn in the same frame. Closed, it is made invisible, not taken out of the
layout (`display: none`): a widget taken out renumbers the drawing order of every other widget
of the screen, and Textual then redraws them all.

Shown, it has the keyboard: its line takes the letters, its box (`ChoiceBox`) the moves; a
choice, `escape`, or the focus going elsewhere (a click on a pane) closes it and gives the
keyboard back to the widget that had it. It is made on the first use (nothing of it is imported
to start) and kept, hidden, for the next.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.widget import Widget

from reader.ui.type_ahead import ReleaseKeys
from reader.ui.widgets.choice_box import ChoiceBox, Offer

#: Why keys typed right behind `c` or `S` wait the first time: the menu is being made.
MENU_OPENING = "open a menu"


class Menu(Container):
    """One question at a time (`ask`): `answered` gets the value chosen, or None."""

    DEFAULT_CSS = """
    Menu {
        layer: menu;
        width: 60;
        height: auto;
        max-width: 100%;
        max-height: 80%;
        & > ChoiceBox { width: 100%; max-height: 100%; }
    }
    """

    def __init__(self, offer: Offer, answered: Callable[[str | None], None]) -> None:
        super().__init__(id="menu")
        self._offer = offer
        #: Who gets the answer while the menu is open (None: closed).
        self._answered: Callable[[str | None], None] | None = answered
        #: The widget that had the keyboard before the menu took it.
        self._back_to: Widget | None = None

    def compose(self) -> ComposeResult:
        yield ChoiceBox(self._offer, id="chooser-body")

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self._focus_moved, init=False)
        self._take_keys()
        self.app.post_message(ReleaseKeys(MENU_OPENING))

    @property
    def is_open(self) -> bool:
        return self._answered is not None

    def ask(self, offer: Offer, answered: Callable[[str | None], None]) -> None:
        """Shows the menu (again) with `offer`; an open one is answered None first."""
        if self._answered is not None:
            self._close(None, refocus=False)
        self._answered = answered
        self.visible = True
        if not self.is_mounted:  # (made a moment ago: it shows this offer once mounted)
            self._offer = offer
            return
        self.query_one(ChoiceBox).offer(offer)
        self._take_keys()

    def _take_keys(self) -> None:
        screen, focused = self.screen, self.screen.focused
        if focused is None or self not in focused.ancestors:  # (asked again while open: kept)
            self._back_to = focused
        screen.set_focus(self.query_one(ChoiceBox).line)

    @on(ChoiceBox.Answered)
    def _on_answered(self, event: ChoiceBox.Answered) -> None:
        event.stop()
        self._close(event.value, refocus=True)

    def _close(self, value: str | None, refocus: bool) -> None:
        answered, self._answered = self._answered, None
        if answered is None:
            return
        back = self._back_to
        if refocus and back is not None and back.is_attached and back.display:
            self.screen.set_focus(back)
        self.visible = False  # (still placed: see the module's docstring)
        answered(value)

    def _focus_moved(self, focused: Widget | None) -> None:
        """The keyboard went elsewhere (a click on a pane, another widget focused): the menu
        closes, choosing nothing."""
        if self._answered is not None and (focused is None or self not in focused.ancestors):
            self._close(None, refocus=False)
