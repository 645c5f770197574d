"""The reading pane's caret, selection, highlights and matches, as plain Python (no Textual)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotate.anchor import Status
from reader.core.annotate.highlight import COLORS, Highlight
from reader.core.article import Article, ArticleMeta, Block
from reader.core.reading.cursor import Cursor
from reader.core.reading.highlights import HighlightLayer
from reader.core.reading.layout import layout_body, layout_header
from reader.core.reading.marks import Mark
from reader.core.reading.matches import Matches

FIRST = "Col. Smith met U.S. officials in Almaty on Monday. The talks ran late. Nobody said no."
SECOND = "A second paragraph follows, about the yurts. It has two sentences."
THIRD = "A third paragraph closes the piece."

MOTIONS = [
    "left",
    "right",
    "word_next",
    "word_prev",
    "sentence_next",
    "sentence_prev",
    "paragraph_next",
    "paragraph_prev",
    "start",
    "end",
]


def article(*texts: str) -> Article:
    meta = ArticleMeta(id="convoy", path="/convoy.md", title="The convoy", source="Field Notes")
    return Article(meta, tuple(Block(text) for text in texts))


def loaded(width: int = 40, caret: int = 0) -> Cursor:
    cursor = Cursor()
    convoy = article(FIRST, SECOND, THIRD)
    cursor.load(convoy, caret)
    lines = layout_header(convoy.title, "", width)
    lines.extend(layout_body(convoy, width))
    cursor.lay_out(lines)
    return cursor


def at(cursor: Cursor) -> str:
    return cursor.body[cursor.caret : cursor.caret + 10]


def highlight(key: str, start: int, end: int, **changes: object) -> Highlight:
    fields: dict[str, object] = {
        "id": key,
        "article_id": "convoy",
        "quote": "",
        "original": "",
        "prefix": "",
        "suffix": "",
        "start": start,
        "end": end,
        "note": "",
        "color": "yellow",
        "status": Status.ANCHORED,
        "score": 1.0,
        "suggestion": None,
        "suggestion_start": None,
        "suggestion_end": None,
        "content_hash": "",
        "created": key,
        "updated": key,
        "revision": 1,
    }
    fields.update(changes)
    return Highlight(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("motion", MOTIONS)
def test_an_empty_cursor_has_nowhere_to_go(motion: str) -> None:
    cursor = Cursor()
    assert cursor.where(motion) is None
    assert cursor.rows_away(1) is None and cursor.rows_away(-30) is None
    assert cursor.target() is None and cursor.quote(None) is None
    assert cursor.offset_at(3, 4) is None
    cursor.go(12)
    cursor.toggle_selection()
    assert cursor.caret == 0 and cursor.selection is None


def test_motions_answer_where_the_caret_goes() -> None:
    cursor = loaded()
    assert cursor.where("word_next") == FIRST.index("Smith")
    cursor.go(FIRST.index("Smith"))
    assert cursor.where("word_prev") == 0
    # Abbreviations (Col., U.S.) do not end a sentence.
    assert cursor.where("sentence_next") == FIRST.index("The talks")
    assert cursor.where("paragraph_next") == cursor.body.index(SECOND)
    assert cursor.where("end") == len(cursor.body) - 1
    assert cursor.where("start") == 0
    assert cursor.caret == FIRST.index("Smith")  # asking never moves it
    with pytest.raises(ValueError, match="unknown motion"):
        cursor.where("sideways")


def test_stepping_right_off_a_paragraph_lands_on_the_next_one() -> None:
    cursor = loaded(caret=len(FIRST) - 1)
    right = cursor.where("right")
    assert right is not None
    cursor.go(right)
    assert at(cursor).startswith("A second")
    left = cursor.where("left")
    assert left is not None
    cursor.go(left)
    assert cursor.caret == len(FIRST) - 1


def test_line_moves_keep_their_column_across_short_lines() -> None:
    cursor = loaded(width=30)
    cursor.go(FIRST.index("met"))
    column = cursor.map.column_of(cursor.caret)
    for _ in range(6):
        below = cursor.rows_away(1)
        assert below is not None
        cursor.go(below, vertical=True)
    assert cursor.goal == column
    for _ in range(6):
        above = cursor.rows_away(-1)
        assert above is not None
        cursor.go(above, vertical=True)
    assert cursor.caret == FIRST.index("met")
    cursor.go(0)
    assert cursor.goal is None  # any other move forgets the column


def test_a_selection_snaps_to_whole_words_and_h_without_one_takes_the_sentence() -> None:
    cursor = loaded()
    assert cursor.target() == (0, FIRST.index(" The talks"))
    cursor.go(FIRST.index("mith"))
    cursor.toggle_selection()
    cursor.go(FIRST.index("U.S."))
    assert cursor.selection == (FIRST.index("mith"), FIRST.index("U.S.") + 1)
    start, end = cursor.target() or (0, 0)
    assert cursor.body[start:end] == "Smith met"
    cursor.settle_into(start, end)
    assert start <= cursor.caret < end
    cursor.toggle_selection()
    assert cursor.selection is None


def test_y_quotes_the_selection_or_the_highlight_with_its_note() -> None:
    cursor = loaded()
    assert cursor.quote(None) is None
    noted = highlight("a", 0, FIRST.index(" The talks"), note="Who is Smith?")
    text, what = cursor.quote(noted) or ("", "")
    assert what == "the highlight and its note"
    assert text.startswith("> Col. Smith met") and "— The convoy, Field Notes" in text
    assert text.rstrip().endswith("Who is Smith?")
    cursor.toggle_selection()
    cursor.go(FIRST.index("met") - 1)
    assert cursor.quote(noted) == (
        "> Col. Smith\n\n— The convoy, Field Notes\n",
        "the selection",
    )


def test_a_click_on_a_decoration_row_goes_to_the_text_below() -> None:
    cursor = loaded()
    assert cursor.offset_at(0, 0) == 0  # the title row
    first_body = cursor.map.body_rows[0]
    assert cursor.offset_at(first_body, 5) == 5


def test_motions_found_in_a_thread_are_kept_only_for_their_article() -> None:
    cursor = loaded()
    other = Cursor()
    other.load(article("Something else entirely. Yes."))
    cursor.provide_motions("another-article", other.motions)
    assert cursor.where("sentence_next") == FIRST.index("The talks")
    cursor.provide_motions("convoy", other.motions)
    assert cursor.motions is not other.motions  # built already: the first one stays


def test_highlight_layer_says_which_passages_look_different() -> None:
    layer = HighlightLayer([highlight("a", 0, 10), highlight("b", 20, 30)])
    assert layer.marks == [Mark(0, 10, "hl-yellow"), Mark(20, 30, "hl-yellow")]
    # A new note on "a" (the margin mark), "b" unchanged, "c" new, a revision alone: nothing.
    changed = layer.replace(
        [
            highlight("a", 0, 10, note="n", revision=2),
            highlight("b", 20, 30, revision=5),
            highlight("c", 40, 45, color="green"),
        ]
    )
    assert changed == [(0, 10), (40, 45)]
    assert layer.replace(list(layer.items)) == []
    # A deletion and a colour change; an orphan is never drawn, so losing it changes nothing.
    orphan = highlight("z", 5, 9, status=Status.ORPHANED)
    changed = layer.replace([highlight("a", 0, 10, note="n", color="blue"), orphan])
    assert changed == [(0, 10), (20, 30), (40, 45)]
    assert layer.at(6) is not None and layer.at(6).id == "a"  # type: ignore[union-attr]
    assert layer.notes == 1 and layer.noted_starts() == [0]


def test_nested_highlights_take_the_innermost_colour_and_the_caret_is_in_it() -> None:
    layer = HighlightLayer([highlight("outer", 0, 20), highlight("inner", 5, 10, color="pink")])
    assert layer.marks == [
        Mark(0, 5, "hl-yellow"),
        Mark(5, 10, "hl-pink"),
        Mark(10, 20, "hl-yellow"),
    ]
    assert layer.at(7).id == "inner"  # type: ignore[union-attr]
    assert layer.at(12).id == "outer"  # type: ignore[union-attr]


def test_jumping_between_highlights_goes_round() -> None:
    layer = HighlightLayer([highlight("a", 30, 40), highlight("b", 5, 9), highlight("c", 60, 70)])
    assert layer.next_start(0, 1) == 5
    assert layer.next_start(30, 1) == 60
    assert layer.next_start(65, 1) == 5
    assert layer.next_start(30, -1) == 5
    assert layer.next_start(5, -1) == 60
    assert HighlightLayer().next_start(3, 1) is None


def test_a_requested_highlight_is_pending_until_the_highlights_come_back() -> None:
    layer = HighlightLayer()
    layer.requested = (10, 20)
    assert layer.pending_at(15) == (10, 20) and layer.pending_at(20) is None
    layer.add(highlight("a", 10, 20))
    assert layer.pending_at(15) is None
    layer.requested = (30, 40)
    layer.replace([])
    assert layer.pending_at(35) is None


def test_matches_start_at_the_passage_and_walk_round() -> None:
    matches = Matches([(50, 55), (10, 15), (90, 95)], at=40)
    assert matches.current == (50, 55)
    assert matches.step(1) == 90
    assert matches.step(1) == 10
    assert matches.step(-1) == 90
    assert Matches([(10, 15)], at=99).current == (10, 15)
    matches.reset()
    assert not matches and matches.current is None and matches.step(1) is None


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.integers(1, 30), st.sampled_from(COLORS)), max_size=25
    )
)
def test_overlapping_highlights_flatten_to_the_innermost_colour(
    spans: list[tuple[int, int, str]],
) -> None:
    items = [
        highlight(f"{index:03d}", start, start + length, color=color)
        for index, (start, length, color) in enumerate(spans)
    ]
    marks = HighlightLayer(items).marks
    assert all(a.end <= b.start for a, b in itertools.pairwise(marks))
    for offset in range(95):
        inner = min(
            (item for item in items if item.start <= offset < item.end),
            key=lambda item: (item.end - item.start, item.created),
            default=None,
        )
        drawn = next((mark.kind for mark in marks if mark.start <= offset < mark.end), None)
        assert drawn == (None if inner is None else f"hl-{inner.color}")


def test_a_notes_the_highlight_under_the_caret_else_the_one_asked_else_the_target() -> None:
    layer = HighlightLayer([highlight("a", 10, 20)])
    sentence = (30, 45)
    assert layer.note_passage(12, False, lambda: sentence)[1:] == (10, 20)
    assert layer.note_passage(12, True, lambda: (11, 13)) == (None, 11, 13)  # the selection
    layer.requested = (50, 60)
    assert layer.note_passage(55, False, lambda: sentence) == (None, 50, 60)
    assert layer.note_passage(35, False, lambda: sentence) == (None, 30, 45)
    assert layer.note_passage(70, False, lambda: None) == (None, 70, 71)
