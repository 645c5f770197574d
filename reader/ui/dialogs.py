"""Dialogs opened in answer to background work, over the screen that asked for them.

A store write, a worker or a thread answers later than the key that asked for it (seconds
later, when another program holds the database); by then the user may have opened another
screen: the command palette, the help, a list. A dialog pushed then covered that screen and
took the keys meant for it: the note editor opened by `a` came up over the palette, and the
`escape` typed to close the palette asked to discard the note instead; an "Open this link?"
question would take the `enter` meant for the palette's choice. `Dialogs` keeps such a dialog
until the screen that asked for it is on top again, then opens it there, as it would have been
at once; dialogs asked for meanwhile follow one after another, in the order asked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen

T = TypeVar("T")


class Dialogs:
    """Opens dialogs over `owner` while it is the screen on top: at once if it is, else once it
    is again (Textual's `screen_change_signal` says when the screen on top changes)."""

    def __init__(self, owner: Screen[Any]) -> None:
        self._owner = owner
        #: Dialogs asked for and not opened yet, oldest first, each with its answer's handler.
        self._waiting: deque[tuple[Screen[Any], Callable[[Any], None] | None]] = deque()
        self._listening = False

    def open(self, dialog: Screen[T], answered: Callable[[T | None], None] | None = None) -> None:
        """Pushes `dialog` over the owner (now, or once it is on top again); `answered` gets
        what the dialog is dismissed with."""
        self._waiting.append((dialog, answered))
        self._next()

    def _next(self, _changed: object = None) -> None:
        owner = self._owner
        if not self._waiting or not owner.is_attached:
            return
        if owner.is_active:
            dialog, answered = self._waiting.popleft()
            owner.app.push_screen(dialog, answered)
        elif not self._listening:
            self._listening = True
            owner.app.screen_change_signal.subscribe(owner, self._next)
