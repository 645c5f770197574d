"""`reader [PATH ...]` (the app), `reader list` and `reader dirs`: the library as it is.

Textual is imported only by `run_app`, when the app is wanted: `reader list` and `reader dirs`
must start at once and work where no terminal UI can (a pipe, `TERM=dumb`).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.command import SubCommand
from reader.cli.common import (
    add_paths_argument,
    current_annotations,
    load_library,
    require_existing,
    warn_if_exposed,
)
from reader.cli.listing import list_row, print_table, shown_order
from reader.cli.output import fail, printable
from reader.core.article import ArticleMeta
from reader.core.shelf import (
    DEFAULT_SORT,
    SHOWN,
    ArticleState,
    Location,
    SortKey,
    missing_ids,
    state_of,
)
from reader.core.text.sanitize import escape_json_text
from reader.store.dirs import cache_dir, config_file, data_dir, default_roots, library_dir

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp

LIST_EPILOG = """--in picks where the articles are (default all: inbox, archive and trash);
--tag keeps those with a tag (any case); --sort orders them: added (newest first, the default),
published, title, progress, length, opened. Columns: READ is yes, or how far reading got; BM is *
for a bookmarked article, HL the number of highlights. Articles whose file is gone but which
carry your notes or tags are listed as missing.
--json prints an array of {id, title, source, date, words, path, bookmarked, highlights, url,
tags, location, read, progress, added, opened, missing, fetched} (url: where a saved web article
came from, else null; added/opened: ISO 8601 or null; fetched: false for an imported article
whose text has not been fetched yet, listed as "not fetched yet")."""


#: Textual's ticks a second while the screen changes (see `make_app`): at 240, a change waits
#: 2 ms on average instead of 8 (in tmux at 10,000 articles, a search key's results p50 35 -> 26
#: ms, p95 50 -> 41 ms, the app's CPU per key the same).
FRAMES_PER_SECOND = 240


def run_app(options: argparse.Namespace) -> int:
    """Open the app, after the checks that are clearer as a message than as a broken screen."""
    paths: list[Path] = options.paths
    require_existing(paths)
    if os.environ.get("TERM") == "dumb":
        return fail(
            "this terminal (TERM=dumb) cannot show the app; run reader in a full terminal, "
            "or use `reader list`"
        )
    warn_if_exposed(options.data_dir)
    # Textual sizes the screen with shutil.get_terminal_size(), which believes COLUMNS/LINES over
    # the terminal itself: exported (by a user's shell, a parent program), they would freeze the
    # app at a stale size and make it ignore every resize. The terminal is the one to ask.
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    app = make_app(paths, options.data_dir)
    app.run()
    config, folder = getattr(app, "config", None), getattr(app, "data_dir", None)
    if config is not None and config.sync_auto and config.sync_targets and folder is not None:
        from reader.cli.sync import sync_at_quit  # `[sync] auto`: the last sync, at quit

        sync_at_quit(folder, config.sync_targets, config.path if config.sync_settings else None)
    return app.return_code or 0


def make_app(paths: list[Path], data_folder: Path | None) -> ReaderApp:
    """The app as `reader` starts it (`benchmarks/startup_cpu.py` measures this)."""
    # Start-up makes objects, it leaves little garbage: the cyclic collector would walk every
    # new module, class and widget several times over (about 8% of the CPU to the first
    # screen). It is paused until the first frame is drawn (`IdleCollector.start`).
    gc.disable()
    # Textual draws a change at its next tick, `TEXTUAL_FPS` of them a second (60 by default):
    # a key then waited 8 ms on average for its echo, and as long again for its answer (a
    # search's results). Ticks are only made while something changes, and a frame draws only
    # what changed; a user's own `TEXTUAL_FPS` is kept. Read when Textual is first imported.
    os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
    from reader.ui.app import build_app  # Textual is loaded only when the app is wanted

    return build_app(paths, data_folder)


def configure_list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--in",
        dest="where",
        choices=[*(str(place) for place in SHOWN), "all"],
        default="all",
        help="inbox, archive, trash, or all of them (the default)",
    )
    parser.add_argument("--tag", metavar="TAG", help="only articles with this tag")
    parser.add_argument(
        "--sort",
        choices=[str(key) for key in SortKey],
        default=str(DEFAULT_SORT),
        help="added (newest first, the default), published, title, progress, length, opened",
    )
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    add_paths_argument(parser, "list")


def run_list(options: argparse.Namespace) -> int:
    paths: list[Path] = options.paths
    require_existing(paths)
    override: Path | None = options.data_dir
    index = load_library(paths or default_roots(override), override)
    states = _states(override, index.articles)
    warn_if_exposed(override)
    places = set(SHOWN) if options.where == "all" else {Location(options.where)}
    tag: str | None = options.tag

    def wanted(article_id: str) -> bool:
        state = state_of(states, article_id)
        return state.location in places and (tag is None or state.has_tag(tag))

    shown = shown_order([m for m in index.articles if wanted(m.id)], states, options.sort)
    rows = [list_row(meta, state_of(states, meta.id)) for meta in shown]
    if not paths:  # gone from the library, but holding the user's notes or tags
        gone = [key for key in missing_ids(states, (m.id for m in index.articles)) if wanted(key)]
        rows += [list_row(ArticleMeta(key, "", ""), states[key], missing=True) for key in gone]
    if options.json:
        print(escape_json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        print_table(rows)
    return 0


def run_dirs(options: argparse.Namespace) -> int:
    from reader.store.db import StoreError
    from reader.store.safety import check_data_dir

    override: Path | None = options.data_dir
    try:
        check_data_dir(data_dir(override))
    except StoreError as error:
        print(f"reader: warning: {error}", file=sys.stderr)
    print(f"data: {data_dir(override)}")
    print(f"config: {config_file(override)}")
    print(f"cache: {cache_dir(override)}")
    print(f"library: {library_dir(override)}")
    return 0


SUBCOMMANDS = {
    # The app says itself what is wrong with the data folder; `dirs` only warns: it shows where.
    "app": SubCommand(run_app, checks_data_dir=False),
    "list": SubCommand(run_list, configure_list, LIST_EPILOG),
    "dirs": SubCommand(run_dirs, checks_data_dir=False),
}


def _states(override: Path | None, articles: Sequence[ArticleMeta]) -> dict[str, ArticleState]:
    """The library state of every article (re-attaching highlights of changed articles first,
    and noting when each article was first seen); a user who never used the store has no
    database to create. A damaged database is one warning: the articles are still listed."""
    try:
        with current_annotations(override, articles) as store:
            if store is None:
                return {}
            store.library.register(meta.id for meta in articles)
            return store.library.states()
    except Exception as error:
        from reader.store.db import StoreError  # loaded with the store: only if there is one

        if not isinstance(error, StoreError):
            raise
        print(
            printable(f"reader: warning: {error}; your library state and notes are not shown"),
            file=sys.stderr,
        )
        return {}
