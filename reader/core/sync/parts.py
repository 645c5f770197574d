"""The sync document in parts: about a thousand small CRDT documents instead of one big one.

Why parts: a whole library's document (50,000 articles, 20,000 highlights) is tens of megabytes
that took seconds and hundreds of megabytes to load on every sync. Each synced record lives in
the part its id hashes to (`part_of`, stable across machines and versions), each part is its own
`SyncDoc` with its own state vector and kept updates, so a sync loads only the parts that changed
on either side, and a part whose state both sides share is skipped without being loaded.

What travels is bundles: (part, bytes) entries, each part's state vector or update
(`encode_bundle`, `decode_bundle`), and a digest per part (`digest_of`) to find the parts the
two sides differ in.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Mapping

from reader.core.sync.model import decode_state_vector

#: How many parts the document is split into. Changing it is a new sync protocol.
PARTS = 1024
#: A part nothing was ever written to: its state vector (no writer seen).
EMPTY_STATE = b"\x00"
#: The bytes of one part's digest (of its state vector).
DIGEST = 8
_ENTRY = struct.Struct(">HI")


class DamagedBundle(ValueError):
    """Bytes that are not a bundle of parts: refused whole."""


def part_of(key: str) -> int:
    """The part a record's id (an article, highlight or bookmark id, a feed's address, a library
    file's path) belongs to: the same on every machine."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "big") % PARTS


#: The part the shared settings live in (`SyncDoc.settings`).
SETTINGS_PART = part_of("reader:settings")


def canonical(state: bytes) -> bytes:
    """A state vector with its writers in order (the engine writes them in any order, so two
    equal state vectors could differ in bytes)."""
    seen = decode_state_vector(state)
    out = bytearray(_varint(len(seen)))
    for client, clock in sorted(seen.items()):
        out += _varint(client) + _varint(clock)
    return bytes(out)


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        if number:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def digest_of(state: bytes) -> bytes:
    """A part's digest: equal on two sides exactly when their (canonical) state vectors are
    (every change advances its writer's clock, so equal state vectors are equal contents)."""
    return hashlib.sha256(state).digest()[:DIGEST]


def encode_bundle(entries: Iterable[tuple[int, bytes]]) -> bytes:
    """Entries (part, bytes) as one payload; a part may come more than once (several updates)."""
    out = bytearray()
    for part, data in entries:
        out += _ENTRY.pack(part, len(data))
        out += data
    return bytes(out)


def decode_bundle(data: bytes) -> list[tuple[int, bytes]]:
    """The entries of a bundle; DamagedBundle if it is cut short or names a part that is none."""
    entries: list[tuple[int, bytes]] = []
    at = 0
    while at < len(data):
        if len(data) - at < _ENTRY.size:
            raise DamagedBundle("a bundle cut inside an entry's header")
        part, length = _ENTRY.unpack_from(data, at)
        at += _ENTRY.size
        if part >= PARTS or at + length > len(data):
            raise DamagedBundle("a bundle entry out of range")
        entries.append((part, data[at : at + length]))
        at += length
    return entries


def encode_digests(digests: Mapping[int, bytes]) -> bytes:
    """Every part's digest, in part order (an absent part's is that of an empty state)."""
    empty = digest_of(EMPTY_STATE)
    return b"".join(digests.get(part, empty) for part in range(PARTS))


def decode_digests(data: bytes) -> list[bytes]:
    if len(data) != PARTS * DIGEST:
        raise DamagedBundle(f"{len(data)} bytes of digests, not {PARTS} parts of {DIGEST}")
    return [data[at : at + DIGEST] for at in range(0, len(data), DIGEST)]
