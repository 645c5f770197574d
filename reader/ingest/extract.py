"""The article out of a fetched web page: title, byline, date, site and the main text.

The extraction itself (trafilatura, and its output turned into the reader's blocks) lives in
`reader.core.text.page_text`, shared with local HTML files, so what is saved is exactly what the
reader would show for the same page on disk. Here: what the server sent (its content type and
charset), and the refusal of a page with too little prose to be an article (a home page, a list
of links) with `NotAnArticle` rather than saving a pile of menu items.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from reader.core.article import Block, BlockKind
from reader.core.text.clean import squash
from reader.core.text.formats import ParseError
from reader.core.text.html_text import walk_html
from reader.core.text.page_text import drop_title, extract_page, first_heading, has_prose
from reader.core.text.parse import parse_bytes
from reader.core.text.sanitize import sanitize, sanitize_line
from reader.ingest.errors import NotAnArticle

_HTML_TYPES = frozenset({"", "text/html", "application/xhtml+xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})


@dataclass(frozen=True)
class Page:
    """An article as found on the web, ready to be saved."""

    url: str
    title: str
    blocks: tuple[Block, ...]
    byline: str = ""
    date: str | None = None
    site: str = ""

    @property
    def words(self) -> int:
        return sum(len(block.text.split()) for block in self.blocks)


def extract(body: bytes, url: str, content_type: str = "", charset: str | None = None) -> Page:
    """The article in a fetched body; `NotAnArticle` when there is none worth reading."""
    if content_type == "text/plain" or content_type in _MARKDOWN_TYPES:
        return _from_text(body, url, "markdown" if content_type in _MARKDOWN_TYPES else "text")
    if content_type not in _HTML_TYPES:
        raise NotAnArticle(f"not an article: {content_type}")
    found = extract_page(_decoded(body, charset), url)
    if found is None or not has_prose(found.blocks):
        raise NotAnArticle("not an article: no readable text found")
    return Page(
        url=url,
        title=found.title or first_heading(found.blocks) or site_of(url),
        blocks=found.blocks,
        byline=found.byline,
        date=found.date,
        site=found.site or site_of(url),
    )


def from_fragment(
    html: str, url: str, *, title: str, byline: str = "", date: str | None = None, site: str = ""
) -> Page:
    """A page from the full HTML a feed entry carries (already the article: no extraction)."""
    extracted = walk_html(html)
    blocks = drop_title([_safe(block) for block in extracted.blocks], title)
    return Page(
        url=url,
        title=sanitize_line(title) or sanitize_line(extracted.title) or site_of(url),
        blocks=tuple(block for block in blocks if block.text),
        byline=sanitize_line(byline),
        date=date,
        site=sanitize_line(site) or site_of(url),
    )


def site_of(url: str) -> str:
    """The host a page came from, as people write it (no `www.`): the source of last resort."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _safe(block: Block) -> Block:
    text = sanitize(block.text)
    return Block(text if block.kind is BlockKind.CODE else squash(text), block.kind)


def _decoded(body: bytes, charset: str | None) -> str:
    """The page as text: the server's charset wins, else the page's own declaration (or a guess).

    Decoding here rather than in trafilatura lets the whole page be sanitised first, so an
    escape sequence is removed whole instead of leaving its parameters behind as text."""
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    from trafilatura.utils import decode_file  # heavy (lxml): only when a page is decoded

    return str(decode_file(body))


def _from_text(body: bytes, url: str, format: str) -> Page:
    try:
        path = urlsplit(url).path or "page"
        article = parse_bytes(body, path=path, relative_path="", format=format)
    except ParseError as error:
        raise NotAnArticle(f"not an article: {error}") from None
    if article.meta.words == 0:
        raise NotAnArticle("not an article: no readable text found")
    return Page(
        url=url,
        title=article.meta.title,
        blocks=article.blocks,
        byline=article.meta.byline,
        date=article.meta.date,
        site=article.meta.source or site_of(url),
    )
