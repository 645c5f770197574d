"""Links are kept with the article: where their text is in the body, and where they point."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article import Article, Link
from reader.core.library import LibraryIndex, cached_index, load_index
from reader.core.text.links import MAX_URL_CHARS, bare_links, clean_url, is_web_url, place_links
from reader.core.text.parse import parse_bytes
from reader.store.dirs import index_cache_path


def parse(text: str, name: str) -> Article:
    return parse_bytes(text.encode(), path=name, relative_path=name)


def shown(article: Article) -> list[tuple[str, str]]:
    """Each link as (the body text it is on, its url)."""
    return [(article.body[link.start : link.end], link.url) for link in article.links]


def test_markdown_inline_reference_and_autolinks() -> None:
    article = parse(
        "# Links\n\n"
        "See <https://auto.example/x> first, then [the **docs**](https://example.com/docs 't') "
        "and [a ref][r], and `[not](a link)`.\n\n"
        "[r]: https://ref.example/page\n",
        "a.md",
    )
    assert shown(article) == [
        ("https://auto.example/x", "https://auto.example/x"),
        ("the docs", "https://example.com/docs"),
        ("a ref", "https://ref.example/page"),
    ]


def test_html_anchors_keep_text_and_target() -> None:
    article = parse(
        "<html><body><p>Go <a href='https://e.example/a?b=1&amp;c=2'>there <b>now</b></a>, "
        "or <a href='javascript:alert(1)'>here</a>.</p><nav><a href='/menu'>Menu</a></nav>"
        "<p><a name='anchor-without-href'>plain</a> text.</p></body></html>",
        "a.html",
    )
    assert shown(article) == [
        ("there now", "https://e.example/a?b=1&c=2"),
        ("here", "javascript:alert(1)"),
    ]


def test_plain_text_has_its_bare_addresses() -> None:
    article = parse(
        "Title\n\nRead https://example.org/a_(b) and (http://x.example/y), then stop.\n",
        "a.txt",
    )
    assert shown(article) == [
        ("https://example.org/a_(b)", "https://example.org/a_(b)"),
        ("http://x.example/y", "http://x.example/y"),
    ]


def test_same_text_twice_lands_on_successive_occurrences() -> None:
    article = parse("# T\n\n[here](https://a.example) and [here](https://b.example).\n", "t.md")
    assert [(link.start, link.url) for link in article.links] == [
        (0, "https://a.example"),
        (9, "https://b.example"),
    ]


def test_link_whose_text_was_cleaned_away_is_left_out() -> None:
    assert place_links("body text", [("gone", "https://x.example")]) == ()


@pytest.mark.parametrize(
    "raw",
    [
        "https://e.example/\x1b]52;c;SGFjaw==\x07x",
        "https://e.example/\x9b6n",
        "https://e.example/\u202ecod.exe",
        "https://e.example/a b\nc",
    ],
)
def test_urls_are_sanitised(raw: str) -> None:
    url = clean_url(raw)
    assert url.startswith("https://e.example/")
    assert all(char.isprintable() and not char.isspace() for char in url)
    assert "\u202e" not in url


def test_html_character_references_in_href_are_sanitised() -> None:
    """Control references decode to nothing; &#x9b; is "›" in HTML (the Windows-1252 rule)."""
    article = parse("<p><a href='https://e.example/&#27;]0;pwn&#7;x&#x9b;'>link</a></p>", "c.html")
    assert [link.url for link in article.links] == ["https://e.example/]0;pwnx›"]


def test_urls_are_bounded() -> None:
    assert len(clean_url("https://e.example/" + "a" * 10_000)) == MAX_URL_CHARS


@pytest.mark.parametrize(
    ("url", "openable"),
    [
        ("https://example.com/x", True),
        ("HTTP://EXAMPLE.COM", True),
        ("http://", False),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("mailto:a@example.com", False),
        ("//example.com", False),
        ("https://[::1", False),
        ("/relative/path", False),
    ],
)
def test_only_web_addresses_may_be_opened(url: str, openable: bool) -> None:
    assert is_web_url(url) is openable


def test_bare_links_trim_sentence_punctuation() -> None:
    assert [link.url for link in bare_links("See https://a.example/x. Or https://b.example!")] == [
        "https://a.example/x",
        "https://b.example",
    ]


def test_an_index_cache_from_before_links_still_loads(tmp_path: Path) -> None:
    """The index cache holds `ArticleMeta` only, which links did not change."""
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.md").write_text("# A title\n\n[x](https://x.example) body.\n")
    cache = index_cache_path(tmp_path / "data")
    fresh = load_index([library], cache)
    assert b"links" not in cache.read_bytes() and b"x.example" not in cache.read_bytes()
    quick = cached_index([library], cache)
    assert isinstance(quick, LibraryIndex)
    assert quick.articles == fresh.articles
    assert Article(meta=fresh.articles[0], blocks=()).links == ()


def test_link_offsets_are_body_offsets() -> None:
    article = parse("# T\n\nFirst para.\n\nSecond with [a link](https://x.example).\n", "o.md")
    assert article.links == (Link(25, 31, "https://x.example"),)
    assert article.body[25:31] == "a link"
