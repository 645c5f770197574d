"""Where each article is, read without opening the store: what every `reader search` needs.

A search leaves the Trash out (and articles whose trash was emptied), so it needs each
article's place. `Store.open` is for a session that writes: it imports every repository, checks
every page of the file (`quick_check`), may take the day's backup and checks that it can write,
which together cost more than the rest of a search answered from its stored index. A search only
reads one table: this connects with the checks a read needs (the file is the user's own and
SQLite's, `db.check_header`) and reads it if the schema is the one this reader writes. Anything
else (another schema, a damaged page, a lock held too long) gives None: the caller opens the
store as before, which says what is wrong.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.shelf_names import Location
from reader.store.db import BUSY_TIMEOUT_MS, MIGRATIONS, check_header, schema_version
from reader.store.dirs import DB_FILENAME
from reader.store.errors import StoreError

#: The places kept apart from the Inbox (a name written by a newer reader reads as the Inbox,
#: as `library_reads.places` has it).
_ELSEWHERE = frozenset(str(place) for place in Location if place is not Location.INBOX)


def located_elsewhere(data_dir: Path) -> dict[str, str] | None:
    """Where each article the database has a row for is, but for the Inbox (`{id: place}`);
    None when the store must be opened to know (no database at all: nothing to read either)."""
    path = data_dir / DB_FILENAME
    try:
        check_header(path)
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except (StoreError, sqlite3.Error):
        return None
    try:
        journal = conn.execute("PRAGMA journal_mode").fetchone()
        if schema_version(conn) != len(MIGRATIONS) or str(journal[0]).lower() != "wal":
            return None  # made or changed by another version: `Store.open` decides
        rows = conn.execute("SELECT article_id, location FROM article_state").fetchall()
        return {str(key): str(where) for key, where in rows if where in _ELSEWHERE}
    except sqlite3.Error:
        return None
    finally:
        conn.close()
