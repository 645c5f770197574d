"""`reader import FILE` of every format: what lands in the library, once, and how to undo it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reader.core.annotate.anchor import Status
from reader.core.shelf import Location, state_of
from reader.store.dirs import DB_FILENAME, library_dir
from tests.imports.conftest import FIXTURES, Reader


def listed(reader: Reader) -> dict[str, dict[str, object]]:
    """`reader list --json` by title."""
    assert reader("list", "--json") == 0
    return {row["title"]: row for row in json.loads(reader.out)}


def test_dry_run_says_what_it_found_and_writes_nothing(reader: Reader, pocket_zip: Path) -> None:
    assert reader("import", pocket_zip, "--dry-run") == 0
    assert reader.out.splitlines()[:2] == [
        "Pocket export: 5 articles (1 archived), 6 tags, 0 highlights, 0 texts in the file",
        "5 new (5 to fetch from the web), 0 already in your library, 1 record naming an "
        "address twice",
    ]
    assert "line 7: not a web address: 'javascript:alert(1)'" in reader.out
    assert not (reader.data / DB_FILENAME).exists()
    assert not library_dir(reader.data).exists()


def test_pocket_articles_are_listed_at_once_with_their_state(
    reader: Reader, pocket_zip: Path
) -> None:
    assert reader("import", pocket_zip, "--no-fetch") == 0
    assert "5 articles added (0 with their text, 5 to fetch)" in reader.out
    rows = listed(reader)
    russian = rows['Как устроен интернет: заметки, вопросы и "ответы"']
    assert russian["fetched"] is False
    assert russian["url"] == "https://www.example.org/ru/internet/"  # tracking dropped
    assert russian["tags"] == ["long read", "сеть"]
    assert russian["added"] == "2023-11-14T22:13:20+00:00"
    assert russian["source"] == "example.org"
    tokyo = rows['Tokyo, 東京: a city of "small" places']
    # named twice (www., trailing slash, http): one article, tags of both, archived and read
    assert tokyo["tags"] == ["cities", "travel", "日本"]
    assert tokyo["location"] == "archive" and tokyo["read"] is True
    assert rows["https://example.org/untitled"]["fetched"] is False  # no title: its address
    assert reader("list") == 0
    assert "(not fetched yet) Tokyo" in reader.out.replace("\n", " ") or "(not fetc" in reader.out


def test_importing_again_changes_nothing(reader: Reader, pocket_zip: Path, tmp_path: Path) -> None:
    assert reader("import", pocket_zip, "--no-fetch") == 0
    with reader.store() as store:
        before = (store.library.states(), store.queue.counts(), store.tags.all())
        imports = store._db.rows("SELECT id FROM imports")
    assert reader("import", pocket_zip, "--no-fetch") == 0
    assert "0 new" in reader.out and "import --undo" not in reader.err
    with reader.store() as store:
        assert (store.library.states(), store.queue.counts(), store.tags.all()) == before
        assert store._db.rows("SELECT id FROM imports") == imports  # nothing to undo


def test_omnivore_texts_written_and_highlights_placed_by_their_words(
    reader: Reader, omnivore_zip: Path
) -> None:
    assert reader("import", omnivore_zip, "--no-fetch") == 0
    assert "3 articles added (2 with their text, 1 to fetch)" in reader.out
    assert "2 placed in their text, 1 orphaned" in reader.out
    assert "“Cette phrase n’existe nulle part dans le texte.”" in reader.out
    rows = listed(reader)
    mer = rows["La mer et les oiseaux: «notes» d’un été"]
    assert mer["fetched"] is True and mer["words"] > 50
    assert mer["progress"] == 42 and mer["tags"] == ["nature", "Été 2024"]
    assert mer["date"] == "2024-06-15" and mer["highlights"] == 3
    assert mer["bookmarked"] is True  # the note on the whole article
    assert rows["An archived piece"]["location"] == "archive"
    assert rows["Saved but never processed"]["fetched"] is False
    with reader.store() as store:
        marks = {h.original[:12]: h for h in store.highlights.for_article(str(mer["id"]))}
        assert marks["Les oiseaux "].status is Status.ANCHORED
        assert marks["Les oiseaux "].note.startswith("Une belle image")
        assert store.tags.for_highlight(marks["Les oiseaux "].id) == ("images", "oiseaux")
        assert marks["Le soir venu"].status is Status.ANCHORED  # a quote over two lines
        orphan = marks["Cette phrase"]
        assert orphan.status is Status.ORPHANED
        assert orphan.note == "Une note qui doit rester avec sa citation orpheline."
        (note,) = store.bookmarks.all()
        assert note.label == "Une note sur tout l’article : à relire en hiver."
    assert reader("export", "--format", "json") == 0
    exported = json.loads(reader.out)
    mer_export = next(a for a in exported["articles"] if a["id"] == mer["id"])
    body_quotes = {h["quote"] for h in mer_export["highlights"] if h["status"] == "anchored"}
    assert any(quote.startswith("Les oiseaux tournaient") for quote in body_quotes)


def test_wallabag_then_w3c_and_pocket_meet_in_one_article(
    reader: Reader, pocket_zip: Path, omnivore_zip: Path
) -> None:
    assert reader("import", pocket_zip, "--no-fetch") == 0
    assert reader("import", FIXTURES / "wallabag.json", "--no-fetch") == 0
    assert "2 new" in reader.out and "1 already in your library" in reader.out
    assert reader("import", omnivore_zip, "--no-fetch") == 0
    assert reader("import", FIXTURES / "w3c.json", "--no-fetch") == 0
    assert "0 new" in reader.out and "1 already in your library" in reader.out
    assert "2 placed in their text" in reader.out
    rows = listed(reader)
    assert len([r for r in rows.values() if "tokyo" in str(r["url"])]) == 1
    mer = rows["La mer et les oiseaux: «notes» d’un été"]
    assert mer["highlights"] == 5
    with reader.store() as store:
        wind = next(
            h
            for h in store.highlights.for_article(str(mer["id"]))
            if h.original.startswith("Le vent")
        )
        assert wind.status is Status.ANCHORED and wind.note == "Le vent, encore."
        assert store.tags.for_highlight(wind.id) == ("vent",)
        bridges = rows['Ein Artikel über Brücken, Flüsse und "Städte"']
        states = store.library.states()
        assert state_of(states, str(bridges["id"])).added == "2021-04-13T07:29:05+00:00"


def test_readwise_documents_then_highlights_matched_by_title(reader: Reader) -> None:
    assert reader("import", FIXTURES / "readwise_documents.csv", "--no-fetch") == 0
    assert reader("import", FIXTURES / "readwise_highlights.csv", "--no-fetch") == 0
    assert "highlights: 3 imported: 1 placed in their text, 0 orphaned" in reader.out
    assert "2 waiting for their article's text" in reader.out
    rows = listed(reader)
    deep = rows["Deep work notes"]
    assert deep["fetched"] is False and deep["highlights"] == 2 and deep["progress"] == 45
    assert rows["Shortlisted"]["tags"] == ["shortlist", "to read"]
    book = rows["Meditations on a Kindle book"]  # no address: an article of its quotes
    assert book["fetched"] is True and book["tags"] == ["stoic"] and book["highlights"] == 1
    assert book["bookmarked"] is True  # the note on the whole book
    with reader.store() as store:
        waiting = store.highlights.for_article(str(deep["id"]))
        assert {h.status for h in waiting} == {Status.ORPHANED}
        assert {h.content_hash for h in waiting} == {""}  # placed once the text arrives


def test_hypothesis_on_a_page_never_seen_queues_it(reader: Reader) -> None:
    assert reader("import", FIXTURES / "readwise_documents.csv", "--no-fetch") == 0
    assert reader("import", FIXTURES / "hypothesis.json", "--no-fetch") == 0
    assert "1 new (1 to fetch from the web), 1 already in your library" in reader.out
    assert "a reply, not an annotation" in reader.out
    rows = listed(reader)
    assert rows["A page seen only by Hypothesis"]["fetched"] is False
    assert rows["A page seen only by Hypothesis"]["highlights"] == 1
    assert rows["Deep work notes"]["highlights"] == 1


def test_undo_takes_the_import_back_whole(reader: Reader, omnivore_zip: Path) -> None:
    assert reader("import", omnivore_zip, "--no-fetch") == 0
    written = sorted(library_dir(reader.data).rglob("*.md"))
    assert len(written) == 2
    assert reader("import", "--undo") == 0
    assert not list(library_dir(reader.data).rglob("*.md"))
    with reader.store() as store:
        assert store.queue.counts() == {}
        assert store.highlights.all() == [] and store.bookmarks.all() == []
        assert all(tag.articles == 0 for tag in store.tags.all())
    assert reader("import", omnivore_zip, "--no-fetch") == 0  # and it can be made again
    assert "3 articles added" in reader.out


@pytest.mark.parametrize("name", ["omnivore", "wallabag", "hypothesis"])
def test_a_format_named_that_the_file_is_not_is_refused(
    reader: Reader, pocket_zip: Path, name: str
) -> None:
    assert reader("import", pocket_zip, "--from", name) == 1
    assert reader.err.startswith("reader: ") and reader.err.count("\n") == 1
    assert not (reader.data / DB_FILENAME).exists()


def test_a_malformed_file_is_refused_whole(reader: Reader, tmp_path: Path) -> None:
    bad = tmp_path / "pocket.csv"
    good = "\n".join(f"T{n},https://example.org/{n},1700000000,,unread" for n in range(50))
    bad.write_text(f"title,url,time_added,tags,status\n{good}\nlast,https://x.org,1,,maybe\n")
    assert reader("import", bad) == 1
    assert (
        reader.err == f'reader: {bad}, line 52, field "status": expected unread or '
        "archive, got 'maybe'\n"
    )
    assert not (reader.data / DB_FILENAME).exists()


def test_reader_own_export_still_imports(reader: Reader, tmp_path: Path) -> None:
    own = tmp_path / "mine.json"
    own.write_text(json.dumps({"version": 1, "articles": []}))
    assert reader("import", own, "--dry-run") == 0
    assert reader("import", own) == 0
    assert "imported" in reader.err


def test_undo_of_a_state_change_keeps_what_was_there(reader: Reader, pocket_zip: Path) -> None:
    assert reader("import", pocket_zip, "--no-fetch") == 0
    tokyo = next(r for r in listed(reader).values() if r["title"].startswith("Tokyo"))
    assert reader("inbox", str(tokyo["id"])) == 0
    assert reader("import", "--undo") == 0
    with reader.store() as store:
        state = state_of(store.library.states(), str(tokyo["id"]))
        assert state.location is Location.INBOX  # moved since: left as the user put it


def test_pocket_annotations_are_read_tolerantly(reader: Reader, tmp_path: Path) -> None:
    source = FIXTURES / "pocket_zip"
    export = tmp_path / "pocket.zip"
    with zipfile.ZipFile(export, "w") as archive:
        for part in sorted(source.glob("*.csv")):
            archive.write(part, part.name)
        archive.writestr(
            "annotations/part_000000.json",
            json.dumps(
                [
                    {
                        "url": "https://example.com/tokyo",
                        "title": "Tokyo",
                        "highlights": [
                            {"quote": "a city of small places", "created_at": 1700000000}
                        ],
                    },
                    {"something": "else entirely"},
                ]
            ),
        )
    assert reader("import", export, "--no-fetch") == 0
    assert "an item in a shape reader does not know, left out" in reader.out
    rows = listed(reader)
    assert rows['Tokyo, 東京: a city of "small" places']["highlights"] == 1


def test_an_article_already_in_the_library_is_the_one_imported(
    reader: Reader, pocket_zip: Path
) -> None:
    saved = library_dir(reader.data) / "example.com" / "tokyo-by-hand.md"
    saved.parent.mkdir(parents=True)
    saved.write_text(
        '---\ntitle: "Tokyo, saved by hand"\nurl: "https://www.example.com/tokyo"\n---\n\n'
        "A text about Tokyo, saved long before the import, with a sentence or two.\n",
        encoding="utf-8",
    )
    assert reader("import", pocket_zip, "--no-fetch") == 0
    assert "4 new (4 to fetch from the web), 1 already in your library" in reader.out
    row = listed(reader)["Tokyo, saved by hand"]
    assert row["fetched"] is True and row["location"] == "archive"
    assert row["tags"] == ["cities", "travel", "日本"]
