"""Export and import carry the library: tags (of articles and highlights), place, read state,
progress and reading positions; an import merges them and `reader import --undo` takes them back
with the rest of the import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.library import load_article, load_index
from reader.core.shelf import Location
from reader.store.exchange import ExchangeError, export_document, import_document
from reader.store.state import Store

ESSAY = "# Tides\n\nThe moon pulls the sea towards it, and the sea answers twice a day.\n"
OTHER = "# Salt\n\nSalt was once paid as wages, which is where the word salary comes from.\n"
THIRD = "# Wind\n\nThe wind has no home and every harbour knows it.\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for name, text in (("tides", ESSAY), ("salt", OTHER), ("wind", THIRD)):
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def organise(data: Path, library: Path) -> dict[str, str]:
    """Tags on articles and on a highlight, an archived and a trashed article, one read to its
    end, positions; returns the ids by title."""
    ids = {meta.title: meta.id for meta in load_index([library]).articles}
    tides = load_article(next(m for m in load_index([library]).articles if m.title == "Tides"))
    with Store.open(data) as store:
        made = store.highlights.add(
            tides.id, tides.body, 4, 8, content_hash=tides.meta.content_hash
        )
        store.tags.tag_highlights([made.id], ["Quote", "moon"])
        store.tags.tag([ids["Tides"], ids["Salt"]], ["Sea"])
        store.tags.tag([ids["Salt"]], ["history"])
        store.library.move([ids["Salt"]], Location.ARCHIVE)
        store.library.move([ids["Wind"]], Location.TRASH)
        store.library.set_progress(ids["Tides"], 100)
        store.library.set_progress(ids["Salt"], 35)
        store.reading.set_position(ids["Salt"], 30)
    return ids


def summary(store: Store) -> dict[str, tuple[object, ...]]:
    return {
        key: (s.location, s.read, s.progress, s.position, s.tags)
        for key, s in store.library.states().items()
    }


def test_round_trip_carries_the_library(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = organise(isolated_user, library)
    dump = tmp_path / "dump.json"
    assert main(["export", "--format", "json", "--output", str(dump), str(library)]) == 0
    document = json.loads(dump.read_text(encoding="utf-8"))
    salt = next(a for a in document["articles"] if a["id"] == ids["Salt"])
    assert (salt["location"], salt["read"], salt["progress"], salt["position"]) == (
        "archive", False, 35, 30,
    )  # fmt: skip
    assert salt["tags"] == ["history", "Sea"] and salt["highlights"] == []
    tides = next(a for a in document["articles"] if a["id"] == ids["Tides"])
    assert tides["read"] is True and tides["highlights"][0]["tags"] == ["moon", "Quote"]
    fresh = tmp_path / "other-machine"
    assert main(["--data-dir", str(fresh), "import", str(dump), str(library)]) == 0
    assert "3 articles' state updated, 5 tags added" in capsys.readouterr().err
    with Store.open(isolated_user) as mine, Store.open(fresh) as theirs:
        assert summary(theirs) == summary(mine)
        assert list(theirs.tags.of_highlights().values()) == [("moon", "Quote")]
    again = tmp_path / "again.json"
    assert main(["--data-dir", str(fresh), "export", "--format", "json", "--output", str(again),
                 str(library)]) == 0  # fmt: skip
    assert again.read_text(encoding="utf-8") == dump.read_text(encoding="utf-8")


def test_importing_twice_changes_nothing_and_undo_takes_the_state_back(
    isolated_user: Path, library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    organise(isolated_user, library)
    dump = tmp_path / "dump.json"
    main(["export", "--format", "json", "--output", str(dump), str(library)])
    fresh = tmp_path / "other-machine"
    main(["--data-dir", str(fresh), "list", str(library)])  # seen there first: in its inbox
    assert main(["--data-dir", str(fresh), "import", str(dump), str(library)]) == 0
    assert main(["--data-dir", str(fresh), "import", str(dump), str(library)]) == 0
    assert "0 highlights added" in capsys.readouterr().err.splitlines()[-1]
    assert main(["--data-dir", str(fresh), "import", "--undo"]) == 0
    with Store.open(fresh) as store:
        states = store.library.states()
        assert all(s.location is Location.INBOX and not s.read for s in states.values())
        assert all(s.tags == () and s.progress == 0 for s in states.values())
        assert store.tags.of_highlights() == {}


def test_a_later_change_here_wins_and_progress_keeps_the_furthest(
    isolated_user: Path, library: Path, tmp_path: Path
) -> None:
    ids = organise(isolated_user, library)
    with Store.open(isolated_user) as store:
        document = export_document(store, load_index([library]).articles)
    salt = next(a for a in document["articles"] if a["id"] == ids["Salt"])
    salt["updated"] = "2001-01-01T00:00:00+00:00"  # changed there long ago
    salt["progress"] = 80
    with Store.open(tmp_path / "here") as here:
        here.library.move([ids["Salt"]], Location.TRASH)  # changed here since
        import_document(here, document)
        state = here.library.state(ids["Salt"])
        assert state.location is Location.TRASH and state.progress == 80
        assert state.tags == ("history", "Sea")  # tags are merged, never taken away


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("location", "attic", '"location" must be one of'),
        ("read", "yes", '"read" must be true or false'),
        ("progress", 140, '"progress" must be a whole number'),
        ("position", -3, '"position" must be a whole number'),
        ("tags", ["ok", 3], "a tag must be a string"),
        ("tags", ["  "], "a tag needs a name"),
    ],
)
def test_bad_state_in_an_import_names_the_field(field: str, value: object, message: str) -> None:
    entry: dict[str, object] = {"id": "abc", "highlights": [], "bookmarks": [], field: value}
    with pytest.raises(ExchangeError, match=message):
        import_document(Store.memory(), {"version": 1, "articles": [entry]})


def test_an_older_export_without_state_still_imports() -> None:
    store = Store.memory()
    entry = {"id": "abc", "title": "", "path": "", "bookmarks": [], "highlights": []}
    report = import_document(store, {"version": 1, "articles": [entry]})
    assert (report.states, report.tags) == (0, 0)
    assert store.library.states() == {}


def test_tags_follow_a_highlight_given_an_id_of_its_own() -> None:
    store = Store.memory()
    taken = store.highlights.add("here", "Text of an article already here.", 0, 4)
    highlight = {
        "id": taken.id, "quote": "words", "created": "2024-01-01T00:00:00+00:00",
        "tags": ["Imported"],
    }  # fmt: skip
    entry = {"id": "elsewhere", "highlights": [highlight], "bookmarks": []}
    report = import_document(store, {"version": 1, "articles": [entry]})
    assert report.renamed == 1 and report.tags == 1
    (moved,) = store.highlights.for_article("elsewhere")
    assert store.tags.for_highlight(moved.id) == ("Imported",)
    assert store.tags.for_highlight(taken.id) == ()
