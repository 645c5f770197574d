"""Every command of the app, in one table.

Each command has a stable id (`reader.open`), so users can remap it from the config file with
`App.set_keymap`; the same table produces the widgets' `BINDINGS`, the help screen and the command
palette entries, so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct
from textual.binding import Binding, BindingType

from reader.core.annotate.highlight import COLORS

#: Where a command applies, in the order the help screen lists the groups.
GROUPS = (
    "Everywhere",
    "Article list",
    "Search bar",
    "Reading pane",
    "Find bar",
    "Note editor",
    "Highlights and bookmarks",
    "Review",
    "Dialogs",
)


class Command(Struct, frozen=True):
    """One user command: its id, default keys (written as typed: `/`, `+`, `ctrl+p`), the action
    it runs and how it is described (`description` in the key bar and the palette, `help` on
    the help screen when it needs more words).

    A command bound in several places (the list and the reading pane) keeps one id there, so
    one line of the config remaps it everywhere; `also` names the other groups it is listed in.
    """

    id: str
    keys: str
    action: str
    description: str
    group: str
    show: bool = True
    palette: bool = False
    priority: bool = False
    also: tuple[str, ...] = ()
    help: str = ""

    def binding(self, by_app: bool = False) -> Binding:
        """The `Binding`; `by_app`: its action run by the app whoever has the binding."""
        action = f"app.{self.action}" if by_app else self.action
        return Binding(self.keys, action, self.description, show=self.show, id=self.id,
                       priority=self.priority)  # fmt: skip

    @property
    def help_text(self) -> str:
        return self.help or self.description


COMMANDS: tuple[Command, ...] = (
    # Everywhere (app and main screen).
    Command("reader.help", "?", "help", "Help", "Everywhere", palette=True),
    Command("reader.quit", "q,ctrl+q", "quit", "Quit", "Everywhere", palette=True),
    Command(
        "reader.palette",
        "ctrl+p",
        "command_palette",
        "Palette",
        "Everywhere",
        show=False,
        priority=True,
        help="Command palette: every command, and articles by title",
    ),
    Command("reader.back", "escape", "back", "Back", "Everywhere", show=False),
    Command("reader.next_pane", "tab", "next_pane", "Next pane", "Everywhere", show=False),
    Command(
        "reader.prev_pane", "shift+tab", "next_pane", "Previous pane", "Everywhere", show=False
    ),
    Command("reader.search", "/", "search", "Search", "Everywhere", palette=True),
    # In the reading pane `/` finds in the article; `s` searches the library from anywhere.
    Command("reader.search_library", "s", "search", "Search the library", "Everywhere", show=False),
    Command(
        "reader.full_width", "z", "full_width", "Full width", "Everywhere", show=False, palette=True
    ),
    Command("reader.original", "o", "original", "Original", "Everywhere", palette=True),
    Command("reader.add_url", "A", "add_url", "Add URL", "Everywhere", show=False, palette=True),
    Command(
        "reader.refresh", "R", "refresh", "Refresh feeds", "Everywhere", show=False, palette=True
    ),
    Command("reader.sync", "ctrl+y", "sync", "Sync now", "Everywhere", show=False, palette=True),
    Command(
        "reader.rescan",
        "ctrl+r",
        "rescan",
        "Rescan the library",
        "Everywhere",
        show=False,
        palette=True,
    ),
    Command(
        "reader.problems",
        "!",
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
    # One id in both panes, so one remapping moves both: the list bookmarks the article, the
    # reading pane the place at the caret.
    Command(
        "reader.bookmark",
        "m",
        "bookmark",
        "Bookmark",
        "Article list",
        palette=True,
        also=("Reading pane",),
        help="Bookmark the article; while reading, the place at the caret",
    ),
    # The library (issue 12): on the article under the list's cursor (or the articles selected),
    # or on the article being read.
    Command("reader.archive", "e", "triage('archive')", "Archive", "Article list", palette=True),
    Command("reader.trash", "#,d", "triage('trash')", "Trash", "Article list", palette=True),
    Command(
        "reader.mark_read",
        "U",
        "triage('read')",
        "Read / unread",
        "Article list",
        show=False,
        palette=True,
    ),
    Command("reader.tag", "t", "triage('tag')", "Tag", "Article list", palette=True),
    Command("reader.list.undo", "u", "triage('undo')", "Undo", "Article list", show=False),
    Command("reader.list.select", "space", "toggle_select", "Select", "Article list", show=False),
    Command("reader.list.range", "v", "range_select", "Select a range", "Article list", show=False),
    Command(
        "reader.list.unselect",
        "escape",
        "unselect",
        "Drop the selection",
        "Article list",
        show=False,
    ),
    *(
        Command(
            f"reader.view.{kind}",
            key,
            f"triage('view:{kind}')",
            name,
            "Article list",
            show=False,
            palette=True,
        )
        for key, kind, name in (
            ("1", "inbox", "Inbox"),
            ("2", "archive", "Archive view"),
            ("3", "trash", "Trash view"),
            ("4", "all", "All articles"),
        )
    ),
    Command("reader.view.pick", "c", "triage('pick_view')", "Views", "Article list", palette=True),
    Command(
        "reader.sort", "S", "triage('pick_sort')", "Sort", "Article list", show=False, palette=True
    ),
    # From the palette only (no key by default).
    *(
        Command(command_id, "", action, name, "Article list", show=False, palette=True)
        for command_id, action, name in (
            ("reader.trash.empty", "triage('empty_trash')", "Empty the trash"),
            ("reader.view.save", "triage('save_view')", "Save this search as a view"),
            ("reader.tag.rename", "triage('rename_tag')", "Rename a tag"),
            ("reader.tag.merge", "triage('merge_tags')", "Merge tags"),
        )
    ),
    # Search bar.
    Command("reader.search.down", "down", "result_down", "Next result", "Search bar"),
    Command("reader.search.up", "up", "result_up", "Previous result", "Search bar", show=False),
    Command("reader.search.cancel", "escape", "cancel", "Clear search", "Search bar"),
    Command("reader.bookmarks", "M", "bookmarks", "Bookmarks", "Everywhere", palette=True),
    Command("reader.highlights", "H", "highlights", "Highlights", "Everywhere", palette=True),
    Command(
        "reader.review", "V", "review", "Review highlights", "Everywhere", show=False, palette=True
    ),
    # Reading pane.
    Command("reader.read.left", "left", "move('left')", "Caret left", "Reading pane", show=False),
    Command(
        "reader.read.right", "right", "move('right')", "Caret right", "Reading pane", show=False
    ),
    Command("reader.read.down", "j,down", "line(1)", "Line down", "Reading pane", show=False),
    Command("reader.read.up", "k,up", "line(-1)", "Line up", "Reading pane", show=False),
    Command(
        "reader.read.word_next", "w", "move('word_next')", "Next word", "Reading pane", show=False
    ),
    Command(
        "reader.read.word_prev",
        "b",
        "move('word_prev')",
        "Previous word",
        "Reading pane",
        show=False,
    ),
    Command(
        "reader.read.sentence_next",
        ")",
        "move('sentence_next')",
        "Next sentence",
        "Reading pane",
        show=False,
    ),
    Command(
        "reader.read.sentence_prev",
        "(",
        "move('sentence_prev')",
        "Previous sentence",
        "Reading pane",
        show=False,
    ),
    Command(
        "reader.read.paragraph_next",
        "}",
        "move('paragraph_next')",
        "Next paragraph",
        "Reading pane",
        show=False,
    ),
    Command(
        "reader.read.paragraph_prev",
        "{",
        "move('paragraph_prev')",
        "Previous paragraph",
        "Reading pane",
        show=False,
    ),
    Command("reader.read.start", "g,home", "start", "Start", "Reading pane", show=False),
    Command("reader.read.end", "G,end", "move('end')", "End", "Reading pane", show=False),
    Command("reader.read.page_down", "space,pagedown", "page(1)", "Page", "Reading pane"),
    Command("reader.read.page_up", "pageup", "page(-1)", "Page up", "Reading pane", show=False),
    Command("reader.read.select", "v", "select", "Select", "Reading pane"),
    Command(
        "reader.read.unselect",
        "escape",
        "unselect",
        "Drop the selection",
        "Reading pane",
        show=False,
    ),
    Command("reader.read.highlight", "h", "highlight", "Highlight", "Reading pane"),
    Command("reader.read.note", "a", "note", "Note", "Reading pane"),
    Command("reader.read.delete", "x", "delete", "Delete highlight", "Reading pane", show=False),
    Command("reader.read.undo", "u", "undo", "Undo", "Reading pane", show=False),
    Command(
        "reader.read.highlight_next",
        "]",
        "jump_highlight(1)",
        "Next highlight",
        "Reading pane",
        show=False,
    ),
    Command(
        "reader.read.highlight_prev",
        "[",
        "jump_highlight(-1)",
        "Previous highlight",
        "Reading pane",
        show=False,
    ),
    Command("reader.read.copy", "y", "copy", "Copy", "Reading pane"),
    *(
        Command(
            f"reader.read.color_{number}",
            str(number),
            f"color({number})",
            f"Colour: {color}",
            "Reading pane",
            show=False,
        )
        for number, color in enumerate(COLORS, start=1)
    ),
    Command("reader.read.find", "/", "find", "Find", "Reading pane"),
    Command("reader.read.next_match", "n", "step_match(1)", "Next match", "Reading pane"),
    Command(
        "reader.read.prev_match",
        "N",
        "step_match(-1)",
        "Previous match",
        "Reading pane",
        show=False,
    ),
    Command(
        "reader.read.clear_find",
        "escape",
        "clear_find",
        "Clear the find's marks",
        "Reading pane",
        show=False,
    ),
    # Find bar (`/` in the reading pane; enter goes to the match, as in the Input).
    Command("reader.find.cancel", "escape", "cancel", "Cancel the find", "Find bar"),
    # Note editor.
    # Not priority bindings: those run as the key arrives, ahead of the letters typed just
    # before it that the editor has not taken in yet, and a fast "…text ctrl+s" (or a burst
    # over SSH) would save the note without its last words.
    Command("reader.note.save", "ctrl+s", "save", "Save", "Note editor"),
    Command("reader.note.cancel", "escape", "cancel", "Cancel", "Note editor"),
    # The highlights (H) and bookmarks (M) lists.
    Command("reader.picker.filter", "/", "filter", "Filter", "Highlights and bookmarks"),
    Command(
        "reader.picker.list",
        "down",
        "to_list",
        "Back to the list",
        "Highlights and bookmarks",
        show=False,
    ),
    Command("reader.picker.delete", "x", "delete", "Delete", "Highlights and bookmarks"),
    Command("reader.picker.copy", "y", "copy", "Copy", "Highlights and bookmarks"),
    Command("reader.picker.close", "escape", "close", "Close", "Highlights and bookmarks"),
    # An orphaned or ambiguous highlight in H: its suggested place taken or not, and undo.
    Command(
        "reader.picker.accept",
        "a",
        "accept",
        "Accept the suggested place (H)",
        "Highlights and bookmarks",
    ),
    Command(
        "reader.picker.keep",
        "n",
        "keep",
        "Keep it orphaned, dismiss the suggestion (H)",
        "Highlights and bookmarks",
    ),
    Command("reader.picker.undo", "u", "undo", "Undo (H)", "Highlights and bookmarks"),
    # The daily review (V): today's highlights one at a time.
    Command("reader.review.again", "1", "grade(1)", "Again", "Review"),
    Command("reader.review.hard", "2", "grade(2)", "Hard", "Review"),
    Command("reader.review.good", "3", "grade(3)", "Good", "Review"),
    Command("reader.review.easy", "4", "grade(4)", "Easy", "Review"),
    Command("reader.review.open", "enter", "open", "Open", "Review"),
    Command("reader.review.note", "a", "note", "Note", "Review"),
    Command("reader.review.tag", "t", "tag", "Tag", "Review"),
    Command("reader.review.stop", "x", "stop", "Never again", "Review"),
    Command("reader.review.undo", "u", "undo", "Undo", "Review"),
    Command("reader.review.close", "escape", "close", "Back", "Review", show=False),
    # Dialogs.
    Command("reader.confirm.yes", "y", "yes", "Yes", "Dialogs"),
    Command("reader.confirm.no", "n,escape", "no", "No", "Dialogs"),
    Command("reader.links", "L", "links", "Links", "Reading pane", show=False, palette=True),
    Command("reader.more", "+", "show_more", "Show more", "Reading pane", show=False, palette=True),
)

_BY_ID = {command.id: command for command in COMMANDS}

#: Ids that were renamed, still read in a config file: the reading pane's bookmark had an id of
#: its own before it shared the list's.
ALIASES = {"reader.read.bookmark": "reader.bookmark"}

#: The library's commands the main screen answers, with the list or the reading pane focused.
LIBRARY_COMMANDS = tuple(c.id for c in COMMANDS if c.action.startswith("triage(") and c.keys)


def command(command_id: str) -> Command:
    """The command of an id (or of its old spelling, `ALIASES`); KeyError if there is none."""
    return _BY_ID[ALIASES.get(command_id, command_id)]


def bindings(*ids: str) -> list[BindingType]:
    """The `BINDINGS` for a widget or screen, built from the table."""
    return [_BY_ID[command_id].binding() for command_id in ids]


def app_wide(*ids: str) -> list[BindingType]:
    """The app's own commands (`?` help) for a dialog's `BINDINGS`: Textual stops looking for a
    key's binding at a modal screen, so without these the key would do nothing there. Same
    ids, so a remapped key is remapped here too; the app runs them."""
    return [_BY_ID[command_id].binding(by_app=True) for command_id in ids]


def in_group(group: str) -> Iterable[Command]:
    """The commands listed under `group` on the help screen."""
    return (command for command in COMMANDS if group in (command.group, *command.also))
