"""The README's two set-up commands are what users copy; CI must run the test one verbatim."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _command_after(heading: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"## {heading}", 1)[1]
    match = re.search(r"```sh\n(.+?)\n```", section, re.DOTALL)
    assert match, f"no sh block under '## {heading}'"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command_exactly() -> None:
    command = _command_after("Test it")
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines


def test_readme_run_command_installs_without_editable_mode() -> None:
    command = _command_after("Try it")
    assert "pip install ." in command and " -e " not in command
    assert command.endswith("reader")
