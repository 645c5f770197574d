"""`reader tags [--json]`, `reader tags rename OLD NEW` and `reader tags merge FROM... INTO`.

Listing only reads (a user without a database has no tags, and gets none created); renaming
and merging change every article and highlight carrying the tag, in one transaction.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.cells import cell_len

from reader.cli.command import SubCommand
from reader.cli.common import existing_store
from reader.cli.output import printable
from reader.core.text.sanitize import escape_json_text
from reader.store.tags import TagCount, TagError

TAGS_EPILOG = """Tags are compared case-insensitively and shown as first typed. rename can change
only a tag's name (or its case); to join two tags, merge them: the last name is the tag they
become (created if needed). --json prints an array of {name, articles, highlights}."""


def configure_tags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", type=Path, default=argparse.SUPPRESS, help="as for reader"
    )
    actions = parser.add_subparsers(title="commands", dest="action", metavar="COMMAND")
    rename = actions.add_parser(
        "rename", help="rename a tag everywhere", parents=[common], allow_abbrev=False
    )
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    merge = actions.add_parser(
        "merge",
        help="move every article and highlight of FROM tags to INTO",
        parents=[common],
        allow_abbrev=False,
    )
    merge.add_argument("names", metavar="FROM... INTO", nargs="+")


def run_tags(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    if options.action == "rename":
        with existing_store(override) as store:
            if store is None:
                raise TagError(f"no tag {options.old!r}")
            new = store.tags.rename(options.old, options.new)
        print(printable(f"renamed tag {options.old!r} to {new!r}"))
        return 0
    if options.action == "merge":
        *sources, into = options.names
        if not sources:
            raise TagError("merge needs at least one tag to merge, then the tag to merge into")
        with existing_store(override) as store:
            if store is None:
                raise TagError(f"no tag {sources[0]!r}")
            gained = store.tags.merge(sources, into)
        print(printable(f"merged {len(sources)} tag(s) into {into!r}: {gained} added to it"))
        return 0
    with existing_store(override) as store:
        tags = store.tags.all() if store is not None else []
    if options.json:
        rows = [{"name": t.name, "articles": t.articles, "highlights": t.highlights} for t in tags]
        print(escape_json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        _print(tags)
    return 0


def _print(tags: list[TagCount]) -> None:
    if not tags:
        print("no tags yet: reader tag ID TAG adds one")
        return
    names = [printable(tag.name) for tag in tags]
    width = max(cell_len(name) for name in [*names, "TAG"])
    print(f"{'TAG':<{width}}  ARTICLES  HIGHLIGHTS")
    for name, tag in zip(names, tags, strict=True):
        padding = " " * (width - cell_len(name))
        print(f"{name}{padding}  {tag.articles:>8}  {tag.highlights:>10}")


SUBCOMMANDS = {"tags": SubCommand(run_tags, configure_tags, TAGS_EPILOG, nested=True)}
