"""Views of the library and what is in them, fast enough to switch at every key press.

A `View` is what the list pane shows: the Inbox (the default), the Archive, the Trash, All, the
articles of one tag, or a saved search. A `Catalog` is one snapshot of the library for the
views: every article (the files found, and the missing ones that still hold annotations), its
state from the store, and each sort order, kept once computed. An order is a list of positions
(integers), and a view is cut from it by where each article is, so switching the view or the
sort is one pass over integers (a few milliseconds for 50,000 articles) and hands the list rows
it decodes only when it draws them (`Picked`). Sorting 50,000 titles decodes every article and
takes a tenth of a second, so the orders are made in a worker beforehand and kept across
snapshots whose changes cannot move them (archiving never reorders anything).

No Textual here: the screen's `Shelf` holds the catalog and hands the view's articles down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from reader.core.article import ArticleMeta
from reader.core.library.view import Articles, Joined, Picked, ids_of
from reader.core.shelf import (
    SHOWN,
    ArticleState,
    Location,
    SortKey,
    tag_key,
)

if TYPE_CHECKING:  # the search's modules load rapidfuzz: not before a search needs them
    from reader.core.search.query import FilterSets

#: The views that are always there, by kind, in the order keys and menus offer them.
PLACES = ("inbox", "archive", "trash", "all")
#: What each sort is called on screen.
SORT_NAMES = {
    SortKey.ADDED: "added",
    SortKey.PUBLISHED: "published",
    SortKey.TITLE: "title",
    SortKey.PROGRESS: "progress",
    SortKey.LENGTH: "length",
    SortKey.OPENED: "last opened",
}
#: Sorts whose order depends on the store's state (the others only on the files).
_STATE_SORTS = {
    SortKey.ADDED: "added",
    SortKey.PROGRESS: "progress",
    SortKey.OPENED: "opened",
}
_BLANK = ArticleState("")
#: Where the articles a tag or a saved search shows are: not the Trash.
_LISTED = frozenset({Location.INBOX, Location.ARCHIVE})


class View(Struct, frozen=True):
    """One view: `kind` is a place (`inbox`, `archive`, `trash`, `all`), `tag` (`name` is the
    tag) or `search` (`name` is the saved search, `query` what it searches)."""

    kind: str
    name: str = ""
    query: str = ""

    @property
    def key(self) -> str:
        """The view's name in the store (its sort is remembered under it)."""
        if self.kind == "tag":
            return f"tag:{tag_key(self.name)}"
        if self.kind == "search":
            return f"search:{tag_key(self.name)}"
        return self.kind

    @property
    def title(self) -> str:
        """What the list's border calls it."""
        if self.kind == "tag":
            return f"#{self.name}"
        if self.kind == "search":
            return f"Search: {self.name}"
        return self.kind.capitalize()


INBOX = View("inbox")


def place(kind: str) -> View:
    return View(kind)


def missing_meta(article_id: str, title: str) -> ArticleMeta:
    """The list row of an article whose file is gone (its annotations are kept)."""
    return ArticleMeta(id=article_id, path="", title=title or f"Missing article {article_id}")


class Catalog:
    """A snapshot of the library for the views: `articles` (files found, then missing rows),
    `states` by id (an id not in it is in the Inbox, unread), which ids are `missing`, and the
    sort orders made so far.

    Orders and views are lists of positions in `articles` (integers: cut, compared and kept
    cheaply), handed to the list as `Picked` rows decoded only when drawn. The order by date
    added needs no article decoded (the ids come from the index's lines), so the first view is
    made without reading every article.
    """

    def __init__(
        self,
        articles: Sequence[ArticleMeta],
        states: Mapping[str, ArticleState],
        missing: frozenset[str] = frozenset(),
        orders: Mapping[SortKey, list[int]] | None = None,
    ) -> None:
        self.articles = articles
        self.states = states
        self.missing = missing
        self.ids = ids_of(articles)
        self._orders: dict[SortKey, list[int]] = dict(orders or {})
        self._sets: FilterSets | None = None
        self._places: list[Location] | None = None
        self._where: dict[str, int] | None = None
        self._ranks: dict[SortKey, list[int]] = {}
        self._members: dict[tuple[View, SortKey], Picked] = {}
        #: Made from the places alone (`first`): `states` holds the first rows' only.
        self.partial = False
        #: Made from the first rows kept by the last session (`kept`): the order by date added
        #: holds those rows only, and no other view is known.
        self.first_rows_only = False
        #: How many the Inbox held when its first rows were kept (`kept`).
        self.inbox_count: int | None = None

    @classmethod
    def first(
        cls,
        articles: Sequence[ArticleMeta],
        located: Mapping[str, tuple[Location, str | None]],
        view: View,
        rows: int,
        states_of: Callable[[list[str]], Mapping[str, ArticleState]],
    ) -> Catalog:
        """The catalog of the first screen, made from each article's place and date added
        alone (`located`, by id: what the store's `places` reads): `view` in the order by date
        added, with the full state (`states_of`) of its first `rows` only. Nothing is decoded
        and no state object made for the rest; the complete catalog follows."""
        ids, inbox = ids_of(articles), Location.INBOX
        places = [found[0] if (found := located.get(i)) else inbox for i in ids]
        order = _by_added([(found[1] or "") if (found := located.get(i)) else "~" for i in ids])
        probe = cls(articles, {}, orders={SortKey.ADDED: order})
        probe._places = places
        shown = probe.members(view, SortKey.ADDED).ids()[:rows]
        catalog = cls(articles, states_of(shown), orders={SortKey.ADDED: order})
        catalog._places, catalog.partial = places, True
        return catalog

    @classmethod
    def kept(
        cls,
        articles: Sequence[ArticleMeta],
        rows: list[str],
        states: Mapping[str, ArticleState],
        count: int,
    ) -> Catalog:
        """The first screen as the last session kept it (`store.first_screen`): the Inbox's
        first `rows` by date added, with their full `states`; an id `articles` (the index's)
        does not hold is a missing file's row, as the complete catalog shows it. Nothing is
        decoded or sorted; the complete catalog follows."""
        ids, wanted = ids_of(articles), set(rows)
        found = {key: position for position, key in enumerate(ids) if key in wanted}
        missing = [key for key in rows if key not in found]
        found.update((key, len(ids) + n) for n, key in enumerate(missing))
        every = Joined(articles, [missing_meta(key, "") for key in missing])
        order = [found[key] for key in rows]
        catalog = cls(every, states, frozenset(missing), {SortKey.ADDED: order})
        places = catalog._places = [Location.DELETED] * len(catalog.ids)  # (in no view yet)
        for position in order:
            places[position] = Location.INBOX
        catalog.partial = catalog.first_rows_only = True
        catalog.inbox_count = count
        return catalog

    def count(self, view: View, key: SortKey) -> int:
        """How many articles `view` holds (the Inbox's count as kept, less those that left
        its first rows since, when only those are known; the other views show only those of
        the rows they hold until every state is read)."""
        shown = len(self.members(view, key))
        if self.inbox_count is None or view != INBOX or key is not SortKey.ADDED:
            return shown
        return self.inbox_count - (len(self.order(SortKey.ADDED)) - shown)

    def state(self, article_id: str) -> ArticleState:
        found = self.states.get(article_id)
        return found if found is not None else ArticleState(article_id)

    def location(self, article_id: str) -> Location:
        return self.states.get(article_id, _BLANK).location

    def has_order(self, key: SortKey) -> bool:
        return key in self._orders

    def order(self, key: SortKey) -> list[int]:
        """Every article's position in the order of `key` (made now if not made yet)."""
        if (made := self._orders.get(key)) is None:
            made = self._orders[key] = self._sorted(key)
        return made

    def _sorted(self, key: SortKey) -> list[int]:
        """One sort each: ties keep the title order (`sort_articles`' rule) by sorting the
        title order, made once, stably; the titles are folded once, not once a sort."""
        states, ids, articles = self.states, self.ids, self.articles
        if key is SortKey.ADDED:
            return _by_added(
                [(state.added or "") if (state := states.get(i)) else "~" for i in ids]
            )
        if key is SortKey.TITLE:
            metas = list(articles)  # (decodes every article: made in a worker)
            return sorted(range(len(metas)), key=lambda p: (metas[p].title.casefold(), ids[p]))
        titled = self.order(SortKey.TITLE)
        if key is SortKey.LENGTH:
            return sorted(titled, key=lambda p: articles[p].words)
        if key is SortKey.PROGRESS:
            return sorted(titled, key=lambda p: -states.get(ids[p], _BLANK).progress)
        if key is SortKey.OPENED:
            opened = [states.get(key, _BLANK).opened or "" for key in ids]
            return sorted(titled, key=opened.__getitem__, reverse=True)
        return sorted(titled, key=lambda p: articles[p].date or "", reverse=True)

    @property
    def sets(self) -> FilterSets:
        """What each search filter keeps (made on first use: only saved searches need it)."""
        if self._sets is None:
            from reader.core.search.filters import filter_sets

            self._sets = filter_sets(self.states)
        return self._sets

    @property
    def places(self) -> list[Location]:
        """Where each article is, by position (made once a snapshot)."""
        if self._places is None:
            states, inbox = self.states, Location.INBOX
            self._places = [
                state.location if (state := states.get(i)) is not None else inbox for i in self.ids
            ]
        return self._places

    def members(self, view: View, key: SortKey) -> Picked:
        """The articles `view` shows, in the order of `key` (kept: this snapshot never
        changes, so going back to a view costs nothing)."""
        if (kept := self._members.get((view, key))) is None:
            positions = self._cut(view, key)
            kept = self._members[(view, key)] = Picked(self.articles, self.ids, positions)
        return kept

    def _cut(self, view: View, key: SortKey) -> list[int]:
        order, places, ids = self.order(key), self.places, self.ids
        if view.kind in ("inbox", "archive", "trash"):
            wanted = Location(view.kind)
            return [p for p in order if places[p] is wanted]
        if view.kind == "all":
            return [p for p in order if places[p] in SHOWN]
        if view.kind == "tag":  # (a tag holds few of the articles: its own are sorted)
            where = self.where
            kept = [where[i] for i in self.sets.tagged.get(tag_key(view.name), ()) if i in where]
            return sorted((p for p in kept if places[p] in _LISTED), key=self.rank(key).__getitem__)
        from reader.core.search.filters import allowed_ids
        from reader.core.search.query import parse_query

        query = parse_query(view.query)
        allowed = set(allowed_ids(query, self.sets, (ids[p] for p in order)))
        return [p for p in order if ids[p] in allowed and places[p] in _LISTED]

    def with_states(self, changes: Mapping[str, ArticleState]) -> Catalog:
        """This catalog with the states of a few articles changed (the user's own change, made
        here before the store has answered); orders their change cannot move are kept."""
        states = dict(self.states)
        states.update(changes)
        catalog = Catalog(self.articles, states, self.missing, self._kept_orders(changes))
        if self._sets is not None:
            catalog._sets = self._changed_sets(self._sets, changes)
        if self._places is not None:  # (a partial catalog knows places its states do not)
            places = list(self._places)
            for article_id, state in changes.items():
                if (found := self._position(article_id)) is not None:
                    places[found] = state.location
            catalog._places = places
        catalog.partial, catalog.first_rows_only = self.partial, self.first_rows_only
        catalog.inbox_count = self.inbox_count
        return self._handed_on(catalog)

    def _handed_on(self, catalog: Catalog) -> Catalog:
        """`catalog` (of the same articles) takes what this one made that is still right."""
        catalog._where = self._where
        catalog._ranks = {key: made for key, made in self._ranks.items() if catalog.has_order(key)}
        return catalog

    def _position(self, article_id: str) -> int | None:
        return self.where.get(article_id)

    @property
    def where(self) -> dict[str, int]:
        """Each article's position, by id (made once a snapshot)."""
        if self._where is None:
            self._where = {key: position for position, key in enumerate(self.ids)}
        return self._where

    def rank(self, key: SortKey) -> list[int]:
        """Where each article stands in the order of `key`, by position."""
        if (ranks := self._ranks.get(key)) is None:
            ranks = self._ranks[key] = [0] * len(self.ids)
            for place, position in enumerate(self.order(key)):
                ranks[position] = place
        return ranks

    def _changed_sets(self, sets: FilterSets, changes: Mapping[str, ArticleState]) -> FilterSets:
        """`sets` with the articles of `changes` as they are now (made in a few milliseconds,
        where making them all again takes a tenth of a second at 50,000 articles)."""
        from reader.core.search.query import FilterSets

        bookmarked, highlighted = set(sets.bookmarked), set(sets.highlighted)
        read, located, tagged = set(sets.read), dict(sets.located), dict(sets.tagged)
        for article_id, state in changes.items():
            for kept, wanted in (
                (bookmarked, state.bookmarked),
                (highlighted, state.highlights),
                (read, state.read),
            ):
                (kept.add if wanted else kept.discard)(article_id)
            located.pop(article_id, None)
            if state.location is not Location.INBOX:
                located[article_id] = str(state.location)
            keys = {tag_key(name) for name in state.tags}
            for key in keys | {tag_key(name) for name in self.state(article_id).tags}:
                members = set(tagged.get(key, ()))
                (members.add if key in keys else members.discard)(article_id)
                tagged[key] = members
        return FilterSets(bookmarked, highlighted, read, tagged, located)

    def renewed(
        self,
        articles: Sequence[ArticleMeta],
        states: Mapping[str, ArticleState],
        missing: frozenset[str],
    ) -> Catalog:
        """A new snapshot (read again from the disk and the store), keeping the orders that
        are still right: those of the files alone when the articles are the same list, and
        the others too when no state a sort depends on changed."""
        if self.first_rows_only or not same_articles(articles, self.articles):
            return Catalog(articles, states, missing)
        changed = {key: state for key, state in states.items() if self.states.get(key) != state}
        gone = {key: ArticleState(key) for key in self.states.keys() - states.keys()}
        kept = self._kept_orders({**changed, **gone})
        return self._handed_on(Catalog(articles, states, missing, kept))

    def _kept_orders(self, changes: Mapping[str, ArticleState]) -> dict[SortKey, list[int]]:
        kept = dict(self._orders)
        if self.partial:  # (only the order by date added is made, and no change moves it)
            return kept
        for key, field in _STATE_SORTS.items():
            if any(
                getattr(state, field) != getattr(self.states.get(article_id, _BLANK), field)
                for article_id, state in changes.items()
            ):
                kept.pop(key, None)
        return kept


def _by_added(added: list[str]) -> list[int]:
    """Positions newest added first. Articles added together (all of them, on the first start)
    keep the library's order, newest published first; "~" (an article the store has not seen
    yet: it was just found) comes before every date."""
    return sorted(range(len(added)), key=added.__getitem__, reverse=True)


def same_articles(new: Sequence[ArticleMeta], old: Sequence[ArticleMeta]) -> bool:
    """Whether two snapshots hold the same articles in the same places, told from the index's
    lines where both have them (nothing decoded), else article by article."""
    if isinstance(new, Joined) and isinstance(old, Joined):
        return all(
            a.lines == b.lines if isinstance(a, Articles) and isinstance(b, Articles) else a == b
            for a, b in zip(new.parts(), old.parts(), strict=True)
        )
    return new == old


def views_offered(tags: Iterable[str], searches: Iterable[tuple[str, str]]) -> list[View]:
    """Every view there is: the places, each tag, each saved search (name, query)."""
    return [
        *(place(kind) for kind in PLACES),
        *(View("tag", name) for name in tags),
        *(View("search", name, query) for name, query in searches),
    ]
