"""One page from URL to library: fetch, extract, save, and re-attach the highlights it had.

Shared by `reader add`, the app's add-URL dialog and feed refreshes, so all three save the same
files and report the same outcomes. Saving a URL again rewrites the same file; its highlights are
then re-attached by the annotation store, and those that no longer fit are counted as orphans
(kept, with their words) so the user is told.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.files import remove_stale_temporaries
from reader.core.text.formats import ParseError
from reader.core.text.parse import parse_file
from reader.ingest.errors import NotAnArticle
from reader.ingest.extract import Page, extract
from reader.ingest.fetch import DEFAULT_TIMEOUT, fetch
from reader.ingest.save import Saved, save_page
from reader.store.state import Store

#: Progress of one add: called with a word for the step now running.
Step = Callable[[str], None]

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


@dataclass(frozen=True)
class Added:
    """A page saved: where, whether it was new, and what happened to its highlights."""

    saved: Saved
    source: str
    reattached: int = 0
    orphaned: int = 0

    def summary(self) -> str:
        """One line for people: what was saved, and any highlights that lost their place."""
        verb = {"new": "saved", "updated": "updated", "unchanged": "unchanged"}[self.saved.status]
        line = f"{verb}: {self.saved.title}" + (f" ({self.source})" if self.source else "")
        return line + self.highlights_note()

    def highlights_note(self) -> str:
        if not (self.reattached or self.orphaned):
            return ""
        note = f"; {self.reattached} highlight{_s(self.reattached)} re-attached"
        if self.orphaned:
            note += (
                f", {self.orphaned} orphaned (kept with {'its' if self.orphaned == 1 else 'their'}"
                " words, no longer in the text)"
            )
        return note


def add_url(
    url: str,
    library: Path,
    store: Store | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    step: Step | None = None,
) -> Added:
    """Fetch `url`, extract its article and save it into `library`; `IngestError` on failure."""
    report = step or (lambda _word: None)
    report("fetching")
    response = fetch(url, kind="page", timeout=timeout)
    if response.content_type in _FEED_TYPES:
        raise NotAnArticle("a feed, not an article: follow it with `reader feed add URL`")
    report("extracting")
    page = extract(response.body, response.url, response.content_type, response.charset)
    report("saving")
    remove_stale_temporaries(library)  # left by a save killed half-way
    return keep(page, library, store)


def keep(page: Page, library: Path, store: Store | None, feed: str = "") -> Added:
    """Save `page` and, if it replaced an earlier version, re-attach that version's highlights."""
    saved = save_page(library, page, feed)
    reattached = orphaned = 0
    if saved.status == "updated" and store is not None:
        reattached, orphaned = reattach(store, library, saved)
    return Added(saved, page.site, reattached, orphaned)


def reattach(store: Store, library: Path, saved: Saved) -> tuple[int, int]:
    """Re-anchor the saved article's highlights: (still attached, orphaned or ambiguous)."""
    if not store.highlights.for_article(saved.article_id):
        return 0, 0
    try:
        article = parse_file(saved.path, library)
    except ParseError:
        return 0, 0
    after = store.highlights.reanchor(article)
    lost = sum(1 for highlight in after if not highlight.attached)
    return len(after) - lost, lost


def _s(count: int) -> str:
    return "" if count == 1 else "s"
