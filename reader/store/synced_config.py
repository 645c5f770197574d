"""Settings from other machines, kept in the store and layered over this machine's config file.

The config file is the user's, edited by hand: a sync never writes it. With `[sync] settings =
true` (or `reader sync --settings`) a sync shares this machine's portable settings (`theme`,
`measure`, `[keys]`, `[feeds]`, `[review]`, and the theme chosen in the palette; never
`[sync]`) and takes those of the other machines that share theirs, each setting its own register
of the sync document (`reader.store.sync_settings`), settled by the CRDT engine.

What arrives is checked as the config file is (`reader.store.config`: types, ranges, tag names;
text sanitised, sizes capped): a setting refused is named with the reason, the rest are kept
(`accept`). What was shared last is kept too, so the layering (`layered_config`) knows, for each
setting, which edit is newest: a setting changed in the file since this machine last shared it
is the newest edit (the file wins, and the next sync carries it); one left as it was gives way
to the value from elsewhere. No pycrdt here: the app reads this at start.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from reader.core.text.sanitize import sanitize_line
from reader.store.config import Config, load_config, read_toml, refusals

#: The store's settings: this machine's own values as last shared, and those taken from the
#: sync document (checked), each a JSON object name -> value.
MINE = "sync.settings.mine"
SYNCED = "sync.settings.synced"
#: Where the app remembers the theme chosen in the palette (`reader.ui.app.THEME_SETTING`).
PALETTE_THEME = "theme"
#: That theme's name among the shared settings.
PALETTE = "palette.theme"
#: The config file's settings that travel: top-level keys, and tables whose every key does.
TOP = ("theme", "measure")
TABLES = ("keys", "feeds", "review")
#: Caps on what is taken from elsewhere.
MAX_SETTINGS = 500
MAX_VALUE = 200
MAX_NAME = 100


class Store(Protocol):
    """What is read and kept here: the store's settings (`reader.store.state.Store`)."""

    def setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


def flatten(data: dict[str, Any]) -> dict[str, object]:
    """The portable settings of a parsed config file: `theme`, `keys.<id>`, `review.per_day`."""
    found: dict[str, object] = {key: data[key] for key in TOP if key in data}
    for table in TABLES:
        values = data.get(table)
        if isinstance(values, dict):
            found.update((f"{table}.{key}", value) for key, value in values.items())
    return found


def refusal(name: str, value: object) -> str | None:
    """Why a setting from elsewhere cannot be used (None if it can): the config file's checks,
    and those on what comes from another machine (one line, sanitised, not too long)."""
    table, dot, key = name.partition(".")
    if name == PALETTE:
        table, dot, key = "theme", "", ""
    if (dot and table not in TABLES) or (not dot and table not in TOP):
        return f"{name!r} is not a setting that travels"
    if len(name) > MAX_NAME or (dot and (not key or sanitize_line(key) != key)):
        return "not a setting's name"
    if isinstance(value, str) and (sanitize_line(value) != value or len(value) > MAX_VALUE):
        return f"more than {MAX_VALUE} characters, or not one line of text"
    if isinstance(value, list | dict) or value is None:
        return "not a single value"
    found = refusals({table: {key: value}} if dot else {table: value})
    return found[0].removesuffix(", ignored") if found else None


def as_json(values: dict[str, object]) -> dict[str, str]:
    return {name: json.dumps(value, sort_keys=True) for name, value in values.items()}


def file_settings(path: Path, store: Store) -> dict[str, str]:
    """This machine's portable settings as they are now (each as JSON): those of the config
    file the loader would use, and the theme chosen in the palette."""
    data, _, _ = read_toml(path)
    values = {
        name: value for name, value in flatten(data or {}).items() if refusal(name, value) is None
    }
    theme = store.setting(PALETTE_THEME)
    if theme:
        values[PALETTE] = theme
    return as_json(values)


def accept(store: Store, received: dict[str, str]) -> tuple[int, list[str]]:
    """Keep the settings that came from the sync document (the checked ones) for the layering,
    and put the palette theme in place unless it changed here since it was last shared; returns
    how many came new from other machines, and a message for each refused."""
    problems: list[str] = []
    kept: dict[str, object] = {}
    for name, raw in sorted(received.items())[:MAX_SETTINGS]:
        try:
            value = json.loads(raw)
            reason = refusal(name, value)
        except ValueError:
            reason = "not a value"
        if reason is None:
            kept[name] = value
        else:
            problems.append(f"setting {sanitize_line(name)[:MAX_NAME]!r} from another machine "
                            f"refused: {reason}")  # fmt: skip
    if len(received) > MAX_SETTINGS:
        problems.append(f"only the first {MAX_SETTINGS} settings from other machines were read")
    mine = _json(store.setting(MINE))
    theme = kept.get(PALETTE)
    here = store.setting(PALETTE_THEME)
    if isinstance(theme, str) and theme != here and _same(here, mine.get(PALETTE)):
        store.set_setting(PALETTE_THEME, theme)
        store.set_setting(MINE, json.dumps({**mine, PALETTE: json.dumps(theme)}, sort_keys=True))
    before = _json(store.setting(SYNCED))
    store.set_setting(SYNCED, json.dumps(kept, sort_keys=True))
    new = [
        name
        for name, value in kept.items()
        if value != before.get(name) and as_json({name: value})[name] != mine.get(name)
    ]
    return len(new), problems


def layer_of(store: Store | None) -> Callable[[dict[str, Any]], frozenset[str]]:
    """What `load_config` is given to layer the settings from elsewhere over the file's."""
    synced = _json(store.setting(SYNCED)) if store is not None else {}
    mine = _json(store.setting(MINE)) if store is not None else {}

    def layer(data: dict[str, Any]) -> frozenset[str]:
        here = flatten(data)
        used: set[str] = set()
        for name, value in synced.items():
            if name == PALETTE or value == here.get(name):
                continue
            current = json.dumps(here[name], sort_keys=True) if name in here else None
            if current != mine.get(name):  # edited in the file since it was shared: the file
                continue  # is the newest edit
            table, dot, key = name.partition(".")
            if not dot:
                data[name] = value
            elif isinstance(data.setdefault(table, {}), dict):
                data[table][key] = value
            else:
                continue
            used.add(name)
        return frozenset(used)

    return layer


def layered_config(path: Path, store: Store | None) -> tuple[Config, list[str]]:
    """The config file with the settings from other machines layered over it."""
    return load_config(path, layer_of(store))


def in_effect(path: Path, store: Store) -> dict[str, object]:
    """The settings from other machines used over the config file now, with their values."""
    config, _ = layered_config(path, store)
    synced = _json(store.setting(SYNCED))
    return {name: synced[name] for name in sorted(config.synced)}


def _same(here: str | None, shared: object) -> bool:
    """Whether a value here is what was shared last (nothing shared: nothing here)."""
    return (json.dumps(here) if here is not None else None) == shared


def _json(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
