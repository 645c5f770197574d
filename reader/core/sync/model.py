"""The sync document: every synced record as fields of a Yrs CRDT document (pycrdt).

Why a CRDT engine: updates from any number of machines merge in any order, any number of times,
to the same state, and concurrent writes of one field are settled by the engine (by the writers'
client ids), never by a wall clock, so a clock a day wrong changes nothing.

The shape (only root types, so two machines never create the same nested container at once,
which in Yjs would make one of them vanish):

- Map `articles`: `"<article id>/<field>"` for `location`, `read` and `place` (progress and
  reading position together, `"45,1234"`: where one machine left off, never half of each).
- Map `article_tags`: `"<article id>/<tag key>"` -> the tag's name; untagging deletes the key.
- Map `highlights`: `"<highlight id>/<field>"` for `anchor` (one JSON list: `article`,
  `quote`, `original`, `prefix`, `suffix`, `start`, `end`, `status`, `content_hash`,
  `created`, which change together when it is re-anchored, or never), `color`, `deleted` (a
  tombstone: the fields stay, so a deleted highlight can be restored) and
  `note_rev/<client id>` (changed with the note by each writer under its own key, so every note
  edit shows in this map on the other side).
- Text `note/<highlight id>`: the note, edited as text: concurrent edits on two machines are
  both kept, merged character by character.
- Map `highlight_tags`: `"<highlight id>/<tag key>"` -> name.
- Map `bookmarks`: `"<bookmark id>/<field>"` for `article`, `position`, `label`, `created`,
  `deleted`.
- Map `feeds`: a followed feed's address -> its title; unfollowing deletes the key.
- Map `revisions`: each writer's id -> a new value with each change that only deletes, so every
  change advances the writer's clock and state vectors alone tell who has what.
- Map `files`: an article file's path inside the library folder -> the SHA-256 of its bytes
  (the files themselves travel apart, by hash, only to a side that lacks them).
- Map `settings` (in one part, `reader.core.sync.parts.SETTINGS_PART`): a portable setting's
  name (`theme`, `measure`, `keys.<command id>`, `review.per_day`, `palette.theme`) -> its
  value as JSON, written only by machines that share their settings; a setting taken out of
  the file deletes the key. A reader without this map carries it along unread.

Each field is its own register: recolouring a highlight on one machine and editing its note on
the other keeps both; archiving an article on one and reading it on the other keeps both.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from pycrdt import Doc, Map, Text

from reader.core.sync.mirror import Mirror, merged
from reader.core.sync.records import (
    ArticleRecord,
    BookmarkRecord,
    HighlightRecord,
    Snapshot,
    Tags,
    valid_id,
)
from reader.core.sync.vectors import DamagedUpdate as DamagedUpdate
from reader.core.sync.vectors import covers as covers
from reader.core.sync.vectors import decode_state_vector as decode_state_vector

#: Entity kinds, as the store's change log names them.
ARTICLE, HIGHLIGHT, BOOKMARK, FEED = "a", "h", "b", "f"
#: An entity: its kind and id.
Entity = tuple[str, str]

_ARTICLE_FIELDS = ("location", "read")
#: A highlight's own registers; the rest of its fields are one register, `anchor`.
_HIGHLIGHT_FIELDS = ("color", "deleted")
#: What `anchor` holds, in order: where the highlight is and what it quotes. These change
#: together (re-anchoring) or never, so one register keeps them consistent, and small.
_ANCHOR_FIELDS = (
    "article", "quote", "original", "prefix", "suffix", "start", "end", "status",
    "content_hash", "created",
)  # fmt: skip
_BOOKMARK_FIELDS = tuple(f.name for f in fields(BookmarkRecord))
_INTS = {"progress", "position", "start", "end"}
_MAP_KIND = {
    "articles": ARTICLE,
    "article_tags": ARTICLE,
    "highlights": HIGHLIGHT,
    "highlight_tags": HIGHLIGHT,
    "bookmarks": BOOKMARK,
}


def new_client_id() -> int:
    """A fresh writer id for one store (Yjs client ids are 32-bit; kept by the store)."""
    return int.from_bytes(os.urandom(4), "big") & 0x7FFF_FFFF | 1


class SyncDoc:
    """One machine's copy of the sync document, with records read from and written into it."""

    def __init__(self, updates: Iterable[bytes] = (), client_id: int | None = None) -> None:
        self._doc: Doc[Any] = Doc(client_id=client_id or new_client_id())
        self._wrote = False
        with self._doc.transaction():
            self._maps = {name: Mirror(self._doc.get(name, type=Map)) for name in _MAP_KIND}
            self._files, self._revisions, self._feeds, self._settings = (
                Mirror(self._doc.get(name, type=Map))
                for name in ("files", "revisions", "feeds", "settings")
            )
        self._tag_index: dict[str, dict[str, set[str]]] | None = None
        self._touched: set[Entity] = set()
        for update in updates:  # nothing compared: loading changes no record here
            self._merge(update)

    # Exchanging --------------------------------------------------------------------------

    def state_vector(self) -> bytes:
        """What this copy has seen (sent so the other side returns only what is missing)."""
        return bytes(self._doc.get_state())

    def update_since(self, state_vector: bytes | None = None) -> bytes:
        """Everything this copy has that a side with `state_vector` lacks (all if None)."""
        try:
            return bytes(
                self._doc.get_update(state_vector) if state_vector else self._doc.get_update()
            )
        except ValueError as error:
            raise DamagedUpdate(f"a damaged state vector ({error})") from error

    def apply(self, update: bytes) -> set[Entity]:
        """Merge an update (idempotent, in any order); returns the entities it changed (told
        by events for a small update, by the maps read whole for a large one: `Mirror`)."""
        found = {
            _entity(kind, key)
            for kind, key in merged(self._watched(), lambda: self._merge(update), len(update))
        }
        self._touched |= found
        return found

    def _merge(self, update: bytes) -> None:
        try:
            self._doc.apply_update(update)
        except ValueError as error:
            raise DamagedUpdate(f"cannot decode the update ({error})") from error
        finally:  # even a refused update may have changed something
            for mirror in self._mirrors():
                mirror.forget()
            self._tag_index = None

    def _mirrors(self) -> list[Mirror]:
        return [*self._maps.values(), self._files, self._revisions, self._feeds, self._settings]

    def _watched(self) -> list[tuple[str, Mirror]]:
        maps = [(kind, self._maps[name]) for name, kind in _MAP_KIND.items()]
        return [*maps, (FEED, self._feeds)]

    def take_touched(self) -> set[Entity]:
        """The entities changed by updates applied since the last call."""
        touched, self._touched = self._touched, set()
        return touched

    @contextmanager
    def changes(self, mark: str | None = None) -> Iterator[list[bytes]]:
        """Local changes made inside, as one update (appended to the list on the way out);
        `mark`: the writer's revision (random unless given: a split of the same records on
        two machines must make the same update)."""
        before = self._doc.get_state()
        out: list[bytes] = []
        self._wrote = False
        with self._doc.transaction(origin="local"):
            yield out
        if self._wrote and self._doc.get_state() == before:  # only deleted: the clock is where
            self._revisions[str(self._doc.client_id)] = mark or os.urandom(4).hex()  # it was
        self._touched.clear()
        if self._wrote:
            out.append(bytes(self._doc.get_update(before)))

    # Reading ----------------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Many records read in one engine transaction (a note's read otherwise opens its own)."""
        with self._doc.transaction():
            yield

    def entities(self) -> set[Entity]:
        """Every entity the document knows."""
        found: set[Entity] = set()
        for name, kind in _MAP_KIND.items():
            found.update((kind, key.partition("/")[0]) for key in self._maps[name])
        return found

    def article(self, article_id: str) -> ArticleRecord:
        values = self._fields("articles", article_id, _ARTICLE_FIELDS)
        progress, position = _place_of(self._maps["articles"].get(f"{article_id}/place"))
        tags = self._tags("article_tags", article_id)
        return ArticleRecord(**values, progress=progress, position=position, tags=tags)

    def highlight(self, highlight_id: str) -> HighlightRecord | None:
        values = self._fields("highlights", highlight_id, _HIGHLIGHT_FIELDS)
        values.update(_anchor_of(self._maps["highlights"].get(f"{highlight_id}/anchor")))
        if not valid_id(values.get("article")):
            return None
        note = str(self._doc.get(f"note/{highlight_id}", type=Text))
        tags = self._tags("highlight_tags", highlight_id)
        return HighlightRecord(**values, note=note, tags=tags)

    def bookmark(self, bookmark_id: str) -> BookmarkRecord | None:
        values = self._fields("bookmarks", bookmark_id, _BOOKMARK_FIELDS)
        return BookmarkRecord(**values) if valid_id(values.get("article")) else None

    def snapshot(self) -> Snapshot:
        """Every record the document holds (what two synced machines must agree on)."""
        snap = Snapshot()
        for kind, key in sorted(self.entities()):
            if kind == ARTICLE:
                snap.articles[key] = self.article(key)
            elif kind == HIGHLIGHT and (highlight := self.highlight(key)) is not None:
                snap.highlights[key] = highlight
            elif kind == BOOKMARK and (bookmark := self.bookmark(key)) is not None:
                snap.bookmarks[key] = bookmark
        snap.feeds.update((url, str(self._feeds.get(url))) for url in sorted(self.feed_urls()))
        return snap

    def feed(self, url: str) -> str | None:
        """A followed feed's title ("" if none yet), or None if it is not followed."""
        title = self._feeds.get(url)
        return title if isinstance(title, str) else None

    def feed_urls(self) -> list[str]:
        return [str(url) for url in self._feeds]

    # Writing (inside `changes`) ---------------------------------------------------------------

    def put_article(self, article_id: str, record: ArticleRecord) -> None:
        current = self.article(article_id)
        self._put("articles", article_id, record, current, _ARTICLE_FIELDS)
        if (record.progress, record.position) != (current.progress, current.position):
            self._maps["articles"][f"{article_id}/place"] = f"{record.progress},{record.position}"
            self._wrote = True
        self._put_tags("article_tags", article_id, record.tags)

    def put_highlight(self, highlight_id: str, record: HighlightRecord) -> None:
        current = self.highlight(highlight_id)
        note = self._doc.get(f"note/{highlight_id}", type=Text)
        if str(note) != record.note:
            _edit_text(note, record.note)
            self._wrote = True
            # One key per writer: never settled against another machine's, so always seen there.
            rev = f"{highlight_id}/note_rev/{self._doc.client_id}"
            self._maps["highlights"][rev] = os.urandom(4).hex()
        self._put("highlights", highlight_id, record, current, _HIGHLIGHT_FIELDS)
        anchor = json.dumps([getattr(record, name) for name in _ANCHOR_FIELDS])
        if self._maps["highlights"].get(f"{highlight_id}/anchor") != anchor:
            self._maps["highlights"][f"{highlight_id}/anchor"] = anchor
            self._wrote = True
        self._put_tags("highlight_tags", highlight_id, record.tags)

    def put_note(self, highlight_id: str, note: str, mark: str) -> None:
        """Write a note alone (a split: a writer per note), marked under its own key."""
        if note:
            _edit_text(self._doc.get(f"note/{highlight_id}", type=Text), note)
            self._maps["highlights"][f"{highlight_id}/note_rev/{self._doc.client_id}"] = mark
            self._wrote = True

    def put_feed(self, url: str, title: str | None) -> None:
        """Follow a feed (with its title), or stop following it (None)."""
        self._set_or_delete(self._feeds, url, title)

    def put_bookmark(self, bookmark_id: str, record: BookmarkRecord) -> None:
        self._put("bookmarks", bookmark_id, record, self.bookmark(bookmark_id), _BOOKMARK_FIELDS)

    def settings(self) -> dict[str, str]:
        """The shared settings: name -> value as JSON (unchecked: they come from elsewhere)."""
        return {str(k): v for k, v in self._settings.values().items() if isinstance(v, str)}

    def put_setting(self, name: str, value: str | None) -> None:
        """Share a setting's value (JSON), or take it back (None); inside `changes`."""
        self._set_or_delete(self._settings, name, value)

    def _set_or_delete(self, kept: Mirror, key: str, value: str | None) -> None:
        """Write `value` under `key` unless it is there already; delete the key for None."""
        if value is None:
            if key in kept:
                del kept[key]
                self._wrote = True
        elif kept.get(key) != value:
            kept[key] = value
            self._wrote = True

    def files(self) -> dict[str, str]:
        """Every library file the document knows: path in the library folder -> SHA-256."""
        return {str(k): str(v) for k, v in self._files.values().items() if isinstance(v, str)}

    def put_files(self, hashes: dict[str, str]) -> None:
        """Record this side's library files (inside `changes`); only differences are written."""
        for path, digest in hashes.items():
            if self._files.get(path) != digest:
                self._files[path] = digest
                self._wrote = True

    # Inside ---------------------------------------------------------------------------------

    def _fields(self, name: str, key: str, names: tuple[str, ...]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        kept = self._maps[name]
        for field_name in names:
            value = kept.get(f"{key}/{field_name}")
            if value is None:
                continue
            values[field_name] = (
                int(value) if field_name in _INTS and not isinstance(value, str) else value
            )
        return values

    def _put(
        self, name: str, key: str, record: object, current: object, names: tuple[str, ...]
    ) -> None:
        """Write the fields of `record` that differ from `current` (the document's record, its
        defaults where a field was never written: a field left alone is never written, so it
        cannot overwrite another machine's concurrent change)."""
        kept = self._maps[name]
        for field_name in names:
            value = getattr(record, field_name)
            if current is None or getattr(current, field_name) != value:
                kept[f"{key}/{field_name}"] = value
                self._wrote = True

    def _tags(self, name: str, key: str) -> Tags:
        kept = self._maps[name]
        keys = self._index(name).get(key, set())
        return Tags.of((tag, str(kept.get(f"{key}/{tag}"))) for tag in keys)

    def _index(self, name: str) -> dict[str, set[str]]:
        if self._tag_index is None:
            self._tag_index = {}
        index = self._tag_index.get(name)
        if index is None:
            index = {}
            for full in self._maps[name]:
                owner, _, tag = full.partition("/")
                index.setdefault(owner, set()).add(tag)
            self._tag_index[name] = index
        return index

    def _put_tags(self, name: str, key: str, tags: Tags) -> None:
        kept = self._maps[name]
        now = dict(tags.pairs)
        index = self._index(name)
        for tag in index.get(key, set()) - now.keys():
            del kept[f"{key}/{tag}"]
            self._wrote = True
        for tag, shown in now.items():
            if f"{key}/{tag}" not in kept:
                kept[f"{key}/{tag}"] = shown
                self._wrote = True
        index[key] = set(now)


def _entity(kind: str, key: str) -> Entity:
    """The entity a changed key of a watched map is part of (a feed's key is its address,
    slashes and all)."""
    return (kind, key) if kind == FEED else (kind, key.partition("/")[0])


def _place_of(value: object) -> tuple[int, int]:
    """Progress and reading position from a `place` register ("45,1234"); (0, 0) if none."""
    progress, _, position = value.partition(",") if isinstance(value, str) else ("", "", "")
    if not (progress.isdigit() and position.isdigit()):
        return 0, 0
    return int(progress), int(position)


def _anchor_of(value: object) -> dict[str, Any]:
    """The fields an `anchor` register holds (none if it is not one: checked later anyway)."""
    try:
        values = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return {}
    if not isinstance(values, list) or len(values) != len(_ANCHOR_FIELDS):
        return {}
    return dict(zip(_ANCHOR_FIELDS, values, strict=True))


def _edit_text(text: Text, wanted: str) -> None:
    """Turn `text` into `wanted` by the smallest edits, so a concurrent edit elsewhere merges."""
    current = str(text)
    matcher = difflib.SequenceMatcher(a=current, b=wanted, autojunk=False)
    for op, a0, a1, b0, b1 in reversed(matcher.get_opcodes()):
        # Yrs counts UTF-8 bytes, Python counts characters.
        start = len(current[:a0].encode("utf-8", "surrogatepass"))
        if op in {"replace", "delete"}:
            del text[start : start + len(current[a0:a1].encode("utf-8", "surrogatepass"))]
        if op in {"replace", "insert"}:
            text.insert(start, wanted[b0:b1])
