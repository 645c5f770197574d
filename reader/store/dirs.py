"""The one place that decides where reader keeps things on disk.

Every folder is computed, never created, when asked for: importing this module or printing the
folders (`reader dirs`) must not leave anything behind. Whoever writes creates the folder with
`ensure_private_dir`, because the data folder holds what someone reads and what they think of it.

The data folder can be chosen three ways, strongest first: the `--data-dir` option (passed in as
`override`), the `READER_DATA_DIR` environment variable, then the platform's usual place. The
override is an argument rather than module state so that two callers (or two tests) can never leak
a choice into each other; choosing a data folder also moves the config file and the cache into it,
which is what makes a data folder a complete, isolated profile.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

import platformdirs

APP_NAME = "reader"

#: Bits that give anybody other than the owner some access.
_OTHERS_BITS = 0o077


def _env_path(name: str) -> Path | None:
    """An environment variable as an absolute path; an empty value counts as unset."""
    value = os.environ.get(name, "")
    return Path(value).expanduser().absolute() if value else None


def _chosen_data_dir(override: Path | None) -> Path | None:
    """The data folder the user picked explicitly, if any."""
    if override is not None:
        return Path(override).expanduser().absolute()
    return _env_path("READER_DATA_DIR")


def data_dir(override: Path | None = None) -> Path:
    """Where the database (reading state, bookmarks, highlights) lives."""
    chosen = _chosen_data_dir(override)
    if chosen is not None:
        return chosen
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file(override: Path | None = None) -> Path:
    """The TOML config file; `READER_CONFIG` wins even over a chosen data folder."""
    explicit = _env_path("READER_CONFIG")
    if explicit is not None:
        return explicit
    chosen = _chosen_data_dir(override)
    if chosen is not None:
        return chosen / "config.toml"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def cache_dir(override: Path | None = None) -> Path:
    """Disposable files (the library index); deleting this folder only costs start-up time."""
    chosen = _chosen_data_dir(override)
    if chosen is not None:
        return chosen / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def library_dir(override: Path | None = None) -> Path:
    """Where articles the user adds to reader are kept, as opposed to folders they point us at."""
    return data_dir(override) / "library"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by the owner only, and return it.

    Only folders this call creates get mode 0700 (set explicitly, since `mkdir` modes are filtered
    by the umask). A folder that already exists is left exactly as it is: the user may have chosen
    to share it, and silently changing permissions on their folder would be rude. Use
    `open_to_others` to warn instead.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue  # someone else made it in the meantime: theirs, not ours to chmod
        os.chmod(folder, 0o700)
    if not path.is_dir():
        raise NotADirectoryError(f"not a folder: {path}")
    return path


def open_to_others(path: Path) -> bool:
    """Whether anyone but the owner has any permission on `path` (False if it does not exist)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return bool(stat.S_IMODE(mode) & _OTHERS_BITS)


def write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write `path` whole or not at all: a temporary file beside it (mode 0600), then a rename.

    A crash or a full disk half-way leaves the previous file untouched, never a truncated one.
    The folder is created private if it is missing.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        ensure_private_dir(folder)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
