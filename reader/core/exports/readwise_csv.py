"""Highlights as Readwise's highlights CSV, so a user can take them to Readwise (or anything that
reads its export) and lose nothing: quote, note, colour, tags, date, the article's title, author,
address and tags.

The columns are Readwise's (`COLUMNS`), with `URL` last as some of its exports have it; an
orphaned highlight is written with its original words. `Location Type` is `order`: the
highlight's place among its article's highlights. `reader import` reads the file back
(`reader.core.migrate.readwise`); a tag holding a comma comes back as two (Readwise's `Tags` are
comma-separated), and document tags are a Python list literal, as Reader writes them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from reader.core.annotate.anchor import Status
from reader.core.text.sanitize import sanitize

COLUMNS = (
    "Highlight", "Book Title", "Book Author", "Amazon Book ID", "Note", "Color", "Tags",
    "Location Type", "Location", "Highlighted at", "Document tags", "URL",
)  # fmt: skip


def to_text(entries: Iterable[dict[str, Any]]) -> str:
    """The CSV of every highlight of the exported articles (`with_facts` entries)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for entry in entries:
        ordered = sorted(
            entry.get("highlights", []),
            key=lambda h: (not Status(h["status"]).attached, h["start"], h["id"]),
        )
        for number, highlight in enumerate(ordered, start=1):
            # Often printed to a terminal or opened in a spreadsheet: no control characters.
            writer.writerow([sanitize(cell) for cell in row(entry, highlight, number)])
    return out.getvalue()


def row(entry: dict[str, Any], highlight: dict[str, Any], number: int) -> list[str]:
    placed = Status(highlight["status"]).attached
    quote = highlight["quote"] if placed else highlight["original"] or highlight["quote"]
    return [
        quote,
        entry.get("title") or entry["id"],
        entry.get("author", ""),
        "",
        highlight["note"],
        highlight["color"],
        ",".join(highlight.get("tags", [])),
        "order",
        str(number),
        readwise_time(highlight["created"]),
        str(list(entry.get("tags", []))) if entry.get("tags") else "",
        entry.get("url", ""),
    ]


def readwise_time(stamp: str | None) -> str:
    """An ISO 8601 time as Readwise writes it (`2020-10-05 10:15:30+00:00`), "" if unreadable."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00:00")
