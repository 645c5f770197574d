"""Accepting or dismissing what re-anchoring suggested for an orphaned or ambiguous highlight:
where it ends up, that neither is offered again for the same article version, and undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from msgspec.structs import replace

from reader.core.annotate.anchor import Status, reattach
from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, ArticleMeta, Block
from reader.store.state import Store
from reader.store.suggestions import Refused
from reader.store.undo import UndoConflict

FIRST = "Col. Smith met U.S. officials in Almaty on Monday. The talks ran late."
SECOND = "A second paragraph follows, about the yurts. It has two sentences."
THIRD = "A third paragraph closes the piece with a quiet last line."
#: The first sentence rewritten: a name and a place changed, the sentence after it too.
REWRITTEN = "It was cold. Col. Jones met U.S. officials in Astana on Monday. The talks were short."
QUOTE = "Col. Smith met U.S. officials in Almaty on Monday."
CANDIDATE = "It was cold. Col. Jones met U.S. officials in Astana on Monday."


def article(paragraphs: list[str], digest: str) -> Article:
    meta = ArticleMeta(id="convoy", path="/lib/convoy.md", title="The convoy", content_hash=digest)
    return Article(meta=meta, blocks=tuple(Block(text) for text in paragraphs))


OLD = article([FIRST, SECOND, THIRD], "v1")
EDITED = article([REWRITTEN, SECOND, THIRD], "v2")
#: The second and third paragraphs twice over: "about the yurts" fits both places as well.
TWICE = article(["Intro.", FIRST, SECOND, THIRD, FIRST, SECOND, THIRD], "v3")


@pytest.fixture
def store(isolated_user: Path) -> Iterator[Store]:
    with Store.open(isolated_user) as opened:
        yield opened


def highlight(store: Store, phrase: str, note: str = "") -> Highlight:
    start = OLD.body.index(phrase)
    return store.highlights.add(
        OLD.id, OLD.body, start, start + len(phrase), note=note, content_hash="v1"
    )


def orphan(store: Store) -> Highlight:
    """The first sentence highlighted, then rewritten: an orphan with a suggestion."""
    made = highlight(store, QUOTE, note="Who is Smith?")
    found = {h.id: h for h in store.highlights.reanchor(EDITED)}[made.id]
    assert found.status == Status.ORPHANED and found.suggestion == CANDIDATE
    return found


def as_shown(store: Store, shown: Highlight) -> Highlight | None:
    """The highlight as stored now, with the time of its last change as when it was `shown`."""
    now = store.highlights.get(shown.id)
    return None if now is None else replace(now, updated=shown.updated)


def accept_suggestion(store: Store, shown: Highlight, body: Article = EDITED) -> Highlight:
    assert shown.suggestion is not None and shown.suggestion_start is not None
    place = (shown.suggestion_start, shown.suggestion_start + len(shown.suggestion))
    return store.suggestions.accept(
        shown, body.body, body.meta.content_hash, place, shown.suggestion
    )


def test_an_orphan_offers_its_candidate_with_its_similarity_and_what_differs(
    store: Store,
) -> None:
    offered = orphan(store).offered
    assert offered is not None
    assert offered.text == CANDIDATE and 60 < offered.score < 90
    assert "“Smith” became “Jones”" in offered.differs


def test_accepting_moves_the_highlight_to_the_candidate_and_keeps_its_note(
    store: Store,
) -> None:
    shown = orphan(store)
    placed = accept_suggestion(store, shown)
    assert placed.status == Status.ANCHORED and placed.attached
    assert EDITED.body[placed.start : placed.end] == CANDIDATE == placed.quote
    assert placed.original == QUOTE and placed.note == "Who is Smith?"
    assert placed.suggestion is None and placed.offered is None
    # The same article version again: nothing is re-attached, it stays where the user put it.
    assert store.highlights.reanchor(EDITED) == [
        placed,
        *store.highlights.for_article("convoy")[1:],
    ]
    assert store.highlights.get(placed.id) == placed


def test_keeping_it_orphaned_dismisses_the_suggestion_for_this_version_only(
    store: Store,
) -> None:
    kept = store.suggestions.keep(orphan(store))
    assert kept.status == Status.ORPHANED and kept.suggestion is None and kept.offered is None
    assert store.highlights.reanchor(EDITED)[-1] == kept  # not offered again
    newer = article([REWRITTEN.replace("cold", "colder"), SECOND, THIRD], "v4")
    again = {h.id: h for h in store.highlights.reanchor(newer)}[kept.id]
    assert again.status == Status.ORPHANED and again.suggestion is not None


def test_accepting_and_keeping_are_undone_in_turn(store: Store) -> None:
    shown = orphan(store)
    accept_suggestion(store, shown)
    assert (
        store.undo()
        == "acceptance of the suggestion for “Col. Smith met U.S. officials in Almaty…”"
    )
    assert as_shown(store, shown) == shown
    store.suggestions.keep(shown)
    assert (store.undo() or "").startswith("dismissal of the suggestion for “Col. Smith")
    back = store.highlights.get(shown.id)
    assert back is not None and back.suggestion == CANDIDATE
    assert back.status == Status.ORPHANED
    assert accept_suggestion(store, back).status == Status.ANCHORED  # offered again: acceptable


def test_undoing_a_note_keeps_the_place_the_user_accepted(store: Store) -> None:
    placed = accept_suggestion(store, orphan(store))
    store.highlights.set_note(placed.id, "Jones, then", placed.revision)
    store.undo()
    now = store.highlights.get(placed.id)
    assert now is not None and now.note == "Who is Smith?"
    assert (now.status, now.start, now.quote) == (Status.ANCHORED, placed.start, CANDIDATE)


def test_a_second_key_on_the_same_highlight_changes_nothing(store: Store) -> None:
    shown = orphan(store)
    accept_suggestion(store, shown)
    with pytest.raises(Refused, match="attached"):
        accept_suggestion(store, shown)
    with pytest.raises(Refused, match="attached"):
        store.suggestions.keep(shown)
    store.undo()
    store.suggestions.keep(shown)
    with pytest.raises(Refused, match="changed since"):
        accept_suggestion(store, shown)  # shown with the suggestion it no longer has
    kept = store.highlights.get(shown.id)
    assert kept is not None
    with pytest.raises(Refused, match="no suggestion"):
        store.suggestions.keep(kept)


def test_words_no_longer_there_are_never_accepted(store: Store) -> None:
    shown = orphan(store)
    changed = article([REWRITTEN.replace("It was cold", "It rained"), SECOND, THIRD], "v5")
    with pytest.raises(ValueError, match="changed"):
        accept_suggestion(store, shown, changed)
    store.highlights.delete(shown.id)
    with pytest.raises(LookupError):
        accept_suggestion(store, shown)


def test_an_accepted_place_re_attached_since_cannot_be_undone(store: Store) -> None:
    placed = accept_suggestion(store, orphan(store))
    moved = article(["A new opening.", REWRITTEN, SECOND, THIRD], "v6")
    after = {h.id: h for h in store.highlights.reanchor(moved)}[placed.id]
    assert after.status == Status.MOVED
    with pytest.raises(UndoConflict, match="acceptance of the suggestion"):
        store.undo()
    assert store.highlights.get(placed.id) == after


def test_one_of_an_ambiguous_highlights_places_is_chosen(store: Store) -> None:
    made = highlight(store, "about the yurts")
    shown = {h.id: h for h in store.highlights.reanchor(TWICE)}[made.id]
    assert shown.status == Status.AMBIGUOUS
    places = reattach(shown.anchor, TWICE.body).candidates
    assert len(places) == 2
    second = places[1]
    placed = store.suggestions.accept(
        shown, TWICE.body, "v3", (second.start, second.end), second.text
    )
    assert (placed.status, placed.start) == (Status.ANCHORED, second.start)
    store.undo()
    kept = store.suggestions.keep(shown)
    assert kept.status == Status.ORPHANED and kept.suggestion is None
    store.undo()
    assert as_shown(store, shown) == shown
