"""Scoring one query term over the whole index, and finding its matches in one text.

A term's score in an article is `combine(best non-body field match, best body match)`: the same
formula an exhaustive scan uses. The index answers it in two forms (`TermScores`):

- by article number, in O(1): one small code per article for the field match and one for the
  body match, and a table from the pair of codes to the score. Filling the codes is one plain
  assignment per posting (the postings are walked from the weakest value to the strongest, so
  the strongest is left), far cheaper than a dictionary of scores;
- best first, for pruning: the articles of each field-match value, then the body postings from
  the most valuable (the best word, the most occurrences) down (`stream`). Each entry carries a
  ceiling no article in it can exceed, so the ranking can stop reading long before the end.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.core.search.corpus import Corpus
from reader.core.search.query import (
    BYLINE_WEIGHT,
    EXTRA_WEIGHT,
    SOURCE_WEIGHT,
    TITLE_WEIGHT,
    body_value,
    combine,
)
from reader.core.search.vocab import WordMatch

#: Fields other than the body, strongest first (the order decides `SearchResult.field` on ties).
OTHER_FIELDS: dict[str, float] = {
    "title": TITLE_WEIGHT,
    "extra": EXTRA_WEIGHT,
    "source": SOURCE_WEIGHT,
    "byline": BYLINE_WEIGHT,
}

#: A letter outside ASCII: texts without one can be lower-cased instead of normalised word by word.
NON_ASCII_WORD = re.compile(r"(?![\x00-\x7f])[^\W_]")

#: Codes of up to 255 values fit a byte per article; more (many words of many lengths) take two.
_BYTE_CODES = 256

if TYPE_CHECKING:
    Codes = bytearray | array[int]
#: (ceiling, posting lists, exact): no article of the lists scores more than the ceiling for
#: this term; `exact` says every article not met earlier in the stream scores the ceiling.
Entry = tuple[float, tuple[Sequence[int], ...], bool]


@dataclass(slots=True)
class TermScores:
    """What one query term scores in each article (cached across keystrokes)."""

    other_codes: Codes
    body_codes: Codes
    other_values: list[float]
    body_values: list[float]
    #: `table[other code][body code]` is the term's score.
    table: list[list[float]]
    stream: list[Entry]
    #: Word ids the term matches in bodies / in the other fields (for snippets and spans).
    body_words: frozenset[int] = frozenset()
    other_words: frozenset[int] = frozenset()
    #: Similarity in the other fields of each word of `other_words` (to name the field).
    field_similarity: Mapping[int, float] = field(default_factory=dict)
    #: For phrases: the field each article's field match is in (words find it from the text).
    field_names: Mapping[int, str] | None = None

    def value(self, doc: int) -> float:
        return self.table[self.other_codes[doc]][self.body_codes[doc]]

    def other_value(self, doc: int) -> float:
        return self.other_values[self.other_codes[doc]]

    def body_value(self, doc: int) -> float:
        return self.body_values[self.body_codes[doc]]

    @property
    def size(self) -> int:
        return sum(len(docs) for _, lists, _ in self.stream for docs in lists)


def empty_scores(size: int) -> TermScores:
    return build_scores(size, {}, {})


def build_scores(
    size: int,
    other: Mapping[float, Sequence[Sequence[int]]],
    body: Mapping[float, Sequence[Sequence[int]]],
    words: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset()),
    field_similarity: Mapping[int, float] | None = None,
    field_names: Mapping[int, str] | None = None,
) -> TermScores:
    """A term's scores from its postings grouped by value: `other` by field-match value (field
    weight times similarity), `body` by body value; an article in several groups of one kind
    has the best of them. `words` are the word ids matched in bodies and in other fields."""
    other_codes, other_values = _codes(size, other)
    body_codes, body_values = _codes(size, body)
    table = [[combine(o, b) if o or b else 0.0 for b in body_values] for o in other_values]
    best_body = body_values[-1]
    stream: list[Entry] = [
        (combine(value, best_body), tuple(other[value]), not body)
        for value in reversed(other_values[1:])
    ]
    stream.extend((value, tuple(body[value]), True) for value in reversed(body_values[1:]))
    return TermScores(
        other_codes,
        body_codes,
        other_values,
        body_values,
        table,
        stream,
        words[0],
        words[1],
        field_similarity or {},
        field_names,
    )


def _codes(size: int, groups: Mapping[float, Sequence[Sequence[int]]]) -> tuple[Codes, list[float]]:
    values = [0.0, *sorted(groups)]
    codes: Codes = bytearray(size) if len(values) <= _BYTE_CODES else array("H", bytes(2 * size))
    for code, value in enumerate(values[1:], 1):  # weakest first: the best value is left
        for docs in groups[value]:
            for doc in docs:
                codes[doc] = code
    return codes, values


def word_scores(index: Corpus, word: str) -> TermScores:
    """Scores of a (fuzzy, prefix) word term in every article holding a word it may mean."""
    return scores_of_matches(index, index.vocabulary.matches(word))


def scores_of_matches(index: Corpus, matches: Sequence[WordMatch]) -> TermScores:
    """Scores of a term that means the words `matches` (with their similarities)."""
    body: dict[float, list[Sequence[int]]] = {}
    for word_id, _, similarity in matches:
        if similarity > 0.0:
            for level, docs in index.body_levels(word_id):
                body.setdefault(body_value(similarity, level), []).append(docs)
    other: dict[float, list[Sequence[int]]] = {}
    for name, weight in OTHER_FIELDS.items():
        postings = index.field_docs[name]
        for word_id, similarity, _ in matches:
            found = postings.get(word_id)
            if similarity > 0.0 and found:
                other.setdefault(weight * similarity, []).append(found)
    in_fields = {word_id: similarity for word_id, similarity, _ in matches if similarity > 0.0}
    in_bodies = frozenset(word_id for word_id, _, similarity in matches if similarity > 0.0)
    return build_scores(len(index.ids), other, body, (in_bodies, frozenset(in_fields)), in_fields)


def strongest_field(index: Corpus, scores: TermScores, doc: int) -> str | None:
    """The field of the term's best match in `doc`, if that is not the body."""
    other = scores.other_value(doc)
    if not other or other < scores.body_value(doc):
        return None
    if scores.field_names is not None:
        return scores.field_names.get(doc)
    for name, weight in OTHER_FIELDS.items():  # the first field reaching the best value
        for text in index.field_text(doc, name):
            for _, _, word_id in index.tokens(text):
                similarity = scores.field_similarity.get(word_id) if word_id is not None else None
                if similarity is not None and weight * similarity == other:
                    return name
    return None
