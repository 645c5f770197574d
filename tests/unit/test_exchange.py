"""Export for people and for machines, and import that merges without duplicating or losing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.library import load_article, load_index
from reader.store.state import DB_FILENAME, Store

ESSAY = """# Tides

The moon pulls the sea towards it, and the sea answers twice a day.

Fishermen read the tide tables the way farmers read the sky.

At spring tide the water climbs the harbour steps and children count them.
"""

OTHER = """# Salt

Salt was once paid as wages, which is where the word salary comes from.
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "tides.md").write_text(ESSAY, encoding="utf-8")
    (folder / "salt.md").write_text(OTHER, encoding="utf-8")
    return folder


def annotate(data: Path, library: Path) -> dict[str, str]:
    """Highlights, notes, a colour and a bookmark, then an edit that orphans one highlight."""
    index = load_index([library])
    by_title = {meta.title: meta for meta in index.articles}
    tides = load_article(by_title["Tides"])
    salt = load_article(by_title["Salt"])
    ids = {}
    with Store.open(data) as store:

        def mark(article, phrase: str, note: str = "") -> str:  # type: ignore[no-untyped-def]
            at = article.body.index(phrase)
            made = store.highlights.add(
                article.id, article.body, at, at + len(phrase), note=note,
                content_hash=article.meta.content_hash,
            )  # fmt: skip
            return made.id

        ids["moon"] = mark(tides, "The moon pulls the sea towards it", "gravity, poetically")
        ids["farmers"] = mark(tides, "the way farmers read the sky")
        ids["steps"] = mark(tides, "children count them", "multi\nline note")
        ids["salary"] = mark(salt, "where the word salary comes from")
        store.highlights.set_color(ids["salary"], "green")
        store.bookmarks.toggle(tides.id, 42, "halfway")
    (library / "tides.md").write_text(
        ESSAY.replace("the way farmers read the sky", "like a prayer book"), encoding="utf-8"
    )
    return ids


def export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["export", *args]) == 0
    return capsys.readouterr().out


def test_json_export_has_the_documented_shape_and_current_statuses(
    isolated_user: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = annotate(isolated_user, library)
    document = json.loads(export(capsys, "--format", "json", str(library)))
    assert document["version"] == 1
    articles = {a["title"]: a for a in document["articles"]}
    tides = articles["Tides"]
    assert set(tides) >= {"id", "title", "path", "bookmarks", "highlights"}
    assert tides["bookmarks"][0]["position"] == 42 and tides["bookmarks"][0]["label"] == "halfway"
    statuses = {h["id"]: h["status"] for h in tides["highlights"]}
    assert statuses[ids["moon"]] == "anchored"
    assert statuses[ids["farmers"]] == "orphaned"  # the edit re-attached before exporting
    keys = {"id", "quote", "original", "prefix", "suffix", "start", "end", "note", "color",
            "status", "created", "updated"}  # fmt: skip
    assert all(keys <= set(h) for h in tides["highlights"])
    assert articles["Salt"]["highlights"][0]["color"] == "green"


def test_markdown_export_quotes_notes_and_lists_orphans_apart(
    isolated_user: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotate(isolated_user, library)
    text = export(capsys, str(library))
    assert "## Tides" in text and "## Salt" in text
    assert "> The moon pulls the sea towards it\n\ngravity, poetically" in text
    orphans = text.split("### Orphaned highlights", 1)[1].split("## Salt")[0]
    assert "> the way farmers read the sky" in orphans
    assert "The moon" not in orphans


def test_round_trip_into_an_empty_folder_is_identical(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotate(isolated_user, library)
    first = tmp_path / "first.json"
    assert main(["export", "--format", "json", "--output", str(first), str(library)]) == 0
    fresh = tmp_path / "fresh-profile"
    assert main(["--data-dir", str(fresh), "import", str(first), str(library)]) == 0
    second = export(capsys, "--data-dir", str(fresh), "--format", "json", str(library))
    assert second == first.read_text(encoding="utf-8")
    # and the Markdown digest agrees too
    assert export(capsys, "--data-dir", str(fresh), str(library)) == export(capsys, str(library))


def test_importing_twice_adds_nothing(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotate(isolated_user, library)
    dump = tmp_path / "dump.json"
    main(["export", "--format", "json", "--output", str(dump), str(library)])
    for _ in range(2):
        assert main(["import", str(dump), str(library)]) == 0
    assert "0 highlights added" in capsys.readouterr().err
    with Store.open(isolated_user) as store:
        assert sum(store.highlights.counts().values()) == 4
        assert len(store.bookmarks.all()) == 1


def test_import_keeps_newer_local_notes_and_takes_newer_imported_ones(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    ids = annotate(isolated_user, library)
    dump = tmp_path / "dump.json"
    main(["export", "--format", "json", "--output", str(dump), str(library)])
    document = json.loads(dump.read_text())
    for article in document["articles"]:
        for highlight in article["highlights"]:
            if highlight["id"] == ids["moon"]:
                highlight["note"] = "edited on the laptop"
                highlight["updated"] = "2999-01-01T00:00:00+00:00"
            if highlight["id"] == ids["steps"]:
                highlight["note"] = "an older copy"
                highlight["updated"] = "2000-01-01T00:00:00+00:00"
    dump.write_text(json.dumps(document))
    assert main(["import", str(dump), str(library)]) == 0
    with Store.open(isolated_user) as store:
        assert store.highlights.get(ids["moon"]).note == "edited on the laptop"  # type: ignore[union-attr]
        assert store.highlights.get(ids["steps"]).note == "multi\nline note"  # type: ignore[union-attr]


def test_import_without_offsets_lets_the_quote_decide(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    salt = load_index([library]).articles
    salt_id = next(meta.id for meta in salt if meta.title == "Salt")
    document = {
        "version": 1,
        "articles": [
            {
                "id": salt_id,
                "highlights": [
                    {"id": "h1", "quote": "paid as wages", "note": "hand-made",
                     "created": "2024-01-01T00:00:00+00:00"},
                    {"id": "h2", "quote": "word salary", "start": 0, "end": 3,
                     "status": "anchored", "created": "2024-01-01T00:00:00+00:00"},
                ],
            }
        ],
    }  # fmt: skip
    hand = tmp_path / "hand.json"
    hand.write_text(json.dumps(document))
    assert main(["import", str(hand), str(library)]) == 0
    exported = json.loads(export(capsys, "--format", "json", str(library)))
    (article,) = exported["articles"]
    body = load_article(next(meta for meta in salt if meta.id == salt_id)).body
    for highlight in article["highlights"]:
        assert highlight["status"] in ("moved", "anchored")
        assert body[highlight["start"] : highlight["end"]] == highlight["quote"]


@pytest.mark.parametrize(
    "content",
    ["not json at all", json.dumps({"version": 99, "articles": []}), json.dumps([1, 2]),
     json.dumps({"version": 1, "articles": [{"id": "x", "highlights": [{"quote": "q"}]}]})],
)  # fmt: skip
def test_bad_import_files_are_refused_in_one_line(
    isolated_user: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and err.count("\n") == 1


def test_nesting_too_deep_is_refused_in_one_line(
    isolated_user: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)  # was "unexpected error: RecursionError"
    assert main(["import", str(deep)]) == 1
    # issue 14: the format is recognised first, and the reason names the file
    assert capsys.readouterr().err == f"reader: {deep}: not JSON: nested too deeply\n"


def test_a_byte_order_mark_does_not_refuse_an_export(
    isolated_user: Path, library: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    annotate(isolated_user, library)
    document = export(capsys, "--format", "json", str(library))
    marked = tmp_path / "bom.json"
    marked.write_bytes(b"\xef\xbb\xbf" + document.encode("utf-8"))
    assert main(["import", str(marked), str(library)]) == 0
    assert "imported" in capsys.readouterr().err


def test_export_one_article_and_unknown_ids(
    isolated_user: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotate(isolated_user, library)
    salt_id = next(m.id for m in load_index([library]).articles if m.title == "Salt")
    document = json.loads(
        export(capsys, "--format", "json", "--article", salt_id[:6], str(library))
    )
    assert [a["title"] for a in document["articles"]] == ["Salt"]
    assert main(["export", "--article", "zzzz", str(library)]) == 1


def test_export_without_a_database_creates_none(
    isolated_user: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(export(capsys, "--format", "json", str(library)))
    assert document == {"version": 1, "articles": []}
    assert not (isolated_user / DB_FILENAME).exists()


def test_highlights_of_deleted_articles_are_still_exported(
    isolated_user: Path, library: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    annotate(isolated_user, library)
    shutil.move(library / "salt.md", tmp_path / "salt.md")
    document = json.loads(export(capsys, "--format", "json", str(library)))
    gone = [a for a in document["articles"] if not a["path"]]
    assert (
        len(gone) == 1 and gone[0]["highlights"][0]["quote"] == "where the word salary comes from"
    )


def test_list_shows_highlight_counts(
    isolated_user: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    annotate(isolated_user, library)
    capsys.readouterr()
    assert main(["list", "--json", str(library)]) == 0
    rows = {row["title"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["Tides"]["highlights"] == 3 and rows["Tides"]["bookmarked"] is True
    assert rows["Salt"]["highlights"] == 1
