"""A few changed files applied to the library index, without reading the whole library again.

The live library hears of files one burst at a time (a file saved, one removed). Walking and
checking 50,000 files to find that one takes seconds; parsing it alone takes milliseconds. So a
burst of a few article files is applied to the index as it stands: each file still there is
parsed again (and comes first, being the newest arrival), each one gone leaves. Anything less
plain (a folder, many files, a file that cannot be read, an id another file has) returns None,
and the caller reads the library whole, as at start-up, which also says what was skipped and why.
(The library index's own incremental update replaces this once it is there: one call site.)
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from reader.core.article import ArticleMeta
from reader.core.library import LibraryIndex, is_article_name, parse_file
from reader.core.text.formats import ParseError

#: More changed files than this at once: reading the library whole is as quick.
PATCH_AT_MOST = 50


def patched_index(index: LibraryIndex, changed: set[str], roots: list[Path]) -> LibraryIndex | None:
    """`index` with the article files of `changed` read again, or None to read it whole."""
    if not changed or len(changed) > PATCH_AT_MOST:
        return None
    fresh: list[ArticleMeta] = []
    for path in sorted(changed):
        if not is_article_name(path):
            return None  # a folder came or went: its files with it
        if os.path.lexists(path):
            meta = _parse(path, roots)
            if meta is None:
                return None
            fresh.append(meta)
    kept = [meta for meta in index.articles if meta.path not in changed]
    ids = {meta.id for meta in kept}
    if any(meta.id in ids for meta in fresh) or len({meta.id for meta in fresh}) < len(fresh):
        return None  # the same id as another file: reading it whole says which was skipped
    return replace(index, articles=[*fresh, *kept])


def _parse(path: str, roots: list[Path]) -> ArticleMeta | None:
    """The file's metadata, its id from the library folder it lies in (None if it lies in
    none, is no plain file, or cannot be read)."""
    folders = [os.path.abspath(root) for root in roots if os.path.isdir(root)]
    inside = [folder for folder in folders if path.startswith(folder.rstrip(os.sep) + os.sep)]
    if not inside or os.path.islink(path) or not os.path.isfile(path):
        return None
    try:
        return parse_file(Path(path), Path(max(inside, key=len))).meta
    except (OSError, ParseError):
        return None
