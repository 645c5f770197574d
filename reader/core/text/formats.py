"""Which files are articles, by their name alone.

Kept apart from the parser so that walking a library (which only needs names) does not pay for
importing the parser and its cleaning rules at start-up.
"""

from __future__ import annotations

#: File suffix (lower case) to the parser that reads it.
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


class ParseError(Exception):
    """A file that cannot be an article; `str(error)` is a short reason for people to read.

    The reasons: "empty file", "binary file", "cannot read file: <operating system's reason>".
    (Large files are not an error: they are parsed from their beginning.)
    """
