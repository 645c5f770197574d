"""The search index's manifest, and opening the stored index when nothing changed since.

`reader.store.dirs.search_cache_path` names a file: a small manifest (an 8-byte magic, a JSON
header with the format version and Tantivy's index format, its CRC-32). The index itself is the
Tantivy folder beside it, named after it with ".d" (`index_folder`). Split from `cache` (which
keeps the index in line with the library, and re-exports these) so that a `reader search`
answered from the stored index imports neither the library nor the article parser.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from reader.core.search.engine import Engine
from reader.core.search.index import SearchIndex
from reader.core.search.schema import SearchIndexError

MAGIC = b"RDRSRCH\x00"
#: Bump whenever what is indexed changes; an index of another version is rebuilt.
FORMAT_VERSION = 3

_HEADER = struct.Struct("<I")
#: Why an index was rebuilt, as `SyncReport.rebuilt` says it.
DAMAGED = "it was damaged"
OUTDATED = "it was made by another version of reader"


def index_folder(path: Path) -> Path:
    """The Tantivy folder of the index whose manifest is `path`."""
    return path.with_name(path.name + ".d")


def _tantivy_format() -> str:
    """Tantivy's index format (`tantivy.__version__` reads "tantivy vX, index_format vN")."""
    return str(getattr(tantivy, "__version__", "")).rpartition(" ")[2]


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the manifest says: the state of the library the index was last brought in line with
    (`library_digest`) and Tantivy's commit stamp then; when both still hold, nothing is read."""

    library: str | None = None
    opstamp: int | None = None
    #: The fingerprint of the library's files then (`core.library.fingerprint`), when the
    #: caller had one: equal again, the index answers without the library being read.
    files: str | None = None

    def encode(self) -> bytes:
        header = {
            "format": FORMAT_VERSION,
            "tantivy": _tantivy_format(),
            "library": self.library,
            "opstamp": self.opstamp,
            "files": self.files,
        }
        encoded = json.dumps(header, sort_keys=True).encode("utf-8")
        body = _HEADER.pack(len(encoded)) + encoded
        return MAGIC + body + _HEADER.pack(zlib.crc32(body))

    @classmethod
    def read(cls, path: Path) -> Manifest | str:
        """The manifest at `path`, or why it cannot be trusted."""
        try:
            data = path.read_bytes()
            body = data[len(MAGIC) : -_HEADER.size]
            if data[: len(MAGIC)] != MAGIC or _HEADER.unpack(data[-_HEADER.size :]) != (
                zlib.crc32(body),
            ):
                return DAMAGED
            (length,) = _HEADER.unpack_from(body)
            header: Any = json.loads(body[_HEADER.size : _HEADER.size + length])
        except (OSError, struct.error, ValueError):
            return DAMAGED
        if not isinstance(header, dict):
            return DAMAGED
        if header.get("format") != FORMAT_VERSION or header.get("tantivy") != _tantivy_format():
            return OUTDATED
        library, opstamp, files = header.get("library"), header.get("opstamp"), header.get("files")
        return cls(
            library if isinstance(library, str) else None,
            opstamp if isinstance(opstamp, int) else None,
            files if isinstance(files, str) else None,
        )


def opstamp(folder: Path | None) -> int | None:
    """The stamp of the last commit to the index in `folder` (any process's)."""
    if folder is None:
        return None
    try:
        stamp = json.loads((folder / "meta.json").read_bytes()).get("opstamp")
    except (OSError, ValueError, AttributeError):
        return None
    return stamp if isinstance(stamp, int) else None


def open_unchanged(path: Path, files: str | None) -> SearchIndex | None:
    """The stored index, if the library's files are as they were when it was last brought in
    line with them (`files`, their fingerprint, as the manifest has it) and nobody committed to
    it since; None otherwise (the caller then reads the library and calls `open_index`)."""
    if files is None or not path.exists():
        return None
    manifest = Manifest.read(path)
    folder = index_folder(path)
    if isinstance(manifest, str) or manifest.files != files or manifest.opstamp is None:
        return None
    if manifest.opstamp != opstamp(folder):
        return None
    try:
        return SearchIndex(Engine.open(folder))
    except SearchIndexError:
        return None
