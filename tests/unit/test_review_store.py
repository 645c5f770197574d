"""The review in the store: migration 6 on a real schema-5 database, grades and stops journalled
so the review's `u` undoes them (and only them), two sessions grading at once, and what
`reader review` and the screen read."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.review.cards import Grade, Stage
from reader.core.review.settings import ReviewSettings
from reader.core.shelf import Location
from reader.store.db import MIGRATIONS, schema_version
from reader.store.review_day import stats_now, todays_review
from reader.store.state import DB_FILENAME, Store
from reader.store.undo import UndoConflict

#: A database made by main's code at f616969 (schema 5, before the review): three highlights
#: of two articles, the first tagged "Favourite" with a note, the second "history"; the
#: second article in the Trash.
SCHEMA_5 = Path(__file__).parent / "fixtures" / "schema5.sqlite3"
FAVOURITE, HISTORY, TRASHED = "d4268ac087f10518", "c345f358fe07dbca", "69b349a036129412"

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
BODY = "Col. Smith met U.S. officials in Almaty on Monday. The talks ran late. Nobody said enough."
SETTINGS = ReviewSettings()


@pytest.fixture
def old(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    shutil.copyfile(SCHEMA_5, folder / DB_FILENAME)
    (folder / DB_FILENAME).chmod(0o600)
    return folder


def test_migration_6_on_a_schema_5_database_keeps_everything(old: Path) -> None:
    conn = sqlite3.connect(old / DB_FILENAME)
    assert schema_version(conn) == 5
    before = conn.execute("SELECT * FROM highlights ORDER BY id").fetchall()
    conn.close()
    with Store.open(old) as store:
        candidates = {c.highlight_id: c for c in store.reviews.candidates("favourite")}
        assert set(candidates) == {FAVOURITE, HISTORY, TRASHED}
        assert all(c.is_new and c.card is None for c in candidates.values())
        assert candidates[FAVOURITE].favourite and not candidates[HISTORY].favourite
        assert store.reviews.hidden_articles() == {"article-two"}
        today = todays_review(store, SETTINGS, MONDAY)
        assert {due.highlight.id for due in today.highlights} == {FAVOURITE, HISTORY}
        assert today.highlights[0].highlight.id == FAVOURITE  # favourites first
        assert today.highlights[0].tags == ("Favourite",)
    conn = sqlite3.connect(old / DB_FILENAME)
    assert schema_version(conn) == len(MIGRATIONS) >= 6
    assert conn.execute("SELECT * FROM highlights ORDER BY id").fetchall() == before
    conn.close()


def test_a_grade_moves_the_card_and_is_logged(old: Path) -> None:
    with Store.open(old) as store:
        card = store.reviews.grade(HISTORY, Grade.GOOD, MONDAY, SETTINGS)
        assert card.due == MONDAY + timedelta(days=2) and card.stage is Stage.REVIEW
        assert store.reviews.card(HISTORY) == card
        favourite = store.reviews.grade(FAVOURITE, Grade.EASY, MONDAY, SETTINGS)
        plain = store.reviews.grade(TRASHED, Grade.EASY, MONDAY, SETTINGS)
        assert favourite.due is not None and plain.due is not None and favourite.due < plain.due
        log = store.reviews.log()
        assert (log[0].highlight_id, log[0].grade, log[0].prior) == (HISTORY, Grade.GOOD, Stage.NEW)
        assert store.reviews.reviewed_between(MONDAY, MONDAY + timedelta(hours=1)) == {
            HISTORY, FAVOURITE, TRASHED,
        }  # fmt: skip
        again = store.reviews.grade(HISTORY, Grade.AGAIN, MONDAY + timedelta(days=2), SETTINGS)
        assert again.lapses == 1 and again.reps == 2
        assert store.reviews.log()[-1].prior is Stage.REVIEW


def test_undo_takes_back_the_last_grade_and_only_review_changes(old: Path) -> None:
    with Store.open(old) as store:
        store.reviews.grade(HISTORY, Grade.GOOD, MONDAY, SETTINGS)
        first = store.reviews.card(HISTORY)
        store.reviews.grade(HISTORY, Grade.EASY, MONDAY + timedelta(days=2), SETTINGS)
        note = store.highlights.get(HISTORY)
        assert note is not None
        store.highlights.set_note(HISTORY, "written after", note.revision)
        assert store.reviews.undo_last() == "grade a highlight easy"
        assert store.reviews.card(HISTORY) == first and len(store.reviews.log()) == 1
        kept = store.highlights.get(HISTORY)
        assert kept is not None and kept.note == "written after"  # a note is not a grade
        assert store.reviews.undo_last() == "grade a highlight good"
        assert store.reviews.card(HISTORY) is None and store.reviews.log() == []
        assert store.reviews.undo_last() is None


def test_stop_takes_a_highlight_out_for_good_and_undo_brings_it_back(old: Path) -> None:
    with Store.open(old) as store:
        assert store.reviews.stop(FAVOURITE, MONDAY)
        assert not store.reviews.stop(FAVOURITE, MONDAY)  # stopped already: nothing to do
        later = MONDAY + timedelta(days=400)
        assert [d.highlight.id for d in todays_review(store, SETTINGS, later).highlights] == [
            HISTORY
        ]
        assert stats_now(store, SETTINGS, MONDAY).stopped == 1
        assert store.reviews.undo_last() == "stop reviewing a highlight"
        assert store.reviews.card(FAVOURITE) is None


def test_undo_refuses_when_another_session_graded_the_same_highlight(old: Path) -> None:
    with Store.open(old) as mine, Store.open(old) as theirs:
        mine.reviews.grade(HISTORY, Grade.GOOD, MONDAY, SETTINGS)
        theirs.reviews.grade(HISTORY, Grade.AGAIN, MONDAY + timedelta(hours=1), SETTINGS)
        with pytest.raises(UndoConflict):
            mine.reviews.undo_last()
        assert [r.grade for r in theirs.reviews.log()] == [Grade.GOOD, Grade.AGAIN]


def test_graded_today_counts_against_the_day_in_another_session(old: Path) -> None:
    settings = ReviewSettings(per_day=2)
    with Store.open(old) as mine, Store.open(old) as theirs:
        theirs.reviews.grade(HISTORY, Grade.GOOD, MONDAY, settings)
        today = todays_review(mine, settings, MONDAY + timedelta(hours=2))
        assert today.earlier == 1 and len(today.highlights) == 1
        stats = stats_now(mine, settings, MONDAY + timedelta(hours=2))
        assert stats.reviewed_today == 1 and stats.streak == 1


def test_a_fresh_store_has_nothing_to_review(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        assert todays_review(store, SETTINGS, MONDAY).highlights == []
        stats = stats_now(store, SETTINGS, MONDAY)
        assert stats.retention is None and stats.new == 0 and stats.streak == 0
        highlight = store.highlights.add("x", BODY, 0, 10, "yellow", "")
        store.library.move(["x"], Location.TRASH)
        assert todays_review(store, SETTINGS, MONDAY).highlights == []
        store.library.move(["x"], Location.INBOX)
        assert [d.highlight.id for d in todays_review(store, SETTINGS, MONDAY).highlights] == [
            highlight.id
        ]


def test_the_fast_pool_picks_what_the_rule_picks_over_every_highlight(tmp_path: Path) -> None:
    """`todays_review` reads only what the day can hold (`Reviews.pool`); over the same store,
    `todays_queue` given every highlight (`candidates`) must pick the same, in the same order."""
    from reader.core.review.days import day_of
    from reader.core.review.queue import todays_queue

    with Store.open(tmp_path / "data") as store:
        made = [store.highlights.add(f"article-{n % 6}", BODY, 0, 10 + n % 50) for n in range(60)]
        store.tags.tag_highlights([h.id for h in made[::7]], ["favourite"])
        for number, highlight in enumerate(made[:40]):
            when = MONDAY - timedelta(days=number % 9)
            store.reviews.grade(highlight.id, Grade(1 + number % 4), when, SETTINGS)
        for highlight in made[40:44]:
            store.reviews.stop(highlight.id, MONDAY)
        store.library.move(["article-5"], Location.TRASH)
        compared = 0
        for per_day, share in ((10, 0.3), (25, 0.5), (60, 0.0), (3, 1.0)):
            settings = ReviewSettings(per_day=per_day, new_share=share)
            for day in range(4):
                now = MONDAY + timedelta(days=day)
                fast = [d.highlight.id for d in todays_review(store, settings, now).highlights]
                every = store.reviews.candidates(settings.favourite_tag)
                hidden = store.reviews.hidden_articles()
                today = day_of(now)
                done = len(store.reviews.reviewed_between(today.start, today.end))
                picked = todays_queue(every, settings, now, hidden, done)
                rule = [c.highlight_id for c in picked]
                assert fast == rule
                compared += len(fast)
        assert compared > 50
