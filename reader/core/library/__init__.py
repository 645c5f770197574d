"""The user's library: which article files there are (`discovery`) and what each one is, fast
(`index`: the cached `ArticleMeta` of every file, bodies parsed only when an article is opened).

The names used elsewhere are re-exported here, so callers say `from reader.core.library import
load_index` without knowing which room of the package holds it; but for `live` (`update_index`,
`Change`), which a start does not need: import it from `reader.core.library.live`. Each is
imported when first asked for (PEP 562), so that importing one light room of the package (the
`fingerprint` that `reader search` takes before anything else) does not import them all.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.core.library.cache import cached_source
    from reader.core.library.discovery import Problem, bundled_seeds_dir, discover, is_article_name
    from reader.core.library.index import (
        LibraryIndex,
        cached_index,
        load_article,
        load_index,
        parse_file,
        save_index,
    )
    from reader.core.library.view import Articles

#: The room of the package each re-exported name lives in.
_ROOMS = {
    "Articles": "view",
    "LibraryIndex": "index",
    "Problem": "discovery",
    "bundled_seeds_dir": "discovery",
    "cached_index": "index",
    "cached_source": "cache",
    "discover": "discovery",
    "is_article_name": "discovery",
    "load_article": "index",
    "load_index": "index",
    "parse_file": "index",
    "save_index": "index",
}

__all__ = [
    "Articles",
    "LibraryIndex",
    "Problem",
    "bundled_seeds_dir",
    "cached_index",
    "cached_source",
    "discover",
    "is_article_name",
    "load_article",
    "load_index",
    "parse_file",
    "save_index",
]


def __getattr__(name: str) -> object:
    room = _ROOMS.get(name)
    if room is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{room}"), name)
    globals()[name] = value
    return value
