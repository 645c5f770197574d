"""Turning saved web pages into articles: generic heuristics for the debris they carry.

Files in a reading library are mostly copy-pasted or scraped web pages. Around the article they
carry a site suffix on the title, photo captions with credits, section labels, comment-section
leftovers and site blurbs. The rules here remove that debris using signals that generalise
(a credit marker, a full-line date, a known comment-section phrase in the tail) rather than
per-site patterns, and they err on the side of keeping text: anything removed is kept in
`Extracted.removed`, and the untouched file is always one keypress away.

The per-format front ends (`clean_text` here, `html_text`, `markdown_text`) build a `Draft`
and share `clean_body` for the debris rules that apply to any format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date

from reader.core.article import Block, BlockKind
from reader.core.sanitize import sanitize

__all__ = [
    "Draft",
    "Extracted",
    "absorb_head_lines",
    "clean_body",
    "clean_text",
    "parse_date",
    "split_paragraphs",
    "split_site_suffix",
    "squash",
]


@dataclass(frozen=True)
class Extracted:
    """What a front end found in a file: metadata, body blocks, and what it removed."""

    title: str = ""
    source: str = ""
    byline: str = ""
    date: str | None = None
    blocks: tuple[Block, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass
class Draft:
    """Working state shared by the cleaning passes.

    Every block and every removal carries its position in the original document, so that
    `removed` comes out in reading order whichever pass removed what.
    """

    title: str = ""
    source: str = ""
    byline: str = ""
    date: str | None = None
    items: list[tuple[int, Block]] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Iterable[Block]) -> Draft:
        return cls(items=list(enumerate(blocks)))

    def drop(self, pos: int, text: str) -> None:
        if text:
            self.removed.append((pos, text))

    def offer_source(self, source: str) -> None:
        """Sources are offered best-first by the front ends; the first one offered wins."""
        if not self.source and source:
            self.source = source

    def finish(self) -> Extracted:
        self.removed.sort(key=lambda entry: entry[0])
        return Extracted(
            title=self.title,
            source=self.source,
            byline=self.byline,
            date=self.date,
            blocks=tuple(block for _, block in self.items),
            removed=tuple(text for _, text in self.removed),
        )


_BLANK_LINE = re.compile(r"[\s\u200b\u2060\ufeff]*")
_LIST_LINE = re.compile(r"\s*(?:[-*•+]|\d{1,3}[.)])\s")
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,40})?\s*"
    r"\((?P<agency>[A-Z][\w.&' -]{0,30})\)\s*[-–—]"
)
_OPENING_QUOTES = "\"“„«"
_ANY_QUOTE = re.compile("[\"“”„«»]")
#: Hard-wrapped text never has longer lines than this; longer lines mean "one line, one paragraph".
_WRAP_WIDTH = 100


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
        if not _BLANK_LINE.fullmatch(line):
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
    if longest > _WRAP_WIDTH or any(_LIST_LINE.match(line) for line in lines[1:]):
        return False
    return all(width >= longest * 0.6 for width in widths[:-1])


def clean_text(text: str) -> Extracted:
    """Plain text: paragraphs, then the head (title, date, byline), then the body rules."""
    paragraphs = split_paragraphs(sanitize(text))
    draft = Draft()
    start = _take_title(paragraphs, draft)
    draft.items = [(pos, Block(p)) for pos, p in enumerate(paragraphs) if pos >= start]
    absorb_head_lines(draft)
    clean_body(draft)
    _strip_stray_quotes(draft)
    _mark_subheadings(draft)
    if not draft.items and draft.title:
        draft.items = [(0, Block(draft.title))]
    return draft.finish()


def _take_title(paragraphs: list[str], draft: Draft) -> int:
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
    these, so a name or a date inside the article is never taken.
    """
    while draft.items and limit > 0:
        pos, block = draft.items[0]
        if block.kind not in (BlockKind.TEXT, BlockKind.HEADING):
            return
        text = block.text
        found_date = date_from_line(text) if draft.date is None else None
        byline = byline_of(text) if not draft.byline else None
        if found_date is not None:
            draft.date = found_date
        elif byline is not None:
            draft.byline = byline
        elif is_section_label(text):
            draft.drop(pos, text)
        else:
            return
        del draft.items[0]
        limit -= 1


def clean_body(draft: Draft) -> None:
    """The debris rules that apply to every format, in an order where each helps the next."""
    _cut_tail(draft)
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
        match = _DATELINE.match(draft.items[0][1].text)
        if match:
            draft.offer_source(match["agency"].strip())


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
        if len(_ANY_QUOTE.findall(text)) != 1:
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


# --- Line classifiers -------------------------------------------------------------------------
# Each answers one question about one paragraph. They look at short paragraphs only (a length
# guard comes first), which keeps the regexes cheap on very long lines.

_EDGE_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u200b\u2060\ufeff"


def squash(text: str) -> str:
    """Fold every whitespace run (tabs, newlines, NBSPs: pasted pages are full of them) to one
    plain space and trim, zero-width spaces included at the edges.

    Paragraph text is re-wrapped by the reader anyway, so the exact spacing carries no meaning;
    `str.split` is also the fastest way through a megabyte of text.
    """
    return " ".join(text.strip(_EDGE_SPACE).split())


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    rf"(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<n3>\d{1,2})-(?P<d3>\d{1,2}))"
)
_TIME = (
    r"(?:\s*[,|·•@-]\s*|\s+at\s+|T|\s+)\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,5}|[+-]\d{2}:?\d{2}|z)?"
)
_DATE_LINE = re.compile(
    rf"(?:(?:published|updated|posted|last\s+updated|date)(?:\s+on)?\s*:?\s*)?{_DATE}(?:{_TIME})?",
    re.IGNORECASE,
)


def date_from_line(text: str) -> str | None:
    """The ISO date of a line that is nothing but a date (optionally "Published", a time)."""
    if len(text) > 80:
        return None
    match = _DATE_LINE.fullmatch(text.strip(" ."))
    return _iso_date(match) if match else None


def parse_date(value: str) -> str | None:
    """The ISO date at the start of a metadata value (ISO 8601, RFC 2822, or written out)."""
    match = _DATE_LINE.match(value.strip()[:80])
    return _iso_date(match) if match else None


def _iso_date(match: re.Match[str]) -> str | None:
    if match["y1"]:
        year, month, day = match["y1"], _MONTHS.index(match["m1"][:3].lower()) + 1, match["d1"]
    elif match["y2"]:
        year, month, day = match["y2"], _MONTHS.index(match["m2"][:3].lower()) + 1, match["d2"]
    else:
        year, month, day = match["y3"], int(match["n3"]), match["d3"]
    try:
        value = Date(int(year), month, int(day))
    except ValueError:
        return None
    return value.isoformat() if 1800 <= value.year <= 2200 else None


# A photo credit at the very end of a paragraph: "Image: Agency / Name", "(AP Photo/Name)",
# "[Courtesy: Name]", ".../Getty Images". It may follow a full stop without a space.
_CREDIT = re.compile(
    r"(?:^|(?<=[\s.!?,;:)\]”\"’]))(?:"
    r"(?:Images?|Photos?|Pictures?|Photograph|Foto|Bild|Credits?)\s?:\s?[^\n!?]{1,100}"
    r"|\((?:[A-Z][\w.&]*\s)?(?:Photo|Image|Picture)s?\b[^()]{0,100}\)"
    r"|\((?:Courtesy|Credit|File)\b[^()]{0,100}\)"
    r"|\[(?:Courtesy|Photo|Image|Picture|Credit|File)\b[^\[\]]{0,100}\]"
    r"|(?:[\w’' -]{0,40}/\s?)?(?:[A-Z]+\svia\s)?Getty\sImages\.?"
    r")\s*$"
)
_CREDIT_WORDS = ("Image", "Photo", "Picture", "Foto", "Bild", "Credit", "Courtesy", "File", "Getty")
# A wire-photo caption header: "SOCHI, RUSSIA - AUGUST 19, 2022: ..."
_WIRE_CAPTION = re.compile(
    r"[A-Z][A-Z.'’ -]+,\s*[A-Z][A-Z.'’ -]+\s[-–—]\s[A-Z]{3,9}\.?\s\d{1,2},\s?\d{4}\s?:"
)
# AP-style caption date ("Monday, Nov. 28, 2022") and photo positions (", right,", "(L)").
_CAPTION_DATE = re.compile(rf"\b{_WEEKDAY},\s+{_MONTH}\.?\s+\d{{1,2}},\s+\d{{4}}\b", re.IGNORECASE)
_PHOTO_POSITION = re.compile(
    r",\s(?:left|right|center|centre|second\s(?:left|right)|top|bottom)[,)]|\((?:L|R|C|L-R)\)|\s[LR]\s"
)


def split_credit(text: str) -> tuple[str, str] | None:
    """(caption text, credit) when the paragraph ends with a photo credit."""
    if len(text) > 700:
        return None
    tail = text[-160:]
    if not any(word in tail for word in _CREDIT_WORDS):
        return None  # the cheap test first: this runs for every paragraph of every article
    match = _CREDIT.search(text)
    if match is None:
        return None
    return text[: match.start()].strip(), match.group().strip()


def is_caption(text: str) -> bool:
    """Whether a paragraph is a photo caption rather than article text.

    A credit or a wire-photo header is decisive. An ellipsis is not (writers use them too), so a
    paragraph cut off with one only counts when it also has a caption-style date or a photo
    position marker: that is what photo captions truncated by a page template look like.
    """
    if len(text) > 700:
        return False
    if split_credit(text) is not None or _WIRE_CAPTION.match(text):
        return True
    cut_off = text.endswith(("...", "…")) and text.rstrip(".…")[-1:].isalpha()
    return cut_off and bool(_CAPTION_DATE.search(text) or _PHOTO_POSITION.search(text))


_CLOSING = "\"”’')]»"
_OPENING = "\"“‘'([«"
# A sentence boundary inside a line: "...word. Next" (not "U.S. Senate" or "Mr. Smith").
_SENTENCE_BREAK = re.compile(r"(?<=[a-z]{2})[.!?][\"”’)]*\s+[\"“‘(]?[A-Z]")


def looks_like_headline(text: str, *, allow_full_stop: bool) -> bool:
    """One short sentence that does not end like a fragment (`...`, `:`, `,`)."""
    words = len(text.split())
    if not 2 <= words <= 25 or len(text) > 200:
        return False
    core = text.rstrip(_CLOSING)
    if core.endswith(("...", "…", ":", ",", ";", "-", "–", "—")):
        return False
    if core.endswith(".") and not allow_full_stop:
        return False
    return _SENTENCE_BREAK.search(text) is None


def title_from_caption(caption: str) -> str:
    """A caption (credit removed) as a title, or '' when it does not read like a headline."""
    if not looks_like_headline(caption, allow_full_stop=True):
        return ""
    if caption.endswith(".") and caption[-2:-1].islower():
        return caption[:-1]
    return caption


_PIPE_SEPARATOR = re.compile(r"\s+(?:\||::|»|·|•)\s+")
_DASH_SEPARATOR = re.compile(r"\s+[-–—]\s+")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
_LETTERS_AND_DIGITS = re.compile(r"(?=\w*\d)(?=\w*[^\W\d_])\w+")
# Words that mark a name as a publication's (used only to read a dash-separated title suffix).
_MEDIA_WORDS = frozenset(
    {
        "news", "times", "post", "journal", "daily", "herald", "tribune", "guardian", "press",
        "media", "online", "tv", "radio", "gazette", "telegraph", "review", "observer", "chronicle",
        "today", "report", "weekly", "wire", "network", "channel", "insider", "agency", "reuters",
        "bloomberg", "afp", "associated", "aljazeera", "euronews", "politico", "axios", "magazine",
    }
)
# Section names: a title suffix or a label under the title that names a section, not a site.
_SECTION_WORDS = frozenset(
    {
        "news", "home", "world", "politics", "opinion", "latest", "business", "sport", "sports",
        "europe", "asia", "africa", "americas", "international", "analysis", "features", "live",
        "technology", "tech", "science", "culture", "health", "economy", "entertainment",
        "lifestyle", "local", "national", "us", "uk", "commentary", "editorial", "blog", "video",
        "videos", "photos", "magazine", "breaking", "middle east", "world news", "latest news",
        "breaking news", "top stories", "front page",
    }
)


def split_site_suffix(title: str) -> tuple[str, str]:
    """Split a site name off a page title: (headline, site).

    A `|` (or `::`, `»`, `·`) separator is a strong signal: the first part is the headline and
    the last the site, unless a later part is at least twice as long (the "Site | Headline"
    order some pages use). A dash is weak, since headlines use dashes for speaker
    attributions (`... 'Maidan' – Putin`): the part after the last dash counts as a site only
    with positive evidence (a media word, a domain, an acronym, a name with digits). `site` is
    '' when the suffix is a generic section name such as `News`.
    """
    parts = [part.strip() for part in _PIPE_SEPARATOR.split(title)]
    if len(parts) > 1 and all(parts):
        headline, site = parts[0], parts[-1]
        longest = max(parts, key=lambda part: len(part.split()))
        if len(longest.split()) >= 2 * len(headline.split()):  # "Site | Headline" order
            headline, site = longest, (parts[0] if longest is parts[-1] else parts[-1])
        if len(site.split()) <= 6:
            return headline, _site_name(site)
    dashes = list(_DASH_SEPARATOR.finditer(title))
    if dashes:
        headline, suffix = title[: dashes[-1].start()].strip(), title[dashes[-1].end() :].strip()
        if headline and _names_a_site(suffix):
            return headline, _site_name(suffix)
    return title, ""


def _site_name(suffix: str) -> str:
    return "" if suffix.casefold() in _SECTION_WORDS else suffix


def _names_a_site(suffix: str) -> bool:
    words = suffix.split()
    if not 1 <= len(words) <= 5 or len(suffix) > 40:
        return False
    lowered = [word.strip(".,:'’").casefold() for word in words]
    if suffix.casefold() in _SECTION_WORDS or any(word in _MEDIA_WORDS for word in lowered):
        return True
    if _DOMAIN.fullmatch(suffix):
        return True
    single = len(words) == 1
    return single and ((suffix.isupper() and 2 <= len(suffix) <= 6)
                       or bool(_LETTERS_AND_DIGITS.fullmatch(suffix)))


_NAME_WORD = re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_PARTICLES = frozenset(
    {
        "von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "bin", "al",
        "ibn", "ter", "zu",
    }
)


def byline_of(text: str) -> str | None:
    """The author's name when a line is a byline: "By Jane Doe (and John Roe)" or a bare name.

    Without "By", only a 2-4 word line of capitalised name-like words counts, and words that
    name sections or media ("World News") rule it out.
    """
    prefixed = text[:3].casefold() == "by "
    name = text[3:].strip() if prefixed else text
    words = name.split()
    if not 2 <= len(words) <= (9 if prefixed else 4) or len(name) > 80:
        return None
    for word in words:
        folded = word.casefold()
        if folded in _NAME_PARTICLES or (prefixed and folded in ("and", "&")):
            continue
        if not (word[0].isupper() and _NAME_WORD.fullmatch(word)):
            return None
        if folded in _SECTION_WORDS or folded in _MEDIA_WORDS:
            return None
    return name


def is_section_label(text: str) -> bool:
    """A one-word capitalised label ("International"), or a short one naming a section."""
    words = text.split()
    if not 1 <= len(words) <= 3 or len(text) > 30 or not text[-1].isalnum():
        return False
    if not all(word[0].isupper() for word in words):
        return False
    folded = text.casefold()
    return len(words) == 1 or folded in _SECTION_WORDS or any(
        word in _SECTION_WORDS for word in folded.split()
    )


def is_subheading(text: str) -> bool:
    """Short, capitalised, and not ending like a sentence (a `?` or `!` is fine)."""
    if len(text) > 120 or len(text.split()) > 14:
        return False
    core = text.lstrip(_OPENING).rstrip(_CLOSING)
    if not core or not (core[0].isupper() or core[0].isdigit()):
        return False
    return core[-1] not in ".,;:…-–—"


_TAIL_MARKER = re.compile(
    r"(?:leave\s+a\s+(?:comment|reply)|comments?\s+are\s+closed|no\s+comments?|\d+\s+comments?"
    r"|comments?|(?:post|add)\s+a\s+comment|click\s+here\s+to\s+comment|source\s+link"
    r"|original\s+source|share(?:\s+this(?:\s+(?:article|story|post|page))?)?|share\s+on\s+\w+"
    r"|related(?:\s+(?:articles?|posts?|stories|news|content|reading|coverage))?"
    r"|subscribe(?:\s+to\s+(?:our\s+)?newsletter)?|sign\s+up\s+for\s+(?:our\s+)?newsletter"
    r"|you\s+(?:may|might)\s+also\s+like|read\s+(?:more|next|also)|see\s+also|also\s+read"
    r"|more\s+stories|recommended(?:\s+for\s+you)?|like\s+this|about\s+the\s+author"
    r"|(?:newer|older)\s+posts?|(?:tags?|filed\s+under|categories|category)(?:\s*:.*)?"
    r")[\s:.!…]*",
    re.IGNORECASE,
)


def is_tail_marker(text: str) -> bool:
    """A line that starts the comment section or the "more from this site" part of a page."""
    return len(text) <= 80 and _TAIL_MARKER.fullmatch(text) is not None


_BLURB = re.compile(
    r"welcome\s+to\s+(?P<site>[^\s,.!:;][^,.!:;]{0,39}?)\s*[,.!:;–—-]\s*(?:your|the|where|we|our)\b",
    re.IGNORECASE,
)


def site_blurb(text: str) -> str | None:
    """The site's name when a paragraph is a "Welcome to <Site>, your ... source" blurb."""
    if len(text) > 500:
        return None
    match = _BLURB.match(text)
    return match["site"].strip() if match else None
