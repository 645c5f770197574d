"""Quoted phrases: where the words occur in a row, in order, the last one perhaps still typed.

The index keeps no word positions (they would double its size), so a phrase of several words is
checked in the text of the articles holding all its words. That is the one costly step of a
search, so it is done once per phrase as typed: what a phrase found is kept, with the word each
occurrence ended in, and the next keystroke narrows it instead of reading the texts again —
`"river va` keeps the occurrences of `"river v` that go on with "va", and `"river valley b`
reads only the articles where "river valley" was found.

A one-word phrase is a word matched exactly (no typo forgiven), and answered from the postings.
An open phrase's last word matches the words it begins, and the phrase scores in a body as its
most frequent completion there (a one-word open phrase of fewer than `MIN_BODY_PREFIX` letters
completes only in titles and other short fields, as a word being typed does).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from reader.core.search.corpus import Corpus
from reader.core.search.query import MIN_BODY_PREFIX, Term, body_value
from reader.core.search.terms import (
    NON_ASCII_WORD,
    OTHER_FIELDS,
    TermScores,
    build_scores,
    empty_scores,
    scores_of_matches,
)

#: Phrases whose occurrences are kept for the next keystrokes.
_KEPT = 8
#: A last word still typed that begins more words than this is not looked up in the postings.
_FEW_ENDINGS = 8

#: (start, end, word id of the last word) of one occurrence of a phrase in a text.
Hit = tuple[int, int, int]


@dataclass(slots=True)
class Found:
    """Where a phrase of several words occurs: per article, how often it ends in each word, in
    the body and in each other field."""

    body: dict[int, dict[int, int]]
    fields: dict[str, dict[int, set[int]]]


class PhraseCache:
    """The occurrences of the last phrases typed (emptied whenever the index changes)."""

    def __init__(self) -> None:
        self._found: OrderedDict[Term, Found] = OrderedDict()

    def clear(self) -> None:
        self._found.clear()

    def scores(self, index: Corpus, term: Term) -> TermScores:
        """The term's scores in every article where the phrase occurs."""
        ends = last_words(index, term)
        fixed = [index.vocabulary.ids.get(word) for word in term.words[:-1]]
        if not ends or None in fixed:
            return empty_scores(len(index.ids))
        if len(term.words) == 1:
            in_bodies = not term.prefix or len(term.words[0]) >= MIN_BODY_PREFIX
            return scores_of_matches(index, [(end, 1.0, 1.0 if in_bodies else 0.0) for end in ends])
        found = self._find(index, term, ends)
        self._found[term] = found
        while len(self._found) > _KEPT:
            self._found.popitem(last=False)
        return _scores(index, found, ends, {word_id for word_id in fixed if word_id is not None})

    def _find(self, index: Corpus, term: Term, ends: Collection[int]) -> Found:
        wider = [(old, found) for old, found in self._found.items() if covers(old, term)]
        if wider:
            old, found = min(wider, key=lambda pair: len(pair[1].body))
            self._found.move_to_end(old)
            if len(old.words) == len(term.words):  # only the last word grew: no text to read
                return _narrow(found, ends)
            body_docs: Iterable[int] = found.body
            field_docs: dict[str, Iterable[int]] = dict(found.fields.items())
        else:
            body_docs = _holding(index, term, ends, index.word_docs)
            field_docs = {
                name: _holding(index, term, ends, index.field_docs[name].get)
                for name in OTHER_FIELDS
            }
        body: dict[int, dict[int, int]] = {}
        for doc in body_docs:
            counts = _count(_body_hits(index, doc, term))
            if counts:
                body[doc] = counts
        fields: dict[str, dict[int, set[int]]] = {}
        for name, docs in field_docs.items():
            fields[name] = {}
            for doc in docs:
                seen = {
                    end
                    for text in index.field_text(doc, name)
                    for _, _, end in hits(index, text, term)
                }
                if seen:
                    fields[name][doc] = seen
        return Found(body, fields)


def last_words(index: Corpus, term: Term) -> list[int]:
    """Ids of the words the phrase's last word may be: itself, or all it begins if still typed."""
    last = term.words[-1]
    if term.prefix:
        return index.vocabulary.completions(last)
    word_id = index.vocabulary.ids.get(last)
    return [] if word_id is None else [word_id]


def covers(wider: Term, term: Term) -> bool:
    """Whether every occurrence of `term` is inside an occurrence of the phrase `wider` (both
    of several words): `wider` is `term` cut short, or with its last word less typed."""
    if len(wider.words) < 2 or len(wider.words) > len(term.words):
        return False
    last = len(wider.words) - 1
    if wider.words[:last] != term.words[:last]:
        return False
    if wider.prefix:
        return term.words[last].startswith(wider.words[last])
    return term.words[last] == wider.words[last] and (last < len(term.words) - 1 or not term.prefix)


def _narrow(found: Found, ends: Collection[int]) -> Found:
    wanted = set(ends)
    body = {}
    for doc, counts in found.body.items():
        kept = {end: count for end, count in counts.items() if end in wanted}
        if kept:
            body[doc] = kept
    fields = {
        name: {doc: seen & wanted for doc, seen in docs.items() if seen & wanted}
        for name, docs in found.fields.items()
    }
    return Found(body, fields)


def _scores(index: Corpus, found: Found, ends: Collection[int], fixed: set[int]) -> TermScores:
    wanted = set(ends)
    body: dict[float, list[int]] = {}
    for doc, counts in found.body.items():
        most = max((count for end, count in counts.items() if end in wanted), default=0)
        if most:
            body.setdefault(body_value(1.0, most), []).append(doc)
    other: dict[float, list[list[int]]] = {}
    names: dict[int, str] = {}
    for name, weight in OTHER_FIELDS.items():
        docs = [doc for doc, seen in found.fields.get(name, {}).items() if seen & wanted]
        fresh = [doc for doc in docs if doc not in names]  # a stronger field came first
        names.update(dict.fromkeys(fresh, name))
        if fresh:
            other.setdefault(weight, []).append(fresh)
    words = frozenset(fixed | wanted)
    grouped = {value: [docs] for value, docs in body.items()}
    return build_scores(len(index.ids), other, grouped, (words, words), field_names=names)


def _count(found: list[Hit]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _, _, end in found:
        counts[end] = counts.get(end, 0) + 1
    return counts


def _holding(
    index: Corpus,
    term: Term,
    ends: Collection[int],
    docs_of: Callable[[int], Iterable[int] | None],
) -> set[int]:
    """Articles holding every fixed word of the phrase and one of its possible last words (or
    a superset: when the last word begins too many words to say much, it is left to the text)."""
    fixed = [index.vocabulary.ids[word] for word in term.words[:-1]]
    sets = sorted((set(docs_of(word_id) or ()) for word_id in dict.fromkeys(fixed)), key=len)
    held = sets[0]
    for other in sets[1:]:
        held &= other
    if len(ends) <= _FEW_ENDINGS:
        last: set[int] = set()
        for end in ends:
            last.update(docs_of(end) or ())
        held &= last
    return held - index.removed


def phrase_spans(index: Corpus, text: str, term: Term) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the phrase in `text`."""
    ends = set(last_words(index, term))
    return [(start, end) for start, end, last in hits(index, text, term) if last in ends]


def hits(index: Corpus, text: str, term: Term) -> list[Hit]:
    """Every occurrence of the phrase in `text` (overlapping ones too), with its last word.

    A text whose letters are all ASCII (most articles, whatever their punctuation) is searched
    lower-cased with one regular expression, which is exactly word-by-word comparison there
    and far faster than tokenising; other texts are tokenised.
    """
    if all(word.isascii() for word in term.words) and (
        text.isascii() or NON_ASCII_WORD.search(text) is None
    ):
        lowered = text.lower()  # same length: only ASCII letters change case here
        pattern = _pattern(term.words, term.prefix)
        ids = index.vocabulary.ids
        found: list[Hit] = []
        match = pattern.search(lowered)
        while match is not None:  # restart one character on: overlapping occurrences count
            start = match.start()
            if start == 0 or not lowered[start - 1].isalnum():
                end = ids.get(match.group(1))
                if end is not None:
                    found.append((start, match.end(), end))
            match = pattern.search(lowered, start + 1)
        return found
    return _token_hits(index, text, term)


def _body_hits(index: Corpus, doc: int, term: Term) -> list[Hit]:
    """`hits` in an article's body; an ASCII body is searched as bytes, without decoding it."""
    raw = index.bodies[doc]
    if not raw.isascii() or not all(word.isascii() for word in term.words):
        return hits(index, raw.decode("utf-8"), term)
    pattern = _pattern_bytes(term.words, term.prefix)
    lowered = raw.lower()
    ids = index.vocabulary.ids
    found: list[Hit] = []
    match = pattern.search(lowered)
    while match is not None:  # as in `hits`: overlapping occurrences count
        start = match.start()
        if start == 0 or not lowered[start - 1 : start].isalnum():
            end = ids.get(match.group(1).decode("ascii"))
            if end is not None:
                found.append((start, match.end(), end))
        match = pattern.search(lowered, start + 1)
    return found


def _token_hits(index: Corpus, text: str, term: Term) -> list[Hit]:
    vocabulary = index.vocabulary
    fixed = [vocabulary.ids.get(word) for word in term.words[:-1]]
    last = term.words[-1]
    tokens = index.tokens(text)
    size = len(term.words)
    found: list[Hit] = []
    for position in range(len(tokens) - size + 1):
        if any(tokens[position + k][2] != fixed[k] for k in range(size - 1)):
            continue
        end = tokens[position + size - 1][2]
        if end is None:
            continue
        word = vocabulary.words[end]
        if word == last or (term.prefix and word.startswith(last)):
            found.append((tokens[position][0], tokens[position + size - 1][1], end))
    return found


@lru_cache(maxsize=64)
def _pattern_bytes(words: tuple[str, ...], prefix: bool) -> re.Pattern[bytes]:
    """`_pattern` for ASCII bytes, where `\\w` means exactly what it means in ASCII text."""
    return re.compile(_pattern(words, prefix).pattern.encode("ascii"))


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    """The words in a row, separated by anything that is not a word character, the last one
    captured (and completed if `prefix`); a leading literal lets `re` skip ahead fast."""
    last = re.escape(words[-1]) + (r"[^\W_]*" if prefix else "")
    head = "".join(re.escape(word) + r"[\W_]+" for word in words[:-1])
    return re.compile(rf"{head}({last})(?![^\W_])")
