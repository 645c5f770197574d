"""Saved searches: a query kept under a name, which the list shows as a view of its own.

Names are compared case-insensitively (like tags) and shown as typed; saving under a name that
exists replaces its query. Not journalled: saving again is the undo.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.shelf import clean_tag, tag_key
from reader.store.connection import Database
from reader.store.db import utc_now


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query (in the search bar's language, filters included) and the name it is kept under."""

    name: str
    query: str


class SavedSearches:
    """The `saved_searches` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def all(self) -> list[SavedSearch]:
        """Every saved search, case-insensitively by name."""
        rows = self._db.rows("SELECT name, query FROM saved_searches ORDER BY key, name")
        return [SavedSearch(str(name), str(query)) for name, query in rows]

    def get(self, name: str) -> SavedSearch | None:
        row = self._db.one("SELECT name, query FROM saved_searches WHERE key = ?", (tag_key(name),))
        return SavedSearch(str(row[0]), str(row[1])) if row else None

    def save(self, name: str, query: str) -> SavedSearch:
        """Keep `query` under `name` (a name like a tag's: ValueError if empty or too long)."""
        shown = clean_tag(name)
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO saved_searches (key, name, query, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET name = excluded.name, query = excluded.query",
                (tag_key(shown), shown, query, utc_now()),
            )
        return SavedSearch(shown, query)

    def delete(self, name: str) -> bool:
        """Forget a saved search; False if there was none of that name."""
        with self._db.write() as conn:
            cursor = conn.execute("DELETE FROM saved_searches WHERE key = ?", (tag_key(name),))
        return cursor.rowcount > 0
