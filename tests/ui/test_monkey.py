"""The monkey: random keys at random sizes must never crash the app nor leave the store unsound.

Hypothesis sends sequences of every bound key, arrows, escape, enter, tab, control keys and
printable characters (`monkey_kit`), one at a time or several at once (as one terminal read
delivers them), with resizes down to 10×4, to the app on the seeds with highlights, notes and
bookmarks already there (issue 19: ten crashes were one or two keys away).
After each sequence the app must still be running (or have quit cleanly: the palette's own Quit
can be chosen by chance), and the database must pass SQLite's integrity check with every attached
highlight on its words.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import webbrowser
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from reader.store.state import DB_FILENAME
from reader.ui.app import build_app
from tests.ui.helpers import settle
from tests.ui.monkey_kit import (
    CONFIG,
    GROUPS,
    HEIGHTS,
    RESIZE,
    SEEDS,
    WIDTHS,
    highlighted_store,
    store_problems,
)

#: Examples per run (more with MONKEY_EXAMPLES=300 when hunting).
EXAMPLES = int(os.environ.get("MONKEY_EXAMPLES", "30"))

Size = tuple[int, int]
#: A step: a key pressed (and waited for), keys arriving at once (one terminal read), or a size.
Step = str | list[str] | Size
SIZES = st.tuples(st.integers(*WIDTHS), st.integers(*HEIGHTS))
#: One key, drawn with the kit's weights.
KEY = st.one_of(
    *[st.sampled_from(keys) for weight, keys in GROUPS if keys != [RESIZE] for _ in range(weight)]
)
#: One step, out of nine: four a key pressed, four keys sent without waiting (the app reads
#: them with whatever comes next, as from a terminal), one a new size.
STEP: st.SearchStrategy[Step] = st.one_of(
    *[KEY] * 4, *[st.lists(KEY, min_size=1, max_size=4)] * 4, SIZES
)


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """The highlighted store, made once and copied for each example."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "data"
        highlighted_store(folder)
        yield folder / DB_FILENAME


@pytest.fixture
def playground(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Links are copied, never opened (as over SSH), the quit key is out of the monkey's reach,
    and a screenshot the palette may take lands in a scratch folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
    monkeypatch.setattr(webbrowser, "open", lambda *args, **kwargs: pytest.fail("open()"))
    config = Path(os.environ["READER_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(CONFIG, encoding="utf-8")


def fresh_data_dir(template: Path, scratch: Path) -> Path:
    folder = scratch / "data"
    folder.mkdir(mode=0o700)
    shutil.copyfile(template, folder / DB_FILENAME)
    (folder / DB_FILENAME).chmod(0o600)
    return folder


async def play(data_dir: Path, size: Size, steps: list[Step]) -> None:
    app = build_app([SEEDS], data_dir=data_dir)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for step in steps:
            if isinstance(step, tuple):
                await pilot.resize_terminal(*step)
            elif isinstance(step, list):
                for key in step:
                    app.post_message(events.Key(key, key if len(key) == 1 else None))
            else:
                await pilot.press(step)
            if not app.is_running:  # the palette's Quit, chosen by chance: a clean exit
                assert app.return_code == 0, f"stopped after {step!r}"
                return
        await settle(pilot)
        assert app.is_running and app.return_code is None


@pytest.mark.usefixtures("playground")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(size=SIZES, steps=st.lists(STEP, min_size=1, max_size=60))
def test_random_keys_never_crash_the_app_nor_damage_the_store(
    template: Path, size: Size, steps: list[Step]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = fresh_data_dir(template, Path(scratch))
        asyncio.run(play(data_dir, size, steps))
        assert store_problems(data_dir) == []
