"""The article in a web page, found by trafilatura: one path for saved pages and local HTML files.

trafilatura does the hard part (finding the main text among navigation, ads, share widgets,
cookie banners, related links and comment sections, and reading the metadata a page carries in
`<meta>`, JSON-LD and bylines); `benchmarks/extractors.py` shows why it was chosen over
readability-lxml. Its output tree is turned here into the reader's own `Block`s, styles as spans
(`StyledText`), tables as table blocks, so a page fetched by `reader add` and a page saved to a
folder read the same. Everything that leaves this module is sanitised.

A page is an article when it has prose (`has_prose`); a home page or a list of links is not,
which `reader add` refuses and the HTML parser answers with its own walk of the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from reader.core.article import Block, BlockKind, SpanKind
from reader.core.text.clean import squash
from reader.core.text.dates import parse_date
from reader.core.text.sanitize import sanitize, sanitize_line
from reader.core.text.styled import StyledText

#: A page needs at least this many words of prose (in paragraphs of `PROSE_WORDS` words or more)
#: to be an article; menus and link lists are made of short lines.
MIN_ARTICLE_WORDS = 40
PROSE_WORDS = 8

_INLINE_BREAK = "lb"
#: trafilatura's `rend` of a `hi` element, to the style it is drawn in.
_RENDS = {"#b": SpanKind.STRONG, "#i": SpanKind.EMPHASIS, "#t": SpanKind.CODE}
_SENTENCE = re.compile(r"\w[.!?…。][\"'”’»)]*(?:\s|$)")
#: A numeric character reference (`&#1;`, `&#x1b;`), possibly without its semicolon.
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


@dataclass(frozen=True)
class PageText:
    """What trafilatura found in a page: metadata, blocks and (text, target) links."""

    title: str
    blocks: tuple[Block, ...]
    byline: str = ""
    date: str | None = None
    site: str = ""
    links: tuple[tuple[str, str], ...] = ()


def extract_page(html: str, url: str = "", *, local: bool = False) -> PageText | None:
    """The main text of `html` (already decoded), or None when trafilatura finds none.

    A `local` file keeps its links (`L` lists them; a page saved by `reader add` is written as
    Markdown without them) and has its date read from its markup only: the extensive search
    through the whole text took seconds on a saved page of several MB, on every opening.
    """
    import trafilatura  # heavy (lxml, date parsing): loaded only when a page is extracted

    document = trafilatura.bare_extraction(
        inert_references(sanitize(html)),
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=True,
        include_links=local,
        date_extraction_params={"extensive_search": False} if local else None,
    )
    tree = getattr(document, "body", None)
    if document is None or tree is None:
        return None
    found: list[tuple[str, str]] = []
    title = sanitize_line(str(getattr(document, "title", "") or ""))
    return PageText(
        title=title,
        blocks=tuple(drop_title(list(blocks_of(tree, found)), title)),
        byline=sanitize_line(str(getattr(document, "author", "") or "")),
        date=parse_date(str(getattr(document, "date", "") or "")),
        site=sanitize_line(str(getattr(document, "sitename", "") or "")),
        links=tuple(found),
    )


def inert_references(html: str) -> str:
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


def blocks_of(tree: Any, links: list[tuple[str, str]] | None = None) -> Iterator[Block]:
    """trafilatura's output elements (head, p, quote, list, code, table) as reader blocks;
    the (text, target) of each link found is appended to `links`."""
    inline = _Inline(links if links is not None else [])
    for element in tree:
        tag = element.tag
        if not isinstance(tag, str):  # comments and processing instructions
            continue
        if tag == "head":
            yield from inline.block(element, BlockKind.HEADING)
        elif tag == "quote":
            paragraphs = [child for child in element if child.tag == "p"]
            for part in paragraphs or [element]:
                yield from inline.block(part, BlockKind.QUOTE)
        elif tag == "list":
            yield from _items(element, inline)
        elif tag == "code":
            code = sanitize("".join(element.itertext())).strip("\n")
            if code.strip():
                yield Block(code, BlockKind.CODE)
        elif tag == "table":
            yield from inline.table(element)
        else:
            yield from inline.block(element, BlockKind.TEXT)


def _items(element: Any, inline: _Inline) -> Iterator[Block]:
    for item in element:
        if item.tag != "item":
            continue
        yield from inline.block(item, BlockKind.ITEM, skip="list")
        for nested in item:
            if nested.tag == "list":
                yield from _items(nested, inline)


class _Inline:
    """An element's words with their styles (`hi`, inline `code`, `ref`) as spans."""

    def __init__(self, links: list[tuple[str, str]]) -> None:
        self.links = links
        self.text = StyledText()

    def block(self, element: Any, kind: BlockKind, skip: str = "") -> Iterator[Block]:
        self._walk(element, skip)
        block = self.text.block(kind)
        if block is not None:
            yield block

    def table(self, element: Any) -> Iterator[Block]:
        """Rows on lines, cells between tabs, every row as wide as the widest."""
        rows = [[cell for cell in row if isinstance(cell.tag, str)] for row in element.iter("row")]
        width = max((len(cells) for cells in rows), default=0)
        for index, cells in enumerate(row for row in rows if row):
            if index:
                self.text.separator("\n")
            for column in range(width):
                if column:
                    self.text.separator("\t")
                if column < len(cells):
                    self._walk(cells[column], "")
        block = self.text.block(BlockKind.TABLE)
        if block is not None:
            yield block

    def _walk(self, element: Any, skip: str) -> None:
        self.text.add(element.text or "")
        for child in element:
            tag = child.tag
            if isinstance(tag, str) and tag != skip:
                if tag == _INLINE_BREAK:
                    self.text.add(" ")
                else:
                    self._styled(child, skip)
            self.text.add(child.tail or "")

    def _styled(self, element: Any, skip: str) -> None:
        tag = element.tag
        kind = _RENDS.get(element.get("rend", "")) if tag == "hi" else None
        if tag == "code":
            kind = SpanKind.CODE
        elif tag == "ref":
            kind = SpanKind.LINK
        start = self.text.length
        if kind is not None:
            self.text.open(kind)
        self._walk(element, skip)
        if kind is not None:
            self.text.close(kind)
        target = element.get("target") if tag == "ref" else None
        shown = squash(self.text.since(start))
        if target and shown:
            self.links.append((shown, target))


def drop_title(blocks: list[Block], title: str) -> list[Block]:
    """The page's own headline repeated as the first block is already the title."""
    first = blocks[0] if blocks else None
    if first and first.kind is BlockKind.HEADING and first.text.casefold() == title.casefold():
        return blocks[1:]
    return blocks


def first_heading(blocks: list[Block] | tuple[Block, ...]) -> str:
    return next((block.text for block in blocks if block.kind is BlockKind.HEADING), "")


def has_prose(blocks: list[Block] | tuple[Block, ...]) -> bool:
    """Whether there are sentences to read: a menu of links has words, but no full stops."""
    prose = 0
    for block in blocks:
        if block.kind in (BlockKind.TEXT, BlockKind.QUOTE) and _SENTENCE.search(block.text):
            words = len(block.text.split())
            if words >= PROSE_WORDS:
                prose += words
    return prose >= MIN_ARTICLE_WORDS
