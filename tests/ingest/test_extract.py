"""Extraction quality on each fixture page: the article, its metadata, and none of the furniture."""

from __future__ import annotations

import pytest

from reader.core.article import BlockKind
from reader.ingest.errors import NotAnArticle
from reader.ingest.extract import Page, extract
from reader.ingest.fetch import fetch
from tests.ingest.pages import HOSTILE_PARAGRAPHS, LONGFORM_HEADINGS, PAGES
from tests.ingest.server import LocalSite


def extracted(site: LocalSite, path: str) -> Page:
    response = fetch(site.url(path))
    return extract(response.body, response.url, response.content_type, response.charset)


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_gives_its_article(site: LocalSite, name: str) -> None:
    expected = PAGES[name]
    page = extracted(site, expected.path)
    assert page.title == expected.title
    assert page.byline == expected.byline
    assert page.date == expected.date
    assert page.site == expected.site
    paragraphs = [block.text for block in page.blocks]
    assert any(text.startswith(expected.first) for text in paragraphs[:3]), paragraphs[:3]
    assert paragraphs[-1].endswith(expected.last), paragraphs[-1]


@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_furniture_survives(site: LocalSite, name: str) -> None:
    expected = PAGES[name]
    text = "\n".join(block.text for block in extracted(site, expected.path).blocks)
    left = [phrase for phrase in expected.boilerplate if phrase in text]
    assert left == []


def test_long_read_keeps_its_subheads_and_pull_quote(site: LocalSite) -> None:
    page = extracted(site, PAGES["longform"].path)
    headings = [block.text for block in page.blocks if block.kind is BlockKind.HEADING]
    assert headings == list(LONGFORM_HEADINGS)
    quotes = [block.text for block in page.blocks if block.kind is BlockKind.QUOTE]
    assert quotes == ["“You don’t keep a light for the ships any more. You keep it for the light.”"]


def test_blog_keeps_lists_code_and_quotes(site: LocalSite) -> None:
    kinds = [block.kind for block in extracted(site, PAGES["blog"].path).blocks]
    assert kinds.count(BlockKind.ITEM) == 3
    assert BlockKind.CODE in kinds and BlockKind.QUOTE in kinds


def test_page_in_windows_1252_is_read_by_its_own_declaration(site: LocalSite) -> None:
    page = extracted(site, PAGES["latin1"].path)
    assert "\ufffd" not in page.title + "".join(block.text for block in page.blocks)


def test_home_page_is_not_an_article(site: LocalSite) -> None:
    with pytest.raises(NotAnArticle, match=r"^not an article: no readable text found$"):
        extracted(site, "/")


def test_terminal_escapes_are_removed_whole(site: LocalSite) -> None:
    page = extracted(site, "/odd/hostile")
    assert page.title == "Totally normal evil title"
    assert page.site == "Odd Site"
    everything = page.title + page.site + "".join(block.text for block in page.blocks)
    assert not any(char in everything for char in "\x1b\x07\u202e\u202c")
    assert "]0;" not in everything and "52;c;" not in everything


def test_markdown_lookalikes_stay_text(site: LocalSite) -> None:
    paragraphs = [block.text for block in extracted(site, "/odd/hostile").blocks]
    for expected in HOSTILE_PARAGRAPHS:
        assert expected in paragraphs


def test_plain_text_page_is_an_article(site: LocalSite) -> None:
    page = extracted(site, "/notes.txt")
    assert page.title == "Tide notes for the week"
    assert page.blocks[-1].text.startswith("On Saturday the tides fall back")


def test_references_to_control_characters_do_not_cost_the_page() -> None:
    # One `&#1;` made the HTML parser refuse the whole page ("not an article").
    para = "<p>" + "The flood barrier held through the night as the river rose. " * 6 + "</p>"
    html = (
        f"<html><head><title>Flood</title></head><body><article><h1>Flood</h1>{para}"
        f"<p>Control &#1; here, &#x1b;[31m red &#27 and &#65; kept.</p>{para}"
        "</article></body></html>"
    )
    page = extract(html.encode(), "http://example.test/a", "text/html", "utf-8")
    text = " ".join(block.text for block in page.blocks)
    assert "Control" in text and "A kept." in text
    assert not any(ord(char) < 32 for char in text)
