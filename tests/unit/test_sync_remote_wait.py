"""The end of a sync over ssh: waiting for the far side, and never forever."""

from __future__ import annotations

import subprocess
import sys

from reader.ingest.sync.remote import wait_or_kill


def test_a_far_side_that_never_ends_is_stopped_after_the_timeout() -> None:
    stuck = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    wait_or_kill(stuck, timeout=0.5)
    assert stuck.returncode is not None and stuck.returncode < 0  # killed, not ended


def test_a_far_side_that_ends_is_waited_for_and_not_killed() -> None:
    done = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.2)"])
    wait_or_kill(done, timeout=30)
    assert done.returncode == 0
