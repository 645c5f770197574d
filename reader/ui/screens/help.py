"""Every key, grouped by where it applies, with the user's remapping taken into account."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.key_names import keys_for
from reader.ui.keys import GROUPS, bindings, in_group


def help_content(keymap: Mapping[str, str]) -> Content:
    """The help text, built as `Content` so nothing in it is ever read as markup."""
    parts: list[Content] = []
    for group in GROUPS:
        parts.append(Content.styled(group, "bold $text-accent"))
        for command in in_group(group):
            keys = keys_for(command, keymap)
            parts.append(
                Content.assemble(
                    "  ",
                    Content.styled(f"{keys:<16}", "bold"),
                    " ",
                    command.help_text,
                    Content.styled(f"  ({command.id})", "dim"),
                )
            )
        parts.append(Content(""))
    parts.append(
        Content(
            "Highlights may overlap or nest. Where they do, the innermost (shortest) one is\n"
            "drawn on top, and it is the one a, x, y and 1-5 act on. Selections snap to\n"
            "whole words. Colours: 1 yellow, 2 green, 3 blue, 4 pink, 5 purple.\n"
        )
    )
    parts.append(
        Content(
            "Remap any key in the config file (see `reader dirs`) by its id, e.g.\n"
            '  [keys]\n  "reader.bookmark" = "b"\n'
            "A command keeps its id wherever it applies (reader.bookmark is m in the list and\n"
            "while reading); moving through the list and moving the caret are two commands\n"
            "each (reader.list.down and reader.read.down): remap both to move both."
        )
    )
    return Content("\n").join(parts)


class HelpScreen(ModalScreen[None]):
    """The `?` screen.

    | Key | Command id | Does |
    |---|---|---|
    | `escape`, `?`, `q` | `reader.back` | close |
    """

    # (its own styles: parsed when the screen is first opened, not at start-up)
    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-body {
        width: 76;
        max-width: 100%;
        height: 90%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("reader.back"),
        ("question_mark,q", "back", "Close"),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "escape to close"
            yield Static(help_content(self.keymap))

    def action_back(self) -> None:
        self.dismiss()
