"""Organising the library from the command line: list views and sorts, tags, archive, trash,
read state; ids by unique prefix; read-only commands never create a database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.shelf import Location
from reader.store.state import DB_FILENAME, Store

NEW_KEYS = ["tags", "location", "read", "progress", "added", "opened", "missing"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str], *options: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "list", "--json", *options)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def seed_ids(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return sorted(str(row["id"]) for row in listed(capsys))


def test_list_rows_carry_the_library_state(capsys: pytest.CaptureFixture[str]) -> None:
    rows = listed(capsys)
    assert len(rows) == 5
    for row in rows:
        keys = list(row)  # issue 14 adds "fetched" after them
        assert keys[keys.index("tags") : keys.index("tags") + len(NEW_KEYS)] == NEW_KEYS
        assert row["tags"] == [] and row["location"] == "inbox" and row["read"] is False
        assert row["progress"] == 0 and row["opened"] is None and row["missing"] is False


def test_read_only_commands_never_create_a_database(
    capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    for argv in (["list", "--in", "archive"], ["tags"], ["tags", "--json"], ["list", "--tag", "x"]):
        assert run(capsys, *argv)[0] == 0
    assert json.loads(run(capsys, "tags", "--json")[1]) == []
    assert not (isolated_user / DB_FILENAME).exists()


def test_archive_inbox_and_trash_by_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    first, second, *_ = seed_ids(capsys)
    code, out, _ = run(capsys, "archive", first[:4], second)
    assert code == 0 and out.strip() == "archived 2 articles"
    assert run(capsys, "archive", first)[1].strip() == (
        "archived 0 articles (1 in the archive already)"
    )
    assert sorted(r["id"] for r in listed(capsys, "--in", "archive")) == [first, second]
    assert len(listed(capsys, "--in", "inbox")) == 3
    run(capsys, "trash", first)
    assert [r["location"] for r in listed(capsys, "--in", "trash")] == ["trash"]
    run(capsys, "inbox", first)
    assert {r["id"] for r in listed(capsys, "--in", "inbox")} >= {first}
    assert len(listed(capsys, "--in", "all")) == 5


def test_unknown_and_ambiguous_ids_change_nothing(
    capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    first = seed_ids(capsys)[0]
    code, _, err = run(capsys, "archive", first, "nosuchid")
    assert code == 1 and "no article with id 'nosuchid'" in err
    code, _, err = run(capsys, "tag", "2", "x")  # two seeds' ids begin with 2
    assert code == 1 and "'2' matches 2 articles" in err and "give more of the id" in err
    with Store.open(isolated_user) as store:
        assert store.library.ids_in(Location.ARCHIVE) == set()
        assert store.tags.all() == []


def test_tags_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    first, second, *_ = seed_ids(capsys)
    assert run(capsys, "tag", first, "Go", "long read")[1].strip() == f"{first}: tags Go, long read"
    run(capsys, "tag", second, "GO")
    assert sorted(r["id"] for r in listed(capsys, "--tag", "go")) == [first, second]
    assert json.loads(run(capsys, "tags", "--json")[1]) == [
        {"name": "Go", "articles": 2, "highlights": 0},
        {"name": "long read", "articles": 1, "highlights": 0},
    ]
    run(capsys, "untag", second, "go")
    assert [r["id"] for r in listed(capsys, "--tag", "Go")] == [first]
    code, out, _ = run(capsys, "tags", "rename", "go", "Golang")
    assert code == 0 and "'Golang'" in out
    code, _, err = run(capsys, "tags", "rename", "golang", "LONG READ")
    assert code == 1 and "merge" in err
    assert run(capsys, "tags", "merge", "golang", "long read", "Later")[0] == 0
    assert [r["tags"] for r in listed(capsys, "--tag", "later")] == [["Later"]]
    code, table, _ = run(capsys, "tags")
    assert table.split() == ["TAG", "ARTICLES", "HIGHLIGHTS", "Later", "1", "0"]
    code, _, err = run(capsys, "tags", "merge", "nope", "Later")
    assert code == 1 and "no tag 'nope'" in err


def test_read_and_unread(capsys: pytest.CaptureFixture[str]) -> None:
    first = seed_ids(capsys)[0]
    assert run(capsys, "read", first)[1].strip() == "marked 1 article read"
    assert [r["id"] for r in listed(capsys) if r["read"]] == [first]
    assert run(capsys, "unread", first)[1].strip() == "marked 1 article unread"
    assert not any(r["read"] for r in listed(capsys))


def test_sorts(capsys: pytest.CaptureFixture[str], isolated_user: Path) -> None:
    rows = listed(capsys)
    by_title = sorted(rows, key=lambda r: (str(r["title"]).casefold(), r["id"]))
    assert listed(capsys, "--sort", "title") == by_title
    words = [r["words"] for r in listed(capsys, "--sort", "length")]
    assert words == sorted(words)  # type: ignore[type-var]
    assert listed(capsys, "--sort", "published")[0]["date"] == "2022-01-10"
    chosen = by_title[3]["id"]
    with Store.open(isolated_user) as store:
        store.library.set_progress(str(chosen), 40)
        store.library.opened(str(chosen))
    assert listed(capsys, "--sort", "progress")[0]["id"] == chosen
    assert listed(capsys, "--sort", "opened")[0]["id"] == chosen
    assert run(capsys, "list", "--sort", "colour")[0] == 2


def test_a_vanished_file_with_notes_is_listed_as_missing(
    capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    with Store.open(isolated_user) as store:
        store.highlights.add("gone-article", "Words that were in a file now gone.", 0, 5)
        store.library.register(["gone-plain"])  # nothing of the user's: not shown
    rows = listed(capsys)
    gone = [row for row in rows if row["missing"]]
    assert [(r["id"], r["title"], r["path"], r["highlights"]) for r in gone] == [
        ("gone-article", "", "", 1)
    ]
    run(capsys, "archive", "gone-a")
    assert [r["id"] for r in listed(capsys, "--in", "archive")] == ["gone-article"]
    assert "(missing)" in run(capsys, "list", "--in", "archive")[1]


def test_emptying_the_trash_deletes_only_files_in_the_library_folder(
    capsys: pytest.CaptureFixture[str], isolated_user: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "mine.md"
    outside.write_text("# Mine\n\nA note of my own about harbours and ships.\n")
    assert run(capsys, "add", str(outside))[0] == 0
    rows = listed(capsys)
    copy = next(r for r in rows if r["title"] == "Mine")
    sample = next(r for r in rows if r["title"] != "Mine")
    run(capsys, "trash", str(copy["id"]), str(sample["id"]))
    code, _, err = run(capsys, "trash", "--empty")  # no terminal to ask on: refused
    assert code == 1 and "--yes" in err
    code, out, _ = run(capsys, "trash", "--empty", "--yes")
    assert code == 0 and "2 articles forgotten, 1 file deleted" in out
    assert not Path(str(copy["path"])).exists()
    assert Path(str(sample["path"])).exists() and outside.exists()  # never touched
    assert {r["id"] for r in listed(capsys)} == {r["id"] for r in rows} - {
        copy["id"],
        sample["id"],
    }
    assert run(capsys, "trash", "--empty", "--yes")[1].strip() == "the trash is empty"
