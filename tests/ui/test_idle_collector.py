"""Full garbage collections wait for a pause in the typing (`reader.ui.collector`).

A full collection frees what a closed dialog left behind and took 30 to 80 ms at 50,000
articles: run under a key, it made that key late. These tests see that one due while keys come
runs only once they rest, and that Python's own collector is given back when the app stops.
"""

from __future__ import annotations

import gc
from time import monotonic

from reader.ui import collector
from tests.ui.helpers import seeds_app, settle, wait_until


async def test_a_full_collection_waits_for_the_keys_to_rest() -> None:
    thresholds = gc.get_threshold()
    app = seeds_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == collector.NEVER  # not by Python itself meanwhile
        before = app.collector.collections
        pressed = monotonic()  # (before: the key is handled, and the pause begins, after it)
        await pilot.press("j")
        for _ in range(app.collector.due):  # a full collection is due from now on
            gc.collect(1)
        await wait_until(pilot, lambda: app.collector.collections > before, "a full collection")
        assert monotonic() - pressed >= collector.IDLE  # not before the keys rested
        assert gc.get_count()[2] < collector.DUE
    assert gc.get_threshold() == thresholds


async def test_a_full_collection_runs_while_typing_never_stops() -> None:
    app = seeds_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        before = app.collector.collections
        for _ in range(collector.OVERDUE):
            gc.collect(1)
        deadline = monotonic() + 30
        while app.collector.collections == before:  # keys keep coming, but it is overdue
            assert monotonic() < deadline, "the overdue collection never ran"
            await pilot.press("j", "k")


async def test_the_collector_paused_for_start_up_runs_again_once_the_screen_is_drawn() -> None:
    """`reader` pauses the collector while it starts (`cli/library.py`): left paused, garbage
    in reference cycles would never be freed."""
    app = seeds_app()
    gc.disable()
    try:
        async with app.run_test() as pilot:
            await wait_until(pilot, gc.isenabled, "the collector running again")
            await settle(pilot)
    finally:
        gc.enable()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_a_collection_that_frees_nothing_makes_the_next_wait_longer() -> None:
    """What a full collection walks and keeps is alive (a catalog being built): the next one
    waits for twice as many young collections; garbage found brings the usual wait back."""
    app = seeds_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        gc.collect()  # nothing left to free before the collector's own
        waits = app.collector.due
        for _ in range(waits):
            gc.collect(1)
        before = app.collector.collections
        await wait_until(pilot, lambda: app.collector.collections > before, "a full collection")
        assert app.collector.due == min(waits * 2, collector.OVERDUE)
        garbage = [_Cycle() for _ in range(collector.FRUITLESS * 2)]
        gc.collect(1)  # alive yet: moved to the oldest generation, which young ones leave be
        del garbage  # unreachable now, each one keeping itself: for a full collection
        for _ in range(app.collector.due):
            gc.collect(1)
        before = app.collector.collections
        await wait_until(pilot, lambda: app.collector.collections > before, "a full collection")
        assert app.collector.due == collector.DUE
