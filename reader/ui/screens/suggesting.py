"""What the `H` screen asks of the store about orphans: accept a suggested place, keep the
highlight orphaned, undo; and the places an ambiguous highlight could go, for the user to pick.

Writes go through the app's `StoreWrites` like every annotation change (another program may hold
the database: the keyboard never waits for it), each made against the highlight as the list
showed it (`reader.store.suggestions`), so a second key of a burst changes nothing and says why.
Accepting needs the article's text as it is now: it is read in the writer's thread just before
the write, and a file gone or unreadable is said in a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App

from reader.core.annotate.anchor import Suggestion, Text, reattach
from reader.core.annotate.highlight import Highlight
from reader.core.article import Article, ArticleMeta
from reader.core.library import load_article
from reader.core.text.cells import cut_to_cells
from reader.core.text.formats import ParseError
from reader.core.text.sanitize import sanitize_line
from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded

#: Cells of a passage quoted in notices.
NOTICE_QUOTE = 48


@dataclass(frozen=True, slots=True)
class Places:
    """Where an ambiguous highlight could go in its article's text as it is now (`body`)."""

    body: str
    candidates: tuple[Suggestion, ...]


class Placing:
    """The `H` screen's way to the store for suggested places.

    `articles` are the library's articles by id (a highlight's text is looked for in its
    article's file), `changed` is called after a change (the open article's highlights and the
    list's counts follow), `undo` undoes this session's last change as `u` does while reading.
    """

    def __init__(
        self,
        app: App[Any],
        store: Store,
        writes: StoreWrites,
        articles: Mapping[str, ArticleMeta],
        changed: Callable[[], None],
        undo: Callable[[], None],
    ) -> None:
        self._app = app
        self._store = store
        self._writes = writes
        self._articles = articles
        self._changed = changed
        self._undo = undo

    def read_all(self) -> list[Highlight] | None:
        """Every highlight as stored now (None when the store cannot say)."""
        return guarded(self._app, "list the highlights", self._store.highlights.all)

    def places(self, shown: Highlight) -> Places | str:
        """Every place an ambiguous highlight fits in its article now, or why none can be
        offered (for a worker thread: it reads and searches the article)."""
        article = self._load(shown)
        if isinstance(article, str):
            return article
        candidates = reattach(shown.anchor, Text(article.body)).candidates
        if not candidates:
            return "its words fit no place in the article as it is now"
        return Places(article.body, candidates)

    def accept(self, shown: Highlight, place: Suggestion, done: Callable[[], None]) -> None:
        """Moves `shown` to `place` (`anchored`); `done()` once answered, whatever the answer."""

        def write() -> Highlight | str:
            article = self._load(shown)
            if isinstance(article, str):
                return article
            body, digest = article.body, article.meta.content_hash
            try:
                return self._store.suggestions.accept(
                    shown, body, digest, (place.start, place.end), place.text
                )
            except (LookupError, ValueError) as refused:  # changed meanwhile: said, not raised
                return str(refused)

        answered = partial(self._answered, "accept the suggestion", "Placed", done)
        self._writes.write("accept the suggestion", write, answered, done)

    def keep(self, shown: Highlight, done: Callable[[], None]) -> None:
        """Keeps `shown` orphaned and forgets its suggestion; `done()` once answered."""

        def write() -> Highlight | str:
            try:
                return self._store.suggestions.keep(shown)
            except (LookupError, ValueError) as refused:
                return str(refused)

        answered = partial(
            self._answered, "keep it orphaned", "Kept orphaned, not suggested again", done
        )
        self._writes.write("keep it orphaned", write, answered, done)

    def undo(self, done: Callable[[], None]) -> None:
        """Undoes this session's last change (said as `u` says it); `done()` afterwards."""
        self._undo()
        self._writes.after(done)

    def _answered(
        self, action: str, what: str, done: Callable[[], None], result: Highlight | str
    ) -> None:
        if isinstance(result, str):
            reason = sanitize_line(result)
            self._app.notify(f"Could not {action}: {reason}", severity="warning", markup=False)
        else:
            quote = cut_to_cells(sanitize_line(result.quote), NOTICE_QUOTE)
            self._app.notify(f"{what}: “{quote}” (u undoes)", markup=False)
            self._changed()
        done()

    def _load(self, shown: Highlight) -> Article | str:
        """The highlight's article read now, or why it cannot be."""
        meta = self._articles.get(shown.article_id)
        if meta is None:
            return "its article is not in the library shown now"
        try:
            return load_article(meta)
        except (OSError, ValueError, ParseError) as error:
            return f"its article cannot be read now ({error})"
