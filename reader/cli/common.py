"""What several sub-commands do before their own work: check the PATHs, index the library, open
the user's database if there is one (a command that only reads never creates it). The library
and the store are imported as they are used: `reader search` may answer without either.

Highlights are re-attached before anything is shown (`current_annotations`), so `reader list`,
`reader search` and `reader export` all see the statuses the app would.
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.output import printable
from reader.store.dirs import DB_FILENAME, data_dir, index_cache_path, library_dir, open_to_others

if TYPE_CHECKING:  # the store when there is a database to open, the library when it is read
    from reader.core.article import ArticleMeta
    from reader.core.library import LibraryIndex
    from reader.store.state import Store


def add_paths_argument(parser: argparse.ArgumentParser, verb: str) -> None:
    """The `PATH ...` that `list`, `search` and `export` share with the app."""
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help=f"folders or article files to {verb} (default: your library)",
    )


def require_existing(paths: Sequence[Path], hint: Callable[[Path], str] | None = None) -> None:
    """Stop with "no such file or folder" (and the `hint` for it) at the first missing PATH."""
    for path in paths:
        if not path.exists():
            shown = f"{path}{hint(path)}" if hint is not None else str(path)
            raise FileNotFoundError(errno.ENOENT, "No such file or folder", shown)


def load_library(roots: list[Path], override: Path | None, warn: bool = True) -> LibraryIndex:
    """The articles under `roots` through the index cache, with those imported whose text is not
    here yet (`reader.core.library.pending`); with `warn`, one line on stderr for each file
    skipped."""
    from reader.core.library import load_index
    from reader.core.library.pending import with_pending

    index = load_index(roots, index_cache_path(override))
    if index.note:
        print(f"reader: {index.note}", file=sys.stderr)
    if warn:
        for problem in index.problems:
            print(printable(f"reader: skipped {problem.path}: {problem.reason}"), file=sys.stderr)
    pending = pending_articles(roots, override)
    if pending:
        from dataclasses import replace

        index = replace(index, articles=with_pending(index.articles, pending))
    return index


def pending_articles(roots: list[Path], override: Path | None) -> list[ArticleMeta]:
    """Imported articles whose text has not been fetched yet, if the library folder is among
    `roots` (none when there is no database: nothing was imported)."""
    from reader.core.library.discovery import within

    library = library_dir(override)
    if not within(roots)(str(library / "x")):
        return []
    try:
        with existing_store(override) as store:
            return store.queue.pending_articles(library) if store is not None else []
    except Exception as error:
        from reader.store.db import StoreError  # loaded with the store: only if there is one

        if not isinstance(error, StoreError):
            raise
        return []  # the command that needs the store says what is wrong with it


@contextmanager
def existing_store(override: Path | None) -> Iterator[Store | None]:
    """The store if the user has one: reading feeds or highlights never creates a database."""
    folder = data_dir(override)
    if not (folder / DB_FILENAME).exists():
        yield None
        return
    from reader.store.state import Store

    with Store.open(folder) as store:
        yield store


@contextmanager
def current_annotations(
    override: Path | None, articles: Sequence[ArticleMeta]
) -> Iterator[Store | None]:
    """`existing_store`, with the highlights of articles whose text changed re-attached first."""
    with existing_store(override) as store:
        if store is not None:
            from reader.core.library import load_article
            from reader.store.exchange import reanchor_library

            reanchor_library(store.highlights, articles, load_article)
        yield store


def warn_if_exposed(override: Path | None) -> None:
    """One warning on stderr when other users can read the data folder or the database."""
    folder = data_dir(override)
    exposed = [path for path in (folder, folder / DB_FILENAME) if open_to_others(path)]
    if exposed:
        print(
            f"reader: warning: {exposed[0]} can be read by other users "
            f"(chmod go-rwx {exposed[0]} to keep your reading private)",
            file=sys.stderr,
        )


def positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    """An argparse `type` for a number above 0 (`int` or `float`)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
        return value

    return parse
