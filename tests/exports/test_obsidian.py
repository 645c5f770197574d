"""`reader export --format obsidian --output FOLDER`: one note per article, and exporting again
rewrites only reader's part, keeping what the user wrote and the front matter keys they added."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from reader.core.exports.obsidian import BEGIN, END
from tests.exports.conftest import QUOTES, TITLE
from tests.imports.conftest import Reader


def _note(folder: Path) -> Path:
    (path,) = [p for p in folder.glob("*.md") if "Winds" in p.name]
    return path


def _front(text: str) -> dict[str, object]:
    head = text.split("\n---\n", 1)[0].removeprefix("---\n")
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


def test_one_note_per_article_with_front_matter_and_block_ids(
    annotated: Reader, tmp_path: Path
) -> None:
    vault = tmp_path / "vault"
    assert annotated("export", "--format", "obsidian", "--output", vault) == 0, annotated.err
    assert "1 note written, 0 unchanged" in annotated.err
    note = _note(vault)
    assert note.name == "Winds a --- night.md"  # no ':' or '#' in a file name
    text = note.read_text(encoding="utf-8")
    front = _front(text)
    assert front["title"] == TITLE and front["author"] == "Ana Ruiz"
    assert front["url"] == "https://example.org/winds"
    assert front["tags"] == ["long_read", "sea"] and front["reader"]
    assert front["saved"]
    body = text.split(BEGIN, 1)[1]
    assert f"> {QUOTES[0]}" in body and "All night?\n\nYes: all of it." in body
    assert "Iron \\<b>and\\</b> salt" in body  # markup shown, never rendered
    assert "#night_time #weather" in body
    assert body.count("\n^reader-") == 3
    assert body.index(QUOTES[0]) < body.index(QUOTES[1]) < body.index(QUOTES[2])


def test_exporting_again_keeps_the_users_edits_and_keys(annotated: Reader, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    assert annotated("export", "--format", "obsidian", "--output", vault) == 0
    note = _note(vault)
    first = note.read_text(encoding="utf-8")
    ids = [line for line in first.splitlines() if line.startswith("^reader-")]
    edited = first.replace("\n---\n", "\nrating: 5\naliases:\n  - winds\n---\n", 1)
    edited = edited.replace(BEGIN, "My own thoughts, before.\n\n" + BEGIN)
    note.write_text(edited + "\nAnd a last word of mine.\n", encoding="utf-8")
    moved = vault / "reading" / "renamed by me.md"
    moved.parent.mkdir()
    note.rename(moved)

    assert annotated("export", "--format", "json") == 0
    article = next(a for a in json.loads(annotated.out)["articles"] if a["highlights"])
    gone = next(h for h in article["highlights"] if h["quote"] == QUOTES[1])
    with annotated.store() as store:
        store.highlights.delete(gone["id"])
    assert annotated("export", "--format", "obsidian", "--output", vault) == 0
    assert [p.name for p in vault.rglob("*.md") if "inds" in p.name or "renamed" in p.name] == [
        "renamed by me.md"
    ]
    text = moved.read_text(encoding="utf-8")
    front = _front(text)
    assert front["rating"] == 5 and front["aliases"] == ["winds"] and front["title"] == TITLE
    assert "My own thoughts, before.\n\n" + BEGIN in text
    assert text.endswith(END + "\n\nAnd a last word of mine.\n")
    assert QUOTES[1] not in text and QUOTES[0] in text and QUOTES[2] in text
    kept = [line for line in text.splitlines() if line.startswith("^reader-")]
    assert kept == [ids[0], ids[2]]  # the same block ids: links to them still work

    assert annotated("export", "--format", "obsidian", "--output", vault) == 0
    assert "0 notes written" in annotated.err and moved.read_text(encoding="utf-8") == text


def test_obsidian_needs_a_folder(annotated: Reader, tmp_path: Path) -> None:
    assert annotated("export", "--format", "obsidian") == 1
    assert "--output FOLDER" in annotated.err
    afile = tmp_path / "a.md"
    afile.write_text("x")
    assert annotated("export", "--format", "obsidian", "--output", afile) == 1
    assert afile.read_text() == "x"
