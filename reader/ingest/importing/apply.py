"""An import made: texts written, then every record of it in one store transaction.

The texts the export carries are written first, each file whole: if the import stops after that
(killed, disk full), those files are complete articles and the next run of the same import
writes the same files (same paths) and carries on. Everything the store keeps (addresses to
fetch, highlights, notes, places, read state, saved dates, tags) is then written in one
transaction recorded as one import: all of it, or none of it, and `reader import --undo` takes
it back whole.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.core.article import Article
from reader.core.migrate.urls import clean_url, url_identity
from reader.ingest.importing.placing import Placed, place_all
from reader.ingest.importing.plan import Plan, Planned
from reader.ingest.importing.report import Outcome
from reader.ingest.importing.texts import convert_all, existing_texts, jobs_of, write_texts
from reader.store.db import utc_now
from reader.store.queue import DONE, QUEUED, Settled, WebArticle
from reader.store.state import Store

#: Progress: a word for the step now running, and a count when there is one.
Step = Callable[[str, int], None]


def bring_in(store: Store, library: Path, plan: Plan, step: Step | None = None) -> Outcome:
    """Make the import `plan` describes; returns what it did."""
    report = step or (lambda _word, _count: None)
    imported = plan.imported
    jobs = jobs_of(plan.articles, imported.format, library)
    report("converting texts", len(jobs))
    texts = convert_all(jobs, lambda done: report("converting texts", done))
    report("writing texts", len(texts))
    written, fresh = write_texts(library, texts)
    bodies: dict[str, Article] = {**existing_texts(plan.articles), **written}
    report("placing highlights", sum(len(p.highlights) for p in plan.articles))
    placed = place_all(plan.articles, bodies, imported.format)
    rows = _rows(plan.articles, written)
    report("saving", len(rows))
    outcome = _outcome(plan, placed, rows, len(written))
    with store.transaction():
        batch = store.imports.begin(imported.source)
        outcome.added = store.queue.add(rows, batch) + _books(plan, written)
        for text in fresh:
            store.queue.record_file(batch, text.relative, text.data)
        store.queue.settle(
            [
                Settled(planned.article_id, DONE)
                for planned in plan.articles
                if planned.queued and planned.article_id in written
            ]
        )
        outcome.new_highlights = store.highlights.merge(placed.highlights, batch).added
        outcome.notes = store.bookmarks.merge(placed.notes, batch)
        states, dates = _states(plan.articles), _dates(plan.articles)
        new = store.arrivals.first_seen(states, dates, batch)
        outcome.states = store.arrivals.placed + store.library.merge(
            {key: claim for key, claim in states.items() if key not in new}, batch
        )
        store.arrivals.merge({key: when for key, when in dates.items() if key not in new}, batch)
        owners = {h.id: h.article_id for h in placed.highlights if h.id in placed.tags}
        claims = {"a": _tags(plan.articles), "h": placed.tags}
        outcome.tags = store.tags.merge_import(claims, batch, owners)
        store.imports.finish(batch, outcome.lines()[0])
    return outcome


def _rows(articles: list[Planned], written: dict[str, Article]) -> list[WebArticle]:
    """A row for every new address: done when its text was written, else queued."""
    now = utc_now()
    rows = []
    for planned in articles:
        record = planned.record
        if not planned.new or planned.book or not record.url:
            continue
        rows.append(
            WebArticle(
                planned.article_id,
                planned.identity or url_identity(record.url),
                clean_url(record.url),
                (urlsplit(record.url).netloc or "").lower(),
                planned.relative,
                record.title,
                record.published,
                DONE if planned.article_id in written else QUEUED,
                added=now,
                finished=now if planned.article_id in written else None,
            )
        )
    return rows


def _books(plan: Plan, written: dict[str, Article]) -> int:
    return sum(1 for planned in plan.articles if planned.book and planned.article_id in written)


def _outcome(plan: Plan, placed: Placed, rows: list[WebArticle], texts: int) -> Outcome:
    return Outcome(
        queued=sum(row.state == QUEUED for row in rows),
        texts=texts,
        highlights=len(placed.highlights),
        attached=sum(h.attached for h in placed.highlights),
        waiting=placed.waiting,
        orphans=[(title, h.original, h.id) for title, h in placed.orphans],
    )


def _states(articles: list[Planned]) -> dict[str, dict[str, Any]]:
    """Each article's place, read state and progress, as claims for `Library.merge`."""
    claims: dict[str, dict[str, Any]] = {}
    for planned in articles:
        record = planned.record
        if planned.book:
            continue

        claim: dict[str, Any] = {
            "location": str(record.location),
            "read": int(record.read),
            "progress": record.progress,
        }
        stamp = record.updated or record.saved
        if stamp:
            claim["updated"] = stamp
        claims[planned.article_id] = claim
    return claims


def _dates(articles: list[Planned]) -> dict[str, str]:
    return {p.article_id: p.record.saved for p in articles if p.record.saved}


def _tags(articles: list[Planned]) -> dict[str, list[str]]:
    return {p.article_id: list(p.record.tags) for p in articles if p.record.tags}
