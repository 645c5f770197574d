"""What the command line prints besides results: errors in one line, untrusted text made safe.

Standard library only, because `reader.cli.main` imports it for every command.
"""

from __future__ import annotations

import sys

#: Exit status for errors that are reported in one line on stderr.
EXIT_ERROR = 1


def fail(message: str) -> int:
    """Print `reader: message` on stderr; returns the exit status for it."""
    print(f"reader: {message}", file=sys.stderr)
    return EXIT_ERROR


def printable(text: str) -> str:
    """Article text is untrusted: no escape sequences reach the user's terminal."""
    return "".join(char if char.isprintable() else " " for char in text)
