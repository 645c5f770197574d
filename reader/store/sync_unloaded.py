"""A store's sync document when nothing is new since its last sync: known, not loaded.

Loading a whole library's document costs seconds; a sync where this side has nothing to send
needs only its state vector (kept by `reader.store.sync_log` after each sync), and loads the
document only if the other side turns out to lack something.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Protocol

from reader.core.sync.model import SyncDoc, covers


class DocView(Protocol):
    """What a sync needs of a document: loaded (`SyncDoc`) or not (`Unloaded`)."""

    def state_vector(self) -> bytes: ...

    def update_since(self, state_vector: bytes | None = None) -> bytes: ...

    def files(self) -> dict[str, str]: ...


class Unloaded:
    """The document of a store with nothing new since its last sync, not loaded: its state
    vector is known, and it is loaded only if the other side lacks something."""

    def __init__(self, state: bytes, files: dict[str, str], load: Callable[[], SyncDoc]) -> None:
        self._state = state
        self._files = files
        self._load = load

    def state_vector(self) -> bytes:
        return self._state

    def update_since(self, state_vector: bytes | None = None) -> bytes:
        """Nothing (b"") when that side has everything, else what it lacks (loading)."""
        if state_vector and covers(state_vector, self._state):
            return b""
        return self._load().update_since(state_vector)

    def files(self) -> dict[str, str]:
        """The files the document names: those here (none was missing at the last sync)."""
        return dict(self._files)


def files_digest(files: dict[str, str]) -> str:
    return hashlib.sha256(repr(sorted(files.items())).encode("utf-8")).hexdigest()
