"""Each export format read into articles and highlights: every field a user would miss."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.migrate.detect import FORMATS, detect, read_export
from reader.core.migrate.omnivore_notes import parse_notes
from reader.core.migrate.records import FormatError, ImportedFile
from reader.core.migrate.urls import clean_url, url_identity
from reader.core.shelf import Location
from tests.imports.conftest import FIXTURES


def read(path: Path) -> ImportedFile:
    return read_export(path, detect(path))


def by_url(found: ImportedFile) -> dict[str, object]:
    return {article.url: article for article in found.articles}


def test_pocket_zip_reads_both_parts_by_header_name(pocket_zip: Path) -> None:
    found = read(pocket_zip)
    assert found.format == "pocket"
    titles = [article.title for article in found.articles]
    assert titles[0] == 'Как устроен интернет: заметки, вопросы и "ответы"'
    assert 'Tokyo, 東京: a city of "small" places' in titles
    assert "A title on two lines" in titles  # a cell spanning lines
    first = found.articles[0]
    assert first.tags == ("сеть", "long read")
    assert first.location is Location.INBOX and not first.read
    assert first.saved == "2023-11-14T22:13:20+00:00"
    tokyo = next(a for a in found.articles if a.url == "https://example.com/tokyo")
    assert tokyo.location is Location.ARCHIVE and tokyo.read
    emoji = next(a for a in found.articles if "emoji" in a.url)
    assert emoji.tags == ("fun",)  # "fun|Fun": one tag, as first written
    assert found.skipped == [
        f"{pocket_zip}:part_000000.csv, line 7: not a web address: 'javascript:alert(1)'"
    ]


def test_pocket_2025_csv_without_cursor_and_with_missing_time() -> None:
    found = read(FIXTURES / "pocket_2025.csv")
    cafe, quotes, untimed = found.articles
    assert cafe.title == "Café culture in Zürich" and cafe.tags == ("food", "Zürich")
    assert quotes.title == 'Quotes "inside", commas, and more' and quotes.read
    assert untimed.saved is None


def test_pocket_legacy_html_knows_read_from_unread() -> None:
    found = read(FIXTURES / "ril_export.html")
    assert [(a.title, a.location, a.tags) for a in found.articles] == [
        ("Une histoire & ses détours", Location.INBOX, ("history", "long read")),
        ("Second unread", Location.INBOX, ()),
        ("Read long ago", Location.ARCHIVE, ("done",)),
    ]
    assert found.articles[2].saved == "2014-05-13T16:53:20+00:00"


@pytest.mark.parametrize("width", [4, 5, 6])
def test_instapaper_of_every_width(width: int) -> None:
    found = read(FIXTURES / f"instapaper_{width}.csv")
    assert found.format == "instapaper"
    assert all(article.url.startswith("https://example.com/") for article in found.articles)


def test_instapaper_folders_become_places_and_tags() -> None:
    found = read(FIXTURES / "instapaper_5.csv")
    starred, folder, unread = found.articles
    assert starred.location is Location.ARCHIVE and starred.read
    assert starred.tags == ("starred",)
    assert starred.highlights[0].quote == 'A sentence the user selected, with "quotes".'
    assert folder.tags == ("Research Notes",) and folder.location is Location.INBOX
    assert unread.title == "Ünread" and unread.saved == "2020-09-13T12:30:00+00:00"
    tagged = read(FIXTURES / "instapaper_6.csv").articles
    assert tagged[0].tags == ("coding", "python 3")
    assert tagged[2].title == "Multi line title"


def test_omnivore_zip_with_text_highlights_and_both_states(omnivore_zip: Path) -> None:
    found = read(omnivore_zip)
    mer, archived, bare = found.articles
    assert mer.title == "La mer et les oiseaux: «notes» d’un été"
    assert mer.author == "Élise Marchand"
    assert mer.tags == ("nature", "Été 2024")
    assert mer.progress == 42 and not mer.read
    assert mer.saved == "2024-07-01T08:30:00+00:00"
    assert mer.published == "2024-06-15T00:00:00+00:00"
    assert mer.html is not None and "oiseaux tournaient" in mer.html
    assert [h.quote[:20] for h in mer.highlights] == [
        "Les oiseaux tournaie",
        "Le soir venu, la lum",
        "Cette phrase n’exist",
    ]
    assert mer.highlights[0].tags == ("oiseaux", "images")
    assert mer.highlights[0].note == "Une belle image, avec une virgule, et des «guillemets»."
    assert mer.notes == ("Une note sur tout l’article : à relire en hiver.",)
    assert archived.location is Location.ARCHIVE and archived.read  # "ARCHIVED", raw
    assert archived.tags == ("done",)  # labels as objects
    assert bare.html is None  # no content/: fetched later


def test_omnivore_notes_note_only_entries_and_quotes_over_lines() -> None:
    text = "> one\n> \n> two\n\n#a #b\n\nnote of one\n\n> three\n\nnote of three\n\nmore of it"
    highlights, notes = parse_notes(text)
    assert [(h.quote, h.tags, h.note) for h in highlights] == [
        ("one\n\ntwo", ("a", "b"), "note of one"),
        ("three", (), "note of three\n\nmore of it"),
    ]
    assert notes == []


def test_wallabag_entries_with_annotations() -> None:
    found = read(FIXTURES / "wallabag.json")
    bridges, archived, empty = found.articles
    assert bridges.tags == ("Architektur", "Geschichte", "starred")
    assert bridges.author == "Anna Schmidt"
    assert bridges.saved == "2021-04-13T07:29:05+00:00"  # +0200 as UTC
    assert [h.note for h in bridges.highlights] == ["Das Baujahr merken.", ""]
    assert archived.location is Location.ARCHIVE and archived.read
    assert empty.html is None


def test_readwise_documents_locations_progress_and_list_literals() -> None:
    found = read(FIXTURES / "readwise_documents.csv")
    deep, finished, shortlist, feed = found.articles
    assert deep.tags == ("focus", "work") and deep.progress == 45
    assert finished.location is Location.ARCHIVE and finished.read and finished.progress == 100
    assert shortlist.tags == ("to read", "shortlist")
    assert feed.tags == ("feed",)


def test_readwise_highlights_grouped_by_document() -> None:
    found = read(FIXTURES / "readwise_highlights.csv")
    deep, book = found.loose
    assert deep.title == "Deep work notes" and len(deep.highlights) == 2
    first = deep.highlights[0]
    assert first.note == "A note, with a comma\nand a second line"
    assert first.tags == ("focus",)  # ".h1" is a Readwise command, not a tag
    assert deep.highlights[1].color == "blue"
    assert book.author == "Marcus Aurelius" and book.document_tags == ("stoic",)
    assert book.highlights[0].tags == ("favorite",) and book.highlights[0].color == "pink"
    assert book.notes == ["A note on the whole book"]


def test_hypothesis_rows_with_selectors_and_replies_left_out() -> None:
    found = read(FIXTURES / "hypothesis.json")
    assert found.format == "hypothesis"
    deep, unseen = found.loose
    (highlight,) = deep.highlights
    assert highlight.quote == "you are the easiest person to fool"
    assert highlight.prefix == "must not fool yourself, and " and highlight.suffix == "."
    assert highlight.start == 1200 and highlight.tags == ("epistemics",)
    assert unseen.title == "A page seen only by Hypothesis"
    assert found.skipped == [
        f"{FIXTURES / 'hypothesis.json'}, annotation 3: a reply, not an annotation"
    ]


def test_w3c_collection_bodies_as_note_and_tags() -> None:
    found = read(FIXTURES / "w3c.json")
    assert found.format == "w3c"
    (group,) = found.loose
    first, second = group.highlights
    assert first.note == "Le vent, encore." and first.tags == ("vent",)
    assert first.prefix == "sans parler. " and first.start == 300
    assert second.quote == "la mer était calme et grise" and second.note == ""


def test_every_fixture_is_recognised_by_content(tmp_path: Path, pocket_zip: Path) -> None:
    renamed = tmp_path / "export.txt"
    renamed.write_bytes((FIXTURES / "readwise_highlights.csv").read_bytes())
    assert detect(renamed) == "readwise"
    assert detect(pocket_zip) == "pocket"
    own = tmp_path / "mine.json"
    own.write_text(json.dumps({"version": 1, "articles": []}))
    assert detect(own) == "reader"
    assert set(FORMATS) >= {"pocket", "instapaper", "omnivore", "wallabag", "readwise"}


BROKEN = [
    ("title,url,time_added,tags,status\na,https://x.org/a,soon,,unread\n", 2, "time_added"),
    ("title,url,time_added,tags,status\na,https://x.org/a,1,,later\n", 2, "status"),
    (
        "title,url,time_added,tags,status\nok,https://x.org/a,1,,unread\n"
        'b,"https://x.org/b\n,2,,unread\n',
        3,
        "",
    ),
    ("URL,Title,Selection,Folder,Timestamp,Tags\nhttps://x.org,T,,Unread,1,[oops\n", 2, "Tags"),
    (
        "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
        "T,https://x.org,1,['a'],yesterday,0,new,False\n",
        2,
        "Saved date",
    ),
    (
        "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
        "T,https://x.org,1,['a'],,0,somewhere,False\n",
        2,
        "Location",
    ),
]


@pytest.mark.parametrize(("content", "line", "field"), BROKEN)
def test_malformed_files_name_the_file_line_and_field(
    tmp_path: Path, content: str, line: int, field: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, line {line}")
    assert caught.value.field == field
    if field:
        assert f'field "{field}"' in message


def test_not_utf8_and_broken_json_name_their_line(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"title,url,time_added,tags,status\nCaf\xe9,https://x.org,1,,unread\n")
    with pytest.raises(FormatError, match=r"line 2: not UTF-8"):
        read(latin)
    broken = tmp_path / "broken.json"
    broken.write_text('[\n{"url": "https://x.org", "is_archived": 0,\n')
    with pytest.raises(FormatError, match=r"broken.json, line 3: not JSON"):
        read(broken)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://www.example.com/a/?utm_source=x&b=2&a=1#top", "http://example.com/a?a=1&b=2"),
        ("HTTPS://Example.COM:443/path", "https://example.com/path/"),
        ("https://example.com/?fbclid=1&gclid=2", "https://example.com"),
        ("https://example.com/caf%C3%A9", "https://example.com/café"),
    ],
)
def test_one_address_one_identity(one: str, other: str) -> None:
    assert url_identity(one) == url_identity(other)


def test_identity_keeps_what_names_the_page() -> None:
    assert url_identity("https://example.com/?id=1") != url_identity("https://example.com/?id=2")
    assert url_identity("https://example.com/#/route") != url_identity("https://example.com/")
    assert url_identity("https://example.com:8080/a") != url_identity("https://example.com/a")
    assert clean_url("https://www.ex.org/a?utm_medium=x&id=3#part") == "https://www.ex.org/a?id=3"
