"""Styled text and tables laid out: styles and column padding are drawn beside the body text,
so every line's text is still the body's, one character for one."""

from __future__ import annotations

from reader.core.article import Article
from reader.core.reading.caret import TextMap
from reader.core.reading.layout import Line, layout_body
from reader.core.text.parse import parse_bytes

TABLE = (
    "# T\n\nBefore **bold** and *em* text.\n\n"
    "| Name | Value |\n|---|--:|\n| *a* | 1 |\n| bbbbb | `22` |\n| 東京 | |\n\nAfter.\n"
)


def article(text: str) -> Article:
    return parse_bytes(text.encode(), path="t.md", relative_path="t.md")


def drawn(line: Line) -> str:
    """The line as the pane draws it: prefix, pads and text."""
    out = line.prefix
    for start, end, _, pad in line.runs(line.start, line.end):
        out += " " * pad + line.text[start - line.start : end - line.start]
    return out if line.is_body else line.text


def test_every_body_line_is_its_body_text() -> None:
    rich = article(TABLE)
    for width in (80, 12, 5):
        for line in layout_body(rich, width):
            if line.is_body:
                assert line.text == rich.body[line.start : line.end].replace("\t", "│").replace(
                    "\n", " "
                )


def test_styles_are_per_line_in_body_offsets() -> None:
    rich = article(TABLE)
    lines = layout_body(rich, 80)
    body = rich.body
    assert [(body[a:b], kind) for a, b, kind in lines[0].styles] == [
        ("bold", "strong"),
        ("em", "emphasis"),
    ]
    narrow = layout_body(rich, 8)
    assert [(body[a:b], kind) for line in narrow[:3] for a, b, kind in line.styles] == [
        ("bold", "strong"),
        ("em", "emphasis"),
    ]


def test_a_table_that_fits_is_drawn_in_columns() -> None:
    lines = [line for line in layout_body(article(TABLE), 40) if line.block == 1]
    assert [drawn(line) for line in lines] == [
        "Name  │ Value",
        "──────┼──────",
        "a     │ 1",
        "bbbbb │ 22",
        "東京  │",
    ]
    assert [line.kind for line in lines] == ["table-head", "table-rule", "table", "table", "table"]


def test_a_table_too_wide_is_one_row_per_line_with_separators() -> None:
    wide = "# T\n\n| " + " | ".join(f"column{n}" for n in range(12)) + " |\n|" + "---|" * 12 + "\n"
    lines = [line for line in layout_body(article(wide), 60) if line.is_body]
    assert drawn(lines[0]).startswith("column0 │ column1 │ column2")
    assert all(len(drawn(line)) <= 60 for line in lines)
    assert len(lines) == 2


def test_caret_columns_count_the_padding() -> None:
    rich = article(TABLE)
    lines = layout_body(rich, 40)
    rows = TextMap(lines)
    value = rich.body.index("Value")
    one = rich.body.index("1\n")
    assert rows.column_of(value) == len("Name  │ ")
    assert rows.column_of(one) == len("a     │ ")
    assert rows.offset_at(rows.row_of(one), len("a     │ ")) == one
    assert rows.offset_at(rows.row_of(one), 3) == one - 1  # inside the padding: the tab
    assert rows.offset_at(rows.row_of(value), len("Name ")) == value - 1


def test_runs_cut_at_styles_and_pads() -> None:
    line = Line("ab│cd", 10, 15, "table", pads=((12, 2), (13, 1)), styles=((13, 15, "strong"),))
    assert line.runs(10, 15) == [
        (10, 12, (), 0),
        (12, 13, (), 2),
        (13, 15, ("strong",), 1),
    ]
    assert line.runs(11, 14) == [(11, 12, (), 0), (12, 13, (), 2), (13, 14, ("strong",), 1)]
