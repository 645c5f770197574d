"""Export and import of annotations, and keeping statuses current before anything is shown.

JSON export is the lossless format (shape in INTERFACE.md) that `reader import` reads back; it
also carries each article's `content_hash`, so an import into a library with the same files keeps
statuses as they were, while one into changed files re-attaches the highlights there. Markdown is
for people: each article's highlights as quotes with their notes, orphans in their own section.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.annotate.anchor import Status, normalise
from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, ArticleMeta
from reader.core.text.formats import ParseError
from reader.core.text.sanitize import escape_json_text, sanitize
from reader.store.bookmarks import Bookmark
from reader.store.db import StoreError
from reader.store.highlights import Highlights
from reader.store.state import Store

#: Version of the JSON export; an import refuses other versions.
EXPORT_VERSION = 1

_HIGHLIGHT_KEYS = (
    "id", "quote", "original", "prefix", "suffix", "start", "end", "note", "color", "status",
    "created", "updated",
)  # fmt: skip


class ExchangeError(StoreError):
    """An import file that is not a reader export (the message says what is wrong)."""


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    kept: int
    bookmarks: int

    def summary(self) -> str:
        return (
            f"{self.added} highlights added, {self.updated} updated, {self.kept} already here; "
            f"{self.bookmarks} bookmarks added"
        )


def reanchor_library(
    highlights: Highlights,
    articles: Iterable[ArticleMeta],
    load_article: Callable[[ArticleMeta], Article],
    progress: Callable[[str], None] | None = None,
) -> int:
    """Re-attach highlights of every article whose text changed; returns how many were parsed.

    Only articles whose highlights were anchored against another version are parsed, so on an
    unchanged library this costs one query. An article that cannot be read now keeps its
    highlights (and statuses) as they were.
    """
    hashes = highlights.anchored_hashes()
    parsed = 0
    for meta in articles:
        seen = hashes.get(meta.id)
        if not seen or seen == {meta.content_hash}:
            continue
        try:
            article = load_article(meta)
        except (OSError, ValueError, ParseError):
            continue
        if progress is not None:
            progress(meta.id)
        highlights.reanchor(article)
        parsed += 1
    return parsed


# Export ------------------------------------------------------------------------------------


def export_document(
    store: Store, articles: Sequence[ArticleMeta], article_id: str | None = None
) -> dict[str, Any]:
    """Every annotated article (or one) with its bookmarks and highlights, in a stable order.

    Articles whose file is gone are exported too, with an empty title and path: their notes
    are still the user's.
    """
    highlights: dict[str, list[Highlight]] = {}
    for highlight in store.highlights.all():
        highlights.setdefault(highlight.article_id, []).append(highlight)
    bookmarks: dict[str, list[Bookmark]] = {}
    for bookmark in store.bookmarks.all():
        bookmarks.setdefault(bookmark.article_id, []).append(bookmark)
    known = {meta.id: meta for meta in articles}
    annotated = set(highlights) | set(bookmarks)
    if article_id is not None:
        annotated = {_pick(article_id, annotated | set(known))}
    order = sorted(
        annotated,
        key=lambda key: (
            key not in known,
            known[key].title.casefold() if key in known else "",
            key,
        ),
    )
    entries = []
    for key in order:
        meta = known.get(key)
        entries.append(
            {
                "id": key,
                "title": meta.title if meta else "",
                "path": meta.path if meta else "",
                "source": meta.source if meta else "",
                "content_hash": _hash_of(highlights.get(key, []), meta),
                "bookmarks": [_bookmark_json(b) for b in bookmarks.get(key, [])],
                "highlights": [_highlight_json(h) for h in highlights.get(key, [])],
            }
        )
    return {"version": EXPORT_VERSION, "articles": entries}


def to_json(document: dict[str, Any]) -> str:
    return escape_json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def to_markdown(document: dict[str, Any]) -> str:
    """A readable digest: per article, its title and source, then quotes with their notes."""
    lines = ["# Highlights and notes", ""]
    for article in document["articles"]:
        lines += [f"## {article['title'] or article['id']}", ""]
        where = " · ".join(part for part in (article.get("source"), article["path"]) if part)
        lines += [f"Source: {where or 'file no longer in the library'}", ""]
        placed = [h for h in article["highlights"] if Status(h["status"]).attached]
        lost = [h for h in article["highlights"] if not Status(h["status"]).attached]
        for highlight in placed:
            lines += _quote(highlight["quote"])
            if highlight["note"]:
                lines += [highlight["note"], ""]
        if article["bookmarks"]:
            marks = ", ".join(
                f"at {b['position']}" + (f" ({b['label']})" if b["label"] else "")
                for b in article["bookmarks"]
            )
            lines += [f"Bookmarks: {marks}", ""]
        if lost:
            lines += ["### Orphaned highlights", ""]
            lines += ["No longer found in the article as it is now; the original words:", ""]
            for highlight in lost:
                lines += _quote(highlight["original"])
                if highlight["note"]:
                    lines += [highlight["note"], ""]
                suggestion = highlight.get("suggestion")
                if suggestion:
                    lines += [f"Closest text now: “{suggestion['text']}”", ""]
    # For people, often printed to a terminal: no control characters (paths are file names).
    return sanitize("\n".join(lines)).rstrip() + "\n"


def _quote(text: str) -> list[str]:
    return ["> " + line if line else ">" for line in text.splitlines() or [""]] + [""]


def _pick(wanted: str, ids: set[str]) -> str:
    if wanted in ids:
        return wanted
    matches = sorted(key for key in ids if key.startswith(wanted))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no article with id {wanted}")
    raise LookupError(f"article id {wanted} is ambiguous: {', '.join(matches[:5])}")


def _hash_of(highlights: list[Highlight], meta: ArticleMeta | None) -> str:
    hashes = {h.content_hash for h in highlights}
    if len(hashes) == 1:
        return hashes.pop()
    return meta.content_hash if meta and not hashes else ""


def _bookmark_json(bookmark: Bookmark) -> dict[str, Any]:
    return {
        "id": bookmark.id,
        "position": bookmark.position,
        "label": bookmark.label,
        "created": bookmark.created,
    }


def _highlight_json(highlight: Highlight) -> dict[str, Any]:
    data: dict[str, Any] = {key: getattr(highlight, key) for key in _HIGHLIGHT_KEYS}
    data["status"] = str(highlight.status)
    data["suggestion"] = (
        {
            "start": highlight.suggestion_start,
            "end": highlight.suggestion_end,
            "text": highlight.suggestion,
        }
        if highlight.suggestion is not None
        else None
    )
    return data


# Import ------------------------------------------------------------------------------------


def import_document(
    store: Store,
    document: object,
    articles: Sequence[ArticleMeta] = (),
    load_article: Callable[[ArticleMeta], Article] | None = None,
) -> ImportReport:
    """Merge an export into the store by id; nothing already here is duplicated or lost.

    A highlight keeps its exported status only when its article is in the library in the very
    version it was exported from and its offsets still hold its quote; otherwise it is marked
    for re-attachment (its quote and context decide), which the next load does.
    """
    entries = _articles_of(document)
    known = {meta.id: meta for meta in articles}
    highlights: list[Highlight] = []
    bookmarks: list[Bookmark] = []
    for entry in entries:
        article_id = _text(entry, "id", required=True)
        exported_hash = _text(entry, "content_hash")
        meta = known.get(article_id)
        body = _body(meta, exported_hash, load_article, entry)
        for raw in _list(entry, "highlights"):
            highlights.append(_highlight(raw, article_id, exported_hash, meta, body))
        for raw in _list(entry, "bookmarks"):
            if not isinstance(raw, dict):
                raise ExchangeError("a bookmark is not an object")
            bookmarks.append(
                Bookmark(
                    _text(raw, "id", required=True),
                    article_id,
                    _int(raw, "position") or 0,
                    _text(raw, "label"),
                    _text(raw, "created", required=True),
                )
            )
    with store.transaction():
        added, updated, kept = store.highlights.merge(highlights)
        marks = store.bookmarks.merge(bookmarks)
    return ImportReport(added, updated, kept, marks)


def _articles_of(document: object) -> list[dict[str, Any]]:
    if not isinstance(document, dict) or "articles" not in document:
        raise ExchangeError('not a reader export (no "articles"); make one with reader export')
    if document.get("version") != EXPORT_VERSION:
        raise ExchangeError(
            f"export version {document.get('version')!r} is not supported (expected "
            f"{EXPORT_VERSION}); was it made by a newer reader?"
        )
    entries = document["articles"]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ExchangeError('"articles" must be a list of objects')
    return entries


def _body(
    meta: ArticleMeta | None,
    exported_hash: str,
    load_article: Callable[[ArticleMeta], Article] | None,
    entry: dict[str, Any],
) -> str | None:
    """The article's text, when it is the version exported from (the only case it is needed)."""
    if meta is None or load_article is None or not exported_hash:
        return None
    if meta.content_hash != exported_hash or not entry.get("highlights"):
        return None
    try:
        article = load_article(meta)
    except (OSError, ValueError):
        return None
    return article.body if article.meta.content_hash == exported_hash else None


def _highlight(
    raw: object, article_id: str, exported_hash: str, meta: ArticleMeta | None, body: str | None
) -> Highlight:
    if not isinstance(raw, dict):
        raise ExchangeError("a highlight is not an object")
    quote = _text(raw, "quote", required=True)
    start, end = _int(raw, "start"), _int(raw, "end")
    try:
        status = Status(_text(raw, "status") or "orphaned")
    except ValueError:
        status = Status.ORPHANED
    suggestion = raw.get("suggestion") if isinstance(raw.get("suggestion"), dict) else None
    holds = (
        start is not None
        and end is not None
        and (
            body is not None
            and 0 <= start < end <= len(body)
            and normalise(body[start:end]).text == normalise(quote).text
        )
    )
    if meta is None:
        digest = exported_hash if start is not None and end is not None else ""
    elif status.attached:
        digest = exported_hash if holds else ""
    else:
        digest = exported_hash if body is not None else ""
    created = _text(raw, "created", required=True)
    return Highlight(
        id=_text(raw, "id", required=True),
        article_id=article_id,
        quote=quote,
        original=_text(raw, "original") or quote,
        prefix=_text(raw, "prefix"),
        suffix=_text(raw, "suffix"),
        start=start if start is not None else 0,
        end=end if end is not None else 0,
        note=_text(raw, "note"),
        color=_text(raw, "color") or "yellow",
        status=status,
        score=100.0 if status.attached else 0.0,
        suggestion=_text(suggestion, "text") or None if suggestion else None,
        suggestion_start=_int(suggestion, "start") if suggestion else None,
        suggestion_end=_int(suggestion, "end") if suggestion else None,
        content_hash=digest,
        created=created,
        updated=_text(raw, "updated") or created,
        revision=1,
    )


def _list(entry: dict[str, Any], key: str) -> list[Any]:
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise ExchangeError(f'"{key}" must be a list')
    return value


def _text(data: dict[str, Any], key: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise ExchangeError(f'"{key}" must be a non-empty string, got {value!r}'[:200])
    return sanitize(value)  # an import file is untrusted text like any article


def _int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
