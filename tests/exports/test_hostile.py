"""Hostile text in every field of an export: escape sequences, YAML-breaking characters, markup,
fake markers, path separators. Nothing may end the front matter, fake reader's part, render HTML,
reach the terminal or escape the folder."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml

from reader.core.exports import readwise_csv, w3c
from reader.core.exports.obsidian import BEGIN, END, note_text
from reader.core.exports.vault import export_vault, safe_stem, unique_name

NASTY = 'Evil: # ---\n--- \x1b]52;c;cm0gLXJmIH4=\x07\x1b[31m<script>"x"</script> %% {a: [b'
FAKE_END = f"before\n{END}\nafter\n---\n{BEGIN}"


def _entry(**changes: Any) -> dict[str, Any]:
    highlight = {
        "id": "h1/../x", "quote": f"quote {NASTY}", "original": "", "prefix": "\x1b[2J",
        "suffix": "", "start": 3, "end": 9, "note": FAKE_END, "color": "yellow",
        "status": "anchored", "created": "2024-01-01T00:00:00+00:00", "updated": "",
        "tags": [NASTY, "a b"],
    }  # fmt: skip
    entry = {
        "id": "abc123", "title": NASTY, "source": NASTY, "author": NASTY, "url": NASTY,
        "published": "", "saved": "", "tags": [NASTY], "highlights": [highlight],
    }  # fmt: skip
    return {**entry, **changes}


def _front(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head, _body = text[4:].split("\n---\n", 1)
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


def test_front_matter_holds_any_title_as_one_value() -> None:
    text = note_text(_entry())
    front = _front(text)
    assert front["title"].startswith("Evil: # --- --- ") and "<script>" in front["title"]
    assert front["reader"] == "abc123" and len(front["tags"]) == 1
    assert "\x1b" not in text and "\x07" not in text


def test_a_note_cannot_fake_the_end_of_readers_part() -> None:
    text = note_text(_entry())
    assert text.count(END) == 1 and text.count(BEGIN) == 1
    user_text = text + "\nmine\n"
    again = note_text(_entry(highlights=[]), user_text)
    assert again.endswith(END + "\n\nmine\n") and "quote" not in again
    assert "\\<script>" in text and "<script>" not in text.split(BEGIN, 1)[1].replace("\\<", "")


def test_block_ids_and_tags_are_obsidian_safe() -> None:
    text = note_text(_entry())
    (block,) = [line for line in text.splitlines() if line.startswith("^")]
    assert block == "^reader-h1----x"
    assert "#a_b" in text


def test_file_names_are_safe_and_unique(tmp_path: Path) -> None:
    stem = safe_stem("../../etc/passwd\x1b[31m: a/b\\c <x> | y?*")
    assert "/" not in stem and "\\" not in stem and "\x1b" not in stem and not stem.startswith(".")
    assert safe_stem("CON") == "CON note" and safe_stem("...") == ""
    assert len(safe_stem("é" * 500).encode()) <= 120
    taken = {"same.md"}
    assert unique_name("Same", "abcdef123456", taken) == "Same (abcdef12).md"
    assert unique_name("", "", set()) == "untitled.md"
    vault = tmp_path / "vault"
    entries = [_entry(id="one"), _entry(id="two"), _entry(id="../three", title="/")]
    report = export_vault(vault, entries)
    assert report.written == 3
    names = sorted(p.name for p in vault.iterdir())
    assert len(names) == 3 and all(p.parent == vault for p in vault.iterdir())
    assert not list(tmp_path.glob("*.md"))


def test_w3c_and_csv_keep_hostile_text_inert() -> None:
    document = json.loads(w3c.to_text(w3c.collection([_entry()])))
    (item,) = document["first"]["items"]
    assert item["body"][0]["value"] == FAKE_END  # exact, as data
    assert "\x1b" not in w3c.to_text(w3c.collection([_entry()]))
    text = readwise_csv.to_text([_entry()])
    assert "\x1b" not in text and "\x07" not in text
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["Note"] == FAKE_END and row["Book Title"].startswith("Evil: # ---\n--- ")


def test_an_article_no_longer_exported_loses_its_highlights_not_its_note(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    export_vault(vault, [_entry(id="one", title="One"), _entry(id="two", title="Two")])
    two = vault / "Two.md"
    two.write_text(two.read_text().replace("\n---\n", "\nmine: seven\n---\n", 1) + "\nkept\n")
    report = export_vault(vault, [_entry(id="one", title="One")])
    assert (report.written, report.unchanged, report.emptied) == (0, 1, 1)
    text = two.read_text()
    assert "quote" not in text and "No highlights." in text and text.endswith("\nkept\n")
    assert _front(text)["mine"] == "seven" and _front(text)["title"] == "Two"
    assert export_vault(vault, [_entry(id="one", title="One")], whole=False).emptied == 0
