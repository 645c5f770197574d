"""The store's side of sync: local changes turned into CRDT updates, remote updates merged in.

Local changes are noticed by triggers (migration 8 marks each changed article state, highlight,
tag, bookmark and followed feed in `sync_dirty`), so no write path has to remember sync. The
document is in parts (`reader.core.sync.parts`, kept by `reader.store.sync_parts`): `capture`
loads only the parts of the marked records (and of library files that changed), compares each
record with its part and writes the differences as one update per part. `merge` is the one
transaction of a sync: capture what changed here meanwhile, merge each part's update that
arrived into that part alone (a damaged one is refused with a message, the others go on), then
write each record the merge changed back into its rows. A sync cut off before `merge` changed
nothing; `merge` commits whole or not at all. A store that kept a single document from before
the parts has it split at its first sync (`reader.store.sync_legacy`).
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from reader.core.sync.model import (
    HIGHLIGHT,
    DamagedUpdate,
    SyncDoc,
)
from reader.core.sync.model import new_client_id as new_client_id
from reader.core.sync.parts import DamagedBundle, decode_bundle, part_of
from reader.core.sync.records import HighlightRecord, Snapshot
from reader.store import sync_rows
from reader.store.connection import Database
from reader.store.db import new_id, utc_now
from reader.store.sync_aliases import Aliases
from reader.store.sync_legacy import split_legacy
from reader.store.sync_parts import PartBook, files_digest
from reader.store.sync_records import Rows, capture_one, entities_there, project
from reader.store.sync_settings import SharedSettings
from reader.store.sync_view import PartsView
from reader.store.sync_writes import RowWrites


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
    """The sync document's parts in the store, and the sync history of each target."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._book = PartBook(db)
        #: The shared settings (`[sync] settings`) in the document.
        self.settings = SharedSettings(db, self._book, self.identity)

    @property
    def loads(self) -> int:
        """Parts of the document decoded since the store was opened (what a sync cost)."""
        return self._book.loads

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
            sync_id = _setting(conn, "sync.id") or ""
            client = _setting(conn, "sync.client") or "0"
        if self._book.client != int(client):
            self._book.forget()
            self._book.client = int(client)
        return sync_id, int(client)

    @contextmanager
    def _session(self, files: dict[str, str] | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction with local changes captured. If it fails, the parts loaded
        (ahead of what was kept) are forgotten."""
        self.identity()
        try:
            with self._db.write() as conn:
                split_legacy(conn, self._book)
                self._capture(conn, files or {})
                yield conn
        except BaseException:
            self._book.forget()
            raise

    def prepare(self, files: dict[str, str] | None = None) -> PartsView:
        """The document with every local change captured (one transaction, loading only the
        parts changed here), ready to send; `files`: the library folder's files (path ->
        SHA-256), recorded too."""
        here = files or {}
        if self._has_news(here):
            with self._session(here):
                pass
        return PartsView(self._book, here)

    def merge(
        self,
        updates: Iterable[bytes],
        files: dict[str, str] | None = None,
        before_commit: Callable[[], None] | None = None,
    ) -> tuple[PartsView, Merged]:
        """Capture local changes, merge `updates` (bundles of parts' updates), write what
        changed into rows: one transaction. Only the parts an update is for are loaded, and
        not even those for an update kept here already. `before_commit` is called last, inside
        the transaction: if it raises, nothing is merged (a sync's initiator waits there for
        the far side to commit its own merge, made meanwhile)."""
        merged = Merged()
        here = files or {}
        arrived: dict[int, list[tuple[int, bytes]]] = {}
        for number, bundle in enumerate(updates, start=1):
            try:
                for part, update in decode_bundle(bundle):
                    if update:
                        arrived.setdefault(part, []).append((number, update))
            except DamagedBundle as error:
                merged.problems.append(f"update {number} refused: {error}")
        if not arrived and not self._has_news(here):
            if before_commit is not None:
                before_commit()
            return PartsView(self._book, here), merged
        with self._session(here) as conn:
            by_part = _by_part(here)
            for part, entries in sorted(arrived.items()):
                self._merge_part(conn, part, entries, by_part.get(part, {}), merged)
            conn.execute("DELETE FROM sync_dirty")
            if before_commit is not None:
                before_commit()
        return PartsView(self._book, here), merged

    def _merge_part(
        self,
        conn: sqlite3.Connection,
        part: int,
        entries: list[tuple[int, bytes]],
        files: dict[str, str],
        merged: Merged,
    ) -> None:
        """Merge the updates that arrived for one part (loaded only if one is new here), then
        write the records they changed into rows."""
        doc: SyncDoc | None = None
        for number, update in entries:
            if self._book.has(conn, part, update):
                continue
            if doc is None:
                doc = self._book.load(part, conn)
                doc.take_touched()
            try:
                doc.apply(update)
            except DamagedUpdate as error:
                merged.problems.append(f"update {number} refused: {error}")
                continue
            merged.received += self._book.keep(conn, part, update)
        if doc is not None:
            merged.changed += project(conn, doc, doc.take_touched())
            self._book.save(conn, part, doc, files)
            self._book.compact(conn, part, doc)

    def deleted_highlights(self) -> dict[str, HighlightRecord]:
        """Highlights deleted here or elsewhere, as they last were (each can be restored)."""
        with self._session():
            pass
        found = {}
        for part in sorted(self._book.rows()):
            doc = self._book.load(part)
            for kind, key in sorted(doc.entities()):
                record = doc.highlight(key) if kind == HIGHLIGHT else None
                if record is not None and record.deleted:
                    found[key] = record
        return dict(sorted(found.items()))

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
        self._book.forget()

    def restore(self, highlight_id: str) -> bool:
        """Bring a deleted highlight back as it last was (the next sync restores it elsewhere);
        False if the sync document has no deleted highlight of that id."""
        with self._session() as conn:
            record = self._book.load(part_of(highlight_id), conn).highlight(highlight_id)
            if record is None or not record.deleted:
                return False
            here = Aliases.read(conn).here(record.article)  # on the article here with its content
            writes = RowWrites(conn)
            writes.highlight(highlight_id, replace(record, article=here, deleted=False))
            writes.flush()
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

    def _has_news(self, files: dict[str, str]) -> bool:
        """Whether anything is to be captured: a marked record, a library file changed, or a
        single document from an older reader still to split."""
        with self._db.read() as conn:
            dirty = conn.execute("SELECT 1 FROM sync_dirty LIMIT 1").fetchone()
            legacy = conn.execute("SELECT 1 FROM sync_legacy LIMIT 1").fetchone()
        return dirty is not None or legacy is not None or bool(self._file_parts(files))

    def _file_parts(
        self, files: dict[str, str], conn: sqlite3.Connection | None = None
    ) -> dict[int, dict[str, str]]:
        """The parts whose library files here differ from those last recorded, with them."""
        by_part = _by_part(files)
        known = {part: row.files for part, row in self._book.rows(conn).items() if row.files}
        return {
            part: by_part.get(part, {})
            for part in set(by_part) | set(known)
            if files_digest(by_part.get(part, {})) != known.get(part, "")
        }

    def _capture(self, conn: sqlite3.Connection, files: dict[str, str]) -> None:
        """Write every record marked changed here into its part, one kept update per part."""
        groups: dict[int, list[tuple[str, str]]] = {}
        aliases = Aliases.read(conn)
        for kind, key in conn.execute("SELECT kind, key FROM sync_dirty").fetchall():
            for entity in entities_there(aliases, str(kind), str(key)):
                groups.setdefault(part_of(entity[1]), []).append(entity)
        changed_files = self._file_parts(files, conn)
        by_part = _by_part(files)
        for part in sorted(groups.keys() | changed_files.keys()):
            doc = self._book.load(part, conn)
            mine = by_part.get(part, {})
            items = groups.get(part, [])
            rows = Rows.read(conn, items, aliases)
            with doc.changes() as made:
                for kind, key in items:
                    capture_one(conn, doc, kind, key, rows)
                doc.put_files(mine)
            for update in made:
                self._book.keep(conn, part, update)
            self._book.save(conn, part, doc, mine)
            self._book.compact(conn, part, doc)
        conn.execute("DELETE FROM sync_dirty")


def _by_part(files: dict[str, str]) -> dict[int, dict[str, str]]:
    """Library files grouped by the part each belongs to."""
    by_part: dict[int, dict[str, str]] = {}
    for path, digest in files.items():
        by_part.setdefault(part_of(path), {})[path] = digest
    return by_part


def _setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set(conn: sqlite3.Connection, key: str, value: str) -> str:
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
    return value
