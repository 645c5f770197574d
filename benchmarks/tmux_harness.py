"""The benchmarks' handle on the shared tmux helper, ``tests/e2e/tmux.py``.

The helper lives with the end-to-end test because tests must not import from ``benchmarks/``;
the benchmarks borrow it instead. ``tests`` and ``tests/e2e`` are regular packages, so putting
the repository root first on ``sys.path`` makes ``tests`` resolve to this repository's, never to
a stray top-level ``tests`` package some installed distribution might ship.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.e2e.tmux import (  # noqa: E402 (needs the repository root on sys.path)
    TmuxError,
    TmuxServer,
    cmdline,
    descendants,
    proc_status_kib,
    tmux_available,
)

__all__ = [
    "TmuxError",
    "TmuxServer",
    "cmdline",
    "descendants",
    "describe",
    "proc_status_kib",
    "tmux_available",
]


def describe(reader: list[str]) -> str:
    """One line on what was measured where, so numbers can be compared between machines."""
    version = subprocess.run([*reader, "--version"], capture_output=True, text=True, check=False)
    tmux_v = subprocess.run(["tmux", "-V"], capture_output=True, text=True, check=False)
    try:
        import textual

        textual_v = textual.__version__
    except (ImportError, AttributeError):
        textual_v = "?"
    return (
        f"# {version.stdout.strip() or version.stderr.strip()} | Python {platform.python_version()}"
        f" | Textual {textual_v} | {tmux_v.stdout.strip()} | {os.cpu_count()} CPUs"
        f" | {platform.system()} {platform.release()}"
    )
