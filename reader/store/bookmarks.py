"""Bookmarks: places in an article the reader wants to come back to.

An article can have several; `toggle` is what the `b` key does (bookmark the article, or take
all its bookmarks away). Adding and removing are journalled like highlights, so `u` undoes them
in the same history.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from reader.store.connection import Database
from reader.store.db import new_id, utc_now
from reader.store.imports import ImportBatch, Imports, own_id
from reader.store.undo import Journal, Snapshot

#: The journal's name for changes to bookmarks.
KIND = "bookmark"

_COLUMNS = "id, article_id, position, label, created"
_NAMES = [name.strip() for name in _COLUMNS.split(",")]


class Bookmark(Struct, frozen=True):
    """A saved place: a character offset into the article's body, with an optional label."""

    id: str
    article_id: str
    position: int
    label: str
    created: str


def bookmark_from_row(row: tuple[Any, ...]) -> Bookmark:
    return Bookmark(str(row[0]), str(row[1]), int(row[2]), str(row[3]), str(row[4]))


def bookmark_row(bookmark: Bookmark) -> tuple[Any, ...]:
    """The values for `_COLUMNS`, in order."""
    b = bookmark
    return (b.id, b.article_id, b.position, b.label, b.created)


class Bookmarks:
    """The bookmarks table: toggling, adding, deleting (all journalled), listing and merging."""

    def __init__(self, db: Database, journal: Journal, imports: Imports) -> None:
        self._db = db
        self._journal = journal
        journal.register(KIND, _revert)
        imports.register(KIND, _revert)

    def toggle(self, article_id: str, position: int = 0, label: str = "") -> bool:
        """Bookmark the article, or remove its bookmarks; returns whether it is bookmarked now."""
        with self._db.write() as conn:
            existing = conn.execute(
                f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id = ?", (article_id,)
            ).fetchall()
            if existing:
                conn.execute("DELETE FROM bookmarks WHERE article_id = ?", (article_id,))
                for row in existing:
                    self._journal.record_change(
                        conn, KIND, bookmark_from_row(row), None, "unbookmark", _snapshot
                    )
                return False
            self._add(conn, article_id, position, label)
            return True

    def add(self, article_id: str, position: int = 0, label: str = "") -> Bookmark:
        """A bookmark at a position; an article can have several."""
        with self._db.write() as conn:
            return self._add(conn, article_id, position, label)

    def delete(self, bookmark_id: str) -> bool:
        """Remove one bookmark (undoable); False if it was already gone."""
        with self._db.write() as conn:
            row = conn.execute(
                f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)
            ).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            self._journal.record_change(
                conn, KIND, bookmark_from_row(row), None, "unbookmark", _snapshot
            )
            return True

    def all(self) -> list[Bookmark]:
        """Every bookmark, by article then position."""
        return self._list("", ())

    def for_article(self, article_id: str) -> list[Bookmark]:
        """One article's bookmarks, by position."""
        return self._list("WHERE article_id = ?", (article_id,))

    def article_ids(self) -> set[str]:
        """The articles with at least one bookmark."""
        return {str(row[0]) for row in self._db.rows("SELECT DISTINCT article_id FROM bookmarks")}

    def merge(self, bookmarks: list[Bookmark], batch: ImportBatch) -> int:
        """Add imported bookmarks whose id is not here yet, recording them in `batch`; returns
        how many were added. An id that is another article's bookmark here gets an id of its own.
        """
        marks = ", ".join("?" * len(_NAMES))
        added = 0
        with self._db.write() as conn:
            for claimed in bookmarks:
                found = own_id(conn, "bookmarks", claimed.id, claimed.article_id)
                bookmark = replace(claimed, id=found)
                cursor = conn.execute(
                    f"INSERT OR IGNORE INTO bookmarks ({_COLUMNS}) VALUES ({marks})",
                    bookmark_row(bookmark),
                )
                if cursor.rowcount:
                    batch.record(conn, KIND, bookmark.id, None, _snapshot(bookmark))
                    added += 1
        return added

    def _list(self, where: str, params: tuple[object, ...]) -> list[Bookmark]:
        rows = self._db.rows(
            f"SELECT {_COLUMNS} FROM bookmarks {where} ORDER BY article_id, position, created, id",
            params,
        )
        return [bookmark_from_row(row) for row in rows]

    def _add(
        self, conn: sqlite3.Connection, article_id: str, position: int, label: str
    ) -> Bookmark:
        made = Bookmark(new_id(), article_id, max(0, int(position)), label, utc_now())
        conn.execute(
            f"INSERT INTO bookmarks ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)", bookmark_row(made)
        )
        self._journal.record_change(conn, KIND, None, made, "bookmark", _snapshot)
        return made


def _snapshot(bookmark: Bookmark | None) -> Snapshot:
    if bookmark is None:
        return None
    return dict(zip(_NAMES, bookmark_row(bookmark), strict=True))


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Put a bookmark back, or take it away again; False if it changed elsewhere since."""
    exists = conn.execute("SELECT 1 FROM bookmarks WHERE id = ?", (target,)).fetchone()
    if after is None:
        if exists or before is None:
            return False
        conn.execute(
            f"INSERT INTO bookmarks ({_COLUMNS}) "
            "VALUES (:id, :article_id, :position, :label, :created)",
            before,
        )
        return True
    if not exists:
        return False
    conn.execute("DELETE FROM bookmarks WHERE id = ?", (target,))
    return True
