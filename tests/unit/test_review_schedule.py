"""The review's scheduler against `fsrs` itself, with fixed dates: the intervals are FSRS's,
the day is the user's local day, and favourites come back sooner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest

from reader.core.review.cards import Card, Grade, Stage
from reader.core.review.days import day_of
from reader.core.review.spacing import Spacing
from reader.core.review.stats import Reviewed, retention, streak

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def fsrs_due(grades: list[tuple[int, datetime]], retention: float = 0.9) -> datetime:
    """Where `fsrs` itself puts a card after these grades, configured as the review's is."""
    scheduler = fsrs.Scheduler(
        desired_retention=retention, learning_steps=(), relearning_steps=(), enable_fuzzing=False
    )
    card = fsrs.Card(card_id=1, due=grades[0][1])
    for rating, when in grades:
        card, _log = scheduler.review_card(card, fsrs.Rating(rating), when)
    return card.due


@pytest.mark.parametrize(
    ("grade", "days"), [(Grade.AGAIN, 1), (Grade.HARD, 1), (Grade.GOOD, 2), (Grade.EASY, 8)]
)
def test_a_first_grade_gives_fsrs_interval_in_days(grade: Grade, days: int) -> None:
    card = Spacing().grade(None, grade, MONDAY, favourite=False)
    assert card.due == MONDAY + timedelta(days=days) == fsrs_due([(int(grade), MONDAY)])
    assert card.stage is Stage.REVIEW and card.reps == 1 and card.lapses == 0
    assert card.last_review == MONDAY


def test_a_run_of_grades_follows_fsrs_and_counts_lapses() -> None:
    spacing, card, when = Spacing(), None, MONDAY
    history: list[tuple[int, datetime]] = []
    for grade in (Grade.GOOD, Grade.GOOD, Grade.AGAIN, Grade.EASY):
        card = spacing.grade(card, grade, when, favourite=False)
        history.append((int(grade), when))
        assert card.due == fsrs_due(history)
        assert card.due is not None
        when = card.due
    assert card is not None and card.reps == 4 and card.lapses == 1
    # Intervals grow with good grades: the last (easy after relearning) is beyond a week.
    assert card.due is not None and card.last_review is not None
    assert card.due - card.last_review > timedelta(days=7)


def test_favourites_are_scheduled_for_a_higher_retention_so_sooner() -> None:
    spacing = Spacing(retention=0.9, favourite_retention=0.95)
    plain = spacing.grade(None, Grade.EASY, MONDAY, favourite=False)
    favourite = spacing.grade(None, Grade.EASY, MONDAY, favourite=True)
    assert plain.due is not None and favourite.due is not None
    assert favourite.due < plain.due
    assert favourite.due == fsrs_due([(4, MONDAY)], retention=0.95)


def test_grading_keeps_a_stop_and_a_local_time_is_taken_as_utc() -> None:
    paris = timezone(timedelta(hours=1))
    stopped = Card(stopped=MONDAY)
    card = Spacing().grade(stopped, Grade.GOOD, MONDAY.astimezone(paris), favourite=False)
    assert card.stopped == MONDAY and card.last_review == MONDAY


def test_recall_falls_as_days_pass() -> None:
    spacing = Spacing()
    card = spacing.grade(None, Grade.GOOD, MONDAY, favourite=False)
    soon, late = (spacing.recall(card, MONDAY + timedelta(days=d)) for d in (1, 30))
    assert 0 < late < soon <= 1
    assert spacing.recall(Card(), MONDAY) == 0


def test_a_day_is_the_local_calendar_day_of_the_clock() -> None:
    tokyo = timezone(timedelta(hours=9))
    late = datetime(2026, 3, 2, 23, 30, tzinfo=tokyo)
    day = day_of(late)
    assert day.name == "2026-03-02"
    assert day.start == datetime(2026, 3, 2, tzinfo=tokyo)
    assert day.end - day.start == timedelta(days=1)
    # 23:30 in Tokyo is still the morning of the 2nd in UTC: the local day counts.
    assert day_of(late.astimezone(UTC)).name == "2026-03-02"
    assert day_of(datetime(2026, 3, 3, 0, 30, tzinfo=tokyo)).name == "2026-03-03"


def test_streak_counts_days_in_a_row_up_to_today_or_yesterday() -> None:
    today = MONDAY.date()
    days = {today - timedelta(days=n) for n in (1, 2, 3, 5)}
    assert streak(days, today) == 3  # today not reviewed yet: the streak is not lost
    assert streak(days | {today}, today) == 4
    assert streak({today - timedelta(days=2)}, today) == 0


def test_retention_counts_learned_highlights_not_graded_again() -> None:
    log = [
        Reviewed("a", Grade.GOOD, MONDAY, Stage.NEW),  # a first review: not counted
        Reviewed("a", Grade.AGAIN, MONDAY + timedelta(days=2), Stage.REVIEW),
        Reviewed("b", Grade.HARD, MONDAY + timedelta(days=2), Stage.REVIEW),
        Reviewed("c", Grade.GOOD, MONDAY + timedelta(days=2), Stage.REVIEW),
        Reviewed("d", Grade.EASY, MONDAY - timedelta(days=60), Stage.REVIEW),  # too old
    ]
    share, counted = retention(log, MONDAY + timedelta(days=3))
    assert counted == 3 and share == pytest.approx(2 / 3)
    assert retention([], MONDAY) == (None, 0)
