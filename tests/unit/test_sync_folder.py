"""`reader sync FOLDER`: each store writes its own file there and reads the others'; a file the
carrier has only partly written is skipped with a message, never merged in part."""

from __future__ import annotations

import json
import shutil
import stat
import threading
import time
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.sync import frames
from reader.core.sync.frames import Kind
from reader.ingest.sync import lock
from reader.ingest.sync.folder import SUFFIX
from reader.ingest.sync.lock import SyncBusy, sync_lock
from reader.ingest.sync.run import sync_target
from reader.ingest.sync.session import SyncFailed
from reader.store.config import Config
from reader.store.state import Store
from tests.unit.syncing import BODY, snapshot


def stores(tmp_path: Path) -> tuple[Store, Store, Path, Path]:
    here, there = tmp_path / "laptop", tmp_path / "server"
    return Store.open(here), Store.open(there), here, there


def test_two_stores_meet_in_a_private_folder(tmp_path: Path) -> None:
    laptop, server, here, there = stores(tmp_path)
    folder = tmp_path / "Sync" / "reader"
    made = laptop.highlights.add("art1", BODY, 4, 8, note="from the laptop")
    server.tags.tag(["art1"], ["sea"])
    sync_target(laptop, here, str(folder))
    sync_target(server, there, str(folder))
    sync_target(laptop, here, str(folder))
    assert server.highlights.get(made.id).note == "from the laptop"  # type: ignore[union-attr]
    assert laptop.tags.for_article("art1") == ("sea",)
    assert snapshot(laptop) == snapshot(server)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(folder.iterdir())
    assert len(files) == 2 and all(f.name.endswith(SUFFIX) for f in files)
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


def test_a_partly_written_file_is_skipped_with_a_message_and_read_whole_later(
    tmp_path: Path,
) -> None:
    laptop, server, here, there = stores(tmp_path)
    folder = tmp_path / "sync"
    laptop.highlights.add("art1", BODY, 4, 8, note="whole")
    sync_target(laptop, here, str(folder))
    (own,) = folder.iterdir()
    whole = own.read_bytes()
    for cut in (1, 10, len(whole) // 2, len(whole) - 1):
        own.write_bytes(whole[:cut])
        outcome = sync_target(server, there, str(folder))
        assert any("skipped" in problem for problem in outcome.problems)
        assert server.highlights.all() == []
    own.write_bytes(whole)
    outcome = sync_target(server, there, str(folder))
    assert outcome.problems == []
    assert [h.note for h in server.highlights.all()] == ["whole"]


def test_a_file_from_a_newer_reader_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    laptop, _, here, _ = stores(tmp_path)
    folder = tmp_path / "sync"
    folder.mkdir(mode=0o700)
    newer = frames.encode(
        Kind.HELLO, b'{"protocol": 99, "reader": "9.0", "id": "abc"}'
    ) + frames.encode(Kind.END)
    (folder / f"abc{SUFFIX}").write_bytes(newer)
    before = snapshot(laptop)
    outcome = sync_target(laptop, here, str(folder))
    (problem,) = outcome.problems
    assert "reader 9.0" in problem and "upgrade reader here" in problem
    assert snapshot(laptop) == before
    assert "upgrade reader here" in laptop.sync.statuses()[0].error


def test_a_damaged_update_is_refused_and_the_rest_goes_on(tmp_path: Path) -> None:
    laptop, server, here, there = stores(tmp_path)
    folder = tmp_path / "sync"
    laptop.highlights.add("art1", BODY, 4, 8, note="good")
    sync_target(laptop, here, str(folder))
    bad = (
        frames.hello("0", "bad")
        + frames.encode(Kind.STATE, b"\x01\x05\x03")  # writer 5 at clock 3: news
        + frames.encode(Kind.UPDATE, b"\x01\x02damaged")
        + frames.encode(Kind.END)
    )
    (folder / f"bad{SUFFIX}").write_bytes(bad)
    outcome = sync_target(server, there, str(folder))
    assert any("refused" in problem for problem in outcome.problems)
    assert [h.note for h in server.highlights.all()] == ["good"]


def test_a_folder_that_cannot_be_made_fails_in_one_line(tmp_path: Path) -> None:
    laptop, _, here, _ = stores(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(SyncFailed):
        sync_target(laptop, here, str(blocker / "sync"))
    assert laptop.sync.statuses()[0].last_ok is None


def test_the_command_line_syncs_and_says_the_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sync"
    assert main(["--data-dir", str(tmp_path / "a"), "sync", "--status"]) == 0
    assert "0 changes not synced yet" in capsys.readouterr().out
    with Store.open(tmp_path / "a") as store:
        store.library.set_read(["art1"])
    assert main(["--data-dir", str(tmp_path / "a"), "sync", "--status"]) == 0
    assert "1 changes not synced yet" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "a"), "sync", str(folder)]) == 0
    assert f"synced with {folder}" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path / "a"), "sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert "0 changes not synced yet" in out and f"{folder}: last synced 20" in out
    assert main(["--data-dir", str(tmp_path / "b"), "sync", str(folder)]) == 0
    with Store.open(tmp_path / "b") as store:
        assert store.library.state("art1").read


def test_two_syncs_of_one_store_wait_for_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, here, _ = stores(tmp_path)
    folder = tmp_path / "sync"
    waiting, done = threading.Event(), threading.Event()

    class Clock:
        monotonic = staticmethod(time.monotonic)

        @staticmethod
        def sleep(seconds: float) -> None:
            waiting.set()  # the second sync found the lock held
            time.sleep(seconds)

    monkeypatch.setattr(lock, "time", Clock)

    def second() -> None:
        with Store.open(here) as other:
            sync_target(other, here, str(folder))
        done.set()

    with sync_lock(here):
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(30)
        assert not done.is_set() and not folder.exists()
    thread.join(30)
    assert done.is_set() and len(list(folder.iterdir())) == 1


def test_a_sync_waiting_too_long_says_so(tmp_path: Path) -> None:
    _, _, here, _ = stores(tmp_path)
    with sync_lock(here), pytest.raises(SyncBusy), sync_lock(here, patience=0.1):
        pass


def test_deleted_highlights_are_listed_and_restored_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "a"
    with Store.open(data) as store:
        made = store.highlights.add("art1", BODY, 4, 8, note="keep me")
        store.sync.prepare()
        store.highlights.delete(made.id)
    assert main(["--data-dir", str(data), "sync", "--deleted"]) == 0
    out = capsys.readouterr().out
    assert made.id in out and "keep me" in out
    assert main(["--data-dir", str(data), "sync", "--restore", made.id]) == 0
    with Store.open(data) as store:
        assert store.highlights.get(made.id).note == "keep me"  # type: ignore[union-attr]
    assert main(["--data-dir", str(data), "sync", "--restore", "nope"]) == 1


def test_json_says_each_target_in_one_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    folder = tmp_path / "sync"
    argv = ["--data-dir", str(tmp_path / "a"), "sync", "--json", str(folder), str(blocker / "x")]
    assert main(argv) == 1
    good, bad = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert good["ok"] and good["target"] == str(folder) and good["sent"] > 0
    assert set(good) == {
        "target",
        "ok",
        "changed",
        "files",
        "settings",
        "sent",
        "received",
        "problems",
    }
    assert not bad["ok"] and "cannot use the sync folder" in bad["error"]


def test_the_app_syncs_once_more_after_quitting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`[sync] auto = true`: once the app has given the terminal back, one last sync."""
    folder = tmp_path / "sync"
    data = tmp_path / "data"

    class QuitApp:
        return_code = 0
        config = Config(sync_targets=(str(folder),), sync_auto=True)
        data_dir = data

        def run(self) -> None:
            with Store.open(data) as store:  # what was done in the app
                store.library.set_read(["art1"])

    import reader.ui.app

    monkeypatch.setattr(reader.ui.app, "build_app", lambda paths, data_dir: QuitApp())
    monkeypatch.setenv("TERM", "xterm-256color")
    assert main([str(tmp_path), "--data-dir", str(data)]) == 0
    assert f"synced with {folder}" in capsys.readouterr().err
    with Store.open(tmp_path / "other") as other:
        sync_target(other, tmp_path / "other", str(folder))
        assert other.library.state("art1").read


def test_a_copied_data_folder_becomes_a_store_of_its_own(tmp_path: Path) -> None:
    """Copying the data folder to a new machine is how many set one up: the copy takes a new
    sync identity before it writes anything, and nothing is sent twice or doubled."""
    laptop, _, here, _ = stores(tmp_path)
    folder = tmp_path / "sync"
    laptop.highlights.add("art1", BODY, 4, 8, note="before the copy")
    sync_target(laptop, here, str(folder))
    laptop.close()
    copy_dir = tmp_path / "copy"
    shutil.copytree(here, copy_dir)
    laptop, copy = Store.open(here), Store.open(copy_dir)
    assert copy.sync.identity() != laptop.sync.identity()
    copy.highlights.add("art2", BODY, 4, 8, note="on the copy")
    laptop.highlights.add("art3", BODY, 4, 8, note="on the laptop")
    for store, data in ((copy, copy_dir), (laptop, here), (copy, copy_dir)):
        sync_target(store, data, str(folder))
    notes = sorted(h.note for h in laptop.highlights.all())
    assert notes == ["before the copy", "on the copy", "on the laptop"]
    assert snapshot(laptop) == snapshot(copy)


def test_a_foreign_write_to_this_stores_file_is_refused(tmp_path: Path) -> None:
    laptop, _, here, _ = stores(tmp_path)
    folder = tmp_path / "sync"
    laptop.highlights.add("art1", BODY, 4, 8)
    sync_target(laptop, here, str(folder))
    (own,) = folder.glob(f"*{SUFFIX}")
    own.write_bytes(frames.hello("0", own.stem) + frames.encode(Kind.END))
    laptop.library.set_read(["art1"])
    with pytest.raises(SyncFailed, match="reset"):
        sync_target(laptop, here, str(folder))
    laptop.sync.reset()
    outcome = sync_target(laptop, here, str(folder))  # the foreign file is another store's now
    assert [p for p in outcome.problems if own.name not in p] == []
    assert len(list(folder.glob(f"*{SUFFIX}"))) == 2


@pytest.mark.parametrize("target", ["myhost", "myhost:"])
def test_a_bare_name_is_not_taken_for_a_new_folder(
    tmp_path: Path, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, _, here, _ = stores(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SyncFailed, match="ssh://myhost"):
        sync_target(laptop, here, target)
    assert not (tmp_path / target).exists()
    assert sync_target(laptop, here, f"./{target}").problems == []
