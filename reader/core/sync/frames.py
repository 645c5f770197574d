"""The sync wire format: frames, each whole and checked, or refused.

A frame is `RS`, one byte naming its kind, the payload's length (4 bytes, big-endian), the
payload, and the first 8 bytes of the payload's SHA-256. A reader of frames knows before using a
payload that all of it arrived intact, so a transfer cut at any byte, or a file the sync folder's
carrier has only partly written, is refused as a whole and never applied in part. The same
frames travel over SSH (`reader sync --serve` on the far side) and fill the files of a sync
folder (a hello, the updates, and an end frame last: a file without its end is partial).

`PROTOCOL` counts incompatible changes of this format and of the document's shape
(`reader.core.sync.model`): two sides with different protocols refuse to sync, saying which one
to upgrade, before anything is changed.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, Any

#: Bump on any change a side of the previous protocol would misread (2: the document in parts).
PROTOCOL = 2
MAGIC = b"RS"
_HEAD = struct.Struct(">2scI")
_DIGEST = 8
#: The largest payload accepted: a whole library's annotations fit many times over.
MAX_PAYLOAD = 256 * 1024 * 1024


class Kind(StrEnum):
    """What a frame carries."""

    HELLO = "H"  # JSON: protocol, reader version, the sender's sync id
    DIGESTS = "G"  # every part's digest, in part order (`reader.core.sync.parts`)
    STATE = "V"  # state vectors, a bundle of parts: what the sender has of them
    UPDATE = "U"  # CRDT updates, a bundle of parts
    WANT = "W"  # JSON: the SHA-256 of each library file the sender lacks
    FILE = "F"  # a library file: its SHA-256 (64 hex characters), then its bytes
    ERROR = "E"  # text: why the sender stops
    END = "D"  # nothing: the sender has said everything


class FrameError(ValueError):
    """Bytes that are not a whole, intact frame (cut short, damaged, or not ours)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame's kind and payload."""

    kind: Kind
    payload: bytes

    def json(self) -> dict[str, Any]:
        """The payload read as a JSON object (a hello)."""
        try:
            value = json.loads(self.payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise FrameError(f"a {self.kind.name.lower()} frame that is not JSON") from error
        if not isinstance(value, dict):
            raise FrameError(f"a {self.kind.name.lower()} frame that is not a JSON object")
        return value


def encode(kind: Kind, payload: bytes = b"") -> bytes:
    """One frame's bytes."""
    if len(payload) > MAX_PAYLOAD:
        raise FrameError(f"a frame of {len(payload)} bytes is over the {MAX_PAYLOAD} limit")
    digest = hashlib.sha256(payload).digest()[:_DIGEST]
    return _HEAD.pack(MAGIC, kind.value.encode("ascii"), len(payload)) + payload + digest


def hello(reader_version: str, sync_id: str, **extra: object) -> bytes:
    """The first frame each side sends."""
    body = {"protocol": PROTOCOL, "reader": reader_version, "id": sync_id, **extra}
    return encode(Kind.HELLO, json.dumps(body, sort_keys=True).encode("utf-8"))


def read_frame(stream: IO[bytes]) -> Frame:
    """The next frame from a stream; FrameError if the stream ends or the bytes are damaged."""
    head = _read_exactly(stream, _HEAD.size, "a frame's header")
    kind, length = _check_head(head)
    body = _read_exactly(stream, length + _DIGEST, "a frame")
    return _checked(kind, body[:length], body[length:])


def parse(data: bytes) -> list[Frame]:
    """Every frame of a file; FrameError for the first one cut short or damaged."""
    frames: list[Frame] = []
    at = 0
    while at < len(data):
        if len(data) - at < _HEAD.size:
            raise FrameError("the file ends inside a frame's header (written only in part?)")
        kind, length = _check_head(data[at : at + _HEAD.size])
        start = at + _HEAD.size
        end = start + length + _DIGEST
        if end > len(data):
            raise FrameError("the file ends inside a frame (written only in part?)")
        frames.append(_checked(kind, data[start : start + length], data[start + length : end]))
        at = end
    return frames


def check_hello(frame: Frame, local_version: str) -> dict[str, Any]:
    """The far side's hello, or FrameError saying which side to upgrade."""
    if frame.kind is Kind.ERROR:
        raise FrameError(f"the far side refused: {frame.payload.decode('utf-8', 'replace')}")
    if frame.kind is not Kind.HELLO:
        raise FrameError("the far side did not start with a hello: is it `reader sync --serve`?")
    body = frame.json()
    theirs = body.get("protocol")
    version = str(body.get("reader", "?"))[:40]
    if theirs != PROTOCOL:
        newer = isinstance(theirs, int) and theirs > PROTOCOL
        which = "upgrade reader here" if newer else "upgrade reader on the far side"
        raise FrameError(
            f"the far side runs reader {version} (sync protocol {theirs}); this is reader "
            f"{local_version} (sync protocol {PROTOCOL}): {which}; nothing was changed"
        )
    if not isinstance(body.get("id"), str):
        raise FrameError("the far side's hello has no sync id")
    return body


def _check_head(head: bytes) -> tuple[Kind, int]:
    magic, kind_byte, length = _HEAD.unpack(head)
    if magic != MAGIC:
        raise FrameError("not a reader sync frame (wrong magic bytes)")
    try:
        kind = Kind(kind_byte.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FrameError(f"an unknown frame kind {kind_byte!r}") from error
    if length > MAX_PAYLOAD:
        raise FrameError(f"a frame of {length} bytes is over the {MAX_PAYLOAD} limit")
    return kind, length


def _checked(kind: Kind, payload: bytes, digest: bytes) -> Frame:
    if hashlib.sha256(payload).digest()[:_DIGEST] != digest:
        raise FrameError(f"a damaged {kind.name.lower()} frame (its checksum does not match)")
    return Frame(kind, payload)


def _read_exactly(stream: IO[bytes], size: int, what: str) -> bytes:
    chunks: list[bytes] = []
    left = size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise FrameError(f"the connection ended inside {what}")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
