"""Archive, trash, read or unread, tags: what the user does to articles from the list or while
reading, one key each, on one article or on many at once.

The main screen composes one `Triage` and hands it every `triage(...)` command. It acts on the
articles selected in the list (or the one under the cursor), or on the article being read when
the reading pane has the keyboard. Each change shows at once (the shelf applies it to its
catalog), is saved through the writer as one step of the store's journal, so one `u` takes a
whole batch back, and is said in a notice; if saving fails, the shelf reads the truth again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace
from textual.screen import Screen

from reader.core.article import ArticleMeta
from reader.core.shelf import ArticleState, Location, sorted_tags, tag_key
from reader.store.dirs import library_dir
from reader.store.state import Store
from reader.ui.dialogs import OnTop
from reader.ui.guard import StoreWrites, guarded
from reader.ui.screens.shelf import Shelf
from reader.ui.screens.view_menus import ViewMenus
from reader.ui.views import place
from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:  # the dialogs and the Trash's emptying are imported when first used
    from reader.store.emptying import Emptied
    from reader.ui.screens.chooser import Choice


def counted(count: int, thing: str = "article") -> str:
    return f"{count:,} {thing}{'' if count == 1 else 's'}"


class Triage:
    """The library commands of the main screen, on the articles of `article_list` or `pane`;
    `menus` has the views and the sorts, `undo` takes the last change back (the screen's
    annotations undo: one journal for highlights, bookmarks and the library)."""

    def __init__(
        self,
        screen: Screen[Any],
        store: Store,
        writes: StoreWrites,
        shelf: Shelf,
        article_list: ArticleList,
        pane: ReadingPane,
        menus: ViewMenus,
        undo: Callable[[], None],
    ) -> None:
        self._screen = screen
        self._store = store
        self._writes = writes
        self._shelf = shelf
        self._list = article_list
        self._pane = pane
        self._menus = menus
        self._undo = undo
        #: The second chooser (a tag's new name, the tag it joins) opens from the first one's
        #: answer: over this screen, never over a screen opened meanwhile (the palette).
        self._dialogs = OnTop(screen)

    def run(self, what: str) -> None:
        """Runs the command `what`: `archive`, `trash`, `read`, `tag`, `undo`, `empty_trash`,
        `rename_tag`, `merge_tags`; `view:KIND` (inbox, archive, trash, all), `pick_view`,
        `pick_sort`, `save_view`."""
        if what.startswith("view:"):
            self._menus.show(place(what.removeprefix("view:")))
            return
        commands: dict[str, Callable[[], None]] = {
            "archive": self.archive,
            "trash": self.trash,
            "read": self.toggle_read,
            "tag": self.tag,
            "undo": self._undo,
            "empty_trash": self.empty_trash,
            "rename_tag": self.rename_tag,
            "merge_tags": self.merge_tags,
            "pick_view": self._menus.pick_view,
            "pick_sort": self._menus.pick_sort,
            "save_view": self._menus.save_view,
        }
        if (command := commands.get(what)) is not None:
            command()

    def _notify(self, message: str, severity: str = "information") -> None:
        self._screen.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]

    def targets(self) -> list[ArticleMeta]:
        """The article being read when the pane has the keyboard, else the list's selection
        (or the article under its cursor)."""
        if self._screen.focused is self._pane and self._pane.article is not None:
            return [self._pane.article.meta]
        return self._list.selection()

    # Where articles are, and whether they were read.

    def archive(self) -> None:
        """`e`: to the Archive; articles all in the Archive already go back to the Inbox."""
        ids = [meta.id for meta in self.targets()]
        if all(self._shelf.state(key).location is Location.ARCHIVE for key in ids):
            self._move(ids, Location.INBOX, "Moved {} back to the Inbox")
        else:
            self._move(ids, Location.ARCHIVE, "Archived {}")

    def trash(self) -> None:
        """`#`, `d`: to the Trash; articles all in the Trash already go back to the Inbox."""
        ids = [meta.id for meta in self.targets()]
        if all(self._shelf.state(key).location is Location.TRASH for key in ids):
            self._move(ids, Location.INBOX, "Restored {} to the Inbox")
        else:
            self._move(ids, Location.TRASH, "Trashed {}")

    def _move(self, ids: list[str], where: Location, said: str) -> None:
        if not ids:
            self._notify("No article here.")
            return
        move = self._store.library.move
        self._change(
            {key: replace(self._shelf.state(key), location=where) for key in ids},
            "move the articles",
            lambda: move(ids, where),
            said.format(counted(len(ids))) + " · u undoes",
        )

    def toggle_read(self) -> None:
        """`U`: read, or unread again when all of them are read."""
        ids = [meta.id for meta in self.targets()]
        if not ids:
            self._notify("No article here.")
            return
        read = not all(self._shelf.state(key).read for key in ids)
        mark = self._store.library.set_read
        self._change(
            {key: replace(self._shelf.state(key), read=read) for key in ids},
            "mark the articles",
            lambda: mark(ids, read),
            f"Marked {counted(len(ids))} {'read' if read else 'unread'} · u undoes",
        )

    def _change(
        self, states: dict[str, ArticleState], action: str, call: Callable[[], object], said: str
    ) -> None:
        """Shows `states` at once, saves them with `call`, then says `said`."""
        self._shelf.changed(states)
        self._list.clear_selection()
        self._writes.write(
            action, call, lambda _result: self._notify(said), failed=self._shelf.reload
        )

    # Tags.

    def tag(self) -> None:
        """`t`: the tag picker, for the highlight under the caret when reading, else for the
        articles; it adds a tag (an existing one, or a new one) or takes one off."""
        reading = self._screen.focused is self._pane
        highlight = self._pane.highlight_under_caret if reading else None
        if highlight is not None:
            tags, app = self._store.tags, self._screen.app
            on = guarded(app, "read the tags", lambda: tags.for_highlight(highlight.id))
            self._pick_tag("Tag the highlight", set(on or ()), self._tag_highlight(highlight.id))
            return
        metas = self.targets()
        if not metas:
            self._notify("No article here.")
            return
        common = set.intersection(*(set(self._shelf.state(m.id).tags) for m in metas))
        title = f"Tag {counted(len(metas))}" if len(metas) > 1 else "Tag the article"
        self._pick_tag(title, common, self._tag_articles([meta.id for meta in metas]))

    def _pick_tag(self, title: str, on: set[str], then: Callable[[str, bool], None]) -> None:
        from reader.ui.screens.tag_picker import picked, tag_picker

        names = guarded(self._screen.app, "read the tags", self._store.tags.names) or []

        def chosen(value: str | None) -> None:
            if (choice := picked(value)) is not None:
                then(*choice)

        self._screen.app.push_screen(tag_picker(title, names, on), chosen)

    def _tag_articles(self, ids: list[str]) -> Callable[[str, bool], None]:
        def apply(name: str, add: bool) -> None:
            tags = self._store.tags
            changes = {}
            for key in ids:
                state = self._shelf.state(key)
                kept = [tag for tag in state.tags if tag_key(tag) != tag_key(name)]
                changes[key] = replace(state, tags=sorted_tags([*kept, name] if add else kept))
            verb = "Tagged" if add else "Took the tag off"
            self._change(
                changes,
                "tag the articles",
                (lambda: tags.tag(ids, [name])) if add else (lambda: tags.untag(ids, [name])),
                f"{verb} {counted(len(ids))}: #{name} · u undoes",
            )

        return apply

    def _tag_highlight(self, highlight_id: str) -> Callable[[str, bool], None]:
        def apply(name: str, add: bool) -> None:
            tags = self._store.tags
            call = tags.tag_highlights if add else tags.untag_highlights
            said = f"Tagged the highlight #{name}" if add else f"Took #{name} off the highlight"
            self._writes.write(
                "tag the highlight",
                lambda: call([highlight_id], [name]),
                lambda _count: self._notify(f"{said} · u undoes"),
            )

        return apply

    def rename_tag(self) -> None:
        """From the palette: a tag, then its new name (a name another tag has: merge)."""
        self._choose_tag("Rename which tag?", self._ask_new_name)

    def _ask_new_name(self, old: str) -> None:
        from reader.ui.screens.chooser import Choice, ChooserScreen
        from reader.ui.screens.tag_picker import new_tag_choice

        def offer(typed: str) -> Choice | None:
            made = new_tag_choice(typed)
            return Choice(f"Rename #{old} to “{made.value[1:]}”", made.value[1:]) if made else None

        def chosen(new: str | None) -> None:
            if new:
                rename = self._store.tags.rename
                self._retag("rename the tag", lambda: rename(old, new), f"#{old} is now #{new}")

        self._dialogs.open(ChooserScreen(f"New name for #{old}", [], create=offer), chosen)

    def merge_tags(self) -> None:
        """From the palette: a tag, then the tag it joins (which may be new)."""
        self._choose_tag("Merge which tag?", self._ask_merge_into)

    def _ask_merge_into(self, source: str) -> None:
        from reader.ui.screens.chooser import Choice, ChooserScreen
        from reader.ui.screens.tag_picker import new_tag_choice

        names = guarded(self._screen.app, "read the tags", self._store.tags.names) or []
        choices = [Choice(name, f"+{name}") for name in names if tag_key(name) != tag_key(source)]

        def chosen(value: str | None) -> None:
            if value:
                into, merge = value[1:], self._store.tags.merge
                said = f"#{source} merged into #{into}"
                self._retag("merge the tags", lambda: merge([source], into), said)

        title = f"Merge #{source} into"
        self._dialogs.open(ChooserScreen(title, choices, create=new_tag_choice), chosen)

    def _choose_tag(self, title: str, then: Callable[[str], None]) -> None:
        from reader.ui.screens.chooser import Choice, ChooserScreen

        names = guarded(self._screen.app, "read the tags", self._store.tags.names) or []
        if not names:
            self._notify("No tags yet: t tags an article.")
            return
        choices = [Choice(name, name) for name in names]
        self._screen.app.push_screen(
            ChooserScreen(title, choices), lambda name: then(name) if name else None
        )

    def _retag(self, action: str, call: Callable[[], object], said: str) -> None:
        def done(_result: object) -> None:
            self._notify(f"{said} · u undoes")
            self._shelf.reload()

        self._writes.write(action, call, done)

    # The Trash, emptied.

    def empty_trash(self) -> None:
        """From the palette: every article in the Trash is forgotten for good, and reader's own
        copies of their files (in the library folder, never elsewhere) deleted, once confirmed.
        Their highlights and notes stay in the store, and in `reader export`."""
        from reader.store.emptying import empty_trash, trash_contents
        from reader.ui.screens.confirm import ConfirmScreen

        store, app = self._store, self._screen.app
        folder = library_dir(getattr(app, "data_dir", None))
        articles = self._shelf.catalog.articles
        contents = guarded(app, "read the trash", lambda: trash_contents(store, articles, folder))
        if contents is None:
            return
        if not contents.article_ids:
            self._notify("The trash is empty.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                empty = partial(empty_trash, store, contents)
                self._writes.write("empty the trash", empty, self._emptied)

        detail = "This cannot be undone. Highlights and notes stay in `reader export`."
        app.push_screen(ConfirmScreen(contents.question(), detail, "Empty"), answered)

    def _emptied(self, emptied: Emptied) -> None:
        failed = f"; could not delete {len(emptied.failed)}" if emptied.failed else ""
        self._notify(emptied.summary().capitalize() + failed + ".")
        self._shelf.reload()
