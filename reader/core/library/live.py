"""One path changed, appeared or vanished: the index takes it in without walking the library.

A watcher of the library folders (or anything else that knows a path changed) calls
`update_index(index, path)` with the index it shows, from a worker thread: the file is read
again if its size or mtime changed (a folder is walked, for a folder moved in or out), what is
gone is dropped, and the new index comes back with what changed (`Change`). Among 100,000
articles this costs one file's read and a few copies of the list; the cache is saved with
`save_index` once a burst of changes is over (or at once, given `cache_path`). The index handed
in gives its state to the new one: update the new one next time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, fields
from itertools import chain
from pathlib import Path

from reader.core.article import ArticleMeta
from reader.core.library.discovery import Found, Problem, Walk, absolute
from reader.core.library.index import Folder, IndexState, LibraryIndex, listed
from reader.core.library.records import (
    ARTICLE,
    KEY,
    PROBLEM,
    UNREADABLE,
    decode_article,
    decode_problem,
    is_problem,
    line_id,
    path_of,
)
from reader.core.library.view import Articles

_DUPLICATE = "same article id as "


@dataclass(frozen=True)
class Change:
    """What an update changed: articles that appeared, articles whose file changed (their new
    metadata), the ids of articles gone, and files that are now problems."""

    added: tuple[ArticleMeta, ...] = ()
    updated: tuple[ArticleMeta, ...] = ()
    removed: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.problems)


_CHANGE_FIELDS = tuple(item.name for item in fields(Change))


def update_index(
    index: LibraryIndex, path: Path | str, cache_path: Path | None = None
) -> tuple[LibraryIndex, Change]:
    """`index` with what is now at `path` (a file or folder that changed, appeared or
    vanished), saved to `cache_path` if given (else `save_index` it later: a burst of changes
    is saved once); and what changed. A path outside the library, hidden, or not an article
    file changes nothing. `ValueError` for an index not from `load_index`."""
    return update_paths(index, [path], cache_path)


def update_paths(
    index: LibraryIndex, paths: Iterable[Path | str], cache_path: Path | None = None
) -> tuple[LibraryIndex, Change]:
    """`update_index` for a burst of paths (pages fetched in the background arrive by the
    dozen): each taken in where it belongs, and the list made once for them all, not once a
    path (which is the whole library's lines each time)."""
    state = index.state
    if state is None:
        raise ValueError("only an index from load_index can be updated")
    changes: list[Change] = []
    problems = list(index.problems)
    moved = False
    for path in paths:
        target = str(absolute(Path(path)))
        folder = _folder_of(state, target)
        if folder is None:
            continue
        walk_problems: list[Problem] = []
        found = list(_walk(folder, target, walk_problems))
        before = _known_at(folder, target)
        fresh = {f.file: f for f in found}
        outcomes = _read([f for f in found if before.get(f.file, (None,))[0] != _stat(f)])
        changes.append(_apply(state, folder, before, fresh, outcomes))
        moved = moved or before.keys() != fresh.keys()
        problems = [p for p in problems if not _under(p.path, target)]
        state.walk_problems[:] = [p for p in state.walk_problems if not _under(p.path, target)]
        state.walk_problems.extend(walk_problems)
        problems += [*walk_problems, *changes[-1].problems]
    if not changes:
        return index, Change()
    lines, duplicates = listed(state.folders.values())
    kept = [p for p in problems if not p.reason.startswith(_DUPLICATE)]
    updated = LibraryIndex(Articles(lines, state.decoded), [*kept, *duplicates], "", state)
    change = Change(
        *(tuple(chain.from_iterable(getattr(c, name) for c in changes)) for name in _CHANGE_FIELDS)
    )
    if cache_path is not None and (change or moved):
        state.save(cache_path)
    return updated, change


def _folder_of(state: IndexState, target: str) -> Folder | None:
    """The library folder `target` belongs to (the first, as the walk goes), if any."""
    for folder in state.folders.values():
        if folder.only is not None:
            if target in folder.only or target in {str(absolute(p)) for p in state.paths}:
                return folder
            continue
        if _under(target, folder.root):
            hidden = target[len(folder.root) :].split(os.sep)
            return None if any(part.startswith(".") for part in hidden) else folder
    return None


def _known_at(folder: Folder, target: str) -> dict[str, tuple[tuple[int, int], str]]:
    """The entries of the files at `target`: one file (looked up), or a folder's (looked for)."""
    entry = folder.entries.get(target)
    if entry is not None:
        return {target: entry}
    if os.path.isfile(target):  # a new file (not a folder of that name gone: the next check)
        return {}
    prefix = target.rstrip(os.sep) + os.sep
    return {key: entry for key, entry in folder.entries.items() if key.startswith(prefix)}


def _under(path: str, target: str) -> bool:
    return path == target or path.startswith(target.rstrip(os.sep) + os.sep)


def _stat(found: Found) -> tuple[int, int]:
    return (found.size, found.mtime_ns)


def _walk(folder: Folder, target: str, problems: list[Problem]) -> Iterable[Found]:
    """What the walk finds at `target` now (nothing if it vanished)."""
    if not os.path.lexists(target):
        return ()
    walk = Walk(problems)
    if target == folder.root:
        return walk.folder(target, folder.root, os.path.realpath(folder.root))
    return walk.entry(target, folder.root, os.path.realpath(folder.root))


def _read(found: list[Found]) -> dict[str, tuple[int, str]]:
    """Each file's outcome (see `parallel.Outcome`), read as `load_index` reads."""
    from reader.core.library import parallel

    jobs = [(place, f.file, f.root, _stat(f)) for place, f in enumerate(found)]
    read: dict[str, tuple[int, str]] = {}

    def take(outcomes: list[tuple[int, int, str]]) -> None:
        for place, kind, value in outcomes:
            read[found[place].file] = (kind, value)

    parallel.read_all(jobs, take)
    return read


def _apply(
    state: IndexState,
    folder: Folder,
    before: dict[str, tuple[tuple[int, int], str]],
    fresh: dict[str, Found],
    outcomes: dict[str, tuple[int, str]],
) -> Change:
    """Puts the new lines in `folder` (its entries, and its articles in their order)."""
    added: list[ArticleMeta] = []
    updated: list[ArticleMeta] = []
    removed: list[str] = []
    problems: list[Problem] = []
    for key, (_stat_before, line) in before.items():
        if key in fresh and key not in outcomes:
            continue  # unchanged
        del folder.entries[key]
        if not is_problem(line):
            folder.articles.remove(line)
            if outcomes.get(key, (UNREADABLE, ""))[0] != ARTICLE:
                removed.append(line_id(line))
    for key, (kind, value) in outcomes.items():
        if kind == UNREADABLE:  # reported, not remembered
            problems.append(Problem(key, value))
            continue
        folder.entries[key] = (_stat(fresh[key]), value)
        if kind == PROBLEM:
            problems.append(Problem(key, decode_problem(value)[2]))
            continue
        meta = decode_article(value)[0]
        state.decoded[value] = meta
        _insert(folder.articles, value, key)
        was_article = key in before and not is_problem(before[key][1])
        (updated if was_article else added).append(meta)
    return Change(tuple(added), tuple(updated), tuple(removed), tuple(problems))


def _insert(lines: list[str], line: str, path: str) -> None:
    """Puts `line` where the walk and the dates put it: newest first, then in name order."""
    key, parts = line[KEY], path.split(os.sep)
    low, high = 0, len(lines)
    while low < high:
        middle = (low + high) // 2
        other = lines[middle][KEY]
        if other > key or (other == key and path_of(lines[middle]).split(os.sep) < parts):
            low = middle + 1
        else:
            high = middle
    lines.insert(low, line)
