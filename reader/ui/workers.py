"""What long thread workers share: a way to stop when their worker was cancelled.

A thread cannot be killed. A long build (the library index, the search index) reports progress
through a callback; `stop_if_cancelled` is that callback, and it ends the build by raising
`BuildCancelled` once the worker was cancelled (the app is quitting, or a newer build replaced
it), so quitting never waits for a first indexing run of a big library.
"""

from __future__ import annotations

from textual.worker import get_current_worker


class BuildCancelled(Exception):
    """Raised inside a long build when its worker was cancelled."""


def stop_if_cancelled(_done: int) -> None:
    """Progress callback for long builds run in a thread worker: checks in with the worker."""
    if get_current_worker().is_cancelled:
        raise BuildCancelled
