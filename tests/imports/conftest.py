"""Export files of every service, written for these tests, and a way to run `reader` on them.

The fixtures in `fixtures/` are as the services write them (both Pocket header variants,
Instapaper's three widths, Omnivore's zip, wallabag's entries, Readwise's two CSVs, Hypothesis
and W3C annotations), with non-ASCII titles, commas and quotes in fields, cells spanning lines
and missing columns. Zips are built from their folders at test time, so the files stay readable.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.store.state import Store
from tests.ingest.server import LocalSite

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


@pytest.fixture
def pocket_zip(tmp_path: Path) -> Path:
    return zipped(FIXTURES / "pocket_zip", tmp_path / "pocket.zip")


@pytest.fixture
def omnivore_zip(tmp_path: Path) -> Path:
    return zipped(FIXTURES / "omnivore_zip", tmp_path / "Omnivore export.zip")


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite() as running:
        yield running


class Reader:
    """`reader` run in this process on the test's own data folder, its output kept."""

    def __init__(self, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = data
        self._capsys = capsys
        self.out = self.err = ""

    def __call__(self, *args: str | Path) -> int:
        code = main([str(arg) for arg in args])
        captured = self._capsys.readouterr()
        self.out, self.err = captured.out, captured.err
        return code

    def store(self) -> Store:
        return Store.open(self.data)


@pytest.fixture
def reader(isolated_user: Path, capsys: pytest.CaptureFixture[str]) -> Reader:
    return Reader(isolated_user, capsys)


def article_page(title: str, *paragraphs: str) -> bytes:
    """A web page with one article (enough prose to be one)."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs) or "".join(
        f"<p>Paragraph {n} of “{title}”: a few sentences of prose, so that the page reads as "
        f"an article and not as a menu. Another sentence follows here.</p>"
        for n in range(4)
    )
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{body}</article></body></html>"
    ).encode()
