"""Sync with another machine through the user's own OpenSSH client: nothing listens, nothing is
hosted.

`user@host` or `ssh://user@host[:port]` runs `ssh ... reader sync --serve` (their keys, agent,
`~/.ssh/config`, ProxyJump all apply) and speaks the frames over its standard input and output.
`READER_SYNC_SSH` replaces the `ssh` command (e.g. `ssh -i key -o ...`, as `GIT_SSH_COMMAND`
does for git) and `READER_SYNC_REMOTE` the command run there (a `reader` not on the far side's
PATH). What ssh printed on its standard error is in the message when the sync fails.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import threading
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reader.core.sync.frames import FrameError
from reader.ingest.sync.session import Channel, Outcome, SyncFailed, initiate
from reader.store.state import Store

_SSH_URL = re.compile(r"ssh://(?P<host>(?:[^@/\s]+@)?[^@/:\s]+)(?::(?P<port>\d{1,5}))?/?")
_USER_HOST = re.compile(r"[^@/\s]+@[^@/\s:]+")
DEFAULT_REMOTE = "reader sync --serve"


@dataclass(frozen=True, slots=True)
class Remote:
    """Where to log in: `user@host`, and a port if the URL named one."""

    host: str
    port: int | None = None


def parse_remote(target: str) -> Remote | None:
    """The SSH login a target names, or None if the target is a folder."""
    match = _SSH_URL.fullmatch(target)
    if match:
        port = match.group("port")
        return Remote(match.group("host"), int(port) if port else None)
    if _USER_HOST.fullmatch(target):
        return Remote(target)
    return None


def ssh_argv(remote: Remote) -> list[str]:
    """The ssh command line for a sync with `remote`."""
    argv = shlex.split(os.environ.get("READER_SYNC_SSH", "ssh"))
    if remote.port is not None:
        argv += ["-p", str(remote.port)]
    argv += ["-T", "--", remote.host, os.environ.get("READER_SYNC_REMOTE", DEFAULT_REMOTE)]
    return argv


def sync_remote(
    store: Store, remote: Remote, target: str, library: Path, timeout: float = 600.0
) -> Outcome:
    """One sync with `reader sync --serve` on `remote`."""
    argv = ssh_argv(remote)
    try:
        process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise SyncFailed(f"cannot run {argv[0]}: {error.strerror}") from error
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
