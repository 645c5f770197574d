"""Articles outside the library folder, matched across machines by their content.

An article's id comes from its path within the folder it was opened from, so the same file
opened from `/home/a/papers` on a laptop and from `/srv/me/docs/2024` on a server can have two
ids; such articles travel as their annotations only (never the file). When this machine's
library shows an article with the content another machine's highlights were made on (the
`content_hash` of their anchors) and no article here has the other machine's id, the two are
the same article: the other id becomes an alias of the one here (kept in the store's settings,
`sync.aliases`), and that article's highlights, bookmarks, tags and reading state move to the
article here. The sync then translates at its edge (`reader.store.sync_records`): what arrives
for the other id lands on the article here, and what changes here goes out under the other id,
so neither machine's records change id. Annotations that match nothing here are kept as they
are, and attach when an article with their content shows up.

An article opened here once (or found in the library now) is never taken for another's: only
an id this machine knows from a sync alone is matched. No pycrdt here: this runs when the
library is loaded.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from reader.core.article import ArticleMeta
from reader.core.library.records import decode_article
from reader.core.library.view import Articles, ids_of
from reader.store.connection import Database

#: The store's setting holding the aliases: another machine's article id -> the one here.
ALIASES = "sync.aliases"
#: The articles here whose state also goes out under their own id (a JSON list).
OWN = "sync.aliases.own"
#: What the library was last searched for in vain (the articles waiting, the library's ids).
SEARCHED = "sync.aliases.searched"
#: A content hash as the store records them (SHA-256, hex).
_HASH = re.compile(r"[0-9a-f]{64}")


class Aliases:
    """Another machine's article ids with the id of the same article here."""

    def __init__(self, local: Mapping[str, str], own: Iterable[str] = ()) -> None:
        #: Another machine's id -> the id here.
        self.local = dict(local)
        #: Articles here whose state had gone out under their own id before they were matched.
        self.own = set(own)
        self._foreign: dict[str, list[str]] = {}
        for foreign, here in sorted(self.local.items()):
            self._foreign.setdefault(here, []).append(foreign)

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> Aliases:
        found = _setting(conn, ALIASES)
        own = _setting(conn, OWN)
        return cls(
            {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {},
            [str(key) for key in own] if isinstance(own, list) else [],
        )

    def here(self, article_id: str) -> str:
        """The id here of an article (itself unless it is another machine's alias)."""
        return self.local.get(article_id, article_id)

    def ids_there(self, article_id: str) -> list[str]:
        """The ids an article's state here goes out under: the other machines' ids of it, and
        its own when it has no other or its state went out under it before it was matched
        (then it is written alike under each, and each is read back onto the article here, so
        the two stay the same whichever machine wrote last)."""
        foreign = self._foreign.get(article_id, [])
        return sorted({*foreign, article_id} if article_id in self.own or not foreign else foreign)

    def there(self, article_id: str, current: str | None) -> str:
        """The id a record of an article here names in the document: the one it names now if
        that is this article, else the first other machine's id, else its own."""
        if current is not None and self.here(current) == article_id:
            return current
        return (self._foreign.get(article_id) or [article_id])[0]


def adopt(db: Database, annotated: Mapping[str, set[str]], articles: Sequence[ArticleMeta]) -> int:
    """Match the articles with highlights that no article here has the id of (`annotated`: each
    article id with the content hashes of its highlights) to the one article of `articles` (the
    library now) with that content; returns how many were matched. Costs a set of the ids when
    every annotated article is here, and the library is searched again only when the articles
    waiting or the library's ids changed since it was last searched in vain."""
    ids = ids_of(articles)
    known = set(ids)
    unknown = {
        article_id: {digest for digest in hashes if _HASH.fullmatch(digest)}
        for article_id, hashes in annotated.items()
        if article_id not in known
    }
    wanted = set().union(*unknown.values()) if unknown else set()
    if not wanted:
        return 0
    searched = hashlib.sha256(
        repr((sorted((k, sorted(v)) for k, v in unknown.items()), len(ids))).encode()
    ).hexdigest()
    searched += hashlib.sha256("".join(ids).encode("utf-8", "surrogatepass")).hexdigest()
    row = db.one("SELECT value FROM settings WHERE key = ?", (SEARCHED,))
    if row is not None and row[0] == searched:
        return 0
    here = _with_content(articles, wanted)
    found: dict[str, str] = {}
    for article_id, hashes in unknown.items():
        same = set().union(*(here.get(digest, set()) for digest in hashes))
        if len(same) == 1:  # two articles here with that content: neither can be told to be it
            found[article_id] = same.pop()
    with db.write() as conn:
        seen = _seen_here(conn, list(found)) if found else set()
        moves = {foreign: local for foreign, local in found.items() if foreign not in seen}
        if moves:
            before = Aliases.read(conn)
            own = before.own | {local for local in moves.values() if _has_state(conn, local)}
            _put(conn, ALIASES, {**before.local, **moves})
            _put(conn, OWN, sorted(own))
            for foreign, local in moves.items():
                _move(conn, foreign, local)
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            (SEARCHED, "" if moves else searched),
        )
    return len(moves)


def _with_content(articles: Sequence[ArticleMeta], wanted: set[str]) -> dict[str, set[str]]:
    """For each of the `wanted` content hashes, the articles here with it. A library index's
    lines are searched as text (a hash is a field of its own there): only a line found is
    decoded."""
    found: dict[str, set[str]] = {}
    if isinstance(articles, Articles):
        text = "\n".join(articles.lines)
        for digest in wanted:
            needle = f'"{digest}"'
            at = text.find(needle)
            while at >= 0:
                start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
                try:
                    meta = decode_article(text[start : end if end >= 0 else len(text)])[0]
                except ValueError:
                    meta = None
                if meta is not None and meta.content_hash == digest:
                    found.setdefault(digest, set()).add(meta.id)
                at = text.find(needle, at + 1)
        return found
    for meta in articles:
        if meta.content_hash in wanted:
            found.setdefault(meta.content_hash, set()).add(meta.id)
    return found


def _setting(conn: sqlite3.Connection, key: str) -> object:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    try:
        return json.loads(str(row[0])) if row else None
    except ValueError:
        return None


def _put(conn: sqlite3.Connection, key: str, value: object) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
        (key, json.dumps(value, sort_keys=True)),
    )


def _has_state(conn: sqlite3.Connection, article_id: str) -> bool:
    """Whether an article here has a synced state of its own (a place, read, progress, tags)."""
    found = conn.execute(
        "SELECT 1 FROM article_state WHERE article_id = ? AND (location != 'inbox' OR read "
        "OR progress OR position) UNION SELECT 1 FROM article_tags WHERE article_id = ?",
        (article_id, article_id),
    ).fetchone()
    return found is not None


def _seen_here(conn: sqlite3.Connection, article_ids: list[str]) -> set[str]:
    """The articles opened on this machine (so its own, whatever another machine says)."""
    marks = ", ".join("?" * len(article_ids))
    rows = conn.execute(
        f"SELECT article_id FROM article_state WHERE opened_at IS NOT NULL "
        f"AND article_id IN ({marks})",
        article_ids,
    )
    return {str(row[0]) for row in rows}


def _move(conn: sqlite3.Connection, foreign: str, here: str) -> None:
    """Everything of the article `foreign` onto the article `here`: highlights, bookmarks,
    tags; its reading state unless the article here has one of its own."""
    conn.execute("UPDATE highlights SET article_id = ? WHERE article_id = ?", (here, foreign))
    conn.execute("UPDATE bookmarks SET article_id = ? WHERE article_id = ?", (here, foreign))
    conn.execute(
        "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
        "SELECT ?, tag_id FROM article_tags WHERE article_id = ?",
        (here, foreign),
    )
    conn.execute("DELETE FROM article_tags WHERE article_id = ?", (foreign,))
    state = conn.execute(
        "SELECT location, read, progress, position FROM article_state WHERE article_id = ?",
        (foreign,),
    ).fetchone()
    if state is None:
        return
    conn.execute(
        "INSERT INTO article_state (article_id, location, read, progress, position, added_at, "
        "updated_at) SELECT ?, location, read, progress, position, added_at, updated_at "
        "FROM article_state WHERE article_id = ? ON CONFLICT (article_id) DO UPDATE SET "
        "location = excluded.location, read = excluded.read, progress = excluded.progress, "
        "position = excluded.position WHERE article_state.location = 'inbox' "
        "AND NOT article_state.read AND article_state.progress = 0 "
        "AND article_state.position = 0",
        (here, foreign),
    )
    conn.execute("DELETE FROM article_state WHERE article_id = ?", (foreign,))
