"""The fetch queue against a local web server: polite per site, patient with busy ones, honest
about failures, and picking up where it stopped."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from reader.core.annotate.anchor import Status
from reader.ingest import fetch_queue
from reader.ingest.errors import Unreachable
from reader.ingest.fetch_queue import fetch_queued
from reader.store.dirs import library_dir
from reader.store.queue import DONE, FAILED, GONE, QUEUED
from tests.imports.conftest import Reader, article_page
from tests.ingest.server import LocalSite, Route


def pocket_csv(path: Path, urls: list[str]) -> Path:
    rows = ["title,url,time_added,tags,status"]
    rows += [f"Page {n},{url},{1700000000 + n},,unread" for n, url in enumerate(urls)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def serve(site: LocalSite, count: int, **route: object) -> list[str]:
    return [
        site.add(f"/p/{n}", Route(body=article_page(f"Page {n}"), **route))  # type: ignore[arg-type]
        for n in range(count)
    ]


def states(reader: Reader) -> dict[str, str]:
    with reader.store() as store:
        return {row.url: row.state for row in store.queue.waiting()} | {
            url: DONE for url, state in _done(store)
        }


def _done(store: object) -> list[tuple[str, str]]:
    rows = store._db.rows("SELECT url, state FROM fetch_queue WHERE state = 'done'")  # type: ignore[attr-defined]
    return [(str(url), str(state)) for url, state in rows]


def test_import_fetches_every_page_at_most_two_at_once_per_site(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    urls = serve(site, 8, delay=0.15)
    assert reader("import", pocket_csv(tmp_path / "p.csv", urls)) == 0
    assert "fetched 8 pages, 0 failed, 0 gone; 0 still queued" in reader.err
    assert site.most_active == 2
    assert all(site.hits[f"/p/{n}"] == 1 for n in range(8))
    rows = {row["title"]: row for row in _listed(reader)}
    assert rows["Page 3"]["fetched"] is True and rows["Page 3"]["words"] > 20
    assert rows["Page 3"]["added"] == "2023-11-14T22:13:23+00:00"  # Pocket's date, kept


def test_a_slow_site_does_not_hold_up_the_others(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    with LocalSite() as quick:
        slow = serve(site, 4, delay=0.8)
        fast = serve(quick, 6)
        reader("import", pocket_csv(tmp_path / "p.csv", slow + fast), "--no-fetch")
        order: list[str] = []
        with reader.store() as store:
            fetch_queued(
                store, library_dir(reader.data), progress=lambda _d, _t, what: order.append(what)
            )
    assert sorted(order[:6]) == sorted(f"Page {n}" for n in range(4, 10))


def test_429_with_retry_after_waits_for_the_whole_site(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    busy = site.add_sequence(
        "/busy",
        [Route(status=429, headers={"Retry-After": "1"}), Route(body=article_page("Busy"))],
    )
    others = serve(site, 2)
    reader("import", pocket_csv(tmp_path / "p.csv", [busy, *others]), "--no-fetch")
    started = time.monotonic()
    with reader.store() as store:
        report = fetch_queued(store, library_dir(reader.data), jobs=1)
    assert report.saved == 3 and not report.failed
    assert time.monotonic() - started >= 1.0
    assert site.hits["/busy"] == 2


def test_a_page_that_fails_then_works_is_saved(
    reader: Reader, site: LocalSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch_queue, "FIRST_PAUSE", 0.2)
    flaky = site.add_sequence(
        "/flaky", [Route(status=503), Route(status=500), Route(body=article_page("Flaky"))]
    )
    reader("import", pocket_csv(tmp_path / "p.csv", [flaky]), "--no-fetch")
    with reader.store() as store:
        report = fetch_queued(store, library_dir(reader.data))
        assert report.saved == 1 and store.queue.counts() == {DONE: 1}
    assert site.hits["/flaky"] == 3


def test_failures_are_listed_with_their_reason_and_retried_on_demand(
    reader: Reader, site: LocalSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch_queue, "FIRST_PAUSE", 0.05)
    broken = site.add("/broken", Route(status=500))
    image = site.add("/image", Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png"))
    missing = site.url("/missing")
    assert reader("import", pocket_csv(tmp_path / "p.csv", [broken, image, missing])) == 1
    assert "fetched 0 pages, 2 failed, 1 gone" in reader.err
    assert f"{broken}: 500 Internal Server Error" in reader.err
    assert "not an article: image/png" in reader.err
    assert "`reader fetch --retry` tries the failed pages again" in reader.err
    assert site.hits["/broken"] == fetch_queue.MAX_ATTEMPTS
    assert reader("fetch", "--failed", "--json") == 0
    listed = {row["url"]: row for row in json.loads(reader.out)}
    assert listed[missing]["state"] == GONE and listed[missing]["error"] == "404 Not Found"
    assert listed[broken]["state"] == FAILED and listed[broken]["attempts"] == 5
    site.add("/broken", Route(body=article_page("Mended")))
    assert reader("fetch", "--retry") == 1  # the image still fails
    assert "2 failed pages queued again" in reader.err and "fetched 1 pages" in reader.err


def test_a_gone_page_keeps_its_row_address_and_annotations(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    gone = site.url("/gone")
    notes = tmp_path / "hypothesis.json"
    notes.write_text(
        json.dumps(
            {
                "total": 1,
                "rows": [
                    {
                        "id": "a1",
                        "uri": gone,
                        "text": "my note",
                        "tags": ["kept"],
                        "created": "2024-01-01T00:00:00+00:00",
                        "updated": "2024-01-01T00:00:00+00:00",
                        "target": [
                            {
                                "source": gone,
                                "selector": [
                                    {
                                        "type": "TextQuoteSelector",
                                        "exact": "words on a page now gone",
                                    }
                                ],
                            }
                        ],
                        "document": {"title": ["A page that went away"]},
                    }
                ],
            }
        )
    )
    assert reader("import", notes) == 0
    assert "1 gone" in reader.err
    (row,) = _listed(reader)
    assert row["title"] == "A page that went away" and row["url"] == gone
    assert row["fetched"] is False and row["highlights"] == 1
    with reader.store() as store:
        (highlight,) = store.highlights.all()
        assert highlight.note == "my note" and highlight.status is Status.ORPHANED
        assert store.queue.counts() == {GONE: 1}


def test_highlights_waiting_for_the_text_are_placed_when_it_arrives(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    page = site.add(
        "/essay",
        Route(
            body=article_page(
                "An essay",
                "The first paragraph says something plain and true about the sea. It goes "
                "on for a while, as essays do, with a second sentence and then a third.",
                "The second paragraph repeats nothing of the first, takes its time over "
                "a few more sentences, and ends the essay with a flourish.",
            )
        ),
    )
    notes = tmp_path / "highlights.csv"
    notes.write_text(
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,"
        "Location,Highlighted at,Document tags,URL\n"
        f'"something plain and true",An essay,,,"a note",green,,,,,,{page}\n'
        f'"ends the essay with a flourish",An essay,,,,,,,,,,{page}\n'
        f'"a sentence it never had",An essay,,,,,,,,,,{page}\n'
    )
    assert reader("import", notes) == 0
    with reader.store() as store:
        placed = {h.original: h for h in store.highlights.all()}
    assert placed["something plain and true"].status is Status.ANCHORED
    assert placed["something plain and true"].color == "green"
    assert placed["ends the essay with a flourish"].status is Status.ANCHORED
    assert placed["a sentence it never had"].status is Status.ORPHANED


def test_a_run_stopped_half_way_is_carried_on_and_nothing_is_fetched_twice(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    urls = serve(site, 10, delay=0.05)
    reader("import", pocket_csv(tmp_path / "p.csv", urls), "--no-fetch")
    stop = threading.Event()

    def progress(done: int, _total: int, _what: str) -> None:
        if done >= 4:
            stop.set()

    with reader.store() as store:
        first = fetch_queued(store, library_dir(reader.data), jobs=2, progress=progress, stop=stop)
        assert first.stopped and 4 <= first.saved < 10
        assert store.queue.counts()[QUEUED] == 10 - first.saved
    assert reader("fetch") == 0
    assert f"fetched {10 - first.saved} pages" in reader.err
    assert sum(site.hits.values()) <= 10 + 2  # at most the pages in flight when it stopped
    with reader.store() as store:
        assert store.queue.counts() == {DONE: 10}


def test_a_page_saved_by_a_run_killed_before_recording_it_is_not_fetched_again(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    (url,) = serve(site, 1)
    reader("import", pocket_csv(tmp_path / "p.csv", [url]), "--no-fetch")
    with reader.store() as store:
        (row,) = store.queue.waiting()
        target = library_dir(reader.data) / row.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\ntitle: saved already\n---\n\nIts text, saved already.\n")
        assert fetch_queued(store, library_dir(reader.data)).saved == 1
    assert site.hits["/p/0"] == 0


def test_two_fetchers_at_once_fetch_each_page_once(
    reader: Reader, site: LocalSite, tmp_path: Path
) -> None:
    urls = serve(site, 12, delay=0.05)
    reader("import", pocket_csv(tmp_path / "p.csv", urls), "--no-fetch")
    reports = []

    def run() -> None:
        with reader.store() as store:
            reports.append(fetch_queued(store, library_dir(reader.data), jobs=2))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(report.saved for report in reports) == 12
    assert all(count == 1 for count in site.hits.values())


def test_offline_every_row_is_kept_for_later(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = [f"https://site{n}.example/a" for n in range(6)]
    reader("import", pocket_csv(tmp_path / "p.csv", urls), "--no-fetch")

    def unreachable(url: str, **_options: object) -> None:
        raise Unreachable("network unreachable: cannot look up the host (offline, or no such host)")

    monkeypatch.setattr("reader.ingest.queue_page.fetch", unreachable)
    assert reader("fetch") == 0
    assert "the network is unreachable: the articles stay queued" in reader.err
    with reader.store() as store:
        assert store.queue.counts() == {QUEUED: 6}
        assert {row.attempts for row in store.queue.waiting()} <= {0, 1}


def _listed(reader: Reader) -> list[dict[str, object]]:
    assert reader("list", "--json") == 0
    return [row for row in json.loads(reader.out) if "seeds" not in str(row["path"])]


def test_a_row_fetched_a_moment_ago_stays_listed_until_its_file_is(
    reader: Reader, tmp_path: Path
) -> None:
    """The list takes a fetched page in when the folder's watch reports its file, a moment after
    the fetch recorded it: the row must not leave the list meanwhile (the Inbox count jumped
    1,005 -> 982 -> 1,005 while pages arrived)."""
    from reader.store.queue import Settled

    urls = ["https://site.example/a", "https://site.example/b"]
    assert reader("import", pocket_csv(tmp_path / "p.csv", urls), "--no-fetch") == 0
    library = library_dir(reader.data)
    with reader.store() as store:
        first = store.queue.waiting()[0]
        store.queue.settle([Settled(first.article_id, DONE)])
        listed = {meta.id for meta in store.queue.pending_articles(library)}
        assert listed == {row.article_id for row in store.queue.waiting()} | {first.article_id}
        # Long after (its file read by then, or gone), only the rows still to fetch are listed.
        later = store.queue.pending_articles(library, arriving=-3600.0)
        assert {meta.id for meta in later} == listed - {first.article_id}
