"""The user's config file: a theme and key remappings, in TOML.

```toml
theme = "nord"
measure = 72                      # the widest text column, in characters

[keys]
"reader.highlight" = "h,ctrl+h"   # binding id = comma-separated keys

[feeds]
max_new = 100                     # pages fetched per feed in one refresh

[review]
per_day = 10                      # highlights in a day's review
new_share = 0.3                   # share of them never reviewed before (0-1)
favourite_tag = "favourite"       # highlights with this tag come back more often
retention = 0.9                   # how likely you still recall one when it comes back (0.7-0.99)
favourite_retention = 0.95        # the same for favourites (higher: more often)

[sync]
targets = ["me@server", "~/Sync/reader"]  # `reader sync` with no target syncs with these
auto = true                       # the app syncs at start, at quit and every few minutes
settings = true                   # this machine's theme and settings travel (default false)
```

With `[sync] settings = true` (or `reader sync --settings` once) the portable settings travel:
`theme`, `measure`, `[keys]`, `[feeds]`, `[review]` and the theme chosen in the palette; `[sync]`
never does. This file is never written by a sync: what other machines send is kept in the store
and layered over it (`reader.store.synced_config`): for each setting, the newest edit wins,
wherever it was made. A setting changed in this file since the last sync is that newest edit
(the file wins here, and the next sync carries it); one left as it was gives way to a newer
value from another machine. Every value received passes the same checks as this file's.

A config file is something people edit by hand, so a mistake in it must never stop reader from
starting: `load_config` always returns a usable `Config`, and says what it ignored as warnings
the caller shows once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.review.settings import RETENTION_RANGE, ReviewSettings
from reader.core.shelf import clean_tag
from reader.core.text.sanitize import sanitize_line

_KNOWN_KEYS = ("theme", "measure", "keys", "feeds", "review", "sync")

#: Pages fetched for one feed in one refresh, unless `[feeds] max_new` says otherwise: a feed
#: listing thousands of entries must not make reader hammer someone's site.
DEFAULT_FEED_MAX_NEW = 100

#: The widest text column, in characters: about what a printed page holds, and what is
#: comfortable to read; narrower panes use their width.
DEFAULT_MEASURE = 72
#: The narrowest measure taken from the config file: below it a page is mostly line ends.
MIN_MEASURE = 20


#: Broken lines dropped, one at a time, before the whole file is given up on.
MAX_BROKEN_LINES = 10

_TABLE = re.compile(r"\s*\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=""")
_WHERE_IN_TOML = re.compile(r"\s*\(at line (\d+), column \d+\)")


@dataclass
class Config:
    """Settings read from the config file; the defaults are what an empty file means."""

    #: Binding id -> comma-separated keys, in the form `App.set_keymap` takes.
    keymap: dict[str, str] = field(default_factory=dict)
    #: Name of a Textual theme, or None for the app's default.
    theme: str | None = None
    #: Pages fetched for one feed in one refresh (`[feeds] max_new`).
    feed_max_new: int = DEFAULT_FEED_MAX_NEW
    #: The widest text column of the reading pane, in characters (`measure`).
    measure: int = DEFAULT_MEASURE
    #: The daily review (`[review]`): how many a day, how many new, favourites, retention.
    review: ReviewSettings = field(default_factory=ReviewSettings)
    #: Where `reader sync` (no target) and the app's auto sync go (`[sync] targets`).
    sync_targets: tuple[str, ...] = ()
    #: Whether the app syncs by itself (`[sync] auto`).
    sync_auto: bool = False
    #: Whether this machine's portable settings travel with each sync (`[sync] settings`).
    sync_settings: bool = False
    #: The file read, and the line of each setting in it (`theme`, `keys.reader.quit`), so a
    #: setting the app cannot use is reported where the user wrote it.
    path: Path | None = field(default=None, compare=False)
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    #: The settings that came from another machine (`reader.store.synced_config`), not the file.
    synced: frozenset[str] = field(default=frozenset(), compare=False)

    def where(self, setting: str) -> str:
        """`path line N` for a setting of the file (`theme`, `keys.reader.quit`), or that it
        came from another machine."""
        if setting in self.synced:
            return f"{setting} (synced from another machine)"
        line = self.lines.get(setting)
        return f"{self.path}{f' line {line}' if line else ''}"


def load_config(
    path: Path, layer: Callable[[dict[str, Any]], frozenset[str]] | None = None
) -> tuple[Config, list[str]]:
    """Read the config at `path`; returns the config and human-readable warnings (never raises).

    A line TOML cannot read is dropped, said with its number, and the rest of the file is used.
    `layer` may change the parsed table before it is read (settings synced from another machine,
    `reader.store.synced_config`), returning the settings it put there.
    """
    data, lines, warnings = read_toml(path)
    if data is None:
        return Config(), warnings
    synced = layer(data) if layer is not None else frozenset()
    config = Config(path=path, lines=_setting_lines(lines), synced=synced)
    return config, [*warnings, *_from_toml(data, config)]


def read_toml(path: Path) -> tuple[dict[str, Any] | None, list[str], list[str]]:
    """The file's table (None if it cannot be used at all; {} if there is no file), its lines
    and warnings; a line TOML cannot read is dropped (said with its number)."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return {}, [], []
    except UnicodeDecodeError as error:
        return None, [], [f"config file {path} ignored: {error}"]
    except OSError as error:
        return None, [], [f"config file {path} ignored: {error.strerror or error}"]
    lines = text.splitlines(keepends=True)
    warnings: list[str] = []
    for _attempt in range(MAX_BROKEN_LINES):
        try:
            return tomllib.loads("".join(lines)), lines, warnings
        except tomllib.TOMLDecodeError as error:
            number = _line_of(error)
            if number is None or number > len(lines) or not lines[number - 1].strip():
                return None, [], [f"config file {path} ignored: {error}"]
            reason = _WHERE_IN_TOML.sub("", str(error))
            shown = sanitize_line(lines[number - 1]).strip()
            warnings.append(f"{path} line {number} ignored ({reason}): {shown}")
            lines[number - 1] = "\n"  # the other lines keep their numbers
    return None, [], [f"config file {path} ignored: more than {MAX_BROKEN_LINES} broken lines"]


def refusals(data: dict[str, Any]) -> list[str]:
    """What the checks of a file say about a table (a setting's refusal), without its place."""
    return [warning.partition(": ")[2] for warning in _from_toml(data, Config())]


def _line_of(error: tomllib.TOMLDecodeError) -> int | None:
    found = _WHERE_IN_TOML.search(str(error))
    return int(found.group(1)) if found else None


def _setting_lines(lines: list[str]) -> dict[str, int]:
    """Where each `key = value` is written: `theme`, `keys.reader.quit`, `feeds.max_new`."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(lines, start=1):
        if (header := _TABLE.match(line)) is not None:
            table = header.group(1).strip("\"'")
        elif (key := _KEY.match(line)) is not None:
            name = next(group for group in key.groups() if group is not None)
            found.setdefault(f"{table}.{name}" if table else name, number)
    return found


def _from_toml(data: dict[str, Any], config: Config) -> list[str]:
    """Fills `config` from the parsed file; returns what was ignored, each with its line."""
    warnings: list[str] = []
    where = config.where
    for key in data:
        if key not in _KNOWN_KEYS:
            warnings.append(f"{where(key)}: unknown setting {key!r} ignored")

    theme = data.get("theme")
    if isinstance(theme, str) and theme.strip():
        config.theme = theme.strip()
    elif theme is not None:
        warnings.append(f"{where('theme')}: theme must be a non-empty string, ignored")

    _read_feeds(data.get("feeds", {}), config, warnings)
    config.review = _read_review(data.get("review", {}), warnings, config.where)
    _read_sync(data.get("sync", {}), config, warnings)

    measure = data.get("measure", DEFAULT_MEASURE)
    if isinstance(measure, int) and not isinstance(measure, bool) and measure >= MIN_MEASURE:
        config.measure = measure
    else:
        warnings.append(
            f"{where('measure')}: measure must be a whole number of {MIN_MEASURE} or more, ignored"
        )

    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        warnings.append(f'{where("keys")}: [keys] must be a table of binding id = "keys", ignored')
        keys = {}
    for binding_id, value in keys.items():
        normalised = _normalise_keys(value)
        if normalised is None:
            warnings.append(
                f"{where(f'keys.{binding_id}')}: keys for {binding_id!r} must be a string "
                'like "h,ctrl+h", ignored'
            )
            continue
        config.keymap[binding_id] = normalised
    return warnings


def _read_feeds(feeds: object, config: Config, warnings: list[str]) -> None:
    where = config.where
    if not isinstance(feeds, dict):
        warnings.append(f"{where('feeds')}: [feeds] must be a table, ignored")
        return
    for key in feeds:
        if key != "max_new":
            warnings.append(f"{where(f'feeds.{key}')}: unknown setting feeds.{key!r} ignored")
    value = feeds.get("max_new", DEFAULT_FEED_MAX_NEW)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        config.feed_max_new = value
    else:
        warnings.append(
            f"{where('feeds.max_new')}: feeds.max_new must be a whole number of 0 or more, ignored"
        )


def _read_sync(table: object, config: Config, warnings: list[str]) -> None:
    where = config.where
    if not isinstance(table, dict):
        warnings.append(f"{where('sync')}: [sync] must be a table, ignored")
        return
    for key in sorted(table.keys() - {"targets", "auto", "settings"}):
        warnings.append(f"{where(f'sync.{key}')}: unknown setting sync.{key!r} ignored")
    targets = table.get("targets", [])
    if isinstance(targets, list) and all(isinstance(t, str) and t.strip() for t in targets):
        config.sync_targets = tuple(t.strip() for t in targets)
    else:
        warnings.append(
            f"{where('sync.targets')}: sync.targets must be a list of folders or user@host, ignored"
        )
    auto = table.get("auto", False)
    if isinstance(auto, bool):
        config.sync_auto = auto
    else:
        warnings.append(f"{where('sync.auto')}: sync.auto must be true or false, ignored")
    share = table.get("settings", False)
    if isinstance(share, bool):
        config.sync_settings = share
    else:
        warnings.append(f"{where('sync.settings')}: sync.settings must be true or false, ignored")


def _normalise_keys(value: object) -> str | None:
    """`" h , ctrl+h "` -> `"h,ctrl+h"`; None when the value cannot be a key list."""
    if not isinstance(value, str):
        return None
    keys = [key.strip() for key in value.split(",") if key.strip()]
    return ",".join(keys) if keys else None


def _read_review(table: object, warnings: list[str], where: Callable[[str], str]) -> ReviewSettings:
    """The `[review]` table; each value that is wrong is said (with its line) and its default
    kept."""
    if not isinstance(table, dict):
        warnings.append(f"{where('review')}: [review] must be a table, ignored")
        return ReviewSettings()
    low, high = RETENTION_RANGE
    retention = f"a number from {low} to {high}"
    bounds = {
        "per_day": (0, 1000, "a whole number from 0 to 1000"),
        "new_share": (0.0, 1.0, "a number from 0 to 1"),
        "retention": (low, high, retention),
        "favourite_retention": (low, high, retention),
    }
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "favourite_tag":
            name = _tag_name(value)
            if name is None:
                warnings.append(
                    f"{where('review.favourite_tag')}: review.favourite_tag must be a tag name, "
                    "ignored"
                )
            else:
                values[key] = name
        elif key not in bounds:
            warnings.append(f"{where(f'review.{key}')}: unknown setting review.{key!r} ignored")
        elif _number_within(value, *bounds[key][:2], whole=key == "per_day"):
            values[key] = value if key == "per_day" else float(value)
        else:
            warnings.append(
                f"{where(f'review.{key}')}: review.{key} must be {bounds[key][2]}, ignored"
            )
    return ReviewSettings(**values)


def _number_within(value: object, low: float, high: float, whole: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, int if whole else int | float):
        return False
    return low <= value <= high


def _tag_name(value: object) -> str | None:
    try:
        return clean_tag(value) if isinstance(value, str) else None
    except ValueError:
        return None
