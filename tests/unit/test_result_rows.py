"""Search results laid out for a width: whole titles, snippets led in to their first match."""

from __future__ import annotations

from reader.core.search.query import SearchResult
from reader.ui.search.rows import SNIPPET_LINES, answer_rows, lead_in, result_rows, wrapped

SNIPPET = (
    "Russian President Vladimir Putin on Monday declared victory in defending Kazakhstan from "
    "what he described as a foreign-backed terrorist uprising, and promised…"
)
MATCH = SNIPPET.index("Kazakhstan")
TITLE = "Putin declared victory in Kazakhstan, and other things said in a very long title"


def result(snippet: str = SNIPPET, title: str = TITLE) -> SearchResult:
    found = title.find("Kazakhstan")
    return SearchResult(
        id="a",
        title=title,
        score=1.0,
        snippet=snippet,
        snippet_spans=((MATCH, MATCH + 10),) if snippet == SNIPPET else (),
        title_spans=((found, found + 10),) if found >= 0 else (),
    )


def test_the_title_is_wrapped_whole_and_keeps_its_emphasis() -> None:
    rows = [row for row in result_rows(0, result(), 30) if row.kind == "title"]
    assert " ".join(row.text for row in rows) == TITLE
    assert all(len(row.text) <= 30 for row in rows)
    marked = [row.text[a:b] for row in rows for a, b in row.spans]
    assert marked == ["Kazakhstan"]


def test_the_snippet_starts_a_few_words_before_its_match_and_fills_its_lines() -> None:
    rows = [row for row in result_rows(0, result(), 34) if row.kind == "snippet"]
    assert len(rows) == SNIPPET_LINES
    first = rows[0]
    assert first.text.startswith("…") and "Kazakhstan" in first.text
    assert [first.text[a:b] for a, b in first.spans] == ["Kazakhstan"]
    assert rows[-1].text.endswith("…")
    assert all(len(row.text) <= 34 for row in rows)


def test_a_match_near_the_start_keeps_the_snippet_whole() -> None:
    text, spans = lead_in("The word is here.", ((4, 8),))
    assert (text, spans) == ("The word is here.", ((4, 8),))


def test_a_long_text_is_cut_with_an_ellipsis_at_its_last_line() -> None:
    lines = wrapped("one two three four five six seven", (), 9, 2)
    assert [text for text, _ in lines] == ["one two", "three…"]


def test_results_are_separated_and_a_message_closes_the_answer() -> None:
    rows, starts = answer_rows([result(), result(snippet="Short.")], "", 40)
    assert starts[0] == 0 and rows[starts[1] - 1].kind == "gap"
    assert {row.result for row in rows if row.kind != "gap"} == {0, 1}
    rows, starts = answer_rows([], "Nothing found for 'x'.", 40)
    assert (starts, [row.kind for row in rows]) == ([], ["message"])
