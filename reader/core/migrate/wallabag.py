"""wallabag's JSON export: every entry with its HTML content, tags, flags, dates and
annotations.

Entries are `{id, title, url, is_archived, is_starred, content, created_at, updated_at,
published_at, published_by, tags, annotations, …}`; tags are names or `{label, slug}` objects;
annotations follow annotator.js (`{text, quote, ranges, created_at, updated_at}`), whose ranges
name DOM containers of wallabag's page rather than places in a text, so annotations are placed
by their quote. wallabag's archive is its "read"; a starred entry gets the tag `starred`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.migrate.records import ImportedArticle, ImportedFile, ImportedHighlight
from reader.core.migrate.values import (
    MAX_NOTE,
    MAX_QUOTE,
    Where,
    block_text,
    iso_time,
    line_text,
    tags,
    web_url,
    yes,
)
from reader.core.shelf import Location

NAME = "wallabag"
STARRED = "starred"


def entries_of(document: object) -> list[dict[str, Any]] | None:
    """The entries if `document` looks like a wallabag export (None otherwise)."""
    items = document.get("_embedded", {}).get("items") if isinstance(document, dict) else document
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        return None
    first = items[0]
    if "url" in first and ("is_archived" in first or "is_starred" in first):
        return items
    return None


def read_json(path: Path, document: object) -> ImportedFile:
    found = ImportedFile(NAME, str(path))
    items = entries_of(document)
    if items is None:
        raise Where(str(path)).error(
            "", "not a wallabag export (a list of entries with url and is_archived)"
        )
    for index, entry in enumerate(items):
        where = Where(str(path))
        field = f"[{index}]."
        url = web_url(entry.get("url") or entry.get("origin_url"))
        if url is None:
            shown = line_text(entry.get("url"), 80)
            found.skipped.append(f"{path}, entry {index + 1}: not a web address: {shown!r}")
            continue
        found.articles.append(_article(entry, url, where, field))
    return found


def _article(entry: dict[str, Any], url: str, where: Where, field: str) -> ImportedArticle:
    archived = yes(entry.get("is_archived") or 0)
    names = [_tag_name(tag) for tag in _list(entry, "tags", where, field)]
    if yes(entry.get("is_starred") or 0):
        names.append(STARRED)
    authors = entry.get("published_by")
    author = ", ".join(str(a) for a in authors) if isinstance(authors, list) else ""
    content = entry.get("content")
    return ImportedArticle(
        url=url,
        title=line_text(entry.get("title")),
        author=line_text(author),
        tags=tags(name for name in names if name),
        location=Location.ARCHIVE if archived else Location.INBOX,
        read=archived,
        saved=iso_time(entry.get("created_at"), where, field + "created_at"),
        published=iso_time(entry.get("published_at"), where, field + "published_at"),
        updated=iso_time(entry.get("updated_at"), where, field + "updated_at"),
        html=content if isinstance(content, str) and content.strip() else None,
        highlights=tuple(
            _annotation(raw, where, f"{field}annotations[{number}].")
            for number, raw in enumerate(_list(entry, "annotations", where, field))
        ),
    )


def _annotation(raw: object, where: Where, field: str) -> ImportedHighlight:
    if not isinstance(raw, dict):
        raise where.error(field.rstrip("."), "an annotation is not an object")
    quote = block_text(raw.get("quote"), MAX_QUOTE)
    if not quote:
        raise where.error(field + "quote", "an annotation without a quote")
    created = iso_time(raw.get("created_at"), where, field + "created_at")
    return ImportedHighlight(
        quote=quote,
        note=block_text(raw.get("text"), MAX_NOTE),
        created=created,
        updated=iso_time(raw.get("updated_at"), where, field + "updated_at") or created,
        key=str(raw.get("id") or ""),
    )


def _list(entry: dict[str, Any], key: str, where: Where, field: str) -> list[Any]:
    value = entry.get(key) or []
    if not isinstance(value, list):
        raise where.error(field + key, "expected a list")
    return value


def _tag_name(tag: object) -> str:
    if isinstance(tag, dict):
        tag = tag.get("label") or tag.get("slug")
    return tag if isinstance(tag, str) else ""
