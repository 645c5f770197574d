"""The Textual application: wires the store, the config and the main screen together.

Kept thin on purpose: behaviour lives in the screens and widgets, data in `reader.core` and
`reader.store`. `build_app` is the one factory used by the CLI, the tests and the benchmarks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from reader import __version__
from reader.core.osc52 import osc52_sequence
from reader.core.review.days import local_now
from reader.store import dirs
from reader.store.config import Config
from reader.store.db import StoreError
from reader.store.dirs import default_roots, index_cache_path, search_cache_path
from reader.store.errors import UnsafeDataDir
from reader.store.safety import check_data_dir
from reader.store.state import Store
from reader.store.synced_config import layered_config
from reader.ui.collector import IdleCollector
from reader.ui.escape_keys import typed_keys
from reader.ui.guard import StoreWrites, guarded
from reader.ui.key_names import checked_keymap, key_display, keys_for
from reader.ui.keys import COMMANDS, Command, bindings
from reader.ui.keys_first import KeysFirst
from reader.ui.screens.main import OTHER_SESSIONS_POLL, MainScreen
from reader.ui.screens.review.context import Clock, ReviewSetup
from reader.ui.syncing import Syncer
from reader.ui.timers import mend_timers
from reader.ui.type_ahead import HoldKeys, KeyMarker, KeysDue, ReleaseKeys, TypeAhead

if TYPE_CHECKING:  # the palette's and the help's modules are imported when first shown
    from textual.command import Provider

#: Setting key under which the chosen theme is remembered.
THEME_SETTING = "theme"


def _article_commands() -> type[Provider]:
    """The palette's article commands, imported when the palette first opens, not at start."""
    from reader.ui.palette import ArticleCommands

    return ArticleCommands


class ReaderApp(App[None]):
    """`reader`: a keyboard-first reader for a library of articles.

    | Key | Command id | Does |
    |---|---|---|
    | `?` | `reader.help` | every key, grouped |
    | `q`, `ctrl+q` | `reader.quit` | quit |
    | `ctrl+p` | `reader.palette` | command palette |
    | `ctrl+y` | `reader.sync` | sync now with `[sync] targets` |
    """

    TITLE = "reader"
    CSS_PATH = "reader.tcss"
    BINDINGS = bindings("reader.help", "reader.quit", "reader.palette", "reader.sync")
    COMMANDS = App.COMMANDS | {_article_commands}
    ENABLE_COMMAND_PALETTE = True

    def copy_to_clipboard(self, text: str) -> None:
        """Copies `text` to the user's local clipboard with OSC 52, wrapped so it also gets
        through tmux and GNU screen (Textual writes only the plain sequence, which they drop).

        Raises `ClipboardTooLarge` past what terminals accept. There is no public hook for
        writing to the terminal, so this uses the same private driver Textual's own does.
        """
        sequence = osc52_sequence(text)
        self._clipboard = text
        if self._driver is not None:
            self._driver.write(sequence)

    def __init__(
        self,
        paths: list[Path],
        store: Store,
        config: Config,
        warnings: Iterable[str] = (),
        cache_path: Path | None = None,
        search_cache: Path | None = None,
        data_dir: Path | None = None,
        other_sessions_poll: float = OTHER_SESSIONS_POLL,
        library_folder: Path | None = None,
        clock: Clock | None = None,
    ) -> None:
        mend_timers()  # a toast re-mounted just after its expiry would otherwise freeze the app
        super().__init__()
        #: Where `reader add` saves, when the library is the default one: watched even before
        #: it exists, so the first article saved from another shell shows at once.
        self.library_folder = library_folder
        #: The data folder in use (its `library/` is where added articles are saved).
        self.data_dir = data_dir
        self.paths = paths
        self.store = store
        self.config = config
        self.startup_warnings = list(warnings)
        self.cache_path = cache_path
        self.search_cache = search_cache
        #: Seconds between two looks for changes by another `reader` (tests make it short).
        self.other_sessions_poll = other_sessions_poll
        #: The daily review's settings and the clock it reads "today" from (tests fix it).
        self.review = ReviewSetup(config.review, clock or local_now)
        #: Every store write asked for on the app's thread, made in order off it.
        self.writes = StoreWrites(self)
        #: Syncs with `[sync] targets`: by key, and by itself with `auto` (the status line).
        self.syncer = Syncer(self, store, data_dir, config.sync_targets)
        #: Keys typed ahead, handed on one at a time in the order typed.
        self.type_ahead = TypeAhead(self)
        #: Full garbage collections wait for a pause in the typing.
        self.collector = IdleCollector(self)
        #: Background work (pages fetched meanwhile taken in) gives way to the keys.
        self.keys_first = KeysFirst(self)
        self.sub_title = __version__

    async def on_event(self, event: events.Event) -> None:
        """Each key from the terminal waits its turn (see `TypeAhead`); the rest as usual."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.collector.key()
            self.keys_first.key()
            for key in typed_keys(event, lambda: self.active_bindings):
                if not self.type_ahead.waits(key):
                    await self._hand_key(key)
            return
        await super().on_event(event)

    async def _hand_key(self, key: events.Key) -> None:
        target = self.focused or self.screen
        await super().on_event(key)
        self.type_ahead.handed(key, target)

    async def on_key_marker(self, marker: KeyMarker) -> None:
        self.type_ahead.came_back(marker)
        await self.on_keys_due()

    async def on_keys_due(self, _due: KeysDue | None = None) -> None:
        if (key := self.type_ahead.due()) is not None:
            await self._hand_key(key)

    def on_hold_keys(self, hold: HoldKeys) -> None:
        self.type_ahead.hold(hold.why)

    def on_release_keys(self, release: ReleaseKeys) -> None:
        self.type_ahead.release(release.why)

    def on_mount(self) -> None:
        self.collector.start(later=self.keys_first.after_first_frame)
        self.keys_first.start()
        self.set_keymap(self.config.keymap)
        remembered = guarded(self, "read the theme", lambda: self.store.setting(THEME_SETTING))
        theme = self.config.theme
        if theme is not None and theme not in self.available_themes:
            self.startup_warnings.append(
                f"{self.config.where('theme')}: no theme is called {theme!r}, ignored "
                "(ctrl+p, then “theme”, lists them)"
            )
            theme = None
        theme = theme or remembered
        if theme and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(
            MainScreen(
                self.paths,
                self.store,
                self.writes,
                self.cache_path,
                self.search_cache,
                keys=self.type_ahead,
                keys_first=self.keys_first,
                measure=self.config.measure,
                other_sessions_poll=self.other_sessions_poll,
                library_folder=self.library_folder,
                review=self.review,
            )
        )
        for warning in self.startup_warnings:
            self.notify(warning, severity="warning", timeout=8, markup=False)
        self.keys_first.after_first_frame(partial(self.syncer.start, self.config.sync_auto))

    def on_ready(self) -> None:
        """The first layout is made: work held for the first frame follows it."""
        self.keys_first.first_frame()

    def action_sync(self) -> None:
        self.syncer.sync_now()

    def _remember_theme(self, _theme: object) -> None:
        theme, store = self.theme, self.store
        self.writes.write("remember the theme", lambda: store.set_setting(THEME_SETTING, theme))

    def action_command_palette(self) -> None:
        """`ctrl+p`: the command palette (Textual's, with a guard; see `ReaderPalette`)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            from reader.ui.palette import ReaderPalette

            self.push_screen(ReaderPalette(id="--command-palette"))

    def on_key(self, event: events.Key) -> None:
        """A key that reached no widget's own handling is about to be looked up in the bindings
        of the current screen. When that is the palette, a key it was not sent was typed for
        the screen below, before `ctrl+p` (see `ReaderPalette`): it acts on nothing."""
        screen = self.screen
        if isinstance(screen, CommandPalette):  # (no palette yet: its module not imported)
            from reader.ui.palette import ReaderPalette

            if isinstance(screen, ReaderPalette) and not screen.typed_here(event):
                event.prevent_default()

    def action_help(self) -> None:
        from reader.ui.screens.help import HelpScreen  # imported when first asked for

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.config.keymap))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for command in COMMANDS:
            if command.palette and command.action not in {"help", "quit"}:
                yield SystemCommand(
                    command.description,
                    _palette_help(command, self.config.keymap),
                    lambda action=command.action: self._run_on_focus(action),
                )
        yield SystemCommand("Help", "? · every key, grouped · reader.help", self.action_help)

    def get_key_display(self, binding: Binding) -> str:
        """Keys as typed in the key bar: `/`, `+`, `!` rather than Textual's names."""
        return binding.key_display or key_display(binding.key, compact=True)

    def _run_on_focus(self, action: str) -> None:
        """Palette commands act where the keyboard is: the focused pane, the screen, the app."""
        focused = self.screen.focused
        name = action.partition("(")[0]  # `triage('archive')` is run by `action_triage`
        for target in (focused, self.screen, self):
            if target is not None and hasattr(target, f"action_{name}"):
                self.call_later(target.run_action, action)
                return

    def on_unmount(self) -> None:
        self.collector.stop()
        self.keys_first.stop()
        self.syncer.stop()
        self.writes.close()  # the screens' last writes (where each article was left) are made
        self.store.close()


def _palette_help(command: Command, keymap: Mapping[str, str]) -> str:
    """A command's line in the palette: its keys as typed (none for a palette-only one), what
    it does and its id."""
    keys = keymap.get(command.id, command.keys)
    shown = f"{keys_for(command, keymap)} · " if keys else ""
    return f"{shown}{command.help_text} · {command.id}"


def open_store(data_dir: Path) -> tuple[Store, list[str]]:
    """Opens the user's store; if it cannot be opened the articles stay readable in memory."""
    try:
        store = Store.open(data_dir)
    except UnsafeDataDir as error:
        return Store.memory(), [f"{error}. Nothing is saved this session."]
    except StoreError as error:
        return Store.memory(), [
            f"{error} Nothing is saved this session; `reader restore` brings back the newest "
            "backup."
        ]
    warnings = list(store.warnings)
    exposed = [path for path in (data_dir, store.path) if path and dirs.open_to_others(path)]
    if exposed:
        warnings.append(
            f"{exposed[0]} can be read by other users: chmod go-rwx {exposed[0]} "
            "to keep your reading private."
        )
    return store, warnings


def _refused(data_dir: Path) -> bool:
    """Whether the data folder is one another user could read or swap (`check_data_dir`)."""
    try:
        check_data_dir(data_dir)
    except UnsafeDataDir:
        return True
    return False


def build_app(
    paths: list[Path] | None = None,
    data_dir: Path | None = None,
    *,
    other_sessions_poll: float = OTHER_SESSIONS_POLL,
    clock: Clock | None = None,
) -> ReaderApp:
    """The one way to make the app: the CLI, the snapshot tests and the benchmarks all use it.

    `other_sessions_poll` is how often (seconds) changes made by another `reader` on the same
    data folder are looked for; tests make it short rather than wait. `clock` is what the
    daily review takes for now (an aware time; default the local time): tests fix the day.
    """
    data = dirs.data_dir(data_dir)
    store, store_warnings = open_store(data)
    config, warnings = layered_config(dirs.config_file(data_dir), store)
    config.keymap, key_warnings = checked_keymap(
        config.keymap, lambda command_id: config.where(f"keys.{command_id}")
    )
    roots = list(paths) if paths else default_roots(data)
    cache: Path | None = index_cache_path(data_dir)
    search_cache: Path | None = search_cache_path(roots, data_dir)
    if store.is_memory and cache is not None and cache.is_relative_to(data) and _refused(data):
        cache = search_cache = None  # a refused data folder is not written to, caches included
    return ReaderApp(
        roots,
        store,
        config,
        [*warnings, *key_warnings, *store_warnings],
        cache_path=cache,
        search_cache=search_cache,
        data_dir=data,
        other_sessions_poll=other_sessions_poll,
        library_folder=None if paths else dirs.library_dir(data),
        clock=clock,
    )
