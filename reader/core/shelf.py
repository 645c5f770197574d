"""Where an article is and what the reader has done with it: the library state of one article.

The store keeps these facts (`reader.store.library`, `reader.store.tags`); the list, the views,
the command line and the search filters all read them through the types here, so none of them
needs the store to know what "unread" or "sorted by progress" means.

The read rule: an article is read once its end has been on screen (the reading pane reports its
progress, and reaching 100 marks it read) or once it is marked read (`U`, `reader read`).
Opening it alone only stamps `opened`. Marking it unread again leaves the progress as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum

from msgspec import Struct

from reader.core.article import ArticleMeta
from reader.core.shelf_names import MAX_TAG_LENGTH as MAX_TAG_LENGTH
from reader.core.shelf_names import Location as Location
from reader.core.shelf_names import clean_tag as clean_tag
from reader.core.shelf_names import tag_key as tag_key

#: The locations a view or `reader list --in` can name (`all` is the first three together).
SHOWN = (Location.INBOX, Location.ARCHIVE, Location.TRASH)


class SortKey(StrEnum):
    """How a view is sorted; each key has one natural direction (`sort_articles`)."""

    ADDED = "added"  # newest first
    PUBLISHED = "published"  # newest first, undated last
    TITLE = "title"  # A to Z
    PROGRESS = "progress"  # furthest read first
    LENGTH = "length"  # shortest first
    OPENED = "opened"  # last opened first, never opened last


DEFAULT_SORT = SortKey.ADDED


class ArticleState(Struct, frozen=True, gc=False):
    """Everything the library knows of one article besides its file.

    Not tracked by the cyclic garbage collector (`gc=False`): its fields are strings, numbers,
    a tuple of strings and an enum member, so it can never be part of a reference cycle, and a
    library has one per article (100,000 of them made every full collection walk 100,000 more
    objects, 40 to 100 ms, while a catalog was being built).

    `added` is when the store first saw it and `opened` when it was last opened (ISO 8601 UTC,
    None when unknown / never). `tags` are display names, sorted case-insensitively.
    `position` is the reading position (a body offset), `progress` a percentage 0-100.
    """

    article_id: str
    location: Location = Location.INBOX
    read: bool = False
    progress: int = 0
    position: int = 0
    added: str | None = None
    opened: str | None = None
    tags: tuple[str, ...] = ()
    highlights: int = 0
    bookmarked: bool = False
    #: When the store last changed this article's row (ISO 8601 UTC), None if it has none:
    #: an import lets the later of two changes win.
    updated: str | None = None

    @property
    def annotated(self) -> bool:
        """Whether it holds something of the user's that must never be silently dropped."""
        return bool(self.highlights or self.bookmarked or self.tags)

    def has_tag(self, name: str) -> bool:
        key = tag_key(name)
        return any(tag_key(tag) == key for tag in self.tags)


def state_of(states: Mapping[str, ArticleState], article_id: str) -> ArticleState:
    """The article's state, or the state of an article never seen (Inbox, unread)."""
    found = states.get(article_id)
    return found if found is not None else ArticleState(article_id)


def missing_ids(states: Mapping[str, ArticleState], present: Iterable[str]) -> list[str]:
    """Articles whose file is gone but that hold the user's annotations or tags: they are shown
    as missing (never silently dropped). Sorted by id for a stable order."""
    here = set(present)
    return sorted(
        key
        for key, state in states.items()
        if key not in here and state.annotated and state.location is not Location.DELETED
    )


# Tags --------------------------------------------------------------------------------------


def sorted_tags(names: Iterable[str]) -> tuple[str, ...]:
    """Tag names in the order they are shown: case-insensitively, then as typed."""
    return tuple(sorted(names, key=lambda name: (tag_key(name), name)))


# Sorting -----------------------------------------------------------------------------------


def sort_articles(
    articles: Sequence[ArticleMeta], states: Mapping[str, ArticleState], key: SortKey
) -> list[ArticleMeta]:
    """`articles` in the order of `key`; ties fall back to the title, then the id, so the order
    never depends on how the articles were found. Dates newest first, the unknown last."""
    blank = ArticleState("")
    by_title = sorted(articles, key=lambda meta: (meta.title.casefold(), meta.id))
    if key is SortKey.TITLE:
        return by_title
    if key is SortKey.LENGTH:
        return sorted(by_title, key=lambda meta: meta.words)
    if key is SortKey.PROGRESS:
        return sorted(by_title, key=lambda meta: -states.get(meta.id, blank).progress)
    when: Callable[[ArticleMeta], str | None]
    if key is SortKey.PUBLISHED:
        when = _published
    elif key is SortKey.OPENED:
        when = lambda meta: states.get(meta.id, blank).opened  # noqa: E731
    else:
        when = lambda meta: states.get(meta.id, blank).added  # noqa: E731
    # A reversed sort is still stable: ties keep the title order; "" (unknown) sorts last.
    return sorted(by_title, key=lambda meta: when(meta) or "", reverse=True)


def _published(meta: ArticleMeta) -> str | None:
    return meta.date
