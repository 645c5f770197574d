"""The core, the store and ingest never import Textual, nor does the CLI until the app runs.

Checked in a fresh interpreter, because in the test process something else may already have
imported Textual.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import importlib, pkgutil, sys
import reader.core, reader.store, reader.ingest
names = []
for package in (reader.core, reader.store, reader.ingest):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
        names.append(module.name)
assert names, "no modules found"
print("\\n".join(sorted(name for name in sys.modules if name.split(".")[0] == "textual")))
"""


def textual_modules_after(code: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_core_store_and_ingest_do_not_import_textual() -> None:
    assert textual_modules_after(PROBE) == []


@pytest.mark.parametrize(
    "argv", [["dirs"], ["list", "--json"], ["feed", "list", "--json"], ["review", "--json"]]
)
def test_cli_does_not_import_textual_for_plain_commands(argv: list[str]) -> None:
    code = (
        "import sys, io, contextlib\n"
        "import reader.cli.main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    reader.cli.main.main({argv!r})\n"
        "print(' '.join(name for name in sys.modules if name.split('.')[0] == 'textual'))\n"
    )
    assert textual_modules_after(code) == []
