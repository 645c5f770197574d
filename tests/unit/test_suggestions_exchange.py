"""An orphan's suggested place in `reader export` (JSON and Markdown), kept by `reader import`,
and acted on from the shell with `reader highlights accept|keep ID`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from tests.orphans import CANDIDATE, QUOTE, YURTS, orphaned_library


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "library"


def exported(capsys: pytest.CaptureFixture[str], folder: Path, *extra: str) -> str:
    capsys.readouterr()
    assert main(["export", str(folder), *extra]) == 0
    return capsys.readouterr().out


def highlights(capsys: pytest.CaptureFixture[str], folder: Path) -> dict[str, dict[str, Any]]:
    document = json.loads(exported(capsys, folder, "--format", "json"))
    return {item["id"]: item for item in document["articles"][0]["highlights"]}


def test_json_export_gives_the_suggestion_how_alike_and_what_differs(
    capsys: pytest.CaptureFixture[str], folder: Path, isolated_user: Path
) -> None:
    ids = orphaned_library(folder, isolated_user, ambiguous=True)
    found = highlights(capsys, folder)
    orphan = found[ids["orphan"]]
    assert orphan["status"] == "orphaned" and orphan["quote"] == QUOTE
    assert orphan["suggestion"]["text"] == CANDIDATE
    assert orphan["suggestion"]["similarity"] == 72.6
    assert orphan["suggestion"]["differs"].startswith("“It was cold” was added, “Smith” became")
    ambiguous = found[ids["ambiguous"]]["suggestion"]
    assert (ambiguous["text"], ambiguous["similarity"]) == (YURTS, 100.0)
    assert ambiguous["differs"] == "the same words"


def test_markdown_export_says_it_for_people_with_the_commands_that_act_on_it(
    capsys: pytest.CaptureFixture[str], folder: Path, isolated_user: Path
) -> None:
    ids = orphaned_library(folder, isolated_user, ambiguous=True)
    text = exported(capsys, folder)
    assert f"- Best candidate, 73% alike: “{CANDIDATE}”" in text
    assert "- What differs: “It was cold” was added, “Smith” became “Jones”" in text
    assert f"- Accept it: `reader highlights accept {ids['orphan']}`" in text
    assert f"- Keep it orphaned: `reader highlights keep {ids['orphan']}`" in text
    assert "- Ambiguous: its words fit several places in the article." in text
    assert f"- Nearest where it was: “{YURTS}”" in text


def test_import_of_the_export_keeps_the_suggestion(
    capsys: pytest.CaptureFixture[str], folder: Path, isolated_user: Path, tmp_path: Path
) -> None:
    orphaned_library(folder, isolated_user, ambiguous=True)
    before = exported(capsys, folder, "--format", "json")
    export = tmp_path / "notes.json"
    export.write_text(before, encoding="utf-8")
    elsewhere = tmp_path / "other-data"
    assert main(["--data-dir", str(elsewhere), "import", str(export), str(folder)]) == 0
    assert exported(capsys, folder, "--format", "json", "--data-dir", str(elsewhere)) == before


def test_accept_from_the_shell_moves_it_and_keep_dismisses(
    capsys: pytest.CaptureFixture[str], folder: Path, isolated_user: Path
) -> None:
    ids = orphaned_library(folder, isolated_user, ambiguous=True)
    assert main(["highlights", "accept", ids["orphan"][:6], str(folder)]) == 0
    assert f"placed on “{CANDIDATE[:40]}" in capsys.readouterr().err
    assert main(["highlights", "keep", ids["ambiguous"], str(folder)]) == 0
    assert "kept orphaned" in capsys.readouterr().err
    found = highlights(capsys, folder)
    placed = found[ids["orphan"]]
    assert (placed["status"], placed["quote"], placed["original"]) == ("anchored", CANDIDATE, QUOTE)
    body = (folder / "convoy.md").read_text(encoding="utf-8")
    assert CANDIDATE in body and placed["suggestion"] is None
    kept = found[ids["ambiguous"]]
    assert (kept["status"], kept["suggestion"]) == ("orphaned", None)
    assert "Accept it" not in exported(capsys, folder)  # nothing left to act on


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["highlights", "accept", "nope"], "no highlight with id 'nope'"),
        (["highlights", "keep", ""], "no highlight with id ''"),
        (
            ["--data-dir", "/nonexistent/reader-data", "highlights", "keep", "ab"],
            "no highlights yet",
        ),
    ],
)
def test_shell_mistakes_are_said_in_one_line(
    capsys: pytest.CaptureFixture[str],
    folder: Path,
    isolated_user: Path,
    args: list[str],
    said: str,
) -> None:
    orphaned_library(folder, isolated_user, ambiguous=True)
    assert main([*args, str(folder)]) == 1
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1


def test_accepting_twice_or_with_the_file_gone_changes_nothing(
    capsys: pytest.CaptureFixture[str], folder: Path, isolated_user: Path
) -> None:
    ids = orphaned_library(folder, isolated_user)
    assert main(["highlights", "keep", ids["orphan"], str(folder)]) == 0
    assert main(["highlights", "keep", ids["orphan"], str(folder)]) == 1
    assert "it has no suggestion to dismiss" in capsys.readouterr().err
    assert main(["highlights", "accept", ids["orphan"], str(folder)]) == 1
    assert "has no suggested place (it is orphaned)" in capsys.readouterr().err
    other, data = folder.parent / "other", folder.parent / "data2"
    ids = orphaned_library(other, data)
    (other / "convoy.md").unlink()
    args = ["--data-dir", str(data), "highlights", "accept", ids["orphan"], str(other)]
    assert main(args) == 1
    assert "is not in the library" in capsys.readouterr().err
