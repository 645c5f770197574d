"""HTML to article blocks: trafilatura's extraction first, our own walk of the page after it.

A page saved to a folder is read like a page fetched by `reader add`: `page_text` (trafilatura)
finds the article among cookie banners, teasers, menus and comments, with its styles and tables.
When it finds no article there (a fragment, a short page, a list of links, or a page it cannot
read), the page is walked here with the standard library's forgiving `html.parser`.

Saved pages are rarely valid HTML, so the walker keeps a simple stack of open elements and
closes whatever an end tag implies. Page furniture is dropped by element (`script`, `nav`,
`footer`, `aside`...), figure captions are kept aside as removed text, and the remaining text is
grouped into blocks at block-level elements. Either way, the shared `clean_body` rules then
handle the debris that pages put into ordinary paragraphs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.article import Block, BlockKind
from reader.core.text.clean import Draft, Extracted, absorb_head_lines, clean_body, squash
from reader.core.text.dates import parse_date
from reader.core.text.rules import split_site_suffix
from reader.core.text.sanitize import sanitize, sanitize_line

_DROPPED = frozenset(
    {
        "script",
        "style",
        "nav",
        "footer",
        "aside",
        "noscript",
        "template",
        "svg",
        "math",
        "form",
        "button",
        "iframe",
        "select",
        "object",
        "canvas",
        "dialog",
        "menu",
        "head",
    }
)
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_BLOCK_LEVEL = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
# The innermost of these open elements decides what kind of block its text becomes.
_KINDS: dict[str, BlockKind | None] = {
    "pre": BlockKind.CODE,
    "figure": None,
    "figcaption": None,
    **{f"h{level}": BlockKind.HEADING for level in range(1, 7)},
    "li": BlockKind.ITEM,
    "dt": BlockKind.ITEM,
    "blockquote": BlockKind.QUOTE,
}
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "citation_publication_date",
    "publish-date",
    "pubdate",
    "sailthru.date",
)
_FIGURE = ("figure", "figcaption")
_SITE_META = ("og:site_name", "application-name")
_AUTHOR_META = ("author", "article:author", "dc.creator", "citation_author", "byl")
# <br> inside a paragraph; two in a row split it. NUL cannot occur in sanitised text (and
# character references never decode to it), so the marker cannot collide with content.
_BREAK = "\x00"
_PARAGRAPH_BREAK = re.compile(f"{_BREAK}\\s*{_BREAK}")


def parse_html(html: str) -> Extracted:
    """An article from an HTML page: trafilatura's when it finds one, else the walker's."""
    from reader.core.text.page_text import (
        MIN_ARTICLE_WORDS,
        extract_page,
        first_heading,
        has_prose,
    )

    page = None
    if len(html.split(None, MIN_ARTICLE_WORDS)) > MIN_ARTICLE_WORDS:  # else too short anyway
        try:
            page = extract_page(html, local=True)
        except Exception:  # a library failing on a hostile page must not cost the file
            page = None
    if page is None or not has_prose(page.blocks):
        return walk_html(html)
    draft = Draft.of(page.blocks)
    draft.links = list(page.links)
    draft.title = page.title or first_heading(page.blocks)
    draft.byline = page.byline
    draft.date = page.date
    draft.offer_source(page.site)
    absorb_head_lines(draft)
    clean_body(draft)
    return draft.finish()


def walk_html(html: str) -> Extracted:
    """An article from an HTML page by our own walk: metadata from <head>, blocks from the body."""
    walker = _Walker()
    walker.feed(html)  # sanitised piece by piece: a broken sequence only damages its own text
    walker.close()
    walker.flush()

    draft = Draft()
    for pos, (kind, text) in enumerate(walker.chunks):
        if kind is None:
            draft.drop(pos, text)
        else:
            draft.items.append((pos, Block(text, kind)))

    draft.links = walker.links
    meta = walker.meta
    raw_title = sanitize_line(meta.get("og:title") or " ".join(walker.title_parts))
    headline, suffix_site = split_site_suffix(raw_title)
    site = _first(meta, _SITE_META)
    if site and headline == raw_title:
        headline = _strip_known_site(raw_title, site)
    h1 = walker.first_h1
    if h1 and (not headline or h1.casefold() in raw_title.casefold()):
        headline = h1
    draft.title = headline or h1
    draft.offer_source(site)
    draft.offer_source(suffix_site)
    author = _first(meta, _AUTHOR_META)
    if author and "://" not in author:
        draft.byline = author
    draft.date = parse_date(_first(meta, _DATE_META)) or parse_date(walker.first_time)

    for index, (_, block) in enumerate(draft.items[:3]):
        if block.kind is BlockKind.HEADING and block.text.casefold() == draft.title.casefold():
            del draft.items[index]
            break
    absorb_head_lines(draft)
    clean_body(draft)
    return draft.finish()


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[key] for key in keys if meta.get(key)), "")


def _strip_known_site(title: str, site: str) -> str:
    """Drop `site` from either end of `title` when a separator sets it off."""
    pattern = re.compile(
        rf"^\s*{re.escape(site)}\s*[|:·•»–—-]\s*|\s*[|:·•»–—-]\s*{re.escape(site)}\s*$",
        re.IGNORECASE,
    )
    return pattern.sub("", title).strip() or title


class _Walker(HTMLParser):
    """Collects (kind, text) chunks in document order; kind None marks a figure caption."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.dropped_depth = 0
        self.buffer: list[str] = []
        self.chunks: list[tuple[BlockKind | None, str]] = []
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.first_h1 = ""
        self.first_time = ""
        self.links: list[tuple[str, str]] = []
        self._link: tuple[str, list[str]] | None = None  # href and text of the open <a>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag, dict(attrs))
            return
        if tag == "body" and "head" in self.stack:
            self.handle_endtag("head")  # an unclosed <head> must not swallow the page
        if tag in _BLOCK_LEVEL:
            self.flush()
        self.stack.append(tag)
        if tag in _DROPPED:
            self.dropped_depth += 1
        if tag == "a":
            self._end_link()
            href = dict(attrs).get("href")
            if href and not self.dropped_depth:
                self._link = (href, [])
        # A page's first <time> is its date, unless it belongs to a caption or page furniture.
        if tag == "time" and not (self.first_time or self.dropped_depth or self._inside(_FIGURE)):
            self.first_time = sanitize_line(dict(attrs).get("datetime") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        if tag in _BLOCK_LEVEL:
            self.flush()
        while self.stack:
            closed = self.stack.pop()
            if closed in _DROPPED:
                self.dropped_depth -= 1
            if closed == "a":
                self._end_link()
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title" and not self._inside(("body", "svg")):
            self.title_parts.append(data)
        elif not self.dropped_depth:
            self.buffer.append(sanitize(data))  # before the break markers join the buffer
            if self._link is not None:
                self._link[1].append(data)

    def _end_link(self) -> None:
        """An <a> closed (or another opened): its text and target are a link of the page."""
        if self._link is not None:
            href, parts = self._link
            self._link = None
            text = sanitize_line("".join(parts))
            if text:
                self.links.append((text, href))

    def close(self) -> None:
        super().close()
        self._end_link()

    def _void(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "br" and not self.dropped_depth:
            self.buffer.append("\n" if self._inside(("pre",)) else _BREAK)
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
            value = sanitize_line(attrs.get("content") or "")
            if key and value:
                self.meta.setdefault(key.casefold(), value)

    def _inside(self, tags: tuple[str, ...]) -> bool:
        return any(tag in self.stack for tag in tags)

    def flush(self) -> None:
        """Turn the text gathered since the last block boundary into chunks."""
        if not self.buffer:
            return
        text = "".join(self.buffer)
        self.buffer.clear()
        kind: BlockKind | None = BlockKind.TEXT
        for tag in reversed(self.stack):
            if tag in _KINDS:
                kind = _KINDS[tag]
                break
        if kind is BlockKind.CODE:
            code = text.strip("\n").rstrip()
            if code.strip():
                self.chunks.append((kind, code))
            return
        for part in _PARAGRAPH_BREAK.split(text):
            paragraph = squash(part.replace(_BREAK, " "))
            if not paragraph:
                continue
            if kind is BlockKind.HEADING and not self.first_h1 and "h1" in self.stack:
                self.first_h1 = paragraph
            self.chunks.append((kind, paragraph))
