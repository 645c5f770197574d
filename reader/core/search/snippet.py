"""Showing why an article matched: the best passage, cut to a snippet, with the matches marked.

The best passage is the stretch of text of about a snippet's width that holds the most different
query terms (then the most matches, then the earliest): for `colour revolutions` the sentence
where both words meet beats a paragraph that only repeats one of them. The snippet's spans are
offsets in the snippet itself, so the UI and the CLI can emphasise them without searching again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Characters of text in a snippet (before ellipses), and how much of it precedes the first match.
SNIPPET_WIDTH = 160
LEAD = 40
ELLIPSIS = "…"

#: Runs of white space (as `str.isspace` sees it), shown as one space.
_SPACES = re.compile(r"\s+")

#: (start, end, index of the query term) of one match in a text, ordered by start.
Occurrence = tuple[int, int, int]


def best_passage(occurrences: Sequence[Occurrence], width: int = SNIPPET_WIDTH) -> int:
    """Index of the occurrence that starts the best window of `width` characters."""
    best_index = 0
    best_key = (-1, -1)
    end = 0
    for index, (start, _, _) in enumerate(occurrences):
        end = max(end, index)
        while end < len(occurrences) and occurrences[end][0] < start + width:
            end += 1
        window = occurrences[index:end]
        key = (len({term for _, _, term in window}), len(window))
        if key > best_key:
            best_index, best_key = index, key
    return best_index


def make_snippet(
    text: str, occurrences: Sequence[Occurrence], width: int = SNIPPET_WIDTH
) -> tuple[str, tuple[tuple[int, int], ...], int]:
    """(snippet, spans of the matches inside it, text offset of the best passage)."""
    if not occurrences:
        return opening(text, width), (), 0
    first = occurrences[best_passage(occurrences, width)][0]
    start = _word_start(text, max(0, first - LEAD), first)
    end = _word_end(text, min(len(text), start + width))
    return (*_cut(text, start, end, occurrences), first)


def opening(text: str, width: int = SNIPPET_WIDTH) -> str:
    """The start of a text as a snippet, for results that matched elsewhere (the title)."""
    return _cut(text, 0, _word_end(text, min(len(text), width)), ())[0]


def _word_start(text: str, start: int, limit: int) -> int:
    """Move `start` forward to the start of a word, never past `limit`."""
    if start == 0 or text[start - 1].isspace():
        return start
    space = text.find(" ", start, limit)
    return limit if space < 0 else space + 1


def _word_end(text: str, end: int) -> int:
    """Move `end` back to the end of a word, unless that would leave almost nothing."""
    if end >= len(text) or text[end].isspace():
        return end
    space = text.rfind(" ", end - LEAD, end)
    return end if space < 0 else space


def _cut(
    text: str, start: int, end: int, occurrences: Sequence[Occurrence]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """text[start:end] on one line with runs of white space collapsed, plus the matches' spans
    in that line."""
    lead = len(ELLIPSIS) if start > 0 else 0
    snippet = (ELLIPSIS if start > 0 else "") + _SPACES.sub(" ", text[start:end]).rstrip()

    def where(position: int) -> int:
        return lead + len(_SPACES.sub(" ", text[start:position]))

    spans = tuple(
        (where(match_start), where(match_end))
        for match_start, match_end, _ in occurrences
        if start <= match_start and match_end <= end
    )
    if end < len(text):
        snippet += ELLIPSIS
    return snippet, spans
