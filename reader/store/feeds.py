"""Feed subscriptions and what a refresh must remember between runs.

For each feed: the ETag and Last-Modified its server sent (so the next refresh asks "changed
since?" and an unchanged feed costs one 304), when it was last checked and the last error; and
for each entry already saved, the entry's id and a fingerprint of its content, so a refresh adds
only new entries and re-saves only entries the feed has changed. Not journalled: following a
feed is undone by unfollowing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.store.connection import Database
from reader.store.db import utc_now

_FEED = "id, url, title, site_url, etag, last_modified, added, checked, error"


@dataclass(frozen=True, slots=True)
class Subscription:
    """A followed feed. `error` is the last refresh's failure ("" when it went well)."""

    id: int
    url: str
    title: str
    site_url: str
    etag: str | None
    last_modified: str | None
    added: str
    checked: str | None
    error: str


def subscription_from_row(row: tuple[Any, ...]) -> Subscription:
    return Subscription(
        int(row[0]), str(row[1]), str(row[2]), str(row[3]), row[4], row[5], str(row[6]),
        row[7], str(row[8]),
    )  # fmt: skip


class Feeds:
    """The feeds and feed_entries tables: subscriptions and what each refresh remembers."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[Subscription]:
        """Every followed feed, in the order they were added."""
        rows = self._db.rows(f"SELECT {_FEED} FROM feeds ORDER BY id")
        return [subscription_from_row(row) for row in rows]

    def find(self, id_or_url: str) -> Subscription | None:
        """The feed with this number (as `reader feed list` shows it) or this exact URL."""
        key = id_or_url.strip()
        with self._db.read() as conn:
            query = f"SELECT {_FEED} FROM feeds WHERE "
            row = conn.execute(query + "url = ?", (key,)).fetchone()
            if row is None and key.isdigit():
                row = conn.execute(query + "id = ?", (int(key),)).fetchone()
        return subscription_from_row(row) if row else None

    def subscribe(self, url: str, title: str = "", site_url: str = "") -> tuple[Subscription, bool]:
        """Follow `url`; returns the subscription and whether it is new (False: already here)."""
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO feeds (url, title, site_url, added) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO NOTHING",
                (url, title, site_url, utc_now()),
            )
            added = cursor.rowcount == 1
            row = conn.execute(f"SELECT {_FEED} FROM feeds WHERE url = ?", (url,)).fetchone()
        return subscription_from_row(row), added

    def unsubscribe(self, feed_id: int) -> bool:
        """Stop following a feed (its saved articles stay in the library); False if unknown."""
        with self._db.write() as conn:
            cursor = conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return cursor.rowcount == 1

    def record_check(
        self,
        feed_id: int,
        *,
        error: str = "",
        title: str | None = None,
        site_url: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """What one refresh of the feed found. Validators are kept only after a success: a
        failed refresh must not make the next one conditional on a body never received."""
        with self._db.write() as conn:
            if error:
                conn.execute(
                    "UPDATE feeds SET checked = ?, error = ? WHERE id = ?",
                    (utc_now(), error, feed_id),
                )
                return
            conn.execute(
                "UPDATE feeds SET checked = ?, error = '', etag = ?, last_modified = ?, "
                "title = CASE WHEN ? != '' THEN ? ELSE title END, "
                "site_url = CASE WHEN ? != '' THEN ? ELSE site_url END WHERE id = ?",
                (
                    utc_now(), etag, last_modified, title or "", title or "", site_url or "",
                    site_url or "", feed_id,
                ),
            )  # fmt: skip

    def seen_entries(self, feed_id: int) -> dict[str, str]:
        """Entry id to content fingerprint, for every entry of the feed already saved."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT entry_id, fingerprint FROM feed_entries WHERE feed_id = ?", (feed_id,)
            ).fetchall()
        return {str(entry): str(fingerprint) for entry, fingerprint in rows}

    def entry_counts(self) -> dict[int, int]:
        """How many entries of each feed have been saved."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT feed_id, COUNT(*) FROM feed_entries GROUP BY feed_id"
            ).fetchall()
        return {int(feed): int(count) for feed, count in rows}

    def mark_seen(self, feed_id: int, entry_id: str, fingerprint: str, path: str) -> None:
        """Remember that this version of the entry is saved (at `path`, relative to the library)."""
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO feed_entries (feed_id, entry_id, fingerprint, path, seen) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (feed_id, entry_id) DO UPDATE SET "
                "fingerprint = excluded.fingerprint, path = excluded.path, seen = excluded.seen",
                (feed_id, entry_id, fingerprint, path, utc_now()),
            )
