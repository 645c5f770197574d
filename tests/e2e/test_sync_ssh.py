"""`reader sync ssh://user@host:port` through a real OpenSSH login (the throwaway sshd of
`tests/e2e/ssh.py`): the far side runs `reader sync --serve`, nothing listens but sshd.

A sync cut at random bytes (30 times) leaves each store as it was or fully merged, and the next
sync completes; a far side speaking another protocol says so and changes nothing.
"""

from __future__ import annotations

import contextlib
import random
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.sync.frames import PROTOCOL
from reader.ingest.sync.lock import sync_lock
from reader.ingest.sync.run import sync_target
from reader.ingest.sync.session import SyncFailed
from reader.store.state import Store
from tests.e2e.ssh import SshServer
from tests.e2e.test_ssh import sshd  # noqa: F401 (the fixture: a private sshd, or a skip)
from tests.e2e.test_terminal import READER
from tests.unit.syncing import BODY, snapshot

pytestmark = pytest.mark.e2e
CUTTER = Path(__file__).with_name("cut_pipe.py")


def ssh_command(server: SshServer) -> list[str]:
    """The test's ssh options (its key, its known_hosts), without the port, host and command."""
    argv = server.ssh_argv("true", tty=False)[:-3]
    at = argv.index("-p")
    return argv[:at] + argv[at + 2 :]


def target(server: SshServer) -> str:
    return f"ssh://{server.user}@127.0.0.1:{server.port}"


@pytest.fixture
def far(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sshd: SshServer) -> Path:  # noqa: F811
    """The far side's data folder; ssh and the remote command set for `reader sync`."""
    folder = tmp_path / "server"
    monkeypatch.setenv("READER_SYNC_SSH", shlex.join(ssh_command(sshd)))
    monkeypatch.setenv(
        "READER_SYNC_REMOTE",
        shlex.join(["env", f"READER_DATA_DIR={folder}", str(READER), "sync", "--serve"]),
    )
    return folder


def test_the_installed_reader_syncs_over_ssh(
    tmp_path: Path,
    far: Path,
    sshd: SshServer,  # noqa: F811
) -> None:
    laptop_dir = tmp_path / "laptop"
    with Store.open(laptop_dir) as laptop:
        made = laptop.highlights.add("art1", BODY, 4, 8, note="from the laptop")
    with Store.open(far) as server:
        server.library.set_read(["art1"])
    done = subprocess.run(
        [str(READER), "--data-dir", str(laptop_dir), "sync", target(sshd)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"synced with {target(sshd)}" in done.stdout
    with Store.open(far) as server, Store.open(laptop_dir) as laptop:
        assert server.highlights.get(made.id).note == "from the laptop"  # type: ignore[union-attr]
        assert laptop.library.state("art1").read
        assert snapshot(laptop) == snapshot(server)
    status = subprocess.run(
        [str(READER), "--data-dir", str(laptop_dir), "sync", "--status"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert f"{target(sshd)}: last synced 20" in status.stdout


def test_a_sync_cut_at_any_byte_leaves_each_side_whole_and_the_next_completes(
    tmp_path: Path,
    far: Path,
    sshd: SshServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    laptop_dir = tmp_path / "laptop"
    laptop, server = Store.open(laptop_dir), Store.open(far)
    whole = ssh_command(sshd)
    size = 2000
    chance = random.Random(15)
    for round_ in range(30):
        made = laptop.highlights.add(f"art{round_}", BODY, 4, 8, note=f"laptop {round_}")
        server.highlights.add(f"art{round_}", BODY, 10, 14, note=f"server {round_}")
        server.library.set_progress(f"art{round_}", round_)
        before = snapshot(laptop), snapshot(server)
        cut = chance.randrange(size)
        monkeypatch.setenv(
            "READER_SYNC_SSH", shlex.join([sys.executable, str(CUTTER), str(cut), *whole])
        )
        with contextlib.suppress(SyncFailed):
            sync_target(laptop, laptop_dir, target(sshd))
        with sync_lock(far):  # the far side's `reader sync --serve` has finished
            cut_state = snapshot(laptop), snapshot(server)
        monkeypatch.setenv("READER_SYNC_SSH", shlex.join(whole))
        outcome = sync_target(laptop, laptop_dir, target(sshd))
        size = max(200, outcome.sent + outcome.received + 200)
        merged = snapshot(laptop)
        assert snapshot(server) == merged and made.id in merged.highlights
        assert cut_state[0] in (before[0], merged), f"laptop half-merged at byte {cut}"
        assert cut_state[1] in (before[1], merged), f"server half-merged at byte {cut}"


def test_a_far_side_of_another_protocol_says_so_and_nothing_changes(
    tmp_path: Path,
    far: Path,
    monkeypatch: pytest.MonkeyPatch,
    sshd: SshServer,  # noqa: F811
) -> None:
    newer = (
        "import sys; from reader.core.sync import frames; "
        "sys.stdout.buffer.write(frames.encode(frames.Kind.HELLO, "
        f'b\'{{"protocol": {PROTOCOL + 1}, "reader": "9.9", "id": "x"}}\')); sys.stdout.flush(); '
        "sys.stdin.buffer.read()"
    )
    monkeypatch.setenv("READER_SYNC_REMOTE", shlex.join([sys.executable, "-c", newer]))
    laptop = Store.open(tmp_path / "laptop")
    laptop.highlights.add("art1", BODY, 4, 8)
    before = snapshot(laptop)
    with pytest.raises(SyncFailed) as failed:
        sync_target(laptop, tmp_path / "laptop", target(sshd))
    message = str(failed.value)
    assert (
        f"reader 9.9 (sync protocol {PROTOCOL + 1})" in message and "upgrade reader here" in message
    )
    assert "nothing was changed" in message
    assert snapshot(laptop) == before
    assert laptop.sync.pending() == 1


def test_a_login_that_fails_says_what_ssh_said(
    tmp_path: Path,
    far: Path,
    monkeypatch: pytest.MonkeyPatch,
    sshd: SshServer,  # noqa: F811
) -> None:
    monkeypatch.setenv("READER_SYNC_REMOTE", "no-such-reader-command sync --serve")
    laptop = Store.open(tmp_path / "laptop")
    with pytest.raises(SyncFailed) as failed:
        sync_target(laptop, tmp_path / "laptop", target(sshd))
    assert "no-such-reader-command" in str(failed.value)
    assert "no-such-reader-command" in laptop.sync.statuses()[0].error
