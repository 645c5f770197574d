"""Fuzzy search: what a query means and how a match is scored, shared by every search path.

The index (`reader.core.search.index`), the `reader search` command and the exhaustive scorer the
tests compare the index with all score through the functions here, so "the index finds what a
brute-force scan would find" is a statement about candidate generation only, never about two
scoring formulas drifting apart.

Matching is word by word on normalised words (NFKC, case folded, accents stripped): a typo or a
transliteration is one or two edits away from the word in the text (`tokaev`, `kazahstan`,
`colour`), and the word being typed is a prefix of the word it will become, even with a typo in
what is typed so far (`goverm` is on its way to "government").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from reader.core.shelf_names import tag_key

#: A word is a maximal run of letters and digits; offsets of matches are offsets of such runs.
WORD_RE = re.compile(r"[^\W_]+")

#: The `is:` filters a query may use; each takes a set of article ids from the caller.
FILTER_NAMES = ("bookmarked", "highlighted", "unread", "read")
#: The places `in:` may name (`reader.core.shelf.Location`, less `deleted`, which no view shows).
PLACE_NAMES = ("inbox", "archive", "trash")

#: Field weights: a title match of a given quality outranks a body match of the same quality
#: even when the body repeats the word many times (`TITLE` > `BODY` + `TF` for any similarity
#: a match can have), and the source, byline and the user's own notes sit between the two.
TITLE_WEIGHT = 0.84
SOURCE_WEIGHT = 0.78
BYLINE_WEIGHT = 0.78
EXTRA_WEIGHT = 0.8
BODY_WEIGHT = 0.62
#: Most a body gains from repeating a word (reached at about 16 occurrences).
TF_WEIGHT = 0.15
#: Share of the weaker field added to the stronger one, so a title match whose body also speaks
#: of the word ranks above one that only has it in the title.
SECOND_FIELD_WEIGHT = 0.2
#: What the stronger field adds beyond its SECOND_FIELD_WEIGHT share (see `combine`).
STRONGER_SHARE = 1.0 - SECOND_FIELD_WEIGHT
#: Term scores are multiples of 1/QUANTUM, so the search index, which adds them up in 32-bit
#: floats, adds them exactly (up to 255 terms) and ranks exactly as this formula says.
QUANTUM = 1 << 16

#: Similarity of a typo: one edit, two edits (always below an exact match and most completions).
FUZZY_SIMILARITY = (1.0, 0.85, 0.75)
#: A completion of the word being typed scores PREFIX_BASE plus PREFIX_SPAN times how much of
#: the word is typed.
PREFIX_BASE = 0.8
PREFIX_SPAN = 0.15
#: Shorter prefixes only complete title, source, byline and note words: in bodies they would
#: match most of the library and say nothing.
MIN_BODY_PREFIX = 3

#: Fewest letters typed for a typo to be forgiven in a word still being typed: four letters with
#: one wrong pin down only three of its beginning, as vague as a three-letter prefix (never fuzzy).
MIN_TYPO_PREFIX = 5

#: Body occurrences beyond this count do not raise the score further: the index keeps each
#: word's articles in one list per count from 1 to TF_LEVELS, best first for pruning.
TF_LEVELS = 16
_TF_CURVE = tuple(min(1.0, math.log1p(tf) / math.log(TF_LEVELS + 1)) for tf in range(TF_LEVELS + 1))


@lru_cache(maxsize=1 << 16)
def normalise_word(word: str) -> str:
    """The form words are compared in: compatibility-normalised, case folded, accents stripped."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", bare.casefold())


def normalise(text: str) -> str:
    """Normalise running text the way words are normalised (used to compare whole titles)."""
    return " ".join(normalise_word(word) for word in WORD_RE.findall(text))


def words_of(text: str) -> list[str]:
    """The normalised words of `text`, in order, repeats kept."""
    return [normalise_word(word) for word in WORD_RE.findall(text)]


# Queries -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Term:
    """One thing every result must match: a word (fuzzy) or a quoted phrase (exact, in order).

    `prefix` marks a phrase whose quote is still open and whose last word is still being typed:
    that word then matches every word it begins (`"once in your ho` finds "once in your house"),
    as the word being typed outside quotes does.
    """

    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; `unknown` keeps filters that name nothing, so the UI can say so.

    `filters` are plain filter terms, resolved by the caller against what it knows (the store):
    `bookmarked`, `highlighted`, `read`, `unread` (from `is:`), `in:inbox|archive|trash`,
    `tag:KEY` (KEY the tag's name compared case-insensitively, `reader.core.shelf.tag_key`), each
    negated by a leading `-` (`-tag:KEY`, `-in:trash`, `-read`). An article is kept when every
    filter keeps it (`FilterSets.keeps`).
    """

    text: str
    terms: tuple[Term, ...] = ()
    filters: frozenset[str] = frozenset()
    unknown: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.filters


_QUOTES = '"“”'
_QUERY_TOKEN = re.compile(rf"(-?tag:)?[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]?|(\S+)", re.IGNORECASE)


def parse_query(text: str) -> Query:
    """Split a query into words, quoted phrases and filters (`is:`, `in:`, `tag:`, `-tag:`).

    A quote left open (the user is still typing the phrase) closes at the end of the query, and
    its last word is a prefix unless a space or punctuation already ended it. An `is:` or `in:`
    filter may be abbreviated while it stays unambiguous (`is:book`, `in:arch`), since it is
    typed in the search-as-you-type bar; a tag name is whole, quoted when it has spaces
    (`tag:"to read"`).
    """
    terms: list[Term] = []
    filters: set[str] = set()
    unknown: list[str] = []
    for match in _QUERY_TOKEN.finditer(text):
        tagged, quoted, plain = match.group(1), match.group(2), match.group(3)
        if tagged is not None:
            _add_filter(match.group(0), tagged + quoted, filters, unknown)
        elif quoted is not None:
            words = tuple(words_of(quoted))
            if words:
                still_open = match.group(0)[-1] not in _QUOTES  # a closing quote ends the match
                typing = still_open and WORD_RE.fullmatch(quoted[-1]) is not None
                terms.append(Term(words, phrase=True, prefix=typing))
        elif _FILTER_PREFIX.match(plain):
            _add_filter(plain, plain, filters, unknown)
        else:
            terms.extend(Term((word,)) for word in words_of(plain))
    unique = tuple(dict.fromkeys(terms))
    return Query(text, unique, frozenset(filters), tuple(unknown))


_FILTER_PREFIX = re.compile(r"-?(is|in|tag):", re.IGNORECASE)


def _add_filter(typed: str, spec: str, filters: set[str], unknown: list[str]) -> None:
    """Add the filter term `spec` (as typed, quotes removed) names, or keep `typed` as unknown."""
    term = filter_term(spec)
    if term is None:
        unknown.append(typed)
    else:
        filters.add(term)


def filter_term(spec: str) -> str | None:
    """The plain filter term of a typed filter (`is:book` -> `bookmarked`, `-tag:Go` ->
    `-tag:go`, `in:arch` -> `in:archive`), None when it names nothing."""
    negated = spec.startswith("-")
    kind, _, value = spec.removeprefix("-").partition(":")
    kind = kind.lower()
    term: str | None
    if kind == "tag":
        try:
            term = "tag:" + tag_key(value)
        except ValueError:  # no name yet (`tag:` being typed), or far too long
            term = None
    elif kind == "in":
        place = _abbreviated(value.lower(), PLACE_NAMES)
        term = None if place is None else "in:" + place
    else:
        term = _abbreviated(value.lower(), FILTER_NAMES)
    if term is None:
        return None
    return "-" + term if negated else term


def _abbreviated(typed: str, names: tuple[str, ...]) -> str | None:
    if typed in names:
        return typed
    found = [name for name in names if typed and name.startswith(typed)]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True, slots=True)
class FilterSets:
    """The article ids each filter keeps; the caller knows them (the store), the core not.

    `tagged` maps a tag key to the articles carrying it; `located` maps an article to where it
    is when that is not the Inbox (an article it does not name is in the Inbox).
    `reader.core.search.filters.filter_sets` builds one from the library's states.
    """

    bookmarked: Collection[str] = frozenset()
    highlighted: Collection[str] = frozenset()
    read: Collection[str] = frozenset()
    tagged: Mapping[str, Collection[str]] = field(default_factory=dict)
    located: Mapping[str, str] = field(default_factory=dict)

    def keeps(self, name: str, article_id: str) -> bool:
        """Whether the filter term `name` (see `Query.filters`) keeps the article."""
        if name.startswith("-"):
            return not self.keeps(name[1:], article_id)
        if name == "unread":
            return article_id not in self.read
        if name.startswith("tag:"):
            return article_id in self.tagged.get(name[4:], ())
        if name.startswith("in:"):
            return self.located.get(article_id, "inbox") == name[3:]
        ids: Collection[str] = getattr(self, name)
        return article_id in ids

    def allows(self, filters: Iterable[str], article_id: str) -> bool:
        """Whether every filter term keeps the article."""
        return all(self.keeps(name, article_id) for name in filters)

    def named(self) -> set[str]:
        """Every article these sets name: one they do not name is kept or dropped by a filter
        exactly as any other unnamed article (so a search need not list the library)."""
        ids = {*self.bookmarked, *self.highlighted, *self.read, *self.located}
        for tagged in self.tagged.values():
            ids.update(tagged)
        return ids


# Results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One article found, with everything the UI needs to show why and to jump there.

    `snippet_spans` and `title_spans` are (start, end) offsets of the matched words inside
    `snippet` and `title`, for emphasis. `offset` is the body offset of the best matching
    passage (0 when only the title or metadata matched); `match_offsets` are the (start, end)
    body offsets of every match in the article, in order, for `n`/`N`. `field` names where the
    strongest match was: title, source, byline, extra (a highlight or note) or body.
    """

    id: str
    title: str
    score: float
    snippet: str
    snippet_spans: tuple[tuple[int, int], ...] = ()
    offset: int = 0
    match_offsets: tuple[tuple[int, int], ...] = ()
    field: str = "body"
    title_spans: tuple[tuple[int, int], ...] = ()


# Scoring -----------------------------------------------------------------------------------


def max_edits(term: str) -> int:
    """Typos forgiven in a query word: none below four characters, none in numbers."""
    if len(term) < 4 or any(char.isdigit() for char in term):
        return 0
    return 1 if len(term) < 8 else 2


def prefix_similarity(term: str, word: str) -> float:
    return PREFIX_BASE + PREFIX_SPAN * len(term) / len(word)


def typo_prefix_similarity(term: str, word: str, distance: int) -> float:
    """A completion of a word typed with `distance` typos, below the same completion typed right."""
    return FUZZY_SIMILARITY[distance] * prefix_similarity(term, word)


def typo_prefix_lengths(term: str) -> tuple[int, ...]:
    """Lengths of the beginnings of words a word typed with a typo is compared with: its own
    length (a wrong letter) and one more (a letter left out); one fewer would let `goverm` begin
    every word in `gover`. None below MIN_TYPO_PREFIX letters."""
    if len(term) < MIN_TYPO_PREFIX or not max_edits(term):
        return ()
    return (len(term), len(term) + 1)


def word_similarity(term: str, word: str, *, body: bool) -> float:
    """How well a normalised document word answers a normalised query word, 0 for not at all."""
    if word == term:
        return 1.0
    best = 0.0
    if word.startswith(term) and (not body or len(term) >= MIN_BODY_PREFIX):
        best = prefix_similarity(term, word)
    edits = max_edits(term)
    if edits and abs(len(word) - len(term)) <= edits:
        distance = OSA.distance(term, word, score_cutoff=edits)
        if distance <= edits:
            best = max(best, FUZZY_SIMILARITY[distance])
    for length in typo_prefix_lengths(term):
        if len(word) > length:
            distance = OSA.distance(term, word[:length], score_cutoff=edits)
            if 0 < distance <= edits:
                best = max(best, typo_prefix_similarity(term, word, distance))
    return best


def tf_level(tf: int) -> int:
    """The posting list (1 to TF_LEVELS) of a word that occurs `tf` times in a body."""
    return min(tf, TF_LEVELS)


def body_value(similarity: float, tf: int) -> float:
    """A body match: its similarity, plus a little for every repetition (`tf` occurrences)."""
    return BODY_WEIGHT * similarity + TF_WEIGHT * _TF_CURVE[tf_level(tf)]


def quantise(value: float) -> float:
    """`value` to the nearest multiple of 1/QUANTUM."""
    return round(value * QUANTUM) / QUANTUM


def combine(other: float, body: float) -> float:
    """A term's score from its best non-body field match and its body match: the stronger one
    plus SECOND_FIELD_WEIGHT of the weaker, written as three parts the index adds up exactly
    (a share of each, and the rest of the stronger), each a multiple of 1/QUANTUM."""
    stronger = max(other, body)
    return min(
        1.0,
        quantise(SECOND_FIELD_WEIGHT * other)
        + quantise(SECOND_FIELD_WEIGHT * body)
        + quantise(STRONGER_SHARE * stronger),
    )


def display_score(value: float) -> float:
    """Scores shown to people and scripts: 0–100, one decimal."""
    return round(100.0 * value, 1)
