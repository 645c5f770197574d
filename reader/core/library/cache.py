"""The library index on disk: one private file with the lines of every library folder seen.

Reading it is all a start-up does before the first screen, so it is made to be read fast: a
first line that says what the file is, a JSON header with each folder's counts, then each
folder's lines as `records` writes them (articles newest first, then problems), so that loading
is one read, one decode and one split, and no line is decoded until it is shown. Folders not asked
for are kept as they are, so `reader list DIR` leaves the main library's records alone.

It is written whole or not at all (`files.write_atomically`, mode 0600 in a private folder). A
file that is damaged, or was written by another version of reader (whose parser may read files
differently), is not used: the index is built again, and `CacheFile.note` says why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from msgspec import Struct, field

from reader import __version__
from reader.core.files import write_atomically

MAGIC = "reader library index"
#: Bump whenever the lines or what the parser puts in them change.
FORMAT = 4
#: Names the index had before this format, beside it in the cache folder: removed on sight.
LEGACY_NAMES = ("library-index.json",)

DAMAGED = "The library index was damaged; it is being built again."
OTHER_VERSION = "The library index was made by another version of reader; it is being built again."


class Stored(Struct):
    """The lines of one library folder (`root`): its articles newest first, then its problems."""

    root: str
    articles: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class CacheFile(Struct):
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
    sections: list[dict[str, object]] = []
    bodies: list[str] = []
    for stored in folders:
        sections.append(
            {
                "root": stored.root,
                "articles": len(stored.articles),
                "problems": len(stored.problems),
            }
        )
        bodies.extend((*stored.articles, *stored.problems))
    header = {"format": FORMAT, "reader": __version__, "sections": sections}
    text = "\n".join([MAGIC, json.dumps(header, separators=(",", ":")), *bodies, ""])
    with suppress(OSError):  # (file names that are not UTF-8 are kept as they are)
        write_atomically(path, [text.encode("utf-8", "surrogatepass")])


class _OtherVersion(Exception):
    """The file is sound but another version of reader wrote it."""


def _folders(data: bytes) -> dict[str, Stored]:
    if data.startswith(b"{"):  # the JSON index of reader before FORMAT 4
        raise _OtherVersion
    if not data.startswith(MAGIC.encode() + b"\n"):
        raise ValueError("not a library index")
    lines = data.decode("utf-8", "surrogatepass").split("\n")
    header = json.loads(lines[1])
    if header["format"] != FORMAT or header["reader"] != __version__:
        raise _OtherVersion
    position = 2
    folders: dict[str, Stored] = {}
    for section in header["sections"]:
        root, articles, problems = (section[name] for name in ("root", "articles", "problems"))
        if not (isinstance(root, str) and _count(articles) and _count(problems)):
            raise ValueError("bad section")
        middle, end = position + articles, position + articles + problems
        folders[root] = Stored(root, lines[position:middle], lines[middle:end])
        position = end
    if position != len(lines) - 1 or lines[-1]:
        raise ValueError("cut short, or trailing lines")
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
