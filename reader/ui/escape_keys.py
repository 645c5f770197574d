"""`escape` and a letter in one read from the terminal: the two keys the user pressed.

Over SSH (and in tmux) keys typed quickly arrive together, and a terminal sends Alt+letter as
ESC then the letter: Textual reads ESC followed by a letter in the same read as `alt+letter`.
`escape` then `e` (leave the article, archive it) would do neither. `reader` binds no Alt key
of its own, so an `alt+` letter that nothing binds is taken apart into what was typed; one the
user bound (`keys.<command id>` in the config) stays theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Container

from textual import events

ALT = "alt+"
SHIFT = "shift+"


def typed_keys(key: events.Key, bound: Callable[[], Container[str]]) -> list[events.Key]:
    """`key` as it was typed: `escape` and the letter for an `alt+` letter that `bound()` (the
    keys bound where the focus is, asked only then) does not hold; else itself."""
    name = key.key
    if not name.startswith(ALT) or name in bound():
        return [key]
    rest = name[len(ALT) :]
    shifted = rest.startswith(SHIFT)
    letter = rest[len(SHIFT) :] if shifted else rest
    if len(letter) != 1 or not ("a" <= letter <= "z"):
        return [key]
    typed = letter.upper() if shifted else letter
    return [events.Key("escape", "\x1b"), events.Key(typed, typed)]
