"""`reader fetch`: the text of imported articles known by their address only, fetched now.

Carries on where any earlier run (or the app) stopped: the queue is in the store. A live line
shows progress on a terminal; at the end, one line of totals, then each failure with its reason
and the command that tries them again. Without a network the articles stay queued.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from reader.cli.command import SubCommand
from reader.cli.common import existing_store, positive
from reader.cli.live_line import LiveLine
from reader.cli.output import printable
from reader.core.files import ensure_private_dir
from reader.core.text.sanitize import escape_json_text
from reader.ingest.fetch import DEFAULT_TIMEOUT
from reader.ingest.fetch_queue import DEFAULT_JOBS, PER_HOST, QueueReport, fetch_queued
from reader.store.dirs import library_dir
from reader.store.queue import GONE
from reader.store.state import Store

FETCH_EPILOG = f"""Pages are fetched at most {PER_HOST} at once per site; a site that asks to
wait (429, 503, Retry-After) is left alone as long as it asked. A page is retried up to 5 times
over a growing pause, then listed as failed with its reason; a page the site says is gone (404,
410) keeps its row, address, tags and highlights. --retry queues the failed ones again. --failed
lists failures (--json for scripts: url, title, id, state failed|gone, error, attempts)."""

#: The command that tries failed pages again, as the failure list says it.
RETRY_COMMAND = "reader fetch --retry"


def configure_fetch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--retry", action="store_true", help="queue the failed pages again")
    parser.add_argument("--failed", action="store_true", help="list the failures, fetch nothing")
    parser.add_argument("--json", action="store_true", help="with --failed: JSON for scripts")
    parser.add_argument(
        "--progress-json",
        action="store_true",
        help="report progress as one JSON object a line on stdout (for the app)",
    )
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=positive(int),
        default=DEFAULT_JOBS,
        help=f"pages fetched at once, all sites together (default {DEFAULT_JOBS})",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=positive(float),
        default=DEFAULT_TIMEOUT,
        help=f"give up on a server after SECONDS (default {DEFAULT_TIMEOUT:g})",
    )


def run_fetch(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    with existing_store(override) as store:
        if options.failed:
            return _list_failures(store, options.json)
        if store is None:
            print("reader: nothing to fetch (no import yet)", file=sys.stderr)
            return 0
        if options.retry:
            print(f"reader: {store.queue.retry():,} failed pages queued again", file=sys.stderr)
        library = ensure_private_dir(library_dir(override))
        if options.progress_json:
            return _fetch_for_a_program(store, library, options.jobs, options.timeout)
        return fetch_with_live_line(store, library, jobs=options.jobs, timeout=options.timeout)


def fetch_with_live_line(
    store: Store, library: Path, *, jobs: int = DEFAULT_JOBS, timeout: float = DEFAULT_TIMEOUT
) -> int:
    """Fetch the queue with a live line on stderr; print the totals and failures; the exit
    status (1 when pages failed this run)."""
    with LiveLine(sys.stderr) as line:

        def progress(done: int, total: int, what: str) -> None:
            line.show(f"fetching {done:,}/{total:,}: {what}")

        report = fetch_queued(store, library, jobs=jobs, timeout=timeout, progress=progress)
    for text in report_lines(report, store.queue.counts()):
        print(printable(text), file=sys.stderr)
    return 1 if report.failed else 0


def _fetch_for_a_program(store: Store, library: Path, jobs: int, timeout: float) -> int:
    """`--progress-json`: `{"done", "total", "what"}` after each page, then `{"saved",
    "failed", "gone", "queued", "offline"}` at the end, one object a line, flushed."""

    def say(data: dict[str, object]) -> None:
        print(escape_json_text(json.dumps(data, ensure_ascii=False)), flush=True)

    def progress(done: int, total: int, what: str) -> None:
        say({"done": done, "total": total, "what": what})

    signal.signal(signal.SIGTERM, _interrupt)  # the app quitting: stop as for ctrl+c
    report = fetch_queued(store, library, jobs=jobs, timeout=timeout, progress=progress)
    if report.stopped:  # pages in flight were let go: nobody waits for their threads
        sys.stdout.flush()
        os._exit(0)
    counts = store.queue.counts()
    say(
        {
            "saved": report.saved,
            "failed": len(report.failed),
            "gone": len(report.gone),
            "queued": counts.get("queued", 0),
            "offline": report.offline,
        }
    )
    return 0


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def report_lines(report: QueueReport, counts: dict[str, int]) -> list[str]:
    """The totals of a run, then its failures with their reasons and how to retry them."""
    queued = counts.get("queued", 0)
    lines = [
        f"reader: fetched {report.saved:,} pages, {len(report.failed):,} failed, "
        f"{len(report.gone):,} gone; {queued:,} still queued ({report.seconds:.1f} s)"
    ]
    if report.offline:
        lines.append(
            "reader: the network is unreachable: the articles stay queued; "
            "`reader fetch` carries on once online"
        )
    elif report.stopped:
        lines.append("reader: stopped; `reader fetch` carries on where this run stopped")
    elif queued:
        lines.append("reader: some sites asked to wait: `reader fetch` later carries on")
    for url, why in [*report.failed, *report.gone][:20]:
        lines.append(f"  {url}: {why}")
    if report.failed:
        lines.append(f"reader: `{RETRY_COMMAND}` tries the failed pages again")
    return lines


def _list_failures(store: Store | None, as_json: bool) -> int:
    rows = store.queue.failures() if store is not None else []
    if as_json:
        listed = [
            {
                "id": row.article_id,
                "url": row.url,
                "title": row.title,
                "state": row.state,
                "error": row.error,
                "attempts": row.attempts,
            }
            for row in rows
        ]
        print(escape_json_text(json.dumps(listed, ensure_ascii=False, indent=2)))
        return 0
    for row in rows:
        kind = "gone" if row.state == GONE else "failed"
        print(printable(f"{row.article_id}  {kind}  {row.url}  {row.error}"))
    if any(row.state != GONE for row in rows):
        print(f"reader: `{RETRY_COMMAND}` tries the failed pages again", file=sys.stderr)
    return 0


SUBCOMMANDS = {"fetch": SubCommand(run_fetch, configure_fetch, FETCH_EPILOG)}
