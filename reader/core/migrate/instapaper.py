"""Instapaper's CSV export: `URL,Title,Selection,Folder`, later with `Timestamp`, and since
November 2025 with `Tags` (a JSON array such as `["coding"]`).

`Folder` is `Unread`, `Archive`, `Starred` or a folder of the user's, which becomes a tag.
Archived articles were read; starred ones are archived and tagged `starred` (as wallabag's
importer maps them). `Selection` is text the user selected on the page when saving it: kept as a
highlight, placed when the page's text has been fetched (an orphan if the page no longer has
it). Instapaper kept no text, so every article is fetched later.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.core.migrate.records import ImportedArticle, ImportedFile, ImportedHighlight
from reader.core.migrate.tables import Row, decode, read_rows
from reader.core.migrate.values import (
    MAX_QUOTE,
    block_text,
    line_text,
    tags,
    unix_time,
    web_url,
)
from reader.core.shelf import Location

NAME = "instapaper"
#: The tag a starred article gets.
STARRED = "starred"


def read_csv(path: Path, data: bytes) -> ImportedFile:
    found = ImportedFile(NAME, str(path))
    for row in read_rows(decode(data, str(path)), str(path), required=("URL", "Folder")):
        url = web_url(row.get("URL"))
        if url is None:
            found.skipped.append(
                f"{path}, line {row.where.line}: not a web address: "
                f"{line_text(row.get('URL'), 80)!r}"
            )
            continue
        found.articles.append(_article(row, url))
    return found


def _article(row: Row, url: str) -> ImportedArticle:
    folder = line_text(row.get("Folder"), 80)
    names = list(_json_tags(row))
    location, read = Location.INBOX, False
    if folder.casefold() in ("archive", "starred"):
        location, read = Location.ARCHIVE, True
        if folder.casefold() == "starred":
            names.append(STARRED)
    elif folder and folder.casefold() != "unread":
        names.append(folder)
    saved = unix_time(row.get("Timestamp"), row.where, "Timestamp")
    selection = block_text(row.get("Selection"), MAX_QUOTE)
    marks = (ImportedHighlight(selection, created=saved, updated=saved),) if selection else ()
    return ImportedArticle(
        url=url,
        title=line_text(row.get("Title")),
        tags=tags(names),
        location=location,
        read=read,
        saved=saved,
        updated=saved,
        highlights=marks,
        line=row.where.line or 0,
    )


def _json_tags(row: Row) -> list[str]:
    """The `Tags` cell: a JSON array of names (an empty cell: none)."""
    text = row.get("Tags").strip()
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        raise row.where.error("Tags", f"not a JSON list of tags: {text[:40]!r}") from None
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
        raise row.where.error("Tags", f"not a JSON list of tags: {text[:40]!r}")
    return value
