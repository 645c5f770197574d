"""OSC 52: the exact bytes `y` writes, plain, through tmux and through GNU screen."""

from __future__ import annotations

import base64
import re

import pytest

from reader.core.osc52 import (
    MAX_BASE64,
    SCREEN_CHUNK,
    ClipboardTooLarge,
    detect_multiplexer,
    osc52_sequence,
)


def test_plain_sequence() -> None:
    assert osc52_sequence("hello", terminal_multiplexer="none") == "\x1b]52;c;aGVsbG8=\x07"


def test_tmux_sends_the_plain_sequence_then_the_passthrough_with_escapes_doubled() -> None:
    assert osc52_sequence("hello", terminal_multiplexer="tmux") == (
        "\x1b]52;c;aGVsbG8=\x07" + "\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\x07\x1b\\"
    )


def test_screen_wraps_a_short_sequence_once_and_never_sends_it_bare() -> None:
    assert osc52_sequence("hello", terminal_multiplexer="screen") == (
        "\x1bP\x1b]52;c;aGVsbG8=\x07\x1b\\"
    )


def test_screen_cuts_a_long_sequence_into_255_byte_envelopes() -> None:
    sequence = osc52_sequence("a" * 1500, terminal_multiplexer="screen")
    # 1500 bytes -> 2000 base64 characters ("YWFh" repeated); 7 + 2000 + 1 bytes in 8 pieces.
    first = "\x1bP" + "\x1b]52;c;" + "YWFh" * 62 + "\x1b\\"
    second = "\x1bP" + "YWFh" * 63 + "YWF" + "\x1b\\"
    assert sequence.startswith(first + second)
    assert sequence.endswith("\x1bP" + "Fh" + "YWFh" * 55 + "\x07\x1b\\")
    pieces = re.findall(r"\x1bP(.*?)\x1b\\", sequence, flags=re.S)
    assert [len(piece) for piece in pieces] == [SCREEN_CHUNK] * 7 + [2008 - 7 * SCREEN_CHUNK]
    assert "".join(pieces) == "\x1b]52;c;" + base64.b64encode(b"a" * 1500).decode() + "\x07"
    assert sequence.count("\x1b") == 2 * len(pieces) + 1  # envelopes, plus the OSC's own ESC


def test_unicode_and_control_characters_travel_only_as_base64() -> None:
    text = "naïve “quote” 😀\n\x1b]0;evil\x07 tab\t"
    sequence = osc52_sequence(text, terminal_multiplexer="none")
    prefix, payload, end = sequence[:7], sequence[7:-1], sequence[-1]
    assert (prefix, end) == ("\x1b]52;c;", "\x07")
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", payload)
    assert base64.b64decode(payload).decode("utf-8") == text


def test_size_cap_is_a_clear_error() -> None:
    at_limit = "x" * (MAX_BASE64 // 4 * 3)  # exactly MAX_BASE64 bytes of base64
    assert len(osc52_sequence(at_limit, terminal_multiplexer="none")) == MAX_BASE64 + 8
    with pytest.raises(ClipboardTooLarge, match=r"75,001 characters make 100,004 bytes"):
        osc52_sequence(at_limit + "x", terminal_multiplexer="none")
    with pytest.raises(ClipboardTooLarge, match="select a shorter passage"):
        osc52_sequence("abcd", terminal_multiplexer="none", limit=4)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TMUX": "/tmp/tmux-1000/default,4242,0", "TERM": "screen-256color"}, "tmux"),
        ({"TMUX": "/tmp/tmux-1000/default,4242,0", "STY": "99.pts-1.host"}, "tmux"),
        ({"STY": "4242.pts-0.host", "TERM": "xterm-256color"}, "screen"),
        ({"TERM": "screen.xterm-256color"}, "screen"),
        ({"TERM": "screen"}, "screen"),
        ({"TERM": "xterm-256color"}, "none"),
        ({"TERM": "linux", "TMUX": "", "STY": ""}, "none"),
        ({}, "none"),
    ],
)
def test_multiplexer_detected_from_the_environment(env: dict[str, str], expected: str) -> None:
    assert detect_multiplexer(env) == expected


def test_detection_feeds_the_sequence(monkeypatch: pytest.MonkeyPatch) -> None:
    assert osc52_sequence("hi", env={"TMUX": "x"}).startswith("\x1b]52;c;aGk=\x07\x1bPtmux;")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.setenv("STY", "1.pts-0.host")
    assert osc52_sequence("hi") == "\x1bP\x1b]52;c;aGk=\x07\x1b\\"


def test_unknown_multiplexer_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown terminal multiplexer 'zellij'"):
        osc52_sequence("hi", terminal_multiplexer="zellij")  # type: ignore[arg-type]
