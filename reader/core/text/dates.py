"""Dates as pages write them, read into ISO dates.

Dates reach an article two ways: as metadata (front matter, `<meta>` and `<time>` values), where
the date leads the value and anything after it is noise, and as a line of their own near the
title, where the whole line must be a date, so that a sentence mentioning one is never taken.
Both read the same forms: ISO 8601, RFC 2822, and dates written out in English ("March 3rd,
2024", "3 March 2024"), optionally with a weekday before and a time after.

The pattern is compiled on first use rather than at import: importing the parser is on the
start-up path, parsing a date is not.
"""

from __future__ import annotations

import re
from datetime import date as Date
from functools import cache

__all__ = ["MONTH_PATTERN", "WEEKDAY_PATTERN", "date_from_line", "parse_date"]

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: An English month name or abbreviation (match case-insensitively).
MONTH_PATTERN = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: An English weekday name or abbreviation, with an optional full stop.
WEEKDAY_PATTERN = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DATE = (
    rf"(?:{WEEKDAY_PATTERN},?\s+)?(?:"
    rf"(?P<m1>{MONTH_PATTERN})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m2>{MONTH_PATTERN})\.?,?\s+"
    r"(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<n3>\d{1,2})-(?P<d3>\d{1,2}))"
)
_TIME = (
    r"(?:\s*[,|·•@-]\s*|\s+at\s+|T|\s+)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5}|[+-]\d{2}:?\d{2}|z)?"
)


@cache
def _date_line() -> re.Pattern[str]:
    return re.compile(
        rf"(?:(?:published|updated|posted|last\s+updated|date)(?:\s+on)?\s*:?\s*)?{_DATE}"
        rf"(?:{_TIME})?",
        re.IGNORECASE,
    )


def date_from_line(text: str) -> str | None:
    """The ISO date of a line that is nothing but a date (optionally "Published", a time)."""
    if len(text) > 80:
        return None
    match = _date_line().fullmatch(text.strip(" ."))
    return _iso_date(match) if match else None


def parse_date(value: str) -> str | None:
    """The ISO date at the start of a metadata value (ISO 8601, RFC 2822, or written out)."""
    match = _date_line().match(value.strip()[:80])
    return _iso_date(match) if match else None


def _iso_date(match: re.Match[str]) -> str | None:
    if match["y1"]:
        year, month, day = match["y1"], _MONTHS.index(match["m1"][:3].lower()) + 1, match["d1"]
    elif match["y2"]:
        year, month, day = match["y2"], _MONTHS.index(match["m2"][:3].lower()) + 1, match["d2"]
    else:
        year, month, day = match["y3"], int(match["n3"]), match["d3"]
    try:
        value = Date(int(year), month, int(day))
    except ValueError:
        return None
    return value.isoformat() if 1800 <= value.year <= 2200 else None
