"""This store's sync document as a sync sees it: parts, loaded only when one must be.

A transport asks for the digest of every part (unloaded: from the state vectors the store
keeps), the state vectors of the parts the two sides differ in, the updates the other side
lacks in those parts (a part is loaded only if the other side lacks something in it, and not
even then if it has nothing of the part: the kept updates go as they are), and the library
files the document names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reader.core.sync.model import covers, decode_state_vector
from reader.core.sync.parts import EMPTY_STATE, digest_of, encode_bundle
from reader.store.sync_parts import PartBook


class PartsView:
    """The document of one store, in parts, at one moment of a sync."""

    def __init__(self, book: PartBook, here: dict[str, str]) -> None:
        self._book = book
        self._here = here

    def digests(self) -> dict[int, bytes]:
        """Every written part's digest (a part never written has that of an empty state)."""
        return {part: digest_of(row.state) for part, row in self._book.rows().items()}

    def states(self, parts: Iterable[int] | None = None) -> dict[int, bytes]:
        """The state vectors of those parts (of every written part if None)."""
        rows = self._book.rows()
        if parts is None:
            return {part: row.state for part, row in sorted(rows.items())}
        return {part: rows[part].state if part in rows else EMPTY_STATE for part in parts}

    def update_since(self, states: Mapping[int, bytes] | None = None) -> bytes:
        """What a side with those state vectors lacks of those parts, as a bundle (every kept
        update of every part if None). DamagedUpdate for a state vector that is none."""
        if states is None:
            return encode_bundle(self._book.updates())
        mine = self._book.rows()
        entries: list[tuple[int, bytes]] = []
        for part, theirs in sorted(states.items()):
            ours = mine[part].state if part in mine else EMPTY_STATE
            if covers(theirs, ours):
                continue
            if _nothing_of(theirs, ours):  # they have nothing of it: the updates as kept
                entries.extend(self._book.updates(part))
            else:
                entries.append((part, self._book.load(part).update_since(theirs)))
        return encode_bundle(entries)

    def files(self) -> dict[str, str]:
        """The library files the document names: those here, and those of parts that name
        files missing here (only those parts are loaded)."""
        found = dict(self._here)
        for part, row in sorted(self._book.rows().items()):
            if row.missing:
                for path, digest in self._book.load(part).files().items():
                    found.setdefault(path, digest)
        return found


def _nothing_of(theirs: bytes, ours: bytes) -> bool:
    """Whether a side with state vector `theirs` has nothing of what one with `ours` has (no
    writer in common): it lacks everything, and every kept update can go as it is."""
    seen = decode_state_vector(theirs)
    return not any(seen.get(client, 0) for client in decode_state_vector(ours))
