"""One sync conversation over a pair of byte streams: this side and `reader sync --serve`.

Both sides say hello first (protocol, reader version, sync id) and stop, changing nothing, if
the protocols differ. Then only what is missing travels: the initiator sends its state vector,
the server answers with the updates the initiator lacks and its own state vector, the initiator
sends what the server lacks and an end frame. The server merges (one transaction) and answers
with an end frame once committed; only then does the initiator merge. Cut anywhere, each side
has either merged everything it received or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from reader import __version__
from reader.core.sync import frames
from reader.core.sync.frames import Frame, FrameError, Kind
from reader.store.state import Store


class SyncFailed(Exception):
    """A sync that stopped; the message says why and what to do."""


@dataclass
class Outcome:
    """What a sync did, as `reader sync` reports it."""

    target: str
    sent: int = 0
    received: int = 0
    changed: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"synced with {self.target}: {self.changed} changes here, "
            f"{self.sent} bytes sent, {self.received} received"
        )
        return text + "".join(f"\n  {problem}" for problem in self.problems)


class Channel:
    """Frames written to and read from a pair of streams, counting the bytes."""

    def __init__(self, incoming: IO[bytes], outgoing: IO[bytes]) -> None:
        self._in = incoming
        self._out = outgoing
        self.sent = 0
        self.received = 0

    def send(self, data: bytes) -> None:
        self._out.write(data)
        self._out.flush()
        self.sent += len(data)

    def receive(self, *kinds: Kind) -> Frame:
        frame = frames.read_frame(self._in)
        self.received += len(frame.payload)
        if frame.kind is Kind.ERROR and Kind.ERROR not in kinds:
            raise FrameError(f"the far side stopped: {frame.payload.decode('utf-8', 'replace')}")
        if frame.kind not in kinds:
            raise FrameError(f"the far side sent a {frame.kind.name.lower()} frame out of turn")
        return frame


def greet(channel: Channel, store: Store) -> str:
    """Exchange hellos; the far side's sync id, or FrameError (and an error frame sent)."""
    sync_id, _ = store.sync.identity()
    channel.send(frames.hello(__version__, sync_id))
    try:
        theirs = frames.check_hello(channel.receive(Kind.HELLO, Kind.ERROR), __version__)
    except FrameError as error:
        channel.send(frames.encode(Kind.ERROR, str(error).encode("utf-8")))
        raise
    if theirs["id"] == sync_id:
        message = (
            "both sides are the same store (or one database was copied from the other): "
            "sync needs two stores"
        )
        channel.send(frames.encode(Kind.ERROR, message.encode("utf-8")))
        raise FrameError(message)
    return str(theirs["id"])


def initiate(store: Store, channel: Channel, target: str) -> Outcome:
    """This side of a sync with `reader sync --serve` behind `channel`."""
    greet(channel, store)
    doc = store.sync.prepare()
    channel.send(frames.encode(Kind.STATE, doc.state_vector()))
    theirs = channel.receive(Kind.UPDATE).payload
    their_state = channel.receive(Kind.STATE).payload
    channel.send(frames.encode(Kind.UPDATE, doc.update_since(their_state)))
    channel.send(frames.encode(Kind.END))
    channel.receive(Kind.END)  # the far side has committed
    _, merged = store.sync.merge([theirs])
    return Outcome(target, channel.sent, channel.received, merged.changed, merged.problems)


def serve(store: Store, channel: Channel) -> Outcome:
    """The far side of a sync: answer one initiator, merge what it sent."""
    peer = greet(channel, store)
    doc = store.sync.prepare()
    their_state = channel.receive(Kind.STATE).payload
    channel.send(frames.encode(Kind.UPDATE, doc.update_since(their_state)))
    channel.send(frames.encode(Kind.STATE, doc.state_vector()))
    theirs = channel.receive(Kind.UPDATE).payload
    channel.receive(Kind.END)
    _, merged = store.sync.merge([theirs])
    channel.send(frames.encode(Kind.END))
    return Outcome(peer, channel.sent, channel.received, merged.changed, merged.problems)
