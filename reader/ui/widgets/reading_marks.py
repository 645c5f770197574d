"""What the reading pane paints over the text: highlights, search matches, the selection, the caret.

Kept apart from the widget so the rules for overlapping marks live in one small place: a piece of
text covered by several marks takes each one's style in turn, weakest first, so the caret shows
through a selection, a selection through a search match, and a match through a highlight.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from reader.core.annotate.highlight import COLORS, Highlight
from reader.core.reading.marks import Mark, MarkSet

#: Mark kinds from weakest to strongest; the pane has a component class for each.
LAYERS = (
    *(f"hl-{color}" for color in COLORS),
    "match",
    "match-current",
    "selection",
    "caret",
)
_RANK = {kind: rank for rank, kind in enumerate(LAYERS)}


def highlight_kind(color: str) -> str:
    """The mark kind of a highlight colour; unknown colours (from an import) draw as yellow."""
    return f"hl-{color}" if color in COLORS else "hl-yellow"


def highlight_marks(highlights: Iterable[Highlight]) -> list[Mark]:
    """The highlights' marks, worked out once each time the highlights change (not per key)."""
    return _flatten([item for item in highlights if item.attached and item.end > item.start])


def build_marks(
    highlighted: list[Mark],
    matches: Sequence[tuple[int, int]],
    current_match: int,
    selection: tuple[int, int] | None,
    caret: int | None,
) -> MarkSet:
    marks = list(highlighted)
    marks.extend(Mark(start, end, "match") for start, end in matches)
    if 0 <= current_match < len(matches):
        start, end = matches[current_match]
        marks.append(Mark(start, end, "match-current"))
    if selection is not None:
        marks.append(Mark(selection[0], selection[1], "selection"))
    if caret is not None:
        marks.append(Mark(caret, caret + 1, "caret"))
    return MarkSet(marks)


def _flatten(highlights: Sequence[Highlight]) -> list[Mark]:
    """Highlights as marks that do not overlap: where highlights nest or overlap, each stretch
    of text takes the colour of the innermost (shortest) highlight covering it."""
    if not highlights:
        return []
    ordered = sorted(highlights, key=lambda item: item.start)
    if all(a.end <= b.start for a, b in itertools.pairwise(ordered)):
        return [Mark(item.start, item.end, highlight_kind(item.color)) for item in ordered]
    cuts = sorted({edge for item in highlights for edge in (item.start, item.end)})
    marks: list[Mark] = []
    for left, right in itertools.pairwise(cuts):
        covering = [item for item in ordered if item.start <= left and item.end >= right]
        if covering:
            inner = min(covering, key=lambda item: (item.end - item.start, item.created))
            marks.append(Mark(left, right, highlight_kind(inner.color)))
    return marks


def layered(kinds: Iterable[str]) -> list[str]:
    """`kinds` in painting order: weakest first, so the strongest style is applied last."""
    return sorted(kinds, key=lambda kind: _RANK.get(kind, -1))


def highlight_at(highlights: Iterable[Highlight], offset: int) -> Highlight | None:
    """The highlight the caret is in; where highlights nest, the innermost (shortest) one."""
    covering = [item for item in highlights if item.attached and item.start <= offset < item.end]
    return min(covering, key=lambda item: (item.end - item.start, item.created), default=None)
