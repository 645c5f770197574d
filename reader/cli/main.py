"""The `reader` command: argument parsing and one small function per sub-command.

`reader [PATH ...]` opens the app, and `reader list` lists articles, so the first positional word
decides: a known sub-command name is the sub-command, anything else is a PATH (`./list` or
`-- list` opens a folder literally called `list`). argparse's sub-parsers cannot express "either a
command or paths", hence the small dispatch in `parse_args`.

Textual is imported only by the function that launches the app: `reader list` and `reader dirs`
must start instantly and work where no terminal UI can.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len, set_cell_size

from reader import __version__
from reader.cli import annotations as notes
from reader.cli import ingest
from reader.cli.search import SEARCH_EPILOG, SEARCH_SUMMARY, configure_search, run_search
from reader.core.article import ArticleMeta
from reader.core.library import load_article, load_index
from reader.core.text.formats import ParseError
from reader.core.text.sanitize import escape_json_text
from reader.store.db import StoreError
from reader.store.dirs import (
    cache_dir,
    config_file,
    data_dir,
    default_roots,
    index_cache_path,
    library_dir,
    open_to_others,
)
from reader.store.state import DB_FILENAME, Store

#: Exit status for errors that are reported in one line on stderr.
EXIT_ERROR = 1

_USAGE = "reader [--data-dir DIR] [PATH ...]\n       reader [--data-dir DIR] COMMAND [--help] ..."

_LIST_EPILOG = """columns: BM is * for a bookmarked article, HL the number of highlights.
--json prints an array of {id, title, source, date, words, path, bookmarked, highlights, url}
(url: where a saved web article came from, else null)."""


@dataclass(frozen=True)
class _Command:
    summary: str
    run: Callable[[argparse.Namespace], int]
    configure: Callable[[argparse.ArgumentParser], None] | None = None
    epilog: str | None = None
    #: Has sub-commands of its own (`reader feed add`): intermixed parsing cannot handle those.
    nested: bool = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run `reader` with `argv` (default: the process's arguments); returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        options = parse_args(args)
    except SystemExit as stop:  # --help, --version and usage errors (2) from argparse
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    try:
        run: Callable[[argparse.Namespace], int] = options.run
        return run(options)
    except BrokenPipeError:  # `reader list | head`: the reader of our output has had enough
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except (StoreError, ParseError, OSError, LookupError) as error:
        return _fail(_describe(error))
    except Exception as error:
        if os.environ.get("READER_DEBUG"):
            raise
        return _fail(f"unexpected error: {error!r} (set READER_DEBUG=1 to see where)")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse `argv` into options with `run` set to the sub-command's function."""
    position = _command_position(argv)
    top = _top_parser()
    if position is None:
        options = top.parse_intermixed_args(argv)
        options.run = _run_app
        return options
    global_options = top.parse_args(argv[:position])
    name = argv[position]
    parser, rest = _sub_parser(name), argv[position + 1 :]
    nested = COMMANDS[name].nested
    options = parser.parse_args(rest) if nested else parser.parse_intermixed_args(rest)
    if getattr(options, "data_dir", None) is None:
        options.data_dir = global_options.data_dir
    options.run = COMMANDS[name].run
    return options


def _command_position(argv: list[str]) -> int | None:
    """Index of the sub-command name, or None when the first positional is a PATH (or absent)."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--":
            return None
        if token == "--data-dir":
            index += 2
        elif token.startswith("-") and token != "-":
            index += 1
        else:
            return index if token in COMMANDS else None
    return None


def _top_parser() -> argparse.ArgumentParser:
    width = max(map(len, COMMANDS))
    commands = "\n".join(
        f"  {name:<{width}}  {command.summary}" for name, command in COMMANDS.items()
    )
    parser = argparse.ArgumentParser(
        prog="reader",
        usage=_USAGE,
        description="A keyboard-first terminal reader for your library of articles.",
        epilog=(
            f"commands:\n{commands}\n\n`reader COMMAND --help` tells more. A PATH spelled like a "
            "command is the command:\nwrite ./list (or -- list) to open a folder named list."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _add_data_dir(parser, default=None)
    _add_paths(parser, "folders or article files to open (default: your library)")
    return parser


def _sub_parser(name: str) -> argparse.ArgumentParser:
    command = COMMANDS[name]
    parser = argparse.ArgumentParser(
        prog=f"reader {name}",
        description=command.summary,
        epilog=command.epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    _add_data_dir(parser, default=argparse.SUPPRESS)
    if command.configure is not None:
        command.configure(parser)
    return parser


def _add_data_dir(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=default,
        help="keep reading state, bookmarks and highlights in DIR (env: READER_DATA_DIR)",
    )


def _add_paths(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("paths", metavar="PATH", nargs="*", type=Path, help=help_text)


# Sub-commands ------------------------------------------------------------------------------


def _run_app(options: argparse.Namespace) -> int:
    """Open the app, after the checks that are clearer as a message than as a broken screen."""
    paths: list[Path] = options.paths
    _require_existing(paths)
    if os.environ.get("TERM") == "dumb":
        return _fail(
            "this terminal (TERM=dumb) cannot show the app; run reader in a full terminal, "
            "or use `reader list`"
        )
    _warn_if_exposed(options.data_dir)
    # Textual sizes the screen with shutil.get_terminal_size(), which believes COLUMNS/LINES over
    # the terminal itself: exported (by a user's shell, a parent program), they would freeze the
    # app at a stale size and make it ignore every resize. The terminal is the one to ask.
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    from reader.ui.app import build_app  # Textual is loaded only when the app is wanted

    app = build_app(paths, options.data_dir)
    app.run()
    return app.return_code or 0


def _configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    _add_paths(parser, "folders or article files to list (default: your library)")


def _run_list(options: argparse.Namespace) -> int:
    paths: list[Path] = options.paths
    _require_existing(paths)
    override: Path | None = options.data_dir
    index = load_index(paths or default_roots(override), index_cache_path(override))
    for problem in index.problems:
        print(_printable(f"reader: skipped {problem.path}: {problem.reason}"), file=sys.stderr)
    bookmarked, highlights = _annotations(override, index.articles)
    _warn_if_exposed(override)
    rows = [_list_row(meta, bookmarked, highlights) for meta in index.articles]
    if options.json:
        print(escape_json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        _print_table(rows)
    return 0


def _run_dirs(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    print(f"data: {data_dir(override)}")
    print(f"config: {config_file(override)}")
    print(f"cache: {cache_dir(override)}")
    print(f"library: {library_dir(override)}")
    return 0


COMMANDS: dict[str, _Command] = {
    "list": _Command(
        "one line per article: id, title, source, date, words, bookmark, highlights",
        _run_list,
        _configure_list,
        _LIST_EPILOG,
    ),
    "search": _Command(SEARCH_SUMMARY, run_search, configure_search, SEARCH_EPILOG),
    "export": _Command(
        notes.EXPORT_SUMMARY, notes.run_export, notes.configure_export, notes.EXPORT_EPILOG
    ),
    "import": _Command(
        notes.IMPORT_SUMMARY, notes.run_import, notes.configure_import, notes.IMPORT_EPILOG
    ),
    "restore": _Command(
        notes.RESTORE_SUMMARY, notes.run_restore, notes.configure_restore, notes.RESTORE_EPILOG
    ),
    "dirs": _Command("print the data, config and cache folders in use", _run_dirs),
    "add": _Command(ingest.ADD_SUMMARY, ingest.run_add, ingest.configure_add, ingest.ADD_EPILOG),
    "feed": _Command(
        ingest.FEED_SUMMARY, ingest.run_feed, ingest.configure_feed, ingest.FEED_EPILOG, True
    ),
    "refresh": _Command(
        ingest.REFRESH_SUMMARY, ingest.run_refresh, ingest.configure_refresh, ingest.REFRESH_EPILOG
    ),
}


# Helpers -----------------------------------------------------------------------------------


def _require_existing(paths: list[Path]) -> None:
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(errno.ENOENT, "No such file or folder", str(path))


def _annotations(
    override: Path | None, articles: list[ArticleMeta]
) -> tuple[set[str], dict[str, int]]:
    """Bookmarks and highlight counts (re-attaching highlights of changed articles first);
    a user who never annotated has no database to create. A damaged database is one warning:
    the articles themselves are still listed, without their annotations."""
    folder = data_dir(override)
    if not (folder / DB_FILENAME).exists():
        return set(), {}
    try:
        with Store.open(folder) as store:
            from reader.store.exchange import reanchor_library  # anchoring loads on use

            reanchor_library(store.highlights, articles, load_article)
            return store.bookmarks.article_ids(), store.highlights.counts()
    except StoreError as error:
        print(
            _printable(f"reader: warning: {error}; bookmarks and highlights are not shown"),
            file=sys.stderr,
        )
        return set(), {}


def _warn_if_exposed(override: Path | None) -> None:
    folder = data_dir(override)
    exposed = [path for path in (folder, folder / DB_FILENAME) if open_to_others(path)]
    if exposed:
        print(
            f"reader: warning: {exposed[0]} can be read by other users "
            f"(chmod go-rwx {exposed[0]} to keep your reading private)",
            file=sys.stderr,
        )


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
            _printable(str(row["id"])),
            _printable(str(row["title"])),
            _printable(str(row["source"])),
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
    terminal = shutil.get_terminal_size().columns
    widths[1] = max(12, min(widths[1], terminal - others - 2 * (len(widths) - 1)))
    for line in [header, *cells]:
        fitted = [_fit(text, widths[column], column in (4, 6)) for column, text in enumerate(line)]
        print("  ".join(fitted).rstrip())


def _fit(text: str, width: int, align_right: bool) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    padding = " " * (width - cell_len(text))
    return padding + text if align_right else text + padding


def _printable(text: str) -> str:
    """Article text is untrusted: no escape sequences reach the user's terminal."""
    return "".join(char if char.isprintable() else " " for char in text)


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror and error.filename is not None:
        return f"{error.strerror.lower()}: {error.filename}"
    if isinstance(error, LookupError) and error.args:  # KeyError's str() would add quotes
        return str(error.args[0])
    return str(error) or type(error).__name__


def _fail(message: str) -> int:
    print(f"reader: {message}", file=sys.stderr)
    return EXIT_ERROR


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not complain again."""
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
