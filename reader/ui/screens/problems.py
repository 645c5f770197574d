"""The files the library walk skipped, each with its reason, so "3 files skipped" can be checked.

File names are untrusted (they may hold escape sequences, markup look-alikes, invalid bytes), so
every name is sanitised and drawn as `Content`, never as markup. Names are shown relative to the
library folder they were found in, which is what the user recognises (and what keeps the screen
the same wherever the library lives).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.core.library import Problem
from reader.core.text.sanitize import sanitize_line
from reader.ui.keys import app_wide, bindings


def shown_path(path: str, roots: Sequence[Path]) -> str:
    """`path` relative to the root it lies under (or as it is), as one safe line."""
    for root in roots:
        prefix = os.path.abspath(root).rstrip(os.sep) + os.sep
        if path.startswith(prefix):
            return sanitize_line(path[len(prefix) :])
    return sanitize_line(path)


def skipped_summary(count: int, key: str) -> str:
    """The notice shown when files were skipped."""
    files = "file" if count == 1 else "files"
    return f"{count:,} {files} skipped — press {key} to see why"


def problems_content(problems: Sequence[Problem], roots: Sequence[Path]) -> Content:
    """One entry per problem: the name, then the reason, indented."""
    parts = []
    for problem in problems:
        parts.append(Content.styled(shown_path(problem.path, roots) or "(no name)", "bold"))
        parts.append(Content.styled("  " + sanitize_line(problem.reason), "$text-muted"))
    if not parts:
        return Content("Every file of the library could be read.")
    return Content("\n").join(parts)


class ProblemsScreen(ModalScreen[None]):
    """The `!` screen: what was skipped and why.

    | Key | Command id | Does |
    |---|---|---|
    | `escape`, `!`, `q` | `reader.back` | close |
    """

    DEFAULT_CSS = """
    ProblemsScreen {
        align: center middle;
    }
    #problems-body {
        width: 90;
        max-width: 100%;
        height: 90%;
        border: round $warning;
        border-title-color: $warning;
        padding: 0 1;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("reader.back"),
        ("exclamation_mark,q", "back", "Close"),
        *app_wide("reader.help", "reader.palette"),
    ]

    def __init__(self, problems: Sequence[Problem], roots: Sequence[Path]) -> None:
        super().__init__()
        self.problems = list(problems)
        self.roots = list(roots)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-body") as body:
            count = len(self.problems)
            body.border_title = f"Skipped files · {count:,}"
            body.border_subtitle = "escape to close"
            yield Static(problems_content(self.problems, self.roots), id="problems-list")

    def on_mount(self) -> None:
        self.query_one("#problems-body").focus()

    def action_back(self) -> None:
        self.dismiss()
