"""A filterable list in a dialog: the shape shared by the highlights and bookmarks screens.

The list has the keyboard; `/` moves to the filter, whose fuzzy match narrows the list as you
type; `down` goes back to the list. Enter picks: the screen is given a function saying where
each option leads, and closes with that place for the caller to jump to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.text.sanitize import sanitize_line
from reader.ui.keys import app_wide, bindings
from reader.ui.screens.dialog_frame import framed_body

#: What a jump is: an article id and the body offset to show.
Jump = tuple[str, int]
#: The options to show for a filter text (the whole list for "").
Options = Callable[[str], list[Option]]
#: Where the option with this id leads (None: nowhere, the screen stays).
Destination = Callable[[str], Jump | None]


class PickerScreen(ModalScreen[Jump | None]):
    """A filter and a list, given what to list (`options`) and where a pick leads (`destination`).

    The highlights and bookmarks screens hand in their own two functions and add their keys
    (delete, copy); the picker itself owns the filter, the list and the keyboard between them.

    | Key | Command id | Does |
    |---|---|---|
    | `/` | `reader.picker.filter` | type to filter the list |
    | `down` (in the filter) | `reader.picker.list` | back to the list |
    | `enter` | (the list) | jump there |
    | `escape` | `reader.picker.close` | clear the filter, or close |
    """

    # (its own styles: parsed when the screen is first opened, not at start-up)
    DEFAULT_CSS = (
        framed_body("#picker-body")
        + """
    PickerScreen {
        align: center middle;
    }
    #picker-list {
        height: 1fr;
        border: none;
    }
    #picker-status {
        height: 1;
        color: $text-muted;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("reader.picker.filter", "reader.picker.list", "reader.picker.close"),
        *app_wide("reader.help", "reader.palette"),
    ]

    TITLE_TEXT = ""
    EMPTY_TEXT = "Nothing here yet."

    def __init__(self, options: Options, destination: Destination) -> None:
        super().__init__()
        self._options = options
        self._destination = destination
        #: Options that can be picked in the list now.
        self._count = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body") as body:
            body.border_title = self.TITLE_TEXT
            yield Input(placeholder="/ to filter", id="picker-filter")
            yield OptionList(id="picker-list")
            yield Static(id="picker-status", markup=False)

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()

    # Filling and filtering.

    @property
    def query_text(self) -> str:
        return sanitize_line(self.query_one(Input).value).strip()

    def refill(self) -> None:
        """Rebuilds the list for the current filter, keeping the cursor where it was."""
        option_list = self.query_one(OptionList)
        before = option_list.highlighted_option.id if option_list.highlighted_option else None
        options = self._options(self.query_text)
        option_list.clear_options()
        option_list.add_options(options)
        enabled = [index for index, option in enumerate(options) if not option.disabled]
        if enabled:
            ids = [option.id for option in options]
            option_list.highlighted = ids.index(before) if before in ids else enabled[0]
        self._count = len(enabled)
        self._show_status()

    def _show_status(self) -> None:
        empty = self.query_one(OptionList).option_count == 0
        status = self.EMPTY_TEXT if empty else self.status(self._count)
        self.query_one("#picker-status", Static).update(Content(status))

    def status(self, count: int) -> str:
        """What the line under the list says (it may depend on the option under the cursor)."""
        return f"{count} shown · enter jumps · / filters · esc closes"

    @on(OptionList.OptionHighlighted)
    def _cursor_moved(self) -> None:
        self._show_status()

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#picker-filter")
    def _filter_submitted(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.focus()
        option_list.action_select()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """A choice: the list closes on it. A second one already on its way (`enter` twice at
        once) finds the list closed; dismissing again would close the screen below."""
        jump = self._destination(event.option.id) if event.option.id is not None else None
        if jump is not None and self.is_active:
            self.dismiss(jump)

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`/` types into the filter while it has the focus; `down` moves only from there."""
        focused_filter = isinstance(self.focused, Input)
        if action == "filter":
            return not focused_filter
        if action == "to_list":
            return focused_filter
        return True

    def action_close(self) -> None:
        filter_input = self.query_one(Input)
        if filter_input.value:
            filter_input.value = ""
            self.query_one(OptionList).focus()
            return
        self.dismiss(None)
