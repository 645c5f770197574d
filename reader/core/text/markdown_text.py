"""Markdown to article blocks, parsed by markdown-it (CommonMark, with tables, strikethrough
and footnotes).

Block structure maps to `BlockKind` (headings, block quotes, list items, code, tables); inline
markup becomes styled spans beside plain text (`markdown_blocks`), so emphasis, strong and code
are shown as such while every body offset stays that of the plain text. A YAML-style front
matter block supplies title, date, author, source and the original URL; it is read here rather
than by a plugin so that `---` rules around ordinary text never hide it as metadata.
"""

from __future__ import annotations

import re

from reader.core.article import BlockKind
from reader.core.text.clean import Draft, Extracted, absorb_head_lines, clean_body
from reader.core.text.dates import parse_date
from reader.core.text.sanitize import sanitize, sanitize_line

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)")

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
    from reader.core.text.markdown_blocks import MarkdownBlocks  # markdown-it: on first use

    walker = MarkdownBlocks()
    draft = Draft.of(walker.walk(text))
    draft.links = walker.links
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


def reduce_inline(text: str) -> str:
    """Inline Markdown to the text the reader shows: styles dropped, images as their line."""
    from reader.core.text.markdown_blocks import inline_text

    return inline_text(sanitize(text))
