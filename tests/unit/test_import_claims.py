"""`reader import` treats ids, offsets, statuses and timestamps as claims, and can be undone.

Issue 19: an import with `start: -7, end: 1000000000` highlighted the whole article, and an entry
for another article reusing one of your highlight ids with `updated: 9999-12-31` replaced your
note for good.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reader.cli.main import main
from reader.core.article import ArticleMeta
from reader.core.library import load_article, load_index
from reader.store.claims import is_later, parse_time
from reader.store.db import MIGRATIONS, connect
from reader.store.state import DB_FILENAME, Store

ESSAY = """# Tides

The moon pulls the sea towards it, and the sea answers twice a day.

Fishermen read the tide tables the way farmers read the sky.
"""

OTHER = """# Salt

Salt was once paid as wages, which is where the word salary comes from.
"""

LONG_AGO = "2020-01-01T00:00:00+00:00"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "tides.md").write_text(ESSAY, encoding="utf-8")
    (folder / "salt.md").write_text(OTHER, encoding="utf-8")
    return folder


def article(library: Path, title: str) -> ArticleMeta:
    return next(meta for meta in load_index([library]).articles if meta.title == title)


def import_file(tmp_path: Path, document: dict[str, Any], *paths: Path) -> int:
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return main(["import", str(path), *map(str, paths)])


def entry(meta: ArticleMeta, *highlights: dict[str, Any]) -> dict[str, Any]:
    return {"id": meta.id, "content_hash": meta.content_hash, "highlights": list(highlights)}


def highlight(hid: str, quote: str, **fields: Any) -> dict[str, Any]:
    return {"id": hid, "quote": quote, "created": LONG_AGO, **fields}


def mine(data: Path, meta: ArticleMeta, phrase: str, note: str) -> str:
    body = load_article(meta).body
    at = body.index(phrase)
    with Store.open(data) as store:
        made = store.highlights.add(
            meta.id, body, at, at + len(phrase), note=note, content_hash=meta.content_hash
        )
    return made.id


# Offsets -------------------------------------------------------------------------------------


def hostile_offsets(meta: ArticleMeta, quote: str) -> dict[str, Any]:
    return {
        "version": 1,
        "articles": [
            entry(
                meta,
                highlight("h-evil", quote, start=-7, end=1_000_000_000, status="anchored"),
            )
        ],
    }


def test_offsets_of_an_article_not_given_are_not_trusted(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tides = article(library, "Tides")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert import_file(tmp_path, hostile_offsets(tides, "the sea answers"), elsewhere) == 0
    with Store.open(isolated_user) as store:
        (stored,) = store.highlights.all()
    assert not stored.attached and stored.content_hash == ""  # waits for its quote to decide
    assert 0 <= stored.start <= stored.end
    for command in (["list", "--json"], ["export", "--format", "json"]):
        capsys.readouterr()
        assert main([*command, str(library)]) == 0
        with Store.open(isolated_user) as store:
            (placed,) = store.highlights.all()
        body = load_article(tides).body
        assert placed.attached and body[placed.start : placed.end] == "the sea answers"
    exported = json.loads(capsys.readouterr().out)
    (only,) = exported["articles"][0]["highlights"]
    assert only["end"] - only["start"] == len("the sea answers")


def test_untrusted_offsets_of_a_quote_not_in_the_article_leave_it_orphaned(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    tides = article(library, "Tides")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert import_file(tmp_path, hostile_offsets(tides, "words that are nowhere"), elsewhere) == 0
    assert main(["list", str(library)]) == 0
    with Store.open(isolated_user) as store:
        (stored,) = store.highlights.all()
    assert stored.status == "orphaned" and not stored.attached


def test_offsets_that_do_not_hold_the_quote_are_not_trusted_either(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    """The article is given, in the version exported from, but the quote is not at the offsets."""
    tides = article(library, "Tides")
    assert import_file(tmp_path, hostile_offsets(tides, "the sea answers"), library) == 0
    with Store.open(isolated_user) as store:
        (stored,) = store.highlights.all()
    body = load_article(tides).body
    assert stored.attached and body[stored.start : stored.end] == "the sea answers"


def test_a_suggestion_with_untrusted_offsets_is_dropped(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    tides = article(library, "Tides")
    claimed = highlight(
        "h-lost", "gone words", status="orphaned", start=0, end=3,
        suggestion={"start": -5, "end": 10**9, "text": "The moon"},
    )  # fmt: skip
    document = {"version": 1, "articles": [entry(tides, claimed)]}
    assert import_file(tmp_path, document, library) == 0
    with Store.open(isolated_user) as store:
        (stored,) = store.highlights.all()
    assert stored.suggestion_start is None or stored.suggestion_start >= 0
    assert stored.suggestion_end is None or stored.suggestion_end <= len(load_article(tides).body)


# Ids and timestamps ----------------------------------------------------------------------------


def attack(meta: ArticleMeta, hid: str, updated: str = "9999-12-31") -> dict[str, Any]:
    claimed = highlight(hid, "paid as wages", note="pwned", color="pink", updated=updated)
    return {"version": 1, "articles": [entry(meta, claimed)]}


def test_an_id_of_another_article_never_replaces_the_local_highlight(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tides, salt = article(library, "Tides"), article(library, "Salt")
    hid = mine(isolated_user, tides, "The moon pulls the sea", "my own thought")
    assert import_file(tmp_path, attack(salt, hid), library) == 0
    assert "new id" in capsys.readouterr().err
    with Store.open(isolated_user) as store:
        local = store.highlights.get(hid)
        assert local is not None and (local.note, local.color) == ("my own thought", "yellow")
        (theirs,) = store.highlights.for_article(salt.id)
        assert theirs.id != hid and theirs.note == "pwned"
    assert import_file(tmp_path, attack(salt, hid), library) == 0  # the same file again
    with Store.open(isolated_user) as store:
        assert len(store.highlights.all()) == 2


def test_a_bookmark_id_of_another_article_is_imported_under_its_own(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    tides, salt = article(library, "Tides"), article(library, "Salt")
    with Store.open(isolated_user) as store:
        local = store.bookmarks.add(tides.id, 7, "mine")
    claimed = {"id": local.id, "position": 3, "label": "theirs", "created": LONG_AGO}
    document = {"version": 1, "articles": [{"id": salt.id, "bookmarks": [claimed]}]}
    for _ in range(2):  # the second time finds the one made the first time
        assert import_file(tmp_path, document, library) == 0
    with Store.open(isolated_user) as store:
        assert store.bookmarks.for_article(tides.id) == [local]
        (theirs,) = store.bookmarks.for_article(salt.id)
    assert theirs.id != local.id and theirs.label == "theirs"


def test_a_date_in_the_future_counts_as_now_and_the_replaced_note_comes_back(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    salt = article(library, "Salt")
    hid = mine(isolated_user, salt, "paid as wages", "my own thought")
    with Store.open(isolated_user) as store:
        before = store.highlights.get(hid)
    assert before is not None
    assert import_file(tmp_path, attack(salt, hid), library) == 0
    with Store.open(isolated_user) as store:
        replaced = store.highlights.get(hid)
    assert replaced is not None and replaced.note == "pwned"
    stamp = parse_time(replaced.updated)
    assert stamp is not None and stamp <= datetime.now(UTC)  # stored as now, not as 9999
    assert main(["import", "--undo"]) == 0
    with Store.open(isolated_user) as store:
        back = store.highlights.get(hid)
    assert back is not None
    assert (back.note, back.color, back.updated) == (before.note, before.color, before.updated)


def test_timestamps_are_compared_as_times_not_strings() -> None:
    assert not is_later("2024-06-01T13:00:00+02:00", "2024-06-01T12:00:00+00:00")  # 11:00 UTC
    assert is_later("2024-06-01T12:00:01Z", "2024-06-01T12:00:00+00:00")
    assert is_later("2024-06-01T12:00:00", "2024-06-01T13:00:00+02:00")  # no zone: UTC
    assert not is_later("yesterday-ish", "2000-01-01T00:00:00+00:00")  # unknown never wins
    assert is_later("2000-01-01T00:00:00+00:00", "not a date")  # a known time beats unknown
    far = (datetime.now(UTC) + timedelta(days=400)).isoformat()
    assert not is_later(far, "9999-12-31")  # both are now at most


def test_an_unreadable_timestamp_never_replaces_a_note(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    salt = article(library, "Salt")
    hid = mine(isolated_user, salt, "paid as wages", "my own thought")
    assert import_file(tmp_path, attack(salt, hid, updated="soon, trust me"), library) == 0
    with Store.open(isolated_user) as store:
        assert store.highlights.get(hid).note == "my own thought"  # type: ignore[union-attr]


def test_an_old_database_forgets_dates_in_the_future(tmp_path: Path) -> None:
    """Imports before this fix stored 9999 as it came; the migration brings them to now."""
    path = tmp_path / DB_FILENAME
    conn = connect(path, MIGRATIONS[:3])
    conn.execute(
        "INSERT INTO highlights (id, article_id, quote, original, start_offset, end_offset, "
        "created, updated) VALUES ('h', 'a', 'q', 'q', 0, 1, ?, '9999-12-31')",
        (LONG_AGO,),
    )
    conn.close()
    with Store.open(tmp_path) as store:
        stored = store.highlights.get("h")
    assert stored is not None and stored.updated < "9999"
    assert parse_time(stored.updated) is not None


# Undo ----------------------------------------------------------------------------------------


def sample_import(tides: ArticleMeta, replaced: str) -> dict[str, Any]:
    updated = datetime.now(UTC).isoformat()  # later than the local note, made a moment ago
    return {
        "version": 1,
        "articles": [
            {
                **entry(
                    tides,
                    highlight("h-new-1", "the sea answers", note="added"),
                    highlight("h-new-2", "tide tables", color="green"),
                    highlight(replaced, "The moon pulls the sea", note="imported", color="blue",
                              updated=updated),
                ),
                "bookmarks": [{"id": "b-new", "position": 5, "label": "", "created": LONG_AGO}],
            }
        ],
    }  # fmt: skip


def state(data: Path) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    with Store.open(data) as store:
        marks = [(h.id, h.note, h.color, h.updated) for h in store.highlights.all()]
        return sorted(marks), sorted(b.id for b in store.bookmarks.all())


def test_an_import_is_undone_whole_and_can_be_made_again(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tides = article(library, "Tides")
    hid = mine(isolated_user, tides, "The moon pulls the sea", "my own thought")
    original = state(isolated_user)
    document = sample_import(tides, hid)
    assert import_file(tmp_path, document, library) == 0
    after_import = state(isolated_user)
    assert len(after_import[0]) == 3 and after_import[1] == ["b-new"]
    assert dict((h[0], h[1]) for h in after_import[0])[hid] == "imported"
    capsys.readouterr()
    assert main(["import", "--undo"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("reader: undid the import of ") and "notes.json" in err
    assert "3 removed, 1 put back" in err
    assert state(isolated_user) == original
    assert main(["import", "--undo"]) == 1
    assert capsys.readouterr().err == "reader: no import to undo\n"
    # and again, as if for the first time
    assert import_file(tmp_path, document, library) == 0
    assert "2 highlights added, 1 updated" in capsys.readouterr().err
    assert main(["import", "--undo"]) == 0
    assert state(isolated_user) == original


def test_undo_leaves_what_was_changed_since(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tides = article(library, "Tides")
    hid = mine(isolated_user, tides, "The moon pulls the sea", "my own thought")
    assert import_file(tmp_path, sample_import(tides, hid), library) == 0
    with Store.open(isolated_user) as store:
        added = store.highlights.get("h-new-1")
        assert added is not None
        store.highlights.set_note("h-new-1", "edited after the import", added.revision)
    capsys.readouterr()
    assert main(["import", "--undo"]) == 0
    assert "1 changed since were left as they are" in capsys.readouterr().err
    with Store.open(isolated_user) as store:
        assert store.highlights.get("h-new-1").note == "edited after the import"  # type: ignore[union-attr]
        assert store.highlights.get(hid).note == "my own thought"  # type: ignore[union-attr]


def test_an_import_that_changed_nothing_is_not_the_one_undone(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tides = article(library, "Tides")
    hid = mine(isolated_user, tides, "The moon pulls the sea", "my own thought")
    document = sample_import(tides, hid)
    assert import_file(tmp_path, document, library) == 0
    assert import_file(tmp_path, document, library) == 0  # everything already here
    capsys.readouterr()
    assert main(["import", "--undo"]) == 0
    assert "3 removed, 1 put back" in capsys.readouterr().err


def test_undo_usage(
    isolated_user: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--undo"]) == 1
    assert capsys.readouterr().err == "reader: no import to undo\n"
    assert not (isolated_user / DB_FILENAME).exists()
    assert main(["import", "--undo", str(tmp_path / "x.json")]) == 2
    assert main(["import"]) == 2
    assert capsys.readouterr().err.count("\n") == 2
