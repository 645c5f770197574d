"""The command line on hostile file names: output stays exact, encodable and inert."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.library import load_index
from reader.core.text.sanitize import escape_json_text
from reader.store.state import Store

# Raw C1 controls, DEL, bidi controls or lone surrogates in printed text.
UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
NAMES = [b"bad-\xff\xfe.txt", "c1-\x9d0;PWNED\x9c.txt".encode(), "rtl-\u202eevil.txt".encode()]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for name in NAMES:
        with open(os.fsencode(folder) + b"/" + name, "wb") as handle:
            handle.write(b"no headline in this body, so the name is the title.\n")
    return folder


def test_list_json_is_exact_encodable_and_inert(
    capsys: pytest.CaptureFixture[str], hostile: Path
) -> None:
    assert main(["list", "--json", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert not UNSAFE.search(out)
    out.encode("utf-8")  # a strict UTF-8 stdout (the usual locale) would have failed before
    paths = sorted(os.fsencode(row["path"]) for row in json.loads(out))
    assert paths == sorted(os.fsencode(hostile) + b"/" + name for name in NAMES)
    assert all(os.path.exists(path) for path in paths)


def test_list_table_and_skip_messages_are_inert(
    capsys: pytest.CaptureFixture[str], hostile: Path
) -> None:
    (hostile / "\x1b]0;PWNED\x07.txt").write_bytes(b"")
    assert main(["list", str(hostile)]) == 0
    out, err = capsys.readouterr()
    for text in (out, err):
        assert not UNSAFE.search(text) and "\x1b" not in text and "PWNED\x07" not in text
    assert "empty file" in err


def test_export_of_an_article_with_an_undecodable_name(
    capsys: pytest.CaptureFixture[str], hostile: Path, isolated_user: Path, tmp_path: Path
) -> None:
    index = load_index([hostile])
    with Store.open(isolated_user) as store:
        for meta in index.articles:
            store.bookmarks.toggle(meta.id)
    assert main(["export", "--format", "json", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert not UNSAFE.search(out)
    assert len(json.loads(out)["articles"]) == len(NAMES)
    target = tmp_path / "notes.json"
    assert main(["export", "--format", "json", "--output", str(target), str(hostile)]) == 0
    assert json.loads(target.read_bytes()) == json.loads(out)


def test_escape_json_text_round_trips() -> None:
    value = {"p": "a\udcff\x9d\u202eb", "q": "plain ✓"}
    text = escape_json_text(json.dumps(value, ensure_ascii=False))
    assert not UNSAFE.search(text)
    assert json.loads(text) == value
    assert escape_json_text('"plain"') == '"plain"'


def test_an_import_file_cannot_smuggle_control_sequences(
    capsys: pytest.CaptureFixture[str], hostile: Path, tmp_path: Path
) -> None:
    index = load_index([hostile])
    article = index.articles[0]
    payload = "\x1b]52;c;UFdORUQ=\x07note \x9b6n[bold]kept[/]\u202e"
    document = {
        "version": 1,
        "articles": [
            {
                "id": article.id,
                "title": "t",
                "path": article.path,
                "bookmarks": [{"id": "b1", "position": 0, "label": payload, "created": "2024"}],
                "highlights": [
                    {
                        "id": "h1",
                        "quote": "no headline\x1b[2J",
                        "note": payload,
                        "status": "orphaned",
                        "created": "2024-01-01T00:00:00",
                    }
                ],
            }
        ],
    }
    crafted = tmp_path / "crafted.json"
    crafted.write_text(json.dumps(document))
    assert main(["import", str(crafted), str(hostile)]) == 0
    capsys.readouterr()
    for fmt in ("markdown", "json"):
        assert main(["export", "--format", fmt, str(hostile)]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "UFdORUQ" not in out and not UNSAFE.search(out)
        assert "note [bold]kept[/]" in out  # the text itself survives, literally
