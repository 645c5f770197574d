"""The `reader` command: argument parsing and dispatch, nothing else.

`reader [PATH ...]` opens the app, and `reader list` lists articles, so the first positional word
decides: a known sub-command name is the sub-command, anything else is a PATH (`./list` or
`-- list` opens a folder literally called `list`). argparse's sub-parsers cannot express "either a
command or paths", hence the small dispatch in `parse_args`.

Each sub-command lives in the module of its group (`library`, `search`, `annotations`, `ingest`,
`organise`, `tags`, `review`, `importing`, `fetching`), imported only when that sub-command runs
or shows its `--help`: `reader --help` loads argparse and nothing of the library, the store or
Textual, and `reader --version` not even argparse.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader import __version__
from reader.cli.output import fail

if TYPE_CHECKING:  # argparse and pathlib are imported as the command line is parsed
    import argparse
    from pathlib import Path

    from reader.cli.command import SubCommand

_USAGE = "reader [--data-dir DIR] [PATH ...]\n       reader [--data-dir DIR] COMMAND [--help] ..."

#: Every sub-command: the module of its group under `reader.cli` and the line `--help` shows.
COMMANDS: dict[str, tuple[str, str]] = {
    "list": (
        "library",
        "one line per article (inbox, archive, trash or all; by tag; sorted): id, title, "
        "source, date, words, read, bookmark, highlights, tags",
    ),
    "search": ("search", "fuzzy search: ranked articles, with a snippet showing why each matched"),
    "export": (
        "annotations",
        "bookmarks, highlights and notes as Markdown (for people), JSON (lossless), Obsidian "
        "notes, W3C Web Annotation or Readwise CSV",
    ),
    "import": (
        "importing",
        "bring in an export of Pocket, Instapaper, Omnivore, wallabag, Readwise, Hypothesis, "
        "W3C annotations or reader (same articles are not duplicated)",
    ),
    "fetch": (
        "fetching",
        "fetch the text of imported articles known by their address only; list failures",
    ),
    "tag": ("organise", "put tags on an article: reader tag ID TAG..."),
    "untag": ("organise", "take tags off an article: reader untag ID TAG..."),
    "tags": ("tags", "every tag with its counts; rename or merge tags"),
    "archive": ("organise", "move articles to the archive"),
    "inbox": ("organise", "move articles back to the inbox"),
    "trash": ("organise", "move articles to the trash (recoverable); --empty empties it"),
    "read": ("organise", "mark articles read"),
    "unread": ("organise", "mark articles unread"),
    "restore": ("annotations", "replace a damaged database with its newest intact backup"),
    "highlights": (
        "highlights",
        "accept or dismiss the suggested place of an orphaned highlight (accept|keep ID)",
    ),
    "review": (
        "review",
        "today's highlights to review, as Markdown quotes (no grading); --stats: streak, due",
    ),
    "dirs": ("library", "print the data, config and cache folders in use"),
    "add": (
        "ingest",
        "save web pages (URL) or copy .txt, .md and .html files and folders into your library",
    ),
    "feed": ("ingest", "follow RSS and Atom feeds: add, list, remove, import or export (OPML)"),
    "refresh": ("ingest", "fetch every followed feed and save its new and changed entries"),
    "sync": (
        "sync",
        "merge annotations and reading state with another machine: a folder or user@host (SSH)",
    ),
}

#: What opening the app is, for `parse_args`: the same shape as a sub-command.
_APP = ("library", "app")


def main(argv: Sequence[str] | None = None) -> int:
    """Run `reader` with `argv` (default: the process's arguments); returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # as argparse says it, without loading argparse
        print(f"reader {__version__}")
        return 0
    try:
        options = parse_args(args)
    except SystemExit as stop:  # --help, --version and usage errors (2) from argparse
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    try:
        command: SubCommand = options.command
        if command.checks_data_dir:
            _refuse_unsafe_data_dir(options.data_dir)
        return command.run(options)
    except BrokenPipeError:  # `reader list | head`: the reader of our output has had enough
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if isinstance(error, _reported_errors()):
            return fail(_describe(error))
        if os.environ.get("READER_DEBUG"):
            raise
        return fail(f"unexpected error: {error!r} (set READER_DEBUG=1 to see where)")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse `argv` into options; `options.command` is the sub-command to run (its `run` takes
    the options)."""
    position = _command_position(argv)
    top = _top_parser()
    if position is None:
        options = top.parse_intermixed_args(argv)
        options.command = _load(*_APP)
        return options
    global_options = top.parse_args(argv[:position])
    name = argv[position]
    command = _load(COMMANDS[name][0], name)
    parser, rest = _sub_parser(name, command), argv[position + 1 :]
    options = parser.parse_args(rest) if command.nested else parser.parse_intermixed_args(rest)
    if getattr(options, "data_dir", None) is None:
        options.data_dir = global_options.data_dir
    options.command = command
    return options


def _load(group: str, name: str) -> SubCommand:
    """The sub-command `name` from its group's module, imported now (and only now)."""
    import importlib

    module = importlib.import_module(f"reader.cli.{group}")
    command: SubCommand = module.SUBCOMMANDS[name]
    return command


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
    import argparse
    from pathlib import Path

    width = max(map(len, COMMANDS))
    commands = "\n".join(f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items())
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
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        type=Path,
        help="folders or article files to open (default: your library)",
    )
    return parser


def _sub_parser(name: str, command: SubCommand) -> argparse.ArgumentParser:
    import argparse

    summary = COMMANDS[name][1]
    parser = argparse.ArgumentParser(
        prog=f"reader {name}",
        description=summary,
        epilog=command.epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    _add_data_dir(parser, default=argparse.SUPPRESS)
    if command.configure is not None:
        command.configure(parser)
    return parser


def _add_data_dir(parser: argparse.ArgumentParser, default: object) -> None:
    from pathlib import Path

    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=default,
        help="keep reading state, bookmarks and highlights in DIR (env: READER_DATA_DIR)",
    )


def _refuse_unsafe_data_dir(override: Path | None) -> None:
    """`UnsafeDataDir` (a `StoreError`) if another user could read or swap the data folder.
    Imported here, as the command runs, for the same reason as `_reported_errors`."""
    from reader.store.dirs import data_dir
    from reader.store.safety import check_data_dir

    check_data_dir(data_dir(override))


def _reported_errors() -> tuple[type[Exception], ...]:
    """Errors the user can act on, reported in one line. Imported here, when an error has
    happened, so that `reader --version` does not load the store and the parser."""
    from reader.core.text.formats import ParseError
    from reader.store.db import StoreError

    return (StoreError, ParseError, OSError, LookupError)


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror and error.filename is not None:
        return f"{error.strerror.lower()}: {error.filename}"
    if isinstance(error, LookupError) and error.args:  # KeyError's str() would add quotes
        return str(error.args[0])
    return str(error) or type(error).__name__


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not complain again."""
    from contextlib import suppress

    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
