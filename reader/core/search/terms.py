"""What each term of a query means in this index, and what it scores in one article.

A word term means the indexed words `Lexicon.matches` finds for it (typos forgiven), each with
its similarity in titles (and the other short fields) and in bodies, and the words it begins; a
phrase of one word means itself, or the words it begins while its quote is open, exactly. Both
become a `WordPlan`. A phrase of several words becomes a `PhrasePlan`: its words in a row, the
last one perhaps still being typed.

`Scored.of` scores a plan in one stored article by the formula of `query.py` (the same numbers
the index computes, to the last bit): the index finds and ranks, and this answers for the few
articles shown, and for the candidates whose exact phrase counts decide their place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from reader.core.search.lexicon import Lexicon
from reader.core.search.phrase import phrase_hits, word_hits
from reader.core.search.query import (
    BYLINE_WEIGHT,
    EXTRA_WEIGHT,
    MIN_BODY_PREFIX,
    SOURCE_WEIGHT,
    TITLE_WEIGHT,
    Term,
    body_value,
    combine,
    prefix_similarity,
)
from reader.core.search.schema import StoredArticle

#: Fields other than the body, strongest first (the order decides `SearchResult.field` on ties).
OTHER_FIELDS: dict[str, float] = {
    "title": TITLE_WEIGHT,
    "extra": EXTRA_WEIGHT,
    "source": SOURCE_WEIGHT,
    "byline": BYLINE_WEIGHT,
}


@dataclass(frozen=True, slots=True)
class WordPlan:
    """A word (or a phrase of one word): the indexed words it means, and how well, in titles and
    the other short fields, and in bodies (a word absent from a mapping does not count there).

    The words a word being typed completes (those longer than it that begin with `prefix`) are
    not listed: there may be thousands (`0` begins every article number). They count in short
    fields, and in bodies when `bodies_complete`, with `prefix_similarity` (or 1.0 when
    `exact_completions`: a phrase of one word being typed), never less than any other way
    they might match.
    """

    in_fields: Mapping[str, float]
    in_bodies: Mapping[str, float]
    prefix: str = ""
    bodies_complete: bool = False
    exact_completions: bool = False

    def completes(self, word: str) -> bool:
        return bool(self.prefix) and len(word) > len(self.prefix) and word.startswith(self.prefix)

    def completion(self, word: str) -> float:
        """The similarity of a word `prefix` begins."""
        return 1.0 if self.exact_completions else prefix_similarity(self.prefix, word)

    def in_field(self, word: str) -> float:
        if self.completes(word):
            return self.completion(word)
        return self.in_fields.get(word, 0.0)

    def in_body(self, word: str) -> float:
        if self.bodies_complete and self.completes(word):
            return self.completion(word)
        return self.in_bodies.get(word, 0.0)

    @property
    def body_prefix(self) -> str:
        return self.prefix if self.bodies_complete else ""


@dataclass(frozen=True, slots=True)
class PhrasePlan:
    """A phrase of several words in a row; while its quote is open (`prefix`), its last word is
    any word the last word typed begins."""

    words: tuple[str, ...]
    prefix: bool

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        return phrase_hits(text, self.words, self.prefix)


Plan = WordPlan | PhrasePlan


def plan_term(term: Term, lexicon: Lexicon) -> Plan:
    """What `term` means in the index of `lexicon`."""
    last = term.words[-1]
    if not term.phrase:
        matches = lexicon.matches(last)
        return WordPlan(
            {word: similarity for word, similarity, _ in matches if similarity > 0.0},
            {word: similarity for word, _, similarity in matches if similarity > 0.0},
            prefix=last,
            bodies_complete=len(last) >= MIN_BODY_PREFIX,
        )
    if len(term.words) == 1:
        in_bodies = not term.prefix or len(last) >= MIN_BODY_PREFIX
        exact = {last: 1.0}
        return WordPlan(
            exact,
            exact if in_bodies else {},
            prefix=last if term.prefix else "",
            bodies_complete=term.prefix and in_bodies,
            exact_completions=True,
        )
    return PhrasePlan(term.words, term.prefix)


@dataclass(slots=True)
class Scored:
    """One term in one article: its best short-field match (`other`, in `in_field`), its body match,
    and where it occurs in the body (for the snippet)."""

    other: float = 0.0
    body: float = 0.0
    in_field: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def value(self) -> float:
        return combine(self.other, self.body) if self.other or self.body else 0.0

    @property
    def strongest(self) -> str | None:
        """The short field of the best match, if it is at least as good as the body's."""
        return self.in_field if self.other and self.other >= self.body else None

    @classmethod
    def of(cls, plan: Plan, article: StoredArticle) -> Scored:
        """`plan` in `article`: its body read for this term alone (one regular expression over
        words sharing their first letters is far quicker than one over every term's words)."""
        scored = cls()
        if isinstance(plan, WordPlan):
            prefixes = (plan.body_prefix,) if plan.body_prefix else ()
            found = word_hits(article.body, plan.in_bodies.keys(), prefixes)
            counts = Counter(word for _, _, word in found)
            scored.body = max(
                (body_value(plan.in_body(word), n) for word, n in counts.items()), default=0.0
            )
            scored.spans = [(start, end) for start, end, _ in found]
        else:
            found = plan.hits(article.body)
            ends = Counter(end for _, _, end in found)
            scored.body = body_value(1.0, max(ends.values())) if ends else 0.0
            scored.spans = [(start, end) for start, end, _ in found]
        for name, weight in OTHER_FIELDS.items():
            if isinstance(plan, PhrasePlan):
                value = 1.0 if any(plan.hits(text) for text in article.texts(name)) else 0.0
            else:
                value = max(
                    (plan.in_field(word) for words in article.short_words[name] for word in words),
                    default=0.0,
                )
            if weight * value > scored.other:
                scored.other, scored.in_field = weight * value, name
        return scored


def field_spans(plan: Plan, text: str) -> list[tuple[int, int]]:
    """Where `plan` matches in a short field's text (a title, a note)."""
    if isinstance(plan, PhrasePlan):
        return [(start, end) for start, end, _ in plan.hits(text)]
    found = word_hits(text, plan.in_fields.keys(), (plan.prefix,) if plan.prefix else ())
    return [(start, end) for start, end, word in found if plan.in_field(word)]
