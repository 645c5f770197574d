"""Highlights, notes, bookmarks and undo through the real store, as the app and CLI use them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.annotate.anchor import Status
from reader.core.article import Article, ArticleMeta, Block
from reader.store.exchange import reanchor_library
from reader.store.highlights import NoteConflict
from reader.store.state import Store
from reader.store.undo import UndoConflict

PARAGRAPHS = [
    "Lighthouses were once kept by families who lived at the foot of the tower.",
    "Every night the keeper climbed the stairs, trimmed the wick and wound the clockwork.",
    "Automation ended the job in most countries before the end of the century.",
]


def article(paragraphs: list[str], digest: str, article_id: str = "light") -> Article:
    meta = ArticleMeta(
        id=article_id, path=f"/lib/{article_id}.md", title="Lighthouses", content_hash=digest
    )
    return Article(meta=meta, blocks=tuple(Block(text) for text in paragraphs))


def highlight_phrase(store: Store, art: Article, phrase: str, note: str = ""):  # type: ignore[no-untyped-def]
    start = art.body.index(phrase)
    return store.highlights.add(
        art.id, art.body, start, start + len(phrase), note=note, content_hash=art.meta.content_hash
    )


@pytest.fixture
def store(isolated_user: Path):  # type: ignore[no-untyped-def]
    with Store.open(isolated_user) as opened:
        yield opened


def test_highlight_is_saved_with_its_words_and_survives_reopening(
    store: Store, isolated_user: Path
) -> None:
    art = article(PARAGRAPHS, "v1")
    made = highlight_phrase(store, art, "trimmed the wick", note="lovely detail")
    assert art.body[made.start : made.end] == "trimmed the wick"
    assert made.status == Status.ANCHORED and made.revision == 1
    store.close()
    with Store.open(isolated_user) as again:
        (kept,) = again.highlights.for_article("light")
        assert kept == made
        assert again.highlights.counts() == {"light": 1}
        assert again.highlights.all() == [made]


def test_highlights_are_listed_in_reading_order(store: Store) -> None:
    art = article(PARAGRAPHS, "v1")
    later = highlight_phrase(store, art, "Automation ended the job")
    earlier = highlight_phrase(store, art, "Lighthouses were once kept")
    assert [h.id for h in store.highlights.for_article("light")] == [earlier.id, later.id]


def test_colour_and_delete(store: Store) -> None:
    art = article(PARAGRAPHS, "v1")
    made = highlight_phrase(store, art, "wound the clockwork")
    assert store.highlights.set_color(made.id, "green").color == "green"
    assert store.highlights.delete(made.id) is True
    assert store.highlights.delete(made.id) is False
    assert store.highlights.for_article("light") == []
    assert store.highlights.counts() == {}


def test_note_saved_twice_from_the_same_revision_is_a_conflict_with_both_texts(
    isolated_user: Path,
) -> None:
    art = article(PARAGRAPHS, "v1")
    with Store.open(isolated_user) as left, Store.open(isolated_user) as right:
        made = highlight_phrase(left, art, "trimmed the wick")
        opened_at = made.revision
        saved = left.highlights.set_note(made.id, "from the left window", opened_at)
        assert saved.revision == opened_at + 1
        with pytest.raises(NoteConflict) as caught:
            right.highlights.set_note(made.id, "from the right window", opened_at)
        assert caught.value.mine == "from the right window"
        assert caught.value.theirs == "from the left window"
        assert left.highlights.get(made.id).note == "from the left window"  # type: ignore[union-attr]
        # the editor re-bases on the revision it was told about, and nothing was lost
        merged = right.highlights.set_note(made.id, "left + right", caught.value.revision)
        assert merged.note == "left + right"


def test_saving_the_same_note_again_is_not_a_conflict(store: Store) -> None:
    made = highlight_phrase(store, article(PARAGRAPHS, "v1"), "wound the clockwork")
    store.highlights.set_note(made.id, "same", made.revision)
    assert store.highlights.set_note(made.id, "same", made.revision).note == "same"


def test_note_on_a_highlight_deleted_elsewhere_is_a_conflict(isolated_user: Path) -> None:
    art = article(PARAGRAPHS, "v1")
    with Store.open(isolated_user) as left, Store.open(isolated_user) as right:
        made = highlight_phrase(left, art, "wound the clockwork")
        right.highlights.delete(made.id)
        with pytest.raises(NoteConflict) as caught:
            left.highlights.set_note(made.id, "my thought", made.revision)
        assert caught.value.theirs is None and caught.value.mine == "my thought"


def test_undo_reverts_the_last_changes_in_order(store: Store) -> None:
    art = article(PARAGRAPHS, "v1")
    made = highlight_phrase(store, art, "trimmed the wick")
    noted = store.highlights.set_note(made.id, "first thought", made.revision)
    store.highlights.set_note(made.id, "second thought", noted.revision)
    store.highlights.delete(made.id)

    assert "deletion" in (store.undo() or "")
    assert store.highlights.get(made.id).note == "second thought"  # type: ignore[union-attr]
    assert "note" in (store.undo() or "")
    assert store.highlights.get(made.id).note == "first thought"  # type: ignore[union-attr]
    store.undo()
    assert store.highlights.get(made.id).note == ""  # type: ignore[union-attr]
    assert "highlight" in (store.undo() or "")
    assert store.highlights.for_article("light") == []
    assert store.undo() is None


def test_undo_restores_bookmarks(store: Store) -> None:
    assert store.bookmarks.toggle("light", position=40, label="stairs") is True
    assert store.bookmarks.toggle("light") is False
    store.undo()
    (mark,) = store.bookmarks.for_article("light")
    assert (mark.position, mark.label) == (40, "stairs")
    store.undo()
    assert store.bookmarks.all() == []


def test_undo_belongs_to_the_session_and_never_overwrites_another(isolated_user: Path) -> None:
    art = article(PARAGRAPHS, "v1")
    with Store.open(isolated_user) as left, Store.open(isolated_user) as right:
        made = highlight_phrase(left, art, "trimmed the wick")
        assert right.undo() is None  # not right's change to undo
        theirs = right.highlights.set_note(made.id, "right's note", made.revision)
        with pytest.raises(UndoConflict):
            left.undo()  # removing the highlight would lose right's note
        assert left.highlights.get(made.id) == theirs
        assert left.undo() is None


def test_several_bookmarks_per_article(store: Store) -> None:
    first = store.bookmarks.add("light", 10, "start")
    store.bookmarks.add("light", 200)
    store.bookmarks.add("other", 5)
    assert [b.position for b in store.bookmarks.for_article("light")] == [10, 200]
    assert len(store.bookmarks.all()) == 3
    assert store.bookmarks.delete(first.id) is True
    assert store.bookmarks.article_ids() == {"light", "other"}


def test_changed_externally_sees_other_processes_only(isolated_user: Path) -> None:
    with Store.open(isolated_user) as left, Store.open(isolated_user) as right:
        assert left.changed_externally() is False
        left.bookmarks.add("light", 1)
        assert left.changed_externally() is False  # our own write
        right.bookmarks.add("light", 2)
        assert left.changed_externally() is True
        assert left.changed_externally() is False
        assert len(left.bookmarks.for_article("light")) == 2


def test_reanchor_follows_edits_keeps_originals_and_deletes_nothing(store: Store) -> None:
    old = article(PARAGRAPHS, "v1")
    wick = highlight_phrase(store, old, "trimmed the wick", note="n1")
    gone = highlight_phrase(store, old, "Automation ended the job", note="n2")
    fixed = highlight_phrase(store, old, "lived at the foot of the tower")
    new = article(
        [
            "Lighthouses were once kept by families who lived at the foot of the towers.",
            "A new first sentence. Every night the keeper climbed the stairs, trimmed the wick "
            "and wound the clockwork.",
        ],
        "v2",
    )
    calls: list[tuple[int, int]] = []
    result = {
        h.id: h for h in store.highlights.reanchor(new, progress=lambda d, t: calls.append((d, t)))
    }
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert result[wick.id].status == Status.MOVED
    assert new.body[result[wick.id].start : result[wick.id].end] == "trimmed the wick"
    assert result[fixed.id].status == Status.FUZZY
    assert result[fixed.id].quote == "lived at the foot of the towers"
    assert result[fixed.id].original == "lived at the foot of the tower"
    assert result[gone.id].status == Status.ORPHANED
    assert result[gone.id].note == "n2" and result[gone.id].quote == "Automation ended the job"
    assert store.highlights.counts() == {"light": 3}
    # unchanged hash: nothing is matched again
    assert store.highlights.reanchor(new, progress=lambda d, t: calls.append((d, t))) == list(
        store.highlights.for_article("light")
    )
    assert len(calls) == 3


def test_reanchor_library_parses_only_changed_articles(store: Store) -> None:
    one = article(PARAGRAPHS, "v1", "one")
    two = article(PARAGRAPHS, "v1", "two")
    three = article(PARAGRAPHS, "v1", "three")  # no highlights: never parsed
    highlight_phrase(store, one, "trimmed the wick")
    highlight_phrase(store, two, "trimmed the wick")
    changed = article(["Preface.", *PARAGRAPHS], "v2", "two")
    current = {"one": one, "two": changed, "three": three}
    loaded: list[str] = []

    def load(meta: ArticleMeta) -> Article:
        loaded.append(meta.id)
        return current[meta.id]

    metas = [art.meta for art in current.values()]
    assert reanchor_library(store.highlights, metas, load) == 1
    assert loaded == ["two"]
    (moved,) = store.highlights.for_article("two")
    assert moved.status == Status.MOVED and moved.content_hash == "v2"
    assert reanchor_library(store.highlights, metas, load) == 0


def test_reanchor_library_keeps_highlights_of_unreadable_articles(store: Store) -> None:
    art = article(PARAGRAPHS, "v1")
    made = highlight_phrase(store, art, "trimmed the wick")

    def broken(meta: ArticleMeta) -> Article:
        raise OSError("gone")

    changed = article(PARAGRAPHS, "v2")
    assert reanchor_library(store.highlights, [changed.meta], broken) == 0
    assert store.highlights.for_article("light") == [made]


def test_memory_store_supports_highlights() -> None:
    with Store.memory() as store:
        made = highlight_phrase(store, article(PARAGRAPHS, "v1"), "trimmed the wick")
        assert store.highlights.for_article("light") == [made]
        assert store.undo() is not None
