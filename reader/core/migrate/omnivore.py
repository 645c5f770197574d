"""Omnivore's export zip (frozen since the service closed in November 2024).

`metadata_*.json`: arrays of `{id, slug, title, description, author, url, state,
readingProgress, labels, savedAt, updatedAt, publishedAt}`; `state` is `Active`/`Archived` in
later exports and the raw `SUCCEEDED`/`ARCHIVED`/`DELETED` in earlier ones (both read);
`readingProgress` runs 0-100. `content/{slug}.html` is the article's readable text (so nothing
needs fetching), and `highlights/{slug}.md` its highlights and notes (`omnivore_notes`), which
kept no positions: they are placed by their words in that text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.core.migrate.archive import Archive
from reader.core.migrate.omnivore_notes import parse_notes
from reader.core.migrate.records import ImportedArticle, ImportedFile
from reader.core.migrate.tables import decode
from reader.core.migrate.values import Where, iso_time, line_text, percent, tags, web_url
from reader.core.shelf import Location

NAME = "omnivore"
_ARCHIVED = frozenset({"archived"})
_DELETED = frozenset({"deleted"})


def read_zip(path: Path) -> ImportedFile:
    found = ImportedFile(NAME, str(path))
    with Archive(path) as archive:
        batches = archive.matching("metadata_*.json")
        if not batches:
            raise Where(str(path)).error(
                "", "no metadata_*.json in this zip: not an Omnivore export"
            )
        files = {name.casefold(): name for name in archive.names}
        for name in batches:
            for index, item in enumerate(_items(archive, name)):
                where = Where(f"{path}:{name}", None)
                article = _article(item, where, index, archive, files)
                if article is None:
                    shown = line_text(item.get("url"), 80)
                    found.skipped.append(
                        f"{path}:{name}, item {index + 1}: not a web address: {shown!r}"
                    )
                else:
                    found.articles.append(article)
    return found


def _items(archive: Archive, name: str) -> list[dict[str, Any]]:
    where = Where(f"{archive.file}:{name}")
    try:
        items = json.loads(decode(archive.read(name), where.file))
    except (ValueError, RecursionError) as error:
        raise where.error("", f"not JSON: {error}") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise where.error("", "expected a list of articles")
    return items


def _article(
    item: dict[str, Any], where: Where, index: int, archive: Archive, files: dict[str, str]
) -> ImportedArticle | None:
    url = web_url(item.get("url"))
    if url is None:
        return None
    field = f"[{index}]."
    state = str(item.get("state") or "").strip().casefold()
    location = Location.INBOX
    if state in _ARCHIVED:
        location = Location.ARCHIVE
    elif state in _DELETED:
        location = Location.TRASH
    progress = percent(item.get("readingProgress"), where, field + "readingProgress")
    slug = _slug(item)
    html = _member(archive, files, f"content/{slug}.html") if slug else None
    notes = _member(archive, files, f"highlights/{slug}.md") if slug else None
    highlights, article_notes = parse_notes(notes or "")
    return ImportedArticle(
        url=url,
        title=line_text(item.get("title")),
        author=line_text(item.get("author")),
        tags=tags(_labels(item.get("labels"), where, field + "labels")),
        location=location,
        read=location is Location.ARCHIVE or progress >= 100,
        progress=progress,
        saved=iso_time(item.get("savedAt"), where, field + "savedAt"),
        published=iso_time(item.get("publishedAt"), where, field + "publishedAt"),
        updated=iso_time(item.get("updatedAt"), where, field + "updatedAt"),
        html=html,
        highlights=tuple(highlights),
        notes=tuple(article_notes),
    )


def _slug(item: dict[str, Any]) -> str:
    """The item's file name in `content/` and `highlights/` (never a path out of them)."""
    slug = str(item.get("slug") or "")
    return "" if "/" in slug or "\\" in slug or slug in ("", ".", "..") else slug


def _member(archive: Archive, files: dict[str, str], name: str) -> str | None:
    real = next(
        (files[key] for key in (name.casefold(), f"omnivore/{name}".casefold()) if key in files),
        None,
    )
    if real is None:
        real = next((n for k, n in files.items() if k.endswith("/" + name.casefold())), None)
    if real is None:
        return None
    return archive.read(real).decode("utf-8", errors="replace")


def _labels(raw: object, where: Where, field: str) -> list[str]:
    """Labels as names, or as objects with a `name` (both have been exported)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise where.error(field, "expected a list of labels")
    names = []
    for label in raw:
        if isinstance(label, dict):
            label = label.get("name")
        if isinstance(label, str):
            names.append(label)
    return names
