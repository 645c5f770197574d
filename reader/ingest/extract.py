"""The article out of a web page: title, byline, date, site and the main text, nothing else.

trafilatura does the hard part (finding the main text among navigation, ads, share widgets,
related links and comment sections, and reading the metadata a page carries in `<meta>`,
JSON-LD and bylines); `benchmarks/extractors.py` shows why it was chosen over readability-lxml.
Its output tree is turned here into the reader's own `Block`s, so what is saved is exactly what
the reader will show. Everything that leaves this module is sanitised.

A page with too little prose to be an article (a home page, a list of links) is refused with
`NotAnArticle` rather than saved as a pile of menu items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from reader.core.article import Block, BlockKind
from reader.core.text.clean import squash
from reader.core.text.dates import parse_date
from reader.core.text.formats import ParseError
from reader.core.text.html_text import parse_html
from reader.core.text.parse import parse_bytes
from reader.core.text.sanitize import sanitize, sanitize_line
from reader.ingest.errors import NotAnArticle

#: A page needs at least this many words of prose (in paragraphs of `PROSE_WORDS` words or more)
#: to be an article; menus and link lists are made of short lines.
MIN_ARTICLE_WORDS = 40
PROSE_WORDS = 8

_HTML_TYPES = frozenset({"", "text/html", "application/xhtml+xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
_INLINE_BREAK = "lb"
_SENTENCE = re.compile(r"\w[.!?…。][\"'”’»)]*(?:\s|$)")
#: A numeric character reference (`&#1;`, `&#x1b;`), possibly without its semicolon.
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


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
    import trafilatura  # heavy (lxml, date parsing): loaded only when a page is extracted

    document = trafilatura.bare_extraction(
        _inert_references(sanitize(_decoded(body, charset))),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=True,
        include_links=False,
    )
    tree = getattr(document, "body", None)
    if document is None or tree is None:
        raise NotAnArticle("not an article: no readable text found")
    title = sanitize_line(str(getattr(document, "title", "") or ""))
    blocks = _drop_title(list(blocks_of(tree)), title)
    _require_prose(blocks)
    return Page(
        url=url,
        title=title or _first_heading(blocks) or site_of(url),
        blocks=tuple(blocks),
        byline=sanitize_line(str(getattr(document, "author", "") or "")),
        date=parse_date(str(getattr(document, "date", "") or "")),
        site=sanitize_line(str(getattr(document, "sitename", "") or "")) or site_of(url),
    )


def from_fragment(
    html: str, url: str, *, title: str, byline: str = "", date: str | None = None, site: str = ""
) -> Page:
    """A page from the full HTML a feed entry carries (already the article: no extraction)."""
    extracted = parse_html(html)
    blocks = _drop_title([_safe(block) for block in extracted.blocks], title)
    return Page(
        url=url,
        title=sanitize_line(title) or sanitize_line(extracted.title) or site_of(url),
        blocks=tuple(block for block in blocks if block.text),
        byline=sanitize_line(byline),
        date=date,
        site=sanitize_line(site) or site_of(url),
    )


def _inert_references(html: str) -> str:
    """`html` with references to control characters (`&#1;`, `&#x1b;`) blanked.

    The HTML parser refuses a whole document over one such reference, which turned a page into
    "not an article"; sanitising the text after parsing would be too late for it.
    """

    def blank(match: re.Match[str]) -> str:
        digits = match.group(1) or match.group(2)
        code = int(digits, 16 if match.group(1) else 10)
        allowed = code in (9, 10, 13) or 32 <= code < 127 or 160 <= code <= 0x10FFFF
        return match.group(0) if allowed and not 0xD800 <= code <= 0xDFFF else " "

    return _NUMERIC_REFERENCE.sub(blank, html)


def site_of(url: str) -> str:
    """The host a page came from, as people write it (no `www.`): the source of last resort."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def blocks_of(tree: Any) -> Iterator[Block]:
    """trafilatura's output elements (head, p, quote, list, code, table) as reader blocks."""
    for element in tree:
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        if tag == "head":
            yield from _block(BlockKind.HEADING, _text(element))
        elif tag == "quote":
            paragraphs = [child for child in element if child.tag == "p"]
            for part in paragraphs or [element]:
                yield from _block(BlockKind.QUOTE, _text(part))
        elif tag == "list":
            yield from _items(element)
        elif tag == "code":
            code = sanitize("".join(element.itertext())).strip("\n")
            if code.strip():
                yield Block(code, BlockKind.CODE)
        elif tag == "table":
            for row in element.iter("row"):
                cells = [squash(_text(cell)) for cell in row if isinstance(cell.tag, str)]
                yield from _block(BlockKind.TEXT, " | ".join(cell for cell in cells if cell))
        else:
            yield from _block(BlockKind.TEXT, _text(element))


def _items(element: Any) -> Iterator[Block]:
    for item in element:
        if item.tag != "item":
            continue
        yield from _block(BlockKind.ITEM, _text(item, skip="list"))
        for nested in item:
            if nested.tag == "list":
                yield from _items(nested)


def _text(element: Any, skip: str = "") -> str:
    """The element's words with inline markup dropped; a line break is a space, not a join."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag != skip:
            parts.append(" " if child.tag == _INLINE_BREAK else _text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _block(kind: BlockKind, text: str) -> Iterator[Block]:
    text = squash(sanitize(text))
    if text:
        yield Block(text, kind)


def _safe(block: Block) -> Block:
    text = sanitize(block.text)
    return Block(text if block.kind is BlockKind.CODE else squash(text), block.kind)


def _drop_title(blocks: list[Block], title: str) -> list[Block]:
    """The page's own headline repeated as the first block is already the title."""
    first = blocks[0] if blocks else None
    if first and first.kind is BlockKind.HEADING and first.text.casefold() == title.casefold():
        return blocks[1:]
    return blocks


def _first_heading(blocks: list[Block]) -> str:
    return next((block.text for block in blocks if block.kind is BlockKind.HEADING), "")


def _require_prose(blocks: list[Block]) -> None:
    """Refuse pages without sentences: a menu of links has words, but no full stops."""
    prose = 0
    for block in blocks:
        if block.kind in (BlockKind.TEXT, BlockKind.QUOTE) and _SENTENCE.search(block.text):
            words = len(block.text.split())
            if words >= PROSE_WORDS:
                prose += words
    if prose < MIN_ARTICLE_WORDS:
        raise NotAnArticle("not an article: no readable text found")


def _decoded(body: bytes, charset: str | None) -> str:
    """The page as text: the server's charset wins, else the page's own declaration (or a guess).

    Decoding here rather than in trafilatura lets the whole page be sanitised first, so an
    escape sequence is removed whole instead of leaving its parameters behind as text."""
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except LookupError:
            pass
    from trafilatura.utils import decode_file  # heavy, as above: only when a page is decoded

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
