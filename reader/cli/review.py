"""`reader review [--count N] [--json]` and `reader review --stats`: the daily review, printed.

Without grading: the highlights the app's review (`V`) would show now, as Markdown quotes (a
morning digest to pipe into mail or a note) or JSON; `--stats` prints the streak, what is due
and retention. Read-only: a user without a database gets an empty digest, and no database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from msgspec.structs import replace

from reader.cli.command import SubCommand
from reader.cli.common import (
    add_paths_argument,
    current_annotations,
    existing_store,
    load_library,
    positive,
    require_existing,
)
from reader.cli.output import printable
from reader.core.annotate.quote import markdown_quote
from reader.core.article import ArticleMeta
from reader.core.review import days
from reader.core.review.settings import ReviewSettings
from reader.core.review.stats import ReviewStats
from reader.core.text.sanitize import escape_json_text, sanitize_line
from reader.store.dirs import config_file, data_dir, default_roots
from reader.store.review_day import DueHighlight, stats_now, todays_review
from reader.store.synced_config import layered_config

REVIEW_EPILOG = """Prints the highlights the app's review (V) would show now, without grading
them: those due by the end of today and some never reviewed, up to the day's number less those
graded earlier today ([review] per_day in the config file, default 10; --count N as if it were
N). Highlights of articles in the trash are left out. --json prints an array of {id,
article_id, title, source, quote, note, tags, new, favourite, orphaned}. --stats prints the
streak (days in a row with a review), due counts and retention (the share of reviews in the
last 30 days of highlights already learned that were not graded again)."""


def configure_review(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--count",
        metavar="N",
        type=positive(int),
        help="as if the day held N reviews (default: [review] per_day, 10)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument(
        "--stats", action="store_true", help="the streak, what is due, and retention"
    )
    add_paths_argument(parser, "take titles from")


def run_review(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    with existing_store(override) as kept:
        config, warnings = layered_config(config_file(override), kept)
    for warning in warnings:
        print(printable(f"reader: {warning}"), file=sys.stderr)
    settings = config.review
    if options.count is not None:
        settings = replace(settings, per_day=int(options.count))
    if options.stats:
        return _print_stats(override, settings, options.json)
    paths: list[Path] = options.paths
    require_existing(paths)
    index = load_library(paths or default_roots(data_dir(override)), override)
    with current_annotations(override, index.articles) as store:
        found = todays_review(store, settings, days.local_now()) if store is not None else None
    due = found.highlights if found is not None else []
    titles = {meta.id: meta for meta in index.articles}
    if options.json:
        rows = [_row(item, titles.get(item.highlight.article_id)) for item in due]
        print(escape_json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    elif not due:
        done = found.earlier if found is not None else 0
        print(f"Done for today: {done} reviewed." if done else "Nothing to review today.")
    else:
        quotes = [_markdown(item, titles.get(item.highlight.article_id)) for item in due]
        sys.stdout.write("\n---\n\n".join(quotes))
    return 0


def passage(item: DueHighlight) -> str:
    """The words reviewed: an orphan's as first highlighted."""
    highlight = item.highlight
    return highlight.quote if highlight.attached else highlight.original


def _row(item: DueHighlight, meta: ArticleMeta | None) -> dict[str, object]:
    highlight = item.highlight
    return {
        "id": highlight.id,
        "article_id": highlight.article_id,
        "title": meta.title if meta is not None else "",
        "source": meta.source if meta is not None else "",
        "quote": passage(item),
        "note": highlight.note,
        "tags": list(item.tags),
        "new": item.candidate.is_new,
        "favourite": item.candidate.favourite,
        "orphaned": not highlight.attached,
    }


def _markdown(item: DueHighlight, meta: ArticleMeta | None) -> str:
    """A Markdown quote as `y` copies one (who wrote it, the note), then the tags."""
    title = meta.title if meta is not None else "(an article not in the library)"
    text = markdown_quote(
        passage(item) or "…",
        title=title,
        note=item.highlight.note,
        source=meta.source if meta is not None else None,
        url=meta.url if meta is not None else None,
    )
    if item.tags:
        text += "\n" + " ".join(f"#{sanitize_line(tag)}" for tag in item.tags) + "\n"
    return text


def _print_stats(override: Path | None, settings: ReviewSettings, as_json: bool) -> int:
    with existing_store(override) as store:
        stats = stats_now(store, settings, days.local_now()) if store is not None else None
    if stats is None:
        stats = ReviewStats(0, 0, 0, 0, 0, 0, 0, None, 0)
    if as_json:
        print(json.dumps(stats.as_json(), indent=2))
        return 0
    share = "not yet measured" if stats.retention is None else f"{stats.retention:.0%}"
    lines = [
        f"streak          {stats.streak} day{'s' if stats.streak != 1 else ''}",
        f"reviewed today  {stats.reviewed_today}",
        f"due today       {stats.due_today}",
        f"due tomorrow    {stats.due_tomorrow}",
        f"never reviewed  {stats.new}",
        f"learned         {stats.learned}",
        f"stopped (x)     {stats.stopped}",
        f"retention       {share}"
        + (f" ({stats.measured} reviews, last 30 days)" if stats.measured else ""),
    ]
    print("\n".join(lines))
    return 0


SUBCOMMANDS = {"review": SubCommand(run_review, configure_review, REVIEW_EPILOG)}
