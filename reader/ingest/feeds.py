"""RSS and Atom feeds read with feedparser, reduced to what a refresh needs.

feedparser is only ever given bytes we fetched ourselves: handed a string it would try to open it
as a URL or a file, which a feed address taken from an OPML file must never cause. Each entry
says whether the feed carries the whole article (`full`) or only a teaser, in which case the
refresh fetches its page and extracts the article from there.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from reader.core.text.sanitize import sanitize_line
from reader.ingest.errors import NotAFeed

#: An entry whose own text has at least this many words is taken as the full article.
FULL_WORDS = 150

_TAG = re.compile(r"<[^>]*>")
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+xml"})


@dataclass(frozen=True)
class Entry:
    """One item of a feed: where it links to, and the richest text the feed has for it."""

    id: str
    link: str
    title: str
    author: str
    date: str | None
    html: str
    full: bool
    fingerprint: str


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its own title and site, and its entries in the feed's order."""

    title: str
    site_url: str
    entries: tuple[Entry, ...]


def parse_feed(body: bytes, url: str, content_type: str = "") -> Feed:
    """The feed in `body` (fetched from `url`); `NotAFeed` if it is not RSS or Atom."""
    import feedparser  # loaded only when a feed is read

    parsed = feedparser.parse(
        bytes(body),
        response_headers={
            "content-location": url,
            "content-type": content_type or "application/xml",
        },
    )
    if not parsed.get("version") and not parsed.get("entries"):
        raise NotAFeed(f"not a feed: {content_type or 'unknown content'}")
    channel: Any = parsed.get("feed", {})
    entries = tuple(_entry(item, url) for item in parsed.get("entries", []))
    return Feed(
        title=sanitize_line(str(channel.get("title", ""))),
        site_url=str(channel.get("link", "")),
        entries=entries,
    )


def _entry(item: Any, feed_url: str) -> Entry:
    content = item.get("content") or []
    richest = max((str(part.get("value", "")) for part in content), key=len, default="")
    summary = str(item.get("summary", ""))
    html = richest if len(richest) >= len(summary) else summary
    link = urljoin(feed_url, str(item.get("link", ""))) if item.get("link") else ""
    title = sanitize_line(str(item.get("title", "")))
    stamp = str(_get(item, "updated") or _get(item, "published") or "")
    identity = str(item.get("id", "")) or link or _digest(title, summary)
    return Entry(
        id=identity,
        link=link,
        title=title,
        author=sanitize_line(str(item.get("author", ""))),
        date=_date(item),
        html=html,
        full=len(_TAG.sub(" ", html).split()) >= FULL_WORDS,
        fingerprint=_digest(title, stamp, html),
    )


def _date(item: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = _get(item, key)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _get(item: Any, key: str) -> Any:
    """The key's own value: feedparser maps a missing `updated` to `published`, with a warning."""
    return dict.get(item, key)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8")).hexdigest()


def discover_feed(html: str, base_url: str) -> str | None:
    """The feed a web page announces (`<link rel="alternate" type="application/rss+xml">`)."""
    finder = _FeedLinks()
    try:
        finder.feed(html[: 512 * 1024])
        finder.close()
    except AssertionError:  # html.parser gives up on some broken markup: nothing found
        return None
    return urljoin(base_url, finder.found) if finder.found else None


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link" or self.found:
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        if "alternate" in rel and values.get("type", "").lower() in _FEED_TYPES:
            self.found = values.get("href", "").strip()
