"""The annotation side of the main screen: highlights, notes, colours, undo, copy, H and M.

A base class of `MainScreen`, kept apart so each file has one job. The reading pane reports what
the user asked for (messages); this class decides what it means against the store, then hands
the article's highlights back down to the pane.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen

from reader.core.annotate.anchor import Text
from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, ArticleMeta
from reader.core.library import LibraryIndex
from reader.core.reading.motion import TextIndex
from reader.core.text.sanitize import sanitize_line
from reader.store.db import StoreError
from reader.store.highlights import NoteConflict
from reader.store.state import Store
from reader.store.undo import UndoConflict
from reader.ui.clipboard import copy_text
from reader.ui.widgets.note_peek import NotePeek
from reader.ui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from reader.ui.screens.picker import Jump

#: Characters of a passage quoted in notices.
NOTICE_QUOTE = 48


def _short(text: str) -> str:
    text = sanitize_line(text)
    return text if len(text) <= NOTICE_QUOTE else text[: NOTICE_QUOTE - 1] + "…"


class AnnotatingScreen(Screen[None]):
    """Highlight, note, colour, delete, undo and copy, as asked by the reading pane."""

    store: Store
    index: LibraryIndex
    current: Article | None

    def open_article(self, meta: ArticleMeta, offset: int | None = None) -> None:
        raise NotImplementedError

    def _refresh_marks(self) -> None:
        raise NotImplementedError

    _prepared: tuple[str, Text] | None = None

    def _article_prepared(self, article_id: str, motions: TextIndex, text: Text) -> None:
        self.query_one(ReadingPane).provide_motions(article_id, motions)
        self._prepared = (article_id, text)

    def _anchor_text(self, article: Article) -> str | Text:
        """The open article's body, prepared once for anchoring (normalising 1 MB takes 0.15 s)."""
        if self._prepared is not None and self._prepared[0] == article.id:
            return self._prepared[1]
        return article.body

    def _annotations_changed(self) -> None:
        """Hands the current article's highlights down again, and updates the list's counts."""
        if self.current is not None:
            self.query_one(ReadingPane).set_highlights(
                self.store.highlights.for_article(self.current.id)
            )
        self._refresh_marks()

    def _make_highlight(
        self, article: Article, start: int, end: int, color: str, note: str = ""
    ) -> Highlight | None:
        """Stores a highlight of the open article; a store failure becomes a message."""
        try:
            return self.store.highlights.add(
                article.id,
                self._anchor_text(article),
                start,
                end,
                color,
                note,
                content_hash=article.meta.content_hash,
            )
        except StoreError as error:
            self.notify(f"Could not highlight: {error}", severity="error", markup=False)
            return None

    def _try(self, action: str, change: Callable[[], object]) -> bool:
        """Runs a store change; a store failure becomes a message, never a crash."""
        try:
            change()
        except StoreError as error:
            self.notify(f"Could not {action}: {error}", severity="error", markup=False)
            return False
        return True

    @on(ReadingPane.HighlightRequested)
    def _on_highlight(self, event: ReadingPane.HighlightRequested) -> None:
        pane = self.query_one(ReadingPane)
        if not self._highlight(event):
            pane.refresh()  # the pane left its redraw to this answer, whatever it is
        pane.refresh_bindings()

    def _highlight(self, event: ReadingPane.HighlightRequested) -> bool:
        """Stores the highlight and hands it to the pane; False when nothing was made."""
        article = self.current
        if article is None or article.id != event.article_id or event.end <= event.start:
            return False
        pane = self.query_one(ReadingPane)
        same = [
            item
            for item in pane.highlights
            if item.attached and (item.start, item.end) == (event.start, event.end)
        ]
        if same:
            self.notify("Already highlighted.", severity="information")
            return False
        made = self._make_highlight(article, event.start, event.end, event.color)
        if made is not None:
            # The colour in the text is the answer: a toast per highlight would be noise, and
            # costs a layout of the whole screen. Only the lines of the passage are redrawn.
            pane.add_highlight(made, pane.redraw_rows)
            self._refresh_marks()
            return True
        return False

    @on(ReadingPane.ColorRequested)
    def _on_color(self, event: ReadingPane.ColorRequested) -> None:
        if self._try(
            "change the colour",
            lambda: self.store.highlights.set_color(event.highlight.id, event.color),
        ):
            self._annotations_changed()

    @on(ReadingPane.DeleteRequested)
    def _on_delete(self, event: ReadingPane.DeleteRequested) -> None:
        if self._try("delete", lambda: self.store.highlights.delete(event.highlight.id)):
            self._annotations_changed()
            self.notify(
                f"Deleted the highlight “{_short(event.highlight.quote)}” (u undoes)", markup=False
            )

    @on(ReadingPane.UndoRequested)
    def _on_undo(self, _event: ReadingPane.UndoRequested) -> None:
        try:
            undone = self.store.undo()
        except UndoConflict as error:
            self.notify(str(error), severity="warning", markup=False)
            self._annotations_changed()
            return
        except StoreError as error:
            self.notify(f"Could not undo: {error}", severity="error", markup=False)
            return
        if undone is None:
            self.notify("Nothing to undo.", severity="information")
            return
        self._annotations_changed()
        self.notify(f"Undone: {sanitize_line(undone)}", markup=False)

    @on(ReadingPane.CopyRequested)
    def _on_copy(self, event: ReadingPane.CopyRequested) -> None:
        copy_text(self, event.text, event.what)

    @on(ReadingPane.CaretMoved)
    def _on_caret_moved(self, event: ReadingPane.CaretMoved) -> None:
        notes = sum(1 for item in self.query_one(ReadingPane).highlights if item.note)
        self.query_one(NotePeek).show_note(event.highlight, notes)

    # Notes.

    @on(ReadingPane.NoteRequested)
    def _on_note(self, event: ReadingPane.NoteRequested) -> None:
        article = self.current
        if article is None or article.id != event.article_id:
            return
        highlight = event.highlight
        if highlight is None:
            highlight = self._make_highlight(article, event.start, event.end, event.color)
            if highlight is None:
                return
            self._annotations_changed()
        self._edit_note(highlight, highlight.note)

    def _edit_note(self, highlight: Highlight, draft: str, conflict: str | None = None) -> None:
        from reader.ui.screens.note_editor import NoteEditor

        title = self.current.title if self.current else "Note"
        if conflict is not None:
            title = "Changed in another session meanwhile: merge and save again"
            draft = f"{draft}\n\n--- their version ---\n{conflict}"

        def saved(note: str | None) -> None:
            if note is not None:
                self._save_note(highlight, note)

        self.app.push_screen(NoteEditor(highlight.quote, draft, title=title), saved)

    def _save_note(self, highlight: Highlight, note: str) -> None:
        try:
            self.store.highlights.set_note(highlight.id, note, highlight.revision)
        except NoteConflict as conflict:
            if conflict.theirs is None:
                self._keep_orphaned_note(highlight, note)
                return
            fresh = self.store.highlights.get(highlight.id)
            if fresh is not None:
                self._edit_note(fresh, note, conflict.theirs)
            return
        except StoreError as error:
            self.notify(f"Could not save the note: {error}", severity="error", markup=False)
            return
        self._annotations_changed()
        self.notify("Note saved." if note else "Note removed.")

    def _keep_orphaned_note(self, highlight: Highlight, note: str) -> None:
        """The highlight was deleted elsewhere while its note was being written: the note is
        not thrown away, the highlight is made again with it."""
        article = self.current
        if article is None or article.id != highlight.article_id:
            self.notify("The highlight was deleted meanwhile; the note was not saved.")
            return
        if self._make_highlight(article, highlight.start, highlight.end, highlight.color, note):
            self._annotations_changed()
            self.notify(
                "The highlight had been deleted elsewhere; it was made again with your note."
            )
            return
        self._annotations_changed()

    # The library-wide lists.

    def action_highlights(self) -> None:
        from reader.ui.screens.highlights import HighlightsScreen

        articles = {meta.id: meta for meta in self.index.articles}
        self.app.push_screen(HighlightsScreen(self.store, articles), self._jump)

    def action_bookmarks(self) -> None:
        from reader.ui.screens.bookmarks import BookmarksScreen

        articles = {meta.id: meta for meta in self.index.articles}
        self.app.push_screen(BookmarksScreen(self.store, articles), self._jump)

    def _jump(self, target: Jump | None) -> None:
        self._annotations_changed()  # the lists can delete
        if target is None:
            return
        article_id, offset = target
        meta = next((meta for meta in self.index.articles if meta.id == article_id), None)
        if meta is None:
            self.notify("That article is not in the library shown now.", severity="warning")
            return
        self.open_article(meta, offset)
