"""Which folders the live library watches one by one, and when it watches them so."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reader.ui.live_library import folder_by_folder, watched_folders


def test_every_visible_folder_is_listed_and_files_are_not(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden" / "inside").mkdir(parents=True)
    (tmp_path / "a" / "note.md").write_text("x", "utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    listed = watched_folders([tmp_path])
    assert sorted(listed) == sorted(str(p) for p in (tmp_path, tmp_path / "a", tmp_path / "a/b"))


@pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")
def test_polling_asked_for_keeps_the_recursive_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WATCHFILES_FORCE_POLLING", raising=False)
    assert folder_by_folder(None) is True
    assert folder_by_folder(True) is False
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1")
    assert folder_by_folder(None) is False
    assert folder_by_folder(False) is True  # asked for events in so many words
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "disabled")
    assert folder_by_folder(None) is True
