"""Keys as people see and remap them: named as typed, and the config's `[keys]` checked.

The command table (`keys.py`) writes keys as they are typed (`/`, `+`, `ctrl+p`); Textual names
them otherwise in bindings (`slash`, `plus`). Everything that shows a key to the user (the help
screen, the key bar, the palette, notices) names it here, the same way; and the user's remapping
is read against the table here, so an id that is no command is said, with its line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.keys import format_key

from reader.ui.keys import Command, command

#: How keys that are not one typed character are shown in help, the key bar and the palette.
_KEY_NAMES = {
    "enter": "enter",
    "escape": "esc",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "left": "←",
    "right": "→",
    "down": "↓",
    "up": "↑",
}


def key_display(key: str, *, compact: bool = False) -> str:
    """A key as the user types it: `/` (Textual's `slash`), `+`, `!`, `ctrl+p` (`^p` when
    `compact`, for the key bar), `space`, `esc`."""
    key = key.strip()
    if len(key) == 1:
        return key
    *modifiers, name = key.split("+")
    if not name:  # "ctrl++"
        name, modifiers = "+", modifiers[:-1]
    shown = _KEY_NAMES.get(name) or format_key(name)
    if compact and modifiers == ["ctrl"]:
        return f"^{shown}"
    return "+".join([*modifiers, shown])


def typed_character(key: str) -> str | None:
    """The character a key types (`slash`: `/`), None for keys that type none (`ctrl+p`)."""
    if key == "space":
        return " "
    shown = key_display(key)
    return shown if len(shown) == 1 and shown.isprintable() and key not in _KEY_NAMES else None


def keys_for(command: Command, keymap: Mapping[str, str]) -> str:
    """The keys a command answers to now, after the user's remapping, for display."""
    keys = keymap.get(command.id, command.keys)
    if not keys:
        return "palette"
    return ", ".join(key_display(key) for key in keys.split(",") if key.strip())


def checked_keymap(
    keymap: Mapping[str, str], where: Callable[[str], str]
) -> tuple[dict[str, str], list[str]]:
    """The user's `[keys]` with renamed ids read as the new ones, and a warning for each id that
    is no command (`where(id)` says where it was written: the file and line)."""
    known: dict[str, str] = {}
    warnings: list[str] = []
    for written, keys in keymap.items():
        try:
            command_id = command(written).id
        except KeyError:
            command_id = None
        if command_id is not None:
            known.setdefault(command_id, keys)
        else:
            warnings.append(
                f"{where(written)}: {written!r} is not a command id (? lists them), ignored"
            )
    return known, warnings
