"""Terminal-safety for untrusted text.

Articles come from anywhere, and the reader draws them in a terminal, often over SSH. A stray
escape sequence in a file could retitle the window, move the cursor, query the terminal (and have
the answer typed back into the shell) or write the clipboard (OSC 52). Bidi overrides can make
text display differently from what it is. So every string taken from a file goes through
`sanitize` (multi-line text) or `sanitize_line` (one-line fields) before it reaches an `Article`.

This module is only about terminal control. Text that merely looks like markup (``[bold]``,
``[@click=...]``) is left alone on purpose: escaping markup is the renderer's job, and doing it
here would corrupt the text that search and highlights are anchored to.
"""

from __future__ import annotations

import re

# Single characters that are never text: C0 except \t and \n, DEL, C1, bidi controls, BOM.
_CONTROL_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
# String-type sequences (OSC, DCS, SOS, PM, APC) run until a terminator: BEL, ESC \ or 8-bit ST.
# A terminal that never sees the terminator swallows everything after it, so an unterminated
# one is removed up to the end of its line (never across lines, to keep the damage bounded).
_STRING_BODY = r"[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
# CSI: parameter bytes, intermediate bytes, final byte (missing when the text was cut short).
_CSI_BODY = r"[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"

# The pattern starts with a character class (so the regex engine can skip clean text quickly)
# and the lookbehinds pick the continuation for whichever introducer was matched. After ESC:
# a string sequence, a CSI, or an nF / two-character sequence (ESC intermediates final), or
# nothing at all for a lone ESC.
_CONTROLS = re.compile(
    f"[{_CONTROL_CHARS}\ud800-\udfff]"
    r"(?:(?<=\x1b)(?:[\]PX^_]" + _STRING_BODY + r"|\[" + _CSI_BODY + r"|[\x20-\x2f]*[\x30-\x7e]?)"
    r"|(?<=[\x90\x98\x9d\x9e\x9f])" + _STRING_BODY + r"|(?<=\x9b)" + _CSI_BODY + ")?"
)
# The common case (clean text) is answered by one fast character-class scan.
_ANY_CONTROL = re.compile(f"[{_CONTROL_CHARS}\r\u2028\u2029\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Remove terminal control sequences and control characters; keep ``\\n`` and ``\\t``.

    Lone surrogates (from undecodable file names) become U+FFFD. Line breaks of every flavour
    (CRLF, CR, NEL, U+2028/U+2029) become ``\\n`` first, so that an
    unterminated OSC is cut at the same place on every platform. The output contains none of the
    characters the patterns start with, which is what makes the function idempotent.
    """
    if not _ANY_CONTROL.search(text):
        return text
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\x85", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )
    return _CONTROLS.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    """Controls go; a lone surrogate (from a file name that is not valid UTF-8, by Python's
    surrogateescape) cannot be written to a terminal at all, so it becomes a visible U+FFFD."""
    return "\ufffd" if "\ud800" <= match.group()[0] <= "\udfff" else ""


def sanitize_line(text: str) -> str:
    """`sanitize`, then fold all whitespace (newlines, tabs, NBSP) to single spaces.

    For fields drawn on one line (titles, file names, bylines), where a newline or tab would
    break the layout.
    """
    return " ".join(sanitize(text).split())


# Characters JSON leaves raw that a terminal may act on (C1, DEL), that reorder what is shown
# (bidi controls), that hide (a byte-order mark in a name), or that cannot be encoded at all
# (lone surrogates from undecodable names).
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ud800-\udfff]"
)


def escape_json_text(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with those characters escaped.

    JSON output must stay exact, so paths are not sanitised like titles; written as ``\\uXXXX``
    they are still the same strings to a JSON reader, inert on a terminal, and encodable.
    Outside strings JSON has no such characters, so escaping them everywhere is safe.
    """
    if not _JSON_UNSAFE.search(text):
        return text
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
