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
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader.core.library.discovery import absolute
from reader.core.text.formats import SUFFIX_FORMATS

_SUFFIXES = tuple(SUFFIX_FORMATS)


class _Unusual(Exception):
    """Something the quick walk leaves to discovery's rules."""


def fingerprint(paths: Iterable[Path], also: Sequence[Path] = ()) -> str | None:
    """A digest of every article file's path, size and mtime under `paths` (in the order the
    system lists each folder: listed in another order, it only costs the caller the full path),
    and of the size and mtime of the files `also` (absent ones count as absent); None when the
    walk meets something it does not judge."""
    parts: list[object] = []
    try:
        for path in paths:
            given = str(absolute(path))
            parts.append(given)
            info = os.stat(given)
            if stat.S_ISDIR(info.st_mode):
                _folder(given, parts)
            elif stat.S_ISREG(info.st_mode):
                parts.append((given, info.st_size, info.st_mtime_ns))
            else:
                return None
    except (OSError, _Unusual):
        return None
    for extra in also:
        try:
            info = os.stat(extra)
            parts.append((str(extra), info.st_size, info.st_mtime_ns))
        except OSError:
            parts.append((str(extra),))
    joined = repr(parts).encode("utf-8", "surrogateescape")
    return hashlib.blake2b(joined, digest_size=20).hexdigest()


def _folder(folder: str, parts: list[object]) -> None:
    suffixes, append = _SUFFIXES, parts.append
    with os.scandir(folder) as scan:  # the system's order: the same while nothing changes
        for entry in scan:
            name = entry.name
            if name[0] == ".":
                continue
            if entry.is_dir(follow_symlinks=False):
                _folder(entry.path, parts)
            elif not name.lower().endswith(suffixes):
                if entry.is_symlink():
                    raise _Unusual  # a link to a folder, perhaps
            elif entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                append((entry.path, info.st_size, info.st_mtime_ns))
            else:
                raise _Unusual  # a link, a FIFO, a device: discovery's rules decide
