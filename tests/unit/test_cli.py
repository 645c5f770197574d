"""The `reader` command as scripts and users call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import __version__
from reader.cli.main import main, parse_args
from reader.store.state import Store

LIST_KEYS = [
    "id", "title", "source", "date", "words", "path", "bookmarked", "highlights", "url",
    # issue 12: the library state
    "tags", "location", "read", "progress", "added", "opened", "missing",
    # issue 14: an imported article whose text is not fetched yet
    "fetched",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_on_the_seeds(capsys: pytest.CaptureFixture[str], seeds_dir: Path) -> None:
    code, out, err = run(capsys, "list", "--json", str(seeds_dir))
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 5
    for row in rows:
        assert list(row) == LIST_KEYS
        assert row["bookmarked"] is False
        assert row["highlights"] == 0
        assert isinstance(row["words"], int)
        assert Path(row["path"]).parent == seeds_dir


def test_list_defaults_to_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    assert len(json.loads(out)) == 5


def test_list_shows_bookmarks(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, isolated_user: Path
) -> None:
    _, out, _ = run(capsys, "list", "--json")
    first = json.loads(out)[0]["id"]
    with Store.open(isolated_user) as store:
        store.bookmarks.toggle(first)
    _, out, _ = run(capsys, "list", "--json")
    assert [row["id"] for row in json.loads(out) if row["bookmarked"]] == [first]
    _, table, _ = run(capsys, "list")
    marked = [line for line in table.splitlines() if line.rstrip().endswith("*")]
    assert len(marked) == 1 and marked[0].startswith(first)


def test_list_table_fits_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    code, out, _ = run(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    # Nothing is read, bookmarked, highlighted or tagged yet: those columns are left out.
    assert lines[0].split() == ["ID", "TITLE", "SOURCE", "DATE", "WORDS"]
    assert len(lines) == 6
    assert all(len(line) <= 90 for line in lines)
    assert any("…" in line for line in lines)


def test_list_table_shows_a_column_once_a_row_has_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(capsys, "list", "--json")
    first = json.loads(out)[0]["id"]
    assert run(capsys, "tag", first, "a-rather-long-tag-name", "another")[0] == 0
    _, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "SOURCE", "DATE", "WORDS", "TAGS"]
    assert all(len(line) <= 80 for line in lines)
    row = next(line for line in lines if line.startswith(first))
    title = row[len(first) :].split("  ")[1]
    assert len(title) >= 20  # the tags gave way before the title did


def test_list_does_not_create_a_database(
    capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    run(capsys, "list")
    assert not (isolated_user / "reader.sqlite3").exists()


def test_list_of_broken_files_reports_and_succeeds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "pipe.txt").symlink_to(tmp_path / "nowhere")
    code, out, err = run(capsys, "list", "--json", str(tmp_path))
    assert code == 0
    assert json.loads(out) == []
    assert err == f"reader: skipped {tmp_path / 'pipe.txt'}: broken symlink\n"


def test_dirs_shows_the_data_dir(capsys: pytest.CaptureFixture[str], isolated_user: Path) -> None:
    code, out, _ = run(capsys, "dirs")
    assert code == 0
    assert f"data: {isolated_user}" in out.splitlines()
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "data",
        "config",
        "cache",
        "library",
    ]
    assert not isolated_user.exists()


@pytest.mark.parametrize("before", [True, False])
def test_data_dir_option_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, before: bool
) -> None:
    option = ["--data-dir", str(tmp_path / "mine")]
    argv = [*option, "dirs"] if before else ["dirs", *option]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.splitlines()[0] == f"data: {tmp_path / 'mine'}"
    assert out.splitlines()[2] == f"cache: {tmp_path / 'mine' / 'cache'}"


def test_missing_path_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "foo")
    assert code == 1
    assert out == ""
    assert err == "reader: no such file or folder: foo\n"


def test_missing_path_for_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "no-such-folder")
    assert (code, err) == (1, "reader: no such file or folder: no-such-folder\n")


def test_dumb_terminal_is_refused_before_loading_the_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, seeds_dir: Path
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    code, _, err = run(capsys, str(seeds_dir))
    assert code == 1
    assert err.count("\n") == 1
    assert "TERM=dumb" in err


def test_store_error_is_one_line(capsys: pytest.CaptureFixture[str], isolated_user: Path) -> None:
    """A damaged database costs the annotations, not the list: one warning, then the articles."""
    isolated_user.mkdir(mode=0o700)
    database = isolated_user / "reader.sqlite3"
    database.write_text("not a database")
    database.chmod(0o600)  # only the damage is reported, not a file open to others
    code, out, err = run(capsys, "list", "--json")
    assert code == 0
    assert err.startswith("reader: warning: ") and err.count("\n") == 1
    assert str(database) in err and "reader restore" in err
    assert "Traceback" not in err
    rows = json.loads(out)
    assert len(rows) == 5
    assert all(row["bookmarked"] is False and row["highlights"] == 0 for row in rows)


@pytest.mark.parametrize("command", [["export"], ["import", "notes.json"]])
def test_damaged_store_still_fails_export_and_import(
    capsys: pytest.CaptureFixture[str], isolated_user: Path, tmp_path: Path, command: list[str]
) -> None:
    isolated_user.mkdir(mode=0o700)
    (isolated_user / "reader.sqlite3").write_text("not a database")
    if command[0] == "import":
        document = tmp_path / command[1]
        document.write_text(json.dumps({"version": 1, "articles": []}))
        command = ["import", str(document)]
    code, _, err = run(capsys, *command)
    assert code == 1
    assert err.startswith("reader: ") and err.count("\n") == 1


def test_open_folder_warning(capsys: pytest.CaptureFixture[str], isolated_user: Path) -> None:
    Store.open(isolated_user).close()
    isolated_user.chmod(0o755)
    code, _, err = run(capsys, "list")
    assert code == 0
    assert err.count("warning") == 1
    assert str(isolated_user) in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"reader {__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["dirs", "--help"]])
def test_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "usage:" in out


@pytest.mark.parametrize("argv", [["--bogus"], ["list", "--bogus"], ["dirs", "extra"]])
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "usage:" in err


def test_first_positional_decides_command_or_path() -> None:
    assert parse_args(["list"]).command.run.__name__ == "run_list"
    assert parse_args(["./list"]).paths == [Path("list")]
    assert parse_args(["--", "list"]).paths == [Path("list")]
    options = parse_args(["a", "--data-dir", "d", "b"])
    assert (options.paths, options.data_dir) == ([Path("a"), Path("b")], Path("d"))
    options = parse_args(["--data-dir", "d", "list", "x", "--json"])
    assert (options.paths, options.data_dir, options.json) == ([Path("x")], Path("d"), True)


def test_the_app_is_built_through_the_factory(
    monkeypatch: pytest.MonkeyPatch, seeds_dir: Path, tmp_path: Path
) -> None:
    calls: list[tuple[list[Path], Path | None]] = []

    class FakeApp:
        return_code = 3

        def run(self) -> None:
            pass

    def build_app(paths: list[Path], data_dir: Path | None) -> FakeApp:
        calls.append((paths, data_dir))
        return FakeApp()

    import reader.ui.app

    monkeypatch.setattr(reader.ui.app, "build_app", build_app)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert main([str(seeds_dir), "--data-dir", str(tmp_path)]) == 3
    assert calls == [([seeds_dir], tmp_path)]


def test_help_aligns_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    listing = out.split("commands:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(listing) >= 6
    assert len({len(line) - len(line[2:].split(" ", 1)[1].lstrip()) for line in listing}) == 1
