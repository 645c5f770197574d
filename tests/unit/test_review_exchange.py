"""Review state travels: `reader export --format json` carries each highlight's card and grades,
`reader import` merges them (the later card wins, grades added once), checked as claims, and
`reader import --undo` takes them back with the rest of the import."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from reader.core.review.cards import Grade, Stage
from reader.core.review.settings import ReviewSettings
from reader.store.exchange import ExchangeError, export_document, import_document
from reader.store.state import Store

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
BODY = "The moon pulls the sea towards it, and the sea answers twice a day. Salt is old."


def graded(data: Path) -> tuple[str, str]:
    """Two highlights: one graded twice, one stopped; returns their ids."""
    with Store.open(data) as store:
        first = store.highlights.add("tides", BODY, 0, 20)
        second = store.highlights.add("tides", BODY, 68, 80)
        store.reviews.grade(first.id, Grade.GOOD, MONDAY, ReviewSettings())
        store.reviews.grade(first.id, Grade.EASY, MONDAY + timedelta(days=2), ReviewSettings())
        store.reviews.stop(second.id, MONDAY)
    return first.id, second.id


def exported(data: Path) -> dict[str, Any]:
    with Store.open(data) as store:
        return export_document(store, [])


def review_of(document: dict[str, Any], highlight_id: str) -> dict[str, Any]:
    for article in document["articles"]:
        for highlight in article["highlights"]:
            if highlight["id"] == highlight_id:
                review: dict[str, Any] = highlight["review"]
                return review
    raise AssertionError(highlight_id)


def test_export_carries_cards_and_grades(tmp_path: Path) -> None:
    first, second = graded(tmp_path / "mine")
    document = exported(tmp_path / "mine")
    review = review_of(document, first)
    assert review["card"]["stage"] == "review" and review["card"]["reps"] == 2
    assert [entry["grade"] for entry in review["log"]] == [3, 4]
    assert [entry["prior"] for entry in review["log"]] == ["new", "review"]
    assert review_of(document, second)["card"]["stopped"] == MONDAY.isoformat()
    json.dumps(document)  # plain JSON all the way


def test_round_trip_into_another_store_and_again_adds_nothing(tmp_path: Path) -> None:
    first, second = graded(tmp_path / "mine")
    document = exported(tmp_path / "mine")
    with Store.open(tmp_path / "mine") as store:
        mine = (store.reviews.card(first), store.reviews.card(second), store.reviews.log())
    with Store.open(tmp_path / "theirs") as store:
        report = import_document(store, document)
        assert report.reviews == 2 and "review state of 2 highlights" in report.summary()
        theirs = (store.reviews.card(first), store.reviews.card(second), store.reviews.log())
        assert theirs == mine
        again = import_document(store, document)
        assert again.reviews == 0 and len(store.reviews.log()) == 3 - 1  # two grades, no more


def test_the_later_card_wins_and_grades_from_both_sides_are_kept(tmp_path: Path) -> None:
    first, _second = graded(tmp_path / "mine")
    document = exported(tmp_path / "mine")
    with Store.open(tmp_path / "theirs") as store:
        import_document(store, document)
        late = MONDAY + timedelta(days=20)
        theirs = store.reviews.grade(first, Grade.AGAIN, late, ReviewSettings())
        newer = export_document(store, [])
    with Store.open(tmp_path / "mine") as store:
        import_document(store, newer)
        assert store.reviews.card(first) == theirs
        assert [r.grade for r in store.reviews.log()] == [Grade.GOOD, Grade.EASY, Grade.AGAIN]
        import_document(store, document)  # an older copy of the same card changes nothing
        assert store.reviews.card(first) == theirs


def test_reader_import_and_its_undo_carry_the_review_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = graded(tmp_path / "mine")
    dump = tmp_path / "dump.json"
    assert main(["export", "--data-dir", str(tmp_path / "mine"), "--format", "json",
                 "--output", str(dump)]) == 0  # fmt: skip
    theirs = ["--data-dir", str(tmp_path / "theirs")]
    assert main(["import", *theirs, str(dump)]) == 0
    assert "review state of 2 highlights merged" in capsys.readouterr().err
    with Store.open(tmp_path / "theirs") as store:
        assert store.reviews.card(first) is not None and store.reviews.card(second) is not None
        assert len(store.reviews.log()) == 2
    assert main(["import", *theirs, "--undo"]) == 0
    with Store.open(tmp_path / "theirs") as store:
        assert store.reviews.card(first) is None and store.reviews.log() == []


def test_claims_are_checked_and_times_in_the_future_are_now(tmp_path: Path) -> None:
    first, _second = graded(tmp_path / "mine")
    document = exported(tmp_path / "mine")
    forged = copy.deepcopy(document)
    review = review_of(forged, first)
    review["card"].update(
        stability=1e12, difficulty=-4, last_review="2999-01-01T00:00:00+00:00",
        updated="2999-01-01T00:00:00+00:00", due="2999-01-01T00:00:00+00:00", stage="review",
    )  # fmt: skip
    review["log"].append(
        {"id": "forged", "grade": 3, "prior": "review", "reviewed": "2999-01-01T00:00:00Z"}
    )
    with Store.open(tmp_path / "theirs") as store:
        import_document(store, forged)
        card = store.reviews.card(first)
        now = datetime.now(UTC)
        assert card is not None and card.stability == 36500.0 and card.difficulty == 1.0
        assert card.last_review is not None and card.last_review <= now
        assert card.due is not None and card.due <= now + timedelta(days=36501)
        assert all(r.when <= now for r in store.reviews.log())
        assert card.stage is Stage.REVIEW


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"log": [{"id": "x", "grade": 7, "reviewed": "2026-03-02T08:00:00Z"}]}, "grade"),
        ({"log": [{"id": "x", "grade": 3, "reviewed": "soon"}]}, "reviewed"),
        ({"card": {"stage": "sleeping"}}, "stage"),
        ({"card": {"stage": "review", "stability": "big"}}, "stability"),
        ({"card": "yes"}, "card"),
    ],
)
def test_an_import_with_broken_review_state_is_refused_whole(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    first, _second = graded(tmp_path / "mine")
    document = exported(tmp_path / "mine")
    review_of(document, first).update(change)
    with Store.open(tmp_path / "theirs") as store:
        with pytest.raises(ExchangeError, match=message):
            import_document(store, document)
        assert store.highlights.all() == []
