"""Work that waits for a pause in the typing (`reader.ui.keys_first`): pages fetched in the
background are taken in once the keys rest, the requests heard meanwhile gathered into one, and
never later than `OVERDUE` while keys keep coming; workers' interpreter turns are short while
the app runs, and given back when it stops."""

from __future__ import annotations

import sys
from time import monotonic

from reader.ui import keys_first
from tests.ui.helpers import seeds_app, settle, wait_until


async def test_work_asked_for_while_keys_come_runs_once_they_rest() -> None:
    switch = sys.getswitchinterval()
    app = seeds_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert sys.getswitchinterval() == keys_first.SWITCH
        ran: list[str] = []
        pressed = monotonic()  # (before: the pause begins once the key is handled)
        await pilot.press("j")
        app.keys_first.after_pause("arrivals", lambda: ran.append("first"))
        app.keys_first.after_pause("arrivals", lambda: ran.append("second"))  # gathered
        await wait_until(pilot, lambda: bool(ran), "the work to run")
        assert monotonic() - pressed >= keys_first.PAUSE  # not before the keys rested
        assert ran == ["second"]
    assert sys.getswitchinterval() == switch


async def test_work_runs_while_typing_never_stops() -> None:
    app = seeds_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        ran: list[float] = []
        await pilot.press("j")
        asked = monotonic()
        app.keys_first.after_pause("arrivals", lambda: ran.append(monotonic()), overdue=0.5)
        while not ran and monotonic() - asked < 30:  # keys without a pause all along
            await pilot.press("j", "k")
        assert ran, "the work never ran while keys came"
