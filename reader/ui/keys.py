"""Every command of the app, in one table.

Each command has a stable id (`reader.open`), so users can remap it from the config file with
`App.set_keymap`; the same table produces the widgets' `BINDINGS`, the help screen and the command
palette entries, so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType

#: Where a command applies, in the order the help screen lists the groups.
GROUPS = ("Everywhere", "Article list", "Search bar", "Reading pane")


@dataclass(frozen=True, slots=True)
class Command:
    """One user command: its id, default keys, the action it runs and how it is described."""

    id: str
    keys: str
    action: str
    description: str
    group: str
    show: bool = True
    palette: bool = False
    priority: bool = False

    @property
    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            id=self.id,
            priority=self.priority,
        )


COMMANDS: tuple[Command, ...] = (
    # Everywhere (app and main screen).
    Command("reader.help", "question_mark", "help", "Help", "Everywhere", palette=True),
    Command("reader.quit", "q,ctrl+q", "quit", "Quit", "Everywhere", palette=True),
    Command("reader.back", "escape", "back", "Back", "Everywhere", show=False),
    Command("reader.next_pane", "tab", "next_pane", "Next pane", "Everywhere", show=False),
    Command(
        "reader.prev_pane", "shift+tab", "next_pane", "Previous pane", "Everywhere", show=False
    ),
    Command("reader.search", "slash", "search", "Search", "Everywhere", palette=True),
    Command("reader.original", "o", "original", "Original", "Everywhere", palette=True),
    Command(
        "reader.problems",
        "exclamation_mark",
        "problems",
        "Skipped files",
        "Everywhere",
        show=False,
        palette=True,
    ),
    # Article list.
    Command("reader.list.down", "j,down", "cursor_down", "Down", "Article list", show=False),
    Command("reader.list.up", "k,up", "cursor_up", "Up", "Article list", show=False),
    Command("reader.list.first", "g,home", "first", "First", "Article list", show=False),
    Command("reader.list.last", "G,end", "last", "Last", "Article list", show=False),
    Command(
        "reader.list.page_down", "pagedown", "page_down", "Page down", "Article list", show=False
    ),
    Command("reader.list.page_up", "pageup", "page_up", "Page up", "Article list", show=False),
    Command("reader.open", "enter", "open", "Open", "Article list"),
    Command("reader.bookmark", "m", "bookmark", "Bookmark", "Article list", palette=True),
    # Search bar.
    Command("reader.search.down", "down", "result_down", "Next result", "Search bar", show=False),
    Command("reader.search.up", "up", "result_up", "Previous result", "Search bar", show=False),
    Command("reader.search.cancel", "escape", "cancel", "Clear search", "Search bar"),
    # Reading pane.
    Command("reader.read.down", "j,down", "line_down", "Line down", "Reading pane", show=False),
    Command("reader.read.up", "k,up", "line_up", "Line up", "Reading pane", show=False),
    Command("reader.read.start", "g,home", "start", "Start", "Reading pane", show=False),
    Command("reader.read.end", "G,end", "end", "End", "Reading pane", show=False),
    Command("reader.read.page_down", "space,pagedown", "page_down", "Page", "Reading pane"),
    Command("reader.read.page_up", "pageup", "page_up", "Page up", "Reading pane", show=False),
    Command("reader.read.next_match", "n", "next_match", "Next match", "Reading pane"),
    Command(
        "reader.read.prev_match", "N", "prev_match", "Previous match", "Reading pane", show=False
    ),
    Command(
        "reader.read.bookmark", "m", "bookmark_here", "Bookmark", "Reading pane", palette=False
    ),
    Command("reader.links", "L", "links", "Links", "Reading pane", show=False, palette=True),
    Command(
        "reader.more", "plus", "show_more", "Show more", "Reading pane", show=False, palette=True
    ),
)

_BY_ID = {command.id: command for command in COMMANDS}

#: Readable names for Textual key names in help and notices.
_KEY_NAMES = {
    "question_mark": "?",
    "space": "space",
    "escape": "esc",
    "slash": "/",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "exclamation_mark": "!",
    "plus": "+",
}


def command(command_id: str) -> Command:
    return _BY_ID[command_id]


def bindings(*ids: str) -> list[BindingType]:
    """The `BINDINGS` for a widget or screen, built from the table."""
    return [_BY_ID[command_id].binding for command_id in ids]


def in_group(group: str) -> Iterable[Command]:
    return (command for command in COMMANDS if command.group == group)


def keys_for(command: Command, keymap: Mapping[str, str]) -> str:
    """The keys a command answers to now, after the user's remapping, for display."""
    keys = keymap.get(command.id, command.keys)
    return ", ".join(_KEY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))
