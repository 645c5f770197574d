"""The one way the UI calls the store: a failure becomes a notice saying what failed, never a crash.

The database can fail under a running session (a full disk, a file made read-only, another
program damaging it). Every store call of a screen, a widget or a worker goes through `guarded`,
so the app keeps going and says what could not be done and why; reading never stops for it.
Safe from worker threads: a notice is a message, and Textual posts messages thread-safely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App

from reader.core.text.sanitize import sanitize_line
from reader.store.db import StoreError

T = TypeVar("T")


def guarded(app: App[Any], action: str, call: Callable[[], T]) -> T | None:
    """`call()`'s result, or None when the store failed: then "Could not `action`: why" is
    shown (`action` says what the user would have got: "save the note", "bookmark")."""
    try:
        return call()
    except StoreError as error:
        reason = sanitize_line(str(error))
        app.notify(f"Could not {action}: {reason}", severity="error", markup=False)
        return None
