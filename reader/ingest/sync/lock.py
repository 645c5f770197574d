"""One sync at a time per store: a second one (the app's auto sync, another shell) waits.

An advisory `flock` on a file beside the database: the kernel lets go of it when the process
ends, however it ends, so a killed sync never leaves the store locked.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "sync.lock"
#: Seconds to wait for another sync of the same store to finish.
PATIENCE = 300.0


class SyncBusy(Exception):
    """Another sync of this store went on for longer than we would wait."""


@contextmanager
def sync_lock(data_dir: Path, patience: float = PATIENCE) -> Iterator[None]:
    """Hold this store's sync lock, waiting up to `patience` seconds for another sync."""
    fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        deadline = time.monotonic() + patience
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as error:
                if time.monotonic() > deadline:
                    raise SyncBusy(
                        f"another sync of this store has run for over {patience:.0f} s; "
                        "try again once it is done"
                    ) from error
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)
