"""Settings travel between machines that both ask for it (`[sync] settings`, `--settings`):
each setting the newest edit wherever it was made, the config file never written, anything
that fails the config file's checks refused with a message."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from pycrdt import Doc, Map

from reader.cli.main import main
from reader.core.sync.model import SyncDoc
from reader.ingest.sync.run import sync_target
from reader.store.state import Store
from reader.store.synced_config import layered_config
from reader.ui.key_names import checked_keymap

LAPTOP = """theme = "nord"
measure = 80   # wide screen

[keys]
"reader.quit" = "x"

[review]
per_day = 5
"""


def machine(tmp_path: Path, name: str, config: str) -> tuple[Store, Path, Path]:
    folder = tmp_path / name
    store = Store.open(folder)
    path = folder / "config.toml"
    path.write_text(config, encoding="utf-8")
    return store, folder, path


def test_settings_travel_both_ways_and_no_file_is_written(tmp_path: Path) -> None:
    sync = str(tmp_path / "sync")
    laptop, here, laptop_cfg = machine(tmp_path, "laptop", LAPTOP)
    server, there, server_cfg = machine(tmp_path, "server", "[feeds]\nmax_new = 7\n")
    assert sync_target(laptop, here, sync, laptop_cfg).settings == 0  # its own are not news
    outcome = sync_target(server, there, sync, server_cfg)
    assert outcome.settings == 4 and "4 settings from other machines" in outcome.summary()
    config, warnings = layered_config(server_cfg, server)
    assert warnings == []
    assert (config.theme, config.measure, config.review.per_day) == ("nord", 80, 5)
    assert config.keymap == {"reader.quit": "x"} and config.feed_max_new == 7
    assert config.where("measure") == "measure (synced from another machine)"
    assert server_cfg.read_text(encoding="utf-8") == "[feeds]\nmax_new = 7\n"

    server_cfg.write_text("measure = 90\n[feeds]\nmax_new = 7\n", encoding="utf-8")
    assert layered_config(server_cfg, server)[0].measure == 90  # an edit here wins at once
    sync_target(server, there, sync, server_cfg)
    sync_target(laptop, here, sync, laptop_cfg)
    config, _ = layered_config(laptop_cfg, laptop)
    assert (config.measure, config.feed_max_new, config.theme) == (90, 7, "nord")
    assert laptop_cfg.read_text(encoding="utf-8") == LAPTOP


def test_settings_stay_home_unless_both_machines_share_them(tmp_path: Path) -> None:
    sync = str(tmp_path / "sync")
    laptop, here, laptop_cfg = machine(tmp_path, "laptop", LAPTOP)
    server, there, server_cfg = machine(tmp_path, "server", "measure = 100\n")
    server.set_setting("theme", "gruvbox")
    for _ in range(2):
        sync_target(laptop, here, sync, laptop_cfg)  # the laptop shares
        sync_target(server, there, sync)  # the server does not
    config, _ = layered_config(server_cfg, server)
    assert (config.theme, config.measure, config.keymap) == (None, 100, {})
    assert server.setting("theme") == "gruvbox"
    config, _ = layered_config(laptop_cfg, laptop)
    assert (config.measure, config.theme) == (80, "nord")  # nothing of the server's came
    assert laptop.setting("theme") is None


def test_a_bad_setting_from_elsewhere_is_refused_by_name_and_the_rest_are_used(
    tmp_path: Path,
) -> None:
    sync = str(tmp_path / "sync")
    laptop, here, _ = machine(tmp_path, "laptop", "")
    server, there, server_cfg = machine(tmp_path, "server", "[feeds]\nmax_new = 3\n")
    laptop.sync.settings.share(  # what a damaged or hostile machine could share
        {
            "measure": "5",
            "review.per_day": "5000",
            "sync.targets": '["evil@host"]',
            "keys.reader.quit": '"q\\u001b[31m"',
            "review.favourite_tag": '"keep"',
            "theme": '"dracula"',
        }
    )
    sync_target(laptop, here, sync)
    outcome = sync_target(server, there, sync, server_cfg)
    problems = "\n".join(outcome.problems)
    assert "setting 'measure' from another machine refused: measure must be a whole" in problems
    assert "'review.per_day' from another machine refused: review.per_day must be" in problems
    assert "'sync.targets' from another machine refused: 'sync.targets' is not a" in problems
    assert "'keys.reader.quit' from another machine refused: more than 200" in problems
    config, _ = layered_config(server_cfg, server)
    assert (config.theme, config.review.favourite_tag) == ("dracula", "keep")
    assert (config.measure, config.review.per_day, config.keymap) == (72, 10, {})
    assert config.sync_targets == ()


def test_the_theme_chosen_in_the_palette_travels_until_changed_here(tmp_path: Path) -> None:
    sync = str(tmp_path / "sync")
    laptop, here, laptop_cfg = machine(tmp_path, "laptop", "")
    server, there, server_cfg = machine(tmp_path, "server", "")
    laptop.set_setting("theme", "dracula")
    sync_target(laptop, here, sync, laptop_cfg)
    sync_target(server, there, sync, server_cfg)
    assert server.setting("theme") == "dracula"
    server.set_setting("theme", "monokai")
    sync_target(server, there, sync, server_cfg)
    sync_target(laptop, here, sync, laptop_cfg)
    assert laptop.setting("theme") == "monokai"
    assert server.setting("theme") == "monokai"


def test_the_command_line_shares_by_config_or_by_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sync = str(tmp_path / "sync")
    laptop_cfg, server_cfg = tmp_path / "laptop.toml", tmp_path / "server.toml"
    laptop_cfg.write_text("measure = 100\n[sync]\nsettings = true\n", encoding="utf-8")
    server_cfg.write_text("", encoding="utf-8")
    for name, config in (("laptop", laptop_cfg), ("server", server_cfg), ("other", server_cfg)):
        monkeypatch.setenv("READER_CONFIG", str(config))
        flags = ["--settings"] if name == "server" else []
        assert main(["--data-dir", str(tmp_path / name), "sync", *flags, sync]) == 0
    with Store.open(tmp_path / "server") as server:
        assert layered_config(server_cfg, server)[0].measure == 100
    monkeypatch.setenv("READER_CONFIG", str(server_cfg))
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "server"), "sync", "--status"]) == 0
    status = capsys.readouterr().out
    assert f"settings: not shared ([sync] settings in {server_cfg})" in status
    assert "  measure = 100 from another machine, over the file" in status
    with Store.open(tmp_path / "other") as other:  # neither in its config nor asked for
        assert layered_config(server_cfg, other)[0].measure == 72
    capsys.readouterr()
    main(["sync", "--help"])
    assert "[sync] settings = true" in " ".join(capsys.readouterr().out.split())


def test_an_unknown_command_id_from_elsewhere_is_named_as_synced(tmp_path: Path) -> None:
    sync = str(tmp_path / "sync")
    laptop, here, _ = machine(tmp_path, "laptop", "")
    server, there, server_cfg = machine(tmp_path, "server", "")
    laptop.sync.settings.share({"keys.reader.nothing": '"z"'})
    sync_target(laptop, here, sync)
    sync_target(server, there, sync, server_cfg)
    config, _ = layered_config(server_cfg, server)
    keymap, warnings = checked_keymap(config.keymap, lambda i: config.where(f"keys.{i}"))
    assert keymap == {}
    assert warnings == [
        "keys.reader.nothing (synced from another machine): 'reader.nothing' is not a command "
        "id (? lists them), ignored"
    ]


def test_a_reader_without_shared_settings_carries_them_along_unread() -> None:
    sharing = SyncDoc()
    with sharing.changes() as made:
        sharing.put_setting("measure", "90")
    older = Doc()  # a reader from before: it never asks for the `settings` map
    older.get("articles", type=Map)
    older.apply_update(made[0])
    relayed = SyncDoc([bytes(older.get_update())])
    assert relayed.settings() == {"measure": "90"}


def test_settings_travel_over_a_login_when_the_far_side_shares_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop, here, laptop_cfg = machine(tmp_path, "laptop", 'theme = "nord"\n')
    there = tmp_path / "server"
    server_cfg = tmp_path / "server.toml"
    server_cfg.write_text("[review]\nper_day = 3\n[sync]\nsettings = true\n", encoding="utf-8")
    runs_there = "import os, sys; os.execvp('sh', ['sh', '-c', sys.argv[sys.argv.index('--') + 2]])"
    monkeypatch.setenv("READER_SYNC_SSH", shlex.join([sys.executable, "-c", runs_there]))
    serve = ["env", f"READER_CONFIG={server_cfg}", sys.executable, "-m", "reader"]
    serve += ["--data-dir", str(there), "sync", "--serve"]
    monkeypatch.setenv("READER_SYNC_REMOTE", shlex.join(serve))
    outcome = sync_target(laptop, here, "me@server", laptop_cfg)
    assert outcome.problems == []
    assert layered_config(laptop_cfg, laptop)[0].review.per_day == 3
    with Store.open(there) as server:
        assert layered_config(server_cfg, server)[0].theme == "nord"


def test_the_app_starts_with_the_settings_from_elsewhere_and_names_those_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.ui.app import build_app

    sync = str(tmp_path / "sync")
    older = LAPTOP.replace('"x"\n', '"x"\n"reader.gone" = "z"\n')  # an id another version had
    laptop, here, laptop_cfg = machine(tmp_path, "laptop", older)
    server, there, server_cfg = machine(tmp_path, "server", "")
    sync_target(laptop, here, sync, laptop_cfg)
    sync_target(server, there, sync, server_cfg)
    server.close()
    monkeypatch.setenv("READER_CONFIG", str(server_cfg))
    app = build_app([tmp_path], there)
    try:
        assert (app.config.measure, app.config.theme) == (80, "nord")
        assert app.config.keymap == {"reader.quit": "x"}
        assert any(
            "keys.reader.gone (synced from another machine)" in w for w in app.startup_warnings
        )
    finally:
        app.store.close()
