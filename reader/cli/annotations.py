"""The annotation sub-commands: `reader export` and `reader restore` (`reader import` is in
`importing`).

Like the rest of the CLI they never import Textual, report failures as
`StoreError`/`LookupError`/`OSError` (one line, exit 1), and never create a database just to
find it empty.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli import exporting
from reader.cli.command import SubCommand
from reader.cli.common import current_annotations, load_library, require_existing
from reader.cli.output import fail
from reader.core.library import LibraryIndex
from reader.store import backup
from reader.store.dirs import data_dir, default_roots
from reader.store.exchange import export_document
from reader.store.state import Store

EXPORT_EPILOG = """Highlights of articles whose text changed are re-attached first, so statuses
(anchored, moved, fuzzy, ambiguous, orphaned) are current. --format json is what
`reader import` reads back; the shape is in INTERFACE.md. --format obsidian writes one note per
article into --output FOLDER (exporting again rewrites only the part between reader's markers and
its own front matter keys); w3c is a Web Annotation collection (JSON-LD) and readwise-csv
Readwise's highlights CSV, both readable by other tools and by `reader import`."""
RESTORE_EPILOG = f"""reader keeps a backup a day of its database (the last {backup.KEEP}, in
DATA/backups/). The database being replaced is renamed *.damaged-TIME beside it, never deleted.
Close every reader window first."""


def configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=exporting.FORMATS, default="markdown")
    parser.add_argument("--article", metavar="ID", help="only this article (id or id prefix)")
    parser.add_argument(
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE, not stdout (for obsidian: the FOLDER of notes)",
    )
    parser.add_argument(
        "paths", metavar="PATH", nargs="*", type=Path, help="library folders (default: yours)"
    )


def run_export(options: argparse.Namespace) -> int:
    if refused := exporting.problem(options):
        return fail(refused)
    override: Path | None = options.data_dir
    index = _index(options.paths, override)
    saved: dict[str, str | None] = {}
    with current_annotations(override, index.articles) as store:
        if store is not None:
            document = export_document(store, index.articles, options.article)
            saved = {key: state.added for key, state in store.library.states().items()}
        elif options.article:
            raise LookupError(f"no annotations for article {options.article}")
        else:
            document = {"version": 1, "articles": []}
    exporting.write(options, document, index.articles, saved)
    return 0


def configure_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--list", action="store_true", help="list the backups, change nothing")


def run_restore(options: argparse.Namespace) -> int:
    folder = data_dir(options.data_dir)
    if options.list:
        for path in backup.backups(folder):
            state = "intact" if backup.is_intact(path) else "DAMAGED"
            print(f"{path}  {state}")
        return 0
    restored = Store.restore_latest_backup(folder)
    print(f"reader: restored {restored.database} from {restored.backup}")
    if restored.moved_aside is not None:
        print(f"reader: the previous file was kept as {restored.moved_aside}")
    return 0


def _index(paths: list[Path], override: Path | None) -> LibraryIndex:
    require_existing(paths)
    return load_library(paths or default_roots(override), override, warn=False)


SUBCOMMANDS = {
    "export": SubCommand(run_export, configure_export, EXPORT_EPILOG),
    "restore": SubCommand(run_restore, configure_restore, RESTORE_EPILOG),
}
