"""A root map of the sync document, read key by key while few are asked for, then whole.

Why: every `Map.get` or `in` through pycrdt converts one value and opens (and commits) a
transaction of its own unless one is open; reading a part's records that way was most of a
first sync's time (millions of transactions). `str(map)` is one call into the engine that writes
the whole map as JSON, ten times faster than reading its keys one by one (`Map.to_py` reads them
one by one, so it saves nothing), but it reads every key of the part: for the few records of a
small sync, a few single reads cost less. So the first `DIRECT` reads after a merge go to the
engine, the rest to a dict read whole once. The dict is kept while only this side writes (each
write goes to the map and the dict alike) and dropped when an update from elsewhere is merged.

Numbers come back as JSON writes them (5) or as pycrdt does (5.0): callers that want an int
convert either way, and 5 == 5.0 for every comparison of records.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from pycrdt import Map, MapEvent

#: Reads of single keys before the whole map is read.
DIRECT = 24
#: The bytes of an update above which a merge tells what changed by reading the maps whole
#: (a first sync's parts are about 14 kB each, 100 changes' a few hundred bytes).
SMALL_UPDATE = 4096


class Mirror:
    """One root map and, once read, its contents as a dict (reads from the dict, writes to
    both)."""

    def __init__(self, kept: Map[Any]) -> None:
        self.kept = kept
        self._values: dict[str, Any] | None = None
        #: Reads sent to the engine since the dict was dropped.
        self._direct = 0

    def values(self) -> dict[str, Any]:
        """The whole map (read from the engine on first use after a merge)."""
        if self._values is None:
            try:
                read = json.loads(str(self.kept))
            except ValueError:  # a value JSON cannot say (sent by a far side): key by key
                read = dict(self.kept.items())
            self._values = read if isinstance(read, dict) else {}
        return self._values

    def get(self, key: str) -> Any:
        if self._read_directly():
            return self.kept.get(key)
        return self.values().get(key)

    def __contains__(self, key: str) -> bool:
        if self._read_directly():
            return key in self.kept
        return key in self.values()

    def _read_directly(self) -> bool:
        """Whether this read goes to the engine (few reads since the last merge)."""
        if self._values is not None or self._direct >= DIRECT:
            return False
        self._direct += 1
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.values()))

    def __setitem__(self, key: str, value: Any) -> None:
        self.kept[key] = value
        if self._values is not None:
            self._values[key] = value

    def __delitem__(self, key: str) -> None:
        del self.kept[key]
        if self._values is not None:
            self._values.pop(key, None)

    def forget(self) -> None:
        """Drop the dict: the map changed from elsewhere (an update merged)."""
        self._values = None
        self._direct = 0


def merged(
    watched: list[tuple[str, Mirror]], merge: Callable[[], None], size: int
) -> set[tuple[str, str]]:
    """Run `merge` (an update of `size` bytes merged) and say which keys of the watched maps
    (each named by a label) it changed, as (label, key).

    A small update is watched through pycrdt's events; a large one (a first sync's) by each
    map's contents before and after, read whole: events are built key by key in Python, and
    for thousands of keys cost more than the merge itself (a third of a first sync's merge),
    while reading whole maps costs more than events for a few keys."""
    if size > SMALL_UPDATE:
        before = [(label, mirror, mirror.values()) for label, mirror in watched]
        merge()
        return {
            (label, key)
            for label, mirror, old in before
            for key in _differing(old, mirror.values())
        }
    found: set[tuple[str, str]] = set()

    def seen(label: str) -> Callable[[MapEvent], None]:
        def keys(event: MapEvent) -> None:
            found.update((label, key) for key in getattr(event, "keys", {}))

        return keys

    subscriptions = [(mirror.kept, mirror.kept.observe(seen(label))) for label, mirror in watched]
    try:
        merge()
    finally:
        for kept, subscription in subscriptions:
            kept.unobserve(subscription)
    return found


def _differing(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The keys whose value differs between two readings of a map (added, changed, removed)."""
    missing = object()
    return [
        key
        for key in before.keys() | after.keys()
        if before.get(key, missing) != after.get(key, missing)
    ]
