"""`reader search` as scripts and users call it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.shelf import Location
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


def _write(path: Path, title: str, body: str) -> None:
    path.write_text(f"# {title}\n\n{body}\n", encoding="utf-8")


def _granite_library(tmp_path: Path) -> Path:
    """A library of one article, about granite."""
    folder = tmp_path / "library"
    folder.mkdir()
    _write(folder / "alpha.md", "Alpha", "The quarry holds granite.")
    return folder


def _titles(capsys: pytest.CaptureFixture[str], query: str, folder: Path) -> list[str]:
    code, out, err = run(capsys, "search", query, "--json", str(folder))
    assert code == 0, err
    return [row["title"] for row in json.loads(out)]


def test_files_changed_while_no_reader_ran_are_searched_as_they_are_now(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "library"
    (folder / "notes").mkdir(parents=True)
    _write(folder / "alpha.md", "Alpha", "The quarry holds granite and basalt.")
    _write(folder / "notes" / "beta.md", "Beta", "A treatise on orchards.")
    assert _titles(capsys, "granite", folder) == ["Alpha"]
    assert _titles(capsys, "granite", folder) == ["Alpha"]  # from the stored index alone

    _write(folder / "notes" / "gamma.md", "Gamma", "Granite steps down to the sea.")  # added
    assert sorted(_titles(capsys, "granite", folder)) == ["Alpha", "Gamma"]

    (folder / "notes" / "beta.md").write_text(  # changed in place: same folder, same name
        "# Beta\n\nA treatise on granite orchards.\n", encoding="utf-8"
    )
    assert sorted(_titles(capsys, "granite", folder)) == ["Alpha", "Beta", "Gamma"]

    (folder / "alpha.md").unlink()  # removed
    assert sorted(_titles(capsys, "granite", folder)) == ["Beta", "Gamma"]
    assert _titles(capsys, "orchards", folder) == ["Beta"]


def test_an_unchanged_library_is_searched_without_reading_its_index(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _granite_library(tmp_path)
    assert _titles(capsys, "granite", folder) == ["Alpha"]

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the library index was read")

    with monkeypatch.context() as refusing:  # (`undo` would undo the data folder's too)
        refusing.setattr("reader.cli.search.load_library", refuse)
        assert _titles(capsys, "granit", folder) == ["Alpha"]
    _write(folder / "alpha.md", "Alpha", "The quarry holds marble now.")
    assert _titles(capsys, "granite", folder) == []


def test_the_trash_stays_out_of_a_search_answered_from_the_stored_index(
    capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    _, out, _ = run(capsys, "search", "tokaev", "--json")
    first = json.loads(out)[0]["id"]
    with Store.open(isolated_user) as store:
        store.library.move([first], Location.TRASH)
    for _ in range(2):  # the database changed, then the index answers alone
        _, out, _ = run(capsys, "search", "tokaev", "--json")
        assert first not in [row["id"] for row in json.loads(out)]
    _, out, _ = run(capsys, "search", "tokaev in:trash", "--json")
    assert [row["id"] for row in json.loads(out)] == [first]


def test_an_unchanged_library_reads_the_places_without_opening_the_store(
    capsys: pytest.CaptureFixture[str], isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database read as it is, the Trash still left out, nothing of the store's opening
    (its checks, its backup) run: and a database it cannot read so is opened as before."""
    _, out, _ = run(capsys, "search", "tokaev", "--json")
    first = json.loads(out)[0]["id"]
    with Store.open(isolated_user) as store:
        store.library.move([first], Location.TRASH)
    run(capsys, "search", "tokaev", "--json")  # the database changed: the store is opened

    def refused(*_args: object) -> Store:
        raise AssertionError("the store was opened")

    with monkeypatch.context() as refusing:
        refusing.setattr(Store, "open", refused)
        _, out, _ = run(capsys, "search", "tokaev", "--json")
    assert out and first not in [row["id"] for row in json.loads(out)]
    monkeypatch.setattr("reader.store.quick_read.MIGRATIONS", [])  # "another schema"
    _, out, _ = run(capsys, "search", "tokaev", "--json")
    assert out and first not in [row["id"] for row in json.loads(out)]


def test_a_library_with_problems_keeps_saying_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = _granite_library(tmp_path)
    (folder / "broken.md").write_bytes(b"\x00\x01\x02 binary")
    for _ in range(2):
        code, _, err = run(capsys, "search", "granite", str(folder))
        assert code == 0
        assert "skipped" in err and "broken.md" in err


def test_a_typo_finds_the_words_of_files_added_or_changed_since_the_last_search(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The vocabulary typos are matched against is kept beside the index: never a stale one."""
    folder = _granite_library(tmp_path)
    assert _titles(capsys, "grantie", folder) == ["Alpha"]
    _write(folder / "beta.md", "Beta", "Obsidian glints in the quarry.")  # added
    assert _titles(capsys, "obsidain", folder) == ["Beta"]
    assert _titles(capsys, "obsidain", folder) == ["Beta"]  # from the stored index alone
    _write(folder / "alpha.md", "Alpha", "The quarry holds malachite now.")  # changed in place
    assert _titles(capsys, "malachtie", folder) == ["Alpha"]


def test_the_fingerprint_taken_beside_the_imports_is_the_librarys(tmp_path: Path) -> None:
    """In a child process (where the system forks) or a thread, the same as taken in line."""
    from reader.cli.search import _Fingerprint
    from reader.core.library.fingerprint import fingerprint

    folder = _granite_library(tmp_path)
    also = [tmp_path / "reader.sqlite3"]
    assert _Fingerprint([folder], also).result() == fingerprint([folder], also) is not None
    assert _Fingerprint([tmp_path / "missing"], also).result() is None


def test_a_search_started_with_sigchld_ignored_answers(tmp_path: Path) -> None:
    """Where the parent ignored SIGCHLD (inherited), the fingerprint's child is reaped by the
    system: its answer in the pipe is enough."""
    folder = _granite_library(tmp_path)
    env = dict(os.environ, READER_DATA_DIR=str(tmp_path / "data"))
    for _ in range(2):  # the second answers from the stored index, after the fingerprint
        done = subprocess.run(
            [sys.executable, "-m", "reader", "search", "granite", "--json", str(folder)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            preexec_fn=lambda: signal.signal(signal.SIGCHLD, signal.SIG_IGN),
        )
        assert done.returncode == 0, done.stderr
        assert [row["title"] for row in json.loads(done.stdout)] == ["Alpha"]
