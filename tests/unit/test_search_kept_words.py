"""The vocabulary kept beside the index: read back by a new process instead of from Tantivy,
and never stale (a changed index, a damaged file or another layout: read from Tantivy again)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.search import kept_words
from reader.core.search.cache import index_folder, load_index_file
from reader.core.search.index import SearchIndex
from reader.core.search.lexicon import Lexicon
from reader.core.search.vocab import Vocabulary
from tests.unit.test_search_store import LIBRARY, ids, make, opened


def reopened(path: Path) -> SearchIndex:
    """The stored index as a new process opens it."""
    index = load_index_file(path)
    assert index is not None
    return index


def refuse_tantivy(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: Lexicon) -> Vocabulary:
        raise AssertionError("the words were read from Tantivy")

    monkeypatch.setattr(Lexicon, "_read", refused)


def test_a_new_process_reads_the_kept_words_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "search.idx"
    first, _ = opened(path)
    assert ids(first, "harbor") == ["ships", "snow", "tents"]  # a typo: the vocabulary is read
    assert (index_folder(path) / kept_words.FILENAME).exists()
    read = first.vocabulary
    with monkeypatch.context() as refusing:
        refuse_tantivy(refusing)
        again = reopened(path)
        assert ids(again, "harbor") == ["ships", "snow", "tents"]
        assert again.vocabulary.words == read.words
        assert [again.vocabulary.matches(w) for w in ("yurst", "ledgr", "zurich")] == [
            read.matches(w) for w in ("yurst", "ledgr", "zurich")
        ]


def test_words_of_an_article_added_since_are_found(tmp_path: Path) -> None:
    path = tmp_path / "search.idx"
    first, _ = opened(path)
    assert ids(first, "glaceir") == []
    first.engine.settle()
    changed = [*LIBRARY, make("glacier", "Glacier notes", "Ice moves slowly.")]
    opened(path, changed)[0].engine.settle()  # another process: new segments
    assert ids(reopened(path), "glaceir") == ["glacier"]
    assert ids(reopened(path), "glaceir") == ["glacier"]  # kept again, for those segments


@pytest.mark.parametrize("damage", ["truncated", "flipped", "layout", "empty"])
def test_a_damaged_or_foreign_file_is_read_from_tantivy_again(
    tmp_path: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "search.idx"
    first, _ = opened(path)
    words = first.vocabulary.words
    kept = index_folder(path) / kept_words.FILENAME
    data = kept.read_bytes()
    if damage == "truncated":
        kept.write_bytes(data[: len(data) // 2])
    elif damage == "flipped":
        kept.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    elif damage == "layout":  # a later reader files words otherwise
        monkeypatch.setattr(kept_words, "LAYOUT", kept_words.LAYOUT + 1)
    else:
        kept.write_bytes(b"")
    again = reopened(path)
    assert again.vocabulary.words == words
    assert ids(again, "harbor") == ["ships", "snow", "tents"]
    assert kept_words.load(index_folder(path), str(again.engine.segments)) is not None


def test_the_parts_rebuild_the_vocabulary_of_sorted() -> None:
    words = sorted({"harbour", "harbor", "2024", "a1b2c3", "x9", "zürich", "ab", "déjà"})
    built = Vocabulary.of_sorted(words)
    parts = built.parts()
    assert parts is not None
    rebuilt = Vocabulary.of_parts(list(words), parts)
    for term in ("harbur", "2024", "zurich", "deja", "a1b2c"):
        assert rebuilt.matches(term) == built.matches(term)
    built.add("newword")
    assert built.parts() is None  # numbered out of order now: not kept
