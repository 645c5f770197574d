"""The reading pane's article laid out for a width: whole, or its first screens first.

A long article opened at its top is drawn from its first screens, laid out at once, and the
rest is laid out once those are on the terminal: a 1 MB article takes a quarter of a second
to lay out, which the first screen need not wait for (`PaneView.relayout` decides when). The
last two whole layouts are kept (`Layouts`), so `z` and back lays it out once per width.
"""

from __future__ import annotations

from textual.scroll_view import ScrollView

from reader.core.article import Article
from reader.core.reading.layout import Line, layout_body, layout_header

#: Characters from which an article opened at its top shows its first screens first.
FIRST_SCREENS_FROM = 200_000
#: Screens laid out first.
FIRST_SCREENS = 3


def first_rows(pane: ScrollView, article: Article) -> int | None:
    """How many rows to lay out first, or None for the whole article at once."""
    if len(article.body) < FIRST_SCREENS_FROM:
        return None
    return FIRST_SCREENS * max(1, pane.scrollable_content_region.height)


def rows_estimate(article: Article, width: int, laid: int, rows: int | None) -> int:
    """The rows `laid` out, or (its first screens only) about how many the whole article will
    take: the scrollbar's length until it is laid out."""
    if rows is None:
        return laid
    return max(laid, len(article.body) // max(1, width - 8) + 2 * len(article.blocks))


def lines_for(
    pane: ScrollView, article: Article, meta: str, width: int, region: int, rows: int | None
) -> tuple[int, list[Line]]:
    """The article laid out `width` wide, or one scrollbar narrower when its lines will need
    the scrollbar (`region`: the width inside the pane's border): laid out once, not again as
    the scrollbar appears (which would move the text at the top of the view). Only its first
    `rows` lines or a few more, when given."""
    height = pane.scrollable_content_region.height
    gutter = 0 if pane.show_vertical_scrollbar else pane.styles.scrollbar_size_vertical
    narrower = max(1, min(width, region - gutter - 4))
    if narrower < width and len(article.body) > width * height:  # surely: once
        width = narrower
    lines = layout_header(article.title, meta, width)
    lines.extend(layout_body(article, width, rows))
    if narrower < width and len(lines) > height:
        return lines_for(pane, article, meta, narrower, region, rows)
    return width, lines


class Layouts:
    """The open article's last two whole layouts, by the width and size asked for: full width
    and back, or the list shown and hidden, lay a long article out once per width."""

    def __init__(self) -> None:
        self._article: Article | None = None
        self._kept: dict[tuple[int, int, int, bool], tuple[int, list[Line]]] = {}

    def lines(
        self,
        pane: ScrollView,
        article: Article,
        meta: str,
        width: int,
        region: int,
        rows: int | None,
    ) -> tuple[int, list[Line]]:
        """`lines_for`, kept when whole (the lines are frozen and never changed in place)."""
        if rows is not None:
            return lines_for(pane, article, meta, width, region, rows)
        if article is not self._article:
            self._article, self._kept = article, {}
        height = pane.scrollable_content_region.height
        key = (width, region, height, pane.show_vertical_scrollbar)
        if (kept := self._kept.get(key)) is None:
            kept = self._kept[key] = lines_for(pane, article, meta, width, region, None)
            while len(self._kept) > 2:
                del self._kept[next(iter(self._kept))]
        return kept
