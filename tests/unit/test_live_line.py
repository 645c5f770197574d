"""The CLI's progress line: live on a terminal, silent in a pipe, never a control sequence."""

from __future__ import annotations

import io

from reader.cli.live_line import LiveLine


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_line_is_rewritten_in_place_and_wiped_at_the_end() -> None:
    stream = Terminal()
    with LiveLine(stream) as line:
        line.show("refreshing 1/3: Harbour Letters")
        line.show("refreshing 2/3: The \x1b]52;c;ZXZpbA==\x07night ferry")
    written = stream.getvalue()
    assert written.count("\r") == 3  # two lines and the wipe
    assert "refreshing 2/3: The night ferry" in written
    assert "\x1b]52" not in written and "\x07" not in written
    assert written.endswith("\r\x1b[K")


def test_in_a_pipe_nothing_is_written() -> None:
    stream = io.StringIO()
    with LiveLine(stream) as line:
        line.show("refreshing 1/3: Harbour Letters")
    assert stream.getvalue() == ""
