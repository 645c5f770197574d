"""Keys for an article that is still on its way: kept by the reading pane, replayed once it is
laid out.

`enter` moves the focus to the reading pane at once, but the article is read and parsed in a
thread; `G`, `space`, `n` or `v w w h` typed right behind it must act on that article, as they
would have had the reader waited. The pane composes one `OpeningKeys`; its actions that need the
text are wrapped with `after_opening`, which keeps them, in order, while an article is opening,
and replays them once the article is laid out at the size the screen gives the pane.

The first action kept holds the keys typed after it (`HoldKeys`) until what was kept is done
(`ReleaseKeys`, sent behind whatever it asked for), since one of them may lead elsewhere (`a`
opens the note editor, which the words typed next are for). The release is made on the pane's
own turn (`call_later`): made on the screen's (a layout done while the screen draws) it would
take the screen for its sender, and Textual would stop it there instead of bubbling it on to
the app, which then kept the keys until the hold's time limit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import Concatenate, ParamSpec, Protocol, TypeVar, cast

from textual.widget import Widget

from reader.ui.type_ahead import HoldKeys, ReleaseKeys

P = ParamSpec("P")

#: Why the keys typed after one kept for an opening article wait.
OPENING = "act on the article on its way"


class OpeningKeys:
    """The actions asked of `pane` while its next article is on its way; `ready()` says
    whether the article is laid out for the pane's size (or the pane has none: hidden in too
    small a window, where what was kept acts on the text as it is)."""

    def __init__(self, pane: Widget, ready: Callable[[], bool]) -> None:
        self._pane = pane
        self._ready = ready
        self._kept: list[tuple[str, Callable[[], None]]] | None = None

    @property
    def opening(self) -> bool:
        return self._kept is not None

    def start(self) -> None:
        """An article is on its way: actions wait for it (those kept for the last one are
        dropped with it)."""
        self.drop()
        self._kept = []

    def keep(self, name: str, action: Callable[[], None]) -> bool:
        """Keeps `action` if an article is on its way; False when it may run now."""
        if self._kept is None:
            return False
        if not self._kept:
            self._pane.post_message(HoldKeys(OPENING))
        self._kept.append((name, action))
        return True

    def kept(self, name: str) -> bool:
        """Whether an action named `name` is waiting."""
        return any(kept == name for kept, _ in self._kept or ())

    def laid_out(self) -> None:
        """The article is laid out: what was kept is done once the screen has given the pane
        its size (showing an article may change the layout), on the lines of that size."""
        if self._kept is not None:
            self._pane.call_after_refresh(self._replay)

    def _replay(self) -> None:
        if self._kept is None or not self._ready():
            return
        kept, self._kept = self._kept, None
        self._pane.refresh_bindings()  # what depends on the article (`n`, `/`) shows now
        for _name, action in kept:
            action()
        if kept:
            self._pane.call_later(self._let_go)

    def drop(self) -> None:
        """The article never came (it could not be read): what was asked of it is dropped."""
        if self._kept:
            self._pane.call_later(self._let_go)
        if self._kept is not None:
            self._kept = None
            self._pane.refresh_bindings()

    def _let_go(self) -> None:
        """The keys held go on (behind what the actions kept asked for)."""
        self._pane.post_message(ReleaseKeys(OPENING))


class _HasOpeningKeys(Protocol):
    opening_keys: OpeningKeys


Pane = TypeVar("Pane", bound=_HasOpeningKeys)


def after_opening(
    action: Callable[Concatenate[Pane, P], None],
) -> Callable[Concatenate[Pane, P], None]:
    """Wraps a pane action that needs the text: while an article opens it waits for it."""

    @wraps(action)
    def run(pane: Pane, *args: P.args, **kwargs: P.kwargs) -> None:
        if not pane.opening_keys.keep(action.__name__, partial(action, pane, *args, **kwargs)):
            action(pane, *args, **kwargs)

    return cast(Callable[Concatenate[Pane, P], None], run)
