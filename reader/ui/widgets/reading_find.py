"""Finding in the open article: the phrase typed in the find bar, then `n`/`N` after it.

Composed by `ReadingPane`. The column under the pane owns the find bar and hands each phrase
down as it is typed (`find`), then says whether it was taken (`done`, `enter`) or dropped
(`cancel`, `escape`). As in `less` and `vim`, each keystroke marks the matches from where the
find began and scrolls to the first one; `enter` puts the caret on it; the phrase is kept, so
`n`/`N` walk its matches until the next find, in this article or one opened afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.scroll_view import ScrollView

from reader.core.article import Article
from reader.core.reading.cursor import Cursor
from reader.core.reading.find import ArticleText
from reader.core.reading.matches import Matches
from reader.ui.widgets.reading_view import PaneView


class ArticleFind:
    """The find under way (typed so far, where it began) and the last phrase found."""

    def __init__(
        self,
        pane: ScrollView,
        cursor: Cursor,
        matches: Matches,
        view: PaneView,
        move: Callable[[int], None],
    ) -> None:
        self._pane = pane
        self._cursor = cursor
        self._matches = matches
        self._view = view
        self._move = move
        self._text: ArticleText | None = None
        #: The matches and the scroll before the find began, while one is being typed.
        self._before: tuple[Matches, float] | None = None
        self._typed = ""
        self._from = 0
        #: The phrase of the last find taken with enter: `n`/`N` look for it.
        self.last_phrase: str | None = None

    def article_shown(self, article: Article) -> None:
        """A new article (or more of this one): a find being typed looks in it now."""
        self._text = ArticleText(article.body)
        if self._before is not None:
            self._from = self._cursor.caret
            self._before = (self._matches.copy(), self._pane.scroll_y)
            self.find(self._typed)

    @property
    def can_step(self) -> bool:
        """Whether `n`/`N` have something to walk."""
        return bool(self._matches) or (self.last_phrase is not None and self._text is not None)

    def begin(self) -> None:
        """The find bar opened: matches are looked for from the caret."""
        self._before = (self._matches.copy(), self._pane.scroll_y)
        self._typed = ""
        self._from = self._cursor.caret

    def find(self, phrase: str) -> None:
        """What is typed so far: its matches marked, the view on the first from the caret."""
        self._typed = phrase
        if self._before is None or self._text is None:
            return
        before, scroll = self._before
        if phrase:
            self._matches.use(self._text.find(phrase), self._from, phrase)
        else:
            self._matches.take(before)
        current = self._matches.current
        if current is not None and phrase:
            self._view.reveal(current[0])
        else:
            self._view.scroll_to(scroll)
        self._view.update_marks()

    def done(self) -> None:
        """`enter`: the caret goes to the match shown; an empty find repeats the last one."""
        if self._before is None:
            return
        if not self._typed and self.last_phrase:
            self.find(self.last_phrase)
        self._before = None
        if self._typed:
            self.last_phrase = self._typed
        if (current := self._matches.current) is not None and self._matches.phrase:
            self._move(current[0])
            self._view.reveal(current[0])

    def cancel(self) -> None:
        """`escape` in the find bar: the matches and the view as they were."""
        if self._before is not None:
            before, scroll = self._before
            self._before = None
            self._matches.take(before)
            self._view.scroll_to(scroll)
            self._view.update_marks()

    def step(self, step: int) -> int | None:
        """`n`/`N`: the next or previous match; in an article opened since the last find,
        its phrase is looked for from the caret."""
        if not self._matches and self.last_phrase and self._text is not None:
            caret = self._cursor.caret
            finder = self._text.find(self.last_phrase)
            self._matches.use(finder, caret + 1 if step > 0 else caret, self.last_phrase)
            if step > 0 or self._matches.current is None:
                return None if self._matches.current is None else self._matches.current[0]
        return self._matches.step(step)
