"""`H`: every highlight and note in the library, grouped by article, filterable, Enter to jump.

Highlights whose text could not be found again (orphaned) or found more than once (ambiguous)
are listed too, marked, with what can be done: their text is kept, it can be copied (`y`) or
the highlight deleted (`x`); an orphan with a likely new place shows it. The highlights are read
once, by whoever opens the screen; the filter works on them in memory, and a deletion is asked
of the opener (`delete`), which talks to the store and says when it is done (the highlight
leaves the list then: the database may make it wait, or refuse).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import groupby
from typing import ClassVar

from rapidfuzz import fuzz
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.annotate.highlight import Highlight
from reader.core.annotate.quote import markdown_quote
from reader.core.article import ArticleMeta
from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize_line
from reader.ui.clipboard import copy_text
from reader.ui.keys import bindings
from reader.ui.screens.picker import Jump, PickerScreen
from reader.ui.widgets.reading_marks import SWATCHES

#: Fuzzy score (0-100) a highlight must reach (quote, note or title) to stay listed.
FILTER_CUTOFF = 70
#: Cells of a quote shown in the list.
QUOTE_WIDTH = 160


def _short(text: str, width: int = QUOTE_WIDTH) -> str:
    return cut_to_cells(sanitize_line(text), width)


class HighlightsScreen(PickerScreen):
    """Highlights by article (titles in list order), then by place in the text.

    | Key | Command id | Does |
    |---|---|---|
    | `x` | `reader.picker.delete` | delete the highlight and its note |
    | `y` | `reader.picker.copy` | copy it with its note, as a Markdown quote (OSC 52) |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("reader.picker.delete", "reader.picker.copy")
    TITLE_TEXT = "Highlights and notes"
    EMPTY_TEXT = "No highlights yet: while reading, press h to highlight a sentence."

    def __init__(
        self,
        highlights: Iterable[Highlight],
        articles: Mapping[str, ArticleMeta],
        *,
        delete: Callable[[Highlight, Callable[[], None]], None],
        tags: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        super().__init__(self._list, self._destination)
        self.articles = articles
        self._order = {article_id: index for index, article_id in enumerate(articles)}
        self._all = list(highlights)
        self._delete = delete
        #: Each highlight's tags, by highlight id.
        self._tags = tags or {}
        self._highlights: dict[str, Highlight] = {}

    def _title(self, article_id: str) -> str:
        meta = self.articles.get(article_id)
        return sanitize_line(meta.title) if meta else f"(not in this library) {article_id}"

    def _matches(self, query: str, item: Highlight) -> bool:
        if not query:
            return True
        tags = " ".join(f"#{tag}" for tag in self._tags.get(item.id, ()))
        haystack = f"{item.quote} {item.note} {tags} {self._title(item.article_id)}"
        return fuzz.partial_ratio(query.lower(), haystack.lower()) >= FILTER_CUTOFF

    def _list(self, query: str) -> list[Option]:
        items = [item for item in self._all if self._matches(query, item)]
        self._highlights = {item.id: item for item in items}
        items.sort(
            key=lambda item: (
                self._order.get(item.article_id, len(self._order)),
                item.article_id,
                not item.attached,
                item.start,
            )
        )
        options: list[Option] = []
        for article_id, group in groupby(items, key=lambda item: item.article_id):
            found = list(group)
            heading = Content.styled(f"{self._title(article_id)} · {len(found)}", "bold $accent")
            options.append(Option(heading, id=f"article:{article_id}", disabled=True))
            options.extend(Option(self._prompt(item), id=item.id) for item in found)
        return options

    def _prompt(self, item: Highlight) -> Content:
        swatch = Content.styled("▌", SWATCHES.get(item.color, SWATCHES["yellow"]))
        lines = [Content.assemble(swatch, " ", f"“{_short(item.quote)}”")]
        if item.note:
            lines.append(Content.styled(f"  ✎ {_short(item.note)}", "italic"))
        if tags := self._tags.get(item.id):
            lines.append(
                Content.styled("  " + _short(" ".join(f"#{t}" for t in tags)), "$secondary")
            )
        if not item.attached:
            lines.append(Content.styled(f"  {self._status_help(item)}", "$warning"))
        return Content("\n").join(lines)

    @staticmethod
    def _status_help(item: Highlight) -> str:
        if item.status == "ambiguous":
            what = "ambiguous: the passage now appears more than once"
        else:
            what = "orphaned: the passage is no longer in the article"
        if item.suggestion:
            what += f"; closest now: “{_short(item.suggestion, 60)}”"
        return f"{what} — y copies it, x deletes it, enter opens the article"

    def _destination(self, option_id: str) -> Jump | None:
        item = self._highlights.get(option_id)
        if item is None:
            return None
        if item.attached:
            return item.article_id, item.start
        return item.article_id, item.suggestion_start or 0

    def _current(self) -> Highlight | None:
        option = self.query_one("#picker-list", OptionList).highlighted_option
        return None if option is None or option.id is None else self._highlights.get(option.id)

    def action_delete(self) -> None:
        item = self._current()
        if item is not None:
            self._delete(item, lambda: self._deleted(item))

    def _deleted(self, item: Highlight) -> None:
        if item in self._all:
            self._all.remove(item)
            self.notify(f"Highlight deleted: “{_short(item.quote, 40)}”", markup=False)
            if self.is_attached:
                self.refill()

    def action_copy(self) -> None:
        item = self._current()
        if item is None:
            return
        meta = self.articles.get(item.article_id)
        text = markdown_quote(
            item.quote,
            title=meta.title if meta else item.article_id,
            note=item.note or None,
            source=(meta.source or None) if meta else None,
        )
        copy_text(self, text, "the highlight" + (" and its note" if item.note else ""))

    def status(self, count: int) -> str:
        return f"{count} shown · enter jumps · x deletes · y copies · / filters · esc closes"
