"""A root map of the sync document read whole, once, into a Python dict.

Why: every `Map.get` or `in` through pycrdt opens (and commits) a transaction of its own and
converts one value; reading a part's records that way was most of a sync's time (millions of
transactions for a first sync). `str(map)` is one call into the engine that writes the whole
map as JSON, ten times faster than reading its keys one by one (`Map.to_py` reads them one by
one, so it saves nothing). The dict is kept while only this side writes (each write goes to
the map and the dict alike) and dropped when an update from elsewhere is merged.

Numbers come back as JSON writes them (5, where `Map.get` gives 5.0): callers that want an int
convert either way, and 5 == 5.0 for every comparison of records.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pycrdt import Map


class Mirror:
    """One root map and, once read, its contents as a dict (reads from the dict, writes to
    both)."""

    def __init__(self, kept: Map[Any]) -> None:
        self.kept = kept
        self._values: dict[str, Any] | None = None

    def values(self) -> dict[str, Any]:
        """The whole map (read from the engine on first use after a merge)."""
        if self._values is None:
            read = json.loads(str(self.kept))
            self._values = read if isinstance(read, dict) else {}
        return self._values

    def get(self, key: str) -> Any:
        return self.values().get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.values()

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


def differing(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The keys whose value differs between two readings of a map (added, changed, removed)."""
    missing = object()
    return [
        key
        for key in before.keys() | after.keys()
        if before.get(key, missing) != after.get(key, missing)
    ]
