"""The undo journal: annotation changes with their inverse, undone by the session that made them.

A repository records each user change in the transaction that makes it (what the record was
before and after, as plain JSON), and registers once how to put its own kind of record back. The
journal never reads another repository's tables: it hands the step to the repository that
registered its kind. Undo only ever reverts changes made through this journal (this window, this
process), and only while nobody else has changed the same record since.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from reader.store.connection import Database
from reader.store.db import StoreError, new_id, utc_now

#: How many annotation changes the undo journal keeps (all sessions together).
UNDO_DEPTH = 200

#: A record as it was or is (None: it did not or does not exist), as the journal stores it.
Snapshot = dict[str, Any] | None

#: Put a record back: (connection, its id, before, after) -> False if it changed elsewhere since.
Reverter = Callable[[sqlite3.Connection, str, Snapshot, Snapshot], bool]


class UndoConflict(StoreError):
    """The change to undo has since been changed again elsewhere; undoing would lose that."""


class Journal:
    """This session's undo history, kept in the database beside the changes themselves."""

    def __init__(self, db: Database) -> None:
        self._db = db
        #: Undo only ever reverts changes made through this object (this window, this process).
        self._session = new_id()
        self._reverters: dict[str, Reverter] = {}

    def register(self, kind: str, revert: Reverter) -> None:
        """How to undo changes of `kind` (one repository's records)."""
        self._reverters[kind] = revert

    def record(
        self,
        conn: sqlite3.Connection,
        kind: str,
        target: str,
        before: Snapshot,
        after: Snapshot,
        description: str,
    ) -> None:
        """Record the inverse of a change, in the transaction that makes the change."""
        conn.execute(
            "INSERT INTO undo_journal (session, description, kind, target, before, after, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                self._session,
                description,
                kind,
                target,
                dump_snapshot(before),
                dump_snapshot(after),
                utc_now(),
            ),
        )
        conn.execute(
            "DELETE FROM undo_journal WHERE seq <= (SELECT MAX(seq) FROM undo_journal) - ?",
            (UNDO_DEPTH,),
        )

    def record_change(
        self,
        conn: sqlite3.Connection,
        kind: str,
        before: Any,
        after: Any,
        description: str,
        snapshot: Callable[[Any], Snapshot],
    ) -> None:
        """`record` for a record changing from `before` to `after` (None: created / deleted);
        `snapshot` turns one of the repository's records into what the journal keeps."""
        changed = after if after is not None else before
        assert changed is not None, "a change has a record on at least one side"
        self.record(conn, kind, changed.id, snapshot(before), snapshot(after), description)

    def undo(self, kind: str | None = None) -> str | None:
        """Undo this session's last change (of `kind` only, if given: the review's `u` undoes
        the last grade, not a note written since); returns what was undone, None if nothing.

        Raises `UndoConflict` (and forgets that step) when another session has changed the same
        record since: putting the old version back would lose their change.
        """
        with self._db.write() as conn:
            entry = conn.execute(
                "SELECT seq, description, kind, target, before, after FROM undo_journal "
                "WHERE session = ? AND (? IS NULL OR kind = ?) ORDER BY seq DESC LIMIT 1",
                (self._session, kind, kind),
            ).fetchone()
            if entry is None:
                return None
            seq, description, kind, target, before, after = entry
            conn.execute("DELETE FROM undo_journal WHERE seq = ?", (seq,))
            revert = self._reverters[str(kind)]
            undone = revert(conn, str(target), load_snapshot(before), load_snapshot(after))
        if not undone:  # the step is forgotten (committed above) either way
            raise UndoConflict(f"cannot undo the {description}: changed elsewhere since")
        return str(description)


def dump_snapshot(value: Snapshot) -> str | None:
    """A snapshot as the journal (and the import log) stores it: JSON, or NULL for none."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def load_snapshot(value: str | None) -> Snapshot:
    return None if value is None else dict(json.loads(value))
