"""`reader sync [TARGET...]`, `reader sync --status` and `reader sync --serve`.

A TARGET is a folder (carried between machines by Syncthing, Dropbox, git, a stick) or an SSH
login (`user@host`, `ssh://user@host:port`) where `reader sync --serve` runs through the user's
own ssh. Without a TARGET, the config's `[sync] targets`. `--serve` speaks the sync frames on
standard input and output and nothing else (what an `authorized_keys` `command=` pins).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.command import SubCommand
from reader.cli.output import fail, printable
from reader.ingest.sync.run import serve_streams, sync_target
from reader.ingest.sync.session import SyncFailed
from reader.store.config import load_config
from reader.store.dirs import config_file, data_dir
from reader.store.state import Store

EPILOG = """Highlights, notes, bookmarks, tags, place (inbox/archive/trash), read state, progress
and reading position travel, merged by a CRDT (concurrent edits of one note are both kept).
Over SSH nothing listens on a port: ssh runs `reader sync --serve` on the far side.
READER_SYNC_SSH replaces the ssh command, READER_SYNC_REMOTE the command run there."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "targets", metavar="TARGET", nargs="*", help="a folder, user@host or ssh://user@host:port"
    )
    parser.add_argument("--status", action="store_true", help="last sync per target, pending")
    parser.add_argument(
        "--serve", action="store_true", help="answer a sync on stdin/stdout (run by ssh)"
    )


def run_sync(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    folder = data_dir(override)
    with Store.open(folder) as store:
        if options.serve:
            try:
                serve_streams(store, folder, sys.stdin.buffer, sys.stdout.buffer)
            except SyncFailed as error:
                return fail(f"sync --serve: {error}")
            return 0
        if options.status:
            print_status(store)
            return 0
        targets = options.targets or list(load_config(config_file(override))[0].sync_targets)
        if not targets:
            raise LookupError("sync with what? give a folder or user@host, or set [sync] targets")
        status = 0
        for target in targets:
            try:
                print(printable(sync_target(store, folder, target).summary()))
            except SyncFailed as error:
                status = fail(f"sync with {printable(target)} failed: {printable(str(error))}")
    return status


def print_status(store: Store) -> None:
    """Each target's last sync, and the changes here not yet synced."""
    print(f"{store.sync.pending()} changes not synced yet")
    for row in store.sync.statuses():
        line = f"{printable(row.target)}: last synced {row.last_ok or 'never'}"
        if row.error:
            line += f"; last attempt {row.last_try}: {printable(row.error)}"
        print(line)


SUBCOMMANDS = {"sync": SubCommand(run_sync, configure, EPILOG)}
