"""Helpers for the sync tests: stores side by side, and a sync between two of them over pipes
(the same conversation `reader sync user@host` has through ssh, without ssh)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from reader.core.sync.records import Snapshot
from reader.ingest.sync.session import Channel, Outcome, initiate, serve
from reader.store.dirs import library_dir
from reader.store.state import Store
from reader.store.synced_config import accept, file_settings

BODY = "The moon pulls the sea towards it, and the sea answers twice a day, every day."


def open_stores(root: Path, count: int) -> list[Store]:
    return [Store.open(root / f"machine{n}") for n in range(count)]


def sync_pair(here: Store, there: Store) -> tuple[Outcome, Outcome]:
    """One whole sync: `here` initiates, `there` serves (in a thread), over two pipes."""
    to_there, from_here = os.pipe()
    to_here, from_there = os.pipe()
    served: list[Outcome] = []
    failures: list[BaseException] = []

    def answer() -> None:
        try:
            with open(to_there, "rb") as incoming, open(from_there, "wb") as outgoing:
                served.append(serve(there, Channel(incoming, outgoing), library_of(there)))
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=answer)
    thread.start()
    try:
        with open(to_here, "rb") as incoming, open(from_here, "wb") as outgoing:
            outcome = initiate(here, Channel(incoming, outgoing), "there", library_of(here))
    finally:
        thread.join(30)
    if failures:
        raise failures[0]
    return outcome, served[0]


def sync_sharing(here: Store, there: Store, configs: tuple[Path, Path]) -> None:
    """`sync_pair` between two machines that share their settings (what `reader sync` does
    around the conversation with `[sync] settings = true` on both sides)."""
    for store, config in zip((here, there), configs, strict=True):
        store.sync.settings.share(file_settings(config, store))
    sync_pair(here, there)
    for store in (here, there):
        assert accept(store, store.sync.settings.received())[1] == []


def library_of(store: Store) -> Path:
    """The store's library folder (beside its database)."""
    assert store.path is not None
    return library_dir(store.path.parent)


def snapshot(store: Store) -> Snapshot:
    return store.sync.snapshot()
