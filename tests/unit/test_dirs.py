"""Folders: where things go, and that nothing is created or loosened behind the user's back."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core import files
from reader.store import dirs


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_env_data_dir_moves_config_cache_and_library(
    isolated_user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("READER_CONFIG")
    assert dirs.data_dir() == isolated_user
    assert dirs.config_file() == isolated_user / "config.toml"
    assert dirs.cache_dir() == isolated_user / "cache"
    assert dirs.library_dir() == isolated_user / "library"


def test_reader_config_wins(
    isolated_user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "mine.toml"))
    assert dirs.config_file() == tmp_path / "mine.toml"
    assert dirs.config_file(tmp_path / "other") == tmp_path / "mine.toml"


def test_override_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_CONFIG")
    chosen = tmp_path / "chosen"
    assert dirs.data_dir(chosen) == chosen
    assert dirs.config_file(chosen) == chosen / "config.toml"
    assert dirs.cache_dir(chosen) == chosen / "cache"
    assert dirs.library_dir(chosen) == chosen / "library"


def test_relative_override_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert dirs.data_dir(Path("here")) == tmp_path / "here"


def test_platform_defaults_without_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READER_DATA_DIR")
    monkeypatch.delenv("READER_CONFIG")
    assert dirs.data_dir().name == "reader"
    assert dirs.config_file().name == "config.toml"
    assert dirs.config_file().parent.name == "reader"
    assert dirs.cache_dir().name == "reader"
    assert dirs.library_dir() == dirs.data_dir() / "library"


def test_empty_environment_value_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_DATA_DIR", "")
    assert dirs.data_dir().name == "reader"


def test_asking_creates_nothing(isolated_user: Path) -> None:
    dirs.data_dir(), dirs.config_file(), dirs.cache_dir(), dirs.library_dir()
    assert not isolated_user.exists()


def test_ensure_private_dir_creates_every_missing_level_0700(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    target = tmp_path / "a" / "b" / "c"
    try:
        assert files.ensure_private_dir(target) == target
    finally:
        os.umask(previous)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert mode(folder) == 0o700
    assert not dirs.open_to_others(target)


def test_ensure_private_dir_overrides_a_strict_umask(tmp_path: Path) -> None:
    previous = os.umask(0o277)
    try:
        files.ensure_private_dir(tmp_path / "x")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "x") == 0o700


def test_existing_folder_is_not_chmodded_but_reported(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    files.ensure_private_dir(shared)
    assert mode(shared) == 0o755
    assert dirs.open_to_others(shared)


def test_ensure_private_dir_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError):
        files.ensure_private_dir(tmp_path / "file")


def test_open_to_others_of_missing_path_is_false(tmp_path: Path) -> None:
    assert not dirs.open_to_others(tmp_path / "nothing")


def test_write_atomically_is_whole_or_nothing(tmp_path: Path) -> None:
    from reader.core.files import write_atomically

    target = tmp_path / "new" / "notes.md"
    write_atomically(target, [b"first ", b"version"])
    assert target.read_bytes() == b"first version"
    assert target.stat().st_mode & 0o777 == 0o600

    def failing() -> Iterator[bytes]:
        yield b"half of the second"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, failing())
    assert target.read_bytes() == b"first version"
    assert [p.name for p in target.parent.iterdir()] == ["notes.md"]
