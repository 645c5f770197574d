"""Paragraphs that belong to the page around the article, in the languages readers save.

trafilatura drops most page furniture by the page's structure; what is left, and what our own
HTML walk and pasted text keep, is recognised here by what it says: a cookie notice (a cookie,
a choice to accept, a site or browsing experience, in one short paragraph), a teaser for
another article ("Read also:", "Lesen Sie auch:", "Lire aussi :", "Читайте также:"...), and the
byline repeated as the first paragraph when the header already shows it. Each rule needs every
one of its signals in a short paragraph, so an article that talks about cookies or quotes a
"read also" keeps its text; what is dropped is kept in `Extracted.removed`.
"""

from __future__ import annotations

import re
from functools import cache

from reader.core.article import BlockKind
from reader.core.text.draft import Draft

#: A teaser or a cookie notice is a short paragraph; longer ones are article text.
MAX_TEASER_WORDS = 30
MAX_COOKIE_WORDS = 80

_TEASER_PHRASES = (
    # English
    r"read\s+also|also\s+read|read\s+more|see\s+also|more\s+on\s+this(?:\s+story)?"
    r"|related(?:\s+(?:article|story|content|reading))?|you\s+(?:may|might)\s+also\s+like"
    r"|don[’']t\s+miss|further\s+reading|recommended"
    # German
    r"|lesen\s+sie\s+(?:auch|mehr|hier)|auch\s+interessant|mehr\s+zum\s+thema|zum\s+thema"
    r"|das\s+könnte\s+sie\s+auch\s+interessieren|siehe\s+auch|passend\s+dazu|weiterlesen"
    # French, Spanish, Italian, Portuguese, Dutch
    r"|(?:à|a)\s+lire\s+(?:aussi|également)|lire\s+(?:aussi|également)|lisez\s+aussi"
    r"|voir\s+aussi|sur\s+le\s+même\s+sujet|le[ae]\s+también|leer\s+también|ver\s+también"
    r"|(?:también\s+)?te\s+puede\s+interesar|noticias\s+relacionadas|leggi\s+anche"
    r"|vedi\s+anche|potrebbe\s+interessarti|leia\s+(?:também|mais)|veja\s+também|saiba\s+mais"
    r"|lees\s+(?:ook|meer)|zie\s+ook"
    # Polish, Czech, Russian, Ukrainian
    r"|czytaj\s+(?:także|też)|zobacz\s+(?:także|też)|čtěte\s+(?:také|též)"
    r"|читайте\s+(?:также|також|ещё|еще)|смотрите\s+также|по\s+теме"
)
_COOKIE = r"cookie|куки"
_COOKIE_CLUES = ("ookie", "OOKIE", "уки", "УКИ")
_CONSENT = (
    r"accept|agree|consent|akzeptier|zustimm|einwillig|einverstanden|accepter|acceptez"
    r"|consentement|aceptar|acepta|consentimiento|accett|consenso|aceitar|consentimento"
    r"|akkoord|accepteer|akceptuj|zgod|souhlas|принять|принимаю|соглас|погоджу"
)
_WEB = (
    r"site|browser|brows|experience|erlebnis|nutzung|webseite|navigat|navegac|navegaç"
    r"|expérience|esperienza|experiencia|experiência|ervaring|strona|stron|сайт|опыт"
)


@cache
def _teaser() -> re.Pattern[str]:
    return re.compile(rf"(?:{_TEASER_PHRASES})\s*[:|»›→>–—-]\s*\S", re.IGNORECASE)


@cache
def _signals() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    flags = re.IGNORECASE
    return re.compile(_COOKIE, flags), re.compile(_CONSENT, flags), re.compile(_WEB, flags)


def is_teaser(text: str) -> bool:
    """A short line pointing to another article: "Lesen Sie auch: <headline>" (a phrase alone,
    "Related", may head a part of the article itself and is left to the tail rules)."""
    if len(text) > MAX_TEASER_WORDS * 20 or _teaser().match(text) is None:
        return False
    return len(text.split()) <= MAX_TEASER_WORDS


def is_cookie_notice(text: str) -> bool:
    """A short paragraph asking to accept cookies for the site."""
    if len(text) > MAX_COOKIE_WORDS * 20 or not any(clue in text for clue in _COOKIE_CLUES):
        return False  # (a plain substring test: a regex over every paragraph costs more)
    if not all(pattern.search(text) for pattern in _signals()):
        return False
    return len(text.split()) <= MAX_COOKIE_WORDS


def repeats_byline(text: str, byline: str, named: str | None) -> bool:
    """Whether a paragraph is the byline again: `named` is the byline `text` reads as, if any
    ("By Jane Doe and John Roe"), or `text` starts with it ("By Jane Doe, Staff Writer")."""
    if not byline:
        return False
    folded = byline.casefold()
    if named is not None and folded in named.casefold():
        return True
    line = text.casefold()
    line = line[3:].lstrip() if line.startswith("by ") else line
    if not line.startswith(folded) or len(line) > len(folded) + 40:
        return False
    rest = line[len(folded) :].lstrip()
    return not rest or rest[0] in ",|·•–—-(/"


def drop_furniture(draft: Draft) -> None:
    """Cookie notices and teasers, wherever they stand among the article's paragraphs."""
    kept = []
    for pos, block in draft.items:
        if block.kind in (BlockKind.TEXT, BlockKind.ITEM) and (
            is_teaser(block.text) or is_cookie_notice(block.text)
        ):
            draft.drop(pos, block.text)
        else:
            kept.append((pos, block))
    draft.items = kept
