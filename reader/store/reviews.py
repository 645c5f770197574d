"""The daily review's memory: each highlight's FSRS card and every grade given.

A grade is one transaction: the card moves on (`reader.core.review.cards`, the `fsrs`
scheduler), the grade joins the log (the streak and retention are read from it), and the undo
journal keeps both sides, so the review's `u` (`undo_last`, this kind of change only) puts the
card back and takes the grade out of the log. `x` (`stop`) is journalled the same way. Cards
and log travel in `reader export --format json` (`export`) and come back through `reader
import` (`merge`): the later card wins, grades are added once (by id), and the import's undo
takes them back.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reader.core.review.cards import Card, Grade, Stage
from reader.core.review.days import Day
from reader.core.review.queue import Candidate, day_seed, new_order
from reader.core.review.settings import ReviewSettings
from reader.core.shelf import tag_key
from reader.store.claims import is_later
from reader.store.connection import Database
from reader.store.db import new_id
from reader.store.imports import ImportBatch, Imports, own_id
from reader.store.undo import Journal, Snapshot

if TYPE_CHECKING:
    from reader.core.review.spacing import Spacing
    from reader.core.review.stats import Reviewed

#: The journal's (and the import log's) name for review changes.
KIND = "review"

#: A card's columns, in `Card`'s order, then when the row last changed.
_CARD = "stage, step, stability, difficulty, due, last_review, reps, lapses, stopped, updated"
_NAMES = [name.strip() for name in _CARD.split(",")]
_LOG = "id, grade, prior, reviewed"
_LOG_NAMES = ("id", "grade", "prior", "reviewed")
#: The highlights carrying the tag whose key is the query's parameter.
_FAVOURITES = (
    "SELECT x.highlight_id FROM highlight_tags x JOIN tags t ON t.id = x.tag_id WHERE t.key = ?"
)
#: Articles whose highlights are left out of the review: in the Trash, or deleted.
_HIDDEN = "SELECT article_id FROM article_state WHERE location IN ('trash', 'deleted')"
#: The highlights of the articles in `_HIDDEN` (through the index by article).
_HIDDEN_HIGHLIGHTS = f"SELECT z.id FROM highlights z WHERE z.article_id IN ({_HIDDEN})"
#: The first due highlights, as `todays_queue` orders them, with their cards; parameters: the
#: favourite tag's key, the end of the day, how many. SQLite sorts and cuts in C.
_DUE = (
    f"SELECT r.highlight_id, r.highlight_id IN ({_FAVOURITES}) AS favourite, r.stage, r.step, "
    f"r.stability, r.difficulty, r.due, r.last_review, r.reps, r.lapses, r.stopped "
    f"FROM review_cards r WHERE r.stopped IS NULL AND r.stage != 'new' AND r.due < ? "
    f"AND r.highlight_id NOT IN ({_HIDDEN_HIGHLIGHTS}) "
    f"ORDER BY favourite DESC, r.due, r.highlight_id LIMIT ?"
)
#: The first highlights never reviewed nor stopped, as `todays_queue` orders them
#: (`review_order` is `new_order`); parameters: the favourite tag's key, the day's seed, how
#: many. The highlights are read through their id's index, never their (long) rows.
_NEW = (
    f"SELECT h.id, h.id IN ({_FAVOURITES}) AS favourite FROM highlights h "
    f"WHERE h.id NOT IN (SELECT r.highlight_id FROM review_cards r "
    f"WHERE r.stage != 'new' OR r.stopped IS NOT NULL) "
    f"AND h.id NOT IN ({_HIDDEN_HIGHLIGHTS}) "
    f"ORDER BY favourite DESC, review_order(h.id, ?), h.id LIMIT ?"
)
#: The articles of the highlights chosen (a few).
_ARTICLES = "SELECT id, article_id FROM highlights WHERE id IN ({})"


class Reviews:
    """The `review_cards` and `review_log` tables."""

    def __init__(self, db: Database, journal: Journal, imports: Imports) -> None:
        self._db = db
        self._journal = journal
        self._spacings: dict[tuple[float, float], Spacing] = {}
        journal.register(KIND, _revert)
        imports.register(KIND, _revert)

    # Reading -------------------------------------------------------------------------------

    def candidates(self, favourite_tag: str) -> list[Candidate]:
        """Every highlight with its card (None: never reviewed), and whether it carries
        `favourite_tag`; read at once."""
        rows = self._db.rows(
            "SELECT h.id, h.article_id, h.id IN (SELECT x.highlight_id FROM highlight_tags x "
            "JOIN tags t ON t.id = x.tag_id WHERE t.key = ?), r.stage, r.step, r.stability, "
            "r.difficulty, r.due, r.last_review, r.reps, r.lapses, r.stopped FROM highlights h "
            "LEFT JOIN review_cards r ON r.highlight_id = h.id",
            (tag_key(favourite_tag),),
        )
        return [
            Candidate(key, article, bool(favourite), card_of(tuple(rest)) if rest[0] else None)
            for key, article, favourite, *rest in rows
        ]

    def pool(self, favourite_tag: str, day: Day, room: int) -> list[Candidate]:
        """What today's queue is picked from, read fast for a large library: the `room` due by
        the end of `day` first and the `room` never reviewed first, each in the order
        `todays_queue` gives them (favourites ahead), leaving out those stopped and those of
        the Trash. `todays_queue` over this picks what it would over `candidates()`.

        SQLite orders and cuts both (the new ones by `new_order`, called from SQL), so only
        those few rows reach Python, whatever the size of the library."""
        key, limit = tag_key(favourite_tag), max(0, room)
        with self._db.read() as conn:
            conn.create_function("review_order", 2, new_order, deterministic=True)
            due = conn.execute(_DUE, (key, stamp(day.end), limit)).fetchall()
            new = conn.execute(_NEW, (key, day_seed(day), limit)).fetchall()
            keys = [row[0] for row in (*due, *new)]
            query = _ARTICLES.format(", ".join("?" * len(keys)))
            articles = dict(conn.execute(query, keys).fetchall()) if keys else {}
        found = [
            Candidate(k, articles[k], bool(f), card_of(tuple(card)))
            for k, f, *card in due
            if k in articles
        ]
        found += [Candidate(k, articles[k], bool(f)) for k, f in new if k in articles]
        return found

    def hidden_articles(self) -> set[str]:
        """Articles whose highlights are left out of the review: in the Trash, or deleted."""
        return {str(row[0]) for row in self._db.rows(_HIDDEN)}

    def card(self, highlight_id: str) -> Card | None:
        row = self._db.one(
            f"SELECT {_CARD} FROM review_cards WHERE highlight_id = ?", (highlight_id,)
        )
        return card_of(row) if row else None

    def log(self, since: datetime | None = None) -> list[Reviewed]:
        """Every grade given (since `since`), oldest first."""
        from reader.core.review.stats import Reviewed  # (the review's, not the start's)

        floor = stamp(since) if since is not None else ""
        rows = self._db.rows(
            "SELECT highlight_id, grade, prior, reviewed FROM review_log WHERE reviewed >= ? "
            "ORDER BY reviewed, rowid",
            (floor,),
        )
        return [
            Reviewed(str(key), Grade(int(grade)), when, _stage(prior))
            for key, grade, prior, reviewed in rows
            if (when := parse_stamp(reviewed)) is not None and 1 <= int(grade) <= 4
        ]

    def reviewed_between(self, start: datetime, end: datetime) -> set[str]:
        """The highlights graded in [start, end) (today's, counted against the day's number)."""
        rows = self._db.rows(
            "SELECT DISTINCT highlight_id FROM review_log WHERE reviewed >= ? AND reviewed < ?",
            (stamp(start), stamp(end)),
        )
        return {str(row[0]) for row in rows}

    # Changing (each call is one undoable step) ------------------------------------------------

    def grade(
        self, highlight_id: str, grade: Grade, when: datetime, settings: ReviewSettings
    ) -> Card:
        """Grade the highlight at `when`: its next card (favourites, tagged as `settings`
        says, scheduled for their own retention) and a line in the log."""
        spacing = self._spacing(settings)
        with self._db.write() as conn:
            before = _row(conn, highlight_id)
            current = card_of(tuple(before[name] for name in _NAMES)) if before else None
            favourite = _tagged(conn, highlight_id, settings.favourite_tag)
            card = spacing.grade(current, Grade(grade), when, favourite)
            after = _put(conn, highlight_id, card, when)
            log_id = new_id()
            prior = current.stage if current is not None else Stage.NEW
            conn.execute(
                f"INSERT INTO review_log ({_LOG}, highlight_id) VALUES (?, ?, ?, ?, ?)",
                (log_id, int(grade), str(prior), stamp(when), highlight_id),
            )
            self._journal.record(
                conn, KIND, highlight_id, {"card": before}, {"card": after, "log": [log_id]},
                f"grade a highlight {Grade(grade).label}",
            )  # fmt: skip
        return card

    def stop(self, highlight_id: str, when: datetime) -> bool:
        """Never show the highlight in the review again (`x`); False if it was stopped already."""
        with self._db.write() as conn:
            before = _row(conn, highlight_id)
            current = card_of(tuple(before[name] for name in _NAMES)) if before else Card()
            if current.stopped is not None:
                return False
            after = _put(conn, highlight_id, current.stop(when), when)
            self._journal.record(
                conn, KIND, highlight_id, {"card": before}, {"card": after},
                "stop reviewing a highlight",
            )  # fmt: skip
        return True

    def undo_last(self) -> str | None:
        """Undo this session's last grade or stop (whatever else was done since stays);
        `UndoConflict` when another session graded that highlight since."""
        return self._journal.undo(KIND)

    def _spacing(self, settings: ReviewSettings) -> Spacing:
        from reader.core.review.spacing import Spacing  # fsrs: loaded at the first grade

        key = (settings.retention, settings.favourite_retention)
        if key not in self._spacings:
            self._spacings[key] = Spacing(*key)
        return self._spacings[key]

    # Export and import ---------------------------------------------------------------------

    def export(self) -> dict[str, dict[str, Any]]:
        """Each highlight's card and grades, as `reader export --format json` carries them."""
        found: dict[str, dict[str, Any]] = {}
        with self._db.read() as conn:  # the lock: no grade of this process falls in between
            for key, *values in conn.execute(f"SELECT highlight_id, {_CARD} FROM review_cards"):
                found[str(key)] = {"card": dict(zip(_NAMES, values, strict=True)), "log": []}
            for key, *values in conn.execute(
                f"SELECT highlight_id, {_LOG} FROM review_log ORDER BY reviewed, rowid"
            ):
                entry = found.setdefault(str(key), {"card": None, "log": []})
                entry["log"].append(dict(zip(_LOG_NAMES, values, strict=True)))
        return found

    def merge(
        self, claims: dict[str, dict[str, Any]], batch: ImportBatch, owners: dict[str, str]
    ) -> int:
        """Merge imported review state (`claims` by the highlight id the file claims, already
        checked by `reader.store.claims.claimed_review`; `owners` their articles), recorded in
        `batch`; returns how many highlights' review changed.

        Their card is taken when this store has none, or theirs changed later; their grades
        are added unless already here (by id)."""
        changed = 0
        with self._db.write() as conn:
            for claimed, claim in claims.items():
                key = own_id(conn, "highlights", claimed, owners[claimed])
                before = _row(conn, key)
                theirs = claim.get("card")
                take = theirs is not None and (
                    before is None or is_later(str(theirs["updated"]), str(before["updated"]))
                )
                if theirs is not None and take:
                    _write_row(conn, key, theirs)
                added = _add_log(conn, key, claim.get("log", []))
                if take or added:
                    after = {"card": _row(conn, key), "log": added}
                    batch.record(conn, KIND, key, {"card": before}, after)
                    changed += 1
        return changed


# Rows --------------------------------------------------------------------------------------


def stamp(when: datetime) -> str:
    """A time as the review tables store it: ISO 8601 UTC to the second."""
    moment = when if when.tzinfo is not None else when.astimezone()
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_stamp(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _stage(text: object) -> Stage:
    try:
        return Stage(str(text))
    except ValueError:  # written by a newer reader
        return Stage.REVIEW


def card_of(row: tuple[Any, ...]) -> Card:
    """A card from its stored columns (`_CARD`'s order; `updated` may follow)."""
    stage, step, stability, difficulty, due, last, reps, lapses, stopped = row[:9]
    kind = _stage(stage)
    if kind is not Stage.NEW and (stability is None or difficulty is None):
        kind = Stage.NEW  # no memory state to schedule from: as if never reviewed
    return Card(
        kind, step, stability, difficulty, parse_stamp(due), parse_stamp(last), int(reps or 0),
        int(lapses or 0), parse_stamp(stopped),
    )  # fmt: skip


def row_of(card: Card, updated: datetime) -> dict[str, Any]:
    """The stored columns of `card` (`_NAMES`), as the journal and the export keep them."""
    times = (card.due, card.last_review, card.stopped)
    due, last, stopped = (stamp(t) if t is not None else None for t in times)
    return {
        "stage": str(card.stage), "step": card.step, "stability": card.stability,
        "difficulty": card.difficulty, "due": due, "last_review": last, "reps": card.reps,
        "lapses": card.lapses, "stopped": stopped, "updated": stamp(updated),
    }  # fmt: skip


def _row(conn: sqlite3.Connection, highlight_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {_CARD} FROM review_cards WHERE highlight_id = ?", (highlight_id,)
    ).fetchone()
    return dict(zip(_NAMES, row, strict=True)) if row else None


def _put(conn: sqlite3.Connection, highlight_id: str, card: Card, when: datetime) -> dict[str, Any]:
    row = row_of(card, when)
    _write_row(conn, highlight_id, row)
    return row


def _write_row(conn: sqlite3.Connection, highlight_id: str, row: dict[str, Any]) -> None:
    marks = ", ".join("?" * (len(_NAMES) + 1))
    conn.execute(
        f"INSERT OR REPLACE INTO review_cards (highlight_id, {_CARD}) VALUES ({marks})",
        (highlight_id, *(row[name] for name in _NAMES)),
    )


def _add_log(
    conn: sqlite3.Connection, highlight_id: str, entries: list[dict[str, Any]]
) -> list[str]:
    """Add the grades not here yet (by id); returns the ids added."""
    added = []
    for entry in entries:
        if conn.execute("SELECT 1 FROM review_log WHERE id = ?", (entry["id"],)).fetchone():
            continue
        conn.execute(
            f"INSERT INTO review_log ({_LOG}, highlight_id) VALUES (?, ?, ?, ?, ?)",
            (entry["id"], entry["grade"], entry["prior"], entry["reviewed"], highlight_id),
        )
        added.append(str(entry["id"]))
    return added


def _tagged(conn: sqlite3.Connection, highlight_id: str, tag: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM highlight_tags x JOIN tags t ON t.id = x.tag_id "
        "WHERE t.key = ? AND x.highlight_id = ?",
        (tag_key(tag), highlight_id),
    ).fetchone()
    return row is not None


def _revert(conn: sqlite3.Connection, target: str, before: Snapshot, after: Snapshot) -> bool:
    """Put a highlight's card back as `before` and take `after`'s grades out of the log, only
    while the card is still as `after` left it (False: changed elsewhere since)."""
    if _row(conn, target) != (after or {}).get("card"):
        return False
    was = (before or {}).get("card")
    if was is None:
        conn.execute("DELETE FROM review_cards WHERE highlight_id = ?", (target,))
    else:
        _write_row(conn, target, was)
    conn.executemany(
        "DELETE FROM review_log WHERE id = ?", [(key,) for key in (after or {}).get("log", [])]
    )
    return True
