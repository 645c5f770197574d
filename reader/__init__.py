"""reader: a keyboard-first terminal reader for a personal library of articles."""

__version__ = "0.1.0"
