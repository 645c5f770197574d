"""Shared fixtures for the UI tests: a small library whose sentences the tests know by heart."""

from __future__ import annotations

from pathlib import Path

import pytest

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
