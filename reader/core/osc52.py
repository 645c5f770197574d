"""The escape sequence that puts text on the user's clipboard, through SSH, tmux and GNU screen.

OSC 52 (``ESC ] 52 ; c ; <base64> BEL``) asks the terminal emulator itself to set its clipboard,
so it works wherever the bytes reach the user's terminal: over SSH, with no local clipboard, no
X server, no mouse. Multiplexers stand in the way, and each needs its own envelope:

- tmux: the plain sequence reaches the outer terminal only with ``set-clipboard on`` (the default,
  ``external``, ignores it); the passthrough envelope ``ESC P tmux; <sequence, ESCs doubled>
  ESC \\`` only with ``allow-passthrough on``. Neither is tmux's default, so inside tmux both are
  sent: whichever the user enabled delivers the text, and tmux drops the other silently.
- GNU screen passes ``ESC P <data> ESC \\`` through, but keeps only so much of a string
  sequence and prints the rest on the screen as text: 767 bytes since screen 4.2.1 (its buffer
  is 768: with screen 4.09 a 768-byte piece spills, 767 does not), less in older versions (255
  or 511). So the sequence is cut into pieces of at most `SCREEN_CHUNK` bytes, each in its own
  envelope, and the plain sequence is never sent (a long one would spill base64 on the screen).

Detection (`detect_multiplexer`) reads the environment: ``TMUX`` means tmux; ``STY``, or a
``TERM`` starting with ``screen``, means screen. Over SSH neither ``TMUX`` nor ``STY`` crosses the
connection, so a user running tmux *locally* with ``TERM=screen-256color`` is taken for screen,
and tmux drops screen's envelope: callers that know better pass ``terminal_multiplexer``.

Terminals cap what they accept (xterm and others around 100 kB); past `MAX_BASE64` bytes of
base64 the request is refused with `ClipboardTooLarge` rather than silently lost.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import Literal

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"

#: Most base64 sent in one request (about 73 kB of UTF-8 text).
MAX_BASE64 = 100_000
#: Longest piece put in one DCS envelope for GNU screen: under every version's limit (see above).
SCREEN_CHUNK = 255

Multiplexer = Literal["tmux", "screen", "none"]
_MULTIPLEXERS = ("tmux", "screen", "none")


class ClipboardTooLarge(ValueError):
    """The text is too long for one OSC 52 request; the message says by how much."""


def detect_multiplexer(env: Mapping[str, str] | None = None) -> Multiplexer:
    """``"tmux"``, ``"screen"`` or ``"none"``, from ``env`` (default: this process's)."""
    env = os.environ if env is None else env
    if env.get("TMUX"):
        return "tmux"
    if env.get("STY") or env.get("TERM", "").startswith("screen"):
        return "screen"
    return "none"


def osc52_sequence(
    text: str,
    *,
    terminal_multiplexer: Multiplexer | None = None,
    env: Mapping[str, str] | None = None,
    limit: int = MAX_BASE64,
) -> str:
    """The bytes to write to the terminal (as a str of ASCII) to copy ``text``.

    ``terminal_multiplexer`` is detected from ``env`` when not given. Raises `ClipboardTooLarge`
    when the base64 would exceed ``limit``, and `ValueError` for an unknown multiplexer.
    """
    kind = detect_multiplexer(env) if terminal_multiplexer is None else terminal_multiplexer
    if kind not in _MULTIPLEXERS:
        raise ValueError(f"unknown terminal multiplexer {kind!r}: use one of {_MULTIPLEXERS}")
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    if len(payload) > limit:
        raise ClipboardTooLarge(
            f"too long to copy: {len(text):,} characters make {len(payload):,} bytes of base64,"
            f" over the terminal limit of {limit:,}; select a shorter passage"
        )
    plain = f"{ESC}]52;c;{payload}{BEL}"
    if kind == "tmux":
        return plain + f"{ESC}Ptmux;{plain.replace(ESC, ESC + ESC)}{ST}"
    if kind == "screen":
        pieces = (plain[at : at + SCREEN_CHUNK] for at in range(0, len(plain), SCREEN_CHUNK))
        return "".join(f"{ESC}P{piece}{ST}" for piece in pieces)
    return plain
