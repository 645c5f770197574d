"""Pocket's exports: the zip of `part_*.csv` (since October 2024), one such CSV on its own, and
the legacy `ril_export.html`.

The CSV header came in two variants, `title,url,time_added,cursor,tags,status` and
`title,url,time_added,tags,status`: columns are read by name. `tags` are `|`-separated,
`status` is `unread` or `archive`, `time_added` Unix seconds. The HTML export lists links under
`<h1>Unread</h1>` and `<h1>Read Archive</h1>`, with `time_added` and comma-separated `tags`
attributes. Some zips also hold `annotations/part_*.json` (highlights, in a shape no public source
documents): read tolerantly, matched to their articles by address. Pocket kept no text, so
every article is fetched later from its address; an archived one was read (that is what
Pocket's archive meant).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from reader.core.migrate.archive import Archive
from reader.core.migrate.records import (
    ImportedArticle,
    ImportedFile,
    ImportedHighlight,
    LooseHighlights,
)
from reader.core.migrate.tables import Row, decode, read_rows
from reader.core.migrate.values import (
    MAX_QUOTE,
    Where,
    block_text,
    line_text,
    tags,
    unix_time,
    web_url,
)
from reader.core.shelf import Location

NAME = "pocket"
_STATUSES = {"unread": False, "archive": True, "": False}


def read_zip(path: Path) -> ImportedFile:
    """The Pocket export zip: every `part_*.csv` in name order."""
    found = ImportedFile(NAME, str(path))
    with Archive(path) as archive:
        parts = archive.matching("part_*.csv")
        if not parts:
            raise Where(str(path)).error("", "no part_*.csv in this zip: not a Pocket export")
        for name in parts:
            text = decode(archive.read(name), f"{path}:{name}")
            _read_csv(text, f"{path}:{name}", found)
        for name in archive.matching("*.json"):
            if "annotation" in name.casefold():
                _read_annotations(archive.read(name), f"{path}:{name}", found)
    return found


def _read_annotations(data: bytes, file: str, found: ImportedFile) -> None:
    """`annotations/part_*.json`, whose shape no public source shows: read tolerantly (items
    with an address and a list of highlights with a `quote`), and left out, said, when it is not
    that shape; never a reason to refuse the export."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        found.skipped.append(f"{file}: not JSON; its highlights were left out")
        return
    items = document if isinstance(document, list) else []
    if isinstance(document, dict):
        items = next((v for v in document.values() if isinstance(v, list)), [])
    for item in items:
        url = web_url(item.get("url") or item.get("given_url")) if isinstance(item, dict) else None
        marks: list[object] = next(
            (
                item[k]
                for k in ("highlights", "annotations")
                if isinstance(item, dict) and isinstance(item.get(k), list)
            ),
            [],
        )
        quotes = [block_text(m.get("quote"), MAX_QUOTE) for m in marks if isinstance(m, dict)]
        if url is None or not any(quotes):
            found.skipped.append(f"{file}: an item in a shape reader does not know, left out")
            continue
        group = LooseHighlights(url, line_text(item.get("title")))
        group.highlights += [ImportedHighlight(quote) for quote in quotes if quote]
        found.loose.append(group)


def read_csv(path: Path, data: bytes) -> ImportedFile:
    """One Pocket CSV on its own (a part taken out of the zip)."""
    found = ImportedFile(NAME, str(path))
    _read_csv(decode(data, str(path)), str(path), found)
    return found


def _read_csv(text: str, file: str, found: ImportedFile) -> None:
    for row in read_rows(text, file, required=("url",)):
        article = _article(row)
        if article is None:
            found.skipped.append(
                f"{file}, line {row.where.line}: not a web address: "
                f"{line_text(row.get('url'), 80)!r}"
            )
        else:
            found.articles.append(article)


def _article(row: Row) -> ImportedArticle | None:
    url = web_url(row.get("url"))
    if url is None:
        return None
    status = row.get("status").strip().casefold()
    if status not in _STATUSES:
        raise row.where.error("status", f"expected unread or archive, got {status[:40]!r}")
    archived = _STATUSES[status]
    saved = unix_time(row.get("time_added"), row.where, "time_added")
    return ImportedArticle(
        url=url,
        title=line_text(row.get("title")),
        tags=tags(row.get("tags").split("|")),
        location=Location.ARCHIVE if archived else Location.INBOX,
        read=archived,
        saved=saved,
        updated=saved,
        line=row.where.line or 0,
    )


def read_html(path: Path, data: bytes) -> ImportedFile:
    """The legacy `ril_export.html`: links under "Unread" and "Read Archive" headings."""
    found = ImportedFile(NAME, str(path))
    parser = _Links(str(path), found)
    parser.feed(decode(data, str(path)))
    parser.close()
    return found


class _Links(HTMLParser):
    """Collects each `<a>` with the heading it is under (which says read or not)."""

    def __init__(self, file: str, found: ImportedFile) -> None:
        super().__init__(convert_charrefs=True)
        self.file, self.found = file, found
        self.archived = False
        self._heading: list[str] | None = None
        self._link: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2"):
            self._heading = []
        elif tag == "a":
            self._link, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if self._link is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self._heading is not None:
            self.archived = "archive" in "".join(self._heading).casefold()
            self._heading = None
        elif tag == "a" and self._link is not None:
            self._add(self._link, "".join(self._text))
            self._link = None

    def _add(self, attrs: dict[str, str | None], text: str) -> None:
        where = Where(self.file, self.getpos()[0])
        url = web_url(attrs.get("href"))
        if url is None:
            shown = line_text(attrs.get("href") or "", 80)
            self.found.skipped.append(
                f"{self.file}, line {where.line}: not a web address: {shown!r}"
            )
            return
        saved = unix_time(attrs.get("time_added") or "", where, "time_added")
        self.found.articles.append(
            ImportedArticle(
                url=url,
                title=line_text(text),
                tags=tags((attrs.get("tags") or "").split(",")),
                location=Location.ARCHIVE if self.archived else Location.INBOX,
                read=self.archived,
                saved=saved,
                updated=saved,
                line=where.line or 0,
            )
        )
