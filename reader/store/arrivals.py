"""When each imported article was saved: its `added` time, as the service it came from says;
and the first state of an imported article the store has never seen, written in bulk.

The list sorts by `added` (newest first), so a Pocket library saved over ten years must keep the
dates Pocket recorded, not the moment of the import. An import's date wins only when it is
earlier than the one the store has (the article was saved elsewhere before reader first saw it);
the change is recorded in the import's batch, so `reader import --undo` puts the old date back.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from reader.store.connection import Database
from reader.store.db import utc_now
from reader.store.imports import ImportBatch, Imports
from reader.store.library import KIND as LIBRARY_KIND
from reader.store.undo import Snapshot

#: The import log's name for a changed `added` time.
KIND = "added"
#: Articles per query, and per record of the import's batch.
CHUNK = 500
#: The library's state of an article it has never seen: (location, read, progress).
_DEFAULTS: dict[str, Any] = {"location": "inbox", "read": 0, "progress": 0}
_USUAL = ("inbox", 0, 0)


class Arrivals:
    """The `added_at` column of `article_state`, as imports claim it."""

    def __init__(self, db: Database, imports: Imports) -> None:
        self._db = db
        imports.register(KIND, _revert)
        #: Articles `first_seen` put somewhere other than the unread Inbox, the last time.
        self.placed = 0

    def first_seen(
        self, states: dict[str, dict[str, Any]], dates: dict[str, str], batch: ImportBatch
    ) -> set[str]:
        """Rows for the imported articles the store has never seen, in bulk: their place, read
        state and progress as claimed (what `Library.merge` gives an article untouched here)
        and their saved date; returns their ids. Recorded in `batch` as the library's own
        changes and as `added` times, so the import's undo takes them back."""
        ids = list(dict.fromkeys([*states, *dates]))
        with self._db.write() as conn:
            seen = set(_added_of(conn, ids))
            now = utc_now()
            new = [key for key in ids if key not in seen]
            rows = []
            for key in new:
                claim = {
                    **_DEFAULTS,
                    **{k: v for k, v in states.get(key, {}).items() if k in _DEFAULTS},
                }
                stamp = str(states.get(key, {}).get("updated") or now)
                rows.append(
                    (
                        key,
                        claim["location"],
                        claim["read"],
                        claim["progress"],
                        dates.get(key, now),
                        stamp,
                    )
                )
            conn.executemany(
                "INSERT INTO article_state (article_id, location, read, progress, added_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
            moved = [row for row in rows if (row[1], row[2], row[3]) != _USUAL]
            for start in range(0, len(moved), CHUNK):
                part = moved[start : start + CHUNK]
                was = {row[0]: dict(_DEFAULTS) for row in part}
                taken = {
                    row[0]: {"location": row[1], "read": row[2], "progress": row[3]} for row in part
                }
                batch.record(conn, LIBRARY_KIND, part[0][0], {"articles": was}, {"articles": taken})
            self._record_dates(conn, batch, [k for k in new if k in dates], dates, {})
        self.placed = len(moved)
        return set(new)

    def merge(self, dates: dict[str, str], batch: ImportBatch) -> int:
        """Take each claimed date (ISO 8601 UTC) that is earlier than the article's own;
        returns how many articles changed."""
        ids = list(dates)
        with self._db.write() as conn:
            had = _added_of(conn, ids)
            now = utc_now()
            new = [(key, dates[key], now) for key in ids if key not in had]
            earlier = [
                (dates[key], key) for key, was in had.items() if was is None or dates[key] < was
            ]
            conn.executemany(
                "INSERT INTO article_state (article_id, added_at, updated_at) VALUES (?, ?, ?)", new
            )
            conn.executemany("UPDATE article_state SET added_at = ? WHERE article_id = ?", earlier)
            changed = [key for key, _when, _now in new] + [key for _when, key in earlier]
            self._record_dates(conn, batch, changed, dates, had)
        return len(changed)

    @staticmethod
    def _record_dates(
        conn: sqlite3.Connection,
        batch: ImportBatch,
        changed: list[str],
        dates: dict[str, str],
        had: dict[str, str | None],
    ) -> None:
        for start in range(0, len(changed), CHUNK):
            part = changed[start : start + CHUNK]
            before = {"added": {key: had.get(key) for key in part}}
            batch.record(conn, KIND, part[0], before, {"added": {k: dates[k] for k in part}})


def _added_of(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str | None]:
    """The `added` time of each of `ids` that has a row."""
    had: dict[str, str | None] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        marks = ", ".join("?" * len(part))
        had.update(
            conn.execute(
                f"SELECT article_id, added_at FROM article_state WHERE article_id IN ({marks})",
                part,
            ).fetchall()
        )
    return had


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Put the earlier `added` times back, where the articles still have the ones the import
    gave; False when none does."""
    del target
    was = (before or {}).get("added", {})
    put = 0
    for key, given in (after or {}).get("added", {}).items():
        row = conn.execute(
            "SELECT added_at FROM article_state WHERE article_id = ?", (key,)
        ).fetchone()
        if row is None or row[0] != given:
            continue
        conn.execute(
            "UPDATE article_state SET added_at = ? WHERE article_id = ?",
            (was.get(key) or utc_now(), key),
        )
        put += 1
    return put > 0
