"""Markdown to article blocks: enough of CommonMark for articles, reduced to plain text.

The reader shows plain text with block kinds, so inline markup (emphasis, links, code spans) is
reduced to its text rather than rendered; links keep their text and lose their target. Block
structure maps to `BlockKind`: headings, block quotes, list items and code (fenced or indented).
A YAML-style front matter block supplies title, date, author, source and the original URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.core.article import Block, BlockKind
from reader.core.text.clean import Draft, Extracted, absorb_head_lines, clean_body, squash
from reader.core.text.dates import parse_date
from reader.core.text.sanitize import sanitize, sanitize_line

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)")
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})[^`]*")
_ATX = re.compile(r" {0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(?P<line>=+|-+)[ \t]*")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})")
_QUOTE = re.compile(r" {0,3}> ?")
_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:\s*\S+.*")
_INDENTED = re.compile(r"(?: {4}|\t)")

_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)")
_ESCAPE = re.compile(r"\\(?P<char>[!-/:-@\[-`{-~])")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<url>(?:[^()\s]|\([^()]*\))*)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)"
)
_REF_LINK = re.compile(r"\[(?P<ref_text>[^\]]+)\]\[(?P<label>[^\]]*)\]")
# Both link forms in one pass, so links are found in the order they are written.
_ANY_LINK = re.compile(f"{_LINK.pattern}|{_REF_LINK.pattern}")
_DEFINITION = re.compile(r" {0,3}\[(?P<label>[^\]]+)\]:\s*<?(?P<url>[^\s>]+)")
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>\n]*>")
_EMPHASIS = (
    re.compile(r"(\*\*\*|___)(?=\S)(?P<text>.+?)(?<=\S)\1"),
    re.compile(r"(\*\*|__)(?=\S)(?P<text>.+?)(?<=\S)\1"),
    re.compile(r"(?<![\w*])\*(?=\S)(?P<text>.+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=\S)(?P<text>.+?)(?<=\S)_(?![\w_])"),
    re.compile(r"~~(?=\S)(?P<text>.+?)(?<=\S)~~"),
)
# Protected spans (code, escaped characters) are parked behind NUL-delimited indices while the
# other rules run; sanitised input has no NUL, so the markers cannot collide with text.
_PARKED = re.compile(r"\x00(?P<index>\d+)\x00")

_TITLE_KEYS = ("title",)
_DATE_KEYS = ("date", "published", "pubdate", "publishdate", "created")
_AUTHOR_KEYS = ("author", "authors", "byline")
_SOURCE_KEYS = ("source", "site", "publisher", "site_name")
_URL_KEYS = ("url", "link", "canonical")


def parse_markdown(markdown: str) -> Extracted:
    """An article from Markdown; the first heading is the title when front matter has none."""
    text = sanitize(markdown)
    fields: dict[str, str] = {}
    front = _FRONT_MATTER.match(text)
    parsed = _front_matter(front["body"] or "") if front else None
    if front and parsed is not None:
        fields = parsed
        text = text[front.end() :]
    lines = text.split("\n")
    parser = _Blocks(lines, _definitions(lines) if "]:" in text else {})
    blocks = parser.parse()

    draft = Draft.of(blocks)
    draft.links = parser.links
    draft.title = _field(fields, _TITLE_KEYS)
    draft.byline = _field(fields, _AUTHOR_KEYS)
    draft.offer_source(_field(fields, _SOURCE_KEYS))
    draft.date = parse_date(_field(fields, _DATE_KEYS))
    draft.url = _field(fields, _URL_KEYS)
    if draft.items and draft.items[0][1].kind is BlockKind.HEADING:
        first = draft.items[0][1].text
        if not draft.title or first.casefold() == draft.title.casefold():
            draft.title = draft.title or first
            del draft.items[0]
    absorb_head_lines(draft)
    clean_body(draft)
    return draft.finish()


def _front_matter(body: str) -> dict[str, str] | None:
    """Top-level `key: value` pairs; a key with an empty value takes its first list item.

    None when a top-level line is not a field: then the `---` lines were horizontal rules
    around ordinary text, which must not disappear into metadata.
    """
    fields: dict[str, str] = {}
    pending = ""
    for line in body.split("\n"):
        match = _FIELD.fullmatch(line)
        if match:
            pending = match["key"].casefold()
            fields.setdefault(pending, _unquote(match["value"]))
        elif line.strip() and not line[:1].isspace() and not line.startswith(("- ", "#")):
            return None
        elif pending and not fields.get(pending) and line.lstrip().startswith("- "):
            fields[pending] = _unquote(line.lstrip()[2:])
    return fields


def _unquote(value: str) -> str:
    value = value.strip()
    if value[:1] == "[" and value[-1:] == "]":  # flow list: the first entry
        value = value[1:-1].split(",")[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return sanitize_line(value)


def _field(fields: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((fields[key] for key in keys if fields.get(key)), "")


def _definitions(lines: list[str]) -> dict[str, str]:
    """Reference-link definitions (`[label]: url`), by case-folded label; the first one wins."""
    found: dict[str, str] = {}
    for line in lines:
        match = _DEFINITION.match(line)
        if match:
            found.setdefault(match["label"].casefold(), match["url"])
    return found


class _Blocks:
    """A line-by-line block parser: one pass, one open paragraph at a time."""

    def __init__(self, lines: list[str], references: dict[str, str] | None = None) -> None:
        self.lines = lines
        self.references = references or {}
        self.links: list[tuple[str, str]] = []
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.kind = BlockKind.TEXT

    def parse(self) -> list[Block]:
        index = 0
        while index < len(self.lines):
            index = self._step(index)
        self._close()
        return self.blocks

    def _step(self, index: int) -> int:
        line = self.lines[index]
        fence = _FENCE.fullmatch(line)
        if fence:
            return self._fenced(index, fence["fence"])
        if not line.strip():
            self._close()
            return index + 1
        setext = _SETEXT.fullmatch(line)
        if setext and self.paragraph and self.kind is BlockKind.TEXT:
            self.kind = BlockKind.HEADING
            self._close()
            return index + 1
        if _RULE.fullmatch(line) or _REFERENCE.fullmatch(line):
            self._close()
            return index + 1
        heading = _ATX.fullmatch(line)
        if heading:
            self._close()
            self._emit(BlockKind.HEADING, heading["text"] or "")
            return index + 1
        quote = _QUOTE.match(line)
        if quote:
            if self.kind is not BlockKind.QUOTE:
                self._close()
            rest = line[quote.end() :]
            if rest.strip():
                self.kind = BlockKind.QUOTE
                self.paragraph.append(rest)
            else:
                self._close()
            return index + 1
        item = _ITEM.match(line)
        if item:
            self._close()
            self.kind = BlockKind.ITEM
            self.paragraph.append(line[item.end() :])
            return index + 1
        if not self.paragraph and _INDENTED.match(line):
            return self._indented(index)
        self.paragraph.append(line)
        return index + 1

    def _fenced(self, index: int, fence: str) -> int:
        self._close()
        closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        end = index + 1
        while end < len(self.lines) and not closing.fullmatch(self.lines[end]):
            end += 1
        code = "\n".join(self.lines[index + 1 : end]).strip("\n")
        if code.strip():
            self.blocks.append(Block(code, BlockKind.CODE))
        return end + 1

    def _indented(self, index: int) -> int:
        end = index
        while end < len(self.lines) and (
            _INDENTED.match(self.lines[end]) or not self.lines[end].strip()
        ):
            end += 1
        code = "\n".join(_dedent(line) for line in self.lines[index:end]).strip("\n")
        self.blocks.append(Block(code, BlockKind.CODE))
        return end

    def _close(self) -> None:
        if self.paragraph:
            self._emit(self.kind, " ".join(line.strip() for line in self.paragraph))
        self.paragraph = []
        self.kind = BlockKind.TEXT

    def _emit(self, kind: BlockKind, text: str) -> None:
        plain = squash(reduce_inline(text, self.links, self.references))
        if plain:
            self.blocks.append(Block(plain, kind))


def _dedent(line: str) -> str:
    return line[1:] if line.startswith("\t") else line[4:]


def reduce_inline(
    text: str,
    links: list[tuple[str, str]] | None = None,
    references: dict[str, str] | None = None,
) -> str:
    """Inline Markdown to its text: code spans verbatim, links to their text, emphasis dropped.

    With `links`, each link's (text as shown, target) is appended to it; `references` resolves
    reference links (`[text][label]`) to their definitions.
    """
    parked: list[str] = []

    def park(value: str) -> str:
        parked.append(value)
        return f"\x00{len(parked) - 1}\x00"

    found: list[tuple[str, str]] = []

    # Each rule only runs when its trigger character is present: most prose has none of them.
    if "`" in text:
        text = _CODE_SPAN.sub(lambda match: park(match["code"].strip() or match["code"]), text)
    if "\\" in text:
        text = _ESCAPE.sub(lambda match: park(match["char"]), text)
    if "[" in text:
        refs = references or {}
        text = _IMAGE.sub("", text)
        text = _ANY_LINK.sub(lambda match: _link(match, refs, found), text)
    text = _reduce_rest(text, park, found)
    if links is not None:
        # A link's text went through the same later rules as the paragraph around it.
        for shown, target in found:
            links.append((_unpark(_reduce_rest(shown, park, []), parked), target))
    return _unpark(text, parked)


def _link(match: re.Match[str], references: dict[str, str], found: list[tuple[str, str]]) -> str:
    """A link becomes its text; its target (resolved if it is a reference) is noted in `found`."""
    if match["ref_text"] is not None:
        shown = match["ref_text"]
        target = references.get((match["label"] or shown).casefold())
        if target is None:  # not a reference link after all: "[bold][/]" is text
            return match.group()
    else:
        shown, target = match["text"], match["url"]
    if target:
        found.append((shown, target))
    return shown


def _reduce_rest(text: str, park: Callable[[str], str], found: list[tuple[str, str]]) -> str:
    """The rules after links: autolinks (which are links too), inline HTML, emphasis."""
    if "<" in text:

        def autolink(match: re.Match[str]) -> str:
            found.append((match["url"], match["url"]))
            return park(match["url"])

        text = _AUTOLINK.sub(autolink, text)
        text = _HTML_TAG.sub("", text)
    if "*" in text or "_" in text or "~" in text:
        for pattern in _EMPHASIS:
            text = pattern.sub(lambda match: match["text"], text)
    return text


def _unpark(text: str, parked: list[str]) -> str:
    if not parked or "\x00" not in text:
        return text
    return _PARKED.sub(lambda match: parked[int(match["index"])], text)
