"""Property tests on arbitrary bytes and text: never an exception, never a control character out.

`tests/unit/test_sanitize.py` and `test_parse_formats.py` hold the properties on text; these go
down to bytes (any encoding, any damage) for each format, and to the helpers around them.
"""

from __future__ import annotations

import codecs
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.article import Article
from reader.core.text.cyrillic import guess_cyrillic
from reader.core.text.decode import decode_bytes, looks_binary
from reader.core.text.formats import ParseError
from reader.core.text.links import bare_links, clean_url, place_links
from reader.core.text.parse import parse_bytes
from reader.core.text.sanitize import escape_json_text, sanitize, sanitize_line
from tests.inert import is_inert

FORMATS = ("text", "markdown", "html")

# Byte pieces that reach the odd corners: BOMs, NUL, ESC sequences (7- and 8-bit), UTF-8 C1,
# invalid UTF-8, wide-encoded text, legacy Cyrillic, and the markup of each format.
_PIECES = st.sampled_from(
    [
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        b"\x00",
        b"\x1b",
        b"\x1b]52;c;SGk=\x07",
        b"\x1b[6n",
        b"\x1bP$q",
        b"\x9b",
        b"\x9d",
        b"\xc2\x9b",
        b"\xc2\x9d0;t\xc2\x9c",
        b"\xe2\x80\xae",
        b"\xff\xfe",
        b"\xc3(",
        "Заголовок\n".encode("utf-16-le"),
        "Привет мир".encode("cp1251"),
        "Привет мир".encode("koi8_r"),
        b"<a href='javascript:x'>",
        b"</a>",
        b"<p>",
        b"&#27;",
        b"&#x9b;",
        b"[x](https://e.example/\x1b)",
        b"---\ntitle: t\n---\n",
        b"# ",
        b"http://",
        b"\n",
        b"\n\n",
        b" ",
        b"Word",
        b"[bold]",
        b"[/]",
    ]
)
ANY_BYTES = st.one_of(st.binary(max_size=2048), st.lists(_PIECES, max_size=40).map(b"".join))
#: Text with every code point, lone surrogates (from undecodable file names) included.
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=300)


def check_article(article: Article) -> None:
    body = article.body
    strings = [article.title, article.meta.source, article.meta.byline, body]
    strings += [*article.removed, *article.notices, *(link.url for link in article.links)]
    for string in strings:
        assert is_inert(string), repr(string[:200])
    assert article.title
    previous_end = 0
    for link in article.links:
        assert previous_end <= link.start < link.end <= len(body)
        assert link.url and not any(char.isspace() for char in link.url)
        previous_end = link.end


@settings(max_examples=300, deadline=None)
@given(ANY_BYTES, st.sampled_from(FORMATS))
def test_any_bytes_give_a_safe_article_or_a_parse_error(data: bytes, fmt: str) -> None:
    try:
        article = parse_bytes(data, path="x", relative_path="x", format=fmt)
    except ParseError as error:
        assert str(error) in ("empty file", "binary file")
        return
    check_article(article)


@settings(max_examples=200, deadline=None)
@given(ANY_BYTES, st.sampled_from(["a.txt", "a.md", "a.html", "a"]))
def test_any_bytes_with_a_cut_still_parse_safely(data: bytes, name: str) -> None:
    """A limit in the middle of anything (a character, a sequence, a tag) is survived."""
    limit = max(1, len(data) // 2)
    try:
        article = parse_bytes(data, path=name, relative_path=name, limit=limit)
    except ParseError:
        return
    check_article(article)
    assert article.truncated_at == (limit if len(data) > limit else 0)


@settings(max_examples=300, deadline=None)
@given(ANY_BYTES)
def test_decoding_never_fails_and_gives_real_text(data: bytes) -> None:
    looks_binary(data)
    guess_cyrillic(data)
    for truncated in (False, True):
        text = decode_bytes(data, truncated=truncated).text
        text.encode("utf-8")  # no lone surrogates


@given(ANY_TEXT)
def test_sanitize_on_every_code_point_is_inert_and_idempotent(text: str) -> None:
    once = sanitize(text)
    assert is_inert(once)
    assert sanitize(once) == once
    line = sanitize_line(text)
    assert is_inert(line) and "\n" not in line and sanitize_line(line) == line


@given(ANY_TEXT)
def test_json_escaping_is_lossless_and_inert(text: str) -> None:
    value = {"path": text, "list": [text, "plain"]}
    written = escape_json_text(json.dumps(value, ensure_ascii=False))
    assert json.loads(written) == value
    assert is_inert(written.replace("\n", " "))
    written.encode("utf-8")


@given(ANY_TEXT, st.lists(st.tuples(ANY_TEXT, ANY_TEXT), max_size=8))
def test_placed_links_are_in_bounds_and_inert(body: str, found: list[tuple[str, str]]) -> None:
    body = sanitize(body)
    links = place_links(body, found)
    for link in links:
        assert 0 <= link.start < link.end <= len(body)
        assert is_inert(link.url) and link.url == clean_url(link.url)
    for link in bare_links(body):
        assert body[link.start : link.end].startswith(link.url[:4])
