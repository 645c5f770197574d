"""Highlights and notes: the part of the store whose loss would hurt most.

Three promises shape this module. A note being edited in two windows is never silently overwritten:
`set_note` takes the revision the editor started from and raises `NoteConflict`, with both texts,
when someone else saved in between. A highlight is never deleted by the program: when its article
changes it is re-attached (`core.annotate.anchor`) and, failing that, kept as `orphaned` with its
original words. Every user change is journalled with its inverse (`store.undo`), so the last ones
can be undone by the session that made them while nobody else has changed the highlight since.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from msgspec import Struct, structs

from reader.core.annotate import anchor as anchors  # (its search imported when first used)
from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, ArticleMeta
from reader.core.text.cells import cut_to_cells
from reader.store.claims import is_later
from reader.store.connection import Database
from reader.store.db import StoreError, new_id, utc_now
from reader.store.imports import ImportBatch, Imports, own_id
from reader.store.sync_aliases import adopt
from reader.store.undo import Journal, Snapshot

#: The journal's name for changes to highlights.
KIND = "highlight"

_COLUMNS = (
    "id, article_id, quote, original, prefix, suffix, start_offset, end_offset, note, color, "
    "status, score, suggestion, suggestion_start, suggestion_end, content_hash, created, "
    "updated, revision"
)
_NAMES = [name.strip() for name in _COLUMNS.split(",")]
#: Where a highlight stands: the columns re-anchoring writes, and accepting a suggestion too.
_PLACEMENT = (
    "quote", "prefix", "suffix", "start_offset", "end_offset", "status", "score", "suggestion",
    "suggestion_start", "suggestion_end", "content_hash",
)  # fmt: skip


class NoteConflict(StoreError):
    """Someone saved this note since the editor opened it; neither text has been lost.

    `theirs` is None when the highlight was deleted elsewhere in the meantime.
    """

    def __init__(self, highlight_id: str, mine: str, theirs: str | None, revision: int) -> None:
        self.highlight_id = highlight_id
        self.mine = mine
        self.theirs = theirs
        self.revision = revision
        where = "deleted" if theirs is None else "changed"
        super().__init__(f"the note was {where} in another window since you began editing it")


def highlight_from_row(row: tuple[Any, ...]) -> Highlight:
    data = dict(zip(_NAMES, row, strict=True))
    status = data.pop("status")
    data["start"] = data.pop("start_offset")
    data["end"] = data.pop("end_offset")
    try:
        data["status"] = anchors.Status(status)
    except ValueError:
        data["status"] = anchors.Status.ORPHANED  # written by a newer reader: the safe reading
    return Highlight(**data)


def highlight_row(highlight: Highlight) -> tuple[Any, ...]:
    """The values for `_COLUMNS`, in order."""
    h = highlight
    return (
        h.id, h.article_id, h.quote, h.original, h.prefix, h.suffix, h.start, h.end, h.note,
        h.color, str(h.status), h.score, h.suggestion, h.suggestion_start, h.suggestion_end,
        h.content_hash, h.created, h.updated, h.revision,
    )  # fmt: skip


class Merged(Struct):
    """What `Highlights.merge` did: added, updated, kept as they were, and given a new id."""

    added: int = 0
    updated: int = 0
    kept: int = 0
    renamed: int = 0


class Highlights:
    """The highlights table: reading, changing (journalled), re-attaching and merging."""

    def __init__(self, db: Database, journal: Journal, imports: Imports) -> None:
        self._db = db
        self._journal = journal
        journal.register(KIND, _revert)
        imports.register(KIND, _revert_import)

    # Reading -------------------------------------------------------------------------------

    def for_article(self, article_id: str) -> list[Highlight]:
        """The article's highlights in reading order (orphans last, by creation)."""
        rows = self._db.rows(
            f"SELECT {_COLUMNS} FROM highlights WHERE article_id = ? "
            "ORDER BY status IN ('orphaned', 'ambiguous'), start_offset, created, id",
            (article_id,),
        )
        return [highlight_from_row(row) for row in rows]

    def all(self) -> list[Highlight]:
        """Every highlight, by article then position."""
        rows = self._db.rows(
            f"SELECT {_COLUMNS} FROM highlights ORDER BY article_id, start_offset, created, id"
        )
        return [highlight_from_row(row) for row in rows]

    def get(self, highlight_id: str) -> Highlight | None:
        """The highlight with this id, None if there is none (deleted in another window?)."""
        with self._db.read() as conn:
            return _fetch(conn, highlight_id)

    def counts(self) -> dict[str, int]:
        """Number of highlights per article id (orphans included: they still hold notes)."""
        rows = self._db.rows("SELECT article_id, COUNT(*) FROM highlights GROUP BY article_id")
        return {str(article): int(count) for article, count in rows}

    def anchored_hashes(self) -> dict[str, set[str]]:
        """For each article with highlights, the article versions they were last checked on."""
        rows = self._db.rows("SELECT DISTINCT article_id, content_hash FROM highlights")
        found: dict[str, set[str]] = {}
        for article, digest in rows:
            found.setdefault(str(article), set()).add(str(digest))
        return found

    def adopt(self, annotated: dict[str, set[str]], articles: Sequence[ArticleMeta]) -> int:
        """Other machines' annotations onto the articles here with the same content."""
        return adopt(self._db, annotated, articles)

    # Changing ------------------------------------------------------------------------------

    def add(
        self,
        article_id: str,
        body: str | anchors.Text,
        start: int,
        end: int,
        color: str = "yellow",
        note: str = "",
        *,
        content_hash: str = "",
    ) -> Highlight:
        """Highlight [start, end) of `body` (the article's body), with an optional note.

        Pass the article's `content_hash` so the highlight is not re-checked until the file
        changes; without it, the next load re-attaches it once (harmless, just slower).
        """
        anchor = anchors.make_anchor(body, start, end)
        now = utc_now()
        made = Highlight(
            new_id(), article_id, anchor.quote, anchor.quote, anchor.prefix, anchor.suffix,
            anchor.start, anchor.end, note, color, anchors.Status.ANCHORED, 100.0, None, None, None,
            content_hash, now, now, 1,
        )  # fmt: skip
        with self._db.write() as conn:
            _insert(conn, made)
            self._journal.record_change(
                conn, KIND, None, made, f"highlight “{_short(made)}”", _snapshot
            )
        return made

    def set_note(self, highlight_id: str, note: str, expected_revision: int) -> Highlight:
        """Save a note edited from `expected_revision`; `NoteConflict` if it changed meanwhile."""
        with self._db.write() as conn:
            current = _fetch(conn, highlight_id)
            if current is None:
                raise NoteConflict(highlight_id, note, None, -1)
            if current.note == note:
                return current
            if current.revision != expected_revision:
                raise NoteConflict(highlight_id, note, current.note, current.revision)
            conn.execute(
                "UPDATE highlights SET note = ?, revision = revision + 1, updated = ? WHERE id = ?",
                (note, utc_now(), highlight_id),
            )
            changed = _require(conn, highlight_id)
            what = "note" if note else "note removal"
            self._journal.record_change(
                conn, KIND, current, changed, f"{what} on “{_short(current)}”", _snapshot
            )
        return changed

    def set_color(self, highlight_id: str, color: str) -> Highlight:
        """Change the colour (any name; `COLORS` are the ones the UI offers). Undoable."""
        with self._db.write() as conn:
            current = _require(conn, highlight_id)
            if current.color == color:
                return current
            conn.execute(
                "UPDATE highlights SET color = ?, updated = ? WHERE id = ?",
                (color, utc_now(), highlight_id),
            )
            changed = _require(conn, highlight_id)
            self._journal.record_change(
                conn, KIND, current, changed, f"colour of “{_short(current)}”", _snapshot
            )
        return changed

    def delete(self, highlight_id: str) -> bool:
        """Delete a highlight and its note (undoable); False if it was already gone."""
        with self._db.write() as conn:
            current = _fetch(conn, highlight_id)
            if current is None:
                return False
            conn.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            self._journal.record_change(
                conn, KIND, current, None, f"deletion of “{_short(current)}”", _snapshot
            )
        return True

    def place(
        self, highlight_id: str, what: str, decide: Callable[[Highlight], dict[str, Any]]
    ) -> Highlight:
        """Change where a highlight stands (its anchor, status and suggestion), journalled as
        "`what` “quote”" so `undo` puts it back. `decide(current)`, called in the transaction,
        gives the new values of `_PLACEMENT` columns, or raises to change nothing."""
        with self._db.write() as conn:
            current = _require(conn, highlight_id)
            values = {name: v for name, v in decide(current).items() if name in _PLACEMENT}
            sets = "".join(f"{name} = ?, " for name in values)
            conn.execute(
                f"UPDATE highlights SET {sets}updated = ? WHERE id = ?",
                (*values.values(), utc_now(), highlight_id),
            )
            changed = _require(conn, highlight_id)
            self._journal.record_change(
                conn, KIND, current, changed, f"{what} “{_short(current)}”", _snapshot
            )
        return changed

    def reanchor(
        self, article: Article, progress: Callable[[int, int], None] | None = None
    ) -> list[Highlight]:
        """Re-attach the article's highlights if its text changed since they were anchored.

        Nothing is deleted: a highlight that cannot be placed keeps its words and becomes
        orphaned (or ambiguous). Matching runs outside the lock; the results are written in one
        transaction that skips highlights another process re-attached or changed meanwhile.
        """
        current = self.for_article(article.id)
        digest = article.meta.content_hash
        body = article.body
        # The same file can read differently after an upgrade of the parser (issue 13: images,
        # footnotes, trafilatura for saved pages, legacy encodings): words that are no longer
        # where the highlight says are re-attached as if the file had changed.
        stale = [
            h
            for h in current
            if h.content_hash != digest
            or not digest
            or (h.attached and body[h.start : h.end] != h.quote)
        ]
        if not stale:
            return current
        text = anchors.Text(article.body)
        updates: list[tuple[Any, ...]] = []
        for done, old in enumerate(stale, start=1):
            found = anchors.reattach(old.anchor, text)
            suggestion = found.suggestion
            new = found.anchor if found.anchor is not None else old.anchor
            updates.append((
                new.quote, new.prefix, new.suffix, new.start, new.end, str(found.status),
                found.score, suggestion.text if suggestion else None,
                suggestion.start if suggestion else None, suggestion.end if suggestion else None,
                digest, old.id, old.content_hash, old.quote, old.start,
            ))  # fmt: skip
            if progress is not None:
                progress(done, len(stale))
        with self._db.write() as conn:
            conn.executemany(
                "UPDATE highlights SET quote = ?, prefix = ?, suffix = ?, start_offset = ?, "
                "end_offset = ?, status = ?, score = ?, suggestion = ?, suggestion_start = ?, "
                "suggestion_end = ?, content_hash = ? "
                "WHERE id = ? AND content_hash = ? AND quote = ? AND start_offset = ?",
                updates,
            )
        return self.for_article(article.id)

    def merge(self, highlights: list[Highlight], batch: ImportBatch) -> Merged:
        """Merge imported highlights by id, in one transaction, recording changes in `batch`.

        An id already here is updated only if the imported copy was edited later (compared as
        times: `is_later`); otherwise the local copy is kept, so importing an old export never
        undoes newer work. An id that belongs to another article here is not that highlight:
        it is imported under an id of its own, and the local one is left alone.
        """
        merged = Merged()
        with self._db.write() as conn:
            for claimed in highlights:
                found = own_id(conn, "highlights", claimed.id, claimed.article_id)
                incoming = structs.replace(claimed, id=found)
                merged.renamed += incoming.id != claimed.id
                here = _fetch(conn, incoming.id)
                if here is None:
                    _insert(conn, incoming)
                    batch.record(conn, KIND, incoming.id, None, _snapshot(incoming))
                    merged.added += 1
                elif (here.note, here.color) != (incoming.note, incoming.color) and is_later(
                    incoming.updated, here.updated
                ):
                    conn.execute(
                        "UPDATE highlights SET note = ?, color = ?, updated = ?, "
                        "revision = revision + 1 WHERE id = ?",
                        (incoming.note, incoming.color, incoming.updated, incoming.id),
                    )
                    after = _snapshot(_require(conn, incoming.id))
                    batch.record(conn, KIND, incoming.id, _snapshot(here), after)
                    merged.updated += 1
                else:
                    merged.kept += 1
        return merged


def _insert(conn: sqlite3.Connection, highlight: Highlight) -> None:
    marks = ", ".join("?" * len(_NAMES))
    conn.execute(f"INSERT INTO highlights ({_COLUMNS}) VALUES ({marks})", highlight_row(highlight))


def _fetch(conn: sqlite3.Connection, highlight_id: str) -> Highlight | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,)
    ).fetchone()
    return highlight_from_row(row) if row else None


def _require(conn: sqlite3.Connection, highlight_id: str) -> Highlight:
    found = _fetch(conn, highlight_id)
    if found is None:
        raise LookupError(f"no highlight {highlight_id} (deleted in another window?)")
    return found


def _short(highlight: Highlight, width: int = 40) -> str:
    return cut_to_cells(" ".join(highlight.quote.split()), width)


def _snapshot(highlight: Highlight | None) -> Snapshot:
    if highlight is None:
        return None
    return dict(zip(_NAMES, highlight_row(highlight), strict=True))


def _placement(snapshot: Snapshot) -> tuple[Any, ...]:
    return tuple((snapshot or {})[name] for name in _PLACEMENT)


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Put a highlight back as it was; False if it was changed elsewhere after this change."""
    return _put_back(conn, target, before, after, utc_now())


def _revert_import(
    conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot
) -> bool:
    """Undo an import's change, its timestamp included: importing the file again decides anew."""
    return _put_back(conn, target, before, after, None)


def _put_back(
    conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot, now: str | None
) -> bool:
    """Put a highlight back as `before` (stamped `now`, or with its own time if None); False if
    it was changed elsewhere after `after` (its note, its colour, or, when the change placed it,
    its place: re-attached to the article changed again)."""
    current = _fetch(conn, target)
    if after is None:  # undoing a deletion
        if current is not None:
            return False
        assert before is not None
        _insert(conn, highlight_from_row(tuple(before[name] for name in _NAMES)))
        return True
    if current is None or (current.note, current.color) != (after["note"], after["color"]):
        return False
    if before is None:  # undoing a creation
        conn.execute("DELETE FROM highlights WHERE id = ?", (target,))
        return True
    placed = _placement(before) != _placement(after)  # a suggestion accepted or dismissed
    if placed and _placement(_snapshot(current)) != _placement(after):
        return False
    if placed:
        sets = ", ".join(f"{name} = ?" for name in _PLACEMENT)
        conn.execute(f"UPDATE highlights SET {sets} WHERE id = ?", (*_placement(before), target))
    bump = 1 if before["note"] != current.note else 0  # open note editors must notice
    conn.execute(
        "UPDATE highlights SET note = ?, color = ?, updated = ?, revision = revision + ? "
        "WHERE id = ?",
        (before["note"], before["color"], now or before["updated"], bump, target),
    )
    return True
