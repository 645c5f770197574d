"""Finding the articles in the user's folders and indexing them fast.

Start-up must not depend on the size of the library, so the index keeps only `ArticleMeta` for
each file and caches it on disk keyed by (size, mtime): on the next start only files that changed
are parsed again. Bodies are parsed when an article is opened (`load_article`).

Library folders are other people's data, possibly shared or downloaded, so discovery is defensive:
it never follows a symlink out of the folder or round a loop, never opens a FIFO or a device (that
would hang or read forever), and turns every unreadable entry into a `Problem` instead of stopping.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader import __version__
from reader.core.article import Article, ArticleMeta
from reader.core.files import write_atomically
from reader.core.text.formats import SUFFIX_FORMATS, ParseError

#: Bump whenever what the parser extracts changes, so every cached `ArticleMeta` is rebuilt.
#: (A new reader release invalidates the cache too: its version is stored alongside.)
CACHE_VERSION = 3

#: How many parsed files between two progress reports of `load_index`.
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class Problem:
    """A file or folder that could not be used, and why, in words for the user."""

    path: str
    reason: str


@dataclass
class LibraryIndex:
    """The articles found (newest first) and everything that was skipped on the way."""

    articles: list[ArticleMeta] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def bundled_seeds_dir() -> Path:
    """The sample articles: `reader/seeds` in an installed wheel, `<repo>/seeds` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "seeds"
    return installed if installed.is_dir() else package.parent / "seeds"


def is_article_name(name: str) -> bool:
    """Whether a file name (or path) has a suffix the parser understands."""
    return os.path.splitext(name)[1].lower() in SUFFIX_FORMATS


# Discovery ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    """One article file; paths stay strings, as 10,000 `Path`s cost real start-up time."""

    file: str
    root: str
    size: int
    mtime_ns: int


class _Walk:
    """State of one discovery: what was visited (loop and duplicate guard) and what went wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.folders: set[tuple[int, int]] = set()
        self.files: set[tuple[int, int]] = set()

    def skip(self, path: Path | str, reason: str) -> None:
        self.problems.append(Problem(str(path), reason))

    def given(self, paths: Iterable[Path]) -> Iterator[_Found]:
        for given in paths:
            path = str(_absolute(given))
            try:
                info = os.stat(path)  # the user named it: following a symlink here is wanted
            except FileNotFoundError:
                self.skip(given, "no such file or folder")
                continue
            except OSError as error:
                self.skip(given, _reason(error))
                continue
            if stat.S_ISDIR(info.st_mode):
                if self._first_visit(self.folders, info):
                    yield from self.folder(path, path, os.path.realpath(path))
            elif not stat.S_ISREG(info.st_mode):
                self.skip(path, "not a regular file or folder")
            elif not is_article_name(path):
                self.skip(path, f"not an article file (expected {_suffixes()})")
            elif self._first_visit(self.files, info):
                yield _Found(path, os.path.dirname(path), info.st_size, info.st_mtime_ns)

    def folder(self, folder: str, root: str, real_root: str) -> Iterator[_Found]:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            self.skip(folder, f"cannot read folder: {_reason(error)}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.path
            try:
                link = entry.is_symlink()
                if link and not _inside(os.path.realpath(path), real_root):
                    if is_article_name(path) or os.path.isdir(path):
                        self.skip(path, "symlink leads outside the library folder, not followed")
                    continue
                info = os.stat(path) if link else entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                self.skip(path, "broken symlink")
                continue
            except OSError as error:
                self.skip(path, _reason(error))
                continue
            if stat.S_ISDIR(info.st_mode):
                if self._first_visit(self.folders, info):
                    yield from self.folder(path, root, real_root)
                elif link and _inside(os.path.realpath(folder), os.path.realpath(path)):
                    self.skip(path, "symlink loop, not followed")
            elif not is_article_name(path):
                continue
            elif not stat.S_ISREG(info.st_mode):
                self.skip(path, "not a regular file (a FIFO, socket or device), not opened")
            elif self._first_visit(self.files, info):
                yield _Found(path, root, info.st_size, info.st_mtime_ns)

    @staticmethod
    def _first_visit(seen: set[tuple[int, int]], info: os.stat_result) -> bool:
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return False
        seen.add(key)
        return True


def discover(
    paths: Iterable[Path], problems: list[Problem] | None = None
) -> Iterator[tuple[Path, Path]]:
    """Yield (article file, library root) for every article under `paths`, in name order.

    A PATH that is a file has its parent as root (the root decides the article id). Hidden
    entries are skipped; the same file reached twice (a symlink, or overlapping PATHs) is yielded
    once. Whatever is skipped for a reason the user should know is appended to `problems`.
    """
    walk = _Walk(problems if problems is not None else [])
    for found in walk.given(paths):
        yield Path(found.file), Path(found.root)


# Index and cache ---------------------------------------------------------------------------


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

    for found in _Walk(index.problems).given(paths):
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
                index.problems.append(Problem(key, _reason(error)))
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
    scopes = [str(_absolute(Path(path))) for path in paths]
    prefixes = tuple(scope.rstrip(os.sep) + os.sep for scope in scopes)
    ids: set[str] = set()
    in_order: list[ArticleMeta] = []
    for key, entry in cached.items():
        if not (key in scopes or key.startswith(prefixes)):
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
    from reader.core.text import parse

    return parse.parse_file(path, root, limit)


def load_article(meta: ArticleMeta, limit: int | None = None) -> Article:
    """Parse the article's file now, keeping the id the index gave it.

    The id depends on the library root the file was found under, which the metadata does not
    record; the rest (words, hash) is taken fresh, since the file may have changed since indexing.
    `limit` is for "show more" of a long file (default: the parser's usual cap).
    """
    path = Path(meta.path)
    article = parse_file(path, path.parent, limit)
    if article.meta.id == meta.id and article.meta.path == meta.path:
        return article
    return replace(article, meta=replace(article.meta, id=meta.id, path=meta.path))


def find_article(index: LibraryIndex, id_or_prefix: str) -> ArticleMeta:
    """The article with this id, or the only one whose id starts with it (LookupError if not)."""
    wanted = id_or_prefix.strip()
    matches = []
    for meta in index.articles:
        if meta.id == wanted:
            return meta
        if wanted and meta.id.startswith(wanted):
            matches.append(meta)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no article with id {wanted!r}")
    shown = ", ".join(meta.id for meta in matches[:5])
    raise LookupError(f"{wanted!r} matches {len(matches)} articles ({shown}…): give more of the id")


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


def _entry(
    found: _Found, meta: ArticleMeta | None = None, problem: str | None = None
) -> dict[str, Any]:
    return {
        "size": found.size,
        "mtime_ns": found.mtime_ns,
        "root": found.root,
        "meta": asdict(meta) if meta is not None else None,
        "problem": problem,
    }


def _fresh(entry: dict[str, Any] | None, found: _Found) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("size") == found.size
        and entry.get("mtime_ns") == found.mtime_ns
        and entry.get("root") == found.root
    )


def _cached_problem(entry: dict[str, Any] | None, found: _Found) -> bool:
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


def _cached_meta(entry: dict[str, Any] | None, found: _Found) -> ArticleMeta | None:
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
    scopes = [str(_absolute(path)) for path in paths]
    prefixes = tuple(scope.rstrip(os.sep) + os.sep for scope in scopes)
    dropped = False
    for key, entry in cached.items():
        if key in entries:
            continue
        if key in scopes or key.startswith(prefixes):
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


def _absolute(path: Path) -> Path:
    """Absolute and normalised (no `..`), but symlinks kept: paths stay as the user sees them."""
    return Path(os.path.abspath(Path(path).expanduser()))


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def _reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


def _suffixes() -> str:
    return ", ".join(sorted(SUFFIX_FORMATS))
