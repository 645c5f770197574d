"""Terminal safety: nothing from a file may drive the terminal, and real text must survive."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.text.sanitize import sanitize, sanitize_line

BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))} | {
    "\u200e",
    "\u200f",
    "\u061c",
}


def assert_inert(text: str) -> None:
    """No character that a terminal or the bidi algorithm would treat as a control."""
    for char in text:
        code = ord(char)
        assert char in "\n\t" or code >= 0x20, repr(text)
        assert not 0x7F <= code <= 0x9F, repr(text)
        assert char not in BIDI_CONTROLS, repr(text)
        assert char not in "\ufeff\u2028\u2029", repr(text)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        pytest.param("copy\x1b]52;c;aGVsbG8=\x07this", "copythis", id="osc52-clipboard-bel"),
        pytest.param("a\x1b]52;c;aGVsbG8=\x1b\\b", "ab", id="osc52-clipboard-st"),
        pytest.param("\x1b]0;owned\x07title", "title", id="osc0-window-title"),
        pytest.param("\x1b]2;owned\x1b\\title", "title", id="osc2-window-title"),
        pytest.param(
            "see \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\ now",
            "see here now",
            id="osc8-hyperlink",
        ),
        pytest.param("up\x1b[2Aover\x1b[10;20Hthere", "upoverthere", id="csi-cursor-moves"),
        pytest.param("\x1b[2J\x1b[Hcleared\x1b[K", "cleared", id="csi-clears"),
        pytest.param("ask\x1b[6n!", "ask!", id="csi-6n-cursor-report"),
        pytest.param("\x1b[?1049hscreen\x1b[?25l", "screen", id="csi-private-modes"),
        pytest.param("\x1b[38;2;255;0;0mred\x1b[0m", "red", id="csi-sgr-truecolor"),
        pytest.param('q\x1bP$q"p\x1b\\uery', "query", id="dcs-decrqss"),
        pytest.param("\x1b_apc\x1b\\x\x1b^pm\x1b\\y\x1bXsos\x1b\\z", "xyz", id="apc-pm-sos"),
        pytest.param("\x9b31mred\x9b0m", "red", id="8bit-csi"),
        pytest.param("\x9d0;title\x9cok", "ok", id="8bit-osc"),
        pytest.param("\x90dcs\x9cok", "ok", id="8bit-dcs"),
        pytest.param("nul\x00byte", "nulbyte", id="nul"),
        pytest.param("bell\x07 back\x08space\x0bvt\x0cff\x7fdel", "bell backspacevtffdel", id="c0"),
        pytest.param("\x1b(Bcharset \x1b7saved\x1b8", "charset saved", id="two-char-escapes"),
        pytest.param("abc\u202edcba\u202c and \u2066iso\u2069", "abcdcba and iso", id="bidi"),
        pytest.param("\u200eleft\u200f right\u061c", "left right", id="bidi-marks"),
        pytest.param("\ufeffstart mid\ufeffdle", "start middle", id="bom-anywhere"),
        pytest.param("a\x1b]0;never ends\nnext line", "a\nnext line", id="osc-unterminated"),
        pytest.param("the end\x1b", "the end", id="lone-esc-at-end"),
        pytest.param("csi cut\x1b[12;", "csi cut", id="csi-unterminated"),
        pytest.param("dos\r\nmac\rls\u2028ps\u2029end", "dos\nmac\nls\nps\nend", id="breaks"),
        pytest.param("tab\tand\nnewline", "tab\tand\nnewline", id="tab-newline-kept"),
        pytest.param("bad-\udcff\udcfe.txt", "bad-\ufffd\ufffd.txt", id="lone-surrogates"),
    ],
)
def test_sanitize_removes_controls(dirty: str, clean: str) -> None:
    assert sanitize(dirty) == clean


@pytest.mark.parametrize(
    "text",
    [
        "[bold]not bold[/]",
        "[/]",
        "[@click=app.quit]click me[/]",
        "[link=file:///etc/passwd]passwords[/link]",
        "‘Say no to Putin’ – “quotes”, NBSP\xa0here, emoji 🎉, Кириллица, العربية",
        "",
    ],
)
def test_sanitize_keeps_text_and_markup_lookalikes_literally(text: str) -> None:
    assert sanitize(text) == text


def test_sanitize_line_folds_whitespace() -> None:
    assert sanitize_line("  Title\x1b[31m\n with\ttabs\xa0and  spaces \r\n") == (
        "Title with tabs and spaces"
    )
    assert sanitize_line("\x1b]0;x\x07") == ""


def test_a_megabyte_with_scattered_escapes_comes_out_as_its_clean_twin() -> None:
    # Its speed is measured in benchmarks/hostile.py (d), not here: timed tests flake.
    line = "Plain text with “curly quotes” – and a dash, Кириллица too.\n"
    clean = line * (1_000_000 // len(line))
    dirty = clean.replace("dash", "dash\x1b[1m", 2000)
    assert sanitize(clean) == clean
    assert sanitize(dirty) == clean


@given(st.text())
def test_sanitize_output_is_inert_and_idempotent(text: str) -> None:
    once = sanitize(text)
    assert_inert(once)
    assert sanitize(once) == once


# Text built mostly from the dangerous characters, to reach sequence-within-sequence cases.
_NASTY = st.text(
    alphabet=st.sampled_from(
        [
            "\x1b",
            "[",
            "]",
            "P",
            "\\",
            "\x07",
            "\x9b",
            "\x9c",
            "\x9d",
            "\x90",
            "\r",
            "\n",
            "a",
            "0",
            ";",
            "m",
            "\u202e",
            "\ufeff",
            "\x00",
            "\x7f",
            "\t",
            " ",
        ]
    )
)


@given(_NASTY)
def test_sanitize_survives_escape_soup(text: str) -> None:
    once = sanitize(text)
    assert_inert(once)
    assert sanitize(once) == once


@given(st.text())
def test_sanitize_line_is_one_inert_line(text: str) -> None:
    line = sanitize_line(text)
    assert_inert(line)
    assert "\n" not in line and "\t" not in line
    assert line == line.strip()
    assert sanitize_line(line) == line
