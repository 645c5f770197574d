"""What the exported document lacks for other tools: each article's author, address, saved and
published dates, added beside the document's own fields (the JSON export stays as it is)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reader.core.article import ArticleMeta

#: The fields `with_facts` adds to each article of a document.
FACTS = ("author", "url", "published", "saved")


def with_facts(
    document: dict[str, Any], articles: Sequence[ArticleMeta], saved: Mapping[str, str | None]
) -> list[dict[str, Any]]:
    """The document's articles, each with `author`, `url`, `published` and `saved` ("" when
    unknown): from the library's articles and the store's `saved` (added) dates by id."""
    known = {meta.id: meta for meta in articles}
    entries = []
    for entry in document["articles"]:
        meta = known.get(entry["id"])
        entries.append(
            {
                **entry,
                "author": meta.byline if meta else "",
                "url": web_address(meta),
                "published": (meta.date or "") if meta else "",
                "saved": saved.get(entry["id"]) or "",
            }
        )
    return entries


def web_address(meta: ArticleMeta | None) -> str:
    """The article's web address: where it was fetched from, or its source when that is one."""
    if meta is None:
        return ""
    for candidate in (meta.url, meta.source):
        if candidate.startswith(("https://", "http://")):
            return candidate
    return ""
