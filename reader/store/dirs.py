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

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

APP_NAME = "reader"

#: The database file inside the data folder.
DB_FILENAME = "reader.sqlite3"
#: The folder of the database's daily backups inside the data folder.
BACKUP_DIRNAME = "backups"

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
    import platformdirs  # (not at import: a chosen data folder does without it)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file(override: Path | None = None) -> Path:
    """The TOML config file; `READER_CONFIG` wins even over a chosen data folder."""
    explicit = _env_path("READER_CONFIG")
    if explicit is not None:
        return explicit
    chosen = _chosen_data_dir(override)
    if chosen is not None:
        return chosen / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def cache_dir(override: Path | None = None) -> Path:
    """Disposable files (the library index); deleting this folder only costs start-up time."""
    chosen = _chosen_data_dir(override)
    if chosen is not None:
        return chosen / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def library_dir(override: Path | None = None) -> Path:
    """Where articles the user adds to reader are kept, as opposed to folders they point us at."""
    return data_dir(override) / "library"


def open_to_others(path: Path) -> bool:
    """Whether anyone but the owner has any permission on `path` (False if it does not exist)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    return bool(stat.S_IMODE(mode) & _OTHERS_BITS)


#: Name of the library index cache inside the cache folder (`core.library.cache` removes the
#: JSON one of earlier versions, `library-index.json`, when it finds it beside this one).
INDEX_CACHE_NAME = "library.idx"


def default_roots(data_dir: Path | None = None) -> list[Path]:
    """What `reader` shows with no PATH: the samples, plus the articles the user added."""
    from reader.core.library.discovery import bundled_seeds_dir  # (the library, when asked)

    roots = [bundled_seeds_dir()]
    added = library_dir(data_dir)
    if added.is_dir():
        roots.append(added)
    return roots


def index_cache_path(data_dir: Path | None = None) -> Path:
    """Where the library index cache lives, so the app and the CLI share one cache."""
    return cache_dir(data_dir) / INDEX_CACHE_NAME


def search_cache_path(roots: Sequence[Path], data_dir: Path | None = None) -> Path:
    """One search index per set of library folders, so `reader search Q DIR` leaves the main
    library's index alone: this file is its manifest, and the index itself (a Tantivy folder)
    lies beside it, named after it with ".d" (`reader.core.search.cache.index_folder`)."""
    key = "\0".join(sorted(os.path.abspath(Path(root).expanduser()) for root in roots))
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return cache_dir(data_dir) / f"search-{digest}.idx"
