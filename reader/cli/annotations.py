"""The annotation sub-commands: `reader export`, `reader import [--undo]` and `reader restore`.

Like the rest of the CLI they never import Textual, report failures as
`StoreError`/`LookupError`/`OSError` (one line, exit 1), and never create a database just to
find it empty.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli.command import SubCommand
from reader.cli.common import current_annotations, existing_store, load_library, require_existing
from reader.core.files import write_atomically
from reader.core.library import LibraryIndex, load_article
from reader.core.text.sanitize import sanitize_line
from reader.store import backup
from reader.store.dirs import data_dir, default_roots
from reader.store.exchange import (
    ExchangeError,
    export_document,
    import_document,
    reanchor_library,
    to_json,
    to_markdown,
)
from reader.store.state import Store

EXPORT_EPILOG = """Highlights of articles whose text changed are re-attached first, so statuses
(anchored, moved, fuzzy, ambiguous, orphaned) are current. --format json is what
`reader import` reads back; the shape is in INTERFACE.md."""
IMPORT_EPILOG = """A highlight already here is updated only when the imported copy was
edited later (a date in the future counts as now). Offsets are trusted only when the article is
here as it was exported; otherwise the quote and its context decide. `reader import --undo`
takes the last import back whole; a note an import replaced is kept for that."""
RESTORE_EPILOG = f"""reader keeps a backup a day of its database (the last {backup.KEEP}, in
DATA/backups/). The database being replaced is renamed *.damaged-TIME beside it, never deleted.
Close every reader window first."""


def configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--article", metavar="ID", help="only this article (id or id prefix)")
    parser.add_argument("--output", metavar="FILE", type=Path, help="write to FILE, not stdout")
    parser.add_argument(
        "paths", metavar="PATH", nargs="*", type=Path, help="library folders (default: yours)"
    )


def run_export(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    index = _index(options.paths, override)
    with current_annotations(override, index.articles) as store:
        if store is not None:
            document = export_document(store, index.articles, options.article)
        elif options.article:
            raise LookupError(f"no annotations for article {options.article}")
        else:
            document = {"version": 1, "articles": []}
    text = to_json(document) if options.format == "json" else to_markdown(document)
    if options.output is None:
        sys.stdout.write(text)
    else:
        _write_private(options.output, text)
    return 0


def configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, nargs="?", help="a JSON export")
    parser.add_argument(
        "paths", metavar="PATH", nargs="*", type=Path, help="library folders (default: yours)"
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
    try:
        # utf-8-sig: a byte-order mark (as some Windows editors write) is not a reason to refuse.
        document = json.loads(Path(options.file).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ExchangeError(f"{options.file} is not a JSON export: {error}") from error
    except RecursionError:
        raise ExchangeError(f"{options.file} is not a JSON export: nested too deeply") from None
    except MemoryError:
        raise ExchangeError(f"{options.file} is too large to import") from None
    index = _index(options.paths, override)
    source = str(Path(options.file).absolute())
    with Store.open(data_dir(override)) as store:
        report = import_document(store, document, index.articles, load_article, source)
        reanchor_library(store.highlights, index.articles, load_article)
    print(f"reader: imported {options.file}: {report.summary()}", file=sys.stderr)
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


def _write_private(path: Path, text: str) -> None:
    """Notes are private: written whole (temp file, then rename) and readable by the owner only."""
    write_atomically(Path(path), [text.encode("utf-8")])


SUBCOMMANDS = {
    "export": SubCommand(run_export, configure_export, EXPORT_EPILOG),
    "import": SubCommand(run_import, configure_import, IMPORT_EPILOG),
    "restore": SubCommand(run_restore, configure_restore, RESTORE_EPILOG),
}
