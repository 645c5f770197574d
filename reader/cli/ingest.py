"""`reader add`, `reader feed ...` and `reader refresh`: the user's own reading, brought in.

Failures of one URL or one feed are reported on their own line on stderr and the others still
run; the exit status is then 1. Commands that do not fetch (`feed list`, `feed remove`,
`feed export`, `add PATH`) work without a network; those that fetch say so when it is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.cli.command import SubCommand
from reader.cli.common import existing_store, positive
from reader.cli.live_line import LiveLine
from reader.cli.output import fail
from reader.core.files import write_atomically
from reader.core.text.sanitize import sanitize_line
from reader.ingest.errors import IngestError, NotAFeed
from reader.ingest.feeds import discover_feed, parse_feed
from reader.ingest.fetch import DEFAULT_TIMEOUT, check_url, fetch
from reader.ingest.local import add_paths
from reader.ingest.opml import Outline, read_opml, write_opml
from reader.ingest.pipeline import add_url
from reader.ingest.refresh import DEFAULT_JOBS, refresh_feeds
from reader.store.dirs import config_file, data_dir, library_dir
from reader.store.state import Store
from reader.store.synced_config import layered_config

ADD_EPILOG = """A URL is fetched, its article extracted (title, byline, date, site, text without
menus, ads or comments) and saved as Markdown in your library folder (`reader dirs`). Saving the
same URL again updates that file, and its highlights are re-attached (orphans are reported).
Files and folders are copied, never overwriting anything already there."""
FEED_EPILOG = """`reader feed COMMAND --help` tells more. Entries are saved by `reader refresh`:
full articles from the feed itself, or fetched from their page when the feed has only a teaser."""
REFRESH_EPILOG = """One line per feed (new, updated, failed and why), then the totals. Feeds that
have not changed cost one short request (ETag / Last-Modified). Exit status 1 if anything failed."""


def _add_timeout(parser: argparse.ArgumentParser) -> None:

    _number(parser, "--timeout", DEFAULT_TIMEOUT, "give up on a server after SECONDS")


def _number(parser: argparse.ArgumentParser, flag: str, default: float, help: str) -> None:
    """A positive number option (an int if its default is one), its default in the help."""
    metavar = "SECONDS" if isinstance(default, float) else "N"
    parser.add_argument(
        flag,
        metavar=metavar,
        type=positive(type(default)),
        default=default,
        help=f"{help} (default {default:g})",
    )


# reader add ----------------------------------------------------------------------------------


def configure_add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("items", metavar="URL|PATH", nargs="+", help="web pages, files or folders")
    _add_timeout(parser)


def run_add(options: argparse.Namespace) -> int:

    override: Path | None = options.data_dir
    library = library_dir(override)
    failed = 0
    with existing_store(override) as store:
        for item in options.items:
            if "://" in item or item.lower().startswith(("http:", "https:")):
                try:
                    added = add_url(item, library, store, timeout=options.timeout)
                except IngestError as error:
                    failed += _error(f"{item}: {error}")
                    continue
                print(_safe(f"{added.summary()} -> {added.saved.path}"))
                continue
            path = Path(item)
            if not path.exists():
                hint = " (for a web page, write the URL with https://)" if "." in item else ""
                failed += _error(f"no such file or folder: {item}{hint}")
                continue
            report = add_paths([path], library)
            for copied in report.copied:
                verb = {"new": "copied", "renamed": "copied", "unchanged": "already there"}
                print(_safe(f"{verb[copied.outcome]}: {copied.source} -> {copied.target}"))
            for problem in report.problems:
                failed += _error(f"skipped {problem.path}: {problem.reason}")
    return 1 if failed else 0


# reader feed ...  ----------------------------------------------------------------------------


def configure_feed(parser: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", type=Path, default=argparse.SUPPRESS, help="as for reader"
    )
    actions = parser.add_subparsers(title="commands", dest="action", metavar="COMMAND")
    actions.required = True

    def action(name: str, summary: str) -> argparse.ArgumentParser:
        return actions.add_parser(
            name, help=summary, description=summary, parents=[common], allow_abbrev=False
        )

    add = action("add", "follow a feed (the URL of an RSS or Atom feed, or of a page naming one)")
    add.add_argument("url", metavar="URL")
    add.add_argument("--no-check", action="store_true", help="add it without fetching it first")
    _add_timeout(add)
    listing = action("list", "the feeds you follow: id, title, entries saved, last check")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    remove = action("remove", "stop following a feed (its saved articles stay)")
    remove.add_argument("feed", metavar="URL|ID", help="as `reader feed list` shows it")
    opml = action("import", "follow every feed of an OPML file (from another feed reader)")
    opml.add_argument("file", metavar="FILE.opml", type=Path)
    export = action("export", "the feeds you follow as OPML, for another feed reader")
    export.add_argument("--output", metavar="FILE", type=Path, help="write to FILE, not stdout")


def run_feed(options: argparse.Namespace) -> int:
    runs = {
        "add": _feed_add,
        "list": _feed_list,
        "remove": _feed_remove,
        "import": _feed_import,
        "export": _feed_export,
    }
    return runs[options.action](options)


def _feed_add(options: argparse.Namespace) -> int:

    try:
        url = check_url(options.url)
        url, title, site, count = (
            (url, "", "", -1) if options.no_check else _probe(url, options.timeout)
        )
    except IngestError as error:
        return _error(f"{options.url}: {error}")
    with Store.open(data_dir(options.data_dir)) as store:
        subscription, new = store.feeds.subscribe(url, title, site)
    name = subscription.title or subscription.url
    if not new:
        print(_safe(f"already following: {name} (id {subscription.id})"))
        return 0
    found = f", {count} entries" if count >= 0 else ""
    print(_safe(f"following: {name} (id {subscription.id}{found}); `reader refresh` saves them"))
    return 0


def _probe(url: str, timeout: float) -> tuple[str, str, str, int]:
    """Fetch the feed once: its final URL, title and site, and how many entries it has now.

    A web page that announces a feed is followed to that feed."""

    response = fetch(url, kind="feed", timeout=timeout)
    try:
        feed = parse_feed(response.body, response.url, response.content_type)
    except NotAFeed:
        announced = discover_feed(response.body.decode(response.charset or "utf-8", "replace"), url)
        if announced is None:
            raise
        response = fetch(announced, kind="feed", timeout=timeout)
        feed = parse_feed(response.body, response.url, response.content_type)
    return response.url, feed.title, feed.site_url, len(feed.entries)


def _feed_list(options: argparse.Namespace) -> int:
    with existing_store(options.data_dir) as store:
        feeds = store.feeds.all() if store else []
        counts = store.feeds.entry_counts() if store else {}
    rows = [
        {
            "id": feed.id,
            "url": feed.url,
            "title": feed.title,
            "site_url": feed.site_url,
            "entries": counts.get(feed.id, 0),
            "added": feed.added,
            "checked": feed.checked,
            "error": feed.error or None,
        }
        for feed in feeds
    ]
    if options.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no feeds yet: follow one with `reader feed add URL`", file=sys.stderr)
    for row in rows:
        checked = str(row["checked"] or "never")[:16].replace("T", " ")
        name = row["title"] or row["url"]
        print(f"{row['id']:>4}  {_safe(str(name))}  ({row['entries']} saved, checked {checked})")
        error = f"  last error: {row['error']}" if row["error"] else ""
        print("      " + _safe(f"{row['url']}{error}"))
    return 0


def _feed_remove(options: argparse.Namespace) -> int:
    with existing_store(options.data_dir) as store:
        subscription = store.feeds.find(options.feed) if store else None
        if store is None or subscription is None:
            raise LookupError(f"not following {options.feed}: see `reader feed list`")
        store.feeds.unsubscribe(subscription.id)
    name = subscription.title or subscription.url
    print(_safe(f"stopped following: {name} (its saved articles stay in your library)"))
    return 0


def _feed_import(options: argparse.Namespace) -> int:

    try:
        found = read_opml(Path(options.file).read_bytes())
    except IngestError as error:
        return _error(f"{options.file}: {error}")
    added = 0
    with Store.open(data_dir(options.data_dir)) as store:
        for outline in found.outlines:
            added += store.feeds.subscribe(outline.url, outline.title)[1]
    already = len(found.outlines) - added
    skipped = f", {found.skipped} skipped (not http or https)" if found.skipped else ""
    print(f"imported {added} feed{'s' if added != 1 else ''} ({already} already followed{skipped})")
    return 0


def _feed_export(options: argparse.Namespace) -> int:

    with existing_store(options.data_dir) as store:
        feeds = store.feeds.all() if store else []
    document = write_opml(Outline(feed.url, feed.title) for feed in feeds)
    if options.output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
    else:
        write_atomically(Path(options.output), [document])
        print(f"exported {len(feeds)} feeds to {options.output}", file=sys.stderr)
    return 0


# reader refresh ------------------------------------------------------------------------------


def configure_refresh(parser: argparse.ArgumentParser) -> None:

    _number(parser, "--jobs", DEFAULT_JOBS, "fetch at most N feeds and pages at a time")
    _add_timeout(parser)
    parser.add_argument(
        "--max-new",
        metavar="N",
        type=positive(int),
        default=None,
        help="fetch at most N pages per feed; the rest are saved as teasers and fetched by later "
        "refreshes (default: `max_new` in the config's [feeds], else 100)",
    )


def run_refresh(options: argparse.Namespace) -> int:
    max_new = options.max_new
    with existing_store(options.data_dir) as store:
        if max_new is None:
            max_new = layered_config(config_file(options.data_dir), store)[0].feed_max_new
        if store is None or not store.feeds.all():
            print("no feeds yet: follow one with `reader feed add URL`", file=sys.stderr)
            return 0
        with LiveLine(sys.stderr) as line:
            report = refresh_feeds(
                store,
                library_dir(options.data_dir),
                jobs=options.jobs,
                timeout=options.timeout,
                max_new=max_new,
                progress=lambda done, total, what: line.show(f"refreshing {done}/{total}: {what}"),
            )
    for feed in report.feeds:
        print(_safe(feed.line(), keep_lines=True))
    print(report.total_line())
    if report.offline:
        count = len(report.feeds)
        return _error(f"network unreachable: none of the {count} feeds could be fetched")
    if report.failed:
        return _error(f"{report.failed} failed (reasons above); they are tried again next time")
    return 0


# Helpers -------------------------------------------------------------------------------------


def _safe(text: str, keep_lines: bool = False) -> str:
    """Titles and URLs come from the web: no escape sequence reaches the terminal."""
    if not keep_lines:
        return sanitize_line(text)
    return "\n".join(_indent(line) + sanitize_line(line) for line in text.split("\n"))


def _indent(line: str) -> str:
    return " " * (len(line) - len(line.lstrip(" ")))


def _error(message: str) -> int:
    return fail(sanitize_line(message))


SUBCOMMANDS = {
    "add": SubCommand(run_add, configure_add, ADD_EPILOG),
    "feed": SubCommand(run_feed, configure_feed, FEED_EPILOG, nested=True),
    "refresh": SubCommand(run_refresh, configure_refresh, REFRESH_EPILOG),
}
