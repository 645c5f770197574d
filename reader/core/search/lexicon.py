"""Which indexed words a typed word may mean, read from the index's own word lists.

A word typed short enough that no typo is forgiven in it (`max_edits` is 0: under four letters,
or with a digit) means itself and the words it begins; Tantivy answers that from its sorted
term dictionaries directly, so the first keystrokes of a search load nothing. Longer words may
carry typos, which only our `Vocabulary` finds (rapidfuzz over the words of a near length, and
over the beginnings of words for a word typed wrong on its way); it is built from the index's
words the first time one is needed (or from the copy kept beside the index, `kept_words`, while
the index holds the same segments), and kept current as articles are added.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from reader.core.search import kept_words
from reader.core.search.engine import Engine
from reader.core.search.query import max_edits
from reader.core.search.schema import SHORT_FIELDS
from reader.core.search.vocab import Vocabulary

#: (word, similarity in titles and other short fields, similarity in bodies)
Meaning = tuple[str, float, float]
_FIELDS = (*SHORT_FIELDS, "body")


class Lexicon:
    """The words of one index, as `Vocabulary.matches` sees them, loaded only when needed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._vocabulary: Vocabulary | None = None
        self._lock = threading.Lock()

    def matches(self, term: str) -> list[Meaning]:
        """The indexed words `term` may mean with their similarity (`word_similarity`), but for
        the words it begins: those the plan matches by their beginning (`WordPlan.prefix`)."""
        if not max_edits(term):
            return [(term, 1.0, 1.0)]
        vocabulary = self.vocabulary()
        return [
            (word, in_fields, in_bodies)
            for word_id, in_fields, in_bodies in vocabulary.matches(term)
            if not (len(word := vocabulary.words[word_id]) > len(term) and word.startswith(term))
        ]

    def completions(self, prefix: str, *, bodies: bool = True) -> list[str]:
        """The indexed words beginning with `prefix` (itself included when indexed), sorted;
        without `bodies`, only those of titles and the other short fields."""
        fields = _FIELDS if bodies else SHORT_FIELDS
        return sorted({word for field in fields for word in self._engine.words(field, prefix)})

    def vocabulary(self) -> Vocabulary:
        """Every indexed word (loaded once; safe to call from several threads)."""
        with self._lock:
            if self._vocabulary is None:
                folder, segments = self._engine.folder, self._engine.segments
                if folder is not None and segments is not None:
                    self._vocabulary = kept_words.load(folder, segments)
                if self._vocabulary is None:
                    self._vocabulary = self._read()
                    if folder is not None and segments is not None:
                        kept_words.save(folder, segments, self._vocabulary)
            return self._vocabulary

    def _read(self) -> Vocabulary:
        """Every indexed word, from Tantivy's dictionaries."""
        words: set[str] = set()
        for field in _FIELDS:
            words.update(self._engine.words(field, ""))
        return Vocabulary.of_sorted(sorted(words))

    def beginning(self, field: str, prefix: str) -> list[str]:
        """The words of `field` beginning with `prefix` (for "tf": `word_LEVEL` terms)."""
        return self._engine.words(field, prefix)

    def beginning_at_least(self, field: str, prefix: str, count: int) -> bool:
        """Whether `field` has at least `count` words beginning with `prefix`."""
        return self._engine.count_words(field, prefix, count) >= count

    def present(self, field: str, words: Iterable[str]) -> list[str]:
        """Those of `words` that `field` holds (in some article, perhaps one removed since)."""
        return self._engine.present(field, words)

    def levels(self, word: str) -> list[int]:
        """The occurrence levels (`tf_level`) `word` has in some body."""
        found = self._engine.words("tf", f"{word}_")
        return sorted(int(term.rpartition("_")[2]) for term in found)

    @property
    def loaded(self) -> bool:
        return self._vocabulary is not None

    def forget(self) -> None:
        """Drop the vocabulary (it is read again when next needed)."""
        with self._lock:
            self._vocabulary = None

    def learn(self, words: set[str]) -> None:
        """Words of articles just added, so a loaded vocabulary stays complete."""
        with self._lock:
            if self._vocabulary is not None:
                for word in sorted(words):
                    self._vocabulary.add(word)
