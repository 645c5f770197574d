"""A library of one saved article with highlights, tags and notes, made through `reader import`
of a W3C file written here, for the export tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.store.dirs import library_dir
from tests.imports.conftest import Reader
from tests.imports.conftest import reader as reader  # the fixture, shared

URL = "https://example.org/winds"
TEXT = (
    "The first paragraph is about the wind over the harbour, which blew all night long.\n\n"
    "Then came the rain: cold, steady, and smelling of salt and iron from the old docks.\n\n"
    "By morning the boats were out again, their sails patched, their crews quiet and tired.\n"
)
TITLE = "Winds: # a --- night"
QUOTES = ("blew all night long", "smelling of salt and iron", "their sails patched")


def annotations(notes: dict[str, str], tags: dict[str, list[str]]) -> dict[str, object]:
    items = []
    for number, quote in enumerate(QUOTES):
        bodies: list[dict[str, str]] = [
            {"type": "TextualBody", "value": name, "purpose": "tagging"}
            for name in tags.get(quote, [])
        ]
        if quote in notes:
            bodies.append({"type": "TextualBody", "value": notes[quote]})
        items.append(
            {
                "id": f"urn:test:{number}",
                "type": "Annotation",
                "created": f"2024-03-0{number + 1}T08:00:00Z",
                "body": bodies,
                "target": {
                    "source": URL,
                    "selector": {"type": "TextQuoteSelector", "exact": quote},
                },
            }
        )
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": items,
    }


@pytest.fixture
def annotated(reader: Reader, tmp_path: Path) -> Reader:
    """The reader with one article holding three highlights (notes and tags on two)."""
    saved = library_dir(reader.data) / "example.org" / "winds.md"
    saved.parent.mkdir(parents=True)
    saved.write_text(
        f'---\ntitle: "Winds: # a --- night"\nauthor: "Ana Ruiz"\nurl: "{URL}"\n---\n\n{TEXT}',
        encoding="utf-8",
    )
    notes = {QUOTES[0]: "All night?\n\nYes: all of it.", QUOTES[1]: "Iron <b>and</b> salt"}
    tags = {QUOTES[0]: ["weather", "night time"], QUOTES[1]: ["smell"]}
    source = tmp_path / "seed.json"
    source.write_text(json.dumps(annotations(notes, tags)), encoding="utf-8")
    assert reader("import", source, "--no-fetch") == 0, reader.err
    assert "3 placed in their text" in reader.out, reader.out
    assert reader("tag", _article_id(reader), "sea", "long read") == 0, reader.err
    return reader


def _article_id(reader: Reader) -> str:
    assert reader("list", "--json") == 0
    return next(str(row["id"]) for row in json.loads(reader.out) if row["title"] == TITLE)
