"""One field of an export, checked and made safe: text, addresses, tags, dates, progress.

Export files are other programs' output and anyone's input: every value is sanitised (no
terminal escapes, no control characters), bounded (a title of a megabyte is cut, not shown), and
parsed strictly where it has a format (a date that is not one is a `FormatError` naming the
file, line and field, never a guess).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from reader.core.migrate.records import FormatError
from reader.core.shelf import MAX_TAG_LENGTH, clean_tag, tag_key
from reader.core.text.sanitize import sanitize, sanitize_line

#: Longest title kept, in characters (longer ones are cut: a title is a line, not a page).
MAX_TITLE = 500
#: Longest quote kept (wallabag's own limit is 10,000).
MAX_QUOTE = 20_000
#: Longest note kept.
MAX_NOTE = 100_000
#: Longest address accepted; longer ones are not addresses anyone saved.
MAX_URL = 8_192
#: Tags kept per article or highlight.
MAX_TAGS = 200
#: Years a date may name (anything else is a broken field, not a date).
YEARS = range(1970, 2200)


@dataclass(frozen=True, slots=True)
class Where:
    """Where a value is: the file and line, for `FormatError`s about its fields."""

    file: str
    line: int | None = None

    def error(self, field: str, reason: str) -> FormatError:
        return FormatError(self.file, self.line, field, reason)


def line_text(raw: object, limit: int = MAX_TITLE) -> str:
    """A one-line field (title, author): sanitised, whitespace folded, cut to `limit`."""
    text = sanitize_line(str(raw)) if raw is not None else ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def block_text(raw: object, limit: int = MAX_NOTE) -> str:
    """A multi-line field (quote, note): sanitised, trimmed, cut to `limit` characters."""
    text = sanitize(str(raw)).strip() if raw is not None else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def web_url(raw: object) -> str | None:
    """The address if it is one reader may fetch (http or https, with a host), else None."""
    text = sanitize_line(str(raw)) if raw is not None else ""
    if not text or len(text) > MAX_URL:
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return text


def tags(names: Iterable[object]) -> tuple[str, ...]:
    """Tag names cleaned (`clean_tag`), cut to the longest a tag may be, one per spelling."""
    kept: dict[str, str] = {}
    for raw in names:
        text = sanitize_line(str(raw)).lstrip("#").strip()[:MAX_TAG_LENGTH]
        try:
            name = clean_tag(text)
        except ValueError:
            continue
        kept.setdefault(tag_key(name), name)
        if len(kept) >= MAX_TAGS:
            break
    return tuple(kept.values())


def unix_time(raw: str, where: Where, field: str) -> str | None:
    """Unix seconds (or milliseconds, as some exports write them) as ISO 8601 UTC; None if
    empty."""
    text = raw.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        raise where.error(field, f"not a time in seconds: {text[:40]!r}") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise where.error(field, f"not a time in seconds: {text[:40]!r}")
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    return _checked(datetime.fromtimestamp(min(seconds, 7e9), UTC), text, where, field)


def iso_time(raw: object, where: Where, field: str) -> str | None:
    """An ISO 8601 date or time (`2024-05-01T10:00:00.000Z`, `2020-10-05 10:15:30+00:00`) as
    ISO 8601 UTC; a time without a zone is taken as UTC; None if empty."""
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return unix_time(str(raw), where, field)
    text = str(raw).strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise where.error(field, f"not a date: {text[:40]!r}") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return _checked(when.astimezone(UTC), text, where, field)


def _checked(when: datetime, text: str, where: Where, field: str) -> str:
    if when.year not in YEARS:
        raise where.error(field, f"not a plausible date: {text[:40]!r}")
    return when.isoformat(timespec="seconds")


def percent(raw: object, where: Where, field: str, scale: float = 100.0) -> int:
    """Progress as a whole percentage 0-100, from a value out of `scale`; 0 if empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise where.error(field, f"not a number: {str(raw)[:40]!r}") from None
    if not math.isfinite(value) or value < 0:
        raise where.error(field, f"not a progress: {str(raw)[:40]!r}")
    return max(0, min(100, round(value * 100 / scale)))


def yes(raw: object) -> bool:
    """A flag as exports write them: true/1/yes (any case) or a non-zero number."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return raw != 0
    return str(raw).strip().casefold() in ("true", "1", "yes", "y", "t")
