"""Highlights that survive edits of the article they were made in, and say so when they cannot.

Offsets alone break with the first edit above a highlight, so a highlight keeps its quote with the
text on either side (grown until the three together are unique in the article), and is found
again by that text. Everything is compared over a normalised form of the text (whitespace runs,
curly quotes, dash variants, Unicode compatibility forms and accents folded), so reflowing a
paragraph or straightening its quotes changes nothing. These are pure functions: no SQLite, no
Textual, so the store, the CLI and the tests share them.

A highlight attached to words the user did not highlight is the one fault a notes tool must never
make, so the rule prefers being honest to being clever. Evidence, per candidate place:

- the *words*: the same (after normalisation), similar (>= `QUOTE_THRESHOLD`), or nearly
  identical (>= `NEAR_IDENTICAL`); whether a *distinctive* word changed (a name, a number, a word
  rare in the article; not a respelling such as "tower" to "towers");
- each *side* of the place: agrees **clearly** (an exact run of at least `CLEAR_RUN` characters of
  the old context, or the article's edge then and now, or, for the same words that were and are a
  whole paragraph, the rest of that paragraph), **agrees** (the same words up to the sentence or
  paragraph end with a break there now, or similar text, >= `CONTEXT_AGREE`), or **contradicts**;
- the *offset*: where the quote began before; a place more than `NEAR_OLD` characters from it
  is *far* (the words moved, rather than text around them being edited), and a side is
  *complete* when all its stored context agrees (up to the paragraph's edge, or the article's).
  A *short* quote has fewer than `SHORT_WORDS` words or `SHORT_CHARS` characters.

| words                 | context                                                | status      |
|-----------------------|--------------------------------------------------------|-------------|
| same                  | unchanged (edges too), at the same offset              | `anchored`  |
| same                  | unchanged (edges too), elsewhere                       | `moved`     |
| same                  | one side clear, the other not contradicting; if far,   | `moved`     |
|                       | one side complete                                      |             |
| same, short quote     | both sides clear, `SHORT_CONTEXT` characters in all;   | `moved`     |
|                       | if far, both complete; at the same offset, one side    |             |
|                       | clear and the other the same up to its sentence's end  |             |
| similar               | both sides agreeing (short quote: both clear); if far, | `fuzzy`     |
|                       | one side complete and no distinctive word lost         |             |
| nearly identical      | one side clear, the other not contradicting, no        | `fuzzy`     |
|                       | distinctive word lost; if far, one side complete       |             |
| any                   | the text that stood next to the quote; or the quote's  | `orphaned`  |
|                       | old neighbours now side by side (the words deleted)    |             |
| same, elsewhere       | one side clear, while its old place still stands with  | `orphaned`  |
|                       | other words between its neighbours                     |             |
| any                   | several places fitting as well (within the margins),   | `ambiguous` |
|                       | two places clear on both sides, or a place nearer the  |             |
|                       | old offset with like words and one side agreeing       |             |
| any                   | anything else                                          | `orphaned`  |
| quote only            | none: the words occur once                             | `anchored`  |
| quote only            | none: the words occur several times                    | `ambiguous` |
| quote only            | none: the words occur nowhere                          | `orphaned`  |

When the same words and changed words both fit, the place with more sides clear wins (the same
words if as many). An ambiguous highlight offers every place that fits (`Attachment.candidates`);
an orphan offers its best candidates, each with its similarity and what differs (`Suggestion`);
`accept` places a highlight where the user chose.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from reader.core.annotate.anchor.limits import (
    CLEAR_RUN,
    CONTEXT_AGREE,
    CONTEXT_MIN,
    NEAR_IDENTICAL,
    NEAR_OLD,
    QUOTE_THRESHOLD,
    SHORT_CONTEXT,
    SHORT_WORDS,
)
from reader.core.annotate.anchor.model import (
    Anchor,
    Attachment,
    Status,
    Suggestion,
    make_anchor,
    similarity,
)

# Normalisation lived here first, and callers import it from this module.
from reader.core.annotate.normalise import Normalised, Text, normalise

if TYPE_CHECKING:
    from reader.core.annotate.anchor.differences import describe_difference
    from reader.core.annotate.anchor.search import accept, reattach

#: The search for a lost highlight's place and the description of what changed (difflib) are
#: imported when first asked for: the list and the store need `Status` and `Anchor` at start,
#: not them.
_LATER = {
    "describe_difference": "reader.core.annotate.anchor.differences",
    "accept": "reader.core.annotate.anchor.search",
    "reattach": "reader.core.annotate.anchor.search",
}


def __getattr__(name: str) -> object:
    """One of `_LATER`'s names, from its module, imported now (PEP 562)."""
    home = _LATER.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "CLEAR_RUN",
    "CONTEXT_AGREE",
    "CONTEXT_MIN",
    "NEAR_IDENTICAL",
    "NEAR_OLD",
    "QUOTE_THRESHOLD",
    "SHORT_CONTEXT",
    "SHORT_WORDS",
    "Anchor",
    "Attachment",
    "Normalised",
    "Status",
    "Suggestion",
    "Text",
    "accept",
    "describe_difference",
    "make_anchor",
    "normalise",
    "reattach",
    "similarity",
]
