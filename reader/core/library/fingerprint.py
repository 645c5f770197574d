"""A cheap fingerprint of the article files under some folders: whether anything changed since.

`reader search` answers from the stored search index, which is only right while the library is
as it was when the index was last brought in line. Checking that through the library index
(`load_index`) decodes a line per file; this only walks the folders and reads each article file's
size and modification time (one `stat` each, as `grep` opens each file), and digests them. Equal
fingerprints: no article file was added, removed, renamed or rewritten, so the index answers as
it is. Anything the quick walk does not judge (a symlink, a FIFO named like an article, a folder
it cannot read) gives None: the caller takes the full path, `load_index`, which has the rules.
"""

from __future__ import annotations

import hashlib
import os
import stat
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader.core.text.formats import SUFFIX_FORMATS

_SUFFIXES = tuple(SUFFIX_FORMATS)


class _Unusual(Exception):
    """Something the quick walk leaves to discovery's rules."""


class _Walk:
    """What the fingerprint digests: paths (NUL never occurs in one) and two numbers each for
    the files among them, gathered flat (a tuple and its `repr` per file cost as much as the
    `stat`s themselves)."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.numbers = array("q")

    def digest(self) -> str:
        joined = "\0".join(self.names).encode("utf-8", "surrogateescape")
        digest = hashlib.blake2b(joined, digest_size=20)
        digest.update(self.numbers.tobytes())
        return digest.hexdigest()


def fingerprint(paths: Iterable[Path], also: Sequence[Path] = ()) -> str | None:
    """A digest of every article file's path, size and mtime under `paths` (in the order the
    system lists each folder: listed in another order, it only costs the caller the full path),
    and of the size and mtime of the files `also` (absent ones count as absent); None when the
    walk meets something it does not judge."""
    walk = _Walk()
    names, numbers = walk.names, walk.numbers
    try:
        for path in paths:
            given = _absolute(path)
            info = os.stat(given)
            if stat.S_ISDIR(info.st_mode):
                names.append("d:" + given)
                _folder(given, names, numbers)
            elif stat.S_ISREG(info.st_mode):
                names.append("f:" + given)
                numbers.extend((info.st_size, info.st_mtime_ns))
            else:
                return None
    except (OSError, _Unusual):
        return None
    for extra in also:
        names.append("x:" + str(extra))
        try:
            info = os.stat(extra)
            numbers.extend((info.st_size, info.st_mtime_ns))
        except OSError:
            numbers.extend((-1, -1))  # absent
    return walk.digest()


def _absolute(path: Path) -> str:
    """`discovery.absolute`, as a string, without importing discovery (nor msgspec with it):
    this module is imported before anything else when `reader search` starts."""
    return os.path.abspath(os.path.expanduser(path))


def _folder(folder: str, names: list[str], numbers: array[int]) -> None:
    suffixes, name_of, number = _SUFFIXES, names.append, numbers.append
    with os.scandir(folder) as scan:  # the system's order: the same while nothing changes
        for entry in scan:
            name = entry.name
            if name[0] == ".":
                continue
            if entry.is_dir(follow_symlinks=False):
                _folder(entry.path, names, numbers)
            elif not name.lower().endswith(suffixes):
                if entry.is_symlink():
                    raise _Unusual  # a link to a folder, perhaps
            elif entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                name_of(entry.path)
                number(info.st_size)
                number(info.st_mtime_ns)
            else:
                raise _Unusual  # a link, a FIFO, a device: discovery's rules decide
