"""Start-up imports only what the first screen needs (issue 18, item 5).

The app's first screen, `reader --version` and `reader list` must not pay for the search
engine, sync, extraction and parsing libraries, the library's process pool or the folder
watch: each is imported where it is first used (a worker, a sub-command, a screen pushed).
Checked in a fresh interpreter by the modules it holds, never by the clock, so it cannot flake:
once importing the app, and once with the seeds' first screen drawn (Pilot, in a child process).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: Modules that are never on the way to the first screen (a name covers its sub-modules).
LATER = (
    "tantivy",
    "pycrdt",
    "trafilatura",
    "lxml",
    "markdown_it",
    "feedparser",
    "charset_normalizer",
    "rapidfuzz",
    "fsrs",
    "watchfiles",
    "multiprocessing",
    "concurrent.futures.process",
    "reader.ingest",
    "reader.core.search",
    "reader.core.sync",
    "reader.core.migrate",
    "reader.core.exports",
    "reader.core.text.parse",
    "reader.ui.search.index",
)

#: Screens and dialogs no first screen shows, and what only they use: imported when first opened.
NOT_SHOWN = (
    "reader.ui.palette",
    "reader.ui.screens.help",
    "reader.ui.screens.problems",
    "reader.ui.screens.chooser",
    "reader.ui.screens.confirm",
    "reader.ui.screens.picker",
    "reader.ui.screens.suggesting",
    "reader.ui.screens.highlights",
    "reader.ui.screens.bookmarks",
    "reader.store.emptying",
    "reader.store.feeds",
    "reader.store.searches",
    "reader.core.annotate.anchor.search",
    "reader.core.annotate.anchor.differences",
)

#: The seeds' first screen drawn (the second start: the index and the first rows kept), then the
#: modules held at that moment. The folder watch begins once the screen is drawn, so it is not
#: among the modules checked here.
FIRST_SCREEN = """
import asyncio, sys
from pathlib import Path
from reader.cli.library import make_app

async def main() -> list[str]:
    app = make_app([Path(sys.argv[1])], None)
    async with app.run_test(size=(80, 24)) as pilot:
        from reader.ui.widgets.article_list import ArticleList
        while not ((found := app.screen.query(ArticleList)) and found.first().articles):
            await pilot.pause()
        return list(sys.modules)

held = asyncio.run(main())
"""

#: What `reader --version` may import of its own.
VERSION_ONLY = ["reader", "reader.cli", "reader.cli.main", "reader.cli.output"]


def modules_after(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_app_module_leaves_what_the_first_screen_does_not_need() -> None:
    assert loaded(modules_after("import sys, reader.ui.app"), LATER) == []


def test_the_app_module_leaves_the_screens_not_shown() -> None:
    assert loaded(modules_after("import sys, reader.ui.app"), NOT_SHOWN) == []


def test_the_seeds_first_screen_drawn_leaves_them_too(seeds_dir: Path) -> None:
    """Drawn, not only imported: opening the store, reading the index and the kept rows, and
    drawing the list reach for none of them either."""
    run = FIRST_SCREEN + "\nprint('\\n'.join(held))"
    for _start in range(2):  # the first start builds the index; the second is every later one
        result = subprocess.run(
            [sys.executable, "-c", run, str(seeds_dir)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    held = result.stdout.split()
    later = tuple(name for name in LATER if name not in {"watchfiles", "multiprocessing"})
    assert loaded(held, (*later, *NOT_SHOWN)) == []


def test_reader_version_imports_only_the_command_line() -> None:
    code = (
        "import sys, io, contextlib\n"
        "import reader.cli.main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    reader.cli.main.main(['--version'])\n"
    )
    modules = modules_after(code)
    assert sorted(m for m in modules if m.split(".")[0] == "reader") == VERSION_ONLY
    assert "argparse" not in modules and "textual" not in modules


@pytest.mark.parametrize("argv", [["list", "--json"], ["dirs"]])
def test_reader_list_leaves_the_app_and_the_search(argv: list[str]) -> None:
    code = (
        "import sys, io, contextlib\n"
        "import reader.cli.main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    reader.cli.main.main({argv!r})\n"
    )
    modules = modules_after(code)
    reads_files = {"reader.core.text.parse"}  # (a file changed since the last run is read)
    later = tuple(name for name in LATER if name not in reads_files)
    assert loaded(modules, ("textual", "reader.ui", *later)) == []
