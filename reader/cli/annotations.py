"""The annotation sub-commands: `reader export`, `reader import` and `reader restore`.

Kept apart from `reader.cli` so argument parsing there stays small; each command is one
`configure` and one `run` function that `reader.cli` registers. Like the rest of the CLI they never
import Textual, report failures as `StoreError`/`LookupError`/`OSError` (one line, exit 1), and
never create a database just to find it empty.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.core.files import write_atomically
from reader.core.library import LibraryIndex, load_article, load_index
from reader.store import backup
from reader.store.db import StoreError
from reader.store.dirs import data_dir, default_roots, index_cache_path
from reader.store.exchange import (
    ExchangeError,
    export_document,
    import_document,
    reanchor_library,
    to_json,
    to_markdown,
)
from reader.store.state import DB_FILENAME, Store

EXPORT_SUMMARY = "bookmarks, highlights and notes as Markdown (for people) or JSON (lossless)"
EXPORT_EPILOG = """Highlights of articles whose text changed are re-attached first, so statuses
(anchored, moved, fuzzy, ambiguous, orphaned) are current. --format json is what
`reader import` reads back; the shape is in INTERFACE.md."""
IMPORT_SUMMARY = "merge a `reader export --format json` file (same ids are not duplicated)"
IMPORT_EPILOG = """A highlight already here is updated only when the imported copy was edited
later. Highlights whose article changed since the export are re-attached by their quote."""
RESTORE_SUMMARY = "replace a damaged database with its newest intact backup"
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
    folder = data_dir(override)
    if (folder / DB_FILENAME).exists():
        with Store.open(folder) as store:
            reanchor_library(store.highlights, index.articles, load_article)
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
    parser.add_argument("file", metavar="FILE", type=Path, help="a JSON export")
    parser.add_argument(
        "paths", metavar="PATH", nargs="*", type=Path, help="library folders (default: yours)"
    )


def run_import(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
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
    with Store.open(data_dir(override)) as store:
        report = import_document(store, document, index.articles, load_article)
        reanchor_library(store.highlights, index.articles, load_article)
    print(f"reader: imported {options.file}: {report.summary()}", file=sys.stderr)
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
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(2, "No such file or folder", str(path))
    return load_index(paths or default_roots(override), index_cache_path(override))


def _write_private(path: Path, text: str) -> None:
    """Notes are private: written whole (temp file, then rename) and readable by the owner only."""
    write_atomically(Path(path), [text.encode("utf-8")])


__all__ = [
    "EXPORT_EPILOG",
    "EXPORT_SUMMARY",
    "IMPORT_EPILOG",
    "IMPORT_SUMMARY",
    "RESTORE_EPILOG",
    "RESTORE_SUMMARY",
    "StoreError",
    "configure_export",
    "configure_import",
    "configure_restore",
    "run_export",
    "run_import",
    "run_restore",
]
