"""The library's reads: every article's state at once, the states of a few, and the places alone.

`every_state` is what the list needs once it is complete (each article's row, tags, highlight
count and bookmark, in one read transaction); `places` is what its first view needs (where each
article is and when it was added: no tags, no counts, no state objects, a few tens of
milliseconds at 50,000 articles), and `states_of` the full state of the rows on screen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from msgspec import Struct

from reader.core.shelf import ArticleState, Location

#: What a state reads of each row, in `ArticleState`'s order.
STATE = "article_id, location, read, progress, position, added_at, opened_at, updated_at"
#: Ids per `IN (...)` query: well under SQLite's limit on variables.
_CHUNK = 500


class Places(Struct, frozen=True):
    """Each article with a row: where it is and when it was added (`located`, by id), and the
    article opened last (`last_opened`), if any."""

    located: dict[str, tuple[Location, str | None]]
    last_opened: str | None


def every_state(conn: sqlite3.Connection) -> dict[str, ArticleState]:
    """The state of every article the store knows (a row, a tag, a highlight or a bookmark)."""
    with snapshot_read(conn):
        rows = conn.execute(f"SELECT {STATE} FROM article_state").fetchall()
        tags = tags_by_article(conn)
        counts = conn.execute(
            "SELECT article_id, COUNT(*) FROM highlights GROUP BY article_id"
        ).fetchall()
        marked = conn.execute("SELECT DISTINCT article_id FROM bookmarks").fetchall()
    return build_states(rows, tags, counts, marked)


def states_of(conn: sqlite3.Connection, ids: list[str]) -> dict[str, ArticleState]:
    """The states of `ids` the store knows, as `every_state` has them."""
    rows: list[tuple[Any, ...]] = []
    counts: list[tuple[Any, ...]] = []
    marked: list[tuple[Any, ...]] = []
    names: dict[str, list[str]] = {}
    with snapshot_read(conn):
        for start in range(0, len(ids), _CHUNK):
            part = ids[start : start + _CHUNK]
            among = f"article_id IN ({','.join('?' * len(part))})"
            rows += conn.execute(f"SELECT {STATE} FROM article_state WHERE {among}", part)
            for article_id, name in conn.execute(
                "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
                f"WHERE at.{among} ORDER BY t.key, t.name",
                part,
            ):
                names.setdefault(article_id, []).append(name)
            counts += conn.execute(
                f"SELECT article_id, COUNT(*) FROM highlights WHERE {among} GROUP BY article_id",
                part,
            )
            marked += conn.execute(f"SELECT DISTINCT article_id FROM bookmarks WHERE {among}", part)
    tags = {article_id: tuple(held) for article_id, held in names.items()}
    return build_states(rows, tags, counts, marked)


def places(conn: sqlite3.Connection) -> Places:
    """Where each article with a row is, when it was added, and the article opened last."""
    place, inbox = _PLACES.get, Location.INBOX
    with snapshot_read(conn):
        rows = conn.execute("SELECT article_id, location, added_at FROM article_state")
        located = {key: (place(where, inbox), added) for key, where, added in rows}
        last = conn.execute(
            "SELECT article_id FROM article_state WHERE opened_at IS NOT NULL "
            "ORDER BY opened_at DESC LIMIT 1"
        ).fetchone()
    return Places(located, str(last[0]) if last else None)


def tags_by_article(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each tagged article's tag names, in the order shown (by key, then name).

    SQLite groups the pairs (they come in primary-key order, grouped by article already) and
    they are put in order here by each tag's rank: a join sorted by name costs twice as much
    at 50,000 articles.
    """
    tags = conn.execute("SELECT id, name FROM tags ORDER BY key, name").fetchall()
    shown = {str(tag_id): str(name) for tag_id, name in tags}
    rank = {str(tag_id): place for place, (tag_id, _name) in enumerate(tags)}
    found: dict[str, tuple[str, ...]] = {}
    for article_id, held in conn.execute(
        "SELECT article_id, group_concat(tag_id) FROM article_tags GROUP BY article_id"
    ):
        if "," in held:
            found[article_id] = tuple(
                shown[t] for t in sorted(held.split(","), key=rank.__getitem__)
            )
        else:
            found[article_id] = (shown[held],)
    return found


def build_states(
    rows: list[tuple[Any, ...]],
    names: dict[str, tuple[str, ...]],
    counts: list[tuple[Any, ...]],
    marked: list[tuple[Any, ...]],
) -> dict[str, ArticleState]:
    highlights = {str(article_id): int(count) for article_id, count in counts if count}
    bookmarked = {str(row[0]) for row in marked}
    place, inbox, none = _PLACES.get, Location.INBOX, ()
    states: dict[str, ArticleState] = {}
    for article_id, location, read, progress, position, added, opened, updated in rows:
        states[article_id] = ArticleState(
            article_id, place(location, inbox), bool(read), progress, position, added, opened,
            names.get(article_id, none), highlights.get(article_id, 0),
            article_id in bookmarked, updated,
        )  # fmt: skip
    for article_id in (names.keys() | highlights.keys() | bookmarked) - states.keys():
        states[article_id] = ArticleState(
            article_id,
            tags=names.get(article_id, ()),
            highlights=highlights.get(article_id, 0),
            bookmarked=article_id in bookmarked,
        )
    return states


#: Locations by their stored name; a name written by a newer reader reads as the Inbox.
_PLACES = {str(place): place for place in Location}


@contextmanager
def snapshot_read(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction, so several SELECTs see the same moment (inside a write of this
    thread they see it anyway)."""
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        yield
    finally:
        if began and conn.in_transaction:
            conn.execute("COMMIT")
