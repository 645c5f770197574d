"""`reader export --format w3c` and `readwise-csv` read back by `reader import` lose nothing:
quotes, notes and tags come back on the same article, placed in its text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from reader.store.dirs import DB_FILENAME
from tests.exports.conftest import QUOTES, URL
from tests.imports.conftest import Reader


def _highlights(reader: Reader) -> list[tuple[str, str, str, tuple[str, ...]]]:
    assert reader("export", "--format", "json") == 0, reader.err
    (article,) = [a for a in json.loads(reader.out)["articles"] if a["highlights"]]
    return sorted(
        (h["quote"], h["note"], h["status"], tuple(sorted(h["tags"])))
        for h in article["highlights"]
    )


@pytest.mark.parametrize("name", ["w3c", "readwise-csv"])
def test_export_then_import_into_an_empty_store_gives_the_same_highlights(
    annotated: Reader, tmp_path: Path, name: str
) -> None:
    before = _highlights(annotated)
    assert len(before) == 3 and all(status == "anchored" for _q, _n, status, _t in before)
    exported = tmp_path / f"out.{name}"
    assert annotated("export", "--format", name, "--output", exported) == 0, annotated.err
    (annotated.data / DB_FILENAME).unlink()  # the same library, a new store
    assert annotated("import", exported, "--no-fetch") == 0, annotated.err
    assert "3 placed in their text" in annotated.out
    assert _highlights(annotated) == before
    again = tmp_path / f"again.{name}"
    assert annotated("export", "--format", name, "--output", again) == 0
    if name == "w3c":  # the ids are new, the rest is the same
        strip = lambda text: [  # noqa: E731
            {k: v for k, v in item.items() if k != "id"}
            for item in json.loads(text)["first"]["items"]
        ]
        assert strip(again.read_text()) == strip(exported.read_text())
    else:
        assert again.read_text() == exported.read_text()


def test_w3c_is_a_collection_with_quote_and_position_selectors(annotated: Reader) -> None:
    assert annotated("export", "--format", "w3c") == 0
    document = json.loads(annotated.out)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection" and document["total"] == 3
    item = next(
        i for i in document["first"]["items"] if i["body"][0]["value"].startswith("All night")
    )
    assert item["type"] == "Annotation" and item["motivation"] == "commenting"
    assert item["target"]["source"] == URL
    quote, position = item["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == QUOTES[0]
    assert quote["prefix"].endswith("which ") and quote["suffix"].startswith(".")
    assert position["type"] == "TextPositionSelector"
    assert position["end"] - position["start"] == len(QUOTES[0])
    assert {b["value"] for b in item["body"] if b.get("purpose") == "tagging"} == {
        "weather",
        "night time",
    }


def test_readwise_csv_has_readwise_columns_and_multi_line_notes(annotated: Reader) -> None:
    assert annotated("export", "--format", "readwise-csv") == 0
    rows = list(csv.DictReader(io.StringIO(annotated.out)))
    assert list(rows[0])[:11] == [
        "Highlight", "Book Title", "Book Author", "Amazon Book ID", "Note", "Color", "Tags",
        "Location Type", "Location", "Highlighted at", "Document tags",
    ]  # fmt: skip
    first = rows[0]
    assert first["Highlight"] == QUOTES[0] and first["Note"] == "All night?\n\nYes: all of it."
    assert first["Book Title"] == "Winds: # a --- night" and first["Book Author"] == "Ana Ruiz"
    assert first["Highlighted at"] == "2024-03-01 08:00:00+00:00" and first["URL"] == URL
    assert first["Location Type"] == "order" and [r["Location"] for r in rows] == ["1", "2", "3"]
    assert first["Document tags"] == "['long read', 'sea']"
