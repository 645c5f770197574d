"""What ``y`` copies: a passage as a Markdown block quote, who wrote it, and the reader's note.

The copy lands in whatever the user pastes into next (a notes app, a chat, an e-mail), usually on
another machine, so it must read well as plain text and render well as Markdown::

    > The passage, line by line,
    >
    > with its paragraph breaks kept.

    — [Title](https://example.org/a), Source

    The note, as a paragraph of its own.

Everything goes through `reader.core.text.sanitize` first: the text comes from articles and the
clipboard is written with an escape sequence (OSC 52), so a control character in a quote must
never reach the terminal. The passage's words are copied verbatim, without Markdown escaping, so
that what is pasted is what was read; only the link's text and address are escaped, where a
bracket or a space would break the link. An address that is not ``http(s)`` (a local file path)
is left out: it means nothing on the machine where the quote is pasted.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from reader.core.text.sanitize import sanitize, sanitize_line

#: Opens the attribution line (an em dash, as under a printed quotation).
ATTRIBUTION_DASH = "—"

_LINK_TEXT_SPECIALS = re.compile(r"([\\\[\]])")
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"}


def markdown_quote(
    text: str,
    *,
    title: str,
    note: str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> str:
    """The Markdown for a copied passage; raises `ValueError` if the passage is blank."""
    body = _block_quote(sanitize(text))
    if not body:
        raise ValueError("nothing to quote: the passage is empty")
    parts = [body]
    attribution = _attribution(sanitize_line(title), sanitize_line(source or ""), url)
    if attribution:
        parts.append(attribution)
    cleaned_note = _paragraphs(sanitize(note or ""))
    if cleaned_note:
        parts.append("\n".join(cleaned_note))
    return "\n\n".join(parts) + "\n"


def _paragraphs(text: str) -> list[str]:
    """The lines of ``text`` without trailing spaces, runs of blank lines folded into one ``""``.

    Trailing spaces go because two of them are a hard line break in Markdown; blank lines at the
    start and the end go because they would only push the quote away from what surrounds it.
    """
    lines: list[str] = []
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _block_quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in _paragraphs(text))


def _attribution(title: str, source: str, url: str | None) -> str:
    address = _web_address(url)
    if title and address:
        escaped = _LINK_TEXT_SPECIALS.sub(r"\\\1", title)
        title = f"[{escaped}]({address})"
    words = ", ".join(part for part in (title, source) if part)
    return f"{ATTRIBUTION_DASH} {words}" if words else ""


def _web_address(url: str | None) -> str:
    """``url`` fit for a Markdown link, or "" if it is not an http(s) address."""
    cleaned = sanitize_line(url or "")
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return ""
    if scheme not in ("http", "https"):
        return ""
    return "".join(_URL_UNSAFE.get(char, char) for char in cleaned)
