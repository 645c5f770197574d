"""The places an ambiguous highlight fits, for the user to pick the one it belongs to.

Its words stand in several places with context agreeing as well (a repeated sentence, a quote
imported without context); re-anchoring never guesses between them. Each place is shown with the
text around it and how far into the article it stands; Enter puts the highlight there.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets.option_list import Option

from reader.core.annotate.highlight import Highlight
from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize_line
from reader.ui.screens.picker import Jump, PickerScreen
from reader.ui.screens.suggesting import Places

#: Characters of the article shown on each side of a place.
AROUND = 60


class PlacesScreen(PickerScreen):
    """Every place an ambiguous highlight fits, in reading order; Enter picks (the caller
    places the highlight), escape leaves it as it was. The filter narrows by the text around."""

    TITLE_TEXT = "Where does this highlight belong?"
    EMPTY_TEXT = "No place fits the filter."

    def __init__(self, item: Highlight, places: Places) -> None:
        super().__init__(self._list, self._destination)
        self.item = item
        self.places = places

    def _around(self, start: int, end: int) -> tuple[str, str, str]:
        """The text before the place (from a word's start), its words, and the text after."""
        body = self.places.body
        before = body[max(0, start - AROUND) : start]
        if start > AROUND:
            before = "…" + before.split(maxsplit=1)[-1] if " " in before.strip() else before
        after = body[end : end + AROUND]
        if end + AROUND < len(body):
            after = after.rsplit(maxsplit=1)[0] + "…" if " " in after.strip() else after
        words = cut_to_cells(sanitize_line(body[start:end]), 2 * AROUND)
        return _flat(before), words, _flat(after)

    def _list(self, query: str) -> list[Option]:
        options = []
        length = max(1, len(self.places.body))
        for number, place in enumerate(self.places.candidates, start=1):
            before, words, after = self._around(place.start, place.end)
            if query and query.casefold() not in f"{before}{words}{after}".casefold():
                continue
            heading = f"{number}. at {100 * place.start // length}% of the article"
            passage = Content.assemble(
                Content.styled(before, "dim"), Content.styled(words, "bold underline"), after
            )
            prompt = Content("\n").join([Content.styled(heading, "$accent"), passage])
            options.append(Option(prompt, id=str(place.start)))
        return options

    def _destination(self, option_id: str) -> Jump | None:
        return self.item.article_id, int(option_id)

    def status(self, count: int) -> str:
        return f"{count} places · enter puts the highlight there · / filters · esc cancels"


def _flat(text: str) -> str:
    """`text` on one line, safe to show, keeping a space at either end if it had whitespace."""
    flat = sanitize_line(text)
    if flat and text[:1].isspace():
        flat = " " + flat
    if flat and text[-1:].isspace():
        flat += " "
    return flat
