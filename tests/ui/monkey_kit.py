"""What the monkeys press and where they play: shared by tests/ui/test_monkey.py (Pilot) and
benchmarks/monkey.py (the installed `reader` in tmux).

The keys are every bound key of reader/ui/keys.py, plus arrows, escape, enter, tab, control keys
and printable characters; the reading pane's keys come more often than the rest (`GROUPS`), or a
monkey spends its time in dialogs and seldom touches a highlight. The data folder has highlights
in every colour, notes, bookmarks and a highlight of an article no longer in the library, on the
seeds; after the play the store must be sound (`store_problems`).
"""

from __future__ import annotations

import sqlite3
import string
from pathlib import Path

from reader.core.library import load_article, load_index
from reader.store.state import DB_FILENAME, Store
from reader.ui.keys import COMMANDS

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

#: The key `reader.quit` is moved to (in the config file, as a user would): no monkey presses
#: it, so `q` is still typed into every input without ending the play.
QUIT_KEY = "f12"
#: Keys that end the app whatever the config says.
NEVER = {QUIT_KEY, "ctrl+q"}
#: The config file that moves the quit key.
CONFIG = f'[keys]\n"reader.quit" = "{QUIT_KEY}"\n'


def _keys(*groups: str) -> set[str]:
    """The keys bound to the commands of `groups` (all without), none for a palette-only one."""
    return {
        key.strip()
        for command in COMMANDS
        if not groups or command.group in groups
        for key in command.keys.split(",")
        if key.strip()
    }


OTHERS = {
    "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "escape", "enter",
    "tab", "shift+tab", "backspace", "delete", "space", "ctrl+c", "ctrl+p", "ctrl+s",
    *(f"ctrl+{letter}" for letter in "abdefghjklnortuvwxy"),
    *string.ascii_letters, *string.digits, "full_stop", "comma", "quotation_mark", "minus",
}  # fmt: skip
#: Every key a monkey presses, in a fixed order (so a seed always means the same keys).
KEYS = sorted((_keys() | OTHERS) - NEVER)

#: The reading pane's commands that make, change or jump between marks.
_MARKING_IDS = ("select", "highlight", "note", "delete", "undo", "copy", "bookmark", "color")
MARKING = sorted(
    {
        key.strip()
        for command in COMMANDS
        if command.id.removeprefix("reader.read.").startswith(_MARKING_IDS)
        for key in command.keys.split(",")
    }
    | {"ctrl+s"}
)
#: The reading pane's other keys: the caret's motions, pages, matches, links, more.
MOTIONS = sorted(_keys("Reading pane") - set(MARKING))

#: Weighted groups a step is drawn from: (weight, keys); `RESIZE` draws a new terminal size.
RESIZE = "resize"
GROUPS: tuple[tuple[int, list[str]], ...] = (
    (2, KEYS),
    (2, MOTIONS),
    (3, MARKING),
    (1, ["enter"]),
    (1, ["escape"]),
    (1, ["tab"]),
    (1, [RESIZE]),
)
#: Terminal sizes a monkey resizes to: from tiny (only a notice fits) to wide.
WIDTHS, HEIGHTS = (10, 160), (4, 50)


def highlighted_store(folder: Path) -> None:
    """Fill the store in `folder` with marks on every seed article."""
    index = load_index([SEEDS])
    with Store.open(folder) as store:
        for number, meta in enumerate(index.articles):
            body = load_article(meta).body
            for slot, color in enumerate(("yellow", "green", "blue", "pink", "purple")):
                start = (len(body) * slot) // 6
                end = min(len(body), start + 40)
                note = f"note {number}.{slot}" if slot % 2 else ""
                store.highlights.add(
                    meta.id, body, start, end, color, note, content_hash=meta.content_hash
                )
            store.bookmarks.toggle(meta.id, len(body) // 3, "a bookmark")
        store.highlights.add("gone", "an article no longer here", 3, 10, "green", "orphan")


def store_problems(data_dir: Path) -> list[str]:
    """What is wrong with the store in `data_dir`: SQLite's integrity check, and any attached
    highlight whose offsets are not inside its article or do not hold its quote."""
    with sqlite3.connect(data_dir / DB_FILENAME) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()
    problems = [] if integrity == ("ok",) else [f"integrity_check: {integrity}"]
    bodies = {meta.id: load_article(meta).body for meta in load_index([SEEDS]).articles}
    with Store.open(data_dir) as store:
        for highlight in store.highlights.all():
            body = bodies.get(highlight.article_id)
            if not highlight.attached or body is None:
                continue
            inside = 0 <= highlight.start < highlight.end <= len(body)
            if not inside or body[highlight.start : highlight.end] != highlight.quote:
                problems.append(f"highlight off its text: {highlight}")
    return problems
