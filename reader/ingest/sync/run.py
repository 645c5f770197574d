"""`reader sync TARGET` and `reader sync --serve`: the lock, the transport, the record kept.

A target is a folder unless it reads as an SSH login (`user@host`, `ssh://user@host:port`).
With `settings` (the config file of a machine that shares its settings), this machine's portable
settings are written into the document before the transport, and what the others shared is
checked and kept after it (`reader.store.synced_config`).
Whatever happens, the target's row in the store says when it last synced, how much travelled and
the last error, which `reader sync --status` and the app's status line show.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import IO

from reader.core.sync.frames import FrameError
from reader.ingest.sync.folder import sync_folder
from reader.ingest.sync.lock import SyncBusy, sync_lock
from reader.ingest.sync.remote import parse_remote, sync_remote
from reader.ingest.sync.session import Channel, Outcome, SyncFailed, serve
from reader.store.dirs import library_dir
from reader.store.errors import StoreError
from reader.store.state import Store
from reader.store.synced_config import accept, file_settings

#: What stops a sync: each says why in one line.
FAILURES = (SyncFailed, SyncBusy, FrameError, StoreError, OSError, ValueError)


def sync_target(
    store: Store,
    data_dir: Path,
    target: str,
    settings: Path | None = None,
    login: subprocess.Popen[bytes] | None = None,
) -> Outcome:
    """Sync this store with `target` (a folder or an SSH login), sharing the portable settings
    of the config file `settings` if given; `login`: the target's ssh, started already
    (`reader.ingest.sync.login.start`). SyncFailed says why not."""
    try:
        with sync_lock(data_dir):
            remote = parse_remote(target)
            library = library_dir(data_dir)
            _share(store, settings)
            if remote is None:
                outcome = sync_folder(store, _folder(target), target, library)
            else:
                outcome = sync_remote(store, remote, target, library, process=login)
            _take(store, settings, outcome)
    except FAILURES as error:
        message = " ".join(str(error).split()) or type(error).__name__
        store.sync.record(target, error=message)
        raise SyncFailed(message) from error
    store.sync.record(
        target,
        error="; ".join(outcome.problems),
        ok=True,
        sent=outcome.sent,
        received=outcome.received,
    )
    return outcome


def _folder(target: str) -> Path:
    """The sync folder a target names; a missing one is made only when the target reads as a
    path (`server` or `server:` is more likely a machine than a new folder here)."""
    folder = Path(target).expanduser()
    if not folder.exists() and "/" not in target:
        raise SyncFailed(
            f"no folder {target!r} here: for a machine write user@{target.rstrip(':')} or "
            f"ssh://{target.rstrip(':')}; for a new folder here write ./{target}"
        )
    return folder


def serve_streams(
    store: Store,
    data_dir: Path,
    incoming: IO[bytes],
    outgoing: IO[bytes],
    settings: Path | None = None,
) -> Outcome:
    """Answer one `reader sync` from the other end of `incoming`/`outgoing` (sharing the
    settings of the config file `settings` if given: this side's own choice)."""
    try:
        with sync_lock(data_dir):
            _share(store, settings)
            outcome = serve(store, Channel(incoming, outgoing), library_dir(data_dir))
            _take(store, settings, outcome)
            return outcome
    except FAILURES as error:
        raise SyncFailed(" ".join(str(error).split())) from error


def _share(store: Store, settings: Path | None) -> None:
    """This machine's portable settings into the document, when it shares them."""
    if settings is not None:
        store.sync.settings.share(file_settings(settings, store))


def _take(store: Store, settings: Path | None, outcome: Outcome) -> None:
    """The settings other machines shared, checked and kept, when this machine shares."""
    if settings is not None:
        outcome.settings, problems = accept(store, store.sync.settings.received())
        outcome.problems.extend(problems)
