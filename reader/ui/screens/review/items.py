"""What the review screen shows of one highlight, and today's round gathered from the store.

`gather` runs in a thread worker: `reader.store.review_day` reads today's highlights (every
card at once, then only the few chosen in full) and they are named by their articles from the
library in memory. The passage's context is the text its anchor keeps on each side, so no
article file is opened to show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from reader.core.annotate.highlight import Highlight
from reader.core.article import ArticleMeta
from reader.core.review.session import ReviewRound
from reader.core.review.settings import ReviewSettings
from reader.store.review_day import DueHighlight, todays_review
from reader.store.state import Store

#: Characters of context shown on each side of the passage (cut at a word).
CONTEXT = 120


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One highlight as the review shows it: its words, note and tags, its article's title and
    source (empty when the article is not in the library shown now), new or a favourite."""

    highlight: Highlight
    title: str
    source: str
    tags: tuple[str, ...]
    new: bool
    favourite: bool
    #: Whether its article is in the library shown now (`enter` can open it).
    present: bool = True

    @property
    def id(self) -> str:
        return self.highlight.id

    @property
    def orphaned(self) -> bool:
        """No longer found in its article: reviewed as its words alone."""
        return not self.highlight.attached

    @property
    def passage(self) -> str:
        """The words highlighted (an orphan's as first highlighted)."""
        return self.highlight.original if self.orphaned else self.highlight.quote

    @property
    def before(self) -> str:
        """A little of the text before the passage, from a word on ("" for an orphan)."""
        return "" if self.orphaned else _tail(self.highlight.prefix)

    @property
    def after(self) -> str:
        return "" if self.orphaned else _head(self.highlight.suffix)

    def with_highlight(self, highlight: Highlight) -> ReviewItem:
        return replace(self, highlight=highlight)

    def with_tags(self, tags: tuple[str, ...], favourite: bool) -> ReviewItem:
        return replace(self, tags=tags, favourite=favourite)


def gather(
    store: Store,
    settings: ReviewSettings,
    now: datetime,
    articles: Mapping[str, ArticleMeta],
) -> ReviewRound[ReviewItem]:
    """Today's round at `now` (`todays_review`), each highlight named by its article."""
    today = todays_review(store, settings, now)
    items = [_item(due, articles.get(due.highlight.article_id)) for due in today.highlights]
    return ReviewRound(today.day.name, items, earlier=today.earlier)


def _item(due: DueHighlight, meta: ArticleMeta | None) -> ReviewItem:
    return ReviewItem(
        due.highlight,
        meta.title if meta is not None else "",
        meta.source if meta is not None else "",
        due.tags,
        due.candidate.is_new,
        due.candidate.favourite,
        meta is not None,
    )


def _tail(text: str) -> str:
    """The end of `text` in the passage's own paragraph, at most `CONTEXT` characters, from the
    first whole word on (the anchor's context starts anywhere, even inside a word)."""
    part = text.rsplit("\n", 1)[-1]
    if part is not text and len(part) <= CONTEXT:
        return part  # the paragraph's start: whole already
    cut = part[-CONTEXT:]
    space = cut.find(" ")
    return "…" + cut[space + 1 :] if space >= 0 else ""


def _head(text: str) -> str:
    """The start of `text` in the passage's paragraph, up to the last whole word."""
    part = text.split("\n", 1)[0]
    if part is not text and len(part) <= CONTEXT:
        return part
    cut = part[:CONTEXT]
    space = cut.rfind(" ")
    return cut[:space] + "…" if space >= 0 else ""
