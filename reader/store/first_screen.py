"""The first screen kept from the last session: the Inbox's first rows by date added.

A library of 100,000 articles should open as fast as one of 10,000. Made afresh, the first
screen needs where every article is and when it was added (`library_reads.places`), sorted,
because articles added together follow the library's order, which only the index knows. So the
list keeps what it showed once complete (`keep`): the ids of the Inbox's first rows, how many the
Inbox held, a digest of the library's order (the caller's: the index's ids) and a digest of what
the order depends on in the store (`state_digest`: every row's id, place and date added, and which
articles hold annotations, which keeps a missing file's row listed). The next start shows those
rows when both digests still hold (`kept`), reading the store's rows in C, not into Python
objects: a few tens of milliseconds at 100,000 articles where the places take a few tenths.
Anything else (a file added while the app was closed, an article archived by `reader archive`
or a sync) changes a digest, and the first screen is made from the places as before.

Kept in the `settings` table (key `first_screen`), as JSON.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from reader.store.library_reads import snapshot_read

#: The settings key it is kept under.
KEY = "first_screen"
#: What the Inbox's order by date added depends on, in the store, as text SQLite builds.
_DEPENDS = (
    "SELECT group_concat(article_id || '|' || location || '|' || coalesce(added_at, ''), ',')"
    " FROM article_state",
    "SELECT group_concat(DISTINCT article_id) FROM highlights",
    "SELECT group_concat(DISTINCT article_id) FROM bookmarks",
    "SELECT group_concat(DISTINCT article_id) FROM article_tags",
)


class KeptScreen(Struct, frozen=True):
    """The Inbox's first `rows` (ids, in order by date added) and how many it held (`count`),
    when the library's order had the digest `order`; `last_opened`: the article opened last."""

    rows: list[str]
    count: int
    order: str
    last_opened: str | None = None


def order_digest(ids: Sequence[str]) -> str:
    """A digest of the library's articles in its order (their ids, in the index's order)."""
    return hashlib.blake2b("\n".join(ids).encode("utf-8", "surrogateescape")).hexdigest()


def state_digest(conn: sqlite3.Connection) -> str:
    """A digest of what the order by date added and the Inbox depend on in the store."""
    digest = hashlib.blake2b()
    with snapshot_read(conn):
        for query in _DEPENDS:
            found = conn.execute(query).fetchone()[0]
            digest.update(str(found or "").encode("utf-8", "surrogateescape") + b"\x00")
    return digest.hexdigest()


def kept(conn: sqlite3.Connection) -> KeptScreen | None:
    """The first screen kept, if the store is as it was then (the caller checks the order)."""
    with snapshot_read(conn):
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEY,)).fetchone()
        screen = _valid(row[0] if row else None)
        if screen is None or screen[1] != state_digest(conn):
            return None
        last = conn.execute(
            "SELECT article_id FROM article_state WHERE opened_at IS NOT NULL "
            "ORDER BY opened_at DESC LIMIT 1"
        ).fetchone()
    rows, count, order = screen[0]
    return KeptScreen(rows, count, order, str(last[0]) if last else None)


def _valid(text: str | None) -> tuple[tuple[list[str], int, str], str] | None:
    """(rows, count, order) and the state digest of a kept screen, if it reads as one."""
    try:
        found: Any = json.loads(text) if text else None
        rows, count, order, state = (found[name] for name in ("rows", "count", "order", "state"))
    except (ValueError, TypeError, KeyError):
        return None
    valid = isinstance(rows, list) and all(isinstance(key, str) for key in rows)
    if not (valid and isinstance(count, int) and isinstance(order, str)):
        return None
    return (rows, count, order), str(state)


def keep(conn: sqlite3.Connection, screen: KeptScreen, state: str) -> None:
    """Keep `screen`, made from the store when its `state_digest` was `state`."""
    value = json.dumps(
        {"rows": screen.rows, "count": screen.count, "order": screen.order, "state": state}
    )
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (KEY, value),
    )
