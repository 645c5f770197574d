"""The names the library state is spoken of in: the places an article can be, and tag keys.

Split from `reader.core.shelf` (which re-exports them) because `reader search`'s query
language needs them while it answers from its stored index, and `shelf`'s records bring msgspec
with them: these need nothing but the standard library.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import lru_cache

#: Longest tag name, in characters (a tag is a word or a few, never a sentence).
MAX_TAG_LENGTH = 80


class Location(StrEnum):
    """Where an article is. New articles land in the Inbox.

    `DELETED` is what emptying the Trash leaves of an article whose file reader does not own (a
    bundled sample, a folder you opened): no view shows it, and it never returns to the Inbox.
    """

    INBOX = "inbox"
    ARCHIVE = "archive"
    TRASH = "trash"
    DELETED = "deleted"


# Tags --------------------------------------------------------------------------------------


def clean_tag(name: str) -> str:
    """A tag name as it is kept and shown: spaces trimmed and collapsed, nothing unprintable.

    Raises ValueError naming the tag when nothing is left or it is too long.
    """
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    if not cleaned:
        raise ValueError(f"a tag needs a name (got {name!r})")
    if len(cleaned) > MAX_TAG_LENGTH:
        raise ValueError(f"tag {cleaned[:20]!r}… is longer than {MAX_TAG_LENGTH} characters")
    return cleaned


@lru_cache(maxsize=1 << 16)
def tag_key(name: str) -> str:
    """What tag names are compared by: `Reading`, `reading` and `READING` are one tag."""
    return unicodedata.normalize("NFKC", clean_tag(name)).casefold()
