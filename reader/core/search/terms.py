"""What each term of a query means in this index, and what it scores in one article.

A word term means the indexed words `Lexicon.matches` finds for it, each with its similarity in
titles (and the other short fields) and in bodies; a phrase of one word means itself, or the
words it begins while its quote is open, exactly. Both become a `WordPlan`. A phrase of several
words becomes a `PhrasePlan`: its words in a row, the last one perhaps still being typed.

`Scored.of` scores a plan in one stored article by the formula of `query.py` (the same numbers
the index computes, to the last bit): the index finds and ranks, and this answers for the few
articles shown, and for the candidates whose exact phrase counts decide their place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reader.core.search.engine import StoredArticle
from reader.core.search.lexicon import Lexicon
from reader.core.search.phrase import phrase_hits, tokens, word_hits
from reader.core.search.query import (
    BYLINE_WEIGHT,
    EXTRA_WEIGHT,
    MIN_BODY_PREFIX,
    SOURCE_WEIGHT,
    TITLE_WEIGHT,
    Term,
    body_value,
    combine,
)

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
    the other short fields, and in bodies (a word absent from a mapping does not count there)."""

    in_fields: Mapping[str, float]
    in_bodies: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class PhrasePlan:
    """A phrase of several words in a row; its last word is one of `endings` (itself, or while
    its quote is open, any word it begins)."""

    words: tuple[str, ...]
    endings: frozenset[str]
    prefix: bool

    def hits(self, text: str) -> list[tuple[int, int, str]]:
        return phrase_hits(text, self.words, self.endings, self.prefix)

    def count(self, text: str) -> int:
        """How often the phrase occurs in `text`: while typed, as its most frequent completion."""
        found = Counter(end for _, _, end in self.hits(text))
        return max(found.values(), default=0)


Plan = WordPlan | PhrasePlan


def plan_term(term: Term, lexicon: Lexicon) -> Plan:
    """What `term` means in the index of `lexicon`."""
    if not term.phrase:
        matches = lexicon.matches(term.words[0])
        return WordPlan(
            {word: similarity for word, similarity, _ in matches if similarity > 0.0},
            {word: similarity for word, _, similarity in matches if similarity > 0.0},
        )
    last = term.words[-1]
    if len(term.words) == 1:
        in_bodies = not term.prefix or len(last) >= MIN_BODY_PREFIX
        endings = lexicon.completions(last, bodies=in_bodies) if term.prefix else [last]
        exact = dict.fromkeys(endings, 1.0)
        return WordPlan(exact, exact if in_bodies else {})
    endings = lexicon.completions(last) if term.prefix else [last]
    return PhrasePlan(term.words, frozenset(endings), term.prefix)


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
    def of(
        cls, plan: Plan, article: StoredArticle, body_hits: Sequence[tuple[int, int, str]]
    ) -> Scored:
        """`plan` in `article`; `body_hits` are the body's words of every word plan of the query
        (found once for them all)."""
        scored = cls()
        if isinstance(plan, WordPlan):
            counts = Counter(word for _, _, word in body_hits if word in plan.in_bodies)
            scored.body = max(
                (body_value(plan.in_bodies[word], n) for word, n in counts.items()), default=0.0
            )
            scored.spans = [(s, e) for s, e, word in body_hits if word in plan.in_bodies]
        else:
            found = plan.hits(article.body)
            counts = Counter(end for _, _, end in found)
            scored.body = body_value(1.0, max(counts.values())) if counts else 0.0
            scored.spans = [(start, end) for start, end, _ in found]
        for name, weight in OTHER_FIELDS.items():
            value = max((_short_value(plan, text) for text in article.texts(name)), default=0.0)
            if weight * value > scored.other:
                scored.other, scored.in_field = weight * value, name
        return scored


def _short_value(plan: Plan, text: str) -> float:
    """The best similarity of `plan` in a short field's text (1.0 for a phrase found in it)."""
    if isinstance(plan, PhrasePlan):
        return 1.0 if plan.hits(text) else 0.0
    return max((plan.in_fields.get(word, 0.0) for _, _, word in tokens(text)), default=0.0)


def field_spans(plan: Plan, text: str) -> list[tuple[int, int]]:
    """Where `plan` matches in a short field's text (a title, a note)."""
    if isinstance(plan, PhrasePlan):
        return [(start, end) for start, end, _ in plan.hits(text)]
    return [(start, end) for start, end, _ in word_hits(text, plan.in_fields.keys())]


def body_words(plans: Sequence[Plan]) -> set[str]:
    """The body words of every word plan, to find in a body in one pass."""
    return {word for plan in plans if isinstance(plan, WordPlan) for word in plan.in_bodies}
