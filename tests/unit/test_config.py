"""The config file: read what is right, warn about what is wrong, never refuse to start."""

from __future__ import annotations

from pathlib import Path

from reader.store.config import Config, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_is_an_empty_config(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml") == (Config(), [])


def test_theme_and_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = "nord"\n[keys]\n"reader.highlight" = "h, ctrl+h"\n"reader.quit" = "q"\n',
    )
    config, warnings = load_config(path)
    assert warnings == []
    assert config.theme == "nord"
    assert config.keymap == {"reader.highlight": "h,ctrl+h", "reader.quit": "q"}


def test_broken_toml_gives_empty_config_and_one_warning(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord\n')
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1
    assert str(path) in warnings[0]
    assert "line 1" in warnings[0]


def test_not_utf8_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1


def test_a_folder_instead_of_a_file_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "config.toml").mkdir()
    config, warnings = load_config(tmp_path / "config.toml")
    assert config == Config()
    assert len(warnings) == 1


def test_wrong_types_are_ignored_one_by_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = 3\ncolour = "red"\n[keys]\n"reader.help" = 5\n"reader.quit" = "x"\n'
        '"reader.back" = " , "\n',
    )
    config, warnings = load_config(path)
    assert config.theme is None
    assert config.keymap == {"reader.quit": "x"}
    assert len(warnings) == 4
    assert any("colour" in warning for warning in warnings)


def test_keys_not_a_table(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, 'keys = "h"\n'))
    assert config.keymap == {}
    assert len(warnings) == 1


def test_feed_page_limit_and_its_mistakes(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, "[feeds]\nmax_new = 25\n"))
    assert (config.feed_max_new, warnings) == (25, [])
    for bad in ("max_new = -1", 'max_new = "lots"', "max_new = true"):
        config, warnings = load_config(write(tmp_path, f"[feeds]\n{bad}\n"))
        assert config.feed_max_new == Config().feed_max_new == 100
        expected = "feeds.max_new must be a whole number of 0 or more, ignored"
        assert warnings == [f"{tmp_path / 'config.toml'} line 2: {expected}"]
    config, warnings = load_config(write(tmp_path, "[feeds]\nmax_nwe = 3\n"))
    assert warnings == [
        f"{tmp_path / 'config.toml'} line 2: unknown setting feeds.'max_nwe' ignored"
    ]


def test_a_broken_line_is_dropped_and_said_with_its_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'theme = "nord"\n[keys]\n"reader.quit" = \n"reader.bookmark" = "b"\nnot toml at all\n',
    )
    config, warnings = load_config(path)
    assert config.theme == "nord"
    assert config.keymap == {"reader.bookmark": "b"}
    assert len(warnings) == 2
    assert warnings[0].startswith(f"{path} line 3 ignored (")
    assert warnings[0].endswith('"reader.quit" =')
    assert warnings[1].startswith(f"{path} line 5 ignored (")


def test_an_unclosed_string_to_the_end_gives_up_on_the_file(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, 'theme = """nord\n[keys]\n'))
    assert config == Config()
    assert len(warnings) == 1 and "ignored" in warnings[0]


def test_each_setting_knows_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '# mine\ntheme = "x"\n\n[keys]\n"reader.quit" = "q"\n')
    config, _ = load_config(path)
    assert config.where("theme") == f"{path} line 2"
    assert config.where("keys.reader.quit") == f"{path} line 5"
    assert config.where("keys.nothing") == str(path)


def test_review_settings_and_their_mistakes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[review]\nper_day = 5\nnew_share = 1\nfavourite_tag = ' Keep '\nretention = 0.85\n"
        "favourite_retention = 2\nper_week = 3\n",
    )
    config, warnings = load_config(path)
    review = config.review
    assert (review.per_day, review.new_share, review.favourite_tag) == (5, 1.0, "Keep")
    assert review.retention == 0.85 and review.favourite_retention == 0.95  # default kept
    assert len(warnings) == 2
    assert "favourite_retention must be a number from 0.7 to 0.99" in warnings[0]
    assert "per_week" in warnings[1]
    config, warnings = load_config(write(tmp_path, "review = 3\n"))
    assert config.review == Config().review and "[review] must be a table" in warnings[0]
    config, warnings = load_config(write(tmp_path, "[review]\nper_day = true\n"))
    assert config.review.per_day == 10 and "per_day must be a whole number" in warnings[0]
