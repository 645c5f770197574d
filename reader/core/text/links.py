"""Links an article carries: placing them in the body, and deciding which ones may be opened.

The format front ends report links as (text, target) pairs in document order; the cleaner may
then drop, merge or re-space paragraphs, so positions from before cleaning would be wrong. Links
are therefore placed afterwards, by finding each link's text in the finished body, moving forward
from the previous link. A link whose text the cleaner removed (a caption, a share button) is left
out; two links with the same text land on successive occurrences (a link reported out of
order takes the first occurrence no other link holds). Bare web addresses in the text
are links too (that is all a plain-text file can have).

Nothing here opens anything. The reader opens a link only when the user asks and confirms, and
only a web address (`is_web_url`): `file:`, `javascript:`, `data:` and the rest are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from reader.core.article import Link
from reader.core.text.sanitize import sanitize_line

#: Longer targets are cut: no real link needs more, and the links screen must stay drawable.
MAX_URL_CHARS = 2048

#: Schemes a link may be opened with (by the browser) or copied for.
WEB_SCHEMES = frozenset({"http", "https"})

# A bare web address in text: up to the next whitespace; trailing punctuation is trimmed below.
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\"*_>]}"


def clean_url(raw: str) -> str:
    """The target as one safe line: no control characters, no whitespace, bounded length."""
    return "".join(sanitize_line(raw).split())[:MAX_URL_CHARS]


def is_web_url(url: str) -> bool:
    """Whether the reader may hand `url` to a browser: http(s) with a host, nothing else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def place_links(body: str, found: Iterable[tuple[str, str]]) -> tuple[Link, ...]:
    """The links of `found` whose text is in `body`, plus the bare web addresses, by position."""
    links: list[Link] = []
    taken: list[tuple[int, int]] = []
    cursor = 0
    for text, raw in found:
        url = clean_url(raw)
        needle = " ".join(text.split())
        if not url or not needle:
            continue
        at = body.find(needle, cursor)
        if at < 0:  # reported out of order (an autolink before a link): any free occurrence
            at = _free_occurrence(body, needle, taken)
            if at < 0:
                continue
        links.append(Link(at, at + len(needle), url))
        taken.append((at, at + len(needle)))
        cursor = max(cursor, at + len(needle))
    links.extend(link for link in bare_links(body) if not _overlaps(link, taken))
    links.sort(key=lambda link: link.start)
    return tuple(links)


def bare_links(text: str) -> list[Link]:
    """Web addresses written out in `text`, without the punctuation that ends a sentence."""
    if "://" not in text:
        return []
    links = []
    for match in _BARE_URL.finditer(text):
        url = _trim(match.group())
        if "://" in url and len(url) > url.index("://") + 3:
            start = match.start()
            links.append(Link(start, start + len(url), clean_url(url)))
    return links


def _trim(url: str) -> str:
    """Drop trailing punctuation; a closing parenthesis stays only if the address opened one."""
    while url:
        last = url[-1]
        if last in _TRAILING or (last == ")" and url.count("(") < url.count(")")):
            url = url[:-1]
        else:
            break
    return url


def _free_occurrence(body: str, needle: str, taken: list[tuple[int, int]]) -> int:
    at = body.find(needle)
    while at >= 0 and _overlaps(Link(at, at + len(needle), ""), taken):
        at = body.find(needle, at + 1)
    return at


def _overlaps(link: Link, taken: list[tuple[int, int]]) -> bool:
    return any(link.start < end and start < link.end for start, end in taken)
