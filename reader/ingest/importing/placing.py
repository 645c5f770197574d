"""Imported highlights as the store keeps them, placed by their words in the article's text.

Other tools kept a highlight's quote, sometimes the text either side (W3C, Hypothesis) and a
position in their own copy of the page (a hint, never trusted). Each is re-attached in the text
reader shows (`reattach`, the rules of `reader.core.annotate.anchor`): attached when its words
and context say where, or when its words alone occur once (the context is the other tool's, and
may differ from ours), `ambiguous` when they fit several places, `orphaned` when they fit none,
kept with their quote and note and never attached to other words. A highlight whose article's
text has not been fetched yet waits as an orphan with no article version: the article's first
load after the text arrives places it.

Ids are derived from the source, the article and the tool's own id (or the quote, counted when it
repeats), so importing the same file again finds the same highlights instead of adding them twice.
A note on a whole article (not on a quote) is kept as a bookmark at its start, labelled with it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from reader.core.annotate.anchor import Anchor, Attachment, Status, Text, reattach
from reader.core.annotate.highlight import COLORS, Highlight
from reader.core.article import Article
from reader.core.migrate.records import ImportedHighlight
from reader.ingest.importing.plan import Planned
from reader.store.bookmarks import Bookmark
from reader.store.db import utc_now


@dataclass
class Placed:
    """The import's highlights (with their tags) and article notes, ready for the store."""

    highlights: list[Highlight] = field(default_factory=list)
    tags: dict[str, list[str]] = field(default_factory=dict)
    notes: list[Bookmark] = field(default_factory=list)
    #: Highlights whose words were not found in their article's text (listed to the user).
    orphans: list[tuple[str, Highlight]] = field(default_factory=list)
    #: Highlights waiting for their article's text to be fetched.
    waiting: int = 0


def place_all(articles: list[Planned], texts: dict[str, Article], source: str) -> Placed:
    placed = Placed()
    for planned in articles:
        article = texts.get(planned.article_id)
        prepared = Text(article.body) if article is not None and planned.highlights else None
        seen: dict[str, int] = {}
        fallback = planned.record.saved or planned.record.updated or utc_now()
        for imported in planned.highlights:
            identity = imported.key or " ".join(imported.quote.split())
            seen[identity] = seen.get(identity, 0) + 1
            key = _id(source, planned.article_id, identity, seen[identity])
            made = _highlight(key, planned.article_id, imported, fallback, article, prepared)
            placed.highlights.append(made)
            if imported.tags:
                placed.tags[made.id] = list(imported.tags)
            if article is None:
                placed.waiting += 1
            elif not made.attached:
                placed.orphans.append((planned.record.title or planned.record.url, made))
        for number, note in enumerate(planned.notes, start=1):
            key = _id(source, planned.article_id, "note\0" + note, number)
            placed.notes.append(Bookmark(key, planned.article_id, 0, note, fallback))
    return placed


def place_by_words(anchor: Anchor, text: Text) -> Attachment:
    """Re-attach an imported highlight: by its words and context, or, when that fails, by its
    words alone where they occur once (the context came from the other tool's copy of the page,
    which may differ from ours)."""
    found = reattach(anchor, text)
    if found.status.attached or anchor.quote_only:
        return found
    alone = reattach(Anchor.of_quote(anchor.quote, anchor.start), text)
    return alone if alone.status.attached else found


def _id(source: str, article_id: str, identity: str, count: int) -> str:
    text = f"{source}\0{article_id}\0{identity}\0{count}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _highlight(
    key: str,
    article_id: str,
    imported: ImportedHighlight,
    fallback: str,
    article: Article | None,
    text: Text | None,
) -> Highlight:
    near = imported.start or 0
    anchor = Anchor(imported.quote, imported.prefix, imported.suffix, near,
                    near + len(imported.quote))  # fmt: skip
    created = imported.created or fallback
    colour = imported.color if imported.color in COLORS else "yellow"
    base = Highlight(
        key, article_id, imported.quote, imported.quote, imported.prefix, imported.suffix,
        anchor.start, anchor.end, imported.note, colour, Status.ORPHANED, 0.0, None, None, None,
        "", created, imported.updated or created, 1,
    )  # fmt: skip
    if article is None or text is None:
        return base
    found = place_by_words(anchor, text)
    fresh = found.anchor if found.status.attached and found.anchor is not None else anchor
    offered = found.suggestion
    return Highlight(
        key, article_id, fresh.quote, imported.quote, fresh.prefix, fresh.suffix,
        fresh.start, fresh.end, imported.note, colour, found.status, found.score,
        offered.text if offered else None, offered.start if offered else None,
        offered.end if offered else None, article.meta.content_hash, created,
        imported.updated or created, 1,
    )  # fmt: skip
