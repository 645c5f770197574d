"""The shared settings' side of the sync document: this machine's written in, others' read out.

Each setting is its own register of the `settings` map, in one part of the document
(`reader.core.sync.parts.SETTINGS_PART`), so a change to one setting on one machine and to
another on a second machine are both kept, and two changes of the same setting are settled by
the engine, never by a clock. Only a setting changed since it was last shared is written (a
value given way to elsewhere is not written back). What is read out is checked and layered by
`reader.store.synced_config`.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from reader.core.sync.parts import SETTINGS_PART
from reader.store.connection import Database
from reader.store.sync_parts import PartBook
from reader.store.synced_config import MINE


class SharedSettings:
    """This store's settings part: what this machine shares, what the others shared."""

    def __init__(self, db: Database, book: PartBook, identity: Callable[[], object]) -> None:
        self._db = db
        self._book = book
        self._identity = identity

    def share(self, values: dict[str, str]) -> int:
        """Write each setting of `values` (name -> JSON) changed since it was last shared, and
        take back those gone from it: one kept update. Returns how many were written."""
        self._identity()
        try:
            with self._db.write() as conn:
                row = conn.execute("SELECT value FROM settings WHERE key = ?", (MINE,)).fetchone()
                mine = _json(row[0] if row else None)
                changed = {
                    name: values.get(name)
                    for name in values.keys() | mine.keys()
                    if values.get(name) != mine.get(name)
                }
                if changed:
                    doc = self._book.load(SETTINGS_PART, conn)
                    with doc.changes() as made:
                        for name, value in sorted(changed.items()):
                            doc.put_setting(name, value)
                    for update in made:
                        self._book.keep(conn, SETTINGS_PART, update)
                    self._book.save_state(conn, SETTINGS_PART, doc)
                    self._book.compact(conn, SETTINGS_PART, doc)
                conn.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                    (MINE, json.dumps(values, sort_keys=True)),
                )
        except BaseException:
            self._book.forget()
            raise
        return len(changed)

    def received(self) -> dict[str, str]:
        """Every shared setting the document holds (this machine's and the others'), unchecked."""
        return self._book.load(SETTINGS_PART).settings()


def _json(text: object) -> dict[str, str]:
    try:
        value = json.loads(str(text)) if text else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
