"""A notice shown again just after its time ran out must not freeze the app (issue 19).

Textual re-mounts every notice's toast when the screen changes or the window is resized, and
gives the toast a timer of the notice's time left. Microseconds after the expiry check that is
negative, and Textual's timer then loops forever without yielding: the app spins at full CPU
and no key is ever answered (found by `benchmarks/monkey.py --seed 21`). The app is run in a
child process, so a freeze fails this test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

#: A frozen app never finishes; a working one takes a second or two even on a loaded machine.
FROZEN_AFTER = 120.0

SCRIPT = textwrap.dedent(
    """
    import asyncio
    import sys
    from time import time

    from textual.notifications import Notification
    from textual.widgets._toast import Toast, ToastHolder

    from tests.ui.helpers import seeds_app, settle, wait_until


    LEFT = float(sys.argv[1])


    async def main() -> None:
        app = seeds_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            # What the toast rack mounts when it shows a notice again, its time running out
            # between the rack's expiry check and the toast's timer.
            late = Notification("Bookmark added", timeout=1.0, raised_at=time() - 1.0 + LEFT)
            holder = ToastHolder(Toast(late))
            await app.screen.mount(holder)
            await wait_until(pilot, lambda: not holder.is_attached, "the late toast to go")
            await pilot.press("j")
            await settle(pilot)
            print("answered", app.screen.focused is not None)


    asyncio.run(main())
    """
)


@pytest.mark.parametrize(
    "left",
    [-0.0001, 0.00001],
    ids=["expired 0.1 ms ago (froze the app)", "10 us left (the toast stayed for good)"],
)
def test_a_toast_mounted_at_its_expiry_goes_at_once(tmp_path: Path, left: float) -> None:
    env = dict(os.environ, READER_DATA_DIR=str(tmp_path / "data"))
    root = Path(__file__).resolve().parents[2]
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(left)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=FROZEN_AFTER,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the app froze: no answer in {FROZEN_AFTER:g} s after a late toast")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "answered True"
