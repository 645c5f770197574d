"""Keys typed ahead are handled in the order typed, each by the pane that has the focus when its
turn comes.

A terminal hands over a burst of keys at once (a fast typist, a paste, an SSH link catching up).
Textual gives each key to the widget focused when the key arrives and runs its binding once the
key has bubbled back up to the app; a key that moves the focus, opens a dialog or asks the screen
for something (a message) only has its effect some message hops later, and the keys right behind
it would go to the old focus: `/` then words typed into the article list, `a` then a note's
words taken as commands.

The app composes one `TypeAhead` and lets it decide when each key is handed on. A key's turn ends
when a marker sent right behind it to the same widget has come back to the app twice: once after
the key itself (its binding has run), once more after what that binding posted along the way (an
`Opened`, a `Submitted`). A key that pushed or popped a screen also waits for that screen's first
refresh, so its focus is set. Parts of the UI whose answer takes longer (a search result to
choose once the search answers, a note editor that opens once its highlight is saved) `hold` the
keys until they are ready (or post `HoldKeys`, which the app takes before the next key). Keys
arriving meanwhile wait in order; letters typed on into the same text box go at once. Should a
marker be lost (its widget removed on the way) or a hold be forgotten, a time limit lets the
keys go on.

While keys wait behind the one being handled, no frame is drawn (`HeldFrames`): the screen shows
where the burst led once it has had its effect, not each step on the way.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from contextlib import AbstractContextManager
from typing import Any

from msgspec import Struct, field
from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

#: Textual's widgets that take typed text.
TEXT_BOXES = frozenset({"Input", "TextArea"})
#: Seconds a key's marker may take to come back before the next key goes anyway.
TURN_LIMIT = 1.0
#: Seconds at most that frames wait for the keys typed ahead to have their effect.
FRAME_WAIT = 0.1
#: Seconds a hold may keep the keys: longer than the store's own lock timeout (30 s), after
#: which whoever holds has had its answer.
HOLD_LIMIT = 35.0


class KeyMarker(Message):
    """Sent right behind a key to the widget it went to; back at the app, the key is handled."""

    def __init__(self, turn: int, lap: int) -> None:
        super().__init__()
        self.turn = turn
        self.lap = lap


class HoldKeys(Message):
    """Posted by a widget whose answer the next keys need (it arrives before the next key is
    handed on): they wait until `ReleaseKeys` with the same reason."""

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why


class ReleaseKeys(Message):
    """The answer the keys held for `why` waited for is there (or will not come)."""

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why


class KeysDue(Message):
    """Posted to the app when waiting keys may go on (a hold was released, a limit passed)."""


def takes_text(node: DOMNode) -> bool:
    """Whether `node` is a text box, where letters are text, not commands (by class name: the
    note editor's `TextArea` is not imported before it is first wanted)."""
    return any(kind.__name__ in TEXT_BOXES for kind in type(node).__mro__)


class _Turn(Struct):
    """The key being handled: its number and the widget it went to."""

    number: int
    target: DOMNode
    #: A letter typed into a text box: the next letter for the same box need not wait.
    typing: bool = False
    started: float = field(default_factory=time.monotonic)


class KeyHold:
    """Keeps the keys waiting until `release` (or until `HOLD_LIMIT`)."""

    def __init__(self, owner: TypeAhead, why: str) -> None:
        self._owner = owner
        self.why = why
        self.until = time.monotonic() + HOLD_LIMIT
        self.released = False

    def release(self) -> None:
        if not self.released:
            self.released = True
            self._owner.released(self)


class HeldFrames:
    """No frame is drawn while keys typed ahead wait behind the key being handled.

    A burst such as `S`, `title`, `enter` reaches the app in one or two reads: without this,
    Textual draws the letters' frame (the line, the choices matched) before `enter` has its
    turn, and `enter`'s frame (the list sorted, the menu closed) waits for that one to be drawn.
    While keys wait their turn, the app's updates are held (`App.batch_update`), and released
    when the last of them has had its effect, when the keys are held for an answer or a new
    screen (its first refresh is what they wait for), or after `FRAME_WAIT` seconds at most:
    the screen then shows where the keys led, in one frame.
    """

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        #: The batch of updates held open (None: frames are drawn as usual).
        self._batch: AbstractContextManager[None] | None = None
        self._limit: Timer | None = None

    @property
    def held(self) -> bool:
        return self._batch is not None

    def hold(self) -> None:
        if self._batch is None:
            self._batch = self._app.batch_update()
            self._batch.__enter__()
            self._limit = self._app.set_timer(FRAME_WAIT, self.release)

    def release(self) -> None:
        """Frames are drawn again, the one held first (the screen is asked to look)."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        if self._limit is not None:
            self._limit.stop()
            self._limit = None
        batch.__exit__(None, None, None)
        if self._app.screen_stack:
            self._app.screen.check_idle()


class TypeAhead:
    """One key at a time: the next waits until the one before it has had its effect.

    The app calls `waits(key)` for each key the terminal sends: False means handle it now (and
    then `handed(key, target)`); True means it was kept, and `due()` gives it back when its turn
    comes (the app's `KeyMarker` and `KeysDue` handlers ask).
    """

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._waiting: deque[events.Key] = deque()
        self._turn: _Turn | None = None
        self._holds: list[KeyHold] = []
        self._numbers = itertools.count(1)
        #: The screen the last key went to: a key for a new screen waits for its first refresh.
        self._screen: Screen[Any] | None = None
        #: Since when a new screen's first refresh is awaited (None: not waiting for one).
        self._screen_asked: float | None = None
        self._watch: Timer | None = None
        #: Frames wait while keys wait behind the one being handled.
        self.frames = HeldFrames(app)

    @property
    def idle(self) -> bool:
        """No key waiting or being handled, nothing held (tests wait for this)."""
        return not self.busy and not self._waiting

    @property
    def busy(self) -> bool:
        return self._turn is not None or bool(self._holds) or self._screen_asked is not None

    def hold(self, why: str) -> KeyHold:
        """Keys wait from now until the hold is released (or `release(why)`): for an answer the
        next keys need. Holding again for the same reason keeps the one hold."""
        self.frames.release()
        hold = next((hold for hold in self._holds if hold.why == why), None)
        if hold is None:
            hold = KeyHold(self, why)
            self._holds.append(hold)
        return hold

    def release(self, why: str) -> None:
        """The answer the keys waited for `why` is there (or will not come)."""
        for hold in [hold for hold in self._holds if hold.why == why]:
            hold.release()

    def waits(self, key: events.Key) -> bool:
        """Whether `key` must wait its turn (it is kept, in order). A letter typed into the
        same text box as the one before goes at once: typing moves no focus, and a burst of
        words is then taken in one go, drawn once."""
        if not self.busy and not self._waiting and self._screen_ready():
            return False
        if self._typing_on(key):
            return False
        self._waiting.append(key)
        if not self._holds and self._screen_asked is None:
            self.frames.hold()
        self._watch_limits()
        return True

    def _typing_on(self, key: events.Key) -> bool:
        turn = self._turn
        return (
            turn is not None
            and turn.typing
            and key.is_printable
            and not self._waiting
            and not self._holds
            and self._screen_asked is None
            and self._app.focused is turn.target
        )

    def handed(self, key: events.Key, target: DOMNode) -> None:
        """`key` was just handed to `target`: its turn lasts until the marker comes back (a
        letter typed on into the same text box joins the turn of the first)."""
        turn = self._turn
        if turn is not None and turn.typing and key.is_printable and target is turn.target:
            return
        typing = key.is_printable and takes_text(target)
        turn = _Turn(next(self._numbers), target, typing)
        self._turn = turn
        if not target.post_message(KeyMarker(turn.number, 1)):
            self._turn = None

    def came_back(self, marker: KeyMarker) -> None:
        """A marker reached the app: after its first lap it goes round again (behind what the
        key's binding posted), after its second the key's turn is over."""
        turn = self._turn
        if turn is None or marker.turn != turn.number:
            return
        again = marker.lap == 1 and turn.target.is_attached
        if not (again and turn.target.post_message(KeyMarker(turn.number, 2))):
            self._turn = None
            if not self._waiting:
                self.frames.release()

    def due(self) -> events.Key | None:
        """The next waiting key, if its turn has come."""
        if self._waiting and not self.busy and self._screen_ready():
            return self._waiting.popleft()
        return None

    def released(self, hold: KeyHold) -> None:
        if hold in self._holds:
            self._holds.remove(hold)
        if self._waiting and not self.busy:
            self._app.post_message(KeysDue())

    # Waiting for a new screen.

    def _screen_ready(self) -> bool:
        """True when keys may go to the app's screen: the one the last key went to, or a new
        one (pushed or popped to) once it has refreshed, so its focus is where it will be."""
        if not self._app.screen_stack:
            return True  # on the way out
        screen = self._app.screen
        if screen is self._screen or self._screen is None:
            self._screen = screen
            return True
        if self._screen_asked is None:
            self.frames.release()
            self._screen_asked = time.monotonic()
            screen.call_after_refresh(self._screen_refreshed, screen)
        return False

    def _screen_refreshed(self, screen: Screen[Any]) -> None:
        self._screen_asked = None
        self._screen = screen
        if self._waiting:
            self._app.post_message(KeysDue())

    # Limits: a lost marker or a forgotten hold never stops the keyboard for good.

    def _watch_limits(self) -> None:
        if self._watch is None:
            self._watch = self._app.set_interval(TURN_LIMIT / 4, self._check_limits)

    def _check_limits(self) -> None:
        now = time.monotonic()
        if self._turn is not None and now - self._turn.started > TURN_LIMIT:
            self._turn = None
        self._holds = [hold for hold in self._holds if hold.until > now]
        if self._screen_asked is not None and now - self._screen_asked > TURN_LIMIT:
            self._screen_asked = None
            self._screen = self._app.screen
        if not self._waiting and self._watch is not None:
            self._watch.stop()
            self._watch = None
        elif not self.busy:
            self._app.post_message(KeysDue())
