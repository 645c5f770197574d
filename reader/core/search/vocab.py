"""The library's vocabulary: every distinct normalised word, and which of them a query word means.

Scoring every article body against a query costs a quarter of a second at 10,000 articles, too
slow for search as you type. But a library of any size has only tens of thousands of distinct
words, so each query word is matched against those instead (exactly, as a prefix through a
sorted copy, and within one or two edits with rapidfuzz over words of a near length, or over the
beginnings of words for a word typed wrong on its way), and the inverted index then says which
articles hold the words found.

Words with more digits than a typo can change (article numbers, dates) are left out of the fuzzy
lists: a query word with digits is never fuzzy, and one without digits is further from them than
any forgiven typo, so leaving them out changes no result and spares scanning them.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

from rapidfuzz import process
from rapidfuzz.distance import OSA

from reader.core.search.query import (
    FUZZY_SIMILARITY,
    MIN_BODY_PREFIX,
    max_edits,
    prefix_similarity,
    typo_prefix_lengths,
    typo_prefix_similarity,
)

#: (word id, similarity in titles and other short fields, similarity in bodies)
WordMatch = tuple[int, float, float]

#: The most typos ever forgiven (`max_edits`), hence the most digits a fuzzy match can have.
_MOST_EDITS = len(FUZZY_SIMILARITY) - 1


def _fuzzy_candidate(word: str) -> bool:
    """At most as many digits as a typo can change (`str.isdecimal` is the regex `\\d`: the
    Unicode category Nd), counted without a regex: a library holds thousands of numbers."""
    return sum(map(str.isdecimal, word)) <= _MOST_EDITS


#: Words by length: (words, their ids).
_Buckets = dict[int, tuple[list[str], "array[int]"]]
#: Bump the first number whenever which bucket `of_sorted` files a word in changes
#: (`_fuzzy_candidate`): a vocabulary stored by another layout (`Vocabulary.parts`) is then read
#: from the index again. The most digits a typo can change is part of it by itself.
LAYOUT = 1 << 8 | _MOST_EDITS
#: A vocabulary's buckets as `Vocabulary.parts` gives them: (fuzzy, length, word ids).
Parts = list[tuple[bool, int, "array[int]"]]


class Vocabulary:
    """Distinct normalised words, numbered in order of first appearance (ids never change)."""

    def __init__(self, words: list[str] | None = None) -> None:
        self.words: list[str] = []
        self.ids: dict[str, int] = {}
        self._by_length: _Buckets = {}  # words a typo can reach (few digits)
        self._many_digits: _Buckets = {}  # the others (article numbers, dates)
        self._sorted: tuple[list[str], list[int]] | None = None
        self._beginnings: dict[int, list[str]] = {}
        #: The ids are the words' positions in sorted order (`of_sorted`, nothing added since).
        self._in_order = True
        for word in words or ():
            self.add(word)

    @classmethod
    def of_sorted(cls, words: list[str]) -> Vocabulary:
        """The vocabulary of `words` (sorted, distinct), built at once: numbered in that order,
        several times faster than adding them one by one."""
        vocabulary = cls()
        vocabulary.words = words
        vocabulary.ids = dict(zip(words, range(len(words)), strict=True))
        vocabulary._sorted = (list(words), list(range(len(words))))
        for word_id, word in enumerate(words):
            fuzzy = word.isalpha() or _fuzzy_candidate(word)
            buckets = vocabulary._by_length if fuzzy else vocabulary._many_digits
            bucket = buckets.get(len(word))
            if bucket is None:
                bucket = buckets[len(word)] = ([], array("I"))
            bucket[0].append(word)
            bucket[1].append(word_id)
        vocabulary._in_order = True
        return vocabulary

    @classmethod
    def of_parts(cls, words: list[str], parts: Parts) -> Vocabulary:
        """The vocabulary `parts` describes, over `words` (sorted, distinct): what `of_sorted`
        builds, without looking at each word again."""
        vocabulary = cls()
        vocabulary.words = words
        vocabulary.ids = dict(zip(words, range(len(words)), strict=True))
        vocabulary._sorted = (list(words), list(range(len(words))))
        for fuzzy, length, ids in parts:
            buckets = vocabulary._by_length if fuzzy else vocabulary._many_digits
            buckets[length] = (list(map(words.__getitem__, ids)), ids)
        vocabulary._in_order = True
        return vocabulary

    def parts(self) -> Parts | None:
        """The buckets, for `of_parts` to rebuild the vocabulary from its words; None once a
        word has been added after `of_sorted` (the ids are no longer the sorted positions)."""
        if not self._in_order:
            return None
        return [
            (fuzzy, length, ids)
            for fuzzy, buckets in ((True, self._by_length), (False, self._many_digits))
            for length, (_, ids) in sorted(buckets.items())
        ]

    def __len__(self) -> int:
        return len(self.words)

    def add(self, word: str) -> int:
        """The id of `word`, numbering it if it is new."""
        found = self.ids.get(word)
        if found is not None:
            return found
        word_id = len(self.words)
        self._in_order = False
        self.words.append(word)
        self.ids[word] = word_id
        buckets = self._by_length if _fuzzy_candidate(word) else self._many_digits
        bucket = buckets.get(len(word))
        if bucket is None:
            bucket = buckets[len(word)] = ([], array("I"))
        bucket[0].append(word)
        bucket[1].append(word_id)
        if self._sorted is not None:  # one article adds few new words: cheaper than a re-sort
            ordered, ids = self._sorted
            position = bisect_left(ordered, word)
            ordered.insert(position, word)
            ids.insert(position, word_id)
        self._beginnings.clear()
        return word_id

    def completions(self, prefix: str) -> list[int]:
        """Ids of every word starting with `prefix`, `prefix` itself included."""
        start, end = self._range(prefix)
        return self._ordered()[1][start:end]

    def matches(self, term: str) -> list[WordMatch]:
        """Every word `term` may mean, with its similarity; the same as `word_similarity`
        applied to every word, without looking at every word."""
        found: dict[int, list[float]] = {}
        exact = self.ids.get(term)
        if exact is not None:
            found[exact] = [1.0, 1.0]
        in_bodies = len(term) >= MIN_BODY_PREFIX
        ordered, ids = self._ordered()
        by_length: dict[int, float] = {}
        start, end = self._range(term)
        for position in range(start, end):
            length = len(ordered[position])
            if length == len(term):
                continue  # the term itself
            similarity = by_length.get(length)
            if similarity is None:
                similarity = by_length[length] = prefix_similarity(term, ordered[position])
            found[ids[position]] = [similarity, similarity if in_bodies else 0.0]
        edits = max_edits(term)
        if edits:
            self._fuzzy_words(term, edits, found)
            self._fuzzy_beginnings(term, edits, found)
        return [(word_id, pair[0], pair[1]) for word_id, pair in found.items()]

    def _fuzzy_words(self, term: str, edits: int, found: dict[int, list[float]]) -> None:
        for length in range(len(term) - edits, len(term) + edits + 1):
            bucket = self._by_length.get(length)
            if bucket is None:
                continue
            choices, ids = bucket
            for _, distance, index in process.extract(
                term, choices, scorer=OSA.distance, score_cutoff=edits, limit=None
            ):
                if distance:
                    _raise(found, ids[index], FUZZY_SIMILARITY[int(distance)])

    def _fuzzy_beginnings(self, term: str, edits: int, found: dict[int, list[float]]) -> None:
        """Words whose first letters are the term typed with a typo (`goverm` → government)."""
        ordered, ids = self._ordered()
        for length in typo_prefix_lengths(term):
            for beginning, distance, _ in process.extract(
                term,
                self._beginnings_of(length),
                scorer=OSA.distance,
                score_cutoff=edits,
                limit=None,
            ):
                if not distance:
                    continue
                start, end = self._range(beginning)
                for position in range(start, end):
                    word = ordered[position]
                    if len(word) > length:
                        similarity = typo_prefix_similarity(term, word, int(distance))
                        _raise(found, ids[position], similarity)

    def _beginnings_of(self, length: int) -> list[str]:
        """The distinct first `length` letters of longer words, those a typo can reach (kept
        until a word is added)."""
        cached = self._beginnings.get(length)
        if cached is None:
            found = {
                word[:length]
                for size, (words, _) in self._by_length.items()
                if size > length
                for word in words
            }
            found.update(
                beginning
                for size, (words, _) in self._many_digits.items()
                if size > length
                for word in words
                if _fuzzy_candidate(beginning := word[:length])
            )
            cached = self._beginnings[length] = sorted(found)
        return cached

    def _range(self, prefix: str) -> tuple[int, int]:
        """Positions in the sorted words of those starting with `prefix`."""
        ordered = self._ordered()[0]
        start = bisect_left(ordered, prefix)
        if not prefix:
            return start, len(ordered)
        last = ord(prefix[-1])
        if last < 0x10FFFF:
            return start, bisect_left(ordered, prefix[:-1] + chr(last + 1), start)
        end = start
        while end < len(ordered) and ordered[end].startswith(prefix):
            end += 1
        return start, end

    def _ordered(self) -> tuple[list[str], list[int]]:
        if self._sorted is None:
            ids = sorted(range(len(self.words)), key=self.words.__getitem__)
            self._sorted = ([self.words[word_id] for word_id in ids], ids)
        return self._sorted


def _raise(found: dict[int, list[float]], word_id: int, similarity: float) -> None:
    """Keep the better similarity a word has been found with, in fields and in bodies alike."""
    pair = found.setdefault(word_id, [0.0, 0.0])
    pair[0] = max(pair[0], similarity)
    pair[1] = max(pair[1], similarity)
