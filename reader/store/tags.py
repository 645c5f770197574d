"""Tags on articles and on highlights: any number on each, renamed and merged as the user likes.

A tag is compared by its key (its name case-folded, `reader.core.shelf.tag_key`) and shown as it
was first typed; renaming can change only its case. Every change is a delta of (tag, article)
and (tag, highlight) pairs gained and lost, tags created and dropped: adding or removing a pair is
one row, so two sessions tagging the same articles at once lose nothing, and undoing a change
is applying its inverse delta (`u` undoes a whole batch). The undo journal and the import log
keep the same delta.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from msgspec import Struct

from reader.core.shelf import clean_tag, tag_key
from reader.store.connection import Database
from reader.store.db import StoreError, new_id, utc_now
from reader.store.imports import ImportBatch, Imports, own_id
from reader.store.undo import Journal, Snapshot

#: The journal's (and the import log's) name for tag changes.
KIND = "tags"

#: The two things a tag can be on: table, column of the tagged record's id, key in a delta.
_ON = {"a": ("article_tags", "article_id"), "h": ("highlight_tags", "highlight_id")}

#: A delta: {"gain": {name: {"a": [ids], "h": [ids]}}, "lose": {...}, "created": [names],
#: "dropped": [names], "renamed": [old, new] or absent}.
Delta = dict[str, Any]


class TagCount(Struct, frozen=True):
    """A tag as `reader tags` and the tag picker list it: its name and how much it is on."""

    name: str
    articles: int
    highlights: int


class TagError(StoreError):
    """A tag change that cannot be made as asked (the message names the tag)."""


class Tags:
    """The `tags`, `article_tags` and `highlight_tags` tables."""

    def __init__(self, db: Database, journal: Journal, imports: Imports) -> None:
        self._db = db
        self._journal = journal
        journal.register(KIND, _revert)
        imports.register(KIND, _revert)

    # Reading -------------------------------------------------------------------------------

    def all(self) -> list[TagCount]:
        """Every tag with its counts, case-insensitively by name (unused tags included).

        A deleted highlight keeps its tags (undoing the deletion brings them back) but is not
        counted, nor listed by `of_highlights`."""
        rows = self._db.rows(
            "SELECT t.name, "
            "(SELECT COUNT(*) FROM article_tags a WHERE a.tag_id = t.id), "
            "(SELECT COUNT(*) FROM highlight_tags h JOIN highlights x ON x.id = h.highlight_id "
            "WHERE h.tag_id = t.id) "
            "FROM tags t ORDER BY t.key, t.name"
        )
        return [TagCount(str(name), int(arts), int(marks)) for name, arts, marks in rows]

    def names(self) -> list[str]:
        """Every tag's name, in the order shown (for completion)."""
        return [str(row[0]) for row in self._db.rows("SELECT name FROM tags ORDER BY key, name")]

    def find(self, name: str) -> str | None:
        """The tag's name as shown, for any spelling of it; None if there is no such tag."""
        row = self._db.one("SELECT name FROM tags WHERE key = ?", (tag_key(name),))
        return str(row[0]) if row else None

    def for_article(self, article_id: str) -> tuple[str, ...]:
        return self._of("a", article_id)

    def for_highlight(self, highlight_id: str) -> tuple[str, ...]:
        return self._of("h", highlight_id)

    def of_highlights(self) -> dict[str, tuple[str, ...]]:
        """The tags of every tagged highlight, by highlight id."""
        found: dict[str, list[str]] = {}
        for highlight_id, name in self._db.rows(
            "SELECT h.highlight_id, t.name FROM highlight_tags h JOIN tags t ON t.id = h.tag_id "
            "JOIN highlights x ON x.id = h.highlight_id ORDER BY h.highlight_id, t.key, t.name"
        ):
            found.setdefault(str(highlight_id), []).append(str(name))
        return {key: tuple(names) for key, names in found.items()}

    def articles_with(self, name: str) -> set[str]:
        rows = self._db.rows(
            "SELECT a.article_id FROM article_tags a JOIN tags t ON t.id = a.tag_id "
            "WHERE t.key = ?",
            (tag_key(name),),
        )
        return {str(row[0]) for row in rows}

    # Changing (each call is one undoable step) ----------------------------------------------

    def tag(self, article_ids: Iterable[str], names: Iterable[str]) -> int:
        """Put each tag on each article (new tags are created); returns the pairs added."""
        return self._pairs("a", article_ids, names, gain=True)

    def untag(self, article_ids: Iterable[str], names: Iterable[str]) -> int:
        """Take each tag off each article; returns the pairs removed (a tag left on nothing
        stays, for completion, until `delete`)."""
        return self._pairs("a", article_ids, names, gain=False)

    def tag_highlights(self, highlight_ids: Iterable[str], names: Iterable[str]) -> int:
        return self._pairs("h", highlight_ids, names, gain=True)

    def untag_highlights(self, highlight_ids: Iterable[str], names: Iterable[str]) -> int:
        return self._pairs("h", highlight_ids, names, gain=False)

    def rename(self, old: str, new: str) -> str:
        """Rename a tag everywhere; returns the new name. `TagError` when there is no `old`, or
        `new` is another tag already (merge them instead)."""
        with self._db.write() as conn:
            found = _name_of(conn, old)
            if found is None:
                raise TagError(f"no tag {clean_tag(old)!r}")
            shown = clean_tag(new)
            other = _name_of(conn, shown)
            if other is not None and tag_key(other) != tag_key(found):
                raise TagError(
                    f"tag {other!r} exists already: merge {found!r} into it with "
                    f"`reader tags merge {found!r} {other!r}`"
                )
            delta: Delta = {"renamed": [found, shown]}
            _apply(conn, delta)
            self._journal.record(conn, KIND, new_id(), None, delta, f"rename tag {found!r}")
        return shown

    def merge(self, sources: Iterable[str], into: str) -> int:
        """Move every article and highlight of the `sources` tags to `into` (created if needed)
        and drop the sources; returns how many pairs `into` gained. `TagError` names a source
        that is not a tag."""
        with self._db.write() as conn:
            target = _name_of(conn, into) or clean_tag(into)
            delta: Delta = {"gain": {}, "lose": {}, "created": [], "dropped": []}
            if _name_of(conn, target) is None:
                delta["created"].append(target)
            gained = 0
            for source in dict.fromkeys(sources):
                found = _name_of(conn, source)
                if found is None:
                    raise TagError(f"no tag {clean_tag(source)!r}")
                if tag_key(found) == tag_key(target):
                    continue
                for on in _ON:
                    held = _members(conn, on, found)
                    into_now = delta["gain"].setdefault(target, {}).setdefault(on, [])
                    have = set(_members(conn, on, target)) | set(into_now)
                    new = [key for key in held if key not in have]
                    delta["lose"].setdefault(found, {})[on] = held
                    into_now.extend(new)
                    gained += len(new)
                delta["dropped"].append(found)
            _apply(conn, delta)
            self._journal.record(conn, KIND, new_id(), None, delta, f"merge tags into {target!r}")
        return gained

    def delete(self, name: str) -> int:
        """Remove a tag from everything and forget it; returns the pairs removed."""
        with self._db.write() as conn:
            found = _name_of(conn, name)
            if found is None:
                raise TagError(f"no tag {clean_tag(name)!r}")
            lost = {on: _members(conn, on, found) for on in _ON}
            delta: Delta = {"lose": {found: lost}, "dropped": [found]}
            _apply(conn, delta)
            self._journal.record(conn, KIND, new_id(), None, delta, f"delete tag {found!r}")
        return sum(len(ids) for ids in lost.values())

    def merge_import(
        self,
        claims: dict[str, dict[str, list[str]]],
        batch: ImportBatch,
        owners: dict[str, str] | None = None,
    ) -> int:
        """Add imported tags (`{"a": {article_id: [names]}, "h": {highlight_id: [names]}}`),
        recorded in `batch` so the import's undo takes them off; returns the pairs added.

        A highlight id is the one the import file claims, `owners` its article: the highlight
        is found under the id `Highlights.merge` gave it (`own_id`: the claimed one, or its own
        when the claimed id was another article's here)."""
        with self._db.write() as conn:
            if owners:
                found = {
                    own_id(conn, "highlights", key, owners[key]): names
                    for key, names in claims.get("h", {}).items()
                }
                claims = {**claims, "h": found}
            delta = _gain_delta(conn, claims)
            added = _count(delta)
            if added:
                _apply(conn, delta)
                batch.record(conn, KIND, new_id(), None, delta)
        return added

    def _pairs(self, on: str, ids: Iterable[str], names: Iterable[str], gain: bool) -> int:
        records = list(dict.fromkeys(ids))
        shown = list(dict.fromkeys(clean_tag(name) for name in names))
        with self._db.write() as conn:
            if gain:
                delta = _gain_delta(conn, {on: {key: shown for key in records}})
            else:
                delta = {"lose": {}}
                for name in shown:
                    found = _name_of(conn, name)
                    if found is None:
                        continue
                    held = set(_members(conn, on, found))
                    lost = [key for key in records if key in held]
                    if lost:
                        delta["lose"][found] = {on: lost}
            changed = _count(delta)
            if changed:
                _apply(conn, delta)
                what = "article" if on == "a" else "highlight"
                verb = "tag" if gain else "untag"
                described = f"{verb} {len(records)} {what}" + ("s" if len(records) != 1 else "")
                self._journal.record(conn, KIND, new_id(), None, delta, described)
        return changed

    def _of(self, on: str, key: str) -> tuple[str, ...]:
        table, column = _ON[on]
        rows = self._db.rows(
            f"SELECT t.name FROM {table} x JOIN tags t ON t.id = x.tag_id "
            f"WHERE x.{column} = ? ORDER BY t.key, t.name",
            (key,),
        )
        return tuple(str(row[0]) for row in rows)


# Deltas ------------------------------------------------------------------------------------


def _gain_delta(conn: sqlite3.Connection, claims: dict[str, dict[str, list[str]]]) -> Delta:
    """The delta adding each named tag to each record of `claims` that lacks it."""
    delta: Delta = {"gain": {}, "created": []}
    shown: dict[str, str] = {}
    for on, records in claims.items():
        for key, names in records.items():
            for typed in names:
                tag = tag_key(typed)
                if tag not in shown:
                    existing = _name_of(conn, typed)
                    shown[tag] = existing or clean_tag(typed)
                    if existing is None:
                        delta["created"].append(shown[tag])
                name = shown[tag]
                if name in delta["created"] or not _has(conn, on, name, key):
                    delta["gain"].setdefault(name, {}).setdefault(on, []).append(key)
    return delta


def _count(delta: Delta) -> int:
    return sum(
        len(ids)
        for side in ("gain", "lose")
        for pairs in delta.get(side, {}).values()
        for ids in pairs.values()
    )


def inverse(delta: Delta) -> Delta:
    """The delta that undoes `delta`."""
    undone: Delta = {
        "gain": delta.get("lose", {}),
        "lose": delta.get("gain", {}),
        "created": delta.get("dropped", []),
        "dropped": delta.get("created", []),
    }
    if delta.get("renamed"):
        old, new = delta["renamed"]
        undone["renamed"] = [new, old]
    return undone


def _apply(conn: sqlite3.Connection, delta: Delta) -> None:
    """Make the change a delta describes (in this order: rename, create, gain, lose, drop)."""
    if delta.get("renamed"):
        old, new = delta["renamed"]
        if _name_of(conn, new) not in (None, old) and tag_key(new) != tag_key(old):
            raise TagError(f"tag {new!r} exists already")
        conn.execute(
            "UPDATE tags SET key = ?, name = ? WHERE key = ?", (tag_key(new), new, tag_key(old))
        )
    for name in delta.get("created", []):
        _tag_id(conn, name)
    for name, pairs in delta.get("gain", {}).items():
        tag = _tag_id(conn, name)
        for on, ids in pairs.items():
            table, column = _ON[on]
            conn.executemany(
                f"INSERT OR IGNORE INTO {table} ({column}, tag_id) VALUES (?, ?)",
                [(key, tag) for key in ids],
            )
    for name, pairs in delta.get("lose", {}).items():
        row = conn.execute("SELECT id FROM tags WHERE key = ?", (tag_key(name),)).fetchone()
        for on, ids in pairs.items() if row else ():
            table, column = _ON[on]
            conn.executemany(
                f"DELETE FROM {table} WHERE {column} = ? AND tag_id = ?",
                [(key, row[0]) for key in ids],
            )
    for name in delta.get("dropped", []):  # only a tag left on nothing: another session may
        conn.execute(  # have put it on something since (undoing a batch that created it)
            "DELETE FROM tags WHERE key = ? AND NOT EXISTS (SELECT 1 FROM article_tags a "
            "WHERE a.tag_id = tags.id) AND NOT EXISTS (SELECT 1 FROM highlight_tags h "
            "WHERE h.tag_id = tags.id)",
            (tag_key(name),),
        )


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Undo a tag change (the journal's and the import log's reverter); False if it cannot be
    (a rename back onto a name another tag has taken since)."""
    if after is None:
        return True
    try:
        with _savepoint(conn):
            _apply(conn, inverse(after))
    except TagError:
        return False
    return True


@contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """A savepoint, so a revert that fails half-way changes nothing."""
    conn.execute("SAVEPOINT tag_revert")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK TO tag_revert")
        raise
    finally:
        conn.execute("RELEASE tag_revert")


def _name_of(conn: sqlite3.Connection, name: str) -> str | None:
    row = conn.execute("SELECT name FROM tags WHERE key = ?", (tag_key(name),)).fetchone()
    return str(row[0]) if row else None


def _tag_id(conn: sqlite3.Connection, name: str) -> int:
    """The id of the tag `name` names, created (shown as `name`) if there is none."""
    shown = clean_tag(name)
    conn.execute(
        "INSERT INTO tags (key, name, created) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (tag_key(shown), shown, utc_now()),
    )
    row = conn.execute("SELECT id FROM tags WHERE key = ?", (tag_key(shown),)).fetchone()
    return int(row[0])


def _members(conn: sqlite3.Connection, on: str, name: str) -> list[str]:
    table, column = _ON[on]
    rows = conn.execute(
        f"SELECT x.{column} FROM {table} x JOIN tags t ON t.id = x.tag_id WHERE t.key = ? "
        f"ORDER BY x.{column}",
        (tag_key(name),),
    ).fetchall()
    return [str(row[0]) for row in rows]


def _has(conn: sqlite3.Connection, on: str, name: str, key: str) -> bool:
    table, column = _ON[on]
    row = conn.execute(
        f"SELECT 1 FROM {table} x JOIN tags t ON t.id = x.tag_id "
        f"WHERE t.key = ? AND x.{column} = ?",
        (tag_key(name), key),
    ).fetchone()
    return row is not None
