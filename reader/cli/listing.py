"""What `reader list` prints: one row per article, as JSON for scripts or a table for people.

The table takes whatever width the terminal has: the title shrinks first, the source and tags
are cut; untrusted text (titles, sources, tags) never reaches the terminal unprintable.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence

from rich.cells import cell_len

from reader.cli.output import printable
from reader.core.article import ArticleMeta
from reader.core.library.pending import NOT_FETCHED, is_pending
from reader.core.shelf import ArticleState, SortKey, sort_articles
from reader.core.text.cells import cut_to_cells

HEADER = ["ID", "TITLE", "SOURCE", "DATE", "WORDS", "READ", "BM", "HL", "TAGS"]
#: Columns aligned right (numbers), and the widest a cut column gets.
_RIGHT = {4, 5, 7}
_CAPS = {2: 20, 8: 20}


def shown_order(
    articles: Sequence[ArticleMeta], states: Mapping[str, ArticleState], key: str
) -> list[ArticleMeta]:
    return sort_articles(articles, states, SortKey(key))


def list_row(meta: ArticleMeta, state: ArticleState, missing: bool = False) -> dict[str, object]:
    """One article as `reader list --json` prints it (INTERFACE.md; keys are only ever added)."""
    return {
        "id": meta.id,
        "title": meta.title,
        "source": meta.source,
        "date": meta.date,
        "words": meta.words,
        "path": meta.path,
        "bookmarked": state.bookmarked,
        "highlights": state.highlights,
        "url": meta.url or None,
        "tags": list(state.tags),
        "location": str(state.location),
        "read": state.read,
        "progress": state.progress,
        "added": state.added,
        "opened": state.opened,
        "missing": missing,
        "fetched": not is_pending(meta),
    }


def print_table(rows: list[dict[str, object]]) -> None:
    """An aligned table for people; the title takes whatever width the other columns leave.

    A column with nothing in any row (no tags, no highlights yet) is left out, so a new
    library's titles are not cut to a few letters to make room for empty columns.
    """
    if not rows:
        return
    cells = [_cells(row) for row in rows]
    shown = [c for c in range(len(HEADER)) if c <= 1 or any(line[c] for line in cells)]
    widths = {c: max(cell_len(line[c]) for line in [HEADER, *cells]) for c in shown}
    for column, cap in _CAPS.items():
        if column in widths:
            widths[column] = min(widths[column], cap)
    terminal = shutil.get_terminal_size().columns
    _share_width(widths, terminal - 2 * (len(widths) - 1))
    for line in [HEADER, *cells]:
        fitted = [_fit(line[c], widths[c], c in _RIGHT) for c in shown]
        print("  ".join(fitted).rstrip())


def _share_width(widths: dict[int, int], room: int) -> None:
    """Fit the columns into `room` cells: tags, then the source, give way before the title does
    (down to 8 cells each), so a title keeps about a third of the line."""
    wanted = min(widths[1], max(12, room // 3))
    for column in (8, 2):
        short = wanted - (room - sum(w for c, w in widths.items() if c != 1))
        if column in widths and short > 0:
            widths[column] = max(min(widths[column], 8), widths[column] - short)
    others = sum(width for column, width in widths.items() if column != 1)
    widths[1] = max(12, min(widths[1], room - others))


def _cells(row: dict[str, object]) -> list[str]:
    title = str(row["title"]) or "(file missing)"
    if not row.get("fetched", True):
        title = f"({NOT_FETCHED}) {title}"
    progress = row["progress"]
    read = "yes" if row["read"] else (f"{progress}%" if progress else "")
    tags = row["tags"]
    return [
        printable(str(row["id"])),
        printable(title if not row["missing"] else f"(missing) {title}".rstrip()),
        printable(str(row["source"])),
        str(row["date"] or "")[:10],
        str(row["words"]) if not row["missing"] and row.get("fetched", True) else "",
        read,
        "*" if row["bookmarked"] else "",
        str(row["highlights"] or ""),
        printable(", ".join(tags) if isinstance(tags, list) else ""),
    ]


def _fit(text: str, width: int, align_right: bool) -> str:
    text = cut_to_cells(text, width)
    padding = " " * (width - cell_len(text))
    return padding + text if align_right else text + padding
