"""The library index: every article's `ArticleMeta`, fast to get however large the library.

Start-up must not depend on the size of the library, so the index keeps only `ArticleMeta` for
each file and caches it on disk keyed by (size, mtime): on the next start only files that changed
are parsed again. Bodies are parsed when an article is opened (`load_article`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.article import Article, ArticleMeta
from reader.core.files import write_atomically
from reader.core.library.discovery import Found, Problem, Walk, os_reason, within
from reader.core.library.pending import is_pending, pending_article
from reader.core.text.formats import ParseError

#: Bump whenever what the parser extracts changes, so every cached `ArticleMeta` is rebuilt.
#: (A new reader release invalidates the cache too: its version is stored alongside.)
CACHE_VERSION = 3

#: How many parsed files between two progress reports of `load_index`.
PROGRESS_EVERY = 200


@dataclass
class LibraryIndex:
    """The articles found (newest first) and everything that was skipped on the way."""

    articles: list[ArticleMeta] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def load_index(
    paths: Iterable[Path],
    cache_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> LibraryIndex:
    """Index every article under `paths`, parsing only files the cache does not know as-is.

    `progress`, when given, is called with the number of files parsed so far every
    `PROGRESS_EVERY` parses: a first run over a large library takes seconds, and says so.
    """
    paths = [Path(path) for path in paths]
    index = LibraryIndex()
    cached = _read_cache(cache_path) if cache_path is not None else {}
    entries: dict[str, dict[str, Any]] = {}
    dirty = False
    parsed = 0
    ids: dict[str, str] = {}
    in_order: list[ArticleMeta] = []

    for found in Walk(index.problems).given(paths):
        key = found.file
        entry = cached.get(key)
        meta = _cached_meta(entry, found)
        if meta is None and not _cached_problem(entry, found):
            try:
                meta = parse_file(Path(found.file), Path(found.root)).meta
                entry = _entry(found, meta=meta)
            except ParseError as error:
                if isinstance(error.__cause__, OSError):  # unreadable now, maybe not later
                    index.problems.append(Problem(key, str(error)))
                    continue
                entry = _entry(found, problem=str(error) or "cannot be parsed")
            except OSError as error:  # as above: a chmod fixes it without touching the mtime
                index.problems.append(Problem(key, os_reason(error)))
                continue
            except Exception as error:  # a parser bug on one file must not hide the library
                reason = f"could not be read ({type(error).__name__}), please report it"
                index.problems.append(Problem(key, reason))
                continue
            dirty = True
            parsed += 1
            if progress is not None and parsed % PROGRESS_EVERY == 0:
                progress(parsed)
        assert entry is not None  # a fresh cache hit, or just parsed
        entries[key] = entry
        if meta is None:
            index.problems.append(Problem(key, str(entry["problem"])))
        elif meta.id in ids:
            index.problems.append(Problem(key, f"same article id as {ids[meta.id]}, skipped"))
        else:
            ids[meta.id] = key
            in_order.append(meta)

    index.articles = _newest_first(in_order)
    if cache_path is not None:
        dirty |= _keep_unvisited(cached, entries, paths)
        if dirty:
            _write_cache(cache_path, entries)
    return index


def cached_index(paths: Iterable[Path], cache_path: Path | None) -> LibraryIndex | None:
    """The index as the cache last saw it, without touching a single article file.

    This is what lets a library of any size draw its list at once: the app shows this, then
    checks it with `load_index` in the background and applies what changed. None when the cache
    has nothing for these PATHs (first run), so the caller falls back to `load_index`.
    """
    if cache_path is None:
        return None
    cached = _read_cache(cache_path)
    inside = within(paths)
    ids: set[str] = set()
    in_order: list[ArticleMeta] = []
    for key, entry in cached.items():
        if not inside(key):
            continue
        data = entry.get("meta") if isinstance(entry, dict) else None
        if not isinstance(data, dict) or data.keys() != _META_NAMES:
            continue
        try:
            meta = ArticleMeta(**data)
        except TypeError:
            continue
        if meta.id not in ids:
            ids.add(meta.id)
            in_order.append(meta)
    if not in_order:
        return None
    return LibraryIndex(articles=_newest_first(in_order))


def parse_file(path: Path, root: Path, limit: int | None = None) -> Article:
    """Parses one file; the parser is imported on first use, so a cached start never loads it."""
    from reader.core.text import parse  # deliberately late: see the docstring

    return parse.parse_file(path, root, limit)


def load_article(meta: ArticleMeta, limit: int | None = None) -> Article:
    """Parse the article's file now, keeping the id the index gave it.

    The id depends on the library root the file was found under, which the metadata does not
    record; the rest (words, hash) is taken fresh, since the file may have changed since indexing.
    `limit` is for "show more" of a long file (default: the parser's usual cap).
    """
    if is_pending(meta):  # known by its address only: no file yet
        return pending_article(meta)
    path = Path(meta.path)
    article = parse_file(path, path.parent, limit)
    if article.meta.id == meta.id and article.meta.path == meta.path:
        return article
    return replace(article, meta=replace(article.meta, id=meta.id, path=meta.path))


def _newest_first(metas: list[ArticleMeta]) -> list[ArticleMeta]:
    """Dated articles newest first, then undated ones in discovery order (both stable)."""
    dated: list[tuple[datetime, ArticleMeta]] = []
    undated: list[ArticleMeta] = []
    for meta in metas:
        when = _parse_date(meta.date)
        if when is None:
            undated.append(meta)
        else:
            dated.append((when, meta))
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return [meta for _, meta in dated] + undated


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# The cache file -------------------------------------------------------------------------


def _entry(
    found: Found, meta: ArticleMeta | None = None, problem: str | None = None
) -> dict[str, Any]:
    return {
        "size": found.size,
        "mtime_ns": found.mtime_ns,
        "root": found.root,
        "meta": asdict(meta) if meta is not None else None,
        "problem": problem,
    }


def _fresh(entry: dict[str, Any] | None, found: Found) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("size") == found.size
        and entry.get("mtime_ns") == found.mtime_ns
        and entry.get("root") == found.root
    )


def _cached_problem(entry: dict[str, Any] | None, found: Found) -> bool:
    return (
        _fresh(entry, found) and isinstance(entry, dict) and isinstance(entry.get("problem"), str)
    )


#: JSON types each `ArticleMeta` field may have in the cache (by its annotation); a field with an
#: annotation not listed here is not checked.
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "str | None": (str, type(None)),
}
_META_NAMES = frozenset(item.name for item in fields(ArticleMeta))
_META_CHECKS = tuple(
    (item.name, _JSON_TYPES[str(item.type)])
    for item in fields(ArticleMeta)
    if str(item.type) in _JSON_TYPES
)


def _cached_meta(entry: dict[str, Any] | None, found: Found) -> ArticleMeta | None:
    """The cached metadata if it is for this very file and still well-formed, else None."""
    if entry is None or not _fresh(entry, found):
        return None
    data = entry.get("meta")
    if not isinstance(data, dict) or data.keys() != _META_NAMES:
        return None
    for name, expected in _META_CHECKS:
        value = data[name]
        if not isinstance(value, expected) or value is True or value is False:
            return None
    return ArticleMeta(**data)


def _read_cache(path: Path) -> dict[str, dict[str, Any]]:
    """The cached entries, or nothing if the cache is missing, corrupt or from another version."""
    try:
        raw = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
    except (OSError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(raw, dict)
        or raw.get("version") != CACHE_VERSION
        or raw.get("reader") != __version__
        or not isinstance(raw.get("files"), dict)
    ):
        return {}
    files: dict[str, dict[str, Any]] = raw["files"]
    return files


def _keep_unvisited(
    cached: dict[str, dict[str, Any]], entries: dict[str, dict[str, Any]], paths: list[Path]
) -> bool:
    """Carry over cache entries outside this run's PATHs (so `reader list DIR` does not wipe the
    library's cache); entries under them that were not found belong to deleted files. Returns
    whether anything was dropped."""
    inside = within(paths)
    dropped = False
    for key, entry in cached.items():
        if key in entries:
            continue
        if inside(key):
            dropped = True
        else:
            entries[key] = entry
    return dropped


def _write_cache(path: Path, entries: dict[str, dict[str, Any]]) -> None:
    """Replace the cache atomically; failing to write it only costs the next start some time."""
    document = {"version": CACHE_VERSION, "reader": __version__, "files": entries}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    data = text.encode("utf-8", "surrogatepass")  # paths of undecodable names are kept as-is
    with suppress(OSError):
        write_atomically(path, [data])
