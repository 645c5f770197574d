"""`reader search QUERY`: the search bar's ranking on the command line.

The search index is opened from the cache folder (only changed articles are parsed again, and
written as a small change), so the second search over a large library costs no parsing at all;
and while the library's files are as they were at the last search (their fingerprint: a `stat`
each), the index answers without the library index being read.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.command import SubCommand
from reader.cli.common import (
    add_paths_argument,
    existing_store,
    load_library,
    positive,
    require_existing,
)
from reader.cli.output import printable
from reader.core.library.fingerprint import fingerprint
from reader.store.dirs import DB_FILENAME, data_dir, default_roots, search_cache_path

if TYPE_CHECKING:  # imported in `run_search`, while the library's fingerprint is taken
    from reader.core.article import ArticleMeta
    from reader.core.library import LibraryIndex
    from reader.core.search.index import SearchIndex
    from reader.core.search.query import FilterSets, Query, SearchResult

SEARCH_EPILOG = """query syntax: words match anywhere, in any order, forgiving typos and unfinished
words; "a quoted phrase" must appear as written; is:bookmarked, is:highlighted, is:unread and
is:read keep only such articles; tag:NAME (tag:"two words") those with a tag, -tag:NAME those
without; in:inbox, in:archive, in:trash those in that place (the trash is searched only when
asked). A leading - negates any filter. Quote a query of several words:
reader search "colour revolutions".
--json prints an array of {id, title, score, snippet}, best first."""

#: How matches are marked in the snippet: bold on a terminal, guillemets anywhere else.
BOLD = ("\x1b[1m", "\x1b[22m")
GUILLEMETS = ("«", "»")


def configure_search(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="what to look for (quote several words)")
    parser.add_argument(
        "--limit", type=positive(int), default=10, metavar="N", help="show at most N results (10)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    add_paths_argument(parser, "search")


def run_search(options: argparse.Namespace) -> int:
    paths: list[Path] = options.paths
    require_existing(
        paths, lambda path: f' (to search for several words, quote them: "{options.query} {path}")'
    )
    override: Path | None = options.data_dir
    library = _Library(paths or default_roots(override), override)  # its fingerprint begins
    # The search modules (Tantivy, rapidfuzz) are imported meanwhile: the fingerprint's
    # `stat`s wait on the system, the imports on a CPU, so on two cores the one hides the other.
    # (Those that read the library and parse articles only if the index cannot answer alone.)
    from reader.core.search.filters import in_library_scope
    from reader.core.search.manifest import open_unchanged
    from reader.core.search.query import parse_query
    from reader.core.search.schema import SearchIndexError

    index = library.index(open_unchanged)
    query = in_library_scope(parse_query(options.query))
    for name in query.unknown:
        print(printable(f"reader: unknown filter {name}, ignored"), file=sys.stderr)
    filters = _filters(override, query, library) if query.filters else None
    try:
        results = index.search(query, limit=options.limit, filters=filters)
    except SearchIndexError:
        from reader.core.search.cache import discard_index, open_index

        discard_index(library.cache)  # unreadable: built again from the articles next time
        print("reader: the search index could not be read; searching it again", file=sys.stderr)
        index, _ = open_index(library.articles(), library.cache)
        results = index.search(query, limit=options.limit, filters=filters)
    if options.json:
        import json

        rows = [
            {"id": hit.id, "title": hit.title, "score": hit.score, "snippet": hit.snippet}
            for hit in results
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not results:
        closest = index.suggest(options.query, [meta.title for meta in library.articles()])
        message = f"no results for {options.query!r}"
        print(printable(message + (f"; closest title: {closest}" if closest else "")))
    else:
        marks = BOLD if sys.stdout.isatty() and not os.environ.get("NO_COLOR") else GUILLEMETS
        for rank, hit in enumerate(results, 1):
            print(f"{rank:>2}. {printable(hit.title)}  ({hit.score:g})")
            print(f"    {mark(hit, marks)}")
    sys.stdout.flush()
    index.engine.settle()  # the results are out; let the index finish tidying itself
    return 0


class _Library:
    """The library a search looks in, read only when the stored index cannot answer alone.

    The fingerprint of the library's files (`core.library.fingerprint`: one `stat` per file,
    and the database's, where imported articles not fetched yet are listed) is taken first; when
    the search index's manifest has the same one, nothing changed since the index was last in
    line with the library, and it answers without the library index being read at all.
    """

    def __init__(self, roots: list[Path], override: Path | None) -> None:
        self.roots, self.override = roots, override
        self.cache = search_cache_path(roots, override)
        self._index: LibraryIndex | None = None
        #: The stored index answered alone: nothing changed since the last search.
        self.unchanged = False
        database = data_dir(override) / DB_FILENAME
        self._fingerprint = _Fingerprint(
            roots, [database, database.with_name(database.name + "-wal")]
        )

    def index(
        self, open_unchanged: Callable[[Path, str | None], SearchIndex | None]
    ) -> SearchIndex:
        """The stored search index, in line with the library's files (`open_unchanged`: the
        manifest's, imported by the caller while the fingerprint is taken)."""
        files = self._fingerprint.result()
        unchanged = open_unchanged(self.cache, files)
        if unchanged is not None:
            self.unchanged = True
            return unchanged
        from reader.core.search.cache import open_index

        library = self._index = load_library(self.roots, self.override)
        clean = files if not (library.problems or library.note) else None
        index, report = open_index(library.articles, self.cache, files=clean)
        if report.rebuilt:
            print(f"reader: the search index was built again: {report.rebuilt}", file=sys.stderr)
        for article_id, reason in report.failed:
            print(printable(f"reader: not searched {article_id}: {reason}"), file=sys.stderr)
        return index

    def articles(self) -> Sequence[ArticleMeta]:
        """The library's articles (read now if the index answered alone; nothing to warn of
        then: the fingerprint is kept only for a library read without a problem)."""
        if self._index is None:
            self._index = load_library(self.roots, self.override, warn=False)
        return self._index.articles


class _Fingerprint:
    """The library's fingerprint (`core.library.fingerprint`), taken from the moment the search
    starts until `result` is asked for, beside the search's imports: in a child process where
    the system can fork one cheaply, for a thread takes turns with the imports for the one
    interpreter lock (the `stat`s and the imports then add up rather than overlap); else, or
    when threads already run (a fork would copy their locks as they are), in a thread."""

    def __init__(self, roots: Sequence[Path], also: Sequence[Path]) -> None:
        self._value: str | None = None
        self._child: tuple[int, int] | None = None
        if hasattr(os, "fork") and threading.active_count() == 1:
            with suppress(OSError):
                self._child = _forked(roots, also)
        self._thread: threading.Thread | None = None
        if self._child is None:
            self._thread = threading.Thread(target=self._take, args=(roots, also), daemon=True)
            self._thread.start()

    def _take(self, roots: Sequence[Path], also: Sequence[Path]) -> None:
        try:
            self._value = fingerprint(roots, also)
        except Exception:  # None: the library is read, as for anything the walk does not judge
            self._value = None

    def result(self) -> str | None:
        """The fingerprint (None: the library must be read to know)."""
        if self._child is not None:
            pid, reading = self._child
            self._child = None
            with os.fdopen(reading, "rb") as pipe:
                said = pipe.read()  # written whole or not at all: one write of a few bytes
            with suppress(ChildProcessError):  # reaped already where SIGCHLD is ignored
                os.waitpid(pid, 0)
            self._value = said.decode("ascii") if said else None
        if self._thread is not None:
            self._thread.join()
        return self._value


def _forked(roots: Sequence[Path], also: Sequence[Path]) -> tuple[int, int]:
    """(process id, pipe to read) of a child process that writes the fingerprint and leaves
    (with status 1 and nothing written when there is none)."""
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: the caller takes it in a thread
        os.close(reading)
        os.close(writing)
        raise
    if pid == 0:  # the child: nothing of the parent's is flushed or closed on the way out
        status = 1
        try:
            os.close(reading)
            value = fingerprint(roots, also)
            if value is not None:
                os.write(writing, value.encode("ascii"))  # a few dozen bytes: one write
                status = 0
        finally:
            os._exit(status)
    os.close(writing)
    return pid, reading


def mark(hit: SearchResult, marks: tuple[str, str] = GUILLEMETS) -> str:
    """The snippet, made safe to print, with every match wrapped in `marks`."""
    text = printable(hit.snippet)
    opening, closing = marks
    for start, end in reversed(hit.snippet_spans):
        text = text[:start] + opening + text[start:end] + closing + text[end:]
    return text


def _filters(override: Path | None, query: Query, library: _Library) -> FilterSets:
    """What the filters keep, from the library state in the database, after re-attaching
    highlights of changed articles (as `reader list` and `reader export` do; not needed when
    nothing changed since the last search, which did it); a user who never used the store has
    none to create (everything is then in the inbox, unread, untagged). Filters of places only
    (the Trash left out, as every search does) read the places alone, without opening the store
    when nothing is to be re-attached (`store.quick_read`)."""
    from reader.core.search.filters import filter_sets
    from reader.core.search.query import FilterSets
    from reader.core.shelf_names import Location

    places_only = all(term.lstrip("-").startswith("in:") for term in query.filters)
    if places_only and library.unchanged:
        if not (data_dir(override) / DB_FILENAME).exists():
            return FilterSets()  # no database: everything is in the Inbox
        from reader.store.quick_read import located_elsewhere

        found = located_elsewhere(data_dir(override))
        if found is not None:
            return FilterSets(located=found)
    with existing_store(override) as store:
        if store is None:
            return FilterSets()
        if not library.unchanged:
            from reader.core.library import load_article
            from reader.store.exchange import reanchor_library

            reanchor_library(store.highlights, library.articles(), load_article)
        if places_only:
            located = store.library.places().located.items()
            inbox = Location.INBOX
            return FilterSets(located={key: str(at) for key, (at, _) in located if at != inbox})
        return filter_sets(store.library.states())


SUBCOMMANDS = {"search": SubCommand(run_search, configure_search, SEARCH_EPILOG)}
