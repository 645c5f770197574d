"""The texts an export carries, written into the library folder as reader's own articles.

Omnivore and wallabag kept each article's readable HTML: it becomes Markdown exactly as a feed
entry's full text does (`from_fragment`, `render`), at the path the plan chose, so nothing needs
fetching. A book known only by its highlights (Readwise from a Kindle) becomes an article of its
quotes. Each file is written whole (`write_atomically`) and read back as the reader will read it,
so highlights are placed in the very text the reader shows. Converting is CPU work: thousands of
articles are converted by a pool of processes, one per core.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reader.core.article import Article, Block, BlockKind
from reader.core.files import write_atomically
from reader.core.library import load_article
from reader.core.text.formats import ParseError
from reader.core.text.parse import parse_bytes
from reader.ingest.extract import Page, from_fragment, site_of
from reader.ingest.importing.plan import Planned
from reader.ingest.save import render

#: Below this many texts, converting in this process is quicker than starting a pool.
POOL_FROM = 64
#: Texts handed to a worker process at a time.
CHUNK = 16


@dataclass(frozen=True)
class Text:
    """One article file to write: where (relative to the library folder), its bytes, and the
    article they read as (None if they read as none)."""

    article_id: str
    relative: str
    data: bytes
    article: Article | None


@dataclass(frozen=True)
class Job:
    """What converting one text needs (plain data, so it can go to another process)."""

    article_id: str
    relative: str
    url: str
    title: str
    author: str
    published: str | None
    html: str | None
    quotes: tuple[str, ...] = ()
    site: str = ""
    #: The library folder (the file's path there is part of the article read back).
    library: str = ""


def jobs_of(articles: list[Planned], format: str, library: Path) -> list[Job]:
    """A job for every article whose text the export has and the library has not."""
    jobs = []
    for planned in articles:
        record = planned.record
        if planned.existing is not None or planned.done:
            continue
        if planned.book:
            quotes = tuple(highlight.quote for highlight in planned.highlights)
            jobs.append(
                Job(
                    planned.article_id,
                    planned.relative,
                    "",
                    record.title,
                    record.author,
                    None,
                    None,
                    quotes,
                    format.capitalize(),
                )
            )
        elif record.html is not None:
            jobs.append(
                Job(
                    planned.article_id,
                    planned.relative,
                    record.url,
                    record.title,
                    record.author,
                    record.published,
                    record.html,
                )
            )
    return jobs


def convert(job: Job) -> Text | None:
    """The article file for `job`, None when the HTML holds no text (fetched instead)."""
    if job.html is not None:
        page = from_fragment(
            job.html,
            job.url,
            title=job.title,
            byline=job.author,
            date=job.published,
            site=site_of(job.url),
        )
    else:
        blocks = tuple(Block(quote, BlockKind.QUOTE) for quote in job.quotes if quote)
        page = Page("", job.title or "Untitled", blocks, job.author, None, job.site)
    if not page.blocks:
        return None
    data = render(page).encode("utf-8")
    path = os.path.join(job.library, job.relative)
    try:
        article: Article | None = parse_bytes(data, path=path, relative_path=job.relative)
    except ParseError:
        article = None
    return Text(job.article_id, job.relative, data, article)


def convert_all(jobs: list[Job], progress: Callable[[int], None] | None = None) -> list[Text]:
    """Every job converted (in a pool of processes when there are many), in order."""
    done: list[Text] = []
    for count, text in enumerate(_converted(jobs), start=1):
        if text is not None:
            done.append(text)
        if progress is not None and count % 100 == 0:
            progress(count)
    return done


def _converted(jobs: list[Job]) -> Iterator[Text | None]:
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) < POOL_FROM or workers < 2:
        yield from map(convert, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(convert, jobs, chunksize=CHUNK)


def write_texts(library: Path, texts: list[Text]) -> tuple[dict[str, Article], list[Text]]:
    """Write each file (unless it is there already, byte for byte): the articles by id, as
    the reader will show them, and the texts that were written (not there already)."""
    articles: dict[str, Article] = {}
    fresh: list[Text] = []
    for text in texts:
        path = library / text.relative
        try:
            same = path.read_bytes() == text.data
        except OSError:
            same = False
        if not same:
            write_atomically(path, [text.data])
            fresh.append(text)
        if text.article is not None:
            articles[text.article_id] = text.article
    return articles, fresh


def existing_texts(articles: list[Planned]) -> dict[str, Article]:
    """The texts of articles already in the library that the import brings highlights to."""
    found: dict[str, Article] = {}
    for planned in articles:
        if planned.existing is not None and planned.highlights:
            try:
                found[planned.article_id] = load_article(planned.existing)
            except (OSError, ValueError, ParseError):
                continue
    return found
