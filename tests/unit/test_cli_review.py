"""`reader review`: today's highlights as Markdown quotes or JSON, without grading; `--stats`
with the streak, due counts and retention; read-only, on a fixed clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.library import load_article, load_index
from reader.core.review import days
from reader.core.review.cards import Grade
from reader.core.review.settings import ReviewSettings
from reader.core.shelf import Location
from reader.store.state import DB_FILENAME, Store

MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """What `reader review` takes for now: `clock[0]`, Monday morning until a test moves it."""
    now = [MONDAY]
    monkeypatch.setattr(days, "local_now", lambda: now[0])
    return now


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def highlight_seeds(data: Path, seeds_dir: Path) -> list[str]:
    """A highlight on the first sentence of each seed article (the first gets a note and two
    tags); returns their ids, in the order of the articles."""
    made = []
    with Store.open(data) as store:
        for meta in load_index([seeds_dir]).articles:
            body = load_article(meta).body
            end = body.index(".", 20) + 1
            highlight = store.highlights.add(meta.id, body, 0, end, "yellow", "")
            made.append(highlight.id)
        first = store.highlights.get(made[0])
        assert first is not None
        store.highlights.set_note(made[0], "Worth keeping.", first.revision)
        store.tags.tag_highlights([made[0]], ["history", "favourite"])
    return made


def test_read_only_without_a_database(
    capsys: pytest.CaptureFixture[str], isolated_user: Path, clock: list[datetime]
) -> None:
    assert run(capsys, "review")[:2] == (0, "Nothing to review today.\n")
    assert run(capsys, "review", "--json")[1] == "[]\n"
    code, out, _ = run(capsys, "review", "--stats", "--json")
    assert code == 0 and json.loads(out)["streak"] == 0 and json.loads(out)["retention"] is None
    assert "streak          0 days" in run(capsys, "review", "--stats")[1]
    assert not (isolated_user / DB_FILENAME).exists()


def test_the_digest_is_markdown_quotes_of_today(
    capsys: pytest.CaptureFixture[str], isolated_user: Path, seeds_dir: Path, clock: list[datetime]
) -> None:
    made = highlight_seeds(isolated_user, seeds_dir)
    code, out, err = run(capsys, "review")
    assert code == 0 and err == ""
    quotes = out.split("\n---\n\n")
    assert len(quotes) == len(made) == 5
    favourite = quotes[0]  # favourites first
    assert favourite.startswith("> ") and "\n\n— " in favourite
    assert "Worth keeping." in favourite and favourite.rstrip().endswith("#favourite #history")
    code, out, _ = run(capsys, "review", "--count", "2")
    assert out.count("\n---\n") == 1
    # Printing is not grading: the same highlights come again, and nothing was logged.
    assert run(capsys, "review")[1].count("\n---\n") == 4
    with Store.open(isolated_user) as store:
        assert store.reviews.log() == []


def test_json_rows_and_the_trash_left_out(
    capsys: pytest.CaptureFixture[str], isolated_user: Path, seeds_dir: Path, clock: list[datetime]
) -> None:
    made = highlight_seeds(isolated_user, seeds_dir)
    rows = json.loads(run(capsys, "review", "--json")[1])
    assert rows[0]["id"] == made[0]
    first = rows[0]
    assert list(first) == [
        "id", "article_id", "title", "source", "quote", "note", "tags", "new", "favourite",
        "orphaned",
    ]  # fmt: skip
    assert first["new"] and first["favourite"] and not first["orphaned"] and first["title"]
    assert first["tags"] == ["favourite", "history"] and first["note"] == "Worth keeping."
    with Store.open(isolated_user) as store:
        store.library.move([first["article_id"]], Location.TRASH)
    rows = json.loads(run(capsys, "review", "--json")[1])
    assert made[0] not in {row["id"] for row in rows} and len(rows) == 4


def test_grades_decide_what_comes_on_day_3_and_stats_follow(
    capsys: pytest.CaptureFixture[str], isolated_user: Path, seeds_dir: Path, clock: list[datetime]
) -> None:
    made = highlight_seeds(isolated_user, seeds_dir)
    settings = ReviewSettings()
    with Store.open(isolated_user) as store:
        for key, grade in zip(
            made, (Grade.AGAIN, Grade.GOOD, Grade.EASY, Grade.EASY, Grade.HARD), strict=True
        ):
            store.reviews.grade(key, grade, MONDAY, settings)
    assert run(capsys, "review")[1] == "Done for today: 5 reviewed.\n"
    stats = json.loads(run(capsys, "review", "--stats", "--json")[1])
    assert (stats["streak"], stats["reviewed_today"], stats["new"]) == (1, 5, 0)
    assert stats["due_tomorrow"] == 2  # again and hard: a day
    clock[0] = MONDAY + timedelta(days=2)
    rows = json.loads(run(capsys, "review", "--json")[1])
    assert {row["id"] for row in rows} == {made[0], made[1], made[4]}  # not the easy ones
    assert not any(row["new"] for row in rows)
    text = run(capsys, "review", "--stats")[1]
    assert "streak          0 days" in text and "due today       3" in text
