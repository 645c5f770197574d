"""Issue 13, text as written: Markdown styles, tables, footnotes and images; local HTML through
trafilatura; bylines shown once. Styles are spans beside the plain text, never characters in it.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article import PARAGRAPH_SEPARATOR, Article, BlockKind
from reader.core.text.formats import ParseError
from reader.core.text.parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def parse(text: str, name: str) -> Article:
    return parse_bytes(text.encode(), path=name, relative_path=name)


def styled(article: Article) -> list[tuple[str, str]]:
    """Every span of the article as (kind, the body text it covers), in body order."""
    found = []
    offset = 0
    for block in article.blocks:
        for start, end, kind in block.spans:
            found.append((kind.value, article.body[offset + start : offset + end]))
        offset += len(block.text) + len(PARAGRAPH_SEPARATOR)
    return found


def assert_spans_fit(article: Article) -> None:
    for block in article.blocks:
        for start, end, _ in block.spans:
            assert 0 <= start < end <= len(block.text)
            assert block.text[start:end] == block.text[start:end].strip()


# --- Markdown ---------------------------------------------------------------------------------


def test_emphasis_strong_and_code_are_spans_over_plain_text() -> None:
    article = parse(
        "# T\n\nAn *emphasised* word, a **strong *nested* one** and `code()` here.\n", "e.md"
    )
    assert article.body == "An emphasised word, a strong nested one and code() here."
    assert styled(article) == [
        ("emphasis", "emphasised"),
        ("strong", "strong nested one"),
        ("emphasis", "nested"),
        ("code", "code()"),
    ]
    assert_spans_fit(article)


def test_styles_leave_every_offset_as_in_the_plain_text() -> None:
    plain = parse("# T\n\nOne two three four five.\n\nSix seven.\n", "p.md")
    rich = parse(
        "# T\n\nOne **two** *three* `four` five.\n\n[Six](https://x.example) seven.\n", "r.md"
    )
    assert rich.body == plain.body
    assert rich.body.find("four") == plain.body.find("four")
    six = rich.body.index("Six")
    assert [(link.start, link.end) for link in rich.links] == [(six, six + 3)]


def test_tables_are_table_blocks_with_cells_and_rows() -> None:
    article = parse(
        "# T\n\nBefore.\n\n| Name | Value |\n|---|--:|\n| *a* | 1 |\n| b | `22` |\n| c | |\n\n"
        "After.\n",
        "t.md",
    )
    kinds = [block.kind for block in article.blocks]
    assert kinds == [BlockKind.TEXT, BlockKind.TABLE, BlockKind.TEXT]
    table = article.blocks[1]
    assert table.text == "Name\tValue\na\t1\nb\t22\nc\t"
    assert [(kind.value, table.text[start:end]) for start, end, kind in table.spans] == [
        ("emphasis", "a"),
        ("code", "22"),
    ]
    assert article.meta.words == 1 + 7 + 1  # every cell's words count


def test_footnotes_are_kept_as_numbered_notes_after_the_text() -> None:
    article = parse(
        "# T\n\nA claim[^src] and another[^2].\n\nMore text.\n\n"
        "[^src]: The **source**, page 4.\n[^2]: Second note.\n",
        "f.md",
    )
    assert article.paragraphs == (
        "A claim[1] and another[2].",
        "More text.",
        "[1] The source, page 4.",
        "[2] Second note.",
    )
    assert ("strong", "source") in styled(article)


def test_images_are_lines_whose_address_is_a_link() -> None:
    article = parse(
        '# T\n\nText before ![A harbour at dawn](img/harbour.jpg "t") text after.\n\n'
        "![][logo]\n\n[logo]: https://e.example/logo.png\n",
        "i.md",
    )
    assert article.paragraphs == (
        "Text before",
        "[image: A harbour at dawn]",
        "text after.",
        "[image]",
    )
    assert [(article.body[link.start : link.end], link.url) for link in article.links] == [
        ("[image: A harbour at dawn]", "img/harbour.jpg"),
        ("[image]", "https://e.example/logo.png"),
    ]


def test_links_are_spans_and_links() -> None:
    article = parse("# T\n\nSee [the **docs**](https://e.example/docs) now.\n", "l.md")
    assert styled(article) == [("link", "the docs"), ("strong", "docs")]
    assert article.links[0].url == "https://e.example/docs"


def test_raw_html_blocks_keep_their_words() -> None:
    article = parse(
        '# T\n\n<div align="center">\n<b>Centred</b> &amp; bold\n<script>x()</script>\n</div>\n',
        "h.md",
    )
    assert article.paragraphs == ("Centred & bold",)


def test_a_huge_table_cell_or_odd_markup_never_breaks_the_offsets() -> None:
    text = "# T\n\n" + "| a |\n|---|\n" + "| **x** *y* `z` |\n" * 200 + "\n*open **close* end**\n"
    article = parse(text, "o.md")
    assert_spans_fit(article)
    assert article.blocks[0].kind is BlockKind.TABLE


# --- Local HTML -------------------------------------------------------------------------------


def test_local_html_is_extracted_like_a_saved_web_page() -> None:
    data = (FIXTURES / "zeitung.html").read_bytes()
    article = parse_bytes(data, path="zeitung.html", relative_path="zeitung.html")
    assert article.title == "Die Fähre fährt wieder"
    assert (article.meta.byline, article.meta.source) == ("Anna Berger", "Nordsee-Kurier")
    assert article.meta.date == "2024-03-18"
    body = article.body
    assert body.startswith("Nach drei Wochen Pause")
    assert body.endswith("wie es in einer Mitteilung hieß.")
    # Cookie banners in three languages, teasers in three, the byline, menus and footer: gone.
    for furniture in (
        "Cookies",
        "cookies",
        "akzeptieren",
        "Lesen Sie auch",
        "Read also",
        "Lire aussi",
        "Anna Berger",
        "Mehr aus der Region",
        "Impressum",
        "Sport",
    ):
        assert furniture not in body, furniture
    assert "Lesen Sie auch: Hafenausbau in Norddeich verzögert sich erneut" in article.removed
    assert ("strong", "wegen eines Schadens am Ruder") in styled(article)
    assert ("emphasis", "pünktlich") in styled(article)
    tables = [block for block in article.blocks if block.kind is BlockKind.TABLE]
    assert [block.text.split("\n")[1] for block in tables] == ["06:00\t06:55\tFrisia IV"]


def test_local_html_keeps_its_links() -> None:
    prose = "The tide came in slowly over the flats while the birds fed at the edge. " * 5
    page = (
        f"<html><head><title>Tides</title></head><body><article><h1>Tides</h1><p>{prose}</p>"
        f"<p>{prose} Read the <a href='https://e.example/tables'>tide tables</a> first.</p>"
        "</article></body></html>"
    )
    article = parse(page, "tides.html")
    assert [(article.body[link.start : link.end], link.url) for link in article.links] == [
        ("tide tables", "https://e.example/tables")
    ]
    assert ("link", "tide tables") in styled(article)


def test_short_pages_fall_back_to_the_walk_and_still_lose_banners_and_teasers() -> None:
    page = (
        "<title>Short</title><p>We use cookies to give you the best experience on our site. "
        "Accept all</p><p>Nous utilisons des cookies pour votre expérience sur notre site. "
        "Accepter</p><p>The short article itself.</p>"
        "<p>Читайте также: другая статья</p>"
    )
    article = parse(page, "short.html")
    assert article.paragraphs == ("The short article itself.",)
    assert len(article.removed) == 3


def test_an_article_about_cookies_keeps_its_text() -> None:
    text = "Baking day\n\nAccept that the cookies will spread on the tray, and let them cool.\n"
    assert parse(text, "b.txt").paragraphs == (
        "Accept that the cookies will spread on the tray, and let them cool.",
    )


# --- Bylines ----------------------------------------------------------------------------------


def test_a_byline_in_the_header_is_not_repeated_in_the_body() -> None:
    for line in ("By Jane Doe", "Jane Doe", "By Jane Doe, Staff Writer", "By Jane Doe and Ann Lee"):
        article = parse(f"---\nauthor: Jane Doe\n---\n\n# Title\n\n{line}\n\nBody text.\n", "b.md")
        assert article.meta.byline == "Jane Doe"
        assert article.paragraphs == ("Body text.",), line
        assert article.removed == (line,)


def test_a_byline_from_html_metadata_is_not_repeated() -> None:
    page = (
        "<title>Title</title><meta name='author' content='Jane Doe'>"
        "<h1>Title</h1><p>By Jane Doe</p><p>Body text.</p>"
    )
    article = parse(page, "b.html")
    assert article.meta.byline == "Jane Doe"
    assert article.paragraphs == ("Body text.",)


def test_a_name_later_in_the_article_stays() -> None:
    text = "---\nauthor: Jane Doe\n---\n\n# Title\n\nBody text.\n\nJane Doe\n"
    assert parse(text, "n.md").paragraphs == ("Body text.", "Jane Doe")


_MARKDOWN_SOUP = st.lists(
    st.sampled_from(
        [
            "*",
            "**",
            "_",
            "`",
            "[",
            "](https://x.example)",
            "![alt",
            "[^1]",
            "\n[^1]: note\n",
            "^[inline]",
            "| a | b |\n|---|---|\n| c | d |\n",
            "|",
            "&amp;",
            "&#27;",
            "\\*",
            "<b>",
            "</b>",
            "\n",
            "\n\n",
            "# ",
            "> ",
            "- ",
            "    ",
            "```",
            " ",
            "word",
            "Ünï",
            "東京",
            "\u200b",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(_MARKDOWN_SOUP)
def test_spans_always_fit_their_block(text: str) -> None:
    try:
        article = parse("# Title\n\n" + text, "soup.md")
    except ParseError:
        return
    assert_spans_fit(article)
    for block in article.blocks:
        assert list(block.spans) == sorted(block.spans)
