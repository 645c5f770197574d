"""The menus of the list's views: which view (`c`), which sort (`S`), and saving the search in
the bar as a view of its own (from the palette).

A saved search made only of filters (`tag:`, `in:`, `is:`) is a view like the others, sorted as
the user likes; one with words is ranked by the search, so choosing it puts it in the search
bar, where its results show best first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from reader.core.shelf import SortKey, clean_tag
from reader.store.state import Store
from reader.ui.guard import StoreWrites, guarded
from reader.ui.screens.shelf import Shelf
from reader.ui.views import SORT_NAMES, View, views_offered

if TYPE_CHECKING:  # the chooser is imported when a menu first opens
    from reader.store.searches import SavedSearch
    from reader.ui.screens.chooser import Choice


class ViewMenus:
    """Choosing views and sorts for `shelf`; `search(query)` puts a query in the search bar,
    `typed()` is the query in it now."""

    def __init__(
        self,
        screen: Screen[Any],
        store: Store,
        writes: StoreWrites,
        shelf: Shelf,
        search: Callable[[str], None],
        typed: Callable[[], str],
    ) -> None:
        self._screen = screen
        self._store = store
        self._writes = writes
        self._shelf = shelf
        self._search = search
        self._typed = typed

    def pick_view(self) -> None:
        """`c`: every view (the places, each tag with its count, each saved search)."""
        from reader.ui.screens.chooser import Choice, ChooserScreen

        store, app = self._store, self._screen.app
        tags = guarded(app, "read the tags", store.tags.all) or []
        searches = guarded(app, "read the saved searches", store.searches.all) or []
        views = views_offered(
            [tag.name for tag in tags], [(saved.name, saved.query) for saved in searches]
        )
        hints = {f"#{tag.name}": f"{tag.articles:,}" for tag in tags}
        hints.update({f"Search: {saved.name}": saved.query for saved in searches})
        choices = [
            Choice(view.title, str(number), hints.get(view.title, ""))
            for number, view in enumerate(views)
        ]

        def chosen(value: str | None) -> None:
            if value is not None:
                self.show(views[int(value)])

        self._screen.app.push_screen(ChooserScreen("Views", choices, placeholder="a view"), chosen)

    def show(self, view: View) -> None:
        """Shows `view`: in the list, or, for a saved search with words, in the search bar."""
        from reader.core.search.query import parse_query  # rapidfuzz: not at start-up

        if view.kind == "search" and parse_query(view.query).terms:
            self._search(view.query)
        else:
            self._shelf.switch(view)

    def pick_sort(self) -> None:
        """`S`: how the view is sorted (remembered for this view)."""
        from reader.ui.screens.chooser import Choice, ChooserScreen

        current = self._shelf.sort
        choices = [
            Choice(f"{'✓ ' if key is current else ''}{name}", str(key))
            for key, name in SORT_NAMES.items()
        ]

        def chosen(value: str | None) -> None:
            if value is not None:
                self._shelf.sort_by(SortKey(value))

        title = f"Sort {self._shelf.view.title}"
        self._screen.app.push_screen(ChooserScreen(title, choices, placeholder="by"), chosen)

    def save_view(self) -> None:
        """From the palette: the search in the bar is saved under a name and becomes a view."""
        from reader.ui.screens.chooser import Choice, ChooserScreen

        query = self._typed()
        if not query.strip():
            self._screen.notify("Type a search first (/), then save it as a view.", markup=False)
            return

        def offer(typed: str) -> Choice | None:
            try:
                name = clean_tag(typed)
            except ValueError:
                return None
            return Choice(f"Save as “{name}”", name, query)

        def chosen(name: str | None) -> None:
            if name:
                save = self._store.searches.save
                self._writes.write("save the search", lambda: save(name, query), self._saved)

        self._screen.app.push_screen(ChooserScreen("Name this search", [], create=offer), chosen)

    def _saved(self, saved: SavedSearch) -> None:
        self._screen.notify(f"Saved the view “{saved.name}” (c lists the views).", markup=False)
        self.show(View("search", saved.name, saved.query))
