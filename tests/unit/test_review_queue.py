"""Today's queue from a fixed clock: the day's number, new highlights mixed in at their share,
favourites first, the trash and stopped highlights left out; the round walked with undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from reader.core.review.cards import Card, Grade, Stage
from reader.core.review.queue import Candidate, spread, todays_queue
from reader.core.review.session import ReviewRound
from reader.core.review.settings import ReviewSettings
from reader.core.review.stats import Reviewed, review_stats

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def due(key: str, days_ago: int = 0, favourite: bool = False, article: str = "a") -> Candidate:
    when = NOW - timedelta(days=days_ago)
    card = Card(Stage.REVIEW, None, 3.0, 5.0, when, when - timedelta(days=3), 2)
    return Candidate(key, article, favourite, card)


def later(key: str, days: int) -> Candidate:
    card = Card(Stage.REVIEW, None, 3.0, 5.0, NOW + timedelta(days=days), NOW, 1)
    return Candidate(key, "a", False, card)


def new(key: str, favourite: bool = False, article: str = "a") -> Candidate:
    return Candidate(key, article, favourite, None)


def ids(queue: list[Candidate]) -> list[str]:
    return [c.highlight_id for c in queue]


def test_a_day_holds_its_number_with_new_ones_at_their_share_spread_among_the_due() -> None:
    pool = [due(f"d{n}", days_ago=n) for n in range(10)] + [new(f"n{n}") for n in range(10)]
    queue = todays_queue(pool, ReviewSettings(per_day=10, new_share=0.3), NOW)
    assert len(queue) == 10
    assert sum(c.is_new for c in queue) == 3
    # Due ones most overdue first; the new ones are not bunched at either end.
    assert [c.highlight_id for c in queue if not c.is_new] == [f"d{n}" for n in range(9, 2, -1)]
    places = [place for place, c in enumerate(queue) if c.is_new]
    assert places[0] > 0 and places[-1] < 9 and places == sorted(places)
    assert min(b - a for a, b in pairwise(places)) >= 2


def test_either_kind_fills_the_places_the_other_leaves() -> None:
    only_new = [new(f"n{n}") for n in range(20)]
    assert len(todays_queue(only_new, ReviewSettings(per_day=10), NOW)) == 10
    only_due = [due(f"d{n}") for n in range(20)]
    assert len(todays_queue(only_due, ReviewSettings(per_day=10), NOW)) == 10
    few = [due("d1"), new("n1"), new("n2"), new("n3"), new("n4"), new("n5")]
    assert len(todays_queue(few, ReviewSettings(per_day=10), NOW)) == 6


def test_what_is_not_due_by_the_end_of_today_waits() -> None:
    pool = [later("tonight", 0), later("tomorrow", 1), due("yesterday", 1)]
    pool[0] = Candidate(
        "tonight", "a", False, Card(Stage.REVIEW, None, 3, 5, NOW + timedelta(hours=10))
    )
    assert ids(todays_queue(pool, ReviewSettings(new_share=0), NOW)) == ["yesterday", "tonight"]


def test_grades_given_earlier_today_count_against_the_day() -> None:
    pool = [due(f"d{n}") for n in range(20)]
    assert len(todays_queue(pool, ReviewSettings(per_day=10), NOW, done_today=7)) == 3
    assert todays_queue(pool, ReviewSettings(per_day=10), NOW, done_today=10) == []
    assert todays_queue(pool, ReviewSettings(per_day=0), NOW) == []


def test_favourites_come_first_among_due_and_new() -> None:
    pool = [due("old", days_ago=9), due("fav", days_ago=1, favourite=True)]
    pool += [new(f"n{n}") for n in range(5)] + [new("newfav", favourite=True)]
    queue = todays_queue(pool, ReviewSettings(per_day=3, new_share=0.34), NOW)
    assert ids(queue)[0] == "fav" and "newfav" in ids(queue) and "old" in ids(queue)


def test_the_trash_and_stopped_highlights_never_come_up() -> None:
    stopped = Candidate("stopped", "a", False, Card(stopped=NOW))
    pool = [due("kept"), due("binned", article="trashed"), new("binned-new", article="trashed")]
    queue = todays_queue([*pool, stopped], ReviewSettings(), NOW, hidden={"trashed"})
    assert ids(queue) == ["kept"]


def test_new_ones_keep_their_order_within_a_day_and_change_it_the_next() -> None:
    pool = [new(f"n{n:02}") for n in range(40)]
    settings = ReviewSettings(per_day=5)
    morning = ids(todays_queue(pool, settings, NOW))
    evening = ids(todays_queue(list(reversed(pool)), settings, NOW + timedelta(hours=10)))
    tomorrow = ids(todays_queue(pool, settings, NOW + timedelta(days=1)))
    assert morning == evening and morning != tomorrow


def test_spread_keeps_both_orders() -> None:
    first, mixed = [due(f"d{n}") for n in range(6)], [new(f"n{n}") for n in range(3)]
    out = ids(spread(first, mixed))
    assert [k for k in out if k.startswith("d")] == ids(first)
    assert [k for k in out if k.startswith("n")] == ids(mixed)
    assert ids(spread([], mixed)) == ids(mixed) and ids(spread(first, [])) == ids(first)


def test_stats_count_due_new_stopped_and_the_day_reviewed() -> None:
    pool = [due("a"), due("b", days_ago=3), later("c", 1), later("d", 5), new("e"), new("f")]
    pool.append(Candidate("g", "a", False, Card(stopped=NOW)))
    log = [
        Reviewed("c", Grade.GOOD, NOW - timedelta(hours=1), Stage.NEW),
        Reviewed("d", Grade.EASY, NOW - timedelta(days=1), Stage.REVIEW),
    ]
    stats = review_stats(pool, log, NOW)
    assert (stats.due_today, stats.due_tomorrow, stats.new, stats.stopped) == (2, 1, 2, 1)
    assert stats.reviewed_today == 1 and stats.streak == 2 and stats.learned == 4
    assert stats.retention == 1.0 and stats.measured == 1


def test_a_round_moves_on_and_undo_brings_back_the_last_one_in_front() -> None:
    round_ = ReviewRound("2026-03-02", ["a", "b", "c"])
    assert round_.current == "a" and round_.left == 3 and round_.last is None
    round_.answer(Grade.GOOD)
    step = round_.answer(None)
    assert round_.current == "c" and round_.done == 2 and step is not None and step.item == "b"
    undone = round_.undo()
    assert undone is not None and undone.item == "b" and round_.current == "b"
    round_.forget(round_.answer(Grade.EASY) or step)  # a write refused: shown again, not undone
    assert round_.current == "b" and round_.done == 1
    for _ in range(3):
        round_.answer(Grade.GOOD)
    assert round_.finished and round_.answer(Grade.GOOD) is None
    round_.replace("c", "c2")
    assert round_.last is not None and round_.last.item == "c2"
