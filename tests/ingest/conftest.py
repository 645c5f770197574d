"""Every ingest test gets the fixture site on 127.0.0.1, stopped when the test ends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.store.dirs import library_dir
from tests.ingest.pages import serve_fixtures
from tests.ingest.server import LocalSite


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield serve_fixtures(running)


@pytest.fixture
def library(isolated_user: Path) -> Path:
    """The user's library folder (inside the test's private data folder); not created."""
    return library_dir(isolated_user)
