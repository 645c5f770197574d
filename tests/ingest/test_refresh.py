"""Refreshing feeds: only new entries are added, teasers are fetched in full, servers are spared."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.core.files import STALE_AFTER
from reader.core.text.parse import parse_file
from reader.ingest.refresh import refresh_feeds
from reader.store.state import Store
from tests.ingest.pages import (
    FULL_FEED,
    PAGES,
    TEASER_FEED,
    atom_teasers,
    full_text,
    rss_full,
)
from tests.ingest.server import LocalSite, Route


@pytest.fixture
def store(isolated_user: Path) -> Store:
    return Store.open(isolated_user)


def saved_articles(library: Path) -> dict[str, list[str]]:
    return {
        article.meta.title: list(article.paragraphs)
        for article in (parse_file(path, library) for path in sorted(library.rglob("*.md")))
    }


def test_full_content_feed_is_saved_from_the_feed_itself(
    site: LocalSite, store: Store, library: Path
) -> None:
    store.feeds.subscribe(site.url(FULL_FEED))
    report = refresh_feeds(store, library)
    assert (report.new, report.updated, report.failed) == (3, 0, 0)
    articles = saved_articles(library)
    assert articles["The night ferry"] == full_text("night-ferry")
    assert not any(path.startswith("/letters/") for path in site.hits)  # no page was fetched
    assert report.feeds[0].line() == "Harbour Letters: 3 new, 0 updated, 0 failed"


def test_teaser_entries_are_fetched_and_extracted(
    site: LocalSite, store: Store, library: Path
) -> None:
    store.feeds.subscribe(site.url(TEASER_FEED), "Reading list")
    report = refresh_feeds(store, library)
    assert (report.new, report.failed) == (len(PAGES), 0)
    articles = saved_articles(library)
    for page in PAGES.values():
        paragraphs = articles[page.title]
        assert paragraphs[-1].endswith(page.last)
        assert not any(phrase in " ".join(paragraphs) for phrase in page.boilerplate)
        assert site.hits[page.path] == 1


def test_second_refresh_adds_nothing_and_is_conditional(
    site: LocalSite, store: Store, library: Path
) -> None:
    store.feeds.subscribe(site.url(FULL_FEED))
    store.feeds.subscribe(site.url(TEASER_FEED))
    refresh_feeds(store, library)
    files = sorted(library.rglob("*.md"))
    again = refresh_feeds(store, library)
    assert (again.new, again.updated, again.failed) == (0, 0, 0)
    assert site.not_modified[FULL_FEED] == 1  # ETag honoured
    assert site.not_modified[TEASER_FEED] == 1  # Last-Modified honoured
    assert all(report.not_modified for report in again.feeds)
    assert sorted(library.rglob("*.md")) == files


def test_only_new_entries_are_added(site: LocalSite, store: Store, library: Path) -> None:
    store.feeds.subscribe(site.url(TEASER_FEED))
    site.routes[TEASER_FEED] = Route(
        body=atom_teasers(site, ["news", "blog"]), content_type="application/atom+xml"
    )
    assert refresh_feeds(store, library).new == 2
    site.routes[TEASER_FEED] = Route(
        body=atom_teasers(site, ["news", "blog", "longform"]), content_type="application/atom+xml"
    )
    report = refresh_feeds(store, library)
    assert (report.new, report.updated) == (1, 0)
    assert site.hits[PAGES["news"].path] == 1  # the entry already saved is not fetched again
    assert len(list(library.rglob("*.md"))) == 3


def test_changed_entry_is_updated_in_place(site: LocalSite, store: Store, library: Path) -> None:
    items = (("night-ferry", "The night ferry", "Sara Quist"),)
    site.routes[FULL_FEED] = Route(body=rss_full(site, items), content_type="application/rss+xml")
    store.feeds.subscribe(site.url(FULL_FEED))
    refresh_feeds(store, library)
    body = rss_full(site, items).replace(b"says goodbye", b"says farewell")
    site.routes[FULL_FEED] = Route(body=body, content_type="application/rss+xml")
    report = refresh_feeds(store, library)
    assert (report.new, report.updated) == (0, 1)
    files = list(library.rglob("*.md"))
    assert len(files) == 1 and "says farewell" in files[0].read_text(encoding="utf-8")


def test_failed_entry_is_reported_and_tried_again(
    site: LocalSite, store: Store, library: Path
) -> None:
    page = PAGES["blog"]
    saved = site.routes.pop(page.path)
    store.feeds.subscribe(site.url(TEASER_FEED))
    report = refresh_feeds(store, library)
    assert report.failed == 1
    assert report.feeds[0].failed == [(page.title, "404 Not Found")]
    assert f"failed: {page.title}: 404 Not Found" in report.feeds[0].line()
    site.routes[page.path] = saved
    site.routes[TEASER_FEED].last_modified = ""  # a fresh feed body, so entries are looked at
    again = refresh_feeds(store, library)
    assert (again.new, again.failed) == (1, 0)


def test_failing_feed_says_why_and_others_go_on(
    site: LocalSite, store: Store, library: Path
) -> None:
    store.feeds.subscribe(site.url("/feeds/gone.xml"), "Gone")
    store.feeds.subscribe(site.url("/image.png"), "Picture")
    store.feeds.subscribe(site.url(FULL_FEED))
    report = refresh_feeds(store, library)
    lines = [feed.line() for feed in report.feeds]
    assert lines[0] == "Gone: failed: 404 Not Found"
    assert lines[1] == "Picture: failed: not a feed: image/png"
    assert report.new == 3 and report.failed == 2
    assert report.total_line().startswith("3 feeds: 3 new, 0 updated, 2 failed")
    assert store.feeds.find(site.url("/feeds/gone.xml")).error == "404 Not Found"  # type: ignore[union-attr]


def test_fetches_run_concurrently_within_the_limit(store: Store, library: Path) -> None:
    with LocalSite(latency=0.05) as site:
        for number in range(6):
            path = f"/feeds/{number}.atom"
            site.add(
                path,
                body=atom_teasers(site, [], f"Feed {number}"),
                content_type="application/atom+xml",
            )
            store.feeds.subscribe(site.url(path))
        refresh_feeds(store, library, jobs=3)
        assert site.most_active == 3


def _long_teaser_feed(site: LocalSite, count: int) -> str:
    """A feed of `count` teaser entries, each with a page of its own on the site."""
    news = PAGES["news"]
    entries = []
    for number in range(count):
        path = f"/many/{number}"
        site.add_page(path, news.file, news.content_type)
        entries.append(
            f"<entry><title>Entry {number}</title><id>tag:many,2024:{number}</id>"
            f"<link rel='alternate' href='{site.url(path)}'/>"
            f"<updated>2024-05-01T12:00:00Z</updated>"
            f"<summary>Teaser {number}: the flood barrier held through the night.</summary></entry>"
        )
    feed = (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Endless</title><id>tag:many,2024:feed</id>" + "".join(entries) + "</feed>"
    )
    return site.add("/endless.xml", body=feed.encode(), content_type="application/atom+xml")


def fetched_pages(site: LocalSite) -> int:
    return sum(count for path, count in site.hits.items() if path.startswith("/many/"))


def test_a_feed_with_endless_entries_fetches_only_the_limit_per_refresh(
    site: LocalSite, store: Store, library: Path
) -> None:
    # A hostile feed listing thousands of entries once made reader fetch a page for each.
    store.feeds.subscribe(_long_teaser_feed(site, 30))
    report = refresh_feeds(store, library, max_new=8)
    assert fetched_pages(site) == 8
    feed = report.feeds[0]
    assert (feed.new, feed.teasers, feed.failed) == (8, 22, [])
    assert "22 saved as teasers" in feed.line()
    assert len(list(library.rglob("*.md"))) == 30  # every entry is saved, 22 as their teaser
    titles = saved_articles(library)
    assert titles["Entry 29"] == ["Teaser 29: the flood barrier held through the night."]

    again = refresh_feeds(store, library, max_new=8)
    assert fetched_pages(site) == 16  # the next refresh fetches the next 8 in full
    assert (again.feeds[0].updated, again.feeds[0].teasers) == (8, 14)


def test_a_refresh_removes_what_a_killed_one_left_half_written(
    site: LocalSite, store: Store, library: Path
) -> None:
    leftover = library / "example.org" / ".essay.md.x1y2.tmp"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("half an article")
    then = time.time() - STALE_AFTER - 1
    os.utime(leftover, (then, then))
    store.feeds.subscribe(site.url(FULL_FEED))
    refresh_feeds(store, library)
    assert not leftover.exists()
