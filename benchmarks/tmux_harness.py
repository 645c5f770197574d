"""The benchmarks' handle on the shared tmux helper, ``tests/e2e/tmux.py``.

The helper lives with the end-to-end test because tests must not import from ``benchmarks/``;
the benchmarks borrow it instead. ``tests`` and ``tests/e2e`` are regular packages, so putting
the repository root first on ``sys.path`` makes ``tests`` resolve to this repository's, never to
a stray top-level ``tests`` package some installed distribution might ship.
"""

from __future__ import annotations

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
    "proc_status_kib",
    "tmux_available",
]
