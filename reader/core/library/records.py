"""One line per file: how the library index keeps what it knows of each file, in memory and on disk.

A library of 100,000 articles must show its first screen as fast as one of 10,000, so nothing is
decoded before it is needed: the index is a list of lines (strings), each one file's record, and
only the lines on screen are ever turned into `ArticleMeta`. What the list needs of every line
without decoding it sits at fixed places at its start: the order key (the date, newest first)
and the article's id. The rest is a JSON array, so a path with a newline or a quote in it is
escaped and a line never holds a raw line break.

An article's line: `["<key>","<id>",path,size,mtime_ns,title,source,byline,date,words,hash,
format,url]`; a problem's line (a file that cannot be an article, remembered so that it is not
read again while it is unchanged): `["!",path,size,mtime_ns,reason]`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from reader.core.article import ArticleMeta

#: Where the order key and the id stand in an article's line.
KEY = slice(2, 22)
ID = slice(25, 37)
_KEY_WIDTH = KEY.stop - KEY.start
_ID_WIDTH = ID.stop - ID.start
#: The key of an undated article: after every dated one, newest first.
UNDATED = "0" * _KEY_WIDTH
_PROBLEM = "!"
_HEX = frozenset("0123456789abcdef")

Stat = tuple[int, int]
"""A file's size and modification time (ns): what tells whether a record is still true."""

#: What came of reading a file: an article's line, a problem's line (a file that cannot be an
#: article, remembered while it is unchanged), or the reason it cannot be read now (a
#: permission, say: not remembered, as a chmod fixes it without touching the file).
ARTICLE, PROBLEM, UNREADABLE = 0, 1, 2


def order_key(date: str | None) -> str:
    """A fixed-width key that sorts as the date does (UTC, to the microsecond); `UNDATED` for
    an article without a date or with one that cannot be read."""
    if not date:
        return UNDATED
    try:
        when = datetime.fromisoformat(date)
        when = when.astimezone(UTC) if when.tzinfo else when
    except (ValueError, OverflowError):
        return UNDATED
    return (
        f"{when.year:04d}{when.month:02d}{when.day:02d}{when.hour:02d}{when.minute:02d}"
        f"{when.second:02d}{when.microsecond:06d}"
    )


def article_line(meta: ArticleMeta, stat: Stat) -> str:
    """The line of one article (`ValueError` for an id the index did not make)."""
    if len(meta.id) != _ID_WIDTH or not _HEX.issuperset(meta.id):
        raise ValueError(f"not an article id: {meta.id!r}")
    fields = [
        order_key(meta.date),
        meta.id,
        meta.path,
        stat[0],
        stat[1],
        meta.title,
        meta.source,
        meta.byline,
        meta.date,
        meta.words,
        meta.content_hash,
        meta.format,
        meta.url,
    ]
    return _encode(fields)


def problem_line(path: str, stat: Stat, reason: str) -> str:
    """The line of a file that cannot be an article."""
    return _encode([_PROBLEM, path, stat[0], stat[1], reason])


def is_problem(line: str) -> bool:
    return line.startswith('["!"')


def line_id(line: str) -> str:
    """An article line's id, without decoding the line."""
    return line[ID]


def decode_article(line: str) -> tuple[ArticleMeta, Stat]:
    """The article a line records, and the file's size and mtime; `ValueError` for a line that is
    not one (damaged, or from a bug)."""
    fields = _decode(line)
    if len(fields) != 13 or fields[0] == _PROBLEM:
        raise ValueError("not an article line")
    key, id_, path, size, mtime, title, source, byline, date, words, digest, form, url = fields
    # Every field's type (`type() is`, not `isinstance`: no bool for an int; and this runs for
    # every article a view shows).
    if {type(value) for value in (key, id_, path, title, source, byline, digest, form, url)} != {
        str
    }:
        raise ValueError("not an article line")
    if type(size) is not int or type(mtime) is not int or type(words) is not int:
        raise ValueError("not an article line")
    if (date is not None and type(date) is not str) or line[ID] != id_:
        raise ValueError("not an article line")
    meta = ArticleMeta(id_, path, title, source, byline, date, words, digest, form, url)
    return meta, (size, mtime)


def decode_problem(line: str) -> tuple[str, Stat, str]:
    """(path, size and mtime, reason) of a problem line; `ValueError` for anything else."""
    fields = _decode(line)
    if len(fields) != 5 or fields[0] != _PROBLEM:
        raise ValueError("not a problem line")
    _mark, path, size, mtime, reason = fields
    if not (isinstance(path, str) and isinstance(reason, str) and _is_int(size) and _is_int(mtime)):
        raise ValueError("not a problem line")
    return path, (size, mtime), reason


def file_of(line: str) -> tuple[str, Stat]:
    """The file an article's line records, and its size and mtime: what a check of the folders
    needs, without making the `ArticleMeta`; `ValueError` for a damaged line."""
    fields = _decode(line)
    if len(fields) != 13 or fields[0] == _PROBLEM or line[ID] != fields[1]:
        raise ValueError("not an article line")
    path, size, mtime = fields[2:5]
    if type(path) is not str or type(size) is not int or type(mtime) is not int:  # (no bool)
        raise ValueError("not an article line")
    return path, (size, mtime)


def path_of(line: str) -> str:
    """The file a line (of either kind) records; `ValueError` for a damaged one."""
    fields = _decode(line)
    path = fields[1] if fields[:1] == [_PROBLEM] else fields[2] if len(fields) > 2 else None
    if not isinstance(path, str):
        raise ValueError("no path in the line")
    return path


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _encode(fields: list[Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def _decode(line: str) -> list[Any]:
    try:
        fields = json.loads(line)
    except (ValueError, RecursionError) as error:
        raise ValueError("damaged line") from error
    if not isinstance(fields, list):
        raise ValueError("damaged line")
    return fields
