"""The user's library: which article files there are (`discovery`) and what each one is, fast
(`index`: the cached `ArticleMeta` of every file, bodies parsed only when an article is opened).

The names used elsewhere are re-exported here, so callers say `from reader.core.library import
load_index` without knowing which room of the package holds it; but for `live` (`update_index`,
`Change`), which a start does not need: import it from `reader.core.library.live`.
"""

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
