"""What reader remembers: reading state, bookmarks, highlights and notes, feeds and settings.

`Store` is the only way the UI, the CLI and ingest touch the database, so the schema can grow
without any of them changing. It opens one `Database` (the connection, its lock and
transactions) and hands it to one repository per kind of record, reached as attributes:
`store.highlights` (and `store.suggestions`, acting on what re-attaching them offered),
`store.bookmarks`, `store.reading`, `store.library` (where each article is, read state,
progress), `store.tags`, `store.searches`, `store.reviews` (the daily review's cards and grades),
`store.feeds`, `store.queue` (articles known by their address, and fetching their text) and
`store.arrivals` (imported saved dates). Undo spans highlights, bookmarks, library changes, tags
and grades through one `Journal`, in which each registers how to undo its own changes; imports
are recorded apart (`store.imports`), so the last one can be undone whole.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from reader.core.files import ensure_private_dir
from reader.store import backup
from reader.store.arrivals import Arrivals
from reader.store.bookmarks import Bookmarks
from reader.store.connection import Database
from reader.store.db import StoreError, connect, connect_memory
from reader.store.dirs import DB_FILENAME, library_dir
from reader.store.errors import DiskFull, is_disk_full
from reader.store.highlights import Highlights
from reader.store.imports import Imports
from reader.store.library import Library
from reader.store.queue import FetchQueue
from reader.store.reading import ReadingState
from reader.store.reviews import Reviews
from reader.store.safety import check_data_dir
from reader.store.suggestions import Suggestions
from reader.store.tags import Tags
from reader.store.undo import Journal

if TYPE_CHECKING:
    from reader.store.feeds import Feeds
    from reader.store.searches import SavedSearches
    from reader.store.sync_log import SyncLog

__all__ = ["DB_FILENAME", "Store"]


class Store:
    """The database opened for reader, with one repository per kind of record."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._journal = Journal(db)
        #: Every import's changes: `imports.undo_last()` reverts the last import whole.
        self.imports = Imports(db)
        #: Highlights and their notes (journalled: `undo` reverts them).
        self.highlights = Highlights(db, self._journal, self.imports)
        #: An orphan's suggested place accepted or dismissed (journalled with the highlights).
        self.suggestions = Suggestions(self.highlights)
        #: Bookmarks (journalled like highlights).
        self.bookmarks = Bookmarks(db, self._journal, self.imports)
        #: Position of each article (where reading stopped).
        self.reading = ReadingState(db)
        #: Where each article is, whether it was read, progress, added and opened times; the
        #: state of every article at once (`states()`); batches undone whole by `undo`.
        self.library = Library(db, self._journal, self.imports)
        #: Tags on articles and highlights; rename and merge (journalled).
        self.tags = Tags(db, self._journal, self.imports)
        #: The daily review: each highlight's FSRS card and the grades given (journalled).
        self.reviews = Reviews(db, self._journal, self.imports)
        #: Articles known by their address (imported without text) and the queue fetching them.
        self.queue = FetchQueue(db, self.imports, library_dir(db.path.parent) if db.path else None)
        #: When imported articles were first saved, as the service they came from says.
        self.arrivals = Arrivals(db, self.imports)
        #: Problems worth telling the user that did not stop the store (a failed backup).
        self.warnings: list[str] = []

    @cached_property
    def searches(self) -> SavedSearches:
        """Queries kept under a name (views of the list): made when first asked for, like
        `feeds` (neither is journalled), so that starting the app does not import them."""
        from reader.store.searches import SavedSearches

        return SavedSearches(self._db)

    @cached_property
    def feeds(self) -> Feeds:
        """Feed subscriptions and the entries already saved from them."""
        from reader.store.feeds import Feeds

        return Feeds(self._db)

    @cached_property
    def sync(self) -> SyncLog:
        """Sync between machines: local changes as CRDT updates, remote ones merged in. Made
        when first asked for: the CRDT engine is imported by a sync, not by every start."""
        from reader.store.sync_log import SyncLog

        return SyncLog(self._db)

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """The store in `data_dir`, creating the folder (0700) and database (0600) if needed.

        Raises `UnsafeDataDir` (a `StoreError`) if another user could read or swap its files.
        """
        check_data_dir(Path(data_dir))
        try:
            folder = ensure_private_dir(Path(data_dir))
        except OSError as error:
            if is_disk_full(error):
                raise DiskFull(data_dir) from error
            raise StoreError(f"cannot create the data folder {data_dir}: {error}") from error
        path = folder / DB_FILENAME
        store = cls(Database(connect(path), path))
        try:
            store._db.back_up_if_due(folder)
        except (OSError, sqlite3.Error) as error:
            why = DiskFull(folder) if is_disk_full(error, folder / "backups") else error
            store.warnings.append(f"could not back up {path}: {why}")
        return store

    @staticmethod
    def restore_latest_backup(data_dir: Path) -> backup.Restored:
        """Replace the database with its newest intact backup; the current file is moved aside.

        Meant for when `Store.open` refused a damaged database; no store may be open on it.
        """
        return backup.restore_latest(Path(data_dir), DB_FILENAME)

    @classmethod
    def memory(cls) -> Store:
        """A store that forgets everything on exit.

        The UI falls back to it when the real database cannot be opened, so articles stay
        readable and the problem is reported once instead of breaking every action.
        """
        return cls(Database(connect_memory()))

    @property
    def path(self) -> Path | None:
        """The database file, or None for an in-memory store (nothing survives `close`)."""
        return self._db.path

    @property
    def is_memory(self) -> bool:
        return self._db.path is None

    def undo(self) -> str | None:
        """Undo this session's last change (an annotation, or a batch of library or tag
        changes, whole); returns what was undone, None if nothing.

        Raises `UndoConflict` (and forgets that step) when another session has changed the same
        highlight or bookmark since: putting the old version back would lose their change.
        """
        return self._journal.undo()

    def changed_externally(self) -> bool:
        """Whether another process committed a change since the last call (cheap: poll it)."""
        return self._db.changed_externally()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Make the repository calls inside one transaction: all of them are saved, or none."""
        with self._db.write():
            yield

    # Settings ----------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._db.one("SELECT value FROM settings WHERE key = ?", (key,))
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )

    # Lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
