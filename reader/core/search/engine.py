"""The Tantivy index under the search: its schema, articles in and out, every call guarded.

Tantivy (the Rust engine, through its official Python bindings) keeps the postings, the word
positions and the stored texts on disk, memory-mapped: opening an index decodes nothing whole,
and adding or removing one article writes one small segment. Words are normalised here, in
Python, exactly as queries are (`normalise_word`), and handed over separated by spaces to
Tantivy's built-in `whitespace` tokenizer, so no custom tokenizer has to be registered after
every open and the index holds the very words the rest of the search compares.

The ranking needs how often a word occurs in a body, in levels (`tf_level`); Tantivy's own
scores cannot say it, so each body also indexes `word_LEVEL` once per distinct word (`tf`),
which a query gives a constant score per level. `order` is a fast column sorting articles by
title (casefolded), then id; `key0`..`key2` are the title's first 24 bytes as numbers, which
Tantivy hands back for any list of hits (ties are broken by title). `stamp` is the id and the
content hash, which tell what must be indexed again.

Errors inside Tantivy arrive as `pyo3_runtime.PanicException`, which `except Exception` does
not catch: every call goes through `guarded`, which turns a panic, or an error Tantivy reports,
into `SearchIndexError`, so a damaged index is rebuilt rather than crashing the caller.
"""

from __future__ import annotations

import json
import threading
import zlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import tantivy

from reader.core.article import Article
from reader.core.search.query import TF_LEVELS, WORD_RE, normalise_word

#: Short fields, indexed with word positions (for phrases); "extra" holds the user's highlights
#: and notes.
SHORT_FIELDS = ("title", "extra", "source", "byline")
#: Bytes of the casefolded title kept as `key0`..`key2` (8 each) for breaking ties.
KEY_BYTES = 24
#: Writer memory: Tantivy's least for one thread is 15 MB.
WRITER_HEAP = 32_000_000
#: Articles kept decompressed for the next keystrokes (a few results lists).
KEPT_ARTICLES = 256
#: zlib level of the stored bodies: the fastest, within a few percent of the smallest.
COMPRESSION = 1
#: The stored article: [id, title, source, byline, content hash, [extras]].
_META_FIELDS = 6
_T = TypeVar("_T")


class SearchIndexError(Exception):
    """The index could not do what was asked: damaged, locked by another process, or a bug."""


class IndexBusy(SearchIndexError):
    """Another process is writing the index: it cannot be changed now (it can be read)."""


def guarded(call: Callable[[], _T]) -> _T:
    """`call()`, with whatever Tantivy raises (panics included) as a SearchIndexError."""
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, GeneratorExit, SearchIndexError):
        raise
    except BaseException as error:  # PanicException derives from BaseException
        raise SearchIndexError(f"{type(error).__name__}: {error}") from error


def index_words(text: str) -> list[str]:
    """The normalised words of `text`, in order: `query.words_of`, faster on ASCII text."""
    if text.isascii():
        return WORD_RE.findall(text.lower())  # lower-casing is all normalising does there
    return [normalise_word(word) for word in WORD_RE.findall(text)]


def title_order(title: str, article_id: str) -> str:
    """How articles sort when their scores tie: casefolded title, then id."""
    return f"{title.casefold()}\x00{article_id}"


def title_keys(title: str) -> tuple[int, ...]:
    """The first KEY_BYTES of the casefolded title as big-endian numbers: comparing them compares
    titles, unless the titles share those bytes (then the titles themselves are compared)."""
    raw = title.casefold().encode("utf-8")[:KEY_BYTES].ljust(KEY_BYTES, b"\x00")
    return tuple(int.from_bytes(raw[start : start + 8], "big") for start in range(0, KEY_BYTES, 8))


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("order", fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("stamp", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("flags", tokenizer_name="raw", index_option="basic")
    for name in (*SHORT_FIELDS, "body"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("tf", tokenizer_name="whitespace", index_option="basic")
    for number in range(KEY_BYTES // 8):
        builder.add_unsigned_field(f"key{number}", fast=True)
    builder.add_bytes_field("meta", stored=True)
    builder.add_bytes_field("text", stored=True)
    return builder.build()


SCHEMA = build_schema()
#: Field names a stored index must have to be opened (one built by another version is rebuilt).
FIELD_NAMES = frozenset(
    {"id", "order", "stamp", "flags", *SHORT_FIELDS, "body", "tf", "key0", "key1", "key2"}
    | {"meta", "text"}
)


@dataclass(frozen=True)
class StoredArticle:
    """An indexed article as the index stores it: enough to score it and show why it matched
    (kept a while by the engine: what is worked out from it is kept with it)."""

    id: str
    title: str
    source: str
    byline: str
    content_hash: str
    extras: tuple[str, ...]
    body: str

    def texts(self, name: str) -> tuple[str, ...]:
        """The texts of a short field (several for extras)."""
        if name == "extra":
            return self.extras
        return (getattr(self, name),)

    @cached_property
    def short_words(self) -> dict[str, list[frozenset[str]]]:
        """The distinct words of each text of each short field."""
        return {
            name: [frozenset(index_words(text)) for text in self.texts(name)]
            for name in SHORT_FIELDS
        }

    @classmethod
    def of(cls, article: Article, extras: Sequence[str] = ()) -> StoredArticle:
        meta = article.meta
        kept = tuple(text for text in extras if text.strip())
        return cls(
            meta.id, meta.title, meta.source, meta.byline, meta.content_hash, kept, article.body
        )


def to_document(stored: StoredArticle) -> tantivy.Document:
    """The Tantivy document of an article: its words per field, its body's word levels, its
    title order, and the article itself compressed for snippets."""
    document = tantivy.Document()
    document.add_text("id", stored.id)
    document.add_text("order", title_order(stored.title, stored.id))
    document.add_text("stamp", f"{stored.id}\x00{stored.content_hash}")
    for number, key in enumerate(title_keys(stored.title)):
        document.add_unsigned(f"key{number}", key)
    for name in SHORT_FIELDS:
        for text in stored.texts(name):
            document.add_text(name, " ".join(index_words(text)))
    if stored.extras:
        document.add_text("flags", "extra")
    words = index_words(stored.body)
    document.add_text("body", " ".join(words))
    document.add_text("tf", word_levels(words))
    row = [stored.id, stored.title, stored.source, stored.byline, stored.content_hash]
    document.add_bytes("meta", json.dumps([*row, list(stored.extras)]).encode("utf-8"))
    document.add_bytes("text", zlib.compress(stored.body.encode("utf-8"), COMPRESSION))
    return document


def word_levels(words: list[str]) -> str:
    """`word_LEVEL` for each distinct word (LEVEL its `tf_level`), separated by spaces."""
    by_level: list[list[str]] = [[] for _ in range(TF_LEVELS + 1)]
    for word, count in Counter(words).items():
        by_level[min(count, TF_LEVELS)].append(word)
    return " ".join(
        f"_{level} ".join(group) + f"_{level}" for level, group in enumerate(by_level) if group
    )


def from_document(document: tantivy.Document) -> StoredArticle:
    """The stored article back; SearchIndexError if what is stored is not one."""
    try:
        meta = json.loads(bytes(document.get_first("meta") or b"[]"))
        body = zlib.decompress(bytes(document.get_first("text") or b"")).decode("utf-8")
    except (ValueError, TypeError, zlib.error) as error:
        raise SearchIndexError(f"unreadable stored article: {error}") from error
    if (
        not isinstance(meta, list)
        or len(meta) != _META_FIELDS
        or not all(isinstance(value, str) for value in meta[:-1])
        or not isinstance(meta[-1], list)
        or not all(isinstance(value, str) for value in meta[-1])
    ):
        raise SearchIndexError("unreadable stored article")
    article_id, title, source, byline, digest, extras = meta
    return StoredArticle(article_id, title, source, byline, digest, tuple(extras), body)


Hit = tuple[float, tantivy.DocAddress]


def _finish_merges(writer: tantivy.IndexWriter) -> None:
    """Let the writer's merges finish, then release it (and Tantivy's lock)."""
    with suppress(SearchIndexError):  # a merge that fails leaves the segments as they were
        guarded(writer.wait_merging_threads)


class Batch:
    """Changes to the index made through one writer (`Engine.writing`)."""

    def __init__(self, writer: tantivy.IndexWriter) -> None:
        self._writer = writer
        self.pending = 0

    def add(self, stored: StoredArticle) -> None:
        """Add `stored`, replacing any version of it indexed before."""
        self.remove(stored.id)
        document = to_document(stored)
        guarded(lambda: self._writer.add_document(document))

    def remove(self, article_id: str) -> None:
        guarded(lambda: self._writer.delete_documents_by_term("id", article_id))
        self.pending += 1

    def commit(self) -> None:
        if self.pending:
            guarded(self._writer.commit)
            self.pending = 0


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
        guarded(lambda: index.config_reader(reload_policy="manual"))
        self.searcher = guarded(index.searcher)
        #: Articles read lately, by address in this searcher: the next keystroke mostly shows
        #: the same ones, and reading one costs a decompression.
        self._read: OrderedDict[tuple[int, int], StoredArticle] = OrderedDict()
        self._merging: threading.Thread | None = None

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
        lock meanwhile. The next write waits for them first."""
        self.settle()
        try:
            writer = guarded(lambda: self.index.writer(heap_size=WRITER_HEAP, num_threads=1))
        except SearchIndexError as error:
            if "lock" in str(error).lower():
                raise IndexBusy(str(error)) from error
            raise
        batch = Batch(writer)
        try:
            yield batch
            batch.commit()
        except BaseException:
            guarded(writer.rollback)
            raise
        finally:
            self._merging = threading.Thread(
                target=_finish_merges, args=(writer,), name="search-index-merges", daemon=True
            )
            self._merging.start()
            guarded(self.index.reload)
            self.searcher = guarded(self.index.searcher)
            self._read.clear()

    def settle(self) -> None:
        """Wait for the merges the last write started (a process may leave before: they are
        then dropped, and started again by a later write)."""
        if self._merging is not None:
            self._merging.join()
            self._merging = None

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
        self, query: tantivy.Query | None = None, limit: int | None = None
    ) -> list[tuple[str, tantivy.DocAddress]]:
        """(`order` value, address) of the articles matching `query` (all by default) in title
        order, the first `limit` of them (all by default)."""
        wanted = self.size if limit is None else min(limit, self.size)
        if wanted <= 0:
            return []
        chosen = tantivy.Query.all_query() if query is None else query
        found = guarded(
            lambda: self.searcher.search(
                chosen, wanted, count=False, order_by_field="order", order=tantivy.Order.Asc
            )
        )
        return [(str(key), address) for key, address in found.hits]
