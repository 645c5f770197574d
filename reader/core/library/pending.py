"""Articles known only by their address so far: imported from Pocket, Instapaper or Readwise,
their text not fetched yet.

They are listed like any other article (title, site, address, tags, place), so a library of
50,000 appears at once, and the text arrives in the background. Such an article is an
`ArticleMeta` whose `format` is `PENDING` and whose `path` is where its text will be saved (which
is what its id comes from, so tags and highlights attached now stay attached when the file
arrives); no file exists yet. `load_article` gives it a short body saying so (`pending_article`),
which the reading pane, the search index and the export read like any other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from reader.core.article import Article, ArticleMeta, Block, BlockKind

#: The `ArticleMeta.format` of an article whose text has not been fetched yet.
PENDING = "pending"

#: What the list shows instead of a length for such an article.
NOT_FETCHED = "not fetched yet"


def stamp(meta: ArticleMeta) -> str:
    """What tells one version of an article from another for the search index: its
    `content_hash`, or for an article not fetched yet (which has none) a digest of what its
    stand-in body and row show. An empty hash means "unknown: read it again", so without this
    the index would take every waiting article in again each time a page arrives (50,000 of
    them after a Pocket import); with it, only the article whose text came."""
    if meta.content_hash or not is_pending(meta):
        return meta.content_hash
    stand_in = f"{PENDING}\x00{meta.title}\x00{meta.source}\x00{meta.url}"
    return hashlib.sha256(stand_in.encode("utf-8", "surrogateescape")).hexdigest()


def is_pending(meta: ArticleMeta) -> bool:
    return meta.format == PENDING


def pending_article(meta: ArticleMeta) -> Article:
    """The article's stand-in body: what it is and where its text will come from."""
    blocks = [
        Block("Not fetched yet", BlockKind.HEADING),
        Block(
            "This article was imported with its address only. Its text is fetched in the "
            "background, and appears here once saved; `reader fetch` fetches it now and lists "
            "any that failed, with the reason."
        ),
    ]
    if meta.url:
        blocks.append(Block(meta.url))
    return Article(meta=meta, blocks=tuple(blocks))


def with_pending(
    articles: Sequence[ArticleMeta], pending: list[ArticleMeta]
) -> Sequence[ArticleMeta]:
    """`articles` followed by the pending ones no file stands for yet (a file of the same id
    wins: its text has arrived)."""
    present = {meta.id for meta in articles}
    extra = [meta for meta in pending if meta.id not in present]
    return [*articles, *extra] if extra else articles
