"""The installed ``reader`` over a real SSH connection, in an 80x24 terminal.

A throwaway OpenSSH server on 127.0.0.1 (see ``tests/e2e/ssh.py``) and ``ssh -t`` in tmux: the
app gets its pseudo-terminal, size and keys through sshd, as users' apps do. Skipped with the
reason when sshd is not installed or will not start, except where ``READER_REQUIRE_SSH=1``
(``.ci/run`` sets it), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from tests.e2e.ssh import SshError, SshServer, SshTerminal, missing_tools, ssh_terminal
from tests.e2e.test_terminal import (
    MODES,
    READER,
    SEED_TITLE,
    TIMEOUT,
    body_phrases,
    tmux,  # noqa: F401 (the fixture: a private tmux server, or a skip saying why there is none)
)
from tests.e2e.tmux import ScreenCheck, TmuxServer

pytestmark = pytest.mark.e2e


def ssh_unavailable(reason: str) -> NoReturn:
    """Skip, except in CI (``READER_REQUIRE_SSH=1``), where the SSH test must run."""
    if os.environ.get("READER_REQUIRE_SSH") == "1":
        pytest.fail(f"{reason} (READER_REQUIRE_SSH=1: this test must run)")
    pytest.skip(reason)


@pytest.fixture
def sshd() -> Iterator[SshServer]:
    """A private sshd for this test, stopped (with its sessions) whatever happens."""
    missing = missing_tools()
    if missing:
        ssh_unavailable(
            f"OpenSSH is not installed ({', '.join(missing)}): apt-get install -y openssh-server"
        )
    server = SshServer()
    try:
        server.start()
    except SshError as error:
        server.stop()
        ssh_unavailable(f"a test sshd could not be started on 127.0.0.1: {error}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def remote_env(isolated_user: Path, tmp_path: Path) -> dict[str, str]:
    """The conftest's private folders, for the remote side (sshd passes no environment on)."""
    return {
        "READER_DATA_DIR": str(isolated_user),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "HISTFILE": str(tmp_path / "bash_history"),
    }


def modes(terminal: SshTerminal) -> dict[str, str]:
    values = terminal.display("\t".join(f"#{{{mode}}}" for mode in MODES)).split("\t")
    return dict(zip(MODES, values, strict=True))


def test_commands_run_over_ssh_as_this_user(sshd: SshServer) -> None:
    done = sshd.run('echo "from ${SSH_CONNECTION%% *} as $(id -un)"')
    assert done.returncode == 0, done.stderr + sshd.log_text()
    assert done.stdout.strip() == f"from 127.0.0.1 as {sshd.user}"


def test_reader_over_ssh_opens_an_article_and_gives_the_terminal_back(
    sshd: SshServer,
    tmux: TmuxServer,  # noqa: F811 (test_terminal's fixture, imported above)
    remote_env: dict[str, str],
    tmp_path: Path,
) -> None:
    phrases = body_phrases()
    with ssh_terminal(sshd, tmux, remote_env, cwd=tmp_path, timeout=TIMEOUT) as terminal:
        terminal.type_line('echo "over ssh from ${SSH_CONNECTION%% *}, TERM=$TERM"')
        terminal.wait_for("over ssh from 127.0.0.1, TERM=xterm-256color", TIMEOUT)
        assert terminal.display("#{pane_current_command}") == "ssh"
        before = modes(terminal)

        terminal.type_line(shlex.quote(str(READER)))
        terminal.wait_for(SEED_TITLE, TIMEOUT)
        assert modes(terminal)["alternate_on"] == "1", "the app should draw on the alternate screen"
        listed = terminal.capture()
        assert len(listed.splitlines()) == 24 and all(len(row) <= 80 for row in listed.splitlines())
        unseen = [phrase for phrase in phrases.values() if phrase not in listed]
        assert unseen, f"every article body is already on screen before Enter:\n{listed}"

        terminal.send_keys("Enter")
        terminal.wait_for(re.compile("|".join(map(re.escape, unseen))), TIMEOUT)

        terminal.send_keys("q")
        screen = terminal.wait_for_prompt(TIMEOUT)
        assert "Traceback" not in screen, screen
        assert modes(terminal) == before, f"terminal modes not restored; screen:\n{screen}"

        terminal.type_line("echo o''k")  # the typed line never reads "ok"
        echoed = ScreenCheck("a row reading 'ok'", lambda screen: "ok" in screen.splitlines())
        screen = tmux.wait_for_screen(terminal.session, echoed, TIMEOUT)
        assert "ok" in screen.splitlines(), f"the remote shell does not echo after quit:\n{screen}"
        assert terminal.display("#{pane_current_command}") == "ssh", "the connection dropped"


def test_annotating_over_ssh_survives_a_restart_and_reaches_the_export(
    sshd: SshServer,
    tmux: TmuxServer,  # noqa: F811 (test_terminal's fixture, imported above)
    remote_env: dict[str, str],
    tmp_path: Path,
) -> None:
    """Issue 5's flow over a real SSH login: select, highlight, note, quit, come back, export."""
    from tests.e2e.test_annotate_terminal import ARTICLE

    library = tmp_path / "library"
    library.mkdir()
    (library / "convoy.md").write_text(ARTICLE, encoding="utf-8")
    command = f"{shlex.quote(str(READER))} {shlex.quote(str(library))}"
    with ssh_terminal(sshd, tmux, remote_env, cwd=tmp_path, timeout=TIMEOUT) as terminal:
        terminal.type_line(command)
        terminal.wait_for("The convoy", TIMEOUT)
        terminal.send_keys("Enter")
        terminal.wait_for("Col. Smith met", TIMEOUT)
        for key in ("w", "v", "w", "w", "w", "h"):
            terminal.send_keys(key)
        terminal.send_keys("Tab")  # the list beside the article (full width while reading)
        terminal.wait_for("✎1", TIMEOUT)  # the list counts it
        terminal.send_keys("Tab")
        terminal.send_keys("a")
        terminal.wait_for("ctrl+s save", TIMEOUT)
        terminal.send_keys("Written over SSH", literal=True)
        terminal.send_keys("C-s")
        terminal.wait_for("Note saved", TIMEOUT)
        terminal.send_keys("y")
        terminal.wait_for("Copied the highlight and its note", TIMEOUT)
        terminal.send_keys("q")
        terminal.wait_for_prompt(TIMEOUT)

        terminal.type_line(command)
        terminal.wait_for("✎1", TIMEOUT)
        terminal.send_keys("Enter")
        terminal.wait_for("Col. Smith met", TIMEOUT)
        terminal.send_keys("]")
        terminal.wait_for("Written over SSH", TIMEOUT)
        terminal.send_keys("q")
        terminal.wait_for_prompt(TIMEOUT)

    env = " ".join(f"{key}={shlex.quote(value)}" for key, value in remote_env.items())
    exported = sshd.run(f"env {env} {shlex.quote(str(READER))} export --format json {library}")
    assert exported.returncode == 0, exported.stderr
    articles = json.loads(exported.stdout)["articles"]
    notes = [
        (item["quote"], item["note"]) for article in articles for item in article["highlights"]
    ]
    assert notes == [("Smith met U.S.", "Written over SSH")]
