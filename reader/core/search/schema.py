"""What the search index holds: its fields, an article as a Tantivy document and back.

Words are normalised here, in Python, exactly as queries are (`normalise_word`), and handed over
separated by spaces to Tantivy's built-in `whitespace` tokenizer, so no custom tokenizer has to be
registered after every open and the index holds the very words the rest of the search compares.

The ranking needs how often a word occurs in a body, in levels (`tf_level`); Tantivy's own
scores cannot say it, so each body also indexes `word_LEVEL` once per distinct word (`tf`),
which a query gives a constant score per level. `order` is a fast column sorting articles by
title (casefolded), then id; `key0`..`key2` are the title's first 24 bytes as numbers, which
Tantivy hands back for any list of hits (ties are broken by title). `stamp` is the id and the
content hash, which tell what must be indexed again. The article itself is stored compressed,
for snippets.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import tantivy

from reader.core.search.query import TF_LEVELS, WORD_RE, normalise_word

if TYPE_CHECKING:  # articles are read when indexed, not when a stored index is searched
    from reader.core.article import Article

#: Short fields, indexed with word positions (for phrases); "extra" holds the user's highlights
#: and notes.
SHORT_FIELDS = ("title", "extra", "source", "byline")
#: Bytes of the casefolded title kept as `key0`..`key2` (8 each) for breaking ties.
KEY_BYTES = 24
#: zlib level of the stored bodies: the fastest, within a few percent of the smallest.
COMPRESSION = 1
#: The stored article: [id, title, source, byline, content hash, [extras]].
_META_FIELDS = 6


class SearchIndexError(Exception):
    """The index could not do what was asked: damaged, locked by another process, or a bug."""


class IndexBusy(SearchIndexError):
    """Another process is writing the index: it cannot be changed now (it can be read)."""


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
        from reader.core.library.pending import stamp

        return cls(meta.id, meta.title, meta.source, meta.byline, stamp(meta), kept, article.body)


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article's Tantivy document worked out (words, levels, compressed text) as plain data,
    so the work can be done in another process (`building.py`)."""

    id: str
    order: str
    stamp: str
    keys: tuple[int, ...]
    short: tuple[tuple[str, str], ...]
    body: str
    levels: str
    meta: bytes
    text: bytes
    annotated: bool


def prepare(stored: StoredArticle) -> Prepared:
    """The document of an article: its words per field, its body's word levels, its title
    order, and the article itself compressed for snippets."""
    words = index_words(stored.body)
    row = [stored.id, stored.title, stored.source, stored.byline, stored.content_hash]
    return Prepared(
        id=stored.id,
        order=title_order(stored.title, stored.id),
        stamp=f"{stored.id}\x00{stored.content_hash}",
        keys=title_keys(stored.title),
        short=tuple(
            (name, " ".join(index_words(text)))
            for name in SHORT_FIELDS
            for text in stored.texts(name)
        ),
        body=" ".join(words),
        levels=word_levels(words),
        meta=json.dumps([*row, list(stored.extras)]).encode("utf-8"),
        text=zlib.compress(stored.body.encode("utf-8"), COMPRESSION),
        annotated=bool(stored.extras),
    )


def to_document(prepared: Prepared) -> tantivy.Document:
    """The Tantivy document of a prepared article."""
    document = tantivy.Document()
    document.add_text("id", prepared.id)
    document.add_text("order", prepared.order)
    document.add_text("stamp", prepared.stamp)
    for number, key in enumerate(prepared.keys):
        document.add_unsigned(f"key{number}", key)
    for name, words in prepared.short:
        document.add_text(name, words)
    if prepared.annotated:
        document.add_text("flags", "extra")
    document.add_text("body", prepared.body)
    document.add_text("tf", prepared.levels)
    document.add_bytes("meta", prepared.meta)
    document.add_bytes("text", prepared.text)
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
