"""`M`: every bookmark in the library; Enter opens the article where the bookmark was made."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rapidfuzz import fuzz
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.article import ArticleMeta
from reader.core.text.sanitize import sanitize_line
from reader.store.bookmarks import Bookmark
from reader.store.state import Store
from reader.ui.keys import bindings
from reader.ui.screens.picker import PickerScreen

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

    def __init__(self, store: Store, articles: Mapping[str, ArticleMeta]) -> None:
        super().__init__()
        self.store = store
        self.articles = articles
        self._bookmarks: dict[str, Bookmark] = {}

    def _title(self, bookmark: Bookmark) -> str:
        meta = self.articles.get(bookmark.article_id)
        return sanitize_line(meta.title if meta else bookmark.article_id)

    def options(self, query: str) -> list[Option]:
        bookmarks = sorted(self.store.bookmarks.all(), key=lambda item: item.created, reverse=True)
        self._bookmarks = {item.id: item for item in bookmarks}
        options = []
        for bookmark in bookmarks:
            title = self._title(bookmark)
            label = sanitize_line(bookmark.label)
            if query and fuzz.WRatio(query, f"{title} {label}") < FILTER_CUTOFF:
                continue
            lines = [Content.styled(title, "bold")]
            where = f"“{label}”" if label else "the start of the article"
            lines.append(Content.styled(f"  at {where} · {bookmark.created[:10]}", "dim"))
            options.append(Option(Content("\n").join(lines), id=bookmark.id))
        return options

    def picked(self, option_id: str) -> None:
        bookmark = self._bookmarks.get(option_id)
        if bookmark is not None:
            self.dismiss((bookmark.article_id, bookmark.position))

    def action_delete(self) -> None:
        option = self.query_one("#picker-list", OptionList).highlighted_option
        if option is None or option.id not in self._bookmarks:
            return
        bookmark = self._bookmarks[option.id]
        self.store.bookmarks.delete(bookmark.id)
        self.notify(
            f"Bookmark deleted: {self._title(bookmark)} (u undoes while reading)", markup=False
        )
        self.refill()
