"""`reader [PATH ...]` (the app), `reader list` and `reader dirs`: the library as it is.

Textual is imported only by `run_app`, when the app is wanted: `reader list` and `reader dirs`
must start at once and work where no terminal UI can (a pipe, `TERM=dumb`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len

from reader.cli.command import SubCommand
from reader.cli.common import (
    add_paths_argument,
    current_annotations,
    load_library,
    require_existing,
    warn_if_exposed,
)
from reader.cli.output import fail, printable
from reader.core.article import ArticleMeta
from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import escape_json_text
from reader.store.dirs import cache_dir, config_file, data_dir, default_roots, library_dir

LIST_EPILOG = """columns: BM is * for a bookmarked article, HL the number of highlights.
--json prints an array of {id, title, source, date, words, path, bookmarked, highlights, url}
(url: where a saved web article came from, else null)."""


def run_app(options: argparse.Namespace) -> int:
    """Open the app, after the checks that are clearer as a message than as a broken screen."""
    paths: list[Path] = options.paths
    require_existing(paths)
    if os.environ.get("TERM") == "dumb":
        return fail(
            "this terminal (TERM=dumb) cannot show the app; run reader in a full terminal, "
            "or use `reader list`"
        )
    warn_if_exposed(options.data_dir)
    # Textual sizes the screen with shutil.get_terminal_size(), which believes COLUMNS/LINES over
    # the terminal itself: exported (by a user's shell, a parent program), they would freeze the
    # app at a stale size and make it ignore every resize. The terminal is the one to ask.
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    from reader.ui.app import build_app  # Textual is loaded only when the app is wanted

    app = build_app(paths, options.data_dir)
    app.run()
    return app.return_code or 0


def configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    add_paths_argument(parser, "list")


def run_list(options: argparse.Namespace) -> int:
    paths: list[Path] = options.paths
    require_existing(paths)
    override: Path | None = options.data_dir
    index = load_library(paths or default_roots(override), override)
    bookmarked, highlights = _annotations(override, index.articles)
    warn_if_exposed(override)
    rows = [_list_row(meta, bookmarked, highlights) for meta in index.articles]
    if options.json:
        print(escape_json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        _print_table(rows)
    return 0


def run_dirs(options: argparse.Namespace) -> int:
    from reader.store.db import StoreError
    from reader.store.safety import check_data_dir

    override: Path | None = options.data_dir
    try:
        check_data_dir(data_dir(override))
    except StoreError as error:
        print(f"reader: warning: {error}", file=sys.stderr)
    print(f"data: {data_dir(override)}")
    print(f"config: {config_file(override)}")
    print(f"cache: {cache_dir(override)}")
    print(f"library: {library_dir(override)}")
    return 0


SUBCOMMANDS = {
    # The app says itself what is wrong with the data folder; `dirs` only warns: it shows where.
    "app": SubCommand(run_app, checks_data_dir=False),
    "list": SubCommand(run_list, configure_list, LIST_EPILOG),
    "dirs": SubCommand(run_dirs, checks_data_dir=False),
}


def _annotations(
    override: Path | None, articles: Sequence[ArticleMeta]
) -> tuple[set[str], dict[str, int]]:
    """Bookmarks and highlight counts (re-attaching highlights of changed articles first);
    a user who never annotated has no database to create. A damaged database is one warning:
    the articles themselves are still listed, without their annotations."""
    try:
        with current_annotations(override, articles) as store:
            if store is None:
                return set(), {}
            return store.bookmarks.article_ids(), store.highlights.counts()
    except Exception as error:
        from reader.store.db import StoreError  # loaded with the store: only if there is one

        if not isinstance(error, StoreError):
            raise
        print(
            printable(f"reader: warning: {error}; bookmarks and highlights are not shown"),
            file=sys.stderr,
        )
        return set(), {}


def _list_row(
    meta: ArticleMeta, bookmarked: set[str], highlights: dict[str, int]
) -> dict[str, object]:
    return {
        "id": meta.id,
        "title": meta.title,
        "source": meta.source,
        "date": meta.date,
        "words": meta.words,
        "path": meta.path,
        "bookmarked": meta.id in bookmarked,
        "highlights": highlights.get(meta.id, 0),
        "url": meta.url or None,
    }


def _print_table(rows: list[dict[str, object]]) -> None:
    """An aligned table for people; the title takes whatever width the other columns leave."""
    if not rows:
        return
    cells = [
        [
            printable(str(row["id"])),
            printable(str(row["title"])),
            printable(str(row["source"])),
            str(row["date"] or "")[:10],
            str(row["words"]),
            "*" if row["bookmarked"] else "",
            str(row["highlights"] or ""),
        ]
        for row in rows
    ]
    header = ["ID", "TITLE", "SOURCE", "DATE", "WORDS", "BM", "HL"]
    widths = [max(cell_len(line[column]) for line in [header, *cells]) for column in range(7)]
    widths[2] = min(widths[2], 24)
    others = sum(width for column, width in enumerate(widths) if column != 1)
    terminal = _columns()
    widths[1] = max(12, min(widths[1], terminal - others - 2 * (len(widths) - 1)))
    for line in [header, *cells]:
        fitted = [_fit(text, widths[column], column in (4, 6)) for column, text in enumerate(line)]
        print("  ".join(fitted).rstrip())


def _columns() -> int:
    """The terminal's width, as `shutil.get_terminal_size` finds it (COLUMNS first, 80 when
    there is no terminal), without the archive modules `shutil` loads."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _fit(text: str, width: int, align_right: bool) -> str:
    text = cut_to_cells(text, width)
    padding = " " * (width - cell_len(text))
    return padding + text if align_right else text + padding
