"""Sync with another machine through the user's own OpenSSH client: nothing listens, nothing is
hosted.

ssh runs `reader sync --serve` on the far side (`reader.ingest.sync.login`: which targets are
logins, the command line, ssh started early) and the frames go over its standard input and
output. What ssh printed on its standard error is in the message when the sync fails.
"""

from __future__ import annotations

import subprocess
import threading
from contextlib import suppress
from pathlib import Path
from typing import IO

from reader.core.sync.frames import FrameError
from reader.ingest.sync.login import DEFAULT_REMOTE as DEFAULT_REMOTE
from reader.ingest.sync.login import Remote as Remote
from reader.ingest.sync.login import parse_remote as parse_remote
from reader.ingest.sync.login import ssh_argv, start
from reader.ingest.sync.session import Channel, Outcome, SyncFailed, initiate
from reader.store.state import Store


def sync_remote(
    store: Store,
    remote: Remote,
    target: str,
    library: Path,
    timeout: float = 600.0,
    process: subprocess.Popen[bytes] | None = None,
) -> Outcome:
    """One sync with `reader sync --serve` on `remote`; `process`: its ssh, started already
    (`login.start`), or None to start it now."""
    if process is None:
        try:
            process = start(remote)
        except OSError as error:
            raise SyncFailed(f"cannot run {ssh_argv(remote)[0]}: {error.strerror}") from error
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    errors = _Collected(process.stderr)
    try:
        outcome = initiate(store, Channel(process.stdout, process.stdin), target, library)
    except (FrameError, OSError, ValueError) as error:
        process.kill()
        process.wait()
        errors.join()
        said = errors.text()
        raise SyncFailed(f"{error}" + (f" (ssh said: {said})" if said else "")) from error
    finally:
        with suppress(OSError):
            process.stdin.close()
    wait_or_kill(process, timeout)
    errors.join()
    return outcome


def wait_or_kill(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait for ssh to end (the far side has committed by then), killing it after `timeout`.

    Not `Popen.wait(timeout)`: that one polls, sleeping in steps that grow to 50 ms, and the
    last step was often most of the wait; this one blocks until ssh ends."""
    killer = threading.Timer(timeout, process.kill)
    killer.daemon = True
    killer.start()
    try:
        process.wait()
    finally:
        killer.cancel()


class _Collected:
    """The tail of a stream read in a thread (ssh's standard error), so ssh never blocks on it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._tail = b""
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:
            self._tail = (self._tail + line)[-2000:]

    def join(self) -> None:
        self._thread.join(5)

    def text(self) -> str:
        return " ".join(self._tail.decode("utf-8", "replace").split())[-500:]
