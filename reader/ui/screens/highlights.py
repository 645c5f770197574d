"""`H`: every highlight and note in the library, grouped by article, filterable, Enter to jump.

Highlights whose text could not be found again (orphaned) or found more than once (ambiguous)
are listed too, marked, with what can be done: their text is kept, it can be copied (`y`) or
the highlight deleted (`x`). An orphan with a likely new place shows it, how alike its words
are and what differs: `a` moves the highlight there, `n` keeps it orphaned (the suggestion is
not offered again), `u` undoes either; an ambiguous one's `a` lists its places to pick from.
The highlights are read once, by whoever opens the screen, and again after each change; the
filter works on them in memory. Changes are asked of the opener (`delete`, `placing`), which
talks to the store and says when they are done (the list follows then: the database may make
them wait, or refuse).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import groupby
from typing import ClassVar

from rapidfuzz import fuzz
from textual import work
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.core.annotate.anchor import Status
from reader.core.annotate.highlight import Highlight
from reader.core.annotate.quote import markdown_quote
from reader.core.article import ArticleMeta
from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize_line
from reader.ui.article_notices import key_of
from reader.ui.clipboard import copy_text
from reader.ui.keys import bindings
from reader.ui.screens.picker import Jump, PickerScreen
from reader.ui.screens.places_chooser import PlacesScreen
from reader.ui.screens.suggesting import Places, Placing
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
    | `a` | `reader.picker.accept` | an orphan: move it to its suggested place; ambiguous: pick |
    | `n` | `reader.picker.keep` | keep it orphaned: the suggestion is dismissed |
    | `u` | `reader.picker.undo` | undo the last change (this session's, as while reading) |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "reader.picker.delete",
        "reader.picker.copy",
        "reader.picker.accept",
        "reader.picker.keep",
        "reader.picker.undo",
    )
    TITLE_TEXT = "Highlights and notes"
    EMPTY_TEXT = "No highlights yet: while reading, press h to highlight a sentence."

    def __init__(
        self,
        highlights: Iterable[Highlight],
        articles: Mapping[str, ArticleMeta],
        tags: Mapping[str, tuple[str, ...]],
        *,
        delete: Callable[[Highlight, Callable[[], None]], None],
        placing: Placing,
    ) -> None:
        super().__init__(self._list, self._destination)
        self.articles = articles
        self._order = {article_id: index for index, article_id in enumerate(articles)}
        self._all = list(highlights)
        self._delete = delete
        self._placing = placing
        self._prompts: dict[Highlight, Content] = {}
        #: Each highlight's tags, by highlight id.
        self._tags = tags
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
        """What the list shows of `item`, made once per version of it (the filter refills the
        list on every key, and an orphan's suggestion is compared word by word)."""
        prompt = self._prompts.get(item)
        if prompt is None:
            prompt = self._prompts[item] = self._make_prompt(item)
        return prompt

    def _make_prompt(self, item: Highlight) -> Content:
        swatch = Content.styled("▌", SWATCHES.get(item.color, SWATCHES["yellow"]))
        lines = [Content.assemble(swatch, " ", f"“{_short(item.quote)}”")]
        if item.note:
            lines.append(Content.styled(f"  ✎ {_short(item.note)}", "italic"))
        if tags := self._tags.get(item.id):
            lines.append(
                Content.styled("  " + _short(" ".join(f"#{t}" for t in tags)), "$secondary")
            )
        if not item.attached:
            lines.extend(suggestion_lines(item))
        return Content("\n").join(lines)

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
        """The keys that apply to the highlight under the cursor."""
        item = self._current() if self.is_mounted else None
        if item is None or item.attached or (item.offered is None and item.status == "orphaned"):
            return f"{count} shown · enter jumps · x deletes · y copies · / filters · esc closes"
        accept, keep, undo = (
            key_of(self.app, f"reader.picker.{name}") for name in ("accept", "keep", "undo")
        )
        what = "picks a place" if item.status == Status.AMBIGUOUS else "accepts"
        keys = f"{accept} {what} · {keep} keeps it orphaned · {undo} undoes"
        return f"{count} shown · {keys} · esc closes"

    # Suggested places: accept one, keep the highlight orphaned, undo.

    def action_accept(self) -> None:
        item = self._current()
        if item is None or not self._offers(item):
            return
        offered = item.offered
        if item.status == Status.AMBIGUOUS:
            self._find_places(item)
        elif offered is not None:
            self._placing.accept(item, offered, self._reread)

    def action_keep(self) -> None:
        item = self._current()
        if item is not None and self._offers(item):
            self._placing.keep(item, self._reread)

    def action_undo(self) -> None:
        self._placing.undo(self._reread)

    def _offers(self, item: Highlight) -> bool:
        """Whether `item` has a suggested place to act on; if not, the reason is said."""
        if item.attached:
            self.notify("This highlight is attached to its words already.", markup=False)
        elif item.offered is None and item.status == Status.ORPHANED:
            self.notify("No place is suggested for this highlight.", markup=False)
        else:
            return True
        return False

    @work(thread=True, exclusive=True, group="places")
    def _find_places(self, item: Highlight) -> None:
        places = self._placing.places(item)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._offer_places, item, places)

    def _offer_places(self, item: Highlight, places: Places | str) -> None:
        """The places found, offered unless the user went elsewhere meanwhile."""
        if not self.is_active:
            return
        if isinstance(places, str):
            self.notify(f"No place to pick: {sanitize_line(places)}", markup=False)
            return

        def chosen(jump: Jump | None) -> None:
            place = next((c for c in places.candidates if jump and c.start == jump[1]), None)
            if place is not None:
                self._placing.accept(item, place, self._reread)

        self.app.push_screen(PlacesScreen(item, places), chosen)

    def _reread(self) -> None:
        """A change was answered: the list shows the highlights as stored now."""
        if not self.is_attached:
            return
        fresh = self._placing.read_all()
        if fresh is not None:
            self._all = fresh
        self.refill()


def suggestion_lines(item: Highlight) -> list[Content]:
    """What the list says under an orphaned or ambiguous highlight: what happened, the place
    suggested with how alike its words are, and what differs."""
    offered = item.offered
    if item.status == Status.AMBIGUOUS:
        lines = ["ambiguous: its words fit several places in the article"]
        if offered is not None:
            lines.append(f"nearest where it was: “{_short(offered.text, 120)}”")
    else:
        lines = ["orphaned: no longer attached to the text"]
        if offered is not None:
            lines.append(
                f"best candidate, {offered.score:.0f}% alike: “{_short(offered.text, 120)}”"
            )
            lines.append(f"what differs: {_short(offered.differs, 120)}")
        else:
            lines.append("no place suggested")
    return [Content.styled(f"  {line}", "$warning") for line in lines]
