"""The store's side of sync: local changes turned into CRDT updates, remote updates merged in.

Local changes are noticed by triggers (migration 8 marks each changed article state, highlight,
tag, bookmark and followed feed in `sync_dirty`), so no write path has to remember sync.
`capture` compares each marked record with the document and writes the differences into it as
one update, kept in `sync_updates`. `merge` is the one transaction of a sync: capture what
changed here meanwhile, merge every update that arrived (a damaged one is refused with a
message, the others go on), then write each record the merge changed back into its rows. A sync
cut off before `merge` changed nothing; `merge` commits whole or not at all. A store with
nothing new since its last sync does not even load the document (`Unloaded`: its state vector
is kept).
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from reader.core.sync.model import (
    ARTICLE,
    BOOKMARK,
    FEED,
    HIGHLIGHT,
    DamagedUpdate,
    Entity,
    SyncDoc,
)
from reader.core.sync.model import new_client_id as new_client_id
from reader.core.sync.records import HighlightRecord, Snapshot
from reader.store import sync_rows
from reader.store.connection import Database
from reader.store.db import new_id, utc_now
from reader.store.sync_unloaded import DocView, Unloaded, files_digest

#: Updates kept one by one before they are folded into one (loading many small ones is slow).
COMPACT_AFTER = 200


@dataclass
class Merged:
    """What one merge did: records changed here, updates new here, updates refused and why."""

    changed: int = 0
    received: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TargetStatus:
    """The last sync with one target, as `reader sync --status` and the status line say it."""

    target: str
    last_ok: str | None
    last_try: str | None
    error: str
    sent: int
    received: int


class SyncLog:
    """The sync document's updates in the store, and the sync history of each target."""

    def __init__(self, db: Database) -> None:
        self._db = db
        #: The document last loaded (by which thread, up to which kept update): loading a
        #: whole library's document costs seconds, applying what was kept since costs little.
        self._cached: tuple[int, SyncDoc, int] | None = None

    def identity(self) -> tuple[str, int]:
        """This store's sync id (names its file in a sync folder) and its CRDT client id.

        Both are tied to where the database is (this machine, this path): a database copied to
        another machine or folder gets new ones the first time it is used there, before it
        writes anything, so two copies never write under one identity (which the engine could
        not tell apart). The history is kept, so nothing already synced is sent twice."""
        home = f"{socket.gethostname()}:{self._db.path}"
        with self._db.write() as conn:
            if _setting(conn, "sync.home") != home:
                _set(conn, "sync.id", new_id())
                _set(conn, "sync.client", str(new_client_id()))
                _set(conn, "sync.home", home)
                self._cached = None
            sync_id = _setting(conn, "sync.id") or ""
            client = _setting(conn, "sync.client") or "0"
        return sync_id, int(client)

    @contextmanager
    def _session(
        self, files: dict[str, str] | None = None
    ) -> Iterator[tuple[sqlite3.Connection, SyncDoc]]:
        """One write transaction with the document loaded and local changes captured. If it
        fails, the document in memory (ahead of what was kept) is forgotten."""
        _, client = self.identity()
        try:
            with self._db.write() as conn:
                doc = self._load(conn, client)
                self._capture(conn, doc, files or {})
                yield conn, doc
                self._remember(conn, doc, files or {})
        except BaseException:
            self._cached = None
            raise

    def prepare(self, files: dict[str, str] | None = None) -> DocView:
        """The document with every local change captured (one transaction), ready to send;
        `files`: the library folder's files (path -> SHA-256), recorded too. With nothing
        changed here since the last sync, the document is not even loaded (`Unloaded`)."""
        quiet = self._quiet(files or {})
        if quiet is not None:
            return quiet
        with self._session(files) as (_, doc):
            return doc

    def full(self, files: dict[str, str] | None = None) -> SyncDoc:
        """The whole document, loaded, with every local change captured."""
        with self._session(files) as (_, doc):
            return doc

    def merge(
        self, updates: Iterable[bytes], files: dict[str, str] | None = None
    ) -> tuple[DocView, Merged]:
        """Capture local changes, merge `updates`, write what changed into rows: one transaction.
        Empty updates stand for "nothing new"; with only those and nothing changed here, the
        document is not loaded."""
        merged = Merged()
        updates = [update for update in updates if update]
        quiet = None if updates else self._quiet(files or {})
        if quiet is not None:
            return quiet, merged
        with self._session(files) as (conn, doc):
            doc.take_touched()
            for number, update in enumerate(updates, start=1):
                try:
                    doc.apply(update)
                except DamagedUpdate as error:
                    merged.problems.append(f"update {number} refused: {error}")
                    continue
                merged.received += self._keep(conn, update)
            touched = doc.take_touched()
            merged.changed = _project(conn, doc, touched)
            conn.execute("DELETE FROM sync_dirty")
            self._compact(conn, doc)
        return doc, merged

    def deleted_highlights(self) -> dict[str, HighlightRecord]:
        """Highlights deleted here or elsewhere, as they last were (each can be restored)."""
        doc = self.full()
        found = {}
        for kind, key in sorted(doc.entities()):
            record = doc.highlight(key) if kind == HIGHLIGHT else None
            if record is not None and record.deleted:
                found[key] = record
        return found

    def written(self, folder: str) -> set[str]:
        """SHA-256 of what this store last wrote as its file in a sync folder (two while it is
        being replaced), or nothing if it never wrote there."""
        row = self._db.one("SELECT value FROM settings WHERE key = ?", (f"sync.folder:{folder}",))
        return set(str(row[0]).split("|")) if row else set()

    def set_written(self, folder: str, digests: Iterable[str]) -> None:
        with self._db.write() as conn:
            _set(conn, f"sync.folder:{folder}", "|".join(sorted(digests)))

    def reset(self) -> None:
        """Give this store a new sync identity (its history kept): for a database that another
        store shares its identity with (one copied at the same path on another machine)."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM settings WHERE key = 'sync.home'")
        self._cached = None

    def restore(self, highlight_id: str) -> bool:
        """Bring a deleted highlight back as it last was (the next sync restores it elsewhere);
        False if the sync document has no deleted highlight of that id."""
        with self._session() as (conn, doc):
            record = doc.highlight(highlight_id)
            if record is None or not record.deleted:
                return False
            sync_rows.write_highlight(conn, highlight_id, replace(record, deleted=False))
        return True

    def known_files(self) -> dict[str, tuple[int, int, str]]:
        """Each library file's size, time and SHA-256 when last read (to read only changed ones)."""
        rows = self._db.rows("SELECT path, size, mtime_ns, digest FROM sync_files")
        return {
            str(path): (int(size), int(mtime), str(digest)) for path, size, mtime, digest in rows
        }

    def remember_files(self, files: dict[str, tuple[int, int, str]]) -> None:
        """Keep the hashes just read, forgetting files no longer there."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM sync_files")
            conn.executemany(
                "INSERT INTO sync_files (path, size, mtime_ns, digest) VALUES (?, ?, ?, ?)",
                [(path, *row) for path, row in files.items()],
            )

    def pending(self) -> int:
        """Records changed here since the last sync (an upper bound: a change undone counts)."""
        row = self._db.one("SELECT COUNT(*) FROM sync_dirty")
        return int(row[0]) if row else 0

    def snapshot(self) -> Snapshot:
        """Every synced record as this store's rows hold it."""
        with self._db.read() as conn:
            return sync_rows.read_all(conn)

    def record(
        self, target: str, *, error: str = "", ok: bool = False, sent: int = 0, received: int = 0
    ) -> None:
        """Remember how the last sync with `target` went (`ok`: it completed, maybe with
        problems named in `error`)."""
        now = utc_now()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO sync_targets (target, last_ok, last_try, error, sent, received) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (target) DO UPDATE SET "
                "last_ok = COALESCE(excluded.last_ok, last_ok), last_try = excluded.last_try, "
                "error = excluded.error, sent = excluded.sent, received = excluded.received",
                (target, now if ok else None, now, error, sent, received),
            )

    def statuses(self) -> list[TargetStatus]:
        """Every target synced with, by name."""
        rows = self._db.rows(
            "SELECT target, last_ok, last_try, error, sent, received FROM sync_targets "
            "ORDER BY target"
        )
        return [TargetStatus(*row) for row in rows]

    def _load(self, conn: sqlite3.Connection, client: int) -> SyncDoc:
        """The document with every kept update: the one this thread loaded before, brought up
        to date with the updates kept since (updates merge in any order, so this is exact)."""
        thread = threading.get_ident()
        if self._cached is None or self._cached[0] != thread:
            rows = conn.execute("SELECT seq, data FROM sync_updates ORDER BY seq").fetchall()
            doc = SyncDoc((bytes(row[1]) for row in rows), client_id=client)
        else:
            _, doc, seen = self._cached
            rows = conn.execute(
                "SELECT seq, data FROM sync_updates WHERE seq > ? ORDER BY seq", (seen,)
            ).fetchall()
            for _, data in rows:
                doc.apply(bytes(data))
            doc.take_touched()
        self._cache(conn, doc)
        return doc

    def _remember(self, conn: sqlite3.Connection, doc: SyncDoc, files: dict[str, str]) -> None:
        """Keep the document for this thread, and what the next sync needs to know without
        loading it: its state vector, the files it was told of, whether it names files missing
        here."""
        self._cache(conn, doc)
        missing = any(path not in files for path in doc.files())
        _set(conn, "sync.state", doc.state_vector().hex())
        _set(conn, "sync.files", files_digest(files) if not missing else "")

    def _cache(self, conn: sqlite3.Connection, doc: SyncDoc) -> None:
        row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM sync_updates").fetchone()
        self._cached = (threading.get_ident(), doc, int(row[0]) if row else 0)

    def has_news(self, files: dict[str, str]) -> bool:
        """Whether anything changed here since the last sync (records, the library's files)."""
        return self._quiet(files) is None

    def _quiet(self, files: dict[str, str]) -> Unloaded | None:
        """An `Unloaded` document when nothing changed here since the last sync recorded its
        state (no marked record, the same library files, none of them missing), else None."""
        with self._db.read() as conn:
            state = _setting(conn, "sync.state")
            known = _setting(conn, "sync.files")
            dirty = conn.execute("SELECT 1 FROM sync_dirty LIMIT 1").fetchone()
        if state is None or dirty is not None or known != files_digest(files):
            return None
        return Unloaded(bytes.fromhex(state), files, lambda: self.full(files))

    def _capture(self, conn: sqlite3.Connection, doc: SyncDoc, files: dict[str, str]) -> None:
        """Write every record marked changed here into the document, as one kept update."""
        dirty = conn.execute("SELECT kind, key FROM sync_dirty").fetchall()
        with doc.changes() as made:
            for kind, key in dirty:
                _capture_one(conn, doc, str(kind), str(key))
            doc.put_files(files)
        for update in made:
            self._keep(conn, update)
        conn.execute("DELETE FROM sync_dirty")

    def _keep(self, conn: sqlite3.Connection, update: bytes) -> int:
        """Store an update unless it is here already; 1 if it was new."""
        digest = hashlib.sha256(update).hexdigest()
        cursor = conn.execute(
            "INSERT OR IGNORE INTO sync_updates (digest, data, added) VALUES (?, ?, ?)",
            (digest, update, utc_now()),
        )
        return cursor.rowcount

    def _compact(self, conn: sqlite3.Connection, doc: SyncDoc) -> None:
        """Fold the kept updates into one once there are many (the document stays the same)."""
        row = conn.execute("SELECT COUNT(*) FROM sync_updates").fetchone()
        if row is None or int(row[0]) <= COMPACT_AFTER:
            return
        conn.execute("DELETE FROM sync_updates")
        self._keep(conn, doc.update_since(None))


def _capture_one(conn: sqlite3.Connection, doc: SyncDoc, kind: str, key: str) -> None:
    if kind == ARTICLE:
        article = sync_rows.read_article(conn, key)
        if article != doc.article(key):
            doc.put_article(key, article)
    elif kind == HIGHLIGHT:
        here = sync_rows.read_highlight(conn, key)
        there = doc.highlight(key)
        if here is not None and here != there:
            doc.put_highlight(key, here)
        elif here is None and there is not None and not there.deleted:
            doc.put_highlight(key, replace(there, deleted=True))
    elif kind == FEED:
        title = sync_rows.read_feed(conn, key)
        if title != doc.feed(key):
            doc.put_feed(key, title)
    elif kind == BOOKMARK:
        mark = sync_rows.read_bookmark(conn, key)
        theirs = doc.bookmark(key)
        if mark is not None and mark != theirs:
            doc.put_bookmark(key, mark)
        elif mark is None and theirs is not None and not theirs.deleted:
            doc.put_bookmark(key, replace(theirs, deleted=True))


def _project(conn: sqlite3.Connection, doc: SyncDoc, touched: set[Entity]) -> int:
    """Write every touched record of the document into rows; returns how many differed."""
    changed = 0
    for kind, key in sorted(touched):
        if kind == ARTICLE:
            record = doc.article(key)
            if sync_rows.read_article(conn, key) != record:
                sync_rows.write_article(conn, key, record)
                changed += 1
        elif kind == HIGHLIGHT:
            theirs = doc.highlight(key)
            here = sync_rows.read_highlight(conn, key)
            wanted = None if theirs is None or theirs.deleted else theirs
            if here != wanted:
                sync_rows.write_highlight(conn, key, wanted)
                changed += 1
        elif kind == FEED:
            title = doc.feed(key)
            if sync_rows.read_feed(conn, key) != title:
                sync_rows.write_feed(conn, key, title)
                changed += 1
        elif kind == BOOKMARK:
            mark = doc.bookmark(key)
            current = sync_rows.read_bookmark(conn, key)
            wanted_mark = None if mark is None or mark.deleted else mark
            if current != wanted_mark:
                sync_rows.write_bookmark(conn, key, wanted_mark)
                changed += 1
    return changed


def _setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set(conn: sqlite3.Connection, key: str, value: str) -> str:
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
    return value
