"""The menus of the list's views: which view (`c`), which sort (`S`), and saving the search in
the bar as a view of its own (from the palette).

The views and sorts menus are drawn on the main screen itself (`ui/widgets/menu.py`, made on the
first use and kept), not as dialogs: a dialog closing draws the whole screen twice, where the
menu closing redraws only what it covered, with the list's change in the same frame.

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
from reader.ui.type_ahead import HoldKeys
from reader.ui.views import SORT_NAMES, View, views_offered

if TYPE_CHECKING:  # the menus are imported when a menu first opens
    from reader.store.searches import SavedSearch
    from reader.ui.screens.chooser import Choice
    from reader.ui.widgets.choice_box import Offer
    from reader.ui.widgets.menu import Menu


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
        #: The menu drawn on the screen, once made (the first `c` or `S`).
        self._menu: Menu | None = None

    def pick_view(self) -> None:
        """`c`: every view (the places, each tag with its count, each saved search)."""
        from reader.ui.widgets.choice_box import Choice, Offer

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

        self._ask(Offer("Views", choices, placeholder="a view"), chosen)

    def show(self, view: View) -> None:
        """Shows `view`: in the list, or, for a saved search with words, in the search bar."""
        from reader.core.search.query import parse_query  # rapidfuzz: not at start-up

        if view.kind == "search" and parse_query(view.query).terms:
            self._search(view.query)
        else:
            self._shelf.switch(view)

    def pick_sort(self) -> None:
        """`S`: how the view is sorted (remembered for this view)."""
        from reader.ui.widgets.choice_box import Choice, Offer

        current = self._shelf.sort
        choices = [
            Choice(f"{'✓ ' if key is current else ''}{name}", str(key))
            for key, name in SORT_NAMES.items()
        ]

        def chosen(value: str | None) -> None:
            if value is not None:
                self._shelf.sort_by(SortKey(value))

        self._ask(Offer(f"Sort {self._shelf.view.title}", choices, placeholder="by"), chosen)

    def _ask(self, offer: Offer, answered: Callable[[str | None], None]) -> None:
        """Shows `offer` in the screen's menu (made now, the first time: the keys typed
        behind wait until it has the keyboard)."""
        from reader.ui.widgets.menu import MENU_OPENING, Menu

        if self._menu is not None and self._menu.is_attached:
            self._menu.ask(offer, answered)
            return
        self._screen.app.post_message(HoldKeys(MENU_OPENING))
        self._menu = Menu(offer, answered)
        self._screen.mount(self._menu)

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
