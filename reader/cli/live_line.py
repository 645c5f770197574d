"""One line of progress on a terminal, rewritten in place while long work runs.

`reader refresh` can take minutes; a silent terminal looks hung. On a terminal the line shows
what is being done and is wiped when the work ends, so the summary that follows stands alone;
when the output is a file or a pipe nothing is written, so logs stay clean. What it shows comes
from the web (feed and page titles), so it is made inert and cut to the terminal's width.
"""

from __future__ import annotations

import shutil
from types import TracebackType
from typing import TextIO

from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize_line

#: Erases from the cursor to the end of the line.
_CLEAR_TO_END = "\x1b[K"


class LiveLine:
    """A progress line on `stream` if it is a terminal; a no-op otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._shown = False

    def show(self, text: str) -> None:
        """Replace the line with `text` (sanitised, cut to the terminal's width)."""
        if not self._live:
            return
        width = max(10, shutil.get_terminal_size((80, 24)).columns - 1)
        line = cut_to_cells(sanitize_line(text), width)
        self._stream.write(f"\r{line}{_CLEAR_TO_END}")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Wipe the line, leaving the cursor at its start."""
        if self._shown:
            self._stream.write(f"\r{_CLEAR_TO_END}")
            self._stream.flush()
            self._shown = False

    def __enter__(self) -> LiveLine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.clear()
