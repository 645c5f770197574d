"""The library state of every article: where it is, whether it was read, how far, since when.

`states()` is the one query the list needs: the state of every article the store knows, with
its tags, highlight count and bookmark, in one read (`places()`, lighter, is what the first
screen waits for; the reads are in `library_reads.py`). Changes made by the user (`move`,
`set_read`) take any number of articles at once and are one step of the undo journal, so `u`
undoes a whole batch; each article is written in place (never a read-modify-write of a list held
in memory), so two sessions archiving and tagging at once lose nothing. Progress reported by the
reading pane and the opened time are facts, not user changes: they are not journalled.

An article the store has never seen is in the Inbox, unread (`reader.core.shelf.state_of`);
`register` records when the store first saw each article (its `added` time).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from reader.core.shelf import DEFAULT_SORT, ArticleState, Location, SortKey
from reader.store import first_screen
from reader.store import library_reads as reads
from reader.store.claims import is_later
from reader.store.connection import Database
from reader.store.db import new_id, utc_now
from reader.store.first_screen import KeptScreen
from reader.store.imports import ImportBatch, Imports
from reader.store.undo import Journal, Snapshot

#: The journal's (and the import log's) name for changes of articles' location and read state.
KIND = "library"

#: Ids per `IN (...)` query: well under SQLite's limit on variables.
CHUNK = 500

#: The columns a journalled change may touch, with the value an article without a row has.
_DEFAULTS: dict[str, Any] = {"location": "inbox", "read": 0, "progress": 0, "position": 0}


class Library:
    """The `article_state` table seen as the library: locations, read state, progress."""

    def __init__(self, db: Database, journal: Journal, imports: Imports) -> None:
        self._db = db
        self._journal = journal
        journal.register(KIND, _revert)
        imports.register(KIND, _revert)

    # Reading -------------------------------------------------------------------------------

    def states(self) -> dict[str, ArticleState]:
        """The state of every article the store knows (a row, a tag, a highlight or a
        bookmark), by id, read at once (a consistent snapshot)."""
        with self._db.read() as conn:
            return reads.every_state(conn)

    def state(self, article_id: str) -> ArticleState:
        """One article's state (an article never seen: in the Inbox, unread)."""
        return self.states_of([article_id]).get(article_id, ArticleState(article_id))

    def states_of(self, article_ids: Iterable[str]) -> dict[str, ArticleState]:
        """The states of these articles (those the store knows), as `states()` has them."""
        with self._db.read() as conn:
            return reads.states_of(conn, list(dict.fromkeys(article_ids)))

    def places(self) -> reads.Places:
        """Where each article the store has a row for is and when it was added, and the
        article opened last: what the first view needs, read without the rest."""
        with self._db.read() as conn:
            return reads.places(conn)

    def first_screen(self) -> KeptScreen | None:
        """The Inbox's first rows as the list kept them, if nothing they depend on in the store
        changed since (`store.first_screen`; the caller checks the index they came from)."""
        with self._db.read() as conn:
            return first_screen.kept(conn)

    def state_digest(self) -> str:
        """What the first screen depends on in the store, as `keep_first_screen` wants it."""
        with self._db.read() as conn:
            return first_screen.state_digest(conn)

    def keep_first_screen(self, screen: KeptScreen, state: str) -> None:
        """Keep the Inbox's first rows, made when the store's `state_digest` was `state`."""
        with self._db.write() as conn:
            first_screen.keep(conn, screen, state)

    def ids_in(self, location: Location) -> set[str]:
        """The articles the store has in `location` (the Inbox also holds every article it
        has never seen)."""
        rows = self._db.rows(
            "SELECT article_id FROM article_state WHERE location = ?", (str(location),)
        )
        return {str(row[0]) for row in rows}

    # Facts (not journalled) ----------------------------------------------------------------

    def register(self, article_ids: Iterable[str]) -> int:
        """Remember when each article was first seen (its `added` time); returns how many were
        new. Cheap when none is: one read, no write."""
        return self.registered(article_ids)[0]

    def registered(self, article_ids: Iterable[str]) -> tuple[int, str]:
        """`register`, and the store's `state_digest` at a moment when every one of these
        articles had its row (the caller need not register them again while it holds)."""
        with self._db.read() as conn, reads.snapshot_read(conn):
            known = {str(row[0]) for row in conn.execute("SELECT article_id FROM article_state")}
            state = first_screen.state_digest(conn)
        new = [article_id for article_id in dict.fromkeys(article_ids) if article_id not in known]
        if not new:
            return 0, state
        now = utc_now()
        with self._db.write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO article_state (article_id, added_at, updated_at) "
                "VALUES (?, ?, ?)",
                [(article_id, now, now) for article_id in new],
            )
            state = first_screen.state_digest(conn)
        return len(new), state

    def opened(self, article_id: str) -> None:
        """Stamp the article as opened now; opening alone never makes it read."""
        now = utc_now()
        with self._db.write() as conn:
            _ensure_rows(conn, [article_id], now)
            conn.execute(
                "UPDATE article_state SET opened_at = ?, updated_at = ? WHERE article_id = ?",
                (now, now, article_id),
            )

    def set_progress(self, article_id: str, progress: int) -> bool:
        """Record how far the article has been read (0-100, clamped). Reaching 100 (its end
        has been on screen) from below marks it read; returns whether that happened."""
        value = max(0, min(100, int(progress)))
        now = utc_now()
        with self._db.write() as conn:
            _ensure_rows(conn, [article_id], now)
            row = conn.execute(
                "SELECT progress FROM article_state WHERE article_id = ?", (article_id,)
            ).fetchone()
            finished = value == 100 and int(row[0]) < 100
            conn.execute(
                "UPDATE article_state SET progress = ?, read = CASE WHEN ? THEN 1 ELSE read END, "
                "updated_at = ? WHERE article_id = ?",
                (value, int(finished), now, article_id),
            )
        return finished

    # User changes (journalled, one step per call) ---------------------------------------------

    def move(self, article_ids: Iterable[str], location: Location) -> int:
        """Move articles to `location` (archive, trash, back to the inbox) as one undoable step;
        returns how many were moved (those already there are not)."""
        place = Location(location)
        verb = {
            Location.INBOX: "move {} to the inbox",
            Location.ARCHIVE: "archive {}",
            Location.TRASH: "trash {}",
            Location.DELETED: "delete {}",
        }[place]
        return self._change(article_ids, "location", str(place), verb)

    def set_read(self, article_ids: Iterable[str], read: bool = True) -> int:
        """Mark articles read or unread as one undoable step; returns how many changed."""
        verb = "mark {} read" if read else "mark {} unread"
        return self._change(article_ids, "read", int(bool(read)), verb)

    def empty_trash(self) -> list[str]:
        """Every article in the Trash becomes `deleted`: no view shows it again, and it never
        comes back to the Inbox. Its highlights, notes, tags and bookmarks stay in the store
        (`reader export` still carries them). Not undoable: ask first. Returns the ids; deleting
        files is the caller's (and only inside the library folder)."""
        with self._db.write() as conn:
            ids = [
                str(row[0])
                for row in conn.execute(
                    "SELECT article_id FROM article_state WHERE location = 'trash'"
                ).fetchall()
            ]
            conn.execute(
                "UPDATE article_state SET location = 'deleted', updated_at = ? "
                "WHERE location = 'trash'",
                (utc_now(),),
            )
        return ids

    # Views ---------------------------------------------------------------------------------

    def sort_of(self, view: str) -> SortKey:
        """The sort remembered for `view` (`inbox`, `archive`, `trash`, `all`, `tag:KEY`,
        `search:NAME`), else the default (date added, newest first)."""
        row = self._db.one("SELECT value FROM settings WHERE key = ?", ("sort." + view,))
        try:
            return SortKey(str(row[0])) if row else DEFAULT_SORT
        except ValueError:  # written by a newer reader
            return DEFAULT_SORT

    def remember_sort(self, view: str, key: SortKey) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                ("sort." + view, str(SortKey(key))),
            )

    # Import --------------------------------------------------------------------------------

    def merge(self, claims: dict[str, dict[str, Any]], batch: ImportBatch) -> int:
        """Merge imported state (`location`, `read`, `progress`, `position`, and `updated`, when
        the exporting store last changed it) into articles, recorded in `batch` (undone with the
        import); returns how many articles changed.

        An article untouched here (in the inbox, unread, never read into) takes the imported
        state; one changed here takes it only when it was changed there later (`is_later`);
        otherwise it keeps its own, except that progress is the further of the two.
        """
        changed = 0
        with self._db.write() as conn:
            now = utc_now()
            for article_id, fields in claims.items():
                wanted = {key: value for key, value in fields.items() if key in _DEFAULTS}
                current = _values(conn, [article_id], list(_DEFAULTS))[article_id]
                row = conn.execute(
                    "SELECT updated_at FROM article_state WHERE article_id = ?", (article_id,)
                ).fetchone()
                later = row is None or is_later(str(fields.get("updated") or ""), str(row[0]))
                stamp = str(fields.get("updated") or now)  # the change's own time
                if current != _DEFAULTS and not later:
                    mine = int(current["progress"])
                    wanted = {"progress": max(mine, int(wanted.get("progress", mine)))}
                    stamp = now
                take = {key: value for key, value in wanted.items() if current[key] != value}
                if not take:
                    continue
                _ensure_rows(conn, [article_id], now)
                _write(conn, article_id, take, stamp)
                was = {key: current[key] for key in take}
                batch.record(
                    conn, KIND, article_id, {"articles": {article_id: was}},
                    {"articles": {article_id: take}},
                )  # fmt: skip
                changed += 1
        return changed

    def _change(self, article_ids: Iterable[str], column: str, value: object, verb: str) -> int:
        ids = list(dict.fromkeys(article_ids))
        with self._db.write() as conn:
            now = utc_now()
            _ensure_rows(conn, ids, now)
            before = {
                key: fields
                for key, fields in _values(conn, ids, [column]).items()
                if fields[column] != value
            }
            if not before:
                return 0
            conn.executemany(
                f"UPDATE article_state SET {column} = ?, updated_at = ? WHERE article_id = ?",
                [(value, now, key) for key in before],
            )
            after = {key: {column: value} for key in before}
            count = len(before)
            described = verb.format(f"{count} article" + ("s" if count != 1 else ""))
            self._journal.record(
                conn, KIND, new_id(), {"articles": before}, {"articles": after}, described
            )
        return count


def chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _ensure_rows(conn: sqlite3.Connection, ids: list[str], now: str) -> None:
    """A row for each article (added now if the store had never seen it)."""
    conn.executemany(
        "INSERT OR IGNORE INTO article_state (article_id, added_at, updated_at) VALUES (?, ?, ?)",
        [(article_id, now, now) for article_id in ids],
    )


def _values(
    conn: sqlite3.Connection, ids: list[str], columns: list[str]
) -> dict[str, dict[str, Any]]:
    """The current `columns` of each article (defaults for one without a row)."""
    found = {key: {column: _DEFAULTS[column] for column in columns} for key in ids}
    if not columns:
        return found
    listed = ", ".join(columns)
    for part in chunks(ids):
        marks = ", ".join("?" * len(part))
        for row in conn.execute(
            f"SELECT article_id, {listed} FROM article_state WHERE article_id IN ({marks})", part
        ):
            found[str(row[0])] = dict(zip(columns, row[1:], strict=True))
    return found


def _write(conn: sqlite3.Connection, article_id: str, fields: dict[str, Any], now: str) -> None:
    for column, value in fields.items():
        assert column in _DEFAULTS, column
        conn.execute(
            f"UPDATE article_state SET {column} = ?, updated_at = ? WHERE article_id = ?",
            (value, now, article_id),
        )


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Put articles back as `before` says, each only where it is still as `after` says (another
    session may have moved it since); False when none could be put back."""
    was = (before or {}).get("articles", {})
    now_as = (after or {}).get("articles", {})
    if not now_as:
        return True
    stamp = utc_now()
    reverted = 0
    for article_id, fields in now_as.items():
        current = _values(conn, [article_id], list(fields))[article_id]
        if current != fields:
            continue
        old = was.get(article_id) or {column: _DEFAULTS[column] for column in fields}
        _write(conn, article_id, old, stamp)
        reverted += 1
    return reverted > 0
