"""One page of the fetch queue: fetched, extracted and saved where its import said, or why not.

The page goes through the same path as `reader add` (`fetch`, `extract`, `save_page`), into the
file the import chose for it (the article's id comes from that path), keeping the address the
user saved rather than where redirects ended. Highlights imported before the text arrived are then
placed in it. What went wrong is sorted by what to do about it (`Verdict`): a page that is gone
(404, 410) stays gone; a busy or failing server (429, 503, 5xx, timeouts) is asked again later,
when it said (`Retry-After`) or after a growing pause; the network missing entirely is no fault
of the page; anything else (not an article, too large) is a failure with its reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from reader.core.annotate.anchor import Text
from reader.core.annotate.highlight import Highlight
from reader.core.text.parse import parse_file
from reader.ingest.errors import (
    BadUrl,
    HttpStatus,
    IngestError,
    NotAnArticle,
    Timeout,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from reader.ingest.extract import extract
from reader.ingest.fetch import fetch
from reader.ingest.importing.placing import place_by_words
from reader.ingest.pipeline import reattach
from reader.ingest.save import Saved, save_page
from reader.store.queue import WebArticle
from reader.store.state import Store

#: Statuses that mean "ask again later" (the server is busy or briefly broken).
BUSY = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
#: Statuses that mean the page is no longer there.
GONE = frozenset({404, 410})
#: The longest wait a server may ask for (a day): beyond it the row is simply tried later.
MAX_WAIT = 24 * 3600.0
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


class Verdict(StrEnum):
    """What became of one try."""

    SAVED = "saved"
    GONE = "gone"
    FAILED = "failed"
    LATER = "later"
    OFFLINE = "offline"


@dataclass(frozen=True)
class Tried:
    """One try at a queued page: the verdict, why, and how long the server asked to wait."""

    row: WebArticle
    verdict: Verdict
    reason: str = ""
    wait: float | None = None
    #: The server itself asked to slow down (429, 503): the whole host waits.
    busy: bool = False


def fetch_row(row: WebArticle, store: Store, library: Path, timeout: float) -> Tried:
    """Fetch, extract and save one queued page; never raises for what the web does (an
    `OSError` saving the file is raised: the disk is the user's problem, not the page's)."""
    path = library / row.path
    if path.is_file():  # saved by a run that stopped before recording it
        return Tried(row, Verdict.SAVED, "saved before")
    try:
        response = fetch(row.url, kind="page", timeout=timeout)
        if response.content_type in _FEED_TYPES:
            raise NotAnArticle("a feed, not an article")
        page = extract(response.body, response.url, response.content_type, response.charset)
    except IngestError as error:
        return judge(row, error)
    saved = save_page(library, replace(page, url=row.url), path=path)
    place_waiting(store, library, saved)
    return Tried(row, Verdict.SAVED)


def place_waiting(store: Store, library: Path, saved: Saved) -> None:
    """Place the highlights imported before the text arrived: re-attached as any others, and
    those with another tool's context that did not fit placed by their words alone when those
    occur once (`place_by_words`)."""
    if reattach(store, library, saved) == (0, 0):
        return
    unplaced = [h for h in store.highlights.for_article(saved.article_id) if not h.attached]
    if not any(h.prefix or h.suffix for h in unplaced):
        return
    article = parse_file(saved.path, library)
    text = Text(article.body)
    for highlight in unplaced:
        found = place_by_words(highlight.anchor, text)
        if found.anchor is None or not found.status.attached:
            continue
        fresh = found.anchor
        placed: dict[str, Any] = {
            "quote": fresh.quote, "prefix": fresh.prefix, "suffix": fresh.suffix,
            "start_offset": fresh.start, "end_offset": fresh.end, "status": str(found.status),
            "score": found.score, "suggestion": None, "suggestion_start": None,
            "suggestion_end": None, "content_hash": article.meta.content_hash,
        }  # fmt: skip
        store.highlights.place(highlight.id, "placing of the imported", _values(placed))


def judge(row: WebArticle, error: IngestError) -> Tried:
    """What to do after `error`."""
    reason = str(error)
    if isinstance(error, HttpStatus):
        if error.status in GONE:
            return Tried(row, Verdict.GONE, reason)
        if error.status in BUSY:
            wait = retry_after(error.retry_after)
            return Tried(row, Verdict.LATER, reason, wait, busy=error.status in (429, 503))
        return Tried(row, Verdict.FAILED, reason)
    if isinstance(error, Unreachable):
        return Tried(row, Verdict.OFFLINE, reason)
    if isinstance(error, NotAnArticle | TooLarge | BadUrl | TooManyRedirects):
        return Tried(row, Verdict.FAILED, reason)
    if isinstance(error, Timeout):
        return Tried(row, Verdict.LATER, reason)
    return Tried(row, Verdict.LATER, reason)  # a reset connection, a broken answer


def retry_after(header: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds, or an HTTP date); None if absent or
    unreadable; at most `MAX_WAIT`."""
    if not header:
        return None
    text = header.strip()
    if text.isdigit():
        return min(float(text), MAX_WAIT)
    try:
        when = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, min(when - (time.time() if now is None else now), MAX_WAIT))


def _values(values: dict[str, Any]) -> Callable[[Highlight], dict[str, Any]]:
    """`Highlights.place`'s decision: these values, whatever the highlight is now."""
    return lambda _current: values
