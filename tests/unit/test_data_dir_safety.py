"""A data folder or database another user could read or swap is refused, by every command.

The attack from issue 19: a neighbour pre-creates a world-writable folder with `reader.sqlite3`
linked to a file of theirs, and every note written would go to them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.store.db import connect
from reader.store.errors import UnsafeDataDir
from reader.store.safety import check_data_dir
from reader.store.state import DB_FILENAME, Store

NOBODY = 65534

as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="giving a file to another user (chown) needs root",
)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under `folder` with its bytes (None for folders), to show nothing changed."""
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def neighbour(tmp_path: Path) -> Path:
    """Someone else's folder, with the file they would like our notes in."""
    theirs = tmp_path / "neighbour"
    theirs.mkdir()
    (theirs / "stolen.sqlite3").write_bytes(b"")
    return theirs


def refused(folder: Path, *words: str) -> str:
    with pytest.raises(UnsafeDataDir) as caught:
        Store.open(folder)
    message = str(caught.value)
    assert message.startswith("refusing ") and "\n" not in message
    for word in words:
        assert word in message, message
    return message


def test_a_symlinked_data_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "data"
    link.symlink_to(real)
    refused(link, str(link), "symbolic link", str(real), "--data-dir")
    assert list(real.iterdir()) == []


def test_a_symlinked_database_is_refused_and_its_target_untouched(
    tmp_path: Path, neighbour: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / DB_FILENAME).symlink_to(neighbour / "stolen.sqlite3")
    before = tree(neighbour)
    refused(data, str(data / DB_FILENAME), "symbolic link", "remove the link")
    assert tree(neighbour) == before


def test_a_dangling_database_link_is_not_created_through(tmp_path: Path, neighbour: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / DB_FILENAME).symlink_to(neighbour / "new.sqlite3")
    refused(data, "symbolic link")
    assert not (neighbour / "new.sqlite3").exists()


def test_the_last_look_before_connecting_refuses_a_link(tmp_path: Path, neighbour: Path) -> None:
    """Even called directly (no folder check first), the database is not opened through a link."""
    link = tmp_path / "linked.sqlite3"
    link.symlink_to(neighbour / "stolen.sqlite3")
    with pytest.raises(UnsafeDataDir):
        connect(link)
    assert (neighbour / "stolen.sqlite3").read_bytes() == b""


@pytest.mark.parametrize("side", ["-wal", "-shm", "-journal"])
def test_a_planted_side_file_link_is_refused(tmp_path: Path, neighbour: Path, side: str) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    (data / (DB_FILENAME + side)).symlink_to(neighbour / "stolen.sqlite3")
    refused(data, DB_FILENAME + side, "symbolic link")


def test_a_linked_backups_folder_is_refused(tmp_path: Path, neighbour: Path) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    (data / "backups").symlink_to(neighbour)
    refused(data, "backups", "symbolic link")


def test_a_world_writable_parent_without_sticky_bit_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    data = shared / "data"
    refused(data, str(shared), "written by other users", "sticky")
    assert not data.exists()
    data.mkdir(mode=0o700)  # ours and private, but the neighbour can still rename it
    refused(data, str(shared))


def test_a_sticky_parent_like_tmp_is_allowed(tmp_path: Path) -> None:
    sticky = tmp_path / "tmp"
    sticky.mkdir()
    sticky.chmod(0o1777)
    with Store.open(sticky / "x") as store:
        store.set_setting("k", "v")
    assert (sticky / "x" / DB_FILENAME).is_file()


def test_a_data_folder_others_can_write_to_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o777 | 0o1000)  # sticky or not: they could plant a side file before SQLite
    refused(data, "other users can write to it", f"chmod go-w {data}")


def test_a_link_above_the_data_folder_into_our_own_folder_is_allowed(tmp_path: Path) -> None:
    real = tmp_path / "real-home"
    real.mkdir(mode=0o700)
    alias = tmp_path / "home"
    alias.symlink_to(real)
    Store.open(alias / "data").close()
    assert (real / "data" / DB_FILENAME).is_file()


@as_root
def test_a_data_folder_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    os.chown(data, NOBODY, NOBODY)
    refused(data, "belongs to another user")
    assert list(data.iterdir()) == []


@as_root
def test_a_database_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.open(data).close()
    os.chown(data / DB_FILENAME, NOBODY, NOBODY)
    refused(data, str(data / DB_FILENAME), "belongs to another user")


@as_root
def test_a_folder_above_owned_by_another_user_is_refused(tmp_path: Path) -> None:
    """A link into someone else's folder: they can swap what is in it at any time."""
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    os.chown(theirs, NOBODY, NOBODY)
    mine = tmp_path / "notes"
    mine.symlink_to(theirs)
    refused(mine / "data", str(theirs), "belongs to another user")


@as_root
def test_a_link_above_made_by_another_user_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    sticky = tmp_path / "tmp"
    sticky.mkdir()
    sticky.chmod(0o1777)
    link = sticky / "planted"
    link.symlink_to(real)
    os.lchown(link, NOBODY, NOBODY)
    refused(link / "data", str(link), "a link in its path")


def test_a_missing_data_folder_under_safe_folders_is_fine(tmp_path: Path) -> None:
    check_data_dir(tmp_path / "a" / "b" / "data")


# Every command -------------------------------------------------------------------------------


@pytest.fixture
def planted(tmp_path: Path, neighbour: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The issue's attack: a world-writable folder with the database linked to the neighbour's."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / DB_FILENAME).symlink_to(neighbour / "stolen.sqlite3")
    shared.chmod(0o777)
    monkeypatch.setenv("READER_DATA_DIR", str(shared))
    return shared


def test_import_into_a_planted_folder_fails_and_writes_nothing(
    planted: Path, neighbour: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps({"version": 1, "articles": []}))
    before = tree(neighbour)
    assert main(["import", str(notes)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"reader: refusing {planted}") and err.count("\n") == 1
    assert tree(neighbour) == before


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["search", "moon"],
        ["export"],
        ["restore", "--list"],
        ["restore"],
        ["feed", "list"],
        ["refresh"],
        ["add", "{seeds}"],
    ],
)
def test_every_command_refuses_a_planted_folder(
    planted: Path,
    neighbour: Path,
    seeds_dir: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    before, folder = tree(neighbour), tree(planted)
    argv = [word.format(seeds=seeds_dir) for word in command]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: refusing ") and err.count("\n") == 1, err
    assert tree(neighbour) == before and tree(planted) == folder


def test_dirs_only_warns(planted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dirs"]) == 0
    out, err = capsys.readouterr()
    assert f"data: {planted}" in out
    assert err.startswith("reader: warning: refusing ") and err.count("\n") == 1


def test_data_dir_option_is_checked_too(
    tmp_path: Path, neighbour: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link"
    link.symlink_to(neighbour)
    assert main(["--data-dir", str(link), "export"]) == 1
    assert main(["export", "--data-dir", str(link)]) == 1
    assert capsys.readouterr().err.count("symbolic link") == 2
