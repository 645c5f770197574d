"""Refreshing 20 feeds of 50 teaser entries each from a local server: time, concurrency, throughput.

Every entry is a teaser, so each of the 1,000 pages is fetched and its article extracted, as on
a first refresh of real feeds. The server (tests/ingest/server.py, on 127.0.0.1) adds a fixed
latency to every answer to stand in for the network. Printed, as medians over --repeat runs:

- the whole first refresh, for each --jobs level (fetches at most N at a time);
- a second refresh, where every feed answers 304 (ETag / Last-Modified);
- extraction throughput: the 1,000 pages extracted one after another in one thread (pages/s);
- how late the main thread wakes up while a refresh runs in a worker thread (what the app's event
  loop would feel: the UI stays responsive if this stays a few milliseconds).

Run from the repository root:  .venv/bin/python benchmarks/feeds.py
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.ingest.extract import extract
from reader.ingest.refresh import DEFAULT_JOBS, refresh_feeds
from reader.store.state import Store
from tests.ingest.server import LocalSite

FEEDS, ENTRIES = 20, 50

_WORDS = re.findall(
    r"\w+",
    "harbour council tide ferry market winter lantern keeper island weather storm village "
    "budget school road bridge river fisherman bakery station engineer archive letter morning "
    "evening report season museum garden library coast ship crew cargo vote plan",
)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 22))]
    return " ".join(words).capitalize() + "."


def page(feed: int, entry: int) -> bytes:
    rng = random.Random(feed * 1000 + entry)
    title = f"Story {entry} of feed {feed}: " + " ".join(rng.choice(_WORDS) for _ in range(5))
    paragraphs = "".join(
        "<p>" + " ".join(sentence(rng) for _ in range(rng.randint(2, 5))) + "</p>"
        for _ in range(rng.randint(6, 14))
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | Feed {feed}</title>"
        f"<meta property='og:site_name' content='Feed {feed} News'>"
        f"<meta property='article:published_time' content='2024-0{1 + entry % 9}-1{entry % 9}'>"
        "</head><body><header><nav><a href='/'>Home</a> <a href='/local'>Local</a> "
        "<a href='/sport'>Sport</a> <a href='/subscribe'>Subscribe now</a></nav></header>"
        "<div class='ad'>Advertisement: cheap flights</div><main><article>"
        f"<h1>{title}</h1><p class='byline'>By Reporter {feed}</p>{paragraphs}"
        "<div class='share'>Share on Facebook · Share on X</div></article>"
        "<section class='related'><h2>Related stories</h2><ul><li><a href='/a'>Another story"
        "</a></li><li><a href='/b'>Yet another</a></li></ul></section>"
        "<section class='comments'><h2>Comments (12)</h2><p>First! Great story.</p></section>"
        "</main><footer>© 2024 Feed News. All rights reserved.</footer></body></html>"
    ).encode()


def serve(site: LocalSite) -> list[str]:
    feeds = []
    for feed in range(FEEDS):
        entries = []
        for entry in range(ENTRIES):
            path = f"/f{feed}/story-{entry}"
            site.add(path, body=page(feed, entry))
            entries.append(
                f"<entry><title>Story {entry}</title><id>tag:bench,{feed}:{entry}</id>"
                f"<link href='{site.url(path)}'/><updated>2024-05-01T10:00:00Z</updated>"
                "<summary>A teaser sentence only.</summary></entry>"
            )
        body = (
            "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Feed {feed}</title><id>tag:bench,{feed}</id>" + "".join(entries) + "</feed>"
        ).encode("utf-8")
        feeds.append(
            site.add(
                f"/f{feed}.atom",
                body=body,
                content_type="application/atom+xml",
                etag=f'"feed-{feed}"',
            )
        )
    return feeds


def one_refresh(feeds: list[str], jobs: int) -> tuple[float, float, int, float, int]:
    """(first refresh s, second refresh s, pages, extraction s inside the refresh, new)."""
    with tempfile.TemporaryDirectory(prefix="reader-feeds-") as folder:
        data = Path(folder)
        with Store.open(data) as store:
            for url in feeds:
                store.feeds.subscribe(url)
            first = refresh_feeds(store, data / "library", jobs=jobs)
            second = refresh_feeds(store, data / "library", jobs=jobs)
    assert first.failed == 0, [feed.line() for feed in first.feeds if feed.failed or feed.error]
    assert second.new == 0
    return first.seconds, second.seconds, first.pages, first.extract_seconds, first.new


def extraction_rate(site: LocalSite) -> float:
    bodies = [(url, route.body) for url, route in site.routes.items() if "/story-" in url]
    started = time.perf_counter()
    for path, body in bodies:
        extract(body, site.url(path), "text/html", "utf-8")
    return len(bodies) / (time.perf_counter() - started)


def wake_up_lag(feeds: list[str], jobs: int) -> list[float]:
    """Milliseconds the main thread oversleeps a 10 ms sleep while a refresh runs beside it."""
    done = threading.Event()
    thread = threading.Thread(target=lambda: (one_refresh(feeds, jobs), done.set()))
    thread.start()
    lags = []
    while not done.is_set():
        started = time.perf_counter()
        time.sleep(0.01)
        lags.append((time.perf_counter() - started - 0.01) * 1000)
    thread.join()
    return lags


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, DEFAULT_JOBS])
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per answer")
    options = parser.parse_args()
    jobs = " ".join(map(str, options.jobs))
    print(
        f"$ python benchmarks/feeds.py --repeat {options.repeat} --jobs {jobs} "
        f"--latency {options.latency}"
    )
    latency = options.latency * 1000
    print(f"{FEEDS} feeds x {ENTRIES} teaser entries; server latency {latency:g} ms\n")
    with LocalSite(latency=options.latency) as site:
        feeds = serve(site)
        for level in options.jobs:
            runs = [one_refresh(feeds, level) for _ in range(options.repeat)]
            first = statistics.median(run[0] for run in runs)
            second = statistics.median(run[1] for run in runs)
            pages, new = runs[0][2], runs[0][4]
            inside = statistics.median(run[3] for run in runs)
            print(
                f"jobs={level}: first refresh {first:.2f} s ({new} articles saved, {pages} pages "
                f"fetched and extracted, {pages / first:.0f} pages/s end to end; extraction "
                f"{inside:.2f} s of worker time); second refresh (all 304) {second:.3f} s; "
                f"most requests at once {site.most_active}"
            )
            site.most_active = 0
        rates = [extraction_rate(site) for _ in range(options.repeat)]
        print(f"\nextraction alone, one thread: {statistics.median(rates):.0f} pages/s (median)")
        lags = sorted(wake_up_lag(feeds, max(options.jobs)))
        p95 = lags[int(len(lags) * 0.95)]
        print(
            f"main-thread wake-up lag during a refresh (jobs={max(options.jobs)}): median "
            f"{statistics.median(lags):.1f} ms, p95 {p95:.1f} ms, max {lags[-1]:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
