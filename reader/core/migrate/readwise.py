"""Readwise's two CSV exports: Reader's documents and the highlights.

Documents: `Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen`, where
`Document tags` is a Python list literal (`['example']`), progress runs 0-1 and `Location` is
`new`, `later`, `shortlist`, `archive` or `feed` (the last two kept as tags, so nothing is
lost and a feed's thousands of items can be dealt with by tag). Reader's documents carry no
text: they are fetched later.

Highlights: `Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,
Location,Highlighted at,Document tags` (and `URL` in some exports). Each document's highlights are
matched to an article at import time, by address, then by title; a row with no highlight but a
note is a note on the document. Tags starting with `.` are Readwise's commands (`.h1`,
`.discard`), not the user's names: only `.favorite` is kept, as `favorite`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from reader.core.annotate.highlight import COLORS
from reader.core.migrate.records import (
    ImportedArticle,
    ImportedFile,
    ImportedHighlight,
    LooseHighlights,
)
from reader.core.migrate.tables import Row, decode, read_rows
from reader.core.migrate.values import (
    MAX_NOTE,
    MAX_QUOTE,
    block_text,
    iso_time,
    line_text,
    percent,
    tags,
    web_url,
)
from reader.core.shelf import Location

NAME = "readwise"
#: Reader's locations: where the article goes, and the tag that keeps the rest of the meaning.
_LOCATIONS = {
    "new": (Location.INBOX, ""),
    "later": (Location.INBOX, ""),
    "shortlist": (Location.INBOX, "shortlist"),
    "archive": (Location.ARCHIVE, ""),
    "feed": (Location.INBOX, "feed"),
    "": (Location.INBOX, ""),
}
_COLOURS = {"orange": "yellow", "red": "pink"}
#: Columns that tell the highlights export from the documents export.
HIGHLIGHT_COLUMNS = ("highlight", "book title")
DOCUMENT_COLUMNS = ("url", "saved date")


def read_documents(path: Path, data: bytes) -> ImportedFile:
    found = ImportedFile(NAME, str(path))
    for row in read_rows(decode(data, str(path)), str(path), required=("URL",)):
        url = web_url(row.get("URL"))
        if url is None:
            shown = line_text(row.get("URL"), 80)
            found.skipped.append(f"{path}, line {row.where.line}: not a web address: {shown!r}")
            continue
        found.articles.append(_document(row, url))
    return found


def _document(row: Row, url: str) -> ImportedArticle:
    place = row.get("Location").strip().casefold()
    if place not in _LOCATIONS:
        raise row.where.error(
            "Location", f"expected new, later, shortlist, archive or feed, got {place[:40]!r}"
        )
    location, extra = _LOCATIONS[place]
    progress = percent(row.get("Reading progress"), row.where, "Reading progress", scale=1.0)
    saved = iso_time(row.get("Saved date"), row.where, "Saved date")
    names = _list_literal(row, "Document tags") + ([extra] if extra else [])
    return ImportedArticle(
        url=url,
        title=line_text(row.get("Title")),
        tags=tags(names),
        location=location,
        read=location is Location.ARCHIVE or progress >= 100,
        progress=progress,
        saved=saved,
        updated=saved,
        line=row.where.line or 0,
    )


def read_highlights(path: Path, data: bytes) -> ImportedFile:
    found = ImportedFile(NAME, str(path))
    groups: dict[tuple[str, str], LooseHighlights] = {}
    for row in read_rows(decode(data, str(path)), str(path), required=HIGHLIGHT_COLUMNS):
        url = web_url(row.get("URL")) or ""
        title = line_text(row.get("Book Title"))
        if not url and not title:
            raise row.where.error("Book Title", "a highlight of no document (no title, no URL)")
        key = (url, title.casefold() if not url else "")
        group = groups.get(key)
        if group is None:
            names = tags(_list_literal(row, "Document tags", comma=True))
            author = line_text(row.get("Book Author"))
            group = groups[key] = LooseHighlights(url, title, author, document_tags=names)
        highlight = _highlight(row)
        if highlight is not None and highlight.quote:
            group.highlights.append(highlight)
        elif highlight is not None:
            group.notes.append(highlight.note)
    found.loose = list(groups.values())
    return found


def _highlight(row: Row) -> ImportedHighlight | None:
    quote = block_text(row.get("Highlight"), MAX_QUOTE)
    note = block_text(row.get("Note"), MAX_NOTE)
    if not quote and not note:
        return None
    when = iso_time(row.get("Highlighted at"), row.where, "Highlighted at")
    colour = row.get("Color").strip().casefold()
    colour = _COLOURS.get(colour, colour)
    names = [
        "favorite" if name.strip() == ".favorite" else name
        for name in row.get("Tags").split(",")
        if not name.strip().startswith(".") or name.strip() == ".favorite"
    ]
    return ImportedHighlight(
        quote=quote,
        note=note,
        color=colour if colour in COLORS else "yellow",
        tags=tags(names),
        created=when,
        updated=when,
    )


def _list_literal(row: Row, column: str, comma: bool = False) -> list[str]:
    """A cell holding a Python list literal (`['a', 'b']`); with `comma`, a plain
    comma-separated list is accepted too."""
    text = row.get(column).strip()
    if not text:
        return []
    if not text.startswith("["):
        if comma:
            return text.split(",")
        raise row.where.error(column, f"not a list such as ['tag']: {text[:40]!r}")
    try:
        value = ast.literal_eval(text) if len(text) < 100_000 else None
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        value = None
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise row.where.error(column, f"not a list such as ['tag']: {text[:40]!r}")
    return list(value)
