"""State vectors read: what a side has seen of each writer, and whether one side has all the
other has (how a sync tells, without loading a part, whether it must send anything)."""

from __future__ import annotations


class DamagedUpdate(ValueError):
    """An update that cannot be decoded: refused whole, nothing of it merged."""


def decode_state_vector(state: bytes) -> dict[int, int]:
    """A state vector as {client id: clock} (what a side has seen of each writer)."""
    position = 0

    def number() -> int:
        nonlocal position
        value, shift = 0, 0
        while True:
            if position >= len(state) or shift > 63:
                raise DamagedUpdate("a damaged state vector")
            byte = state[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    count = number()
    return {number(): number() for _ in range(count)}


def covers(theirs: bytes, ours: bytes) -> bool:
    """Whether a side with state vector `theirs` has everything one with `ours` has. Exact
    because every local change also advances its writer's clock (`SyncDoc.changes`), so a
    deletion alone never goes unseen."""
    seen = decode_state_vector(theirs)
    return all(seen.get(client, 0) >= clock for client, clock in decode_state_vector(ours).items())
