"""Dialogs opened or closed in answer to something that came late, over the right screen.

A store write, a worker or a thread answers later than the key that asked for it (seconds
later, when another program holds the database), and a dialog's answer reaches the screen that
asked after the keys already waiting: by then the user may have opened another screen (the
command palette, the help, a list). Pushed then, a dialog covered that screen and took the keys
meant for it: the note editor opened by `a` came up over the palette, and the `escape` typed to
close the palette asked to discard the note instead; an "Open this link?" question would take
the `enter` meant for the palette. And Textual's `dismiss` closes the screen on top, whichever
it is: the note editor closing on "discard" closed the palette opened over it instead (its
search, still running, found its list gone, and the app ended).

`OnTop` keeps such a step until its screen is the one on top again, then takes it there, as it
would have been at once; steps asked for meanwhile follow one after another, in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from textual.screen import Screen

T = TypeVar("T")


class OnTop:
    """Steps taken over (or on) `owner` while it is the screen on top: at once if it is, else
    once it is again (Textual's `screen_change_signal` says when the screen on top changes).
    Steps left when `owner` is closed are dropped."""

    def __init__(self, owner: Screen[Any]) -> None:
        self._owner = owner
        #: Steps asked for and not taken yet, oldest first.
        self._waiting: deque[Callable[[], object]] = deque()
        self._listening = False

    def open(self, dialog: Screen[T], answered: Callable[[T | None], None] | None = None) -> None:
        """Pushes `dialog` over the owner; `answered` gets what it is dismissed with."""
        self.run(partial(self._owner.app.push_screen, dialog, answered))

    def run(self, step: Callable[[], object]) -> None:
        """Calls `step()` once the owner is on top (now, if it is)."""
        self._waiting.append(step)
        self._next()

    def _next(self, _changed: object = None) -> None:
        owner = self._owner
        while self._waiting and owner.is_attached and owner.is_active:
            self._waiting.popleft()()  # a dialog pushed makes the owner wait again
        if self._waiting and owner.is_attached and not self._listening:
            self._listening = True
            owner.app.screen_change_signal.subscribe(owner, self._next)
