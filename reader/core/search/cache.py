"""The search index on disk, so a start does not re-parse every body of the library.

Format (never pickle: a cache file must not be able to run code): an 8-byte magic, a
little-endian u32 header length, a JSON header (format version, byte order, article columns,
vocabulary, posting keys and lengths, body lengths, CRC-32 of the payload), then the payload:
every posting array's raw bytes back to back, then the UTF-8 bodies. Loading is a handful of slices.

Each article is stored with its content hash: `sync_index` re-parses only the articles whose hash
changed (or that are new) and drops the ones that left the library. A file that is missing,
truncated, corrupt or from another format version is simply ignored, and the index rebuilt.
The user's highlights and notes (`extras`) are not stored: they live in the database and change
without the articles changing.
"""

from __future__ import annotations

import json
import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.article import Article, ArticleMeta
from reader.core.files import write_atomically
from reader.core.library import load_article
from reader.core.search.index import SearchIndex
from reader.core.search.query import TF_LEVELS
from reader.core.text.formats import ParseError

MAGIC = b"RDRSRCH\x00"
#: Bump whenever the layout or what is indexed changes; older files are then rebuilt.
FORMAT_VERSION = 2
#: The fields stored; "extra" is left to the caller (see the module docstring).
STORED_FIELDS = ("title", "source", "byline")
#: Articles parsed between two progress reports of `sync_index`.
PROGRESS_EVERY = 200

_HEADER = struct.Struct("<I")


@dataclass
class SyncReport:
    """What `sync_index` had to do: ids added, re-indexed, removed, and failures (id, reason)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def save_index(index: SearchIndex, path: Path) -> bool:
    """Write the index atomically; False if it could not be written (it is only a cache)."""
    index.compact()
    chunks: list[bytes] = []
    body = [(key, len(docs)) for key, docs in index.body_postings.items()]
    chunks.extend(index.body_postings[key].tobytes() for key, _ in body)
    fields: dict[str, list[tuple[int, int]]] = {}
    for name in STORED_FIELDS:
        postings = index.field_docs[name]
        fields[name] = [(word_id, len(docs)) for word_id, docs in postings.items()]
        chunks.extend(postings[word_id].tobytes() for word_id, _ in fields[name])
    chunks.extend(index.bodies)
    payload = b"".join(chunks)
    header = {
        "format": FORMAT_VERSION,
        "reader": __version__,
        "byteorder": sys.byteorder,
        "itemsize": array("I").itemsize,
        "crc32": zlib.crc32(payload),
        "size": len(payload),
        "docs": [
            [index.ids[doc], index.titles[doc], index.sources[doc], index.bylines[doc], digest]
            for doc, digest in enumerate(index.hashes)
        ],
        "words": index.vocabulary.words,
        "body": body,
        "fields": fields,
        "bodies": [len(data) for data in index.bodies],
    }
    encoded = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        write_atomically(path, [MAGIC + _HEADER.pack(len(encoded)) + encoded, payload])
    except OSError:
        return False
    return True


def load_index_file(path: Path) -> SearchIndex | None:
    """The index stored in `path`, or None if there is none or it cannot be trusted."""
    try:
        data = path.read_bytes()
        return _decode(memoryview(data))
    except (OSError, ValueError, KeyError, TypeError, IndexError, struct.error, RecursionError):
        return None


def sync_index(
    index: SearchIndex,
    metas: Iterable[ArticleMeta],
    load: Callable[[ArticleMeta], Article],
    progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Bring `index` in line with the library: parse new and changed articles, drop gone ones."""
    report = SyncReport()
    metas = list(metas)
    wanted = {meta.id for meta in metas}
    for article_id in index.article_ids():
        if article_id not in wanted:
            index.remove(article_id)
            report.removed.append(article_id)
    parsed = 0
    for meta in metas:
        known = index.content_hash(meta.id)
        if known is not None and known == meta.content_hash and known:
            continue
        try:
            article = load(meta)
        except (ParseError, OSError) as error:
            report.failed.append((meta.id, str(error) or type(error).__name__))
            continue
        index.add(article)
        (report.added if known is None else report.updated).append(meta.id)
        parsed += 1
        if progress is not None and parsed % PROGRESS_EVERY == 0:
            progress(parsed)
    return report


def open_index(
    metas: Iterable[ArticleMeta],
    path: Path | None,
    load: Callable[[ArticleMeta], Article] = load_article,
    progress: Callable[[int], None] | None = None,
) -> tuple[SearchIndex, SyncReport]:
    """The index for these articles: the cached one brought up to date (and saved if it had to
    change), or a new one built from the articles' files."""
    index = (load_index_file(path) if path is not None else None) or SearchIndex()
    report = sync_index(index, metas, load, progress)
    if path is not None and (report.changed or not path.exists()):
        save_index(index, path)
    return index, report


def _decode(data: memoryview) -> SearchIndex | None:
    if bytes(data[: len(MAGIC)]) != MAGIC:
        return None
    (length,) = _HEADER.unpack_from(data, len(MAGIC))
    start = len(MAGIC) + _HEADER.size
    header: dict[str, Any] = json.loads(bytes(data[start : start + length]))
    payload = data[start + length :]
    if (
        header.get("format") != FORMAT_VERSION
        or header.get("itemsize") != array("I").itemsize
        or header.get("size") != len(payload)
        or header.get("crc32") != zlib.crc32(payload)
    ):
        return None
    swap = header["byteorder"] != sys.byteorder
    index = SearchIndex()
    docs = header["docs"]
    columns: tuple[list[str], ...] = (index.titles, index.sources, index.bylines, index.hashes)
    for row in docs:
        if len(row) != 5 or not all(isinstance(value, str) for value in row):
            return None
        index.ids.append(row[0])
        for column, value in zip(columns, row[1:], strict=True):
            column.append(value)
    for word in header["words"]:
        index.vocabulary.add(str(word))
    if len(index.vocabulary) != len(header["words"]):
        return None
    reader = _Reader(payload, swap)
    body: list[list[int]] = header["body"]
    for key, count in body:
        index.body_postings[key] = reader.take("I", count)
    for name in STORED_FIELDS:
        for word_id, count in header["fields"][name]:
            index.field_docs[name][word_id] = reader.take("I", count)
    index.bodies = [bytes(reader.raw(size)) for size in header["bodies"]]
    if len(index.bodies) != len(docs) or reader.position != len(payload):
        return None
    _check(index)
    index.reset_lookup()
    return index


class _Reader:
    """Consumes the payload front to back, refusing to read past its end."""

    def __init__(self, payload: memoryview, swap: bool) -> None:
        self.payload = payload
        self.swap = swap
        self.position = 0

    def raw(self, size: int) -> memoryview:
        if not isinstance(size, int) or size < 0 or self.position + size > len(self.payload):
            raise ValueError("payload too short")
        chunk = self.payload[self.position : self.position + size]
        self.position += size
        return chunk

    def take(self, typecode: str, count: int) -> array[int]:
        values = array(typecode)
        values.frombytes(self.raw(count * values.itemsize))
        if self.swap:
            values.byteswap()
        return values


def _check(index: SearchIndex) -> None:
    """Refuse word ids and document numbers that point nowhere (a damaged or forged file)."""
    docs = len(index.ids)
    keys = len(index.vocabulary) * TF_LEVELS  # body postings: one key per word and level
    for postings, limit in (
        (index.body_postings, keys),
        *((index.field_docs[name], len(index.vocabulary)) for name in STORED_FIELDS),
    ):
        for key, numbers in postings.items():
            if not 0 <= key < limit or (numbers and max(numbers) >= docs):
                raise ValueError("posting out of range")
