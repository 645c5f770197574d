"""Shared fixtures for the UI tests: a small library whose sentences the tests know by heart,
and notifications that stay until the test has looked at them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.ui import guard
from reader.ui.app import ReaderApp

ARTICLE = """---
title: The convoy
source: Field Notes
---

Col. Smith met U.S. officials in Almaty on Monday. The talks ran late.
Nobody said "enough." Then the lights went out.

A second paragraph follows, about the yurts. It has two sentences.

A third paragraph closes the piece with a quiet last line.
"""

OTHER = """---
title: Another piece
---

Nothing much happens here. Only words.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "convoy.md").write_text(ARTICLE, encoding="utf-8")
    (folder / "zz-other.md").write_text(OTHER, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def patient_writes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The "Saving… (the database is busy)" notice comes after 0.3 s of waiting for the store:
    on a loaded machine an ordinary write can take that long, and the notice would land in a
    snapshot by chance. Only tests marked `busy_store` (those of the notice) keep 0.3 s."""
    if request.node.get_closest_marker("busy_store") is None:
        monkeypatch.setattr(guard, "BUSY_AFTER", 60.0)


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A notice without its own timeout stays for an hour, not 5 s: on a loaded machine a test
    (or a snapshot) can take longer than that to look at it, and must not depend on the clock."""
    monkeypatch.setattr(ReaderApp, "NOTIFICATION_TIMEOUT", 3600)
    yield
