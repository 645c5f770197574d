"""The vocabulary kept beside the index, so that a new process does not read it from Tantivy.

Reading every word from Tantivy's dictionaries and filing them in `Vocabulary`'s buckets costs
tens of milliseconds at 10,000 articles, at each new `reader search`; kept in one file inside the
index's folder, it is read back in about one. The file names the segments the words were read
from (`Engine.segments`): Tantivy never changes a segment once written, and the words of an
index are the union of its segments' dictionaries (a removed article keeps its words there until
segments are merged), so while the index holds the same segments the kept words are exactly
those Tantivy would list. Any other segments, layout, or a damaged file: the words are read from
Tantivy again and kept anew. The file is only a shortcut: failing to write it changes nothing.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from contextlib import suppress
from pathlib import Path

from reader.core.files import write_atomically
from reader.core.search.vocab import LAYOUT, Parts, Vocabulary

#: The file inside the index's folder (Tantivy leaves files it did not make alone).
FILENAME = "vocabulary.reader"
MAGIC = b"RDRVOCB\x00"
#: layout, key bytes, words, buckets
_HEAD = struct.Struct("<IIII")
_CRC = struct.Struct("<I")


def _little(numbers: array[int]) -> array[int]:
    """`numbers` stored little-endian whatever the machine (a home folder may be shared)."""
    if sys.byteorder == "big":
        numbers = array(numbers.typecode, numbers)
        numbers.byteswap()
    return numbers


def save(folder: Path, key: str, vocabulary: Vocabulary) -> None:
    """Keep `vocabulary` (read from the segments `key`) in `folder`, if it can be kept."""
    parts = vocabulary.parts()
    words = vocabulary.words
    joined = "\n".join(words).encode("utf-8", "surrogateescape")
    if parts is None or joined.count(b"\n") != max(len(words) - 1, 0):
        return  # words added since it was read, or a word with a line break: not kept
    table = array("I")
    ids = array("I")
    for fuzzy, length, members in parts:
        table.extend((int(fuzzy), length, len(members)))
        ids.extend(members)
    encoded_key = key.encode("utf-8")
    body = b"".join(
        [
            MAGIC,
            _HEAD.pack(LAYOUT, len(encoded_key), len(words), len(parts)),
            encoded_key,
            _little(table).tobytes(),
            _little(ids).tobytes(),
            joined,
        ]
    )
    with suppress(OSError):
        write_atomically(folder / FILENAME, [body, _CRC.pack(zlib.crc32(body))])


def load(folder: Path, key: str) -> Vocabulary | None:
    """The vocabulary kept in `folder` for the segments `key`; None if there is none for them."""
    try:
        data = (folder / FILENAME).read_bytes()
    except OSError:
        return None
    body = data[: -_CRC.size]
    if len(data) < len(MAGIC) + _HEAD.size + _CRC.size or not data.startswith(MAGIC):
        return None
    if _CRC.unpack(data[-_CRC.size :])[0] != zlib.crc32(body):
        return None
    layout, key_size, count, buckets = _HEAD.unpack_from(body, len(MAGIC))
    start = len(MAGIC) + _HEAD.size
    if layout != LAYOUT or body[start : start + key_size] != key.encode("utf-8"):
        return None
    return _decoded(memoryview(body)[start + key_size :], count, buckets)


def _decoded(rest: memoryview, count: int, buckets: int) -> Vocabulary | None:
    """The vocabulary of the file's part after its key (checked whole: None if it is not)."""
    size = array("I").itemsize
    table, ids = array("I"), array("I")
    table.frombytes(rest[: 3 * buckets * size])
    ids.frombytes(rest[3 * buckets * size : (3 * buckets + count) * size])
    table, ids = _little(table), _little(ids)
    text = bytes(rest[(3 * buckets + count) * size :]).decode("utf-8", "surrogateescape")
    words = text.split("\n") if count else []
    if len(words) != count or len(ids) != count or len(table) != 3 * buckets:
        return None
    parts: Parts = []
    at = 0
    for n in range(buckets):
        fuzzy, length, members = table[3 * n : 3 * n + 3]
        parts.append((bool(fuzzy), length, ids[at : at + members]))
        at += members
    if at != count or (count and max(ids) >= count):
        return None
    return Vocabulary.of_parts(words, parts)
