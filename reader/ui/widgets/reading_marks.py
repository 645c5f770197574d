"""What the reading pane paints over the text: highlights, search matches, the selection, the caret.

Kept apart from the widget so the rules for overlapping marks live in one small place: a piece of
text covered by several marks takes each one's style in turn, weakest first, so the caret shows
through a selection, a selection through a search match, and a match through a highlight.
Which colour wins where highlights overlap is decided in `reader.core.reading.highlights`.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.annotate.highlight import COLORS
from reader.core.reading.marks import Mark, MarkSet
from reader.core.reading.matches import Matches
from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize_line

#: The highlight colours, solid like a highlighter pen and drawn with dark text: readable on
#: dark and light themes, and they fall back to the nearest of the 16 ANSI colours. The `H`
#: list's swatches are the same.
SWATCHES = {
    "yellow": "#f0d060",
    "green": "#8fd18f",
    "blue": "#8cc4f0",
    "pink": "#f4a6c8",
    "purple": "#c9a6f4",
}

#: The reading pane's rules for them; without colour (NO_COLOR), highlights are underlined.
HIGHLIGHT_CSS = "".join(
    f"ReadingPane > .reading-pane--hl-{name} {{ background: {value}; color: #1a1a1a; }}\n"
    f"ReadingPane:nocolor > .reading-pane--hl-{name} {{ text-style: underline; }}\n"
    for name, value in SWATCHES.items()
)

#: Mark kinds from weakest to strongest; the pane has a component class for each.
LAYERS = (
    *(f"hl-{color}" for color in COLORS),
    "match",
    "match-current",
    "selection",
    "caret",
)
_RANK = {kind: rank for rank, kind in enumerate(LAYERS)}

#: Cells of a found phrase the border repeats.
PHRASE_CELLS = 24

EMPTY = MarkSet()


class Overlay:
    """Everything drawn over the text now: a few marks known in advance (highlights, the
    current match, the selection, the caret) and the matches, asked of `Matches` line by line
    (a find can have tens of thousands)."""

    def __init__(self, fixed: MarkSet = EMPTY, matches: Matches | None = None) -> None:
        self.fixed = fixed
        self._matches = matches

    def pieces(self, start: int, end: int) -> list[tuple[int, int, tuple[str, ...]]]:
        """[start, end) in runs, each with the kinds of the marks covering it."""
        found = self._matches.between(start, end) if self._matches is not None else []
        return self.fixed.pieces(start, end, [Mark(left, right, "match") for left, right in found])


def build_marks(
    highlighted: list[Mark],
    matches: Matches,
    selection: tuple[int, int] | None,
    caret: int | None,
) -> Overlay:
    """Everything drawn over the text now: the highlights' marks (worked out once per change of
    the highlights), the search matches, the selection and the caret."""
    marks = list(highlighted)
    current = matches.current
    if current is not None and matches.shown:
        marks.append(Mark(current[0], current[1], "match-current"))
    if selection is not None:
        marks.append(Mark(selection[0], selection[1], "selection"))
    if caret is not None:
        marks.append(Mark(caret, caret + 1, "caret"))
    return Overlay(MarkSet(marks), matches)


def layered(kinds: Iterable[str]) -> list[str]:
    """`kinds` in painting order: weakest first, so the strongest style is applied last."""
    return sorted(kinds, key=lambda kind: _RANK.get(kind, -1))


def match_title(matches: Matches) -> str | None:
    """What the border says of the matches: which one of how many, and the phrase found."""
    if not matches.shown or (matches.phrase is None and matches.current is None):
        return None
    which = f"{matches.index + 1} of {len(matches)}" if matches.current else "not found"
    if matches.phrase is None:
        return f"match {which}"
    return f"/{cut_to_cells(sanitize_line(matches.phrase), PHRASE_CELLS)} · {which}"
