"""`reader sync [TARGET...]`, `reader sync --status` and `reader sync --serve`.

A TARGET is a folder (carried between machines by Syncthing, Dropbox, git, a stick) or an SSH
login (`user@host`, `ssh://user@host:port`) where `reader sync --serve` runs through the user's
own ssh. Without a TARGET, the config's `[sync] targets`. `--serve` speaks the sync frames on
standard input and output and nothing else (what an `authorized_keys` `command=` pins).
`--settings` (or `[sync] settings = true`) shares this machine's portable settings too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.command import SubCommand
from reader.cli.output import fail, printable
from reader.ingest.sync import login

if TYPE_CHECKING:
    from reader.ingest.sync.session import Outcome
    from reader.store.config import Config
    from reader.store.state import Store

EPILOG = """Highlights, notes, bookmarks, tags, place (inbox/archive/trash), read state, progress,
reading position, followed feeds and the library folder's article files travel, merged by a
CRDT (concurrent edits of one note are both kept).
Settings travel only between machines that ask for it ([sync] settings = true in the config, or
--settings for one sync): theme, measure, [keys], [feeds], [review] and the palette's theme,
never [sync]. The config file is never written: settings from other machines are kept in the
store and used over it, each setting the newest edit, wherever made (a setting edited in the
file since the last sync wins here, and travels with the next). A setting that fails the
config file's checks is refused with a message; the rest are used.
Annotations of articles opened from folders outside the library travel with them and attach
on the other machine to the article at the same path, or with the same content.
A highlight deleted on one machine and edited on another stays deleted; --deleted lists such
highlights as they last were and --restore ID brings one back.
Over SSH nothing listens on a port: ssh runs `reader sync --serve` on the far side.
READER_SYNC_SSH replaces the ssh command, READER_SYNC_REMOTE the command run there."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "targets", metavar="TARGET", nargs="*", help="a folder, user@host or ssh://user@host:port"
    )
    parser.add_argument("--status", action="store_true", help="last sync per target, pending")
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per target (for the app, scripts)"
    )
    parser.add_argument(
        "--serve", action="store_true", help="answer a sync on stdin/stdout (run by ssh)"
    )
    parser.add_argument(
        "--deleted", action="store_true", help="highlights deleted here or on another machine"
    )
    parser.add_argument(
        "--restore", metavar="ID", help="bring a deleted highlight back (the next sync spreads it)"
    )
    parser.add_argument(
        "--settings",
        action="store_true",
        help="share the theme and portable settings this once (see [sync] settings)",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="give this store a new sync identity (a copy sharing another store's)",
    )


def run_sync(options: argparse.Namespace) -> int:
    # ssh first, for a sync with a machine: its login and the far side's start go on while the
    # sync's modules are imported and the store is opened here.
    plain = not (options.serve or options.status or options.reset)
    early = login.start_first(options.targets) if plain else None
    try:
        from reader.store.config import load_config
        from reader.store.dirs import config_file, data_dir

        override: Path | None = options.data_dir
        config = load_config(config_file(override))[0]
        if plain and early is None and not options.targets:  # the config's targets
            early = login.start_first(list(config.sync_targets))
        return _run(options, data_dir(override), config, early)
    finally:
        login.stop(early)


def _run(
    options: argparse.Namespace,
    folder: Path,
    config: Config,
    early: subprocess.Popen[bytes] | None,
) -> int:
    from reader.ingest.sync.run import serve_streams
    from reader.ingest.sync.session import SyncFailed
    from reader.store.dirs import config_file
    from reader.store.state import Store

    override: Path | None = options.data_dir
    with Store.open(folder) as store:
        share = config_file(override) if config.sync_settings or options.settings else None
        if options.serve:
            try:
                serve_streams(store, folder, sys.stdin.buffer, sys.stdout.buffer, share)
            except SyncFailed as error:
                return fail(f"sync --serve: {error}")
            return 0
        if options.status:
            print_status(store)
            _print_settings(store, config_file(override), share is not None)
            return 0
        if options.reset:
            store.sync.reset()
            print("this store has a new sync identity (its history is kept)")
            return 0
        if options.deleted or options.restore:
            return _deleted(store, options.restore)
        targets = options.targets or list(config.sync_targets)
        if not targets:
            raise LookupError("sync with what? give a folder or user@host, or set [sync] targets")
        return _sync_all(store, folder, targets, share, options.json, early)


def _sync_all(
    store: Store,
    folder: Path,
    targets: list[str],
    share: Path | None,
    as_json: bool,
    early: subprocess.Popen[bytes] | None,
) -> int:
    """Sync with each target in turn (the first with its ssh started already, if any)."""
    from reader.ingest.sync.run import sync_target
    from reader.ingest.sync.session import SyncFailed

    status = 0
    for number, target in enumerate(targets):
        try:
            outcome = sync_target(store, folder, target, share, early if number == 0 else None)
        except SyncFailed as error:
            if as_json:
                print(json.dumps({"target": target, "ok": False, "error": str(error)}))
            status = fail(f"sync with {printable(target)} failed: {printable(str(error))}")
            continue
        if as_json:
            print(json.dumps(_as_json(outcome)), flush=True)
        else:
            print(printable(outcome.summary()))
    return status


def _as_json(outcome: Outcome) -> dict[str, object]:
    return {
        "target": outcome.target,
        "ok": True,
        "changed": outcome.changed,
        "files": outcome.files,
        "settings": outcome.settings,
        "sent": outcome.sent,
        "received": outcome.received,
        "problems": outcome.problems,
    }


def print_status(store: Store) -> None:
    """Each target's last sync, and the changes here not yet synced."""
    print(f"{store.sync.pending()} changes not synced yet")
    for row in store.sync.statuses():
        line = f"{printable(row.target)}: last synced {row.last_ok or 'never'}"
        if row.error:
            line += f"; last attempt {row.last_try}: {printable(row.error)}"
        print(line)


def _print_settings(store: Store, path: Path, shared: bool) -> None:
    """Whether settings travel from here, and those from elsewhere used over the file."""
    from reader.store.synced_config import in_effect

    print(f"settings: {'shared' if shared else 'not shared'} ([sync] settings in {path})")
    for name, value in in_effect(path, store).items():
        print(printable(f"  {name} = {json.dumps(value)} from another machine, over the file"))


def sync_at_quit(folder: Path, targets: Sequence[str], settings: Path | None = None) -> None:
    """The app's last sync (`[sync] auto`), once it has given the terminal back: one line each;
    `settings`: the config file, when this machine shares its settings."""
    from reader.ingest.sync.run import sync_target
    from reader.ingest.sync.session import SyncFailed
    from reader.store.errors import StoreError
    from reader.store.state import Store

    try:
        with Store.open(folder) as store:
            for target in targets:
                try:
                    sync_target(store, folder, target, settings)
                    print(f"reader: synced with {printable(target)}", file=sys.stderr)
                except SyncFailed as error:
                    fail(f"sync with {printable(target)} failed: {printable(str(error))}")
    except StoreError as error:
        fail(f"no sync at quit: {printable(str(error))}")


def _deleted(store: Store, restore: str | None) -> int:
    """List the deleted highlights the sync document keeps, or restore one."""
    if restore is not None:
        if not store.sync.restore(restore):
            raise LookupError(f"no deleted highlight with id {restore!r} (see --deleted)")
        print(f"restored {printable(restore)}; the next sync restores it everywhere")
        return 0
    for highlight_id, record in store.sync.deleted_highlights().items():
        note = f" ({printable(record.note[:60])})" if record.note else ""
        print(f"{highlight_id}  “{printable(record.quote[:60])}”{note}")
    return 0


SUBCOMMANDS = {"sync": SubCommand(run_sync, configure, EPILOG)}
