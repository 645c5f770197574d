"""`M`: every bookmark in the library; Enter opens the article where the bookmark was made.

The bookmarks are read once, by whoever opens the screen; the filter works on them in memory,
and a deletion is asked of the opener (`delete`), which talks to the store and says when it is
done (the bookmark leaves the list then).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import ClassVar

from rapidfuzz import fuzz
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.article import ArticleMeta
from reader.core.text.sanitize import sanitize_line
from reader.store.bookmarks import Bookmark
from reader.ui.keys import bindings
from reader.ui.screens.picker import Jump, PickerScreen

#: Fuzzy score (0-100) a bookmark's title and label must reach to stay listed while filtering.
FILTER_CUTOFF = 60


class BookmarksScreen(PickerScreen):
    """Bookmarks, newest first.

    | Key | Command id | Does |
    |---|---|---|
    | `x` | `reader.picker.delete` | delete the bookmark |
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("reader.picker.delete")
    TITLE_TEXT = "Bookmarks"
    EMPTY_TEXT = "No bookmarks yet: press m in the list or while reading."

    def __init__(
        self,
        bookmarks: Iterable[Bookmark],
        articles: Mapping[str, ArticleMeta],
        *,
        delete: Callable[[Bookmark, Callable[[], None]], None],
    ) -> None:
        super().__init__(self._list, self._destination)
        self.articles = articles
        self._all = sorted(bookmarks, key=lambda item: item.created, reverse=True)
        self._delete = delete
        self._bookmarks: dict[str, Bookmark] = {}

    def _title(self, bookmark: Bookmark) -> str:
        meta = self.articles.get(bookmark.article_id)
        return sanitize_line(meta.title if meta else bookmark.article_id)

    def _list(self, query: str) -> list[Option]:
        self._bookmarks = {item.id: item for item in self._all}
        options = []
        for bookmark in self._all:
            title = self._title(bookmark)
            label = sanitize_line(bookmark.label)
            if query and fuzz.WRatio(query, f"{title} {label}") < FILTER_CUTOFF:
                continue
            lines = [Content.styled(title, "bold")]
            where = f"“{label}”" if label else "the start of the article"
            lines.append(Content.styled(f"  at {where} · {bookmark.created[:10]}", "dim"))
            options.append(Option(Content("\n").join(lines), id=bookmark.id))
        return options

    def _destination(self, option_id: str) -> Jump | None:
        bookmark = self._bookmarks.get(option_id)
        return None if bookmark is None else (bookmark.article_id, bookmark.position)

    def action_delete(self) -> None:
        option = self.query_one("#picker-list", OptionList).highlighted_option
        if option is None or option.id not in self._bookmarks:
            return
        bookmark = self._bookmarks[option.id]
        self._delete(bookmark, lambda: self._deleted(bookmark))

    def _deleted(self, bookmark: Bookmark) -> None:
        if bookmark in self._all:
            self._all.remove(bookmark)
            self.notify(
                f"Bookmark deleted: {self._title(bookmark)} (u undoes while reading)", markup=False
            )
            if self.is_attached:
                self.refill()
