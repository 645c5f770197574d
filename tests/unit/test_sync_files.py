"""Article files in the library folder travel by content, only to a side that lacks them, and
only to a safe place inside its library folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reader.ingest.sync import files
from reader.ingest.sync.run import sync_target
from reader.store.state import Store
from tests.unit.syncing import library_of, open_stores, sync_pair

ARTICLE = b"---\ntitle: Tides\n---\n\nThe moon pulls the sea towards it, twice a day.\n"


def put(store: Store, relative: str, data: bytes = ARTICLE) -> Path:
    path = library_of(store) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_saved_article_reaches_the_other_machine_once(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    put(laptop, "example.org/tides-1a2b.md")
    first, _ = sync_pair(laptop, server)
    arrived = library_of(server) / "example.org" / "tides-1a2b.md"
    assert arrived.read_bytes() == ARTICLE
    assert first.files == 0  # the laptop sent it; the server received it
    again, served = sync_pair(laptop, server)
    assert served.files == 0 and again.files == 0
    assert again.sent + again.received < first.sent + first.received


def test_files_travel_both_ways_through_a_folder(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    put(laptop, "a/one.md")
    put(server, "b/two.md", ARTICLE.replace(b"moon", b"wind"))
    folder = tmp_path / "sync"
    for store in (laptop, server, laptop):
        assert store.path is not None
        sync_target(store, store.path.parent, str(folder))
    assert (library_of(server) / "a" / "one.md").read_bytes() == ARTICLE
    assert b"wind" in (library_of(laptop) / "b" / "two.md").read_bytes()


@pytest.mark.parametrize(
    "path", ["../evil.md", "/etc/evil.md", "a/../../evil.md", ".hidden/x.md", "a/b.exe", "a//b.md"]
)
def test_a_path_that_could_leave_the_library_is_refused(tmp_path: Path, path: str) -> None:
    assert files.safe_relative(path) is None
    assert files.wanted({path: "0" * 64}, {}) == {}
    library = tmp_path / "library"
    problems = files.place(library, [path], hashlib.sha256(ARTICLE).hexdigest(), ARTICLE)
    assert problems and not (tmp_path / "evil.md").exists()


def test_bytes_that_do_not_match_or_are_not_an_article_are_refused(tmp_path: Path) -> None:
    library = tmp_path / "library"
    assert files.place(library, ["a.md"], "0" * 64, ARTICLE)
    binary = b"\x00\x01\x02" * 100
    assert files.place(library, ["b.md"], hashlib.sha256(binary).hexdigest(), binary)
    assert not library.exists() or not any(library.rglob("*.md"))


def test_a_file_already_here_is_never_overwritten(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    put(laptop, "a/note.md")
    mine = put(server, "a/note.md", ARTICLE.replace(b"moon", b"sun"))
    sync_pair(laptop, server)
    assert b"sun" in mine.read_bytes()
