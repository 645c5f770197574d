"""The search index on disk, and keeping it in line with the library.

`reader.store.dirs.search_cache_path` names the index's manifest (`manifest.py`, with opening
the stored index when nothing changed); the index itself is the Tantivy folder beside it
(`index_folder`), private to the user like the rest of the cache. Tantivy opens it
memory-mapped: nothing is decoded whole, and each change is one small segment, so adding or
removing an article never rewrites the index.

A manifest that is missing, damaged or of another format version, or a folder Tantivy cannot
open, is not trusted: the folder is deleted and the index rebuilt, and `SyncReport.rebuilt`
says why, for the caller to tell the user. Each article is indexed with its content hash:
`sync_index` parses only the articles whose hash changed (or that are new) and drops the ones
that left the library, committing as it goes, so an interrupted first build resumes where it
stopped.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from reader.core.article import Article, ArticleMeta
from reader.core.files import ensure_private_dir, write_atomically
from reader.core.library import Articles, load_article
from reader.core.library.pending import stamp
from reader.core.search.building import outcome, prepared
from reader.core.search.engine import Engine
from reader.core.search.index import SearchIndex
from reader.core.search.manifest import DAMAGED as DAMAGED
from reader.core.search.manifest import FORMAT_VERSION as FORMAT_VERSION
from reader.core.search.manifest import OUTDATED as OUTDATED
from reader.core.search.manifest import Manifest, opstamp
from reader.core.search.manifest import index_folder as index_folder
from reader.core.search.manifest import open_unchanged as open_unchanged
from reader.core.search.schema import IndexBusy, SearchIndexError

#: Articles parsed between two progress reports of `sync_index`.
PROGRESS_EVERY = 200
#: Articles added between two commits while syncing (work kept if the sync is interrupted).
COMMIT_EVERY = 1000


@dataclass
class SyncReport:
    """What `sync_index` had to do: ids added, re-indexed, removed, failures (id, reason), and
    why the index was rebuilt from nothing, if it had to be (None for a first build)."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    rebuilt: str | None = None
    #: Another process was writing the index: it was searched as it was.
    busy: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def library_digest(metas: Sequence[ArticleMeta]) -> str:
    """A digest of the articles' ids and content hashes, in the library's order (of the index's
    lines as they are, when the library is read from its index: nothing decoded; a line holds
    the id and the hash, so it changes whenever they do)."""
    if isinstance(metas, Articles):
        joined = "\n".join(["\x03lines", *metas.lines])
    else:
        joined = "\n".join(f"{meta.id}\x00{stamp(meta)}" for meta in metas)
    return hashlib.sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()


def load_index_file(path: Path) -> SearchIndex | None:
    """The index whose manifest is `path`, or None if there is none or it cannot be trusted."""
    index, _problem, _manifest = _open(path)
    return index


def _open(path: Path) -> tuple[SearchIndex | None, str | None, Manifest]:
    """(the index, None, its manifest), or (None, why it cannot be used (None when there is
    none), an empty manifest)."""
    if not path.exists():
        return None, None, Manifest()
    manifest = Manifest.read(path)
    if isinstance(manifest, str):
        return None, manifest, Manifest()
    try:
        return SearchIndex(Engine.open(index_folder(path))), None, manifest
    except SearchIndexError:
        return None, DAMAGED, Manifest()


def _fresh(path: Path) -> SearchIndex:
    """A new empty index at `path` (the old folder, if any, deleted first)."""
    folder = index_folder(path)
    path.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    ensure_private_dir(folder)
    index = SearchIndex(Engine.create(folder))
    write_atomically(path, [Manifest().encode()])
    return index


def discard_index(path: Path) -> None:
    """Stop trusting the index stored at `path`: it is rebuilt when next opened."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        shutil.rmtree(index_folder(path), ignore_errors=True)


def save_index(index: SearchIndex, path: Path) -> bool:
    """Make `index` the one stored at `path` (copied there if it lives elsewhere, in memory for
    instance); False if it could not be written (it is only a cache)."""
    try:
        folder = index.engine.folder
        if folder is not None and folder.resolve() == index_folder(path).resolve():
            write_atomically(path, [Manifest(opstamp=opstamp(folder)).encode()])
            return True
        copy = _fresh(path)
        copy.add_all(index.engine.stored(address) for _, address in index.engine.rows())
    except (OSError, SearchIndexError):
        return False
    return True


def sync_index(
    index: SearchIndex,
    metas: Iterable[ArticleMeta],
    load: Callable[[ArticleMeta], Article],
    progress: Callable[[int], None] | None = None,
) -> SyncReport:
    """Bring `index` in line with the library: parse new and changed articles, drop gone ones."""
    report = SyncReport()
    metas = list(metas)
    wanted = {meta.id for meta in metas}
    known = index.stamps()
    report.removed = [article_id for article_id in known if article_id not in wanted]
    todo = [meta for meta in metas if not stamp(meta) or known.get(meta.id) != stamp(meta)]
    if not todo and not report.removed:
        return report
    try:
        _write(index, report, todo, known, load, progress)
    except IndexBusy:
        report.busy = True
    index.forget()
    return report


def _write(
    index: SearchIndex,
    report: SyncReport,
    todo: list[ArticleMeta],
    known: Mapping[str, str],
    load: Callable[[ArticleMeta], Article],
    progress: Callable[[int], None] | None,
) -> None:
    """The changes, committed every COMMIT_EVERY articles: new articles prepared (in worker
    processes when there are many), changed ones here, keeping the notes they were found by."""
    fresh = [meta for meta in todo if meta.id not in known]
    changed = [meta for meta in todo if meta.id in known]
    with index.engine.writing() as batch:
        for article_id in report.removed:
            batch.remove(article_id)
        outcomes = chain(
            prepared(fresh, load),
            ((meta, outcome(meta, load, _extras_kept(index, meta.id))) for meta in changed),
        )
        for done, (meta, result) in enumerate(outcomes, 1):
            if isinstance(result, str):
                report.failed.append((meta.id, result))
            else:
                batch.add(result)
                (report.updated if meta.id in known else report.added).append(meta.id)
            if done % COMMIT_EVERY == 0:
                batch.commit()
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)


def _extras_kept(index: SearchIndex, article_id: str) -> tuple[str, ...]:
    """The notes an article was found by, kept when its text changes (they live in the
    database, which only the app reads)."""
    stored = index.stored(article_id)
    return () if stored is None else stored.extras


def open_index(
    metas: Iterable[ArticleMeta],
    path: Path | None,
    load: Callable[[ArticleMeta], Article] = load_article,
    progress: Callable[[int], None] | None = None,
    files: str | None = None,
) -> tuple[SearchIndex, SyncReport]:
    """The index for these articles: the stored one brought up to date, or a new one built
    from the articles' files (in memory when there is no `path`, or it cannot be written).

    When the library is as it was at the last sync (same ids and hashes, in the same order)
    and nobody committed to the index since, nothing is read at all. `files`, the fingerprint
    of the library's files these articles were read from, is kept in the manifest for
    `open_unchanged`."""
    metas = metas if isinstance(metas, Articles) else list(metas)
    if path is None:
        return _synced(SearchIndex(), metas, load, progress)
    digest = library_digest(metas)
    index, problem, manifest = _open(path)
    if index is not None:
        stamp = opstamp(index.engine.folder)
        if manifest.library == digest and manifest.opstamp == stamp:
            if files is not None and manifest.files != files:
                with suppress(OSError):  # only a shortcut for the next search
                    write_atomically(path, [Manifest(digest, stamp, files).encode()])
            return index, SyncReport()
        try:
            return _remembered(path, digest, *_synced(index, metas, load, progress), files)
        except SearchIndexError:
            problem = DAMAGED  # opened, but unreadable within
    try:
        synced, report = _synced(_fresh(path), metas, load, progress)
    except (OSError, SearchIndexError):  # the cache cannot be written: this time, in memory
        synced, report = _synced(SearchIndex(), metas, load, progress)
    report.rebuilt = problem
    return _remembered(path, digest, synced, report, files)


def _remembered(
    path: Path, digest: str, index: SearchIndex, report: SyncReport, files: str | None = None
) -> tuple[SearchIndex, SyncReport]:
    """Note in the manifest that the index is in line with the library `digest` (unless some
    articles failed, to be tried again, or another process held the index)."""
    folder = index.engine.folder
    if folder is not None and not report.failed and not report.busy:
        with suppress(OSError):  # only a shortcut for the next start
            write_atomically(path, [Manifest(digest, opstamp(folder), files).encode()])
    return index, report


def _synced(
    index: SearchIndex,
    metas: Sequence[ArticleMeta],
    load: Callable[[ArticleMeta], Article],
    progress: Callable[[int], None] | None,
) -> tuple[SearchIndex, SyncReport]:
    return index, sync_index(index, metas, load, progress)
