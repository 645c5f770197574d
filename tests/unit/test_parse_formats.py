"""Formats, encodings and the files that are not articles at all."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article import Article, BlockKind
from reader.core.text import parse
from reader.core.text.decode import decode_bytes, looks_binary
from reader.core.text.parse import (
    MAX_ARTICLE_BYTES,
    MAX_HTML_BYTES,
    SUFFIX_FORMATS,
    ParseError,
    parse_bytes,
    parse_file,
    read_original,
)


def parse_text(text: str, name: str = "article.txt", **kwargs: str) -> Article:
    return parse_bytes(text.encode("utf-8"), path=name, relative_path=name, **kwargs)


def kinds(article: Article) -> list[tuple[BlockKind, str]]:
    return [(block.kind, block.text) for block in article.blocks]


# --- Markdown ---------------------------------------------------------------------------------

MARKDOWN = """\
---
title: "Front: Matter Title"
date: 2022-01-10T08:30:00Z
author:
  - Jane Doe
source: The Example Times
---

# Front: Matter Title

Some **bold**, __strong__, *em*, _em too_, ~~gone~~ and `co*de*` with a [link](https://x.ex "t")
that continues on a second line; snake_case_name and 2*3*4 stay, \\*escaped\\* too.

> A quotation
> over two lines.

- first item
- second *item*
  continued

1. numbered

```python
def f(x):
    return x * 2  # **not emphasis**
```

## A subheading

![an image](pic.png)
Text with <span>inline html</span> and <https://auto.example>.
"""


def test_markdown_front_matter_and_blocks() -> None:
    article = parse_text(MARKDOWN, "note.md")
    assert article.meta.format == "markdown"
    assert article.title == "Front: Matter Title"
    assert article.meta.date == "2022-01-10"
    assert article.meta.byline == "Jane Doe"
    assert article.meta.source == "The Example Times"
    assert kinds(article) == [
        (
            BlockKind.TEXT,
            # CommonMark: `*` is emphasis inside a word too (2*3*4 is 2, 3 emphasised, 4).
            "Some bold, strong, em, em too, gone and co*de* with a link that continues on a "
            "second line; snake_case_name and 234 stay, *escaped* too.",
        ),
        (BlockKind.QUOTE, "A quotation over two lines."),
        (BlockKind.ITEM, "first item"),
        (BlockKind.ITEM, "second item continued"),
        (BlockKind.ITEM, "numbered"),
        (BlockKind.CODE, "def f(x):\n    return x * 2  # **not emphasis**"),
        (BlockKind.HEADING, "A subheading"),
        (BlockKind.TEXT, "[image: an image]"),  # issue 13: an image is a line, not nothing
        (BlockKind.TEXT, "Text with inline html and https://auto.example."),
    ]
    first = article.blocks[0]
    assert [(span.kind.value, first.text[span.start : span.end]) for span in first.spans] == [
        ("strong", "bold"),
        ("strong", "strong"),
        ("emphasis", "em"),
        ("emphasis", "em too"),
        ("code", "co*de*"),
        ("link", "link"),
        ("emphasis", "3"),
    ]


def test_markdown_first_heading_is_the_title_without_front_matter() -> None:
    article = parse_text("# The *Real* Title\n\nBody text here.\n\n## Part two\n\nMore.\n", "a.md")
    assert article.title == "The Real Title"
    assert kinds(article) == [
        (BlockKind.TEXT, "Body text here."),
        (BlockKind.HEADING, "Part two"),
        (BlockKind.TEXT, "More."),
    ]
    assert article.meta.date is None


def test_markdown_setext_heading_unclosed_fence_and_indented_code() -> None:
    article = parse_text("Title\n=====\n\nText.\n\n    indented code\n\n```\nopen fence\n", "b.md")
    assert article.title == "Title"
    assert kinds(article) == [
        (BlockKind.TEXT, "Text."),
        (BlockKind.CODE, "indented code"),
        (BlockKind.CODE, "open fence"),
    ]


def test_markdown_rules_around_text_are_not_front_matter() -> None:
    article = parse_text("---\nJust a paragraph between rules.\n\n---\n\nMore text.\n", "r.md")
    assert article.paragraphs == ("Just a paragraph between rules.", "More text.")
    assert article.title == "r"


def test_markdown_code_is_sanitised_but_keeps_layout() -> None:
    article = parse_text("# T\n\n```\nline\x1b[31m one\n\tline two\n```\n", "c.md")
    assert kinds(article) == [(BlockKind.CODE, "line one\n\tline two")]


# --- HTML -------------------------------------------------------------------------------------

HTML = """\
<!DOCTYPE html>
<html><head>
<title>Putin declares victory &amp; more | The Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta property="article:published_time" content="2022-01-10T08:00:00+00:00">
<meta name="author" content="Jane Doe">
<style>p { color: red }</style>
<script>document.write("<p>injected</p>")</script>
</head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Putin declares victory &amp; more</h1>
<p>First paragraph with <b>bold</b>, a <a href="/x">link</a> and &#27;]0;x&#7; in it.</p>
<figure><img src="a.jpg"><figcaption>Troops in Almaty (AP Photo/Someone)</figcaption></figure>
<h2>A subheading</h2>
<blockquote><p>A quoted passage.</p></blockquote>
<ul><li>One</li><li>Two <em>items</em></li></ul>
<pre>code  keeps
   its &lt;spacing&gt;</pre>
<p>Line one<br>still one<br><br>A new paragraph.</p>
<aside>Read also: something else</aside>
</article>
<footer>Copyright 2022</footer>
</body></html>
"""


def test_html_metadata_and_blocks() -> None:
    article = parse_text(HTML, "page.html")
    meta = article.meta
    assert meta.format == "html"
    assert article.title == "Putin declares victory & more"
    assert meta.source == "Daily Planet"
    assert meta.date == "2022-01-10"
    assert meta.byline == "Jane Doe"
    assert kinds(article) == [
        (BlockKind.TEXT, "First paragraph with bold, a link and ]0;x in it."),
        (BlockKind.HEADING, "A subheading"),
        (BlockKind.QUOTE, "A quoted passage."),
        (BlockKind.ITEM, "One"),
        (BlockKind.ITEM, "Two items"),
        (BlockKind.CODE, "code  keeps\n   its <spacing>"),
        (BlockKind.TEXT, "Line one still one"),
        (BlockKind.TEXT, "A new paragraph."),
    ]
    assert article.removed == ("Troops in Almaty (AP Photo/Someone)",)
    for dropped in ("color: red", "injected", "Home", "Read also", "Copyright"):
        assert dropped not in article.body


def test_html_entities_cannot_smuggle_controls() -> None:
    page = "<title>&#27;]0;evil&#7;Title&#x9b;2J</title><p>a&#27;[31mb&#x1b;]52;c;eA==&#x07;c</p>"
    article = parse_text(page, "evil.html")
    for text in (article.title, *article.paragraphs):
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def test_html_title_suffix_becomes_source_without_site_meta() -> None:
    page = "<title>Markets rally again - Example News</title><body><p>Stocks rose.</p></body>"
    article = parse_text(page, "p.htm")
    assert article.title == "Markets rally again"
    assert article.meta.source == "Example News"
    assert article.paragraphs == ("Stocks rose.",)


def test_html_time_element_gives_date_but_not_inside_figures() -> None:
    page = (
        "<title>T</title><figure><time datetime='2019-05-05'>x</time></figure>"
        "<nav><time datetime='2018-01-01'>menu date</time></nav>"
        "<p>By the river.</p><p><time datetime='2021-03-04T10:00'>March 4</time> text</p>"
    )
    assert parse_text(page, "t.html").meta.date == "2021-03-04"


def test_html_unclosed_head_does_not_swallow_the_body() -> None:
    article = parse_text("<html><head><title>Kept</title><body><p>Body text.</p>", "u.html")
    assert article.title == "Kept"
    assert article.paragraphs == ("Body text.",)


def test_html_is_sniffed_without_a_known_suffix() -> None:
    article = parse_text("<!doctype html><title>Sniffed</title><p>Hi there.</p>", "page")
    assert article.meta.format == "html"
    assert article.title == "Sniffed"


def test_explicit_format_overrides_suffix() -> None:
    article = parse_text("# Heading\n\nText.", "notes.txt", format="markdown")
    assert article.meta.format == "markdown"
    assert article.title == "Heading"
    with pytest.raises(ValueError, match="format"):
        parse_text("text", "a.txt", format="docx")


def test_suffix_formats() -> None:
    assert SUFFIX_FORMATS[".txt"] == SUFFIX_FORMATS[".text"] == "text"
    assert SUFFIX_FORMATS[".md"] == SUFFIX_FORMATS[".markdown"] == "markdown"
    assert SUFFIX_FORMATS[".html"] == SUFFIX_FORMATS[".htm"] == SUFFIX_FORMATS[".xhtml"] == "html"
    assert parse_text("Title\n\nText.", "READ.MD").meta.format == "markdown"


# --- Encodings --------------------------------------------------------------------------------

TEXT = "Заголовок статьи\n\n“Quoted” text – with a dash, café.\n"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_boms_are_honoured(bom: bytes, codec: str) -> None:
    data = bom + TEXT.encode(codec)
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert not decoded.replaced
    assert not looks_binary(data)
    article = parse_bytes(data, path="a.txt", relative_path="a.txt")
    assert article.title == "Заголовок статьи"
    assert article.paragraphs == ("“Quoted” text – with a dash, café.",)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_bom_are_recognised(codec: str) -> None:
    text = "Plain English headline\n\nAnd a paragraph of ordinary text, mostly ASCII.\n"
    data = text.encode(codec)
    assert not looks_binary(data)
    decoded = decode_bytes(data)
    assert (decoded.text, decoded.encoding, decoded.replaced) == (text, codec, False)


def test_invalid_utf8_is_replaced_and_flagged() -> None:
    data = b"Headline\n\nGood text \xff\xfe\xc3( more text.\n"
    decoded = decode_bytes(data)
    assert decoded.replaced
    assert decoded.encoding == "utf-8"
    assert "\ufffd" in decoded.text
    article = parse_bytes(data, path="a.txt", relative_path="a.txt")
    assert article.paragraphs[0].startswith("Good text \ufffd")


def test_valid_utf8_is_not_flagged() -> None:
    decoded = decode_bytes("Ünïcödé ✓".encode())
    assert (decoded.text, decoded.encoding, decoded.replaced) == ("Ünïcödé ✓", "utf-8", False)


def test_truncated_head_drops_a_split_character_silently() -> None:
    data = "abc€".encode()[:-1]
    assert decode_bytes(data, truncated=True) == decode_bytes(b"abc")
    assert decode_bytes(data).replaced


# --- Not articles -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  ", "\xa0\n\xa0 \n".encode(), b"\x1b[2J\n"])
def test_empty_files_are_rejected_with_a_reason(data: bytes) -> None:
    with pytest.raises(ParseError, match="empty file"):
        parse_bytes(data, path="e.txt", relative_path="e.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"ELF-ish\x00\x00\x00\x01\x02\x03 with NULs in the middle" * 20,
        bytes([1, 2, 3, 4, 5, 6, 14, 15, 16, 17, 65]) * 100,
    ],
)
def test_binary_files_are_rejected_with_a_reason(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(ParseError, match="binary file"):
        parse_bytes(data, path="b.txt", relative_path="b.txt")


def test_text_with_some_escape_sequences_is_not_binary() -> None:
    assert not looks_binary(b"\x1b[31mred\x1b[0m terminal log line\n" * 50)


def test_unreadable_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read file"):
        parse_file(tmp_path / "missing.txt", tmp_path)
    with pytest.raises(ParseError, match="cannot read file"):
        parse_file(tmp_path, tmp_path.parent)


def test_title_falls_back_to_file_name(tmp_path: Path) -> None:
    path = tmp_path / "my_saved_article.txt"
    sentence = "This first line is a full sentence of body text, so not a title."
    path.write_text(sentence + "\n")
    article = parse_file(path, tmp_path)
    assert article.title == "my saved article"
    assert article.paragraphs == (sentence,)


# --- Size limit -------------------------------------------------------------------------------


def test_large_file_is_parsed_from_its_head_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parse, "MAX_ARTICLE_BYTES", 4096)
    paragraph = "Ärger " * 30 + "end."  # multi-byte characters, so the cut can fall mid-character
    text = "A big file\n\n" + "\n\n".join(f"{i} {paragraph}" for i in range(200)) + "\n\nTHE END"
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")

    reads: list[int] = []
    real_open = open

    def spy_open(file: Path, *args: object, **kwargs: object) -> object:
        handle = real_open(file, *args, **kwargs)  # type: ignore[call-overload]
        real_read = handle.read

        def read(size: int = -1) -> bytes:
            reads.append(size)
            return real_read(size)  # type: ignore[no-any-return]

        handle.read = read
        return handle

    monkeypatch.setattr(parse, "open", spy_open, raising=False)  # the module's `open`
    article = parse_file(path, tmp_path)
    assert reads == [4097]
    assert article.title == "A big file"
    assert "THE END" not in article.body
    assert "\ufffd" not in article.body
    assert "Article truncated at 4 KB" in article.paragraphs[-1]
    assert article.truncated_at == 4096
    assert article.notices == ("Article truncated at 4 KB.",)
    assert article.paragraphs[0].startswith("0 Ärger")
    assert article.meta.words < len(text.split())
    assert (
        article.meta.content_hash
        == parse_bytes(
            path.read_bytes()[:4096], path=str(path), relative_path="big.txt"
        ).meta.content_hash
    )
    assert read_original(path, limit=100) == path.read_bytes()[:100].decode("utf-8", "ignore")


def test_real_limits_are_one_mebibyte_of_text_and_eight_of_html() -> None:
    """Lowered from 8 MiB for text: laying out 8 MiB took a huge file's first screen past 1 s.
    HTML keeps 8 MiB: a saved page's inline styles and images come before its text."""
    assert MAX_ARTICLE_BYTES == 1024 * 1024
    assert MAX_HTML_BYTES == 8 * 1024 * 1024
    big = ("Headline here\n\n" + "word " * 250_000).encode()
    assert len(big) > MAX_ARTICLE_BYTES
    article = parse_bytes(big, path="big.txt", relative_path="big.txt")
    assert article.title == "Headline here"
    assert "Article truncated at 1 MB" in article.paragraphs[-1]
    assert article.meta.words == len(big[:MAX_ARTICLE_BYTES].split()) - 2  # minus the title
    page = b"<title>Saved page</title><style>" + b"a{b:c}" * 500_000 + b"</style><p>Text.</p>"
    assert MAX_ARTICLE_BYTES < len(page) < MAX_HTML_BYTES
    saved = parse_bytes(page, path="page.html", relative_path="page.html")
    assert saved.paragraphs == ("Text.",) and saved.truncated_at == 0


# --- Robustness -------------------------------------------------------------------------------

_MARKUP_SOUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<h1>",
            "<br>",
            "<pre>",
            "<li>",
            "<script>",
            "</div>",
            "&amp;",
            "&#27;",
            "# ",
            "> ",
            "- ",
            "```",
            "**",
            "_",
            "[x](y)",
            "---\n",
            "\n",
            "\n\n",
            "\xa0",
            " ",
            "Word",
            "Title",
            "Image: X",
            "Leave a Comment",
            "\x1b[31m",
            "\x1b]0;t\x07",
            "\u202e",
            "Monday, January 10, 2022",
            '"',
            "“",
            "...",
            "(AP Photo/X)",
            "By Jane Doe",
        ]
    )
).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), _MARKUP_SOUP), st.sampled_from(["text", "markdown", "html"]))
def test_any_input_gives_a_safe_article_or_a_parse_error(text: str, fmt: str) -> None:
    try:
        article = parse_bytes(text.encode("utf-8"), path="x", relative_path="x", format=fmt)
    except ParseError as error:
        assert str(error) in ("empty file", "binary file")
        return
    strings = [article.title, article.meta.source, article.meta.byline, *article.removed]
    strings += [block.text for block in article.blocks]
    assert article.title
    for string in strings:
        assert all(
            char in "\n\t" or (ord(char) >= 0x20 and not 0x7F <= ord(char) <= 0x9F)
            for char in string
        ), repr(string)
        assert "\u202e" not in string
    for block in article.blocks:
        assert block.text.strip()
        if block.kind not in (BlockKind.CODE, BlockKind.TABLE):  # both keep their lines
            assert "\n" not in block.text and block.text == block.text.strip()
