"""Wrapping must keep every body offset reachable and never overflow the measure."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from reader.core.article import Article, ArticleMeta, Block, BlockKind
from reader.core.reading.layout import layout_body, layout_header, wrap_spans


def make(*blocks: Block) -> Article:
    return Article(ArticleMeta(id="x", path="/x.txt", title="T"), blocks)


def test_wrap_never_exceeds_width_and_keeps_words_whole() -> None:
    text = "The quick brown fox jumps over the lazy dog " * 5
    spans = wrap_spans(text, 20)
    for start, end in spans:
        assert cell_len(text[start:end]) <= 20
    assert " ".join(text[s:e] for s, e in spans).split() == text.split()


def test_long_word_is_cut_not_overflowing() -> None:
    word = "x" * 50
    spans = wrap_spans(word, 20)
    assert [e - s for s, e in spans] == [20, 20, 10]


def test_wide_characters_count_two_cells() -> None:
    text = "漢字 漢字 漢字 漢字"
    for start, end in wrap_spans(text, 9):
        assert cell_len(text[start:end]) <= 9


def test_body_offsets_match_article_body() -> None:
    article = make(
        Block("First paragraph here."), Block("A heading", BlockKind.HEADING), Block("Last one.")
    )
    lines = layout_body(article, 10)
    body = article.body
    for line in lines:
        if line.is_body:
            assert body[line.start : line.end].replace("\n", " ") == line.text
    assert lines[-1].text == "Last one."
    assert any(line.kind == "heading" for line in lines)
    assert any(line.kind == "blank" for line in lines)


def test_quote_and_item_prefixes_fit_in_width() -> None:
    article = make(Block("word " * 20, BlockKind.QUOTE), Block("item text " * 5, BlockKind.ITEM))
    for line in layout_body(article, 16):
        assert cell_len(line.prefix + line.text) <= 16


def test_code_keeps_its_line_breaks() -> None:
    article = make(Block("a = 1\n\nb = 2", BlockKind.CODE))
    assert [line.text for line in layout_body(article, 40)] == ["a = 1", "", "b = 2"]


def test_header_wraps_title_and_ends_with_rule() -> None:
    lines = layout_header("A title that is long enough to wrap", "AP · 3 min", 12)
    assert [line.kind for line in lines][-1] == "rule"
    assert sum(line.kind == "title" for line in lines) >= 3


@given(st.text(), st.integers(min_value=1, max_value=30))
def test_wrap_covers_every_word(text: str, width: int) -> None:
    spans = wrap_spans(text, width)
    joined = "".join(text[s:e] for s, e in spans)
    assert "".join(text.split()) == "".join(joined.split())
    previous_end = 0
    for start, end in spans:
        assert start >= previous_end and end >= start
        previous_end = end


def test_words_of_no_width_do_not_break_wrapping() -> None:
    # Found by hypothesis: characters of zero cells gave no pieces to cut.
    for text in ("\x1b\x1b", "a\u0301\u0301\u0301", "\u200d\u200d\u200d"):
        spans = wrap_spans(text, 1)
        assert "".join(text[s:e] for s, e in spans) == text
