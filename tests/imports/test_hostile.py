"""Hostile content in every field of an export: escape sequences, markup, huge cells. Nothing
reaches the terminal or the library as a control, markup stays text, and sizes stay bounded."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

from reader.core.migrate.values import MAX_TITLE
from reader.store.dirs import library_dir
from tests.imports.conftest import Reader

#: Window title, clipboard write (OSC 52), cursor and screen controls, a C1 CSI, bidi override.
ESCAPES = "\x1b]0;owned\x07\x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J\x1b[31m\x9b1;1H\u202e"
MARKUP = "[bold red]boom[/] [@click=app.quit]x[/]"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def pocket(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "url", "time_added", "tags", "status"])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_escapes_markup_and_huge_cells_in_a_pocket_export(reader: Reader, tmp_path: Path) -> None:
    export = pocket(
        tmp_path / "hostile.csv",
        [
            [
                f"Title {ESCAPES} {MARKUP}",
                "https://example.com/a",
                "1700000000",
                f"tag{ESCAPES}|{MARKUP}|{'x' * 500}",
                "unread",
            ],
            ["Long " * 400_000, "https://example.com/b", "1700000001", "", "archive"],
            ["URL with controls", "https://example.com/c\x1b[2J", "1700000002", "", "unread"],
            ["Multi\nline\r\ntitle\u2028here", "https://example.com/d", "1700000003", "", "unread"],
        ],
    )
    assert reader("import", export, "--no-fetch") == 0
    assert not _CONTROL.search(reader.out + reader.err)
    assert reader("list") == 0
    assert not _CONTROL.search(reader.out)
    assert reader("list", "--json") == 0
    assert "\x1b" not in reader.out
    rows = [row for row in json.loads(reader.out) if "seeds" not in row["path"]]
    assert len(rows) == 4
    for row in rows:
        for value in (row["title"], row["url"], *row["tags"]):
            assert not _CONTROL.search(value)
        assert len(row["title"]) <= MAX_TITLE
    first = next(row for row in rows if row["title"].startswith("Title"))
    assert MARKUP in first["title"]  # markup is text, kept as written
    assert MARKUP in first["tags"]
    assert all(len(tag) <= 80 for tag in first["tags"])
    assert next(row for row in rows if row["title"].startswith("Multi"))["title"] == (
        "Multi line title here"
    )


def test_a_cell_beyond_the_limit_is_refused_with_its_line(reader: Reader, tmp_path: Path) -> None:
    export = pocket(
        tmp_path / "huge.csv",
        [
            ["ok", "https://example.com/ok", "1700000000", "", "unread"],
            ["x" * (9 * 1024 * 1024), "https://example.com/huge", "1700000001", "", "unread"],
        ],
    )
    assert reader("import", export) == 1
    assert reader.err.startswith(f"reader: {export}, line 3: not a CSV record: field larger")
    assert reader.err.count("\n") == 1


def test_hostile_html_and_notes_in_texts_and_annotations(reader: Reader, tmp_path: Path) -> None:
    entries = [
        {
            "id": 1,
            "url": "https://example.com/w",
            "title": f"W {ESCAPES}",
            "is_archived": 0,
            "is_starred": 0,
            "content": (
                "<script>alert(1)</script><iframe src='https://evil.example'></iframe>"
                f"<p onclick='steal()'>A paragraph of real prose {ESCAPES} with enough words in it "
                f"to be an article, and {MARKUP} as text. A second sentence follows it.</p>"
                "<p>Another paragraph, <img src=x onerror=alert(1)>plain and harmless.</p>"
            ),
            "tags": [{"label": f"t{ESCAPES}"}],
            "created_at": "2021-01-01T00:00:00+0000",
            "annotations": [
                {
                    "quote": f"real prose {ESCAPES}",
                    "text": f"note {ESCAPES} {MARKUP}",
                    "created_at": "2021-01-02T00:00:00+0000",
                }
            ],
        }
    ]
    export = tmp_path / "wallabag.json"
    export.write_text(json.dumps(entries))
    assert reader("import", export, "--no-fetch") == 0
    (saved,) = library_dir(reader.data).rglob("*.md")
    text = saved.read_text(encoding="utf-8")
    assert not _CONTROL.search(text)
    assert "<script" not in text and "alert(1)" not in text and "onclick" not in text
    with reader.store() as store:
        (highlight,) = store.highlights.all()
        assert not _CONTROL.search(highlight.note + highlight.quote)
        assert MARKUP in highlight.note
        assert all(not _CONTROL.search(tag.name) for tag in store.tags.all())
    assert reader("export") == 0
    assert not _CONTROL.search(reader.out)


def test_a_zip_member_named_to_climb_out_is_only_a_name(reader: Reader, tmp_path: Path) -> None:
    export = tmp_path / "omnivore.zip"
    meta = [
        {
            "slug": "../../escape",
            "url": "https://example.com/z",
            "title": "Z",
            "state": "Active",
            "savedAt": "2024-01-01T00:00:00.000Z",
        }
    ]
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("metadata_0_to_1.json", json.dumps(meta))
        archive.writestr("content/../../escape.html", "<p>outside</p>")
    assert reader("import", export, "--no-fetch") == 0
    assert not (tmp_path / "escape.html").exists()
    assert not list(library_dir(reader.data).rglob("*.md"))  # its text is fetched instead
