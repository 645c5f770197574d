"""The library index on disk: one private file with the lines of every library folder seen.

Reading it is all a start-up does before the first screen, so it is made to be read fast: a
first line that says what the file is, a JSON header with each folder's counts, then each
folder's lines as `records` writes them (articles newest first, then problems), so that loading
is one read, one decode and one split, and no line is decoded until it is shown. Folders not asked
for are kept as they are, so `reader list DIR` leaves the main library's records alone.

Each file written is a new file (a rename), so its `identity` (size, mtime, inode) tells one
version from another without reading it: the first screen kept by the last session names the
version its rows came from (`Source`), and is shown without reading the index while that holds.

It is written whole or not at all (`files.write_atomically`, mode 0600 in a private folder). A
file that is damaged, or was written by another version of reader (whose parser may read files
differently), is not used: the index is built again, and `CacheFile.note` says why.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from msgspec import Struct, field

from reader import __version__
from reader.core.files import write_atomically
from reader.core.library.discovery import absolute

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


#: One version of the cache file: its size, mtime (ns) and inode.
Identity = tuple[int, int, int]


class Source(Struct, frozen=True):
    """Where an index's lines came from: the library folders listed (`roots`, in order) and the
    version of the cache file holding them (`file`)."""

    roots: tuple[str, ...]
    file: Identity


class CacheFile(Struct):
    """What the cache file holds, by folder, and why it could not be used ("" if it could, or
    if there was none yet); `identity`: the version read (None if none was)."""

    folders: dict[str, Stored] = field(default_factory=dict)
    note: str = ""
    identity: Identity | None = None


def identity(path: Path | None) -> Identity | None:
    """The version of the cache file at `path` now (None: there is none)."""
    try:
        found = os.stat(path) if path is not None else None
    except OSError:
        return None
    return None if found is None else _identity(found)


def _identity(found: os.stat_result) -> Identity:
    return (found.st_size, found.st_mtime_ns, found.st_ino)


def cached_source(paths: Iterable[Path], cache_path: Path | None) -> Source | None:
    """The `Source` that `cached_index(paths, cache_path)` would list now, told by a stat of
    the cache file without reading it (None: no cache, or a PATH that is not a folder)."""
    return source_of(paths, identity(cache_path))


def source_of(paths: Iterable[Path], file: Identity | None) -> Source | None:
    """The version `file` of the index file, listing the folders `paths` (None: no version, or
    a PATH that is not a folder: a file given alone is never listed from the cache)."""
    roots = roots_of(paths)
    if file is None or not all(os.path.isdir(root) for root in roots):
        return None
    return Source(tuple(roots), file)


def roots_of(paths: Iterable[Path]) -> list[str]:
    """The library folders of `paths` as the cache names them, each once, in order."""
    return list(dict.fromkeys(str(absolute(Path(path))) for path in paths))


def read_cache(path: Path | None) -> CacheFile:
    """The cache at `path`, or an empty one with a note saying why it cannot be used."""
    if path is None:
        return CacheFile()
    try:
        with path.open("rb") as handle:  # (the version read, whatever replaces it meanwhile)
            version, data = _identity(os.fstat(handle.fileno())), handle.read()
    except FileNotFoundError:
        return CacheFile(note=_legacy_removed(path))
    except OSError:
        return CacheFile(note=DAMAGED)
    try:
        return CacheFile(_folders(data), identity=version)
    except _OtherVersion:
        return CacheFile(note=OTHER_VERSION)
    except (ValueError, KeyError, TypeError, RecursionError):
        return CacheFile(note=DAMAGED)


def write_cache(path: Path, folders: Iterable[Stored]) -> Identity | None:
    """Replace the cache with `folders`, and say the version written (None if it could not be:
    that only costs the next start time)."""
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
    try:  # (file names that are not UTF-8 are kept as they are)
        write_atomically(path, [text.encode("utf-8", "surrogatepass")])
    except OSError:
        return None
    return identity(path)


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
