"""The library index on disk: one private file with the lines of every library folder seen.

Reading it is all a start-up does before the first screen, so it is made to be read fast: a
first line that says what the file is, a JSON header with each folder's counts, then each
folder's lines as `records` writes them (articles newest first, then problems), so that loading
is one read and one split per folder, and nothing is decoded until it is shown. Folders not asked
for are kept as they are, so `reader list DIR` leaves the main library's records alone.

It is written whole or not at all (`files.write_atomically`, mode 0600 in a private folder). A
file that is damaged, or was written by another version of reader (whose parser may read files
differently), is not used: the index is built again, and `CacheFile.note` says why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from reader import __version__
from reader.core.files import write_atomically

MAGIC = b"reader library index\n"
#: Bump whenever the lines or what the parser puts in them change.
FORMAT = 4
#: Names the index had before this format, beside it in the cache folder: removed on sight.
LEGACY_NAMES = ("library-index.json",)

DAMAGED = "The library index was damaged; it is being built again."
OTHER_VERSION = "The library index was made by another version of reader; it is being built again."


@dataclass
class Stored:
    """The lines of one library folder (`root`): its articles newest first, then its problems."""

    root: str
    articles: list[bytes] = field(default_factory=list)
    problems: list[bytes] = field(default_factory=list)


@dataclass
class CacheFile:
    """What the cache file holds, by folder, and why it could not be used ("" if it could, or
    if there was none yet)."""

    folders: dict[str, Stored] = field(default_factory=dict)
    note: str = ""


def read_cache(path: Path | None) -> CacheFile:
    """The cache at `path`, or an empty one with a note saying why it cannot be used."""
    if path is None:
        return CacheFile()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return CacheFile(note=_legacy_removed(path))
    except OSError:
        return CacheFile(note=DAMAGED)
    try:
        return CacheFile(_folders(data))
    except _OtherVersion:
        return CacheFile(note=OTHER_VERSION)
    except (ValueError, KeyError, TypeError, RecursionError):
        return CacheFile(note=DAMAGED)


def write_cache(path: Path, folders: Iterable[Stored]) -> None:
    """Replace the cache with `folders`; failing to write it only costs the next start time."""
    sections, bodies = [], []
    for stored in folders:
        body = b"".join(line + b"\n" for line in (*stored.articles, *stored.problems))
        sections.append(
            {
                "root": stored.root,
                "articles": len(stored.articles),
                "problems": len(stored.problems),
                "bytes": len(body),
            }
        )
        bodies.append(body)
    header = {"format": FORMAT, "reader": __version__, "sections": sections}
    head = json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n"
    with suppress(OSError):
        write_atomically(path, [MAGIC, head, *bodies])


class _OtherVersion(Exception):
    """The file is sound but another version of reader wrote it."""


def _folders(data: bytes) -> dict[str, Stored]:
    if data.startswith(b"{"):  # the JSON index of reader before FORMAT 4
        raise _OtherVersion
    if not data.startswith(MAGIC):
        raise ValueError("not a library index")
    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : end])
    if header["format"] != FORMAT or header["reader"] != __version__:
        raise _OtherVersion
    position = end + 1
    folders: dict[str, Stored] = {}
    for section in header["sections"]:
        root, articles, problems, size = (
            section[name] for name in ("root", "articles", "problems", "bytes")
        )
        if not (isinstance(root, str) and all(_count(n) for n in (articles, problems, size))):
            raise ValueError("bad section")
        lines = data[position : position + size].split(b"\n")
        position += size
        if len(lines) != articles + problems + 1 or lines[-1] != b"":
            raise ValueError("section cut short")
        folders[root] = Stored(root, lines[:articles], lines[articles:-1])
    if position != len(data):
        raise ValueError("trailing bytes")
    return folders


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _legacy_removed(path: Path) -> str:
    """Removes an index of the format before this one; a note when there was one."""
    note = ""
    for name in LEGACY_NAMES:
        with suppress(OSError):
            (path.parent / name).unlink()
            note = OTHER_VERSION
    return note
