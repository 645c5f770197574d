"""One sync conversation over a pair of byte streams: this side and `reader sync --serve`.

Both sides say hello first (protocol, reader version, sync id) and stop, changing nothing, if
the protocols differ. Then only what is missing travels, part by part of the document
(`reader.core.sync.parts`): the initiator sends the digest of each part, the server answers
with its state vectors of the parts whose digests differ, the initiator sends what the server
lacks of those parts, its own state vectors of them and an end frame; the server answers with
what the initiator lacks, merges (one transaction) and sends an end frame once committed. The
initiator merges what it received meanwhile, in a transaction of its own that it commits only
once that end frame has come (a first sync's two merges, seconds each, go on at once). Neither
side loads a part the two share. Cut anywhere, each side has either merged everything it
received or nothing, and the initiator has merged nothing unless the far side has.
Last, each side asks for the library files it lacks (by hash) and the other sends them
(`files`); each file is written whole or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from reader import __version__
from reader.core.sync import frames, parts
from reader.core.sync.frames import Frame, FrameError, Kind
from reader.core.sync.model import DamagedUpdate
from reader.ingest.sync import files
from reader.store.state import Store
from reader.store.sync_view import PartsView


class SyncFailed(Exception):
    """A sync that stopped; the message says why and what to do."""


@dataclass
class Outcome:
    """What a sync did, as `reader sync` reports it."""

    target: str
    sent: int = 0
    received: int = 0
    changed: int = 0
    #: Library files received.
    files: int = 0
    #: Settings new from other machines (`[sync] settings`).
    settings: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"synced with {self.target}: {self.changed} changes here, "
            f"{self.sent} bytes sent, {self.received} received"
        )
        if self.files:
            text += f", {self.files} article files"
        if self.settings:
            noun = "setting" if self.settings == 1 else "settings"
            text += f", {self.settings} {noun} from other machines"
        return text + "".join(f"\n  {problem}" for problem in self.problems)


class Channel:
    """Frames written to and read from a pair of streams, counting the bytes."""

    def __init__(self, incoming: IO[bytes], outgoing: IO[bytes]) -> None:
        self._in = incoming
        self._out = outgoing
        self.sent = 0
        self.received = 0
        #: The frame received last.
        self.last: Frame | None = None

    def send(self, data: bytes) -> None:
        self._out.write(data)
        self._out.flush()
        self.sent += len(data)

    def receive(self, *kinds: Kind) -> Frame:
        frame = frames.read_frame(self._in)
        self.last = frame
        self.received += len(frame.payload)
        if frame.kind is Kind.ERROR and Kind.ERROR not in kinds:
            raise FrameError(f"the far side stopped: {frame.payload.decode('utf-8', 'replace')}")
        if frame.kind not in kinds:
            raise FrameError(f"the far side sent a {frame.kind.name.lower()} frame out of turn")
        return frame


def greet(channel: Channel, store: Store) -> dict[str, object]:
    """Exchange hellos; the far side's hello, or FrameError (and an error frame sent)."""
    sync_id, _ = store.sync.identity()
    channel.send(frames.hello(__version__, sync_id))
    try:
        theirs = frames.check_hello(channel.receive(Kind.HELLO, Kind.ERROR), __version__)
    except FrameError as error:
        channel.send(frames.encode(Kind.ERROR, str(error).encode("utf-8")))
        raise
    if theirs["id"] == sync_id:
        message = (
            "both sides have the same sync id: the same store, or a database copied to the same "
            "path on another machine; run `reader sync --reset` once on the copy"
        )
        channel.send(frames.encode(Kind.ERROR, message.encode("utf-8")))
        raise FrameError(message)
    return theirs


def initiate(store: Store, channel: Channel, target: str, library: Path) -> Outcome:
    """This side of a sync with `reader sync --serve` behind `channel`."""
    here = files.scan(store, library)
    greet(channel, store)
    view = store.sync.prepare(here)
    channel.send(frames.encode(Kind.DIGESTS, parts.encode_digests(view.digests())))
    their_states = _states(channel.receive(Kind.STATE))
    channel.send(frames.encode(Kind.UPDATE, _update(view, their_states)))
    channel.send(frames.encode(Kind.STATE, parts.encode_bundle(view.states(their_states).items())))
    channel.send(frames.encode(Kind.END))
    theirs = channel.receive(Kind.UPDATE).payload
    their_wants: list[str] = []

    def far_committed() -> None:  # this side merges while the far side does, and commits after
        their_wants.extend(_wants(channel.receive(Kind.WANT)))
        channel.receive(Kind.END)  # the far side has committed

    doc, merged = store.sync.merge([theirs], here, before_commit=far_committed)
    outcome = Outcome(target, changed=merged.changed, problems=merged.problems)
    _send_files(channel, library, here, their_wants)
    wants = files.wanted(doc.files(), here)
    channel.send(frames.encode(Kind.WANT, json.dumps(sorted(wants)).encode("utf-8")))
    channel.send(frames.encode(Kind.END))
    outcome.files, problems = _receive_files(channel, library, wants, Kind.END)
    outcome.problems.extend(problems)
    outcome.sent, outcome.received = channel.sent, channel.received
    return outcome


def serve(store: Store, channel: Channel, library: Path) -> Outcome:
    """The far side of a sync: answer one initiator, merge what it sent."""
    here = files.scan(store, library)
    hello = greet(channel, store)
    peer = str(hello["id"])
    view = store.sync.prepare(here)
    try:
        theirs_digests = parts.decode_digests(channel.receive(Kind.DIGESTS).payload)
    except parts.DamagedBundle as error:
        raise FrameError(f"damaged digests: {error}") from error
    mine = view.digests()
    empty = parts.digest_of(parts.EMPTY_STATE)
    differ = [p for p, theirs in enumerate(theirs_digests) if mine.get(p, empty) != theirs]
    channel.send(frames.encode(Kind.STATE, parts.encode_bundle(view.states(differ).items())))
    theirs = channel.receive(Kind.UPDATE).payload
    their_states = _states(channel.receive(Kind.STATE))
    channel.receive(Kind.END)
    channel.send(frames.encode(Kind.UPDATE, _update(view, their_states)))
    doc, merged = store.sync.merge([theirs], here)
    wants = files.wanted(doc.files(), here)
    channel.send(frames.encode(Kind.WANT, json.dumps(sorted(wants)).encode("utf-8")))
    channel.send(frames.encode(Kind.END))
    outcome = Outcome(peer, changed=merged.changed, problems=merged.problems)
    outcome.files, problems = _receive_files(channel, library, wants, Kind.WANT)
    outcome.problems.extend(problems)
    their_wants = _wants(channel.last)
    channel.receive(Kind.END)
    _send_files(channel, library, here, their_wants)
    channel.send(frames.encode(Kind.END))
    outcome.sent, outcome.received = channel.sent, channel.received
    return outcome


def _states(frame: Frame) -> dict[int, bytes]:
    """The state vectors of parts a STATE frame carries."""
    try:
        return dict(parts.decode_bundle(frame.payload))
    except parts.DamagedBundle as error:
        raise FrameError(f"damaged state vectors: {error}") from error


def _update(view: PartsView, states: dict[int, bytes]) -> bytes:
    """What a side with those state vectors lacks (a FrameError if one is not a state vector)."""
    try:
        return view.update_since(states)
    except DamagedUpdate as error:
        raise FrameError(str(error)) from error


def _wants(frame: Frame | None) -> list[str]:
    """The hashes a WANT frame asks for (anything else in it is ignored)."""
    if frame is None:
        return []
    try:
        asked = json.loads(frame.payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FrameError("a want frame that is not JSON") from error
    if not isinstance(asked, list):
        raise FrameError("a want frame that is not a list")
    return [a for a in asked if isinstance(a, str) and len(a) == files.DIGEST_LENGTH]


def _send_files(channel: Channel, library: Path, here: dict[str, str], asked: list[str]) -> None:
    for digest in asked:
        data = files.read_blob(library, here, digest)
        if data is not None:
            channel.send(frames.encode(Kind.FILE, digest.encode("ascii") + data))


def _receive_files(
    channel: Channel, library: Path, wants: dict[str, list[str]], until: Kind
) -> tuple[int, list[str]]:
    """Place each file frame that comes before an `until` frame; how many, and the problems."""
    placed, problems = 0, []
    while (frame := channel.receive(Kind.FILE, until)).kind is Kind.FILE:
        digest = frame.payload[: files.DIGEST_LENGTH].decode("ascii", "replace")
        paths = wants.pop(digest, None)
        if paths is None:
            problems.append("a file that was not asked for refused")
            continue
        found = files.place(library, paths, digest, frame.payload[files.DIGEST_LENGTH :])
        problems.extend(found)
        placed += not found
    return placed, problems
