"""The ssh login of a sync: which targets are logins, and ssh started before anything heavy.

Why apart from `remote`: an ssh login takes a few hundred milliseconds, then the far side starts
its own `reader`; this side's own start (the CRDT engine imported, the store opened) took as
long again before ssh was even run. `reader sync user@host` starts ssh first (`start`), so both
go on at once, and the conversation (`reader.ingest.sync.remote`) takes the running process
over. This module imports only the standard library, so starting ssh waits for nothing.

`user@host` or `ssh://user@host[:port]` runs `ssh ... reader sync --serve` (their keys, agent,
`~/.ssh/config`, ProxyJump all apply). `READER_SYNC_SSH` replaces the `ssh` command (e.g.
`ssh -i key -o ...`, as `GIT_SSH_COMMAND` does for git) and `READER_SYNC_REMOTE` the command run
there (a `reader` not on the far side's PATH).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass

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


def start(remote: Remote) -> subprocess.Popen[bytes]:
    """ssh running `reader sync --serve` on `remote`, its three streams piped (OSError if ssh
    cannot be run)."""
    return subprocess.Popen(
        ssh_argv(remote), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def start_first(targets: list[str]) -> subprocess.Popen[bytes] | None:
    """ssh started for the first target if it is a login (None if it is a folder, or ssh
    cannot be run: the sync then says why)."""
    remote = parse_remote(targets[0]) if targets else None
    if remote is None:
        return None
    try:
        return start(remote)
    except OSError:
        return None


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """End a login that was started but never used (the sync stopped before it)."""
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()
