"""markdown-it's token stream to the reader's blocks: kinds, styled spans, tables, footnotes.

`markdown_text` parses; this walks what it found. Blocks keep their kind (heading, quote, list
item, code, table), inline styles become `Span`s beside plain text (`StyledText`), links are
reported as (text, target) for `links.place_links`, an image becomes a line of its own reading
`[image: alt text]` whose target is its address, and footnotes stay: a reference reads `[1]`
and the notes follow the text as paragraphs starting with `[1]`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from reader.core.article import Block, BlockKind, SpanKind
from reader.core.text.styled import StyledText

_STYLES = {"em": SpanKind.EMPHASIS, "strong": SpanKind.STRONG}
#: Inline token types that only carry markup: their text (if any) is not shown.
_SILENT = frozenset({"html_inline", "s_open", "s_close", "footnote_anchor"})
# Raw HTML blocks keep their text: comments, scripts and styles go, then every tag.
_HTML_NOISE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style)\b.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE
)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
#: The characters that can start inline markup (a line break is a space here either way).
_MARKUP = re.compile(r"[\\`~*_\[\]!<&^]")
_BLANK_LINES = re.compile(r"\n\s*\n")


class _Markdown(MarkdownIt):
    """CommonMark with tables, strikethrough and footnotes; link targets kept as written.

    markdown-it refuses `javascript:` and similar targets by turning the link back into text;
    the reader never opens a link by itself (`links.is_web_url` decides, and asks first), so
    every link stays a link with its target as the author wrote it, shown in `L`.
    """

    def __init__(self) -> None:
        super().__init__("commonmark", {"html": True})
        self.enable(["table", "strikethrough"])
        self.use(footnote_plugin)
        self.core.ruler.at("inline", _inline_rule)

    def validateLink(self, url: str) -> bool:  # markdown-it names it so
        return True

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link


def _inline_rule(state: StateCore) -> None:
    """markdown-it's inline pass, without its cost for text with no inline markup at all: most
    paragraphs of prose, which come out as one text token either way."""
    for token in state.tokens:
        if token.type == "inline":
            if _MARKUP.search(token.content) is None:
                token.children = [Token("text", "", 0, content=token.content)]
            else:
                token.children = token.children or []
                state.md.inline.parse(token.content, state.md, state.env, token.children)


@cache
def _markdown() -> _Markdown:
    """One parser for the process, built on first use."""
    return _Markdown()


def inline_text(markdown: str) -> str:
    """Inline Markdown to the text the reader shows: styles dropped, images as their line."""
    tokens = _markdown().parseInline(markdown)
    return MarkdownBlocks().text_of(tokens[0].children or []) if tokens else ""


def image_line(alt: str) -> str:
    """What an image is in the text: a line saying so, with its description when it has one."""
    alt = " ".join(alt.split())
    return f"[image: {alt}]" if alt else "[image]"


class MarkdownBlocks:
    """Walks the tokens of one document into blocks and links, in document order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.links: list[tuple[str, str]] = []
        self._text = StyledText()
        self._containers: list[BlockKind] = []  # open quotes and list items, innermost last
        self._item_started: list[bool] = []  # per open list item: its first paragraph is out
        self._link_starts: list[tuple[str, int]] = []  # open links: target, where text began
        self._heading = False
        self._note_prefix = ""
        self._in_table = False
        self._rows = 0  # rows of the open table so far
        self._row_cells = 0  # cells of its open row so far

    def walk(self, markdown: str) -> list[Block]:
        """The blocks of a whole document (front matter already taken off)."""
        for token in _markdown().parse(markdown):
            self._block_token(token)
        return self.blocks

    def _block_token(self, token: Token) -> None:
        kind = token.type
        if kind == "inline":
            self._inline_block(token)
        elif kind in ("blockquote_open", "list_item_open"):
            self._containers.append(
                BlockKind.QUOTE if kind == "blockquote_open" else BlockKind.ITEM
            )
            self._item_started.append(False)
        elif kind in ("blockquote_close", "list_item_close"):
            self._containers.pop()
            self._item_started.pop()
        elif kind == "heading_open":
            self._heading = True
        elif kind in ("fence", "code_block"):
            code = token.content.strip("\n")
            if code.strip():
                self.blocks.append(Block(code, BlockKind.CODE))
        elif kind == "html_block":
            self._raw_html(token.content)
        elif kind == "footnote_open":
            self._note_prefix = f"[{int(token.meta.get('id', 0)) + 1}] "
        elif kind.startswith(("table_", "tr_", "th_", "td_")):
            self._table_token(kind)

    def _paragraph_kind(self) -> BlockKind:
        if self._heading:
            return BlockKind.HEADING
        if not self._containers:
            return BlockKind.TEXT
        kind = self._containers[-1]
        if kind is BlockKind.ITEM and self._item_started[-1]:
            return BlockKind.TEXT  # a later paragraph of the same item: no second bullet
        return kind

    def _inline_block(self, token: Token) -> None:
        if self._in_table:  # inside a table: the cell's text joins the table's block
            self._inline(token.children or [], split_images=False)
            return
        kind = self._paragraph_kind()
        if self._note_prefix:
            self._text.add(self._note_prefix)
            self._note_prefix = ""
        self._inline(token.children or [], split_images=kind is not BlockKind.HEADING, kind=kind)
        self._finish(kind)
        if self._containers:
            self._item_started[-1] = True
        self._heading = False

    def _finish(self, kind: BlockKind) -> None:
        block = self._text.block(kind)
        if block is not None:
            self.blocks.append(block)

    def _inline(
        self, children: Sequence[Token], *, split_images: bool, kind: BlockKind = BlockKind.TEXT
    ) -> None:
        text = self._text
        for child in children:
            name = child.type
            if name in ("text", "text_special"):
                text.add(child.content)
            elif name in ("softbreak", "hardbreak"):
                text.add(" ")
            elif name == "code_inline":
                text.open(SpanKind.CODE)
                text.add(child.content)
                text.close(SpanKind.CODE)
            elif name.endswith("_open") and child.tag in ("em", "strong", "a"):
                self._open_style(child)
            elif name.endswith("_close") and child.tag in ("em", "strong", "a"):
                self._close_style(child)
            elif name == "image":
                self._image(child, split_images, kind)
            elif name == "footnote_ref":
                text.add(f"[{int(child.meta.get('id', 0)) + 1}]")
            elif name not in _SILENT:
                text.add(child.content)

    def _open_style(self, token: Token) -> None:
        if token.tag == "a":
            self._link_starts.append((str(token.attrs.get("href") or ""), self._text.length))
            self._text.open(SpanKind.LINK)
        else:
            self._text.open(_STYLES[token.tag])

    def _close_style(self, token: Token) -> None:
        if token.tag != "a":
            self._text.close(_STYLES[token.tag])
            return
        self._text.close(SpanKind.LINK)
        if self._link_starts:
            href, start = self._link_starts.pop()
            shown = self._text.since(start).strip()
            if href and shown:
                self.links.append((shown, href))

    def _image(self, token: Token, split: bool, kind: BlockKind) -> None:
        line = image_line(MarkdownBlocks().text_of(token.children or []))
        src = str(token.attrs.get("src") or "")
        if split and not self._link_starts:  # an image inside a link stays inside it
            self._finish(kind)
            self._text.add(line)
            self._finish(BlockKind.TEXT if kind is BlockKind.HEADING else kind)
        else:
            self._text.add(line)
        if src:
            self.links.append((line, src))

    def _table_token(self, kind: str) -> None:
        if kind == "table_open":
            self._finish(self._paragraph_kind())
            self._in_table = True
            self._rows = 0
        elif kind == "tr_open":
            if self._rows:
                self._text.separator("\n")
            self._rows += 1
            self._row_cells = 0
        elif kind in ("th_open", "td_open"):
            if self._row_cells:
                self._text.separator("\t")
            self._row_cells += 1
        elif kind == "table_close":
            self._in_table = False
            self._finish(BlockKind.TABLE)

    def text_of(self, children: Sequence[Token]) -> str:
        """The text of inline tokens with every style dropped (an image's description)."""
        self._inline(children, split_images=False)
        return self._text.since(0)

    def _raw_html(self, content: str) -> None:
        """An HTML block keeps its words, a paragraph per blank-line-separated part."""
        text = html.unescape(_HTML_TAG.sub(" ", _HTML_NOISE.sub(" ", content)))
        for part in _BLANK_LINES.split(text):
            self._text.add(part)
            self._finish(self._paragraph_kind())
