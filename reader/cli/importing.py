"""`reader import FILE`: another service's export (or reader's own) brought into the library.

The format is recognised by what the file holds (`--from NAME` names it), and what was found is
said before anything is written (`--dry-run` says only that). Articles with their text (Omnivore,
wallabag) are written into the library folder; those known by their address only (Pocket,
Instapaper, Readwise) are listed at once and their text fetched next, with a live line on a
terminal (`--no-fetch` leaves that to `reader fetch` or the app). A malformed file is refused in
one line naming the file, line and field, and nothing of it is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.cli.command import SubCommand
from reader.cli.common import existing_store, load_library, require_existing
from reader.cli.fetching import fetch_with_live_line
from reader.cli.live_line import LiveLine
from reader.cli.output import fail, printable
from reader.core.files import ensure_private_dir
from reader.core.library import LibraryIndex, load_article
from reader.core.migrate.detect import FORMATS, READER, FormatError, detect, read_export
from reader.core.text.sanitize import sanitize_line
from reader.ingest.importing.apply import bring_in
from reader.ingest.importing.plan import Known, plan_import
from reader.ingest.importing.report import survey
from reader.store.dirs import data_dir, default_roots, library_dir
from reader.store.exchange import ExchangeError, import_document, reanchor_library
from reader.store.state import Store

IMPORT_EPILOG = f"""FILE is recognised by what it holds: {", ".join(FORMATS)}
(--from NAME says which). Tags, place (inbox, archive), read state, progress, saved date and
the original address are kept; one address is one article, whichever file names it (tracking
parameters, www. and the scheme do not count), and importing a file again changes nothing.
Highlights are placed by their words; those whose words are not in the text are kept as
orphans, listed, never dropped. Articles known by their address only are listed at once and
fetched next (at most 2 at once per site); `reader fetch` carries on after an interruption.
For reader's own JSON: a highlight already here is updated only when the imported copy was
edited later; offsets are trusted only when the article is here as it was exported.
`reader import --undo` takes the last import back whole."""


def configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, nargs="?", help="the export file")
    parser.add_argument(
        "paths", metavar="PATH", nargs="*", type=Path, help="library folders (default: yours)"
    )
    parser.add_argument("--from", dest="format", choices=FORMATS, help="the format of FILE")
    parser.add_argument(
        "--dry-run", action="store_true", help="say what the file holds, write nothing"
    )
    parser.add_argument(
        "--no-fetch", action="store_true", help="do not fetch the articles' text now"
    )
    parser.add_argument(
        "--undo",
        action="store_true",
        help="take the last import back whole: what it added is removed, what it replaced put back",
    )


def run_import(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    if options.undo:
        return _undo_import(override, options.file)
    if options.file is None:
        print("reader import: give a FILE to import (or --undo)", file=sys.stderr)
        return 2
    file = Path(options.file)
    require_existing([file])
    try:
        name = options.format or detect(file)
        if name == READER:
            return _import_own(options, file)
        imported = read_export(file, name)
    except FormatError as error:
        return fail(printable(str(error)))
    index = _index(options.paths, override)
    with _store_for(override, options.dry_run) as store:
        rows = store.queue.identities() if store is not None else {}
        known = Known(index.articles, rows)
        plan = plan_import(imported, known)
        _say(survey(plan))
        if options.dry_run or store is None:
            return 0
        library = ensure_private_dir(library_dir(override))
        with LiveLine(sys.stderr) as line:
            outcome = bring_in(store, library, plan, lambda what, n: line.show(f"{what}… {n:,}"))
        _say(outcome.lines())
        if outcome.changed:
            print("reader: `reader import --undo` takes this import back", file=sys.stderr)
        if outcome.queued and not options.no_fetch:
            return fetch_with_live_line(store, library)
        if outcome.queued:
            _say([f"{outcome.queued:,} articles wait to be fetched: `reader fetch` fetches them"])
    return 0


def _say(lines: list[str]) -> None:
    for line in lines:
        print(printable(line))


@contextmanager
def _store_for(override: Path | None, dry_run: bool) -> Iterator[Store | None]:
    """The store to import into; for a dry run, only one that exists (none is created)."""
    if dry_run:
        with existing_store(override) as found:
            yield found
        return
    with Store.open(data_dir(override)) as store:
        yield store


def _import_own(options: argparse.Namespace, file: Path) -> int:
    """reader's own JSON export (`reader export --format json`)."""
    override: Path | None = options.data_dir
    try:
        # utf-8-sig: a byte-order mark (as some Windows editors write) is not a reason to refuse.
        document = json.loads(file.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ExchangeError(f"{file} is not a JSON export: {error}") from error
    except RecursionError:
        raise ExchangeError(f"{file} is not a JSON export: nested too deeply") from None
    except MemoryError:
        raise ExchangeError(f"{file} is too large to import") from None
    if options.dry_run:
        articles = document.get("articles") if isinstance(document, dict) else None
        count = len(articles) if isinstance(articles, list) else 0
        print(f"reader export: {count:,} articles with their highlights, bookmarks and state")
        return 0
    index = _index(options.paths, override)
    source = str(file.absolute())
    with Store.open(data_dir(override)) as store:
        report = import_document(store, document, index.articles, load_article, source)
        reanchor_library(store.highlights, index.articles, load_article)
    print(f"reader: imported {file}: {report.summary()}", file=sys.stderr)
    return 0


def _undo_import(override: Path | None, file: Path | None) -> int:
    """`reader import --undo`: revert the last import not undone yet."""
    if file is not None:
        print("reader import: --undo takes no FILE (it undoes the last import)", file=sys.stderr)
        return 2
    with existing_store(override) as store:
        undone = store.imports.undo_last() if store is not None else None
    if undone is None:
        raise LookupError("no import to undo")
    print(f"reader: {sanitize_line(undone.summary())}", file=sys.stderr)
    return 0


def _index(paths: list[Path], override: Path | None) -> LibraryIndex:
    require_existing(paths)
    return load_library(paths or default_roots(override), override, warn=False)


SUBCOMMANDS = {"import": SubCommand(run_import, configure_import, IMPORT_EPILOG)}
