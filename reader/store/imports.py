"""Every import's changes, kept so that the last import can be undone whole.

`reader import` adds highlights and bookmarks and can replace a local note with an imported one
edited later. Each import that changed anything is a row of `imports`, and every record it added
or replaced a row of `import_changes`, with the record before and after (the snapshots the undo
journal uses), written in the transaction that makes the change. `undo_last` reverts the newest
import not undone yet: what it added is removed and what it replaced is put back, except records
changed since, which are left as they are and counted. The rows stay after an undo, so a note an
import replaced is never gone for good. As with the journal, each repository registers how to
put its own kind of record back.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Literal

from msgspec import Struct

from reader.store.connection import Database
from reader.store.db import new_id, utc_now
from reader.store.undo import Reverter, Snapshot, dump_snapshot, load_snapshot


class ImportBatch(Struct):
    """One import being made: its row in `imports`, and how many changes it recorded."""

    id: int
    changes: int = 0

    def record(
        self, conn: sqlite3.Connection, kind: str, target: str, before: Snapshot, after: Snapshot
    ) -> None:
        """Keep one change of this import (`before` None: the import added the record)."""
        conn.execute(
            "INSERT INTO import_changes (import_id, kind, target, before, after) "
            "VALUES (?, ?, ?, ?, ?)",
            (self.id, kind, target, dump_snapshot(before), dump_snapshot(after)),
        )
        self.changes += 1


class UndoneImport(Struct, frozen=True):
    """What `undo_last` did, for the message to the user."""

    source: str
    made: str
    removed: int
    restored: int
    left: int

    def summary(self) -> str:
        text = (
            f"undid the import of {self.source} made {self.made}: {self.removed} removed, "
            f"{self.restored} put back as they were"
        )
        if self.left:
            text += f"; {self.left} changed since were left as they are"
        return text


class Imports:
    """The `imports` and `import_changes` tables: recording imports and undoing the last one."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._reverters: dict[str, Reverter] = {}

    def register(self, kind: str, revert: Reverter) -> None:
        """How to undo an import's changes of `kind` (one repository's records)."""
        self._reverters[kind] = revert

    def begin(self, source: str) -> ImportBatch:
        """Start recording an import of `source`; call inside the import's transaction."""
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO imports (source, created) VALUES (?, ?)", (source, utc_now())
            )
        return ImportBatch(int(cursor.lastrowid or 0))

    def finish(self, batch: ImportBatch, summary: str) -> None:
        """Close the record; an import that changed nothing leaves none (nothing to undo)."""
        with self._db.write() as conn:
            if batch.changes:
                conn.execute("UPDATE imports SET summary = ? WHERE id = ?", (summary, batch.id))
            else:
                conn.execute("DELETE FROM imports WHERE id = ?", (batch.id,))

    def undo_last(self) -> UndoneImport | None:
        """Revert the newest import not undone yet, in one transaction; None if there is none."""
        with self._db.write() as conn:
            row = conn.execute(
                "SELECT id, source, created FROM imports WHERE undone IS NULL "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            import_id, source, made = row
            changes = conn.execute(
                "SELECT kind, target, before, after FROM import_changes WHERE import_id = ? "
                "ORDER BY seq DESC",
                (import_id,),
            ).fetchall()
            removed = restored = left = 0
            for kind, target, before, after in changes:
                revert = self._reverters[str(kind)]
                if not revert(conn, str(target), load_snapshot(before), load_snapshot(after)):
                    left += 1
                elif before is None:
                    removed += 1
                else:
                    restored += 1
            conn.execute("UPDATE imports SET undone = ? WHERE id = ?", (utc_now(), import_id))
        return UndoneImport(str(source), str(made), removed, restored, left)


def own_id(
    conn: sqlite3.Connection, table: Literal["highlights", "bookmarks"], claimed: str, article: str
) -> str:
    """An id for an imported record of `article` that is no other article's record in `table`.

    An id already used by another article here is not the same record, whatever the file says:
    the import gets an id of its own, derived from the article and the claimed id, so importing
    the same file again finds the record it made the first time instead of adding it twice.
    """
    candidate = claimed
    for _ in range(2):
        row = conn.execute(f"SELECT article_id FROM {table} WHERE id = ?", (candidate,)).fetchone()
        if row is None or row[0] == article:
            return candidate
        candidate = hashlib.sha256(f"{article}\0{candidate}".encode()).hexdigest()[:16]
    return new_id()
