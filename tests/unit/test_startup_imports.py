"""Start-up imports only what the first screen needs (issue 18, item 5).

The app's first screen, `reader --version` and `reader list` must not pay for the search
engine, sync, extraction and parsing libraries, the library's process pool or the folder
watch: each is imported where it is first used (a worker, a sub-command, a screen pushed).
Checked in a fresh interpreter by the modules it holds, never by the clock, so it cannot flake.
"""

from __future__ import annotations

import subprocess
import sys

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
