"""The bundled sample articles come out clean: right title and metadata, no debris, no text lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from reader.core.article import Article, BlockKind
from reader.core.text.parse import article_id, parse_bytes, parse_file, read_original

DEBRIS = (
    "Leave a Comment",
    "Leave a Reply",
    "Comments are closed",
    "Source link",
    "No comments",
    "Post a Comment",
    "Welcome to California18",
    "Image:",
    "AP Photo",
    "Courtesy:",
    "\xa0",
)


def seed(seeds_dir: Path, number: int) -> Article:
    (path,) = seeds_dir.glob(f"{number:03d}_*.txt")
    return parse_file(path, seeds_dir)


def assert_no_debris(article: Article) -> None:
    for text in (*article.paragraphs, article.title, article.meta.byline):
        for debris in DEBRIS:
            assert debris not in text, (debris, text)
        assert text == text.strip()


def test_seed_000_title_suffix_caption_and_comment_marker(seeds_dir: Path) -> None:
    article = seed(seeds_dir, 0)
    assert article.title == "‘Say no to Putin’: Ukrainians support protests in Kazakhstan"
    assert article.meta.date is None
    assert article.paragraphs[0].startswith("Kiev, Ukraine – With their country’s fate")
    assert article.paragraphs[-1] == (
        "Russia has offered an ultimatum in return for easing tensions with Ukraine – which "
        "Ukraine will never be allowed to join NATO – but this has already been rejected by the "
        "United States and NATO."
    )
    assert not any(p.endswith("[Courtesy: Dronarium]") for p in article.paragraphs)
    assert any(r.endswith("[Courtesy: Dronarium]") for r in article.removed)
    assert article.removed[-1] == "Leave a Comment"
    # A multi-paragraph quotation keeps its opening marks (the next paragraph continues it).
    assert any(p.startswith("“[US President Joe] Biden") for p in article.paragraphs)
    assert_no_debris(article)


def test_seed_001_wire_dateline_gives_source(seeds_dir: Path) -> None:
    article = seed(seeds_dir, 1)
    assert article.title == "Kazakhstan increases uncertainty in talks with Russia about Ukraine"
    assert article.meta.source == "AP"
    assert article.paragraphs[0].startswith("WASHINGTON (AP) – Russia’s decision")
    assert article.paragraphs[-1] == (
        "“If Blinken’s actions are in line with his rhetoric, then you’re fine here,” he said."
    )
    assert article.removed == ("Source link", "Comments are closed.")
    assert_no_debris(article)


def test_seed_002_single_newline_paragraphs_and_stray_quote(seeds_dir: Path) -> None:
    article = seed(seeds_dir, 2)
    assert article.title == "Kazakhstan crisis attempt to copy 2014 Ukrainian 'Maidan' – Putin"
    assert article.meta.source == ""  # "– Putin" is the speaker, not a site
    assert len(article.paragraphs) == 7
    assert article.paragraphs[0].startswith("Violent and bloody clashes")
    assert article.paragraphs[1].startswith("Speaking as part of a meeting")
    assert article.paragraphs[-1].startswith("CSTO peacekeepers began arriving in Almaty")
    assert article.removed == ("No comments:", "Post a Comment")
    assert_no_debris(article)


def test_seed_003_caption_title_byline_subheads_and_site_blurb(seeds_dir: Path) -> None:
    article = seed(seeds_dir, 3)
    assert article.title == (
        "Kazakhstan’s action on Ukrainian soil may not suit Russian President Vladimir Putin at all"
    )
    assert article.meta.byline == "Anne Kathrin Hamilton"
    assert article.meta.source == "California18"
    assert article.meta.date is None  # the dates in the photo captions are not the article's
    assert article.paragraphs[0].startswith("Kazakhstan is helping with a special campaign")
    assert article.paragraphs[-1].startswith("Born in Kazakh Yunisbai asked around")
    headings = [block.text for block in article.blocks if block.kind is BlockKind.HEADING]
    assert headings == [
        "Kazakhstan rebels against Russia",
        "Kazakhs ignite a spark of humanity in the war zone Ukraine",
        "“Yurts of invincibility” – the idea for this came from a Ukrainian",
        "Russia demands a statement from Kazakhstan on the yurts",
        "Kazakhstan responds to Russia’s outrage: “So what?”",
    ]
    assert "Smadiyarov further says:" in article.paragraphs  # a lead-in, not a heading
    captions = ("SOCHI, RUSSIA", "Tamara Makshanova", "An elderly woman", "Russia's President")
    for caption_start in captions:
        assert not any(p.startswith(caption_start) for p in article.paragraphs)
        assert any(r.startswith(caption_start) for r in article.removed)
    assert "International" in article.removed
    assert article.removed[-3:][0] == "California18"
    assert article.removed[-1] == "Leave a Reply"
    assert "California18" not in article.body
    assert_no_debris(article)


def test_seed_004_date_line_nbsp_lines_and_appended_teaser(seeds_dir: Path) -> None:
    article = seed(seeds_dir, 4)
    assert article.meta.date == "2022-01-10"
    assert article.title == "Putin declared victory in Kazakhstan"
    assert article.paragraphs[0].startswith(
        "Russian President Vladimir Putin on Monday declared victory"
    )
    assert article.paragraphs[-1].startswith(
        'Russia has long accused the West of fomenting so-called "color revolutions"'
    )
    assert "Macedonian" in article.removed
    assert any(r.startswith("Fears are growing") for r in article.removed)
    assert "Fears are growing" not in article.body
    assert "Macedonian" not in article.body
    assert all(paragraph for paragraph in article.paragraphs)
    assert_no_debris(article)


def test_removed_keeps_document_order(seeds_dir: Path) -> None:
    article = seed(seeds_dir, 3)
    original = read_original(next(seeds_dir.glob("003_*.txt")))
    positions = [original.find(text[:40]) for text in article.removed]
    assert -1 not in positions
    assert positions == sorted(positions)


def test_every_seed_has_consistent_metadata(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        article = parse_file(path, seeds_dir)
        assert article.meta.words == len(article.body.split())
        assert article.meta.format == "text"
        assert article.meta.path == str(path)
        assert article.id == article_id(path.name)
        assert not any("\n" in paragraph for paragraph in article.paragraphs)


def test_id_depends_on_relative_path_only(tmp_path: Path) -> None:
    folder = tmp_path / "lib" / "sub"
    folder.mkdir(parents=True)
    file = folder / "story.txt"
    file.write_text("A headline\n\nFirst version of the text.\n", encoding="utf-8")
    first = parse_file(file, tmp_path / "lib")
    file.write_text("A headline\n\nSecond, edited version of the text.\n", encoding="utf-8")
    second = parse_file(file, tmp_path / "lib")
    assert first.id == second.id == article_id("sub/story.txt")
    assert first.meta.content_hash != second.meta.content_hash
    # Same content elsewhere: another id, same hash.
    moved = parse_file(file, folder)
    assert moved.id != first.id
    assert moved.meta.content_hash == second.meta.content_hash


def test_article_id_is_stable_and_normalised() -> None:
    assert article_id("a/b.txt") == article_id("a/b.txt")
    assert len(article_id("a/b.txt")) == 12
    assert set(article_id("a/b.txt")) <= set("0123456789abcdef")
    assert article_id("a/b.txt") != article_id("a/c.txt")
    assert article_id("caf\u00e9.txt") == article_id("cafe\u0301.txt")  # NFC vs NFD
    assert article_id("./a//b.txt") == article_id("a/b.txt")


def test_content_hash_is_sha256_of_the_bytes() -> None:
    data = b"Title line\n\nSome text here.\n"
    article = parse_bytes(data, path="x.txt", relative_path="x.txt")
    assert article.meta.content_hash == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("number", range(5))
def test_read_original_returns_the_whole_file(seeds_dir: Path, number: int) -> None:
    (path,) = seeds_dir.glob(f"{number:03d}_*.txt")
    assert read_original(path) == path.read_text(encoding="utf-8")
