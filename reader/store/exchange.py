"""Export and import of annotations and library state, and keeping statuses current.

JSON export is the lossless format (shape in INTERFACE.md) that `reader import` reads back: each
article's highlights (with their tags and review state), bookmarks, tags, place, read state,
progress and reading position (`Library.merge` and `Reviews.merge` say which side wins). It
also carries each article's `content_hash`, so an import into a library with the same files
keeps statuses as they were, while one into changed files re-attaches the highlights there.
Markdown is for people: each article's highlights as quotes with their notes, orphans in their
own section, each with its suggested place (how alike, what differs) and the commands that act
on it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.annotate.anchor import Status
from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, ArticleMeta, resolve_id
from reader.core.library.view import ids_of
from reader.core.shelf import ArticleState, Location, state_of
from reader.core.text.formats import ParseError
from reader.core.text.sanitize import escape_json_text, sanitize
from reader.store.bookmarks import Bookmark
from reader.store.claims import ExchangeError as ExchangeError
from reader.store.claims import (
    claimed_bookmark,
    claimed_highlight,
    claimed_review,
    claimed_state,
    claimed_tags,
    list_of,
    text_of,
)
from reader.store.highlights import Highlights
from reader.store.state import Store

#: Version of the JSON export; an import refuses other versions.
EXPORT_VERSION = 1

_HIGHLIGHT_KEYS = (
    "id", "quote", "original", "prefix", "suffix", "start", "end", "note", "color", "status",
    "created", "updated",
)  # fmt: skip


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    kept: int
    bookmarks: int
    #: Highlights whose id was another article's here, imported under an id of their own.
    renamed: int = 0
    #: Articles whose library state (place, read, progress, position) the import changed.
    states: int = 0
    #: Tags put on articles and highlights.
    tags: int = 0
    #: Highlights whose review state (card, grades) the import changed.
    reviews: int = 0

    def summary(self) -> str:
        text = (
            f"{self.added} highlights added, {self.updated} updated, {self.kept} already here; "
            f"{self.bookmarks} bookmarks added"
        )
        if self.renamed:
            text += f"; {self.renamed} given a new id (theirs belongs to another article here)"
        if self.states or self.tags:
            text += f"; {self.states} articles' state updated, {self.tags} tags added"
        if self.reviews:
            text += f"; review state of {self.reviews} highlights merged"
        if any((self.added, self.updated, self.bookmarks, self.states, self.tags, self.reviews)):
            text += "; `reader import --undo` takes this import back"
        return text


def reanchor_library(
    highlights: Highlights,
    articles: Iterable[ArticleMeta],
    load_article: Callable[[ArticleMeta], Article],
    progress: Callable[[str], None] | None = None,
) -> int:
    """Re-attach highlights of every article whose text changed, after taking in those another
    machine made on an article that is here at another path (`Highlights.adopt`); returns how
    many articles were parsed or taken in (anything to redraw).

    Only articles whose highlights were anchored against another version are parsed, so on an
    unchanged library this costs one query. An article that cannot be read now keeps its
    highlights (and statuses) as they were.
    """
    hashes = highlights.anchored_hashes()
    if not isinstance(articles, Sequence):
        articles = list(articles)
    parsed = highlights.adopt(hashes, articles)  # another machine's, at another path
    if parsed:
        hashes = highlights.anchored_hashes()
    annotated: Iterable[ArticleMeta] = articles
    if isinstance(articles, Sequence):  # (only the annotated are decoded, by their ids)
        ids = ids_of(articles)
        annotated = [articles[place] for place, key in enumerate(ids) if key in hashes]
    for meta in annotated:
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
    states = store.library.states()
    marked = store.tags.of_highlights()
    reviews = store.reviews.export()
    known = {meta.id: meta for meta in articles}
    annotated = set(highlights) | set(bookmarks) | {k for k, s in states.items() if _kept(s)}
    if article_id is not None:
        annotated = {resolve_id(article_id, annotated | set(known))}
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
                "highlights": [
                    _highlight_json(h, marked.get(h.id, ()), reviews.get(h.id))
                    for h in highlights.get(key, [])
                ],
                **_state_json(state_of(states, key)),
            }
        )
    return {"version": EXPORT_VERSION, "articles": entries}


def _kept(state: ArticleState) -> bool:
    """Whether an article's library state says more than "in the inbox, never read"."""
    return bool(
        state.tags
        or state.location is not Location.INBOX
        or state.read
        or state.progress
        or state.position
    )


def _state_json(state: ArticleState) -> dict[str, Any]:
    return {
        "tags": list(state.tags),
        "location": str(state.location),
        "read": state.read,
        "progress": state.progress,
        "position": state.position,
        "updated": state.updated,
    }


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
                lines += _suggestion_lines(highlight)
    # For people, often printed to a terminal: no control characters (paths are file names).
    return sanitize("\n".join(lines)).rstrip() + "\n"


def _suggestion_lines(highlight: dict[str, Any]) -> list[str]:
    """What an orphaned or ambiguous highlight's suggestion is, and how to act on it."""
    suggestion, key = highlight.get("suggestion"), highlight["id"]
    if highlight["status"] == Status.AMBIGUOUS:
        lines = ["- Ambiguous: its words fit several places in the article."]
        if suggestion:
            lines.append(f"- Nearest where it was: “{_one_line(suggestion['text'])}”")
    elif suggestion:
        lines = [
            f"- Best candidate, {suggestion['similarity']:.0f}% alike: "
            f"“{_one_line(suggestion['text'])}”",
            f"- What differs: {suggestion['differs']}",
        ]
    else:
        return []
    if suggestion:
        lines.append(f"- Accept it: `reader highlights accept {key}`")
        lines.append(f"- Keep it orphaned: `reader highlights keep {key}`")
    return [*lines, ""]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote(text: str) -> list[str]:
    return ["> " + line if line else ">" for line in text.splitlines() or [""]] + [""]


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


def _highlight_json(
    highlight: Highlight, tags: Sequence[str] = (), review: dict[str, Any] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {key: getattr(highlight, key) for key in _HIGHLIGHT_KEYS}
    data["status"] = str(highlight.status)
    data["tags"] = list(tags)
    data["review"] = review
    offered = highlight.offered
    data["suggestion"] = (
        {
            "start": offered.start,
            "end": offered.end,
            "text": offered.text,
            "similarity": round(offered.score, 1),
            "differs": offered.differs,
        }
        if offered is not None
        else None
    )
    return data


# Import ------------------------------------------------------------------------------------


def import_document(
    store: Store,
    document: object,
    articles: Sequence[ArticleMeta] = (),
    load_article: Callable[[ArticleMeta], Article] | None = None,
    source: str = "",
) -> ImportReport:
    """Merge an export into the store by id; nothing already here is duplicated or lost.

    What the file says is a claim (`reader.store.claims`): a highlight keeps its exported status
    only when its article is in the library in the very version it was exported from and its
    offsets still hold its quote; otherwise its quote and context decide when the article is next
    loaded. The import is recorded (`store.imports`, as `source`) so it can be undone whole.
    """
    entries = _articles_of(document)
    known = {meta.id: meta for meta in articles}
    highlights: list[Highlight] = []
    bookmarks: list[Bookmark] = []
    states: dict[str, dict[str, Any]] = {}
    tagged: dict[str, list[str]] = {}
    marked: list[tuple[Highlight, list[str]]] = []
    reviewed: list[tuple[Highlight, dict[str, Any]]] = []
    for entry in entries:
        article_id = text_of(entry, "id", required=True)
        exported_hash = text_of(entry, "content_hash")
        body = _body(known.get(article_id), exported_hash, load_article, entry)
        for raw in list_of(entry, "highlights"):
            highlights.append(claimed_highlight(raw, article_id, exported_hash, body))
            if names := claimed_tags(raw):
                marked.append((highlights[-1], names))
            if review := claimed_review(raw):
                reviewed.append((highlights[-1], review))
        for raw in list_of(entry, "bookmarks"):
            bookmarks.append(claimed_bookmark(raw, article_id))
        if state := claimed_state(entry):
            states[article_id] = state
        if names := claimed_tags(entry):
            tagged[article_id] = names
    with store.transaction():
        batch = store.imports.begin(source)
        merged = store.highlights.merge(highlights, batch)
        marks = store.bookmarks.merge(bookmarks, batch)
        moved = store.library.merge(states, batch)
        on_highlights = {h.id: names for h, names in marked}
        owners = {h.id: h.article_id for h, _names in marked}
        tags = store.tags.merge_import({"a": tagged, "h": on_highlights}, batch, owners)
        claims = {h.id: review for h, review in reviewed}
        cards = store.reviews.merge(claims, batch, {h.id: h.article_id for h, _ in reviewed})
        report = ImportReport(
            merged.added, merged.updated, merged.kept, marks, merged.renamed, moved, tags, cards
        )
        store.imports.finish(batch, report.summary())
    return report


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
