"""Bookmarks as places: what `m` and `x` mean for them, against the store.

An article can have many bookmarks. `m` while reading adds one where the caret is (keeping a
few words from there as its label), unless one is on that line already; `x` on a bookmark's line
(outside any highlight) removes that one, and `x` in the `M` list removes the one chosen there.
`m` in the article list bookmarks the article at its start, or takes its only bookmark away; it
never takes several at once. Every change is journalled by the store, so `u` undoes it.

The annotation controller (`annotating.Annotations`) composes one `Bookmarking` and hands it the
reading pane's bookmark requests; the bookmarks of the open article are handed down to the
pane's view after each change, to be marked in the margin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from reader.core.article import ArticleMeta
from reader.core.text.sanitize import sanitize_line
from reader.store.bookmarks import Bookmark
from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded
from reader.ui.widgets.reading_pane import ReadingPane

#: Characters of the text at the caret kept as a bookmark's label.
LABEL_LENGTH = 80


class Bookmarking:
    """The bookmarks of the article in `pane`, and the list's `m`; `changed` is called after
    every change the article list shows (its bookmark star)."""

    def __init__(
        self,
        screen: Screen[Any],
        store: Store,
        writes: StoreWrites,
        pane: ReadingPane,
        changed: Callable[[], None],
    ) -> None:
        self._screen = screen
        self._store = store
        self._writes = writes
        self._pane = pane
        self._changed = changed

    def _notify(self, message: str) -> None:
        self._screen.notify(message, markup=False)

    def mark(self) -> None:
        """Reads the open article's bookmarks and has the pane mark them in the margin."""
        article = self._pane.article
        if article is None:
            return
        read = self._store.bookmarks.for_article
        found = guarded(self._screen.app, "read the bookmarks", lambda: read(article.id))
        self._pane.view.set_bookmarks(found or [])

    def _saved(self, message: str) -> Callable[[object], None]:
        def saved(_result: object) -> None:
            self.mark()
            self._changed()
            self._notify(message)

        return saved

    def add_here(self, request: ReadingPane.BookmarkRequested) -> None:
        """`m` while reading: a bookmark at the caret, unless its line has one already."""
        article = self._pane.article
        if article is None or article.id != request.article_id:
            return
        if self._pane.view.bookmark_at(request.offset) is not None:
            self._notify("Bookmarked here already: x on this line removes the bookmark.")
            return
        text = article.body[request.offset : request.offset + LABEL_LENGTH]
        label, add = sanitize_line(text).strip(), self._store.bookmarks.add
        where = request.article_id, request.offset
        done = self._saved(f"Bookmarked: {article.title} (x on this line removes it)")
        self._writes.write("add the bookmark", lambda: add(*where, label), done)

    def remove_here(self, request: ReadingPane.UnbookmarkRequested) -> None:
        """`x` outside any highlight: the bookmark on the caret's line, if there is one."""
        bookmark = self._pane.view.bookmark_at(request.offset)
        if bookmark is None or bookmark.article_id != request.article_id:
            self._notify("Nothing to delete here: no highlight, no bookmark on this line.")
            return
        delete = self._store.bookmarks.delete
        done = self._saved("Bookmark removed (u undoes)")
        self._writes.write("delete the bookmark", lambda: delete(bookmark.id), done)

    def toggle_article(self, meta: ArticleMeta) -> None:
        """`m` in the list: the article bookmarked at its start, or its one bookmark removed;
        with several, they are left for `M`, where each is removed on its own."""
        read = self._store.bookmarks.for_article
        found = guarded(self._screen.app, "read the bookmarks", lambda: read(meta.id))
        if found is None:
            return
        if len(found) > 1:
            self._notify(f"{len(found)} bookmarks in {meta.title}: M lists them, x removes one.")
            return
        toggle = self._store.bookmarks.toggle
        message = f"Bookmark removed: {meta.title}" if found else f"Bookmarked: {meta.title}"
        self._writes.write("change the bookmark", lambda: toggle(meta.id), self._saved(message))

    def forget(self, bookmark: Bookmark, done: Callable[[], None]) -> None:
        """Deletes `bookmark` from the `M` list: `done()` once deleted."""
        delete = self._store.bookmarks.delete

        def deleted(_gone: object) -> None:
            self.mark()
            self._changed()
            done()

        self._writes.write("delete the bookmark", lambda: delete(bookmark.id), deleted)
