"""A one-line bar of the keys that apply now, drawn as a single widget.

Textual's `Footer` builds a widget per key and rebuilds them all on every focus change; one line
of `Content` shows the same information for a fraction of the start-up and focus-change cost.

The ways into everything else and out (`?` help, `ctrl+p` palette, `q` quit) are pinned at the
right end, so they are on screen at any width where anything is: the keys of the focused pane
fill the rest, most useful first, and those that do not fit are left out whole.

A dialog drawn over the bar's screen (the `H` list, the links) takes the keys; the bar then
names the dialog's keys, never the keys of the screen below, which do nothing meanwhile.

Textual says the keys may have changed twice for one focus change (at once, and again after the
next refresh), and the bar answered each by drawing itself again: twice a key that moves the
focus (a menu closing on a sort), the first time in that key's own frame. The bar now looks
after the frame the change came in, and is drawn again only when what it says changed: a key's
effect is on screen one bar's work sooner, and the bar follows in the next frame.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from msgspec import Struct
from textual.binding import Binding
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from reader.ui.key_names import typed_character
from reader.ui.keys import command

#: Actions pinned at the right end, in this order.
PINNED = ("help", "command_palette", "quit")
#: How they are named there (their descriptions are for the palette and help).
PINNED_NAMES = {"help": "Help", "command_palette": "Palette", "quit": "Quit"}
#: Cells between two keys, and at least between the two ends.
GAP = "  "


class _Shown(Struct, frozen=True):
    """One key of the bar and how good a way it is to reach its action (lower is better)."""

    binding: Binding
    enabled: bool
    rank: tuple[int, int, int, int]


class KeyBar(Widget):
    """The keys of the focused widget and its ancestors whose bindings ask to be shown."""

    status: reactive[str] = reactive("")
    """What the app is waiting for (a save the database holds up), shown at the right end
    before the pinned keys; empty most of the time."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._over: Screen[Any] | None = None
        #: A look at the keys is asked for, after the next refresh.
        self._looking = False
        #: What the bar said when last drawn, and the width it was drawn for.
        self._said: tuple[int, Content] | None = None

    @property
    def _source(self) -> Screen[Any]:
        """The screen whose keys are named: a dialog drawn over this bar's screen, or its own."""
        return self._over or self.screen

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.screen_change_signal.subscribe(self, self._top_changed)

    def on_unmount(self) -> None:
        self._source.bindings_updated_signal.unsubscribe(self)
        self.app.screen_change_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        if not self._looking:
            self._looking = True
            self.call_after_refresh(self._look)

    def _look(self) -> None:
        """Drawn again only if what the bar says changed (see the module's docstring)."""
        self._looking = False
        if not self.is_attached:
            return
        said = self._said
        if said is None or said[0] != self.size.width or not said[1].is_same(self._content()):
            self.refresh()

    def _top_changed(self, top: Screen[Any]) -> None:
        """The screen on top changed: a dialog over this bar's screen lends its keys (a screen
        of its own, like the review, has its own bar: this one is not seen then)."""
        over = top if top.is_modal and top is not self.screen else None
        if over is not self._over:
            self._source.bindings_updated_signal.unsubscribe(self)
            self._over = over
            self._source.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.refresh()

    def _rank(self, binding: Binding, seen: int) -> tuple[int, int, int, int]:
        """A key the focused widget would take as typing (`q` in the search bar) is no way to
        the action; then a plain key beats one with modifiers (`q` before `ctrl+q`), then the
        table's order (`space` before `pagedown`), then the order Textual lists them in."""
        focused = self._source.focused
        consumed = focused is not None and focused.check_consume_key(
            binding.key, typed_character(binding.key)
        )
        defaults = _default_keys(binding.id or "")
        listed = defaults.index(binding.key) if binding.key in defaults else len(defaults)
        return (int(consumed), int("+" in binding.key[1:]), listed, seen)

    def _best_keys(self) -> dict[str, _Shown]:
        """The best key of each action, in the order the first key of each was listed."""
        best: dict[str, _Shown] = {}
        for seen, (_node, binding, enabled, _tip) in enumerate(
            self._source.active_bindings.values()
        ):
            action = binding.action.removeprefix("app.")  # (a dialog lets `?` through so)
            if not binding.show and action not in PINNED:
                continue
            shown = _Shown(binding, enabled, self._rank(binding, seen))
            if action not in best or shown.rank < best[action].rank:
                best[action] = shown
        return best

    def _item(self, shown: _Shown, name: str) -> Content:
        key_style = "bold $footer-key-foreground" if shown.enabled else "dim"
        return Content.assemble(
            (self.app.get_key_display(shown.binding), key_style),
            " ",
            (name, "" if shown.enabled else "dim"),
        )

    def render(self) -> Content:
        content = self._content()
        self._said = (self.size.width, content)
        return content

    def _content(self) -> Content:
        best = self._best_keys()
        pane = [
            self._item(shown, shown.binding.description)
            for action, shown in best.items()
            if action not in PINNED and not shown.rank[0]  # not typed into the focused widget
        ]
        usable = [action for action in PINNED if action in best and best[action].rank[0] == 0]
        right = self._right(best, usable)
        keys = _fitting(pane, self.size.width - 1 - right.cell_length - len(GAP))
        shown = Content(GAP).join(keys)
        gap = max(1, self.size.width - 1 - shown.cell_length - right.cell_length)
        return Content.assemble(" ", shown, " " * gap, right)

    def _right(self, best: dict[str, _Shown], actions: list[str]) -> Content:
        """The pinned keys, after what the app is waiting for, if anything."""
        pinned = [self._item(best[action], PINNED_NAMES[action]) for action in actions]
        status = [Content.styled(self.status, "bold $warning")] if self.status else []
        return Content(GAP).join([*status, *pinned])


def _fitting(items: list[Content], room: int) -> list[Content]:
    """As many of `items`, from the first, as fit in `room` cells with a gap between two."""
    fitting: list[Content] = []
    used = 0
    for item in items:
        if used + item.cell_length > room:
            break
        fitting.append(item)
        used += item.cell_length + len(GAP)
    return fitting


@lru_cache(maxsize=256)
def _default_keys(command_id: str) -> tuple[str, ...]:
    """A command's keys in the table, as Textual names them in bindings (`/` is `slash`)."""
    try:
        keys = command(command_id).keys
    except KeyError:
        return ()
    return tuple(binding.key for binding in Binding.make_bindings([Binding(keys, "")]))
