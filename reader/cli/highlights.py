"""`reader highlights accept|keep ID`: act on an orphan's suggested place from the shell, as `a`
and `n` do in the app's `H` screen.

`reader export` lists each orphaned or ambiguous highlight with its id, its suggested place, how
alike its words are and what differs; these two commands take the id (or a unique prefix of it).
Highlights are re-attached first, as for `export`, so the suggestion acted on is current.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.command import SubCommand
from reader.cli.common import current_annotations, load_library, require_existing
from reader.core.annotate.highlight import Highlight
from reader.core.article import ArticleMeta, resolve_id
from reader.core.library import load_article
from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize_line
from reader.store.dirs import default_roots
from reader.store.state import Store

EPILOG = """An orphaned highlight is one whose words re-attaching could not find for sure after its
article changed; it keeps its words and note, and may come with a suggested place (`reader export`
shows it, with how alike and what differs). accept moves the highlight there (status anchored);
for an ambiguous one, to the place nearest where it was (the app's H screen lets you pick
another). keep dismisses the suggestion: it is not offered again until the article changes."""


def configure(parser: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", metavar="DIR", type=Path, default=argparse.SUPPRESS, help="as for reader"
    )
    common.add_argument("id", metavar="ID", help="the highlight's id (or a unique prefix)")
    common.add_argument(
        "paths", metavar="PATH", nargs="*", type=Path, help="library folders (default: yours)"
    )
    actions = parser.add_subparsers(title="commands", dest="action", metavar="COMMAND")
    actions.required = True
    for name, summary in (
        ("accept", "move an orphaned (or ambiguous) highlight to its suggested place"),
        ("keep", "keep it orphaned: its suggestion is dismissed"),
    ):
        actions.add_parser(
            name, help=summary, description=summary, parents=[common], allow_abbrev=False
        )


def run(options: argparse.Namespace) -> int:
    override: Path | None = options.data_dir
    require_existing(options.paths)
    index = load_library(options.paths or default_roots(override), override, warn=False)
    articles = {meta.id: meta for meta in index.articles}
    with current_annotations(override, index.articles) as store:
        if store is None:
            raise LookupError("no highlights yet")
        shown = _find(store, options.id)
        try:
            if options.action == "accept":
                done = _accept(store, shown, articles.get(shown.article_id))
                said = f"placed on “{_short(done.quote)}” (anchored)"
            else:
                done = store.suggestions.keep(shown)
                said = "kept orphaned; its suggestion is not offered again"
        except ValueError as refused:  # the highlight or its article changed: nothing was done
            raise LookupError(f"highlight {shown.id}: {refused}") from None
    print(f"reader: highlight {done.id} {said}", file=sys.stderr)
    return 0


def _find(store: Store, wanted: str) -> Highlight:
    highlights = {item.id: item for item in store.highlights.all()}
    return highlights[resolve_id(wanted, highlights, kind="highlight")]


def _accept(store: Store, shown: Highlight, meta: ArticleMeta | None) -> Highlight:
    offered = shown.offered
    if offered is None:
        raise LookupError(f"highlight {shown.id} has no suggested place (it is {shown.status})")
    if meta is None:
        raise LookupError(f"the article of highlight {shown.id} is not in the library")
    article = load_article(meta)
    body, digest = article.body, article.meta.content_hash
    return store.suggestions.accept(shown, body, digest, (offered.start, offered.end), offered.text)


def _short(text: str) -> str:
    return cut_to_cells(sanitize_line(text), 60)


SUBCOMMANDS = {"highlights": SubCommand(run, configure, EPILOG, nested=True)}
