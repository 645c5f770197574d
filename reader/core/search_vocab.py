"""The library's vocabulary: every distinct normalised word, and which of them a query word means.

Scoring every article body against a query costs a quarter of a second at 10,000 articles, too
slow for search as you type. But a library of any size has only tens of thousands of distinct
words, so each query word is matched against those instead (exactly, as a prefix through a
sorted copy, and within one or two edits with rapidfuzz over words of a near length), and the
inverted index then says which articles hold the words found.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, insort

from rapidfuzz import process
from rapidfuzz.distance import OSA

from reader.core.search import (
    FUZZY_SIMILARITY,
    MIN_BODY_PREFIX,
    max_edits,
    prefix_similarity,
)

#: (word id, similarity in titles and other short fields, similarity in bodies)
WordMatch = tuple[int, float, float]


class Vocabulary:
    """Distinct normalised words, numbered in order of first appearance (ids never change)."""

    def __init__(self, words: list[str] | None = None) -> None:
        self.words: list[str] = []
        self.ids: dict[str, int] = {}
        self._by_length: dict[int, tuple[list[str], array[int]]] = {}
        self._sorted: list[str] | None = None
        for word in words or ():
            self.add(word)

    def __len__(self) -> int:
        return len(self.words)

    def add(self, word: str) -> int:
        """The id of `word`, numbering it if it is new."""
        found = self.ids.get(word)
        if found is not None:
            return found
        word_id = len(self.words)
        self.words.append(word)
        self.ids[word] = word_id
        bucket = self._by_length.get(len(word))
        if bucket is None:
            bucket = self._by_length[len(word)] = ([], array("I"))
        bucket[0].append(word)
        bucket[1].append(word_id)
        if self._sorted is not None:
            insort(self._sorted, word)  # one article adds few new words: cheaper than a re-sort
        return word_id

    def matches(self, term: str) -> list[WordMatch]:
        """Every word `term` may mean, with its similarity; the same as `word_similarity`
        applied to every word, without looking at every word."""
        found: dict[int, list[float]] = {}
        exact = self.ids.get(term)
        if exact is not None:
            found[exact] = [1.0, 1.0]
        in_bodies = len(term) >= MIN_BODY_PREFIX
        ordered = self._ordered()
        position = bisect_left(ordered, term)
        while position < len(ordered) and ordered[position].startswith(term):
            word = ordered[position]
            position += 1
            if word == term:
                continue
            similarity = prefix_similarity(term, word)
            found[self.ids[word]] = [similarity, similarity if in_bodies else 0.0]
        edits = max_edits(term)
        if edits:
            for length in range(len(term) - edits, len(term) + edits + 1):
                bucket = self._by_length.get(length)
                if bucket is None:
                    continue
                choices, ids = bucket
                for _, distance, index in process.extract(
                    term, choices, scorer=OSA.distance, score_cutoff=edits, limit=None
                ):
                    if distance == 0:
                        continue
                    similarity = FUZZY_SIMILARITY[int(distance)]
                    pair = found.setdefault(ids[index], [0.0, 0.0])
                    pair[0] = max(pair[0], similarity)
                    pair[1] = max(pair[1], similarity)
        return [(word_id, pair[0], pair[1]) for word_id, pair in found.items()]

    def _ordered(self) -> list[str]:
        if self._sorted is None:
            self._sorted = sorted(self.words)
        return self._sorted
