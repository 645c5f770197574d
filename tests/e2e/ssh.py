"""A real SSH connection on this machine: a throwaway ``sshd``, and ``ssh`` in a tmux terminal.

Users run the reader over SSH, so one end-to-end test goes through a real OpenSSH server: keys,
pseudo-terminal allocation, the remote login shell and its environment, window size and escape
sequences all travelling through the connection. Nothing here touches the machine's own SSH setup:

- :class:`SshServer` writes a host key, a client key (``ssh-keygen``), an ``authorized_keys`` and
  an ``sshd_config`` into a private temporary folder and runs ``sshd -D -e`` from it on
  127.0.0.1, on a free port, for the current user only, with ``UsePAM no`` and
  ``StrictModes no`` (the temporary folder would not pass the checks of a real home). The
  client pins the server's host key in its own ``known_hosts`` and reads no user config
  (``-F /dev/null``). The one thing outside the folder is ``/run/sshd``, the empty directory
  OpenSSH insists on when started as root (its service manager normally creates it): it is
  created when missing and left in place.
- :func:`ssh_terminal` opens a session in a private tmux (:class:`tests.e2e.tmux.TmuxServer`)
  whose pane runs ``ssh -t`` to that server and starts an interactive ``bash`` there (no rc
  files, a known prompt), and yields an :class:`SshTerminal` to type into it and read its screen.

Standard library only, plus the tmux helper; like ``tmux.py`` it could be loaded by its path.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.e2e.tmux import ScreenCheck, TmuxServer, WaitTimeout, descendants, wait_until

#: Where OpenSSH's server usually lives; it is often not on an ordinary user's PATH.
SBIN_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin")
PRIVSEP_DIR = Path("/run/sshd")
PROMPT = "READY$ "

_CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {folder}/host_key
PidFile {folder}/sshd.pid
AuthorizedKeysFile {folder}/authorized_keys
AllowUsers {user}
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
PermitUserEnvironment no
X11Forwarding no
AllowTcpForwarding no
PrintMotd no
PrintLastLog no
UseDNS no
LogLevel INFO
"""


class SshError(RuntimeError):
    """sshd could not be set up or started; the message says why (with its log)."""


def find_sshd() -> str | None:
    """Absolute path of ``sshd`` (it must be absolute: sshd re-executes itself), or None."""
    path = os.pathsep.join([os.environ.get("PATH", ""), *SBIN_DIRS])
    return shutil.which("sshd", path=path)


def missing_tools() -> list[str]:
    """The OpenSSH programs the harness needs and cannot find."""
    missing = [] if find_sshd() else ["sshd (openssh-server)"]
    missing += [
        f"{tool} (openssh-client)" for tool in ("ssh", "ssh-keygen") if not shutil.which(tool)
    ]
    return missing


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SshServer:
    """A private ``sshd`` on 127.0.0.1: `start` it, and `stop` it whatever happens."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="reader-sshd-"))
        self.user = getpass.getuser()
        self.port = 0
        self.client_key = self.folder / "client_key"
        self.known_hosts = self.folder / "known_hosts"
        self.log = self.folder / "sshd.log"
        self._process: subprocess.Popen[bytes] | None = None

    # -- start and stop --------------------------------------------------------------------------

    def start(self, timeout: float = 10.0, attempts: int = 3) -> None:
        """Make the keys, then start sshd on a free port (another try if the port was taken)."""
        sshd = find_sshd()
        if missing_tools() or sshd is None:
            raise SshError("not installed: " + ", ".join(missing_tools()))
        self._prepare_privsep_dir()
        self._keygen("host_key")
        self._keygen("client_key")
        shutil.copyfile(self.folder / "client_key.pub", self.folder / "authorized_keys")
        host_key = (self.folder / "host_key.pub").read_text(encoding="utf-8").split()
        for _ in range(attempts):
            self.port = free_port()
            config = self.folder / "sshd_config"
            config.write_text(
                _CONFIG.format(port=self.port, folder=self.folder, user=self.user), encoding="utf-8"
            )
            self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {host_key[0]} {host_key[1]}\n")
            with self.log.open("wb") as log:
                self._process = subprocess.Popen(
                    [sshd, "-D", "-e", "-f", str(config)],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            if self._wait_ready(timeout):
                return
            self.stop_process()
            if "Address already in use" not in self.log_text():
                break
        raise SshError(f"sshd did not start; its log:\n{self.log_text()}")

    def _prepare_privsep_dir(self) -> None:
        if os.geteuid() == 0 and not PRIVSEP_DIR.is_dir():
            PRIVSEP_DIR.mkdir(mode=0o755, parents=True, exist_ok=True)

    def _keygen(self, name: str) -> None:
        done = subprocess.run(
            [
                "ssh-keygen",
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                f"reader-test-{name}",
                "-f",
                name,
            ],
            cwd=self.folder,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SshError(f"ssh-keygen failed: {done.stderr.strip()}")

    def _wait_ready(self, timeout: float) -> bool:
        """Wait until the server greets a connection with its SSH banner (False if it exited)."""

        def answered() -> str | None:
            if self._process is None or self._process.poll() is not None:
                return "exited"
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn,
            ):
                if conn.recv(64).startswith(b"SSH-"):
                    return "ready"
            return None

        try:
            return wait_until(answered, timeout, "sshd's banner", interval=0.05) == "ready"
        except WaitTimeout:
            return False

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop_process(self) -> None:
        """Stop sshd and every session process it forked (all started by this object)."""
        process, self._process = self._process, None
        if process is None:
            return
        family = list(descendants(process.pid))
        for pid in reversed(family):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def stop(self) -> None:
        self.stop_process()
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- clients ---------------------------------------------------------------------------------

    def ssh_argv(self, remote_command: str, *, tty: bool = True) -> list[str]:
        """The ``ssh`` command line that runs ``remote_command`` (a shell line) on this server."""
        options = {
            "IdentitiesOnly": "yes",
            "BatchMode": "yes",
            "StrictHostKeyChecking": "yes",
            "UserKnownHostsFile": str(self.known_hosts),
            "GlobalKnownHostsFile": "/dev/null",
            "LogLevel": "ERROR",
            "ConnectTimeout": "10",
        }
        argv = ["ssh", "-F", "/dev/null", "-p", str(self.port), "-i", str(self.client_key)]
        for key, value in options.items():
            argv += ["-o", f"{key}={value}"]
        return [*argv, "-tt" if tty else "-T", f"{self.user}@127.0.0.1", remote_command]

    def run(self, remote_command: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
        """Run a command over SSH without a terminal; its output and exit status come back."""
        return subprocess.run(
            self.ssh_argv(remote_command, tty=False),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def remote_shell(env: Mapping[str, str], cwd: Path | str | None = None) -> str:
    """The remote command line of an interactive bash with ``env`` and the test prompt."""
    assignments = [f"{key}={value}" for key, value in {"PS1": PROMPT, **env}.items()]
    line = shlex.join(["exec", "env", *assignments, "bash", "--norc", "--noprofile"])
    return f"cd {shlex.quote(str(cwd))} && {line}" if cwd is not None else line


class SshTerminal:
    """The tmux pane whose ``ssh`` runs a remote shell: type, read the screen, wait for text."""

    def __init__(self, tmux: TmuxServer, session: str, prompt: str = PROMPT) -> None:
        self.tmux = tmux
        self.session = session
        self.prompt = prompt

    def send_keys(self, *keys: str, literal: bool = False) -> None:
        """tmux key names (``Enter``, ``Escape``, ``C-s``) or, with ``literal``, plain text."""
        self.tmux.send_keys(self.session, *keys, literal=literal)

    def type_line(self, line: str) -> None:
        """Type ``line`` into the remote shell and press Enter."""
        self.send_keys(line, literal=True)
        self.send_keys("Enter")

    def capture(self) -> str:
        return self.tmux.capture(self.session)

    def wait_for(self, text: str | re.Pattern[str], timeout: float) -> float:
        """See :meth:`TmuxServer.wait_for` (raises with the screen if ``text`` never shows)."""
        return self.tmux.wait_for(self.session, text, timeout, start=time.perf_counter())

    def wait_for_prompt(self, timeout: float) -> str:
        """Wait until the bare prompt is the last non-empty row; return that screen."""

        def at_prompt(screen: str) -> bool:
            rows = [row for row in screen.splitlines() if row.strip()]
            return bool(rows) and rows[-1] == self.prompt.rstrip()

        check = ScreenCheck(f"the prompt {self.prompt!r} as the last row", at_prompt)
        return self.tmux.wait_for_screen(self.session, check, timeout)

    def display(self, fmt: str) -> str:
        """A tmux format for the pane (``#{alternate_on}``, ``#{pane_current_command}``...)."""
        return self.tmux.display(self.session, fmt)


@contextlib.contextmanager
def ssh_terminal(
    server: SshServer,
    tmux: TmuxServer,
    env: Mapping[str, str],
    *,
    cwd: Path | str | None = None,
    width: int = 80,
    height: int = 24,
    term: str = "xterm-256color",
    timeout: float = 20.0,
) -> Iterator[SshTerminal]:
    """A ``width`` x ``height`` session of ``tmux`` logged in over SSH, at the remote prompt.

    The remote shell gets ``env`` (plus ``TERM=term``, a UTF-8 locale and the prompt) on its
    command line: sshd passes almost nothing of the client's environment, so whatever the
    program needs (``READER_DATA_DIR``...) must be listed here, with absolute paths. The session
    is killed on the way out, which ends the connection and the remote shell.
    """
    remote_env = {"TERM": term, "LANG": "C.UTF-8", **env}
    session = f"ssh-{uuid.uuid4().hex[:8]}"
    tmux.new_session(
        session, server.ssh_argv(remote_shell(remote_env, cwd)), width=width, height=height
    )
    try:
        terminal = SshTerminal(tmux, session)
        terminal.wait_for_prompt(timeout)
        yield terminal
    finally:
        tmux.kill(session)
