"""The library index: every article's `ArticleMeta`, fast to get however large the library.

A start shows the index as the cache file last saw it (`cached_index`: one read, nothing decoded
but the rows on screen, no file touched), then checks it against the folders in the background
(`load_index`): files whose size and mtime changed are read again with the quick metadata path
(`core.text.quick`, in a process pool when there are many, `parallel`), and the list is handed
over as it fills in (`partial`). Bodies are parsed when an article is opened (`load_article`).
One file that changed, appeared or vanished is taken in by `live.update_index`.

Articles are listed newest first; undated ones follow, in the order of the walk (folders in the
order given, names in order), and so do articles of the same date.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path

from msgspec.structs import replace

from reader.core.article import Article, ArticleMeta
from reader.core.library.cache import (
    CacheFile,
    Identity,
    Source,
    Stored,
    read_cache,
    roots_of,
    source_of,
    write_cache,
)
from reader.core.library.discovery import Found, Problem, Walk, absolute, within
from reader.core.library.pending import is_pending, pending_article
from reader.core.library.records import (
    ID,
    KEY,
    UNREADABLE,
    Stat,
    decode_problem,
    file_of,
    is_problem,
    path_of,
)
from reader.core.library.view import Articles

#: How many files read between two progress reports of `load_index`.
PROGRESS_EVERY = 200
#: Seconds before the second partial list of a first run (then twice as long each time).
PARTIAL_EVERY = 0.25

_by_key = itemgetter(KEY)
_PROBLEM = '["!"'  # how a problem's line starts (`records.is_problem`, inlined in loops)

Entry = tuple[Stat, str]
"""What the index knows of one file: its size and mtime when read, and its line."""


@dataclass(eq=False)
class Folder:
    """What the index knows of the files under one library folder (`root`): each file's entry
    (articles and problems), and the articles' lines in the order they are listed."""

    root: str
    entries: dict[str, Entry] = field(default_factory=dict)
    articles: list[str] = field(default_factory=list)
    #: The files listed, when the folder is not itself one of the PATHs (files given alone:
    #: the folder's other files stay in the cache, unlisted); None: every article.
    only: set[str] | None = None

    def listed(self) -> list[str]:
        if self.only is None:
            return self.articles
        return [line for line in self.articles if path_of(line) in self.only]

    def stored(self) -> Stored:
        problems = [line for _stat, line in self.entries.values() if line.startswith(_PROBLEM)]
        return Stored(self.root, self.articles, problems)


@dataclass(eq=False)
class IndexState:
    """What `live.update_index` needs to take in one change and save it: the PATHs, the folders
    with every file's entry, the cache's other folders, the walk's own problems."""

    paths: list[Path]
    folders: dict[str, Folder]
    others: dict[str, Stored]
    walk_problems: list[Problem]
    decoded: dict[str, ArticleMeta]

    def save(self, cache_path: Path) -> Identity | None:
        """Writes the cache; the version written (None if it could not be)."""
        stored = [folder.stored() for folder in self.folders.values()]
        return write_cache(cache_path, [*stored, *self.others.values()])


@dataclass
class LibraryIndex:
    """The articles found (newest first) and everything that was skipped on the way.

    `note` says why the cache could not be used (damaged, another version), for the user;
    `state` is what an update needs (None for an index that did not come from `load_index`).
    """

    articles: Sequence[ArticleMeta] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    note: str = field(default="", compare=False)
    state: IndexState | None = field(default=None, compare=False, repr=False)

    def ids(self) -> list[str]:
        """Every article's id, in order (without decoding a line of an indexed library)."""
        if isinstance(self.articles, Articles):
            return self.articles.ids()
        return [meta.id for meta in self.articles]


def load_index(
    paths: Iterable[Path],
    cache_path: Path | None = None,
    progress: Callable[[int], None] | None = None,
    partial: Callable[[LibraryIndex], None] | None = None,
) -> LibraryIndex:
    """Index every article under `paths`, reading only files the cache does not know as-is.

    `progress`, when given, is called with the number of files read so far, every
    `PROGRESS_EVERY` files and while waiting for workers; it may raise to stop (the app is
    quitting). `partial`, when given, is handed the index so far while a first run (nothing in
    the cache for these PATHs) goes on.
    """
    build = _Build([Path(path) for path in paths], read_cache(cache_path), progress, partial)
    jobs = build.jobs(Walk(build.walk_problems).given(build.paths))
    first = next(jobs, None)
    if first is not None:
        from reader.core.library import parallel  # the parser: only when files are to be read

        parallel.read_all(chain([first], jobs), build.take)
    index = build.index()
    if cache_path is not None and build.changed:
        save_index(index, cache_path)
    else:
        _sourced(index, build.cache.identity)
    return index


def save_index(index: LibraryIndex, cache_path: Path) -> None:
    """Writes `index` (from `load_index` or `live.update_index`) to the cache, whole."""
    if index.state is not None:
        _sourced(index, index.state.save(cache_path))


def _sourced(index: LibraryIndex, file: Identity | None) -> None:
    """`index`'s lines are the cache's of version `file` for its PATHs: said in its articles."""
    articles, state = index.articles, index.state
    if state is not None and isinstance(articles, Articles):
        articles.source = source_of(state.paths, file)


def cached_index(paths: Iterable[Path], cache_path: Path | None) -> LibraryIndex | None:
    """The index as the cache last saw it, without touching a single article file.

    This is what lets a library of any size draw its list at once: the app shows this, then
    checks it with `load_index` in the background and applies what changed. None when the cache
    has nothing for these PATHs (first run) or a PATH is a file, so the caller falls back to
    `load_index`.
    """
    cache = read_cache(cache_path)
    roots = roots_of(paths)
    if not cache.folders or not all(os.path.isdir(root) for root in roots):
        return None
    folders = [cache.folders[root].articles for root in roots if root in cache.folders]
    lines = _listed(folders)[0] if folders else []
    if not lines:
        return None
    file = cache.identity
    return LibraryIndex(articles=Articles(lines, source=file and Source(tuple(roots), file)))


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


def listed(folders: Iterable[Folder]) -> tuple[list[str], list[Problem]]:
    """The lines of the articles to list (each folder's own are newest first, the folders in
    the order of the PATHs): newest first, and an article whose id an earlier one has (the
    same file name under two PATHs) is left out, as a problem."""
    return _listed([folder.listed() for folder in folders])


def _listed(folders: Sequence[list[str]]) -> tuple[list[str], list[Problem]]:
    if len(folders) == 1:
        return list(folders[0]), []  # one folder's ids are its files' paths: no two alike
    walk = list(chain.from_iterable(folders))
    lines = sorted(walk, key=_by_key, reverse=True)  # stable: the same date in walk order
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    start, end = ID.start, ID.stop  # (`records.line_id`, without a call per line)
    for line in walk:  # the earlier PATH keeps the id
        first = seen.setdefault(line[start:end], line)
        if first is not line:
            problems.append(Problem(path_of(line), f"same article id as {path_of(first)}, skipped"))
    if problems:
        lines = [line for line in lines if seen[line[start:end]] is line]
    return lines, problems


def _root_of(path: str) -> str:
    """The library folder of a PATH: itself, a file's folder, or "" for a missing one."""
    if os.path.isdir(path):
        return path
    return os.path.dirname(path) if os.path.exists(path) else ""


class _Build:
    """One run of `load_index`: the walk's files, what the cache knew of them, what was read."""

    def __init__(
        self,
        paths: list[Path],
        cache: CacheFile,
        progress: Callable[[int], None] | None,
        partial: Callable[[LibraryIndex], None] | None,
    ) -> None:
        self.paths = paths
        self.cache = cache
        self.progress = progress
        self.walk_problems: list[Problem] = []
        self.decoded: dict[str, ArticleMeta] = {}
        self.known: dict[str, dict[str, Entry]] = {}  # by root: what the cache says
        self.found: list[Found] = []  # in walk order
        self.walk_marks: list[int] = []  # for each, how many walk problems came before it
        self.lines: list[str | None] = []  # each found file's line, by its place in the walk
        self.unreadable: dict[int, str] = {}  # by place: not remembered
        self.so_far: list[str] = []  # the lines known so far, as they came
        self.read = 0
        self.changed = bool(cache.note)
        self.next_partial = time.monotonic()
        self.partials = 0
        #: Each PATH's library folder: itself, or for a file its folder.
        self.roots = [root for path in paths if (root := _root_of(str(absolute(path))))]
        #: Lists so far are handed over on a first run only: a check of a cached library shows
        #: the cached list meanwhile, which a partial one would shrink.
        self.partial = None if any(root in cache.folders for root in self.roots) else partial

    def jobs(self, walk: Iterator[Found]) -> Iterator[tuple[int, str, str, Stat]]:
        """The files to read; those the cache knows as they are take their line from it."""
        root, known = "", {}
        for found in walk:
            place = len(self.found)
            self.found.append(found)
            self.walk_marks.append(len(self.walk_problems))
            stat = (found.size, found.mtime_ns)
            if found.root != root:
                root, known = found.root, self._known(found.root)
            entry = known.get(found.file)
            if entry is not None and entry[0] == stat:
                self.lines.append(entry[1])
                self.so_far.append(entry[1])
            else:
                self.lines.append(None)
                yield place, found.file, found.root, stat

    def take(self, outcomes: list[tuple[int, int, str]]) -> None:
        """What the readers made of some files (an empty list: a look at whether to stop)."""
        for place, kind, value in outcomes:
            if kind == UNREADABLE:  # reported, not remembered
                self.unreadable[place] = value
            else:
                self.lines[place] = value
                self.so_far.append(value)
            self.read += 1
            self.changed = True
            if self.progress is not None and self.read % PROGRESS_EVERY == 0:
                self.progress(self.read)
        if not outcomes and self.progress is not None:
            self.progress(self.read)
        if self.partial is not None and time.monotonic() >= self.next_partial:
            started = time.monotonic()
            self.partial(self._so_far())
            # Each list costs its receiver more than the last (every article is shown again):
            # the intervals double, so a first run of any size hands over a dozen at most.
            spent = time.monotonic() - started
            self.partials += 1
            wait = max(PARTIAL_EVERY * 2 ** min(self.partials, 10), 10 * spent)
            self.next_partial = time.monotonic() + wait

    def _so_far(self) -> LibraryIndex:
        """The articles known so far, newest first (files that are problems left out)."""
        lines = [line for line in self.so_far if not is_problem(line)]
        lines.sort(key=_by_key, reverse=True)
        return LibraryIndex(articles=Articles(lines, self.decoded))

    def index(self) -> LibraryIndex:
        """The index of the whole walk."""
        folders = {root: Folder(root) for root in self.roots}  # in the order of the PATHs
        problems: list[Problem] = []  # in the walk's order, with the walk's own
        walked = 0
        for place, found in enumerate(self.found):
            problems.extend(self.walk_problems[walked : self.walk_marks[place]])
            walked = self.walk_marks[place]
            line = self.lines[place]
            folder = folders.get(found.root)
            if folder is None:
                folder = folders[found.root] = Folder(found.root)
            if line is None:
                if place in self.unreadable:
                    problems.append(Problem(found.file, self.unreadable[place]))
                continue
            folder.entries[found.file] = ((found.size, found.mtime_ns), line)
            if is_problem(line):
                problems.append(Problem(found.file, decode_problem(line)[2]))
            else:
                folder.articles.append(line)
        given = {str(absolute(path)) for path in self.paths}
        for folder in folders.values():
            folder.articles.sort(key=_by_key, reverse=True)  # stable: ties in walk order
            if folder.root not in given:
                folder.only = set(folder.entries)
        lines, duplicates = listed(folders.values())
        articles = Articles(lines, self.decoded)
        all_problems = [*problems, *self.walk_problems[walked:], *duplicates]
        others = self._others(folders)
        state = IndexState(self.paths, folders, others, self.walk_problems, self.decoded)
        return LibraryIndex(articles, all_problems, self.cache.note, state)

    def _known(self, root: str) -> dict[str, Entry]:
        """What the cache knows of the files under `root`, decoded once (a damaged line is
        left out: its file is read again)."""
        known = self.known.get(root)
        if known is None:
            known = self.known[root] = {}
            stored = self.cache.folders.get(root)
            for line in stored.articles if stored is not None else ():
                try:
                    path, stat = file_of(line)
                except ValueError:
                    self.changed = True
                    continue
                known[path] = (stat, line)
            for line in stored.problems if stored is not None else ():
                try:
                    path, stat, _reason = decode_problem(line)
                except ValueError:
                    self.changed = True
                    continue
                known[path] = (stat, line)
        return known

    def _others(self, folders: dict[str, Folder]) -> dict[str, Stored]:
        """The cache's folders this run did not walk, kept as they are; and, in the folders it
        did walk, the entries outside its PATHs (a file given alone is one of its folder's)."""
        inside = within(self.paths)
        for root, known in self.known.items():
            folder = folders.setdefault(root, Folder(root))
            for path, entry in known.items():
                if path in folder.entries:
                    continue
                if inside(path):
                    self.changed = True  # deleted since
                    continue
                folder.entries[path] = entry
                if not is_problem(entry[1]):
                    folder.articles.append(entry[1])
            folder.articles.sort(key=_by_key, reverse=True)
        return {root: stored for root, stored in self.cache.folders.items() if root not in folders}
