"""The first screen kept from the last session: the Inbox's first rows by date added.

A library of 100,000 articles should open as fast as one of 10,000. Made afresh, the first
screen needs the library's index (every article, in its order) and where every article is and
when it was added (`library_reads.places`), sorted. So the list keeps what it showed once
complete (`keep`): the Inbox's first rows (their ids and their lines of the index), how many the
Inbox held, which version of the index file they came from (`Source`: its folders and the file's
size, mtime and inode), and the store's `state_digest` when the states were read. The next start
shows those rows when both still hold (`kept`), without reading the index or every row.

The state digest is a generation counted up by triggers (migration 10) whenever something the
order by date added or the Inbox depends on changes: an article's row comes or goes, its place
or date added changes, an article gains its first or loses its last highlight, bookmark or tag
(which keeps a missing file's row listed). It changes whenever the rows it watches change, and
it is read at once however many rows there are. Anything else (a file added while the app was
closed, an article archived by `reader archive` or a sync) changes the index file or the
generation, and the first screen is made as before.

Kept in the `settings` table (key `first_screen`), as JSON.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

from msgspec import Struct

from reader.core.library.cache import Source
from reader.store.library_reads import snapshot_read

#: The settings key it is kept under.
KEY = "first_screen"


class KeptScreen(Struct, frozen=True):
    """The Inbox's first `rows` (ids, in order by date added), each one's line of the index
    (`lines`; None for a missing file's row), how many the Inbox held (`count`), the index they
    came from (`source`); read back (`kept`): the article opened last, and the `state_digest`
    it is still right for."""

    rows: list[str]
    lines: list[str | None]
    count: int
    source: Source
    last_opened: str | None = None
    state: str = ""


def state_digest(conn: sqlite3.Connection) -> str:
    """What the order by date added and the Inbox depend on in the store (migration 10's
    generation: one row, kept by triggers)."""
    row = conn.execute("SELECT generation FROM first_screen_state WHERE id = 1").fetchone()
    return f"generation {row[0]}" if row else f"unknown {uuid.uuid4()}"  # (never the same)


def kept(conn: sqlite3.Connection) -> KeptScreen | None:
    """The first screen kept, if the store is as it was then (the caller checks the index)."""
    with snapshot_read(conn):
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEY,)).fetchone()
        found = _valid(row[0] if row else None)
        if found is None or found[1] != state_digest(conn):
            return None
        last = conn.execute(
            "SELECT article_id FROM article_state WHERE opened_at IS NOT NULL "
            "ORDER BY opened_at DESC LIMIT 1"
        ).fetchone()
    screen, state = found
    last_opened = last and str(last[0])
    return KeptScreen(screen.rows, screen.lines, screen.count, screen.source, last_opened, state)


def _valid(text: str | None) -> tuple[KeptScreen, str] | None:
    """The kept screen and its state digest, if `text` reads as one."""
    try:
        found: Any = json.loads(text) if text else None
        names = ("rows", "lines", "count", "roots", "file", "state")
        rows, lines, count, roots, file, state = (found[name] for name in names)
        source = Source(tuple(roots), (int(file[0]), int(file[1]), int(file[2])))
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    valid = (
        isinstance(rows, list)
        and all(isinstance(key, str) for key in rows)
        and isinstance(lines, list)
        and len(lines) == len(rows)
        and all(line is None or isinstance(line, str) for line in lines)
        and all(isinstance(root, str) for root in source.roots)
        and isinstance(count, int)
    )
    return (KeptScreen(rows, lines, count, source), str(state)) if valid else None


def keep(conn: sqlite3.Connection, screen: KeptScreen, state: str) -> None:
    """Keep `screen`, made from the store when its `state_digest` was `state`."""
    fields = {"rows": screen.rows, "lines": screen.lines, "count": screen.count}
    source = {"roots": list(screen.source.roots), "file": list(screen.source.file)}
    value = json.dumps({**fields, **source, "state": state})
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (KEY, value),
    )
