"""The annotation controller: what the reading pane's requests mean against the store.

The main screen composes one `Annotations` and hands it the pane's requests (highlight, note,
colour, delete, undo, copy; bookmarks through its `Bookmarking`) and the library-wide lists
(`H`, `M`). It is the only part
of the UI that changes highlights, notes and bookmarks: reads go through `guarded` and writes
through `StoreWrites`, which makes them in order off the app's thread (the database may be held
by another program for seconds) and hands each answer back here, so a failing database becomes a
notice and a busy one never stops the keyboard. The highlights are handed back down to the pane
once saved (it redraws only what looks different), and `changed` has the article list follow.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.core.annotate.anchor import Text
from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, ArticleMeta
from reader.core.library import load_article
from reader.core.text.cells import cut_to_cells
from reader.core.text.sanitize import sanitize_line
from reader.store.highlights import NoteConflict
from reader.store.state import Store
from reader.store.undo import UndoConflict
from reader.ui.clipboard import copy_text
from reader.ui.dialogs import OnTop
from reader.ui.guard import StoreWrites, guarded
from reader.ui.screens.bookmarking import Bookmarking
from reader.ui.widgets.reading_messages import AnnotationRequest
from reader.ui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:  # the lists' dialogs and the suggested places are imported when first used
    from reader.ui.screens.picker import Jump

T = TypeVar("T")

#: Opens an article at a body offset (the screen's `open_article`).
Opener = Callable[[ArticleMeta, int], None]


class Annotations:
    """Highlights, notes, colours, deletions, undo, copies and bookmarks of the open article.

    `screen` shows the notices and the dialogs, `pane` is the reading pane the requests come
    from and the highlights go back to, `changed` is called after every change that the article
    list shows (a count of highlights, a bookmark star).
    """

    def __init__(
        self,
        screen: Screen[Any],
        store: Store,
        writes: StoreWrites,
        pane: ReadingPane,
        changed: Callable[[], None],
    ) -> None:
        self._screen, self._dialogs = screen, OnTop(screen)  # dialogs open over `screen`
        self._store = store
        self._writes = writes
        self._pane = pane
        self._changed = changed
        self._prepared: tuple[str, Text] | None = None
        #: Passages highlighted in the article last read (and since made here), and passages
        #: asked for and not saved yet: a second request for one is a duplicate, however fast.
        self._passages: tuple[str, set[tuple[int, int]]] = ("", set())
        self._asked: set[tuple[str, int, int]] = set()
        #: Bookmarks: `m` and `x` while reading, `m` in the list, `x` in `M`.
        self.bookmarks = Bookmarking(screen, store, writes, pane, changed)

    def _guarded(self, action: str, call: Callable[[], T]) -> T | None:
        return guarded(self._screen.app, action, call)

    def _notify(self, message: str, severity: SeverityLevel = "information") -> None:
        self._screen.notify(message, severity=severity, markup=False)

    # The open article.

    def prepared(self, article_id: str, text: Text) -> None:
        """The article's body, prepared in a thread for anchoring (normalising 1 MB takes
        0.15 s): new highlights of that article use it."""
        self._prepared = (article_id, text)

    def _anchor_text(self, article: Article) -> str | Text:
        if self._prepared is not None and self._prepared[0] == article.id:
            return self._prepared[1]
        return article.body

    def _article(self, article_id: str) -> Article | None:
        """The article shown, if a request about `article_id` still concerns it."""
        article = self._pane.article
        return article if article is not None and article.id == article_id else None

    def highlights_of(self, article_id: str) -> list[Highlight]:
        """The article's highlights (none, when the store cannot say)."""
        read = self._store.highlights.for_article
        highlights = self._guarded("read the highlights", lambda: read(article_id)) or []
        passages = {(item.start, item.end) for item in highlights if item.attached}
        self._passages = (article_id, passages)
        return highlights

    def reanchor(self, article: Article) -> None:
        """Re-attaches `article`'s highlights if its text changed since (from a worker too)."""
        reanchor = self._store.highlights.reanchor
        self._guarded("re-attach this article's highlights", lambda: reanchor(article))

    def reanchor_library(self, articles: Sequence[ArticleMeta]) -> bool:
        """Re-attaches the highlights of articles whose text changed (in a worker): any?"""
        from reader.store.exchange import reanchor_library  # not needed to draw the first screen

        highlights = self._store.highlights
        changed = self._guarded(
            "re-attach highlights to changed articles",
            lambda: reanchor_library(highlights, articles, load_article),
        )
        return bool(changed)

    def reload(self) -> None:
        """Hands the open article's highlights down again, and has the list's counts redrawn."""
        article = self._pane.article
        if article is not None:
            self._pane.set_highlights(self.highlights_of(article.id))
            self.bookmarks.mark()
        self._changed()

    def handle(self, request: AnnotationRequest) -> None:
        """Does what the reader asked of the open article's annotations."""
        match request:
            case ReadingPane.HighlightRequested():
                self.highlight(request)
            case ReadingPane.NoteRequested():
                self.note(request)
            case ReadingPane.ColorRequested():
                self.recolor(request)
            case ReadingPane.DeleteRequested():
                self.delete(request)
            case ReadingPane.UndoRequested():
                self.undo()
            case ReadingPane.CopyRequested():
                copy_text(self._screen, request.text, request.what)
            case ReadingPane.BookmarkRequested():
                self.bookmarks.add_here(request)
            case ReadingPane.UnbookmarkRequested():
                self.bookmarks.remove_here(request)

    # Highlights.

    def _make(
        self,
        article: Article,
        passage: tuple[int, int],
        color: str,
        then: Callable[[Highlight], None],
        note: str = "",
        failed: Callable[[], None] | None = None,
    ) -> None:
        """Stores a highlight of `passage`; `then(made)` once it is saved."""
        text, content_hash = self._anchor_text(article), article.meta.content_hash
        add, (start, end) = self._store.highlights.add, passage

        def write() -> Highlight:
            return add(article.id, text, start, end, color, note, content_hash=content_hash)

        self._writes.write("highlight", write, then, failed)

    def highlight(self, request: ReadingPane.HighlightRequested) -> None:
        """Stores the highlight and hands it to the pane once saved. The colour in the text is
        the answer: a toast per highlight would be noise, and costs a layout of the screen."""
        article = self._article(request.article_id)
        passage = (request.start, request.end)
        if article is None or request.end <= request.start:
            return
        known_id, known = self._passages
        asked = (article.id, *passage)
        if (known_id == article.id and passage in known) or asked in self._asked:
            self._notify("Already highlighted.")
            return
        self._asked.add(asked)

        def made(highlight: Highlight) -> None:
            self._asked.discard(asked)
            if self._passages[0] == article.id:
                self._passages[1].add(passage)
            self._pane.add_highlight(highlight)
            self._changed()

        forget = partial(self._asked.discard, asked)
        self._make(article, passage, request.color, made, failed=forget)

    def recolor(self, request: ReadingPane.ColorRequested) -> None:
        """A colour for the highlight asked about; it may be gone already (`x` just before it,
        in the same burst of keys, or another session)."""
        highlight_id, color = request.highlight.id, request.color

        def change() -> Highlight | None:
            try:
                return self._store.highlights.set_color(highlight_id, color)
            except LookupError:
                return None

        def recolored(changed: Highlight | None) -> None:
            if changed is None:
                self._notify("That highlight was deleted meanwhile.")
            self.reload()

        self._writes.write("change the colour", change, recolored)

    def delete(self, request: ReadingPane.DeleteRequested) -> None:
        from reader.ui.screens.suggesting import NOTICE_QUOTE

        quote = cut_to_cells(sanitize_line(request.highlight.quote), NOTICE_QUOTE)

        def deleted() -> None:
            self.reload()
            self._notify(f"Deleted the highlight “{quote}” (u undoes)")

        self._forget(request.highlight, deleted)

    def _forget(self, highlight: Highlight, then: Callable[[], None]) -> None:
        """Deletes `highlight` and its note; `then()` once deleted."""
        delete = self._store.highlights.delete
        self._writes.write("delete", lambda: delete(highlight.id), lambda _gone: then())

    def forget(self, highlight: Highlight, done: Callable[[], None]) -> None:
        """Deletes `highlight` from the `H` list: `done()` once deleted; the open article's
        highlights follow."""

        def deleted() -> None:
            self.reload()
            done()

        self._forget(highlight, deleted)

    def undo(self) -> None:
        def step() -> str | UndoConflict:
            try:
                return self._store.undo() or ""
            except UndoConflict as conflict:
                return conflict

        self._writes.write("undo", step, self._undone)

    def _undone(self, undone: str | UndoConflict) -> None:
        if isinstance(undone, UndoConflict):
            self._notify(str(undone), "warning")
            self.reload()
        elif undone == "":
            self._notify("Nothing to undo.")
        else:
            self.reload()
            self._notify(f"Undone: {sanitize_line(undone)}")

    # Notes.

    def note(self, request: ReadingPane.NoteRequested, waited: bool = False) -> None:
        """Opens the note editor on the highlight asked for: the one under the caret, else the
        one of exactly [start, end) (asked for just before, maybe: so once the writes asked
        for are `waited` for), else a new one."""
        if request.highlight is None and self._writes.pending and not waited:
            self._writes.after(lambda: self.note(request, waited=True))
            return
        article = self._article(request.article_id)
        if article is None:
            return
        highlight = request.highlight or self._find(article, request.start, request.end)
        if highlight is not None:
            self._edit(highlight, highlight.note)
            return

        def made(highlight: Highlight) -> None:
            self.reload()
            self._edit(highlight, highlight.note)

        self._make(article, (request.start, request.end), request.color, made)

    def _find(self, article: Article, start: int, end: int) -> Highlight | None:
        return next(
            (
                item
                for item in self.highlights_of(article.id)
                if item.attached and (item.start, item.end) == (start, end)
            ),
            None,
        )

    def _edit(self, highlight: Highlight, draft: str, theirs: str | None = None) -> None:
        from reader.ui.screens.note_editor import NoteEditor  # TextArea: not at start-up

        article = self._pane.article
        title = article.title if article is not None else "Note"
        if theirs is not None:
            title = "Changed in another session meanwhile: merge and save again"
            draft = f"{draft}\n\n--- their version ---\n{theirs}"

        editor = NoteEditor(highlight.quote, draft, title=title)
        self._dialogs.open(
            editor, lambda note: None if note is None else self._save(highlight, note)
        )

    def _save(self, highlight: Highlight, note: str) -> None:
        """Saves the note written; if the store fails, the editor comes back with it."""

        def write() -> Highlight | NoteConflict:
            try:
                return self._store.highlights.set_note(highlight.id, note, highlight.revision)
            except NoteConflict as conflict:
                return conflict

        def saved(result: Highlight | NoteConflict) -> None:
            if not isinstance(result, NoteConflict):
                self.reload()
                self._notify("Note saved." if note else "Note removed.")
            elif result.theirs is None:
                self._keep_orphaned_note(highlight, note)
            else:
                get = self._store.highlights.get
                fresh = self._guarded("read the note", lambda: get(highlight.id))
                if fresh is not None:
                    self._edit(fresh, note, result.theirs)

        kept = partial(self._edit, highlight, note)  # nothing typed is lost to a failing store
        self._writes.write("save the note", write, saved, kept)

    def _keep_orphaned_note(self, highlight: Highlight, note: str) -> None:
        """The highlight was deleted elsewhere while its note was being written: the note is
        not thrown away, the highlight is made again with it."""
        article = self._article(highlight.article_id)
        if article is None:
            self._notify("The highlight was deleted meanwhile; the note was not saved.")
            return

        def made(_again: Highlight) -> None:
            self.reload()
            self._notify(
                "The highlight had been deleted elsewhere; it was made again with your note."
            )

        passage, kept = (highlight.start, highlight.end), partial(self._edit, highlight, note)
        self._make(article, passage, highlight.color, made, note, kept)

    # The library-wide lists.

    def show_highlights(self, articles: Mapping[str, ArticleMeta], open_at: Opener) -> None:
        """`H`: every highlight, note and tag, read once (and after each change of a suggested
        place, through `Placing`) and filtered in memory; `open_at` opens the one chosen."""
        from reader.ui.screens.highlights import HighlightsScreen  # rapidfuzz: not at start-up
        from reader.ui.screens.suggesting import Placing

        highlights = self._guarded("list the highlights", self._store.highlights.all)
        if highlights is not None:
            app, store, writes = self._screen.app, self._store, self._writes
            placing = Placing(app, store, writes, articles, self.reload, self.undo)
            tags = self._guarded("read the tags", store.tags.of_highlights) or {}
            screen = HighlightsScreen(
                highlights, articles, tags, delete=self.forget, placing=placing
            )
            self._screen.app.push_screen(screen, partial(self._jump, articles, open_at))

    def show_bookmarks(self, articles: Mapping[str, ArticleMeta], open_at: Opener) -> None:
        """`M`: every bookmark, read once and filtered in memory."""
        from reader.ui.screens.bookmarks import BookmarksScreen  # rapidfuzz: not at start-up

        bookmarks = self._guarded("list the bookmarks", self._store.bookmarks.all)
        if bookmarks is not None:
            screen = BookmarksScreen(bookmarks, articles, delete=self.bookmarks.forget)
            self._screen.app.push_screen(screen, partial(self._jump, articles, open_at))

    def _jump(
        self, articles: Mapping[str, ArticleMeta], open_at: Opener, target: Jump | None
    ) -> None:
        self.reload()  # the lists can delete
        if target is None:
            return
        article_id, offset = target
        meta = articles.get(article_id)
        if meta is None:
            self._notify("That article is not in the library shown now.", "warning")
            return
        open_at(meta, offset)
