"""The sync frames: whole and checked, or refused; the hello says which side to upgrade."""

from __future__ import annotations

import io
import json

import pytest

from reader.core.sync import frames
from reader.core.sync.frames import PROTOCOL, Frame, FrameError, Kind
from reader.core.sync.model import covers, decode_state_vector
from reader.ingest.sync.remote import Remote, parse_remote


def hello(protocol: int) -> Frame:
    body = json.dumps({"protocol": protocol, "reader": "0.1", "id": "x"}).encode()
    return Frame(Kind.HELLO, body)


def test_frames_read_back_whole() -> None:
    data = frames.encode(Kind.UPDATE, b"payload") + frames.encode(Kind.END)
    assert frames.parse(data) == [Frame(Kind.UPDATE, b"payload"), Frame(Kind.END, b"")]
    stream = io.BytesIO(data)
    assert frames.read_frame(stream) == Frame(Kind.UPDATE, b"payload")


UPDATE = frames.encode(Kind.UPDATE, b"payload")


@pytest.mark.parametrize("cut", range(1, len(UPDATE)))
def test_a_frame_cut_anywhere_is_refused(cut: int) -> None:
    data = UPDATE
    with pytest.raises(FrameError):
        frames.parse(data[:cut])
    with pytest.raises(FrameError):
        frames.read_frame(io.BytesIO(data[:cut]))


def test_a_damaged_byte_is_refused() -> None:
    data = bytearray(frames.encode(Kind.UPDATE, b"payload"))
    data[10] ^= 0xFF
    with pytest.raises(FrameError, match="checksum"):
        frames.parse(bytes(data))


def test_an_older_far_side_is_told_to_upgrade_and_a_newer_one_here() -> None:
    with pytest.raises(FrameError, match="upgrade reader on the far side; nothing was changed"):
        frames.check_hello(hello(PROTOCOL - 1), "1.0")
    with pytest.raises(FrameError, match="upgrade reader here; nothing was changed"):
        frames.check_hello(hello(PROTOCOL + 1), "1.0")
    assert frames.check_hello(hello(PROTOCOL), "1.0")["id"] == "x"


def test_state_vectors_say_who_has_seen_what() -> None:
    ours = bytes([2, 0xAC, 0x02, 0x02, 0xF0, 0xA2, 0x04, 0x01])  # {300: 2, 70000: 1}
    assert decode_state_vector(ours) == {300: 2, 70000: 1}
    assert covers(ours, ours) and covers(ours, bytes([1, 0xAC, 0x02, 0x01]))
    assert not covers(bytes([1, 0xAC, 0x02, 0x01]), ours)


@pytest.mark.parametrize(
    ("target", "remote"),
    [
        ("me@server", Remote("me@server")),
        ("ssh://me@server:2222", Remote("me@server", 2222)),
        ("ssh://server", Remote("server")),
        ("~/Sync/reader", None),
        ("/media/stick/reader", None),
        ("./me@server", None),
    ],
)
def test_a_target_is_a_login_or_a_folder(target: str, remote: Remote | None) -> None:
    assert parse_remote(target) == remote
