"""Articles opened from folders outside the library travel as their annotations only; on the
other machine they attach to the article with the same content, wherever it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.shelf import Location
from reader.core.text.parse import parse_file
from reader.ingest.sync.run import sync_target
from reader.store.state import Store

PAPER = "# Tides\n\nThe moon pulls the sea towards it, and the sea answers twice a day.\n"


def exported(capsys: pytest.CaptureFixture[str], data: Path, folder: Path) -> dict[str, object]:
    """The article of `folder` as `reader export --format json` shows it on that machine."""
    capsys.readouterr()
    assert main(["--data-dir", str(data), "export", "--format", "json", str(folder)]) == 0
    found = json.loads(capsys.readouterr().out)["articles"]

    (article,) = found
    assert isinstance(article, dict)
    return article


def test_highlights_of_an_outside_article_attach_by_content_at_another_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync = str(tmp_path / "sync")
    papers, docs = tmp_path / "home" / "papers", tmp_path / "srv" / "me" / "docs"
    (papers / "2024").mkdir(parents=True)
    docs.mkdir(parents=True)
    (papers / "2024" / "tides.md").write_text(PAPER, encoding="utf-8")
    (docs / "tides.md").write_text(PAPER, encoding="utf-8")
    here, there = tmp_path / "laptop", tmp_path / "server"
    laptop, server = Store.open(here), Store.open(there)
    article = parse_file(papers / "2024" / "tides.md", papers)
    start = article.body.index("moon")
    laptop.highlights.add(
        article.id, article.body, start, start + 4, note="why twice?",
        content_hash=article.meta.content_hash,
    )  # fmt: skip
    laptop.bookmarks.add(article.id, 12, "the answer")
    laptop.library.move([article.id], Location.ARCHIVE)
    laptop.tags.tag([article.id], ["tides"])
    sync_target(laptop, here, sync)
    sync_target(server, there, sync)
    assert server.highlights.all()[0].note == "why twice?"  # kept, waiting for its article

    on_server = exported(capsys, there, docs)
    assert on_server["id"] != article.id
    assert [h["note"] for h in on_server["highlights"]] == ["why twice?"]  # type: ignore[attr-defined]
    assert [b["label"] for b in on_server["bookmarks"]] == ["the answer"]  # type: ignore[attr-defined]
    assert (on_server["location"], on_server["tags"]) == ("archive", ["tides"])

    (highlight,) = server.highlights.for_article(str(on_server["id"]))
    server.highlights.set_note(highlight.id, "twice: two bulges", highlight.revision)
    server.library.set_read([str(on_server["id"])])
    server_article = parse_file(docs / "tides.md", docs)
    at = server_article.body.index("sea")
    server.highlights.add(
        server_article.id, server_article.body, at, at + 3, note="from the server",
        content_hash=server_article.meta.content_hash,
    )  # fmt: skip
    sync_target(server, there, sync)
    sync_target(laptop, here, sync)
    on_laptop = exported(capsys, here, papers)
    assert on_laptop["id"] == article.id and on_laptop["read"] is True
    notes = sorted(h["note"] for h in on_laptop["highlights"])  # type: ignore[attr-defined]
    assert notes == ["from the server", "twice: two bulges"]
    assert laptop.sync.snapshot().highlights.keys() == server.sync.snapshot().highlights.keys()


def test_an_article_opened_here_is_never_taken_for_another_machines(tmp_path: Path) -> None:
    sync = str(tmp_path / "sync")
    a_folder, b_folder = tmp_path / "a", tmp_path / "b"
    for folder in (a_folder, b_folder / "sub"):
        folder.mkdir(parents=True)
        (folder / "tides.md").write_text(PAPER, encoding="utf-8")
    here, there = tmp_path / "laptop", tmp_path / "server"
    laptop, server = Store.open(here), Store.open(there)
    mine = parse_file(a_folder / "tides.md", a_folder)
    laptop.highlights.add(mine.id, mine.body, 2, 7, content_hash=mine.meta.content_hash)
    laptop.library.opened(mine.id)
    copy = parse_file(b_folder / "sub" / "tides.md", b_folder)
    assert copy.id != mine.id
    assert laptop.highlights.adopt({mine.id: {mine.meta.content_hash}}, [copy.meta]) == 0
    sync_target(laptop, here, sync)
    sync_target(server, there, sync)
    waiting = {mine.id: {mine.meta.content_hash}}
    assert server.highlights.adopt(waiting, []) == 0  # not here yet: kept, waiting
    assert server.highlights.all()[0].article_id == mine.id
    assert server.highlights.adopt(waiting, [copy.meta]) == 1  # it shows up: it attaches
    assert [h.article_id for h in server.highlights.all()] == [copy.id]
    (highlight,) = server.highlights.all()
    server.highlights.delete(highlight.id)
    assert server.sync.restore(highlight.id)  # `reader sync --restore`: back where it was here
    assert [h.article_id for h in server.highlights.all()] == [copy.id]


def test_an_article_read_on_both_machines_before_they_matched_ends_the_same_on_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sync = str(tmp_path / "sync")
    papers, docs = tmp_path / "papers", tmp_path / "docs"
    (papers / "2024").mkdir(parents=True)
    docs.mkdir()
    (papers / "2024" / "tides.md").write_text(PAPER, encoding="utf-8")
    (docs / "tides.md").write_text(PAPER, encoding="utf-8")
    here, there = tmp_path / "laptop", tmp_path / "server"
    laptop, server = Store.open(here), Store.open(there)
    mine = parse_file(papers / "2024" / "tides.md", papers)
    theirs = parse_file(docs / "tides.md", docs)
    for store, article in ((laptop, mine), (server, theirs)):
        store.library.opened(article.id)
        store.library.set_read([article.id])
        store.highlights.add(article.id, article.body, 2, 7, content_hash=article.meta.content_hash)
    for _ in range(2):
        sync_target(laptop, here, sync)
        sync_target(server, there, sync)
        exported(capsys, there, docs)
        exported(capsys, here, papers)
    laptop.library.move([mine.id], Location.ARCHIVE)  # both at once, between two syncs
    server.tags.tag([theirs.id], ["tides"])
    for _ in range(2):
        sync_target(laptop, here, sync)
        sync_target(server, there, sync)
    on_laptop, on_server = exported(capsys, here, papers), exported(capsys, there, docs)
    for shown in (on_laptop, on_server):
        assert (shown["location"], shown["read"], shown["tags"]) == ("archive", True, ["tides"])
        assert len(shown["highlights"]) == 2  # type: ignore[arg-type]
