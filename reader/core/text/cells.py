"""Cutting text to a width in terminal cells, with "…" where it was cut.

A terminal gives a CJK character or an emoji two cells, a combining mark none: counting characters
would overflow a column (or leave it half empty). Every place that shortens text for a line (the
article list, the `reader list` table, notices, dialogs) cuts it here, the same way.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def cut_to_cells(text: str, width: int) -> str:
    """`text` if it fits in `width` cells, else its beginning and "…" in at most `width` cells.

    Spaces before the "…" are dropped (a cut lands as often after a word as in one); a wide
    character that would straddle the edge is left out. Nothing is padded.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS
