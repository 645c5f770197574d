"""Articles known by their web address, and the queue that fetches their text.

An import from Pocket, Instapaper or Readwise brings thousands of addresses without text. Each
becomes a row here at once, in the import's transaction: its address, its normalised `identity`
(one address, one article, whichever file names it again), and the path in the library folder
its text will be saved to (the article's id is derived from that path, so tags and highlights
attached now stay attached when the text arrives). The rows are the queue: `queued` until
fetched, then `done`; `failed` with the reason once retrying stopped (`retry` puts them back);
`gone` when the site said the page no longer exists (the row, its address and its annotations
stay). A fetcher takes a row with a `lease` (a time after which another may take it), so two
`reader` processes never fetch the same page and one killed mid-fetch loses nothing; `not_before`
is the back-off a busy site asked for. Rows stay once done, as the record of which address is
which article.

Rows an import added are recorded in its batch, as are article files it wrote into the library
folder, so `reader import --undo` removes them (a file only while it is as the import wrote it).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from msgspec import Struct

from reader.core.article import ArticleMeta
from reader.core.library.pending import PENDING
from reader.store.connection import Database
from reader.store.db import utc_now
from reader.store.imports import ImportBatch, Imports
from reader.store.undo import Snapshot

#: The import log's names for rows of this table and for files an import wrote.
KIND = "queue"
FILE_KIND = "library-file"

QUEUED, DONE, FAILED, GONE = "queued", "done", "failed", "gone"
#: Seconds a fetched row stays listed, until the list has read the file it was saved to.
ARRIVING = 60.0


class WebArticle(Struct, frozen=True):
    """One row: an article known by its address, and how fetching it stands."""

    article_id: str
    identity: str
    url: str
    host: str
    #: Where its text goes, relative to the library folder.
    path: str
    title: str = ""
    published: str | None = None
    state: str = QUEUED
    attempts: int = 0
    not_before: float = 0.0
    lease: float = 0.0
    error: str = ""
    added: str = ""
    finished: str | None = None

    def meta(self, library: Path) -> ArticleMeta:
        """The article as the list shows it until its text is here (`PENDING`)."""
        return ArticleMeta(
            id=self.article_id,
            path=str(library / self.path),
            title=self.title or self.url,
            source=_site(self.host),
            date=self.published,
            format=PENDING,
            url=self.url,
        )


class Settled(Struct, frozen=True):
    """How one fetch ended (`FetchQueue.settle`)."""

    article_id: str
    state: str
    error: str = ""
    not_before: float = 0.0
    tried: bool = True


_NAMES: tuple[str, ...] = WebArticle.__struct_fields__
_COLUMNS = ", ".join(_NAMES)
#: Rows an import adds, kept per record of its batch (one record a row costs more than the row).
RECORD_ROWS = 1000
_MARKS = ", ".join("?" * len(_NAMES))


class FetchQueue:
    """The `fetch_queue` table: adding imported addresses, and taking and finishing fetches."""

    def __init__(self, db: Database, imports: Imports, library: Path | None) -> None:
        self._db = db
        self._library = library
        imports.register(KIND, _revert_row)
        imports.register(FILE_KIND, self._revert_file)

    # Reading -------------------------------------------------------------------------------

    def identities(self) -> dict[str, tuple[str, str, bool]]:
        """Every known address identity: its article id, the path of its text (in the library
        folder), and whether that text was saved."""
        rows = self._db.rows("SELECT identity, article_id, path, state FROM fetch_queue")
        return {str(i): (str(a), str(p), s == DONE) for i, a, p, s in rows}

    def get(self, article_id: str) -> WebArticle | None:
        row = self._db.one(
            f"SELECT {_COLUMNS} FROM fetch_queue WHERE article_id = ?", (article_id,)
        )
        return WebArticle(*row) if row else None

    def waiting(self) -> list[WebArticle]:
        """Rows whose text is not here: queued, failed or gone (in the order added)."""
        rows = self._db.rows(
            f"SELECT {_COLUMNS} FROM fetch_queue WHERE state != ? ORDER BY rowid", (DONE,)
        )
        return [WebArticle(*row) for row in rows]

    def pending_articles(self, library: Path, arriving: float = ARRIVING) -> list[ArticleMeta]:
        """The list's rows for articles whose text is not here yet (as `WebArticle.meta`, read
        straight from the rows: 50,000 of them are listed in a fraction of a second).

        Rows fetched in the last `arriving` seconds are listed too: their file is saved, but
        the list may not have read it yet (the folder's watch reports it a moment later), and
        a row must not leave the list before its file joins it (the list deduplicates by id,
        so a row whose file is listed shows once)."""
        folder = str(library).rstrip("/") + "/"
        since = (datetime.now(UTC) - timedelta(seconds=arriving)).isoformat(timespec="seconds")
        rows = self._db.rows(
            "SELECT article_id, path, title, url, host, published FROM fetch_queue "
            "WHERE state != ? OR finished >= ? ORDER BY rowid",
            (DONE, since),
        )
        return [
            ArticleMeta(
                key, folder + path, title or url, _site(host), "", published, 0, "", PENDING, url
            )
            for key, path, title, url, host, published in rows
        ]

    def due(self, now: float, limit: int = 1000) -> list[WebArticle]:
        """Queued rows nobody is fetching and no site asked to wait for, oldest first
        (articles deleted for good are never fetched)."""
        rows = self._db.rows(
            f"SELECT {_COLUMNS} FROM fetch_queue WHERE state = ? AND not_before <= ? "
            "AND lease <= ? AND article_id NOT IN "
            "(SELECT article_id FROM article_state WHERE location = 'deleted') "
            "ORDER BY rowid LIMIT ?",
            (QUEUED, now, now, limit),
        )
        return [WebArticle(*row) for row in rows]

    def next_due(self) -> float | None:
        """When the next queued row may be tried (Unix time), None if none is queued."""
        row = self._db.one(
            "SELECT MIN(MAX(not_before, lease)) FROM fetch_queue WHERE state = ?", (QUEUED,)
        )
        return float(row[0]) if row and row[0] is not None else None

    def shape(self) -> tuple[int, int]:
        """How many rows there are and the newest one's number: changes when rows are added
        (an import) or removed (an undo), not when one is fetched."""
        row = self._db.one("SELECT COUNT(*), COALESCE(MAX(rowid), 0) FROM fetch_queue")
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def counts(self) -> dict[str, int]:
        rows = self._db.rows("SELECT state, COUNT(*) FROM fetch_queue GROUP BY state")
        return {str(state): int(count) for state, count in rows}

    def failures(self) -> list[WebArticle]:
        rows = self._db.rows(
            f"SELECT {_COLUMNS} FROM fetch_queue WHERE state IN (?, ?) ORDER BY rowid",
            (FAILED, GONE),
        )
        return [WebArticle(*row) for row in rows]

    # Import --------------------------------------------------------------------------------

    def add(self, rows: list[WebArticle], batch: ImportBatch) -> int:
        """Add the rows whose address and article are new (recorded in `batch`, a thousand
        to a record); returns how many were."""
        with self._db.write() as conn:
            taken = {
                str(i)
                for row in conn.execute("SELECT identity, article_id FROM fetch_queue")
                for i in row
            }
            fresh: list[WebArticle] = []
            for row in rows:
                if row.identity not in taken and row.article_id not in taken:
                    taken.update((row.identity, row.article_id))
                    fresh.append(row)
            conn.executemany(
                f"INSERT INTO fetch_queue ({_COLUMNS}) VALUES ({_MARKS})",
                [_values(row) for row in fresh],
            )
            for start in range(0, len(fresh), RECORD_ROWS):
                part = fresh[start : start + RECORD_ROWS]
                after = {"rows": {row.article_id: row.state for row in part}}
                batch.record(conn, KIND, part[0].article_id, None, after)
        return len(fresh)

    def record_file(self, batch: ImportBatch, relative: str, data: bytes) -> None:
        """Remember that the import wrote `relative` (in the library folder) with `data`."""
        digest = hashlib.sha256(data).hexdigest()
        with self._db.write() as conn:
            batch.record(conn, FILE_KIND, relative, None, {"sha256": digest})

    # Fetching ------------------------------------------------------------------------------

    def take(self, article_ids: list[str], now: float, until: float) -> set[str]:
        """Lease queued rows until `until`, in one transaction; the ids taken (not those
        another fetcher has, nor those done meanwhile)."""
        taken: set[str] = set()
        with self._db.write() as conn:
            for article_id in article_ids:
                cursor = conn.execute(
                    "UPDATE fetch_queue SET lease = ? WHERE article_id = ? AND state = ? "
                    "AND lease <= ? AND not_before <= ?",
                    (until, article_id, QUEUED, now, now),
                )
                if cursor.rowcount == 1:
                    taken.add(article_id)
        return taken

    def settle(self, outcomes: list[Settled]) -> None:
        """Record how fetches ended, in one transaction: for good (`DONE`, `FAILED` with why,
        `GONE`), or `QUEUED` again after `not_before` (a site asked to wait, the network is
        down; `tried` counts it as an attempt). Their leases end."""
        now = utc_now()
        with self._db.write() as conn:
            for outcome in outcomes:
                if outcome.state == QUEUED:
                    conn.execute(
                        "UPDATE fetch_queue SET lease = 0, not_before = ?, error = ?, "
                        "attempts = attempts + ? WHERE article_id = ?",
                        (
                            outcome.not_before,
                            outcome.error[:500],
                            int(outcome.tried),
                            outcome.article_id,
                        ),
                    )
                else:
                    conn.execute(
                        "UPDATE fetch_queue SET state = ?, error = ?, lease = 0, "
                        "attempts = attempts + 1, finished = ? WHERE article_id = ?",
                        (outcome.state, outcome.error[:500], now, outcome.article_id),
                    )

    def retry(self) -> int:
        """Put every failed row back in the queue, its attempts forgotten; how many."""
        with self._db.write() as conn:
            cursor = conn.execute(
                "UPDATE fetch_queue SET state = ?, attempts = 0, not_before = 0, lease = 0, "
                "error = '' WHERE state = ?",
                (QUEUED, FAILED),
            )
        return cursor.rowcount

    def _revert_file(
        self, conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot
    ) -> bool:
        """Delete a file the import wrote, if it is still exactly what was written (and a plain
        file inside the library folder); False when it is not."""
        del conn, before
        if self._library is None or after is None:
            return False
        path = self._library / target
        try:
            info = os.lstat(path)
            inside = path.resolve().is_relative_to(self._library.resolve())
            if not stat.S_ISREG(info.st_mode) or not inside:
                return False
            if hashlib.sha256(path.read_bytes()).hexdigest() != after.get("sha256"):
                return False
            path.unlink()
        except OSError:
            return False
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # the site's folder, if that was its only article
        return True


def _site(host: str) -> str:
    """The site as the list shows it: the host without `www.` or a port."""
    return host.split(":", 1)[0].removeprefix("www.")


def _values(row: WebArticle) -> tuple[Any, ...]:
    """The row's values in `_COLUMNS` order (`astuple` deep-copies: ten times slower)."""
    return tuple(getattr(row, name) for name in _NAMES)


def _revert_row(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Forget the addresses an import added, except those whose text has been fetched since (the
    article is then the user's like any other, and stays); False when none could be."""
    del target, before
    added: dict[str, str] = (after or {}).get("rows", {})
    forgotten = 0
    for article_id, state in added.items():
        row: Any = conn.execute(
            "SELECT state FROM fetch_queue WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is not None and row[0] == DONE and state != DONE:
            continue
        conn.execute("DELETE FROM fetch_queue WHERE article_id = ?", (article_id,))
        forgotten += 1
    return forgotten > 0 or not added
