"""Turning saved web pages into articles: generic heuristics for the debris they carry.

Files in a reading library are mostly copy-pasted or scraped web pages. Around the article they
carry a site suffix on the title, photo captions with credits, section labels, comment-section
leftovers and site blurbs. The rules here remove that debris using signals that generalise
(a credit marker, a full-line date, a known comment-section phrase in the tail) rather than
per-site patterns, and they err on the side of keeping text: anything removed is kept in
`Extracted.removed`, and the untouched file is always one keypress away. The passes here decide
order and context; what a single paragraph is (a caption, a byline, a tail marker, a date) is
answered by `textrules` and `dates`.

The per-format front ends (`clean_text` here, `html_text`, `markdown_text`) build a `Draft`
and share `clean_body` for the debris rules that apply to any format.
"""

from __future__ import annotations

import re
from functools import cache

from reader.core.article import Block, BlockKind
from reader.core.text.dates import date_from_line, parse_date
from reader.core.text.draft import Draft, Extracted
from reader.core.text.furniture import drop_furniture, repeats_byline
from reader.core.text.rules import (
    byline_of,
    is_caption,
    is_section_label,
    is_subheading,
    is_tail_marker,
    looks_like_headline,
    site_blurb,
    split_credit,
    split_site_suffix,
    title_from_caption,
)
from reader.core.text.sanitize import sanitize

__all__ = [
    "Draft",
    "Extracted",
    "absorb_head_lines",
    "clean_body",
    "clean_text",
    "dateline_agency",
    "is_blank_line",
    "split_paragraphs",
    "squash",
    "take_title",
]
# The paragraph classifiers used to live here; they stay importable from here.
__all__ += [
    "byline_of",
    "date_from_line",
    "is_caption",
    "is_section_label",
    "is_subheading",
    "is_tail_marker",
    "parse_date",
    "site_blurb",
    "split_credit",
    "split_site_suffix",
    "title_from_caption",
]


# The patterns are compiled on first use, not at import: importing the parser is on the start-up
# path, and compiling every pattern of the cleaning rules costs more than the rest of the import.


@cache
def _list_line() -> re.Pattern[str]:
    return re.compile(r"\s*(?:[-*•+]|\d{1,3}[.)])\s")


@cache
def _dateline() -> re.Pattern[str]:
    return re.compile(
        r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40})?\s*"
        r"\((?P<agency>[A-Z][\w.&' -]{0,30})\)\s*[-–—]"
    )


@cache
def _any_quote() -> re.Pattern[str]:
    return re.compile('["“”„«»]')


_OPENING_QUOTES = '"“„«'
#: Hard-wrapped text never has longer lines than this; longer lines mean "one line, one paragraph".
WRAP_WIDTH = 100
#: Every character `str.isspace` accepts (the same set in every Python since 3.4), written out
#: because finding them by testing each code point took longer than the rest of the import;
#: plus the zero-width characters that pasted text carries at paragraph edges.
_EDGE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u2060\ufeff"
)


def is_blank_line(line: str) -> bool:
    """Whether `split_paragraphs` takes `line` (without its newline) for a paragraph break: it
    holds nothing but white space and zero-width characters."""
    return not line.strip(_EDGE_SPACE)


def split_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs.

    Blank lines (including lines of only NBSPs or zero-width spaces) always separate paragraphs.
    Within a run of non-blank lines, single newlines are paragraph breaks too (pasted web text
    often has one paragraph per line), unless the run looks hard-wrapped: all lines short, and
    all but the last of similar length, as an editor wrapping at a fixed column leaves them.
    """
    paragraphs: list[str] = []
    run: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip(_EDGE_SPACE):  # not a blank line (`is_blank_line`)
            run.append(line)
            continue
        if not run:
            continue
        if len(run) > 1 and _hard_wrapped(run):
            paragraphs.append(squash(" ".join(run)))
        else:
            paragraphs.extend(squash(line) for line in run)
        run = []
    return [paragraph for paragraph in paragraphs if paragraph]


def _hard_wrapped(lines: list[str]) -> bool:
    widths = [len(line.rstrip()) for line in lines]
    longest = max(widths)
    if longest > WRAP_WIDTH or any(map(_list_line().match, lines[1:])):
        return False
    return all(width >= longest * 0.6 for width in widths[:-1])


def squash(text: str) -> str:
    """Fold every whitespace run (tabs, newlines, NBSPs: pasted pages are full of them) to one
    plain space and trim, zero-width spaces included at the edges.

    Paragraph text is re-wrapped by the reader anyway, so the exact spacing carries no meaning;
    `str.split` is also the fastest way through a megabyte of text.
    """
    return " ".join(text.strip(_EDGE_SPACE).split())


def clean_text(text: str) -> Extracted:
    """Plain text: paragraphs, then the head (title, date, byline), then the body rules."""
    paragraphs = split_paragraphs(sanitize(text))
    draft = Draft()
    start = take_title(paragraphs, draft)
    draft.items = [(pos, Block(p)) for pos, p in enumerate(paragraphs) if pos >= start]
    absorb_head_lines(draft)
    clean_body(draft)
    _strip_stray_quotes(draft)
    _mark_subheadings(draft)
    if not draft.items and draft.title:
        draft.items = [(0, Block(draft.title))]
    return draft.finish()


def take_title(paragraphs: list[str], draft: Draft) -> int:
    """Find the title among the first lines; return where the body starts.

    A full-line date before the title becomes `date`. An image caption standing first (it has a
    photo credit) loses its credit; if the rest reads as a headline (one sentence, at most 25
    words), it is the title: the lead photo caption is usually written as the article's teaser,
    which beats a title made up from the file name. Otherwise the caption is removed and the
    search goes on with the next line. A plain first line is the title only if it looks like a
    headline and does not end with a full stop (a one-sentence lede does).
    """
    pos = 0
    while pos < min(len(paragraphs), 4):
        paragraph = paragraphs[pos]
        found_date = date_from_line(paragraph) if draft.date is None else None
        if found_date is not None:
            draft.date = found_date
            pos += 1
            continue
        credit = split_credit(paragraph)
        if credit is not None:
            caption, mark = credit
            title = title_from_caption(caption)
            if title:
                draft.title = title
                draft.drop(pos, mark)
                return pos + 1
            draft.drop(pos, paragraph)
            pos += 1
            continue
        if looks_like_headline(paragraph, allow_full_stop=False):
            draft.title, site = split_site_suffix(paragraph)
            draft.offer_source(site)
            if draft.title != paragraph:
                draft.drop(pos, paragraph.replace(draft.title, "", 1).strip(" |:·•»-–—"))
            return pos + 1
        break
    return pos


def absorb_head_lines(draft: Draft, limit: int = 4) -> None:
    """Short lines right after the title: a date line, a byline, a section label.

    Only the first few blocks are looked at, and only until the first block that is none of
    these, so a name or a date inside the article is never taken. A byline the header already
    has (from front matter or the page's metadata) is dropped, not shown twice.
    """
    while draft.items and limit > 0:
        pos, block = draft.items[0]
        if block.kind not in (BlockKind.TEXT, BlockKind.HEADING):
            return
        text = block.text
        found_date = date_from_line(text) if draft.date is None else None
        byline = byline_of(text)
        if found_date is not None:
            draft.date = found_date
        elif byline is not None and not draft.byline:
            draft.byline = byline
        elif repeats_byline(text, draft.byline, byline) or is_section_label(text):
            draft.drop(pos, text)
        else:
            return
        del draft.items[0]
        limit -= 1


def clean_body(draft: Draft) -> None:
    """The debris rules that apply to every format, in an order where each helps the next."""
    _cut_tail(draft)
    drop_furniture(draft)
    _drop_site_blurb(draft)
    _drop_captions(draft)
    _drop_repeated_title(draft)
    _source_from_dateline(draft)


def _cut_tail(draft: Draft) -> None:
    """Remove a comment-section marker in the tail and everything after it.

    A marker line (`Leave a Comment`, `No comments:`, `Source link`, `Related`...) only counts
    when more text stands before it than after it, so a stray marker-like line early in an
    article cannot take the article with it. Whatever follows a marker is page furniture
    (comment forms, teasers for other articles), never the article.
    """
    sizes = [len(block.text) for _, block in draft.items]
    after = sum(sizes)
    before = 0
    for index, (_, block) in enumerate(draft.items):
        after -= sizes[index]
        if index and before > after + sizes[index] and is_tail_marker(block.text):
            for pos, dropped in draft.items[index:]:
                draft.drop(pos, dropped.text)
            del draft.items[index:]
            return
        before += sizes[index]


def _drop_site_blurb(draft: Draft) -> None:
    """Remove a "Welcome to <Site>, your number one source..." blurb at the end.

    Such a blurb is the site's footer, and a line with only the site's name usually stands
    right before it; the name is a good `source` when nothing better is known.
    """
    for index in range(max(1, len(draft.items) - 3), len(draft.items)):
        site = site_blurb(draft.items[index][1].text)
        if site is None:
            continue
        start = index
        previous = draft.items[index - 1][1].text
        if previous.casefold() == site.casefold():
            start -= 1
        for pos, dropped in draft.items[start:]:
            draft.drop(pos, dropped.text)
        del draft.items[start:]
        draft.offer_source(site)
        return


def _drop_captions(draft: Draft) -> None:
    """Photo captions are not article text: they carry a credit, a wire-photo header, or were
    cut off with an ellipsis after a caption-style date or position marker."""
    kept: list[tuple[int, Block]] = []
    for pos, block in draft.items:
        if block.kind is BlockKind.TEXT and is_caption(block.text):
            draft.drop(pos, block.text)
        else:
            kept.append((pos, block))
    draft.items = kept


def _drop_repeated_title(draft: Draft) -> None:
    """Pages often repeat the headline as the first line of the body."""
    if draft.items and draft.title:
        pos, block = draft.items[0]
        if block.text.casefold() == draft.title.casefold():
            draft.drop(pos, block.text)
            del draft.items[0]


def _source_from_dateline(draft: Draft) -> None:
    """A wire dateline (`WASHINGTON (AP) –`) names the agency; the paragraph stays intact."""
    if draft.items:
        draft.offer_source(dateline_agency(draft.items[0][1].text))


def dateline_agency(text: str) -> str:
    """The agency a paragraph's wire dateline names (`WASHINGTON (AP) –`: "AP"), else ""."""
    match = _dateline().match(text)
    return match["agency"].strip() if match else ""


def _strip_stray_quotes(draft: Draft) -> None:
    """Drop an opening quotation mark that never closes and never continues.

    A quote may legitimately stay open at the end of a paragraph when the next paragraph goes
    on quoting (and then opens with a quotation mark again). A paragraph whose only quotation
    mark is the one it starts with, followed by a paragraph that does not open a quote, is a
    scraping artefact: in seed 002 the lede is reported speech ("..., Putin has said") with a
    bare `"` glued to its start.
    """
    items = draft.items
    for index, (pos, block) in enumerate(items):
        text = block.text
        if block.kind is not BlockKind.TEXT or not text.startswith(tuple(_OPENING_QUOTES)):
            continue
        if len(_any_quote().findall(text)) != 1:
            continue
        following = items[index + 1][1].text if index + 1 < len(items) else ""
        if following.startswith(tuple(_OPENING_QUOTES)):
            continue
        items[index] = (pos, Block(text[1:].lstrip(), block.kind))


def _mark_subheadings(draft: Draft) -> None:
    """Short title-like lines between paragraphs are subheadings: article text, shown as such."""
    items = draft.items
    for index in range(len(items) - 1):
        pos, block = items[index]
        if block.kind is BlockKind.TEXT and is_subheading(block.text):
            items[index] = (pos, Block(block.text, BlockKind.HEADING))
