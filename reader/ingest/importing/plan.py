"""What an import will do, decided before anything is written: which article each record is.

An address is compared by its identity (`url_identity`: no tracking parameters, no `www.`, no
scheme), so a page saved in Pocket, Instapaper and Omnivore is one article. A record names an
article already in the library (a file whose front matter has that address, or an address an
earlier import queued), or a new one, whose text goes to `<site>/<title>-<hash>.md` in the
library folder: the hash is of the identity, so the path, and the article id derived from it,
are the same whichever import names the address first. Two records of one file naming the same
address are merged (tags together, the earliest saved date, the furthest progress, the place
and read state of the most recently changed). Highlights exported apart from their articles
(Readwise, annotation tools) are matched by address, then by title.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from reader.core.article import ArticleMeta
from reader.core.library.pending import is_pending
from reader.core.migrate.records import ImportedArticle, ImportedFile, ImportedHighlight
from reader.core.migrate.urls import url_identity
from reader.core.text.parse import article_id
from reader.ingest.save import KEY_LENGTH, SUFFIX, safe_name, site_folder


@dataclass
class Planned:
    """One article the import touches: its id, and what it brings."""

    article_id: str
    #: The article as the file has it (records naming one address merged).
    record: ImportedArticle
    #: Where its text goes, relative to the library folder ("" for a file already there).
    relative: str = ""
    #: The article's file already in the library, when there is one.
    existing: ArticleMeta | None = None
    #: Whether the store already knows this address (an earlier import).
    queued: bool = False
    #: Whether its text was saved once (it may have been deleted since: not written again).
    done: bool = False
    #: Highlights found for it apart from the record (matched by address or title).
    extra: list[ImportedHighlight] = field(default_factory=list)
    extra_notes: list[str] = field(default_factory=list)
    #: A book of highlights with no address (Readwise from a Kindle): its text is its quotes.
    book: bool = False
    #: The address's identity (`url_identity`), "" for a book.
    identity: str = ""

    @property
    def new(self) -> bool:
        return self.existing is None and not self.queued

    @property
    def highlights(self) -> list[ImportedHighlight]:
        return [*self.record.highlights, *self.extra]

    @property
    def notes(self) -> list[str]:
        return [*self.record.notes, *self.extra_notes]


@dataclass
class Plan:
    """Every article an import touches, in the file's order, and what was left out."""

    imported: ImportedFile
    articles: list[Planned] = field(default_factory=list)
    #: Records naming an address another record of the same file named already.
    merged: int = 0


class Known:
    """The library's articles by address identity and by title, to match records against.

    `rows` are the store's addresses (`store.queue.identities()`): identity to (article id,
    path of its text in the library folder, whether that text is here)."""

    def __init__(
        self, metas: Iterable[ArticleMeta], rows: dict[str, tuple[str, str, bool]] | None = None
    ) -> None:
        every = list(metas)
        self.metas: dict[str, ArticleMeta] = {m.id: m for m in every if not is_pending(m)}
        self.by_identity: dict[str, tuple[str, str]] = {}
        self.done: set[str] = set()
        for identity, (key, path, done) in (rows or {}).items():
            self.by_identity[identity] = (key, path)
            if done:
                self.done.add(key)
        self.queued = {key for key, _path in self.by_identity.values()}
        self.titles: dict[str, set[str]] = {}
        for meta in every:
            if meta.url and not is_pending(meta):
                self.by_identity.setdefault(url_identity(meta.url), (meta.id, ""))
            if meta.title:
                self.titles.setdefault(meta.title.casefold(), set()).add(meta.id)


def plan_import(imported: ImportedFile, known: Known) -> Plan:
    plan = Plan(imported)
    by_identity: dict[str, Planned] = {}
    for record in imported.articles:
        identity = url_identity(record.url)
        if identity in by_identity:
            planned = by_identity[identity]
            planned.record = merge_records(planned.record, record)
            plan.merged += 1
            continue
        planned = _planned(record, identity, known)
        by_identity[identity] = planned
        plan.articles.append(planned)
    _attach_loose(plan, by_identity, known)
    return plan


def _planned(record: ImportedArticle, identity: str, known: Known) -> Planned:
    found = known.by_identity.get(identity)
    if found is None:
        relative = _relative(record, identity)
        return Planned(article_id(relative), record, relative=relative, identity=identity)
    key, relative = found
    meta = known.metas.get(key)
    queued, done = key in known.queued, key in known.done
    return Planned(key, record, relative, meta, queued, done, identity=identity)


def _relative(record: ImportedArticle, identity: str) -> str:
    """`<site>/<title>-<hash of the identity>.md`: the same for every import of the address."""
    key = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:KEY_LENGTH]
    name = safe_name(record.title or identity.split("/", 1)[0])
    return f"{site_folder(record.url)}/{name}-{key}{SUFFIX}"


def _attach_loose(plan: Plan, by_identity: dict[str, Planned], known: Known) -> None:
    """Highlights exported apart: to the article of their address, else of their title (one
    with that title only), else a new article to fetch, else a book of its own."""
    titles: dict[str, list[Planned]] = {}
    for planned in plan.articles:
        if planned.record.title:
            titles.setdefault(planned.record.title.casefold(), []).append(planned)
    placed = {planned.article_id: planned for planned in plan.articles}
    for group in plan.imported.loose:
        identity = url_identity(group.url) if group.url else ""
        record = ImportedArticle(group.url, group.title, group.author)
        target = by_identity.get(identity) if identity else None
        if target is None and identity in known.by_identity:
            target = _planned(record, identity, known)
        if target is None:
            target = _by_title(group.title, titles, known)
        if target is None:
            new = _planned(record, identity, known) if identity else None
            target = new or _book(plan.imported.format, group.title, group.author)
        if target.article_id in placed:
            target = placed[target.article_id]
        else:
            placed[target.article_id] = target
            plan.articles.append(target)
            if group.url:
                by_identity[url_identity(group.url)] = target
            titles.setdefault(group.title.casefold(), []).append(target)
        target.extra += group.highlights
        target.extra_notes += group.notes
        if group.document_tags:
            names = (*target.record.tags, *group.document_tags)
            target.record = replace(target.record, tags=tuple(dict.fromkeys(names)))


def _by_title(title: str, titles: dict[str, list[Planned]], known: Known) -> Planned | None:
    if not title:
        return None
    here = titles.get(title.casefold(), [])
    if len(here) == 1:
        return here[0]
    ids = known.titles.get(title.casefold(), set())
    if len(ids) == 1 and not here:
        key = next(iter(ids))
        meta = known.metas.get(key)
        queued = key in known.queued
        path = next((p for k, p in known.by_identity.values() if k == key and p), "")
        record = ImportedArticle(meta.url if meta else "", title)
        identity = url_identity(record.url) if record.url else ""
        return Planned(key, record, path, meta, queued, key in known.done, identity=identity)
    return None


def _book(format: str, title: str, author: str) -> Planned:
    """A document known by its title only (a Kindle book): an article of its highlights."""
    key = hashlib.sha1(f"{format}\0{title.casefold()}\0{author.casefold()}".encode()).hexdigest()
    relative = f"{format}/{safe_name(title)}-{key[:KEY_LENGTH]}{SUFFIX}"
    return Planned(
        article_id(relative), ImportedArticle("", title, author), relative=relative, book=True
    )


def merge_records(first: ImportedArticle, second: ImportedArticle) -> ImportedArticle:
    """Two records of one address: tags together, the earliest save, the furthest progress,
    the place and read state of the later change, the first title and text found."""
    later = second if (second.updated or "") >= (first.updated or "") else first
    saved = [when for when in (first.saved, second.saved) if when]
    return replace(
        first,
        title=first.title or second.title,
        author=first.author or second.author,
        tags=tuple(dict.fromkeys((*first.tags, *second.tags))),
        location=later.location,
        read=later.read,
        progress=max(first.progress, second.progress),
        saved=min(saved) if saved else None,
        published=first.published or second.published,
        updated=later.updated,
        html=first.html if first.html is not None else second.html,
        highlights=(*first.highlights, *second.highlights),
        notes=(*first.notes, *second.notes),
    )
