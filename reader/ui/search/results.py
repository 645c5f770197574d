"""Search results: title and a snippet of why each article matched, the matches emphasised.

Drawn line by line like the article list, so a long result list costs only what is on screen.
What it shows is an `Answer`: the results together with the query they answer, so a result is
never taken for one of a newer query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.text.cells import cut_to_cells

if TYPE_CHECKING:
    from reader.core.search.query import SearchResult

#: Screen lines per result: title, snippet, a blank line.
ROW_HEIGHT = 3


@dataclass(frozen=True)
class Answer:
    """The results of one query, best first, and a message when there are none."""

    query: str
    results: Sequence[SearchResult] = ()
    message: str = ""


#: What the list shows before any search.
NO_ANSWER = Answer("")


def emphasised(
    text: str, spans: Sequence[tuple[int, int]], width: int, plain: Style, strong: Style
) -> list[Segment]:
    """`text` cut to `width` cells, as segments with the matched `spans` in `strong`.

    When the first match would fall off the right edge, the text is cut on the left instead,
    so the words that explain the result are always on screen.
    """
    if spans and cell_len(text) > width:
        first = min(start for start, _ in spans)
        lead = max(0, first - max(4, width // 4))
        if lead and cell_len(text[:first]) > width // 2:
            text = "…" + text[lead + 1 :]
            spans = [(start - lead, end - lead) for start, end in spans]
    text = cut_to_cells(text, width)
    segments: list[Segment] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            segments.append(Segment(text[position:start], plain))
        segments.append(Segment(text[start:end], strong))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], plain))
    return segments


class ResultList(ScrollView, can_focus=False):
    """Results of the current search; the search bar keeps the focus and steers the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "result-list--title",
        "result-list--snippet",
        "result-list--match",
        "result-list--cursor",
        "result-list--message",
    }

    DEFAULT_CSS = """
    ResultList {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .result-list--title { text-style: bold; }
        & > .result-list--snippet { color: $text-muted; }
        & > .result-list--match { color: $text-warning; text-style: bold underline; }
        & > .result-list--cursor { background: $block-cursor-blurred-background; }
        & > .result-list--message { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the chosen result."""

    class Chosen(Message):
        """A result was clicked: open it (`query` is the query it answers)."""

        def __init__(self, result: SearchResult, query: str) -> None:
            super().__init__()
            self.result = result
            self.query = query

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._answer = NO_ANSWER

    @property
    def answer(self) -> Answer:
        """What is shown: the results and the query they answer."""
        return self._answer

    @property
    def results(self) -> Sequence[SearchResult]:
        return self._answer.results

    @property
    def current(self) -> SearchResult | None:
        if 0 <= self.cursor < len(self.results):
            return self.results[self.cursor]
        return None

    def show(self, answer: Answer) -> None:
        self._answer = answer
        self.virtual_size = Size(self.size.width, len(answer.results) * ROW_HEIGHT + 2)
        self.cursor = 0
        self.refresh()

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.results) - 1))

    def watch_cursor(self, cursor: int) -> None:
        self.refresh()
        if self.is_mounted:
            self.scroll_to_region(
                Region(0, cursor * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, force=True
            )

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_y)) // ROW_HEIGHT
        if 0 <= row < len(self.results):
            self.cursor = row
            self.post_message(self.Chosen(self.results[row], self._answer.query))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row, part = divmod(int(self.scroll_y) + y, ROW_HEIGHT)
        results, message = self._answer.results, self._answer.message
        if row >= len(results):
            line = int(self.scroll_y) + y - len(results) * ROW_HEIGHT
            if line == 0 and message:
                style = base + self.get_component_rich_style("result-list--message")
                return Strip(
                    [Segment(" " + cut_to_cells(message, width - 2), style)]
                ).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        result = results[row]
        background = base
        if row == self.cursor:
            background = base + self.get_component_rich_style("result-list--cursor")
        strong = background + self.get_component_rich_style("result-list--match")
        if part == 0:
            plain = background + self.get_component_rich_style("result-list--title")
            segments = emphasised(
                result.title, result.title_spans, width - 2, plain, strong + plain
            )
        elif part == 1:
            plain = background + self.get_component_rich_style("result-list--snippet")
            segments = emphasised(result.snippet, result.snippet_spans, width - 2, plain, strong)
        else:
            segments = []
        return Strip([Segment(" ", background), *segments]).adjust_cell_length(width, background)
