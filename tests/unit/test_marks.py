"""Marks split a line into runs with the right kinds, whatever the overlap."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from reader.core.reading.marks import Mark, MarkSet


def test_no_marks_is_one_plain_run() -> None:
    assert MarkSet().pieces(10, 20) == [(10, 20, ())]


def test_mark_inside_a_line() -> None:
    marks = MarkSet([Mark(12, 15, "match")])
    assert marks.pieces(10, 20) == [(10, 12, ()), (12, 15, ("match",)), (15, 20, ())]


def test_mark_crossing_line_edges_is_clipped() -> None:
    marks = MarkSet([Mark(5, 12, "match"), Mark(18, 30, "match")])
    assert marks.pieces(10, 20) == [(10, 12, ("match",)), (12, 18, ()), (18, 20, ("match",))]


def test_overlapping_marks_stack() -> None:
    marks = MarkSet([Mark(10, 20, "highlight"), Mark(14, 16, "match")])
    assert marks.pieces(10, 20) == [
        (10, 14, ("highlight",)),
        (14, 16, ("highlight", "match")),
        (16, 20, ("highlight",)),
    ]


def test_long_mark_far_before_the_line_is_found() -> None:
    marks = MarkSet([Mark(0, 1000, "highlight"), Mark(500, 501, "match")])
    assert [mark.kind for mark in marks.overlapping(900, 910)] == ["highlight"]


@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40)), max_size=20),
    st.integers(0, 200),
    st.integers(1, 60),
)
def test_pieces_cover_the_line_and_agree_with_brute_force(
    raw: list[tuple[int, int]], start: int, length: int
) -> None:
    marks = [Mark(s, s + n, f"k{i}") for i, (s, n) in enumerate(raw)]
    end = start + length
    runs = MarkSet(marks).pieces(start, end)
    assert runs[0][0] == start and runs[-1][1] == end
    for (_, right, _), (left, _, _) in itertools.pairwise(runs):
        assert right == left
    for left, right, kinds in runs:
        for offset in range(left, right):
            expected = {m.kind for m in marks if m.start <= offset < m.end}
            assert set(kinds) == expected
