"""`reader search` as scripts and users call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.store.state import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_shape_and_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "colour revolutions", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [list(row) for row in rows] == [["id", "title", "score", "snippet"]]
    assert rows[0]["title"] == "Putin declared victory in Kazakhstan"
    assert 0 < rows[0]["score"] <= 100
    assert "color revolutions" in rows[0]["snippet"]


def test_limit(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    _, out, _ = run(capsys, "search", "kazakhstan", "--json", str(seeds_dir))
    assert len(json.loads(out)) == 5
    _, out, _ = run(capsys, "search", "kazakhstan", "--limit", "2", "--json")
    rows = json.loads(out)
    assert len(rows) == 2
    assert rows[0]["score"] >= rows[1]["score"]


def test_human_output_marks_matches_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "yurt")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(" 1. Kazakhstan’s action on Ukrainian soil")
    assert "«Yurts»" in lines[1] or "«yurts»" in lines[1]
    assert "\x1b" not in out


def test_no_results_says_so_and_suggests_a_title(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", '"putin declard victroy"')
    assert code == 0
    assert out.startswith("no results for")
    assert "closest title: Putin declared victory in Kazakhstan" in out
    _, out, _ = run(capsys, "search", "zzzzqqqq", "--json")
    assert json.loads(out) == []


def test_filters_read_the_users_bookmarks(
    capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    _, out, _ = run(capsys, "search", "tokaev", "--json")
    last = json.loads(out)[-1]["id"]
    with Store.open(isolated_user) as store:
        store.bookmarks.toggle(last)
    _, out, _ = run(capsys, "search", "tokaev is:bookmarked", "--json")
    assert [row["id"] for row in json.loads(out)] == [last]


def test_a_second_search_uses_the_cache(
    capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    run(capsys, "search", "yurt")
    cached = list((isolated_user / "cache").glob("search-*.idx"))
    assert len(cached) == 1
    before = cached[0].stat().st_mtime_ns
    code, out, _ = run(capsys, "search", "blinkin")
    assert code == 0 and out
    assert cached[0].stat().st_mtime_ns == before  # nothing changed, nothing rewritten


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["search"], 2),
        (["search", "x", "--limit", "0"], 2),
        (["search", "x", "--limit", "many"], 2),
        (["search", "putin", "victory"], 1),  # an unquoted second word is taken for a PATH
    ],
)
def test_exit_codes(capsys: pytest.CaptureFixture[str], argv: list[str], expected: int) -> None:
    code, _, err = run(capsys, *argv)
    assert code == expected
    if expected == 1:
        assert err.count("\n") == 1 and 'quote them: "putin victory"' in err
