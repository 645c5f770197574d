"""The review screen at 80x24 on a fixed day: a favourite highlight with its note and tags, and
the key bar of the review's keys.

Regenerate after an intended change with
`pytest tests/ui/test_snapshots_review.py --snapshot-update` and look at the SVG first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.store.state import Store
from tests.ui.review_kit import MONDAY, PASSAGES, highlight_convoy, open_review, review_app


async def _review(pilot: Pilot[None]) -> None:
    await open_review(pilot)


def test_review_80x24(snap_compare: Any, library: Path, isolated_user: Path) -> None:
    ids = highlight_convoy(isolated_user, library)
    with Store.open(isolated_user) as store:  # a favourite comes first
        store.tags.tag_highlights([ids[PASSAGES[0]]], ["favourite", "people"])
    app = review_app(library, [MONDAY])
    assert snap_compare(app, terminal_size=(80, 24), run_before=_review)
