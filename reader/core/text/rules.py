"""Paragraph classifiers: what a single line of a saved page is, when it is not article text.

Each function answers one question about one paragraph (is it a photo caption, a byline, a
section label, the start of the comment section, the site's blurb; which part of a title names
the site), so that the cleaning passes in `clean` can stay about order and context. The rules
look for signals that generalise across sites (a credit marker, a media word, a known
comment-section phrase) rather than per-site patterns.

They look at short paragraphs only, and the length guard comes first, which keeps the regexes
cheap on very long lines. The regexes are compiled on first use, not at import: importing the
parser is on the start-up path, and compiling them all costs more than the rest of the import.
"""

from __future__ import annotations

import re
from functools import cache

from reader.core.text.dates import MONTH_PATTERN, WEEKDAY_PATTERN
from reader.core.text.site_words import MEDIA_WORDS, SECTION_WORDS

__all__ = [
    "byline_of",
    "is_caption",
    "is_section_label",
    "is_subheading",
    "is_tail_marker",
    "looks_like_headline",
    "site_blurb",
    "split_credit",
    "split_site_suffix",
    "title_from_caption",
]

# --- Photo captions ---------------------------------------------------------------------------


@cache
def _credit() -> re.Pattern[str]:
    # A photo credit at the very end of a paragraph: "Image: Agency / Name", "(AP Photo/Name)",
    # "[Courtesy: Name]", ".../Getty Images". It may follow a full stop without a space.
    return re.compile(
        r"(?:^|(?<=[\s.!?,;:)\]”\"’]))(?:"
        r"(?:Images?|Photos?|Pictures?|Photograph|Foto|Bild|Credits?)\s?:\s?[^\n!?]{1,100}"
        r"|\((?:[A-Z][\w.&]*\s)?(?:Photo|Image|Picture)s?\b[^()]{0,100}\)"
        r"|\((?:Courtesy|Credit|File)\b[^()]{0,100}\)"
        r"|\[(?:Courtesy|Photo|Image|Picture|Credit|File)\b[^\[\]]{0,100}\]"
        r"|(?:[\w’' -]{0,40}/\s?)?(?:[A-Z]+\svia\s)?Getty\sImages\.?"
        r")\s*$"
    )


_CREDIT_WORDS = ("Image", "Photo", "Picture", "Foto", "Bild", "Credit", "Courtesy", "File", "Getty")


@cache
def _credit_word() -> re.Pattern[str]:
    return re.compile("|".join(_CREDIT_WORDS))


@cache
def _wire_caption() -> re.Pattern[str]:
    # A wire-photo caption header: "SOCHI, RUSSIA - AUGUST 19, 2022: ..."
    return re.compile(
        r"[A-Z][A-Z.'’ -]+,\s*[A-Z][A-Z.'’ -]+\s[-–—]\s[A-Z]{3,9}\.?\s\d{1,2},\s?\d{4}\s?:"
    )


@cache
def _caption_date() -> re.Pattern[str]:
    # AP-style caption date: "Monday, Nov. 28, 2022".
    return re.compile(
        rf"\b{WEEKDAY_PATTERN},\s+{MONTH_PATTERN}\.?\s+\d{{1,2}},\s+\d{{4}}\b", re.IGNORECASE
    )


@cache
def _photo_position() -> re.Pattern[str]:
    # Where a person stands in a photo: ", right,", ", second left)", "(L)", "(L-R)".
    return re.compile(
        r",\s(?:left|right|center|centre|second\s(?:left|right)|top|bottom)[,)]"
        r"|\((?:L|R|C|L-R)\)|\s[LR]\s"
    )


def split_credit(text: str) -> tuple[str, str] | None:
    """(caption text, credit) when the paragraph ends with a photo credit."""
    if len(text) > 700:
        return None
    if _credit_word().search(text, max(0, len(text) - 160)) is None:
        return None  # the cheap test first: this runs for every paragraph of every article
    match = _credit().search(text)
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
    if split_credit(text) is not None or _wire_caption().match(text):
        return True
    cut_off = text.endswith(("...", "…")) and text.rstrip(".…")[-1:].isalpha()
    return cut_off and bool(_caption_date().search(text) or _photo_position().search(text))


# --- Headlines and subheadings ----------------------------------------------------------------

_CLOSING = "\"”’')]»"
_OPENING = "\"“‘'([«"


@cache
def _sentence_break() -> re.Pattern[str]:
    # A sentence boundary inside a line: "...word. Next" (not "U.S. Senate" or "Mr. Smith").
    return re.compile(r"(?<=[a-z]{2})[.!?][\"”’)]*\s+[\"“‘(]?[A-Z]")


def looks_like_headline(text: str, *, allow_full_stop: bool) -> bool:
    """One short sentence that does not end like a fragment (`...`, `:`, `,`)."""
    if len(text) > 200:  # (before splitting: most paragraphs are long)
        return False
    words = len(text.split())
    if not 2 <= words <= 25:
        return False
    core = text.rstrip(_CLOSING)
    if core.endswith(("...", "…", ":", ",", ";", "-", "–", "—")):
        return False
    if core.endswith(".") and not allow_full_stop:
        return False
    return _sentence_break().search(text) is None


def title_from_caption(caption: str) -> str:
    """A caption (credit removed) as a title, or '' when it does not read like a headline."""
    if not looks_like_headline(caption, allow_full_stop=True):
        return ""
    if caption.endswith(".") and caption[-2:-1].islower():
        return caption[:-1]
    return caption


def is_subheading(text: str) -> bool:
    """Short, capitalised, and not ending like a sentence (a `?` or `!` is fine)."""
    if len(text) > 120 or len(text.split()) > 14:
        return False
    core = text.lstrip(_OPENING).rstrip(_CLOSING)
    if not core or not (core[0].isupper() or core[0].isdigit()):
        return False
    return core[-1] not in ".,;:…-–—"


# --- Site names in titles ---------------------------------------------------------------------


@cache
def _pipe_separator() -> re.Pattern[str]:
    return re.compile(r"\s+(?:\||::|»|·|•)\s+")


@cache
def _dash_separator() -> re.Pattern[str]:
    return re.compile(r"\s+[-–—]\s+")


@cache
def _domain() -> re.Pattern[str]:
    return re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)


@cache
def _letters_and_digits() -> re.Pattern[str]:
    return re.compile(r"(?=\w*\d)(?=\w*[^\W\d_])\w+")


def split_site_suffix(title: str) -> tuple[str, str]:
    """Split a site name off a page title: (headline, site).

    A `|` (or `::`, `»`, `·`) separator is a strong signal: the first part is the headline and
    the last the site, unless a later part is at least twice as long (the "Site | Headline"
    order some pages use). A dash is weak, since headlines use dashes for speaker
    attributions (`... 'Maidan' – Putin`): the part after the last dash counts as a site only
    with positive evidence (a media word, a domain, an acronym, a name with digits). `site` is
    '' when the suffix is a generic section name such as `News`.
    """
    parts = [part.strip() for part in _pipe_separator().split(title)]
    if len(parts) > 1 and all(parts):
        headline, site = parts[0], parts[-1]
        longest = max(parts, key=lambda part: len(part.split()))
        if len(longest.split()) >= 2 * len(headline.split()):  # "Site | Headline" order
            headline, site = longest, (parts[0] if longest is parts[-1] else parts[-1])
        if len(site.split()) <= 6:
            return headline, _site_name(site)
    dashes = list(_dash_separator().finditer(title))
    if dashes:
        headline, suffix = title[: dashes[-1].start()].strip(), title[dashes[-1].end() :].strip()
        if headline and _names_a_site(suffix):
            return headline, _site_name(suffix)
    return title, ""


def _site_name(suffix: str) -> str:
    return "" if suffix.casefold() in SECTION_WORDS else suffix


def _names_a_site(suffix: str) -> bool:
    words = suffix.split()
    if not 1 <= len(words) <= 5 or len(suffix) > 40:
        return False
    lowered = [word.strip(".,:'’").casefold() for word in words]
    if suffix.casefold() in SECTION_WORDS or any(word in MEDIA_WORDS for word in lowered):
        return True
    if _domain().fullmatch(suffix):
        return True
    single = len(words) == 1
    return single and (
        (suffix.isupper() and 2 <= len(suffix) <= 6)
        or bool(_letters_and_digits().fullmatch(suffix))
    )


# --- Bylines and section labels ---------------------------------------------------------------


@cache
def _name_word() -> re.Pattern[str]:
    return re.compile(r"(?:[^\W\d_]\.)+|[^\W\d_]+(?:['’-][^\W\d_]+)*")


_NAME_PARTICLES = frozenset(
    {
        "von",
        "van",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "bin",
        "al",
        "ibn",
        "ter",
        "zu",
    }
)


def byline_of(text: str) -> str | None:
    """The author's name when a line is a byline: "By Jane Doe (and John Roe)" or a bare name.

    Without "By", only a 2-4 word line of capitalised name-like words counts, and words that
    name sections or media ("World News") rule it out.
    """
    prefixed = text[:3].casefold() == "by "
    name = text[3:].strip() if prefixed else text
    if len(name) > 80:  # (before splitting: most paragraphs are long)
        return None
    words = name.split()
    if not 2 <= len(words) <= (9 if prefixed else 4):
        return None
    for word in words:
        folded = word.casefold()
        if folded in _NAME_PARTICLES or (prefixed and folded in ("and", "&")):
            continue
        if not (word[0].isupper() and _name_word().fullmatch(word)):
            return None
        if folded in SECTION_WORDS or folded in MEDIA_WORDS:
            return None
    return name


def is_section_label(text: str) -> bool:
    """A one-word capitalised label ("International"), or a short one naming a section."""
    if len(text) > 30:  # (before splitting: most paragraphs are long)
        return False
    words = text.split()
    if not 1 <= len(words) <= 3 or not text[-1].isalnum():
        return False
    if not all(word[0].isupper() for word in words):
        return False
    folded = text.casefold()
    return (
        len(words) == 1
        or folded in SECTION_WORDS
        or any(word in SECTION_WORDS for word in folded.split())
    )


# --- The page around the article --------------------------------------------------------------


@cache
def _tail_marker() -> re.Pattern[str]:
    return re.compile(
        r"(?:leave\s+a\s+(?:comment|reply)|comments?\s+are\s+closed|no\s+comments?"
        r"|\d+\s+comments?|comments?|(?:post|add)\s+a\s+comment|click\s+here\s+to\s+comment"
        r"|source\s+link|original\s+source|share(?:\s+this(?:\s+(?:article|story|post|page))?)?"
        r"|share\s+on\s+\w+|related(?:\s+(?:articles?|posts?|stories|news|content|reading"
        r"|coverage))?|subscribe(?:\s+to\s+(?:our\s+)?newsletter)?"
        r"|sign\s+up\s+for\s+(?:our\s+)?newsletter|you\s+(?:may|might)\s+also\s+like"
        r"|read\s+(?:more|next|also)|see\s+also|also\s+read|more\s+stories"
        r"|recommended(?:\s+for\s+you)?|like\s+this|about\s+the\s+author|(?:newer|older)\s+posts?"
        r"|(?:tags?|filed\s+under|categories|category)(?:\s*:.*)?"
        r")[\s:.!…]*",
        re.IGNORECASE,
    )


def is_tail_marker(text: str) -> bool:
    """A line that starts the comment section or the "more from this site" part of a page."""
    return len(text) <= 80 and _tail_marker().fullmatch(text) is not None


@cache
def _blurb() -> re.Pattern[str]:
    return re.compile(
        r"welcome\s+to\s+(?P<site>[^\s,.!:;][^,.!:;]{0,39}?)\s*[,.!:;–—-]\s*"
        r"(?:your|the|where|we|our)\b",
        re.IGNORECASE,
    )


def site_blurb(text: str) -> str | None:
    """The site's name when a paragraph is a "Welcome to <Site>, your ... source" blurb."""
    if len(text) > 500:
        return None
    match = _blurb().match(text)
    return match["site"].strip() if match else None
