"""The Tantivy index under the search, and every call into it guarded.

Tantivy (the Rust engine, through its official Python bindings) keeps the postings, the word
positions and the stored texts on disk, memory-mapped: opening an index decodes nothing whole,
and adding or removing one article writes one small segment. What it holds is `schema.py`.

Errors inside Tantivy arrive as `pyo3_runtime.PanicException`, which `except Exception` does
not catch: every call goes through `guarded`, which turns a panic, or an error Tantivy reports,
into `SearchIndexError`, so a damaged index is rebuilt rather than crashing the caller.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

import tantivy

from reader.core.search.schema import (
    FIELD_NAMES,
    KEY_BYTES,
    SCHEMA,
    IndexBusy,
    Prepared,
    SearchIndexError,
    StoredArticle,
    from_document,
    prepare,
    to_document,
)

#: Writer memory: Tantivy's least for one thread is 15 MB.
WRITER_HEAP = 32_000_000
#: Seconds a write waits for another's lock on the index before giving up (IndexBusy).
LOCK_WAIT = 3.0
#: Articles kept decompressed for the next keystrokes (a few results lists).
KEPT_ARTICLES = 256
_T = TypeVar("_T")


def guarded(call: Callable[[], _T]) -> _T:
    """`call()`, with whatever Tantivy raises (panics included) as a SearchIndexError."""
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, GeneratorExit, SearchIndexError):
        raise
    except BaseException as error:  # PanicException derives from BaseException
        raise SearchIndexError(f"{type(error).__name__}: {error}") from error


Hit = tuple[float, tantivy.DocAddress]
#: Merges left running by the last write to each index (by folder) in this process: any write
#: to that index waits for them, whichever `Engine` opened it.
_MERGES: dict[object, threading.Thread] = {}
_MERGES_LOCK = threading.Lock()


def _finish_merges(writer: tantivy.IndexWriter) -> None:
    """Let the writer's merges finish, then release it (and Tantivy's lock)."""
    with suppress(SearchIndexError):  # a merge that fails leaves the segments as they were
        guarded(writer.wait_merging_threads)


class Batch:
    """Changes to the index made through one writer (`Engine.writing`)."""

    def __init__(self, writer: tantivy.IndexWriter) -> None:
        self._writer = writer
        self.pending = 0

    def add(self, stored: StoredArticle | Prepared) -> None:
        """Add an article, replacing any version of it indexed before."""
        prepared = stored if isinstance(stored, Prepared) else prepare(stored)
        self.remove(prepared.id)
        document = to_document(prepared)
        guarded(lambda: self._writer.add_document(document))

    def remove(self, article_id: str) -> None:
        guarded(lambda: self._writer.delete_documents_by_term("id", article_id))
        self.pending += 1

    def commit(self) -> None:
        if self.pending:
            guarded(self._writer.commit)
            self.pending = 0


def segments_of(folder: Path | None) -> str | None:
    """The segments the index in `folder` holds now (their names, sorted); None if unknown."""
    if folder is None:
        return None
    try:
        meta = json.loads((folder / "meta.json").read_bytes())
        return " ".join(sorted(str(segment["segment_id"]) for segment in meta["segments"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class Engine:
    """One Tantivy index (in a folder, or in memory for tests) and its current searcher.

    Reading never waits: the searcher is a snapshot, replaced after each of our own commits.
    Writing takes Tantivy's writer lock only for the time of one `write`, so another `reader`
    may update the same index between two of ours; while it holds the lock, `write` fails with
    SearchIndexError and the index is left as it was.
    """

    def __init__(self, index: tantivy.Index, folder: Path | None) -> None:
        self.index = index
        self.folder = folder
        #: The segments the searcher sees (`segments_of`), when known for sure.
        self.segments: str | None = None
        self.searcher = self._searcher(lambda: index.config_reader(reload_policy="manual"))
        #: Articles read lately, by address in this searcher: the next keystroke mostly shows
        #: the same ones, and reading one costs a decompression.
        self._read: OrderedDict[tuple[int, int], StoredArticle] = OrderedDict()
        #: Which index this is, for the merges its writes leave running (`_MERGES`).
        self._key: object = folder.resolve() if folder is not None else id(self)

    @classmethod
    def create(cls, folder: Path | None) -> Engine:
        """A new empty index (in `folder`, which must exist and be empty, or in memory)."""
        path = None if folder is None else str(folder)
        return cls(guarded(lambda: tantivy.Index(SCHEMA, path=path, reuse=False)), folder)

    @classmethod
    def open(cls, folder: Path) -> Engine:
        """The index stored in `folder`; SearchIndexError if there is none we can use."""
        index = guarded(lambda: tantivy.Index.open(str(folder)))
        schema = guarded(lambda: json.loads((folder / "meta.json").read_text("utf-8")))
        names = {field.get("name") for field in schema.get("schema", ())}
        if names != FIELD_NAMES:
            raise SearchIndexError("an index of another layout")
        return cls(index, folder)

    @property
    def size(self) -> int:
        """Articles indexed."""
        return int(self.searcher.num_docs)

    def write(self, adds: Sequence[StoredArticle], removes: Sequence[str] = ()) -> None:
        """Remove the articles `removes` and every earlier version of `adds`, add `adds`, and
        commit, all or nothing; then search the new state."""
        if adds or removes:
            with self.writing() as batch:
                for article_id in removes:
                    batch.remove(article_id)
                for stored in adds:
                    batch.add(stored)

    @contextmanager
    def writing(self) -> Iterator[Batch]:
        """A batch of changes, committed when the block ends (and at each `Batch.commit`);
        changes not committed when it fails are dropped.

        A commit may start Tantivy merging segments, which takes seconds on a big index; the
        merges are left to finish in a thread (`settle` waits for them), holding the writer's
        lock meanwhile. The next write waits for them first, and for a while for another
        process's write (then IndexBusy)."""
        self.settle()
        writer = self._writer()
        batch = Batch(writer)
        try:
            yield batch
            batch.commit()
        except BaseException:
            guarded(writer.rollback)
            raise
        finally:
            merging = threading.Thread(
                target=_finish_merges, args=(writer,), name="search-index-merges", daemon=True
            )
            with _MERGES_LOCK:
                _MERGES[self._key] = merging
            merging.start()
            self.searcher = self._searcher(self.index.reload)
            self._read.clear()

    def _searcher(self, load: Callable[[], object]) -> tantivy.Searcher:
        """A searcher of the index as it is after `load`, and which segments it sees: those
        the index lists before and after (segments are never remade under the same name, so
        the same list on both sides is the one loaded in between)."""
        before = segments_of(self.folder)
        guarded(load)
        searcher = guarded(self.index.searcher)
        after = segments_of(self.folder)
        self.segments = before if before == after else None
        return searcher

    def _writer(self) -> tantivy.IndexWriter:
        """Tantivy's writer, once the lock is free (waiting up to LOCK_WAIT seconds)."""
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                return guarded(lambda: self.index.writer(heap_size=WRITER_HEAP, num_threads=1))
            except SearchIndexError as error:
                if "lock" not in str(error).lower():
                    raise
                if time.monotonic() > deadline:
                    raise IndexBusy(str(error)) from error
            time.sleep(0.05)

    def settle(self) -> None:
        """Wait for the merges the last write to this index in this process started (a process
        may leave before: they are then dropped, and started again by a later write)."""
        with _MERGES_LOCK:
            merging = _MERGES.pop(self._key, None)
        if merging is not None:
            merging.join()

    def search(self, query: tantivy.Query, limit: int, offset: int = 0) -> list[Hit]:
        """(score, address) of the best `limit` hits after the first `offset`, best first."""
        if limit <= 0:
            return []
        found = guarded(lambda: self.searcher.search(query, limit, count=False, offset=offset))
        return [(float(score), address) for score, address in found.hits]

    def count(self, query: tantivy.Query) -> int:
        """How many articles match `query`."""
        found = guarded(lambda: self.searcher.search(query, 1, count=True))
        return int(getattr(found, "count", 0) or 0)

    def stored(self, address: tantivy.DocAddress) -> StoredArticle:
        key = (address.segment_ord, address.doc)
        found = self._read.get(key)
        if found is None:
            found = from_document(guarded(lambda: self.searcher.doc(address)))
            self._read[key] = found
            if len(self._read) > KEPT_ARTICLES:
                self._read.popitem(last=False)
        else:
            self._read.move_to_end(key)
        return found

    def keys(self, addresses: list[tantivy.DocAddress]) -> list[tuple[int, ...]]:
        """The title keys (`title_keys`) of the articles at `addresses`, in order."""
        searcher = self.searcher

        def column(name: str) -> list[int | float | bool | None]:
            return guarded(lambda: searcher.fast_field_values(name, addresses))

        columns = [column(f"key{n}") for n in range(KEY_BYTES // 8)]
        return list(zip(*columns, strict=True))

    def words(self, field: str, prefix: str, *, alive: bool = False) -> list[str]:
        """The words of `field` beginning with `prefix` (`prefix` itself included); with
        `alive`, only those of articles still indexed (slower: removed articles keep their words
        in Tantivy's dictionaries until segments are merged)."""
        kept = tantivy.Query.all_query() if alive else None
        found = guarded(lambda: self.searcher.terms_with_prefix(field, prefix, filter_query=kept))
        return [str(word) for word, _count in found]

    def count_words(self, field: str, prefix: str, most: int) -> int:
        """How many words of `field` begin with `prefix`, counted up to `most`."""
        found = guarded(lambda: self.searcher.terms_with_prefix(field, prefix, limit=most))
        return len(found)

    def present(self, field: str, words: Iterable[str]) -> list[str]:
        """Those of `words` that `field` holds."""
        searcher = self.searcher
        return guarded(lambda: [word for word in words if searcher.doc_freq(field, word)])

    def rows(
        self, query: tantivy.Query | None = None, limit: int | None = None, offset: int = 0
    ) -> list[tuple[str, tantivy.DocAddress]]:
        """(`order` value, address) of the articles matching `query` (all by default) in title
        order, the first `limit` of them (all by default) after the first `offset`. Each row
        costs about 0.1 ms (its `order` text is read back): ask for no more than are wanted."""
        wanted = self.size if limit is None else min(limit, self.size)
        if wanted <= 0:
            return []
        chosen = tantivy.Query.all_query() if query is None else query
        found = guarded(
            lambda: self.searcher.search(
                chosen,
                wanted,
                count=False,
                order_by_field="order",
                offset=offset,
                order=tantivy.Order.Asc,
            )
        )
        return [(str(key), address) for key, address in found.hits]
