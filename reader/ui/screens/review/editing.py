"""`a` and `t` in the review: the note and the tags of the highlight shown.

The note is written in the app's note editor; a note saved meanwhile in another window is not
overwritten (the editor comes back with both versions), and nothing typed is lost to a failing
store (the editor comes back with it). Tags are picked in the app's one tag picker
(`reader.ui.screens.tag_picker`, as the library's `t`): one put on, or one it has taken off.
Writes go through the app's writer; once made, the review is handed the
highlight's new version (`changed`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.core.annotate.highlight import Highlight
from reader.core.shelf import tag_key
from reader.store.highlights import NoteConflict
from reader.store.state import Store
from reader.ui.dialogs import OnTop
from reader.ui.guard import StoreWrites, guarded
from reader.ui.screens.review.items import ReviewItem
from reader.ui.screens.tag_picker import picked, tag_picker

#: Told the item as it was and as it is now.
Changed = Callable[[ReviewItem, ReviewItem], None]


class ReviewEdits:
    """Edits the note and tags of review items, for `screen`, and says when each is saved."""

    def __init__(
        self,
        screen: Screen[Any],
        store: Store,
        writes: StoreWrites,
        favourite_tag: str,
        changed: Changed,
    ) -> None:
        self._screen = screen
        #: The editor comes back on a late answer (a conflict, a failure): over the review,
        #: once it is on top again, never over a screen opened meanwhile.
        self._on_top = OnTop(screen)
        self._favourite = tag_key(favourite_tag)
        self._store = store
        self._writes = writes
        self._changed = changed

    def _notify(self, message: str, severity: SeverityLevel = "information") -> None:
        self._screen.notify(message, severity=severity, markup=False)

    # The note.

    def note(self, item: ReviewItem) -> None:
        self._edit(item, item.highlight.note)

    def _edit(self, item: ReviewItem, draft: str, theirs: str | None = None) -> None:
        from reader.ui.screens.note_editor import NoteEditor  # TextArea: not at start-up

        title = item.title or "Note"
        if theirs is not None:
            title = "Changed in another session meanwhile: merge and save again"
            draft = f"{draft}\n\n--- their version ---\n{theirs}"

        def written(note: str | None) -> None:
            if note is not None and note != item.highlight.note:
                self._save(item, note)

        self._on_top.open(NoteEditor(item.passage, draft, title=title), written)

    def _save(self, item: ReviewItem, note: str) -> None:
        highlights = self._store.highlights

        def write() -> Highlight | NoteConflict:
            try:
                return highlights.set_note(item.id, note, item.highlight.revision)
            except NoteConflict as conflict:
                return conflict

        def saved(result: Highlight | NoteConflict) -> None:
            if isinstance(result, Highlight):
                self._changed(item, item.with_highlight(result))
                self._notify("Note saved." if note else "Note removed.")
            elif result.theirs is None:
                self._notify("The highlight was deleted in another window: note not saved.")
            else:
                app = self._screen.app
                fresh = guarded(app, "read the note", lambda: highlights.get(item.id))
                if fresh is not None:
                    self._edit(item.with_highlight(fresh), note, result.theirs)

        kept = partial(self._edit, item, note)  # nothing typed is lost to a failing store
        self._writes.write("save the note", write, saved, kept)

    # Tags.

    def tag(self, item: ReviewItem) -> None:
        """The app's tag picker (`tag_picker`): a tag put on, or taken off."""
        names = guarded(self._screen.app, "read the tags", self._store.tags.names) or []

        def chosen(value: str | None) -> None:
            if (choice := picked(value)) is not None:
                self._apply(item, *choice)

        self._screen.app.push_screen(tag_picker("Tag the highlight", names, item.tags), chosen)

    def _apply(self, item: ReviewItem, name: str, add: bool) -> None:
        tags = self._store.tags
        change = tags.tag_highlights if add else tags.untag_highlights

        def write() -> tuple[str, ...]:
            change([item.id], [name])
            return tags.for_highlight(item.id)

        def done(now: tuple[str, ...]) -> None:
            favourite = self._favourite in {tag_key(tag) for tag in now}
            self._changed(item, item.with_tags(now, favourite))
            self._notify(f"Tagged #{name}." if add else f"Took #{name} off.")

        self._writes.write("tag the highlight", write, done)
