"""What scoring, phrase matching and snippets read from the search index, as a protocol.

`SearchIndex` (in `index.py`) builds on `terms`, `phrase` and `results`; those in turn read the
index's columns and postings. Naming what they read here, below all of them, keeps the arrows
pointing one way (no import cycle, not even a type-only one) and shows at a glance which parts of
the index the scoring code depends on.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Protocol

from reader.core.search.vocab import Vocabulary


class Corpus(Protocol):
    """The read side of a search index: documents are numbered, words have ids."""

    vocabulary: Vocabulary
    ids: list[str | None]
    titles: list[str]
    bodies: list[bytes]
    field_docs: dict[str, dict[int, array[int]]]
    extras: dict[int, tuple[str, ...]]

    @property
    def removed(self) -> frozenset[int]:
        """Document numbers of removed articles."""
        ...

    def body_levels(self, word_id: int) -> Iterator[tuple[int, array[int]]]:
        """(occurrence level, articles) of a word's body postings."""
        ...

    def word_docs(self, word_id: int) -> set[int]:
        """Every article whose body holds the word."""
        ...

    def body_text(self, doc: int) -> str:
        """The body of a document, decoded."""
        ...

    def field_text(self, doc: int, name: str) -> Sequence[str]:
        """The texts of a non-body field of a document (several for extras)."""
        ...

    def tokens(self, text: str) -> list[tuple[int, int, int | None]]:
        """(start, end, word id) of every word of `text`."""
        ...
