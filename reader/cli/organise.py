"""Organising the library from the command line: `reader archive|inbox|trash|read|unread ID...`,
`reader tag|untag ID TAG...` and `reader trash --empty`.

Ids are given by unique prefix, as `reader list` shows them, and resolved against the library
and every article the store knows (one whose file is gone can still be archived); every id is
checked before anything changes. Each command is one change in the store, made in one
transaction. Emptying the trash deletes a file only when it lies in the library folder
(`reader dirs`), reader's own copy: a file anywhere else is never touched.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.command import SubCommand
from reader.cli.common import load_library
from reader.cli.output import printable
from reader.core.article import resolve_id
from reader.core.library import LibraryIndex
from reader.core.shelf import Location
from reader.store.dirs import data_dir, default_roots, library_dir
from reader.store.emptying import empty_trash, trash_contents
from reader.store.state import Store

MOVES = {
    "archive": (Location.ARCHIVE, "archived", "in the archive already"),
    "inbox": (Location.INBOX, "moved to the inbox", "in the inbox already"),
    "trash": (Location.TRASH, "moved to the trash", "in the trash already"),
}
TRASH_EPILOG = """The trash is recoverable: `reader inbox ID` brings an article back.
--empty forgets the trashed articles for good (no view shows them again). Their files are deleted
only when they are in your library folder (`reader dirs`): files anywhere else (the bundled
samples, folders you opened) are never touched. Highlights and notes stay in the database
(`reader export` still has them). It asks first on a terminal; --yes is for scripts."""
IDS_HELP = "article ids (a unique prefix is enough)"
TAG_EPILOG = """Tags are compared case-insensitively and shown as first typed. A tag with spaces
is one argument: reader tag 3f2a "machine learning"."""


def configure_move(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids", metavar="ID", nargs="+", help="article ids (a unique prefix is enough)"
    )


def configure_trash(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "ids", metavar="ID", nargs="*", help="article ids (a unique prefix is enough)"
    )
    parser.add_argument("--empty", action="store_true", help="empty the trash (asks first)")
    parser.add_argument("--yes", action="store_true", help="do not ask (for scripts)")


def configure_tag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="article id (a unique prefix is enough)")
    parser.add_argument("tags", metavar="TAG", nargs="+", help="tag names")


def run_move(options: argparse.Namespace, name: str) -> int:
    place, done, already = MOVES[name]
    override: Path | None = options.data_dir
    with Store.open(data_dir(override)) as store:
        ids = resolve_ids(store, _library(override), options.ids)
        moved = store.library.move(ids, place)
    _report(f"{done} {_articles(moved)}", len(ids) - moved, already)
    return 0


def run_archive(options: argparse.Namespace) -> int:
    return run_move(options, "archive")


def run_inbox(options: argparse.Namespace) -> int:
    return run_move(options, "inbox")


def run_trash(options: argparse.Namespace) -> int:
    if options.empty:
        if options.ids:
            raise LookupError("give either ids to trash or --empty, not both")
        return _empty_trash(options.data_dir, options.yes)
    if not options.ids:
        raise LookupError("which articles? give their ids (or --empty to empty the trash)")
    return run_move(options, "trash")


def run_read(options: argparse.Namespace, read: bool = True) -> int:
    override: Path | None = options.data_dir
    with Store.open(data_dir(override)) as store:
        ids = resolve_ids(store, _library(override), options.ids)
        changed = store.library.set_read(ids, read)
    state = "read" if read else "unread"
    _report(f"marked {_articles(changed)} {state}", len(ids) - changed, f"{state} already")
    return 0


def run_unread(options: argparse.Namespace) -> int:
    return run_read(options, read=False)


def run_tag(options: argparse.Namespace, add: bool = True) -> int:
    override: Path | None = options.data_dir
    with Store.open(data_dir(override)) as store:
        (article,) = resolve_ids(store, _library(override), [options.id])
        names = list(options.tags)
        if add:
            store.tags.tag([article], names)
        else:
            store.tags.untag([article], names)
        now = store.tags.for_article(article)
    shown = ", ".join(now) if now else "none"
    print(printable(f"{article}: tags {shown}"))
    return 0


def run_untag(options: argparse.Namespace) -> int:
    return run_tag(options, add=False)


def resolve_ids(store: Store, library: LibraryIndex, wanted: list[str]) -> list[str]:
    """The article each of `wanted` names (by unique prefix), among the library's articles and
    every one the store knows; LookupError naming the first that names none or several."""
    known = {meta.id for meta in library.articles} | set(store.library.states())
    return list(dict.fromkeys(resolve_id(key, known) for key in wanted))


def _empty_trash(override: Path | None, yes: bool) -> int:
    library = _library(override)
    with Store.open(data_dir(override)) as store:
        contents = trash_contents(store, library.articles, library_dir(override))
        if not contents.article_ids:
            print("the trash is empty")
            return 0
        if not yes and not _confirmed(contents.question()):
            return 1
        emptied = empty_trash(store, contents)
    for path, why in emptied.failed:
        print(printable(f"reader: could not delete {path}: {why}"), file=sys.stderr)
    print(emptied.summary())
    return 0


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        raise LookupError("emptying the trash needs a yes: run it on a terminal, or add --yes")
    answer = input(f"{question} [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _library(override: Path | None) -> LibraryIndex:
    return load_library(default_roots(override), override, warn=False)


def _articles(count: int) -> str:
    return f"{count} article" + ("s" if count != 1 else "")


def _report(done: str, unchanged: int, why: str) -> None:
    print(done + (f" ({unchanged} {why})" if unchanged else ""))


SUBCOMMANDS = {
    "archive": SubCommand(run_archive, configure_move),
    "inbox": SubCommand(run_inbox, configure_move),
    "trash": SubCommand(run_trash, configure_trash, TRASH_EPILOG),
    "read": SubCommand(run_read, configure_move),
    "unread": SubCommand(run_unread, configure_move),
    "tag": SubCommand(run_tag, configure_tag, TAG_EPILOG),
    "untag": SubCommand(run_untag, configure_tag, TAG_EPILOG),
}
