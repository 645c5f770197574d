"""The sync document's parts in the store (`reader.core.sync.parts`): each part's kept updates
and state vector, and the parts loaded lately.

A part is loaded (its kept updates decoded into a `SyncDoc`) only when a sync writes into it,
merges into it, or must tell another side what it lacks; its state vector is kept in
`sync_parts` so a part nobody changed is never loaded. Loaded parts are kept, a bounded number
and per thread (a document belongs to the thread that made it), brought up to date with the
updates kept since; a first full sync goes through every part without holding them all.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reader.core.sync.model import SyncDoc
from reader.core.sync.parts import EMPTY_STATE, canonical
from reader.store.connection import Database
from reader.store.db import utc_now

#: Loaded parts kept between uses (about 100 kB each at 50,000 articles).
KEEP = 200
#: Updates kept one by one in a part before they are folded into one.
COMPACT_AFTER = 24


@dataclass(frozen=True, slots=True)
class PartRow:
    """What the store knows of a part without loading it."""

    state: bytes
    #: The digest of the library files last recorded in it ('' for none).
    files: str
    #: Whether it names library files missing here.
    missing: bool


class PartBook:
    """Every part's kept updates and state; loads parts on demand and counts the loads."""

    def __init__(self, db: Database, client: int = 0) -> None:
        self._db = db
        self.client = client
        self._thread: int | None = None
        #: part -> (its document, the last kept update applied to it)
        self._loaded: OrderedDict[int, tuple[SyncDoc, int]] = OrderedDict()
        #: Parts decoded from their kept updates since this store was opened (a test, or a
        #: benchmark, tells by it how much a sync had to load).
        self.loads = 0

    def forget(self) -> None:
        """Drop the loaded parts (after a failed transaction they are ahead of what was kept)."""
        self._loaded.clear()

    @contextmanager
    def _reading(self, conn: sqlite3.Connection | None) -> Iterator[sqlite3.Connection]:
        if conn is not None:
            yield conn
        else:
            with self._db.read() as own:
                yield own

    def load(self, part: int, conn: sqlite3.Connection | None = None) -> SyncDoc:
        """The part with every update kept for it."""
        if self._thread != threading.get_ident():
            self._loaded.clear()
            self._thread = threading.get_ident()
        found = self._loaded.pop(part, None)
        with self._reading(conn) as db:
            if found is None:
                rows = db.execute(
                    "SELECT seq, data FROM sync_updates WHERE part = ? ORDER BY seq", (part,)
                ).fetchall()
                doc, seen = SyncDoc((bytes(r[1]) for r in rows), client_id=self.client), 0
                self.loads += 1
            else:
                doc, seen = found
                rows = db.execute(
                    "SELECT seq, data FROM sync_updates WHERE part = ? AND seq > ? ORDER BY seq",
                    (part, seen),
                ).fetchall()
                for _, data in rows:
                    doc.apply(bytes(data))
                doc.take_touched()
        self._keep_loaded(part, doc, max([seen, *(int(r[0]) for r in rows)]))
        return doc

    def _keep_loaded(self, part: int, doc: SyncDoc, seen: int) -> None:
        self._loaded[part] = (doc, seen)
        while len(self._loaded) > KEEP:
            self._loaded.popitem(last=False)

    def keep(self, conn: sqlite3.Connection, part: int, update: bytes) -> int:
        """Store an update of a part (already in its loaded document) unless it is here
        already; 1 if it was new."""
        cursor = conn.execute(
            "INSERT OR IGNORE INTO sync_updates (part, digest, data, added) VALUES (?, ?, ?, ?)",
            (part, _digest(part, update), update, utc_now()),
        )
        if cursor.rowcount and part in self._loaded:
            doc, _ = self._loaded[part]
            self._loaded[part] = (doc, int(cursor.lastrowid or 0))
        return cursor.rowcount

    def has(self, conn: sqlite3.Connection, part: int, update: bytes) -> bool:
        """Whether this very update is kept already (so merging it would change nothing)."""
        found = conn.execute(
            "SELECT 1 FROM sync_updates WHERE digest = ?", (_digest(part, update),)
        ).fetchone()
        return found is not None

    def save(
        self, conn: sqlite3.Connection, part: int, doc: SyncDoc, files: dict[str, str]
    ) -> None:
        """Record a part's state after a change: its state vector, the files it was told of
        (`files`: those of this part here), whether it names files missing here."""
        missing = any(path not in files for path in doc.files())
        conn.execute(
            "INSERT OR REPLACE INTO sync_parts (part, state, files, missing) VALUES (?, ?, ?, ?)",
            (part, canonical(doc.state_vector()), files_digest(files), int(missing)),
        )

    def save_state(self, conn: sqlite3.Connection, part: int, doc: SyncDoc) -> None:
        """Record a part's state vector alone (a change that names no library file)."""
        conn.execute(
            "INSERT INTO sync_parts (part, state) VALUES (?, ?) "
            "ON CONFLICT (part) DO UPDATE SET state = excluded.state",
            (part, canonical(doc.state_vector())),
        )

    def compact(self, conn: sqlite3.Connection, part: int, doc: SyncDoc) -> None:
        """Fold a part's kept updates into one once there are many (the part stays the same)."""
        row = conn.execute("SELECT COUNT(*) FROM sync_updates WHERE part = ?", (part,)).fetchone()
        if row is None or int(row[0]) <= COMPACT_AFTER:
            return
        conn.execute("DELETE FROM sync_updates WHERE part = ?", (part,))
        self.keep(conn, part, doc.update_since(None))

    def rows(self, conn: sqlite3.Connection | None = None) -> dict[int, PartRow]:
        """Every part written so far, unloaded."""
        with self._reading(conn) as db:
            found = db.execute("SELECT part, state, files, missing FROM sync_parts").fetchall()
        return {int(p): PartRow(bytes(s), str(f), bool(m)) for p, s, f, m in found}

    def state(self, part: int) -> bytes:
        row = self._db.one("SELECT state FROM sync_parts WHERE part = ?", (part,))
        return bytes(row[0]) if row else EMPTY_STATE

    def updates(self, part: int | None = None) -> list[tuple[int, bytes]]:
        """The updates kept for a part (every part's, by part, if None), as they are kept."""
        where, args = ("WHERE part = ?", (part,)) if part is not None else ("", ())
        rows = self._db.rows(
            f"SELECT part, data FROM sync_updates {where} ORDER BY part, seq", args
        )
        return [(int(p), bytes(data)) for p, data in rows]


def files_digest(files: dict[str, str]) -> str:
    """The digest of a set of library files ('' for none)."""
    if not files:
        return ""
    return hashlib.sha256(repr(sorted(files.items())).encode("utf-8")).hexdigest()


def _digest(part: int, update: bytes) -> str:
    return hashlib.sha256(b"%d:" % part + update).hexdigest()
