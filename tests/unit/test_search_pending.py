"""The search index while imported articles are fetched: the articles still waiting are taken
in once, and each page that arrives is taken in alone (not every waiting one again with it)."""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from reader.core.article import Article, ArticleMeta, Block
from reader.core.library import load_article
from reader.core.library.pending import PENDING
from reader.core.search.cache import open_index


def waiting(n: int) -> ArticleMeta:
    return ArticleMeta(
        id=f"page-{n}",
        path=f"/library/site/page-{n}.md",
        title=f"Lighthouse keeper {n}",
        source="example.org",
        format=PENDING,
        url=f"https://example.org/p/{n}",
    )


def arrived(meta: ArticleMeta, text: str) -> Article:
    fetched = replace(meta, format="markdown", content_hash=f"file-{meta.id}", words=5)
    return Article(fetched, (Block(text),))


def test_pages_arriving_are_indexed_alone_and_found_at_once(tmp_path: Path) -> None:
    path = tmp_path / "search"
    library = [waiting(n) for n in range(20)]
    texts: dict[str, Article] = {}
    read: list[str] = []

    def load(meta: ArticleMeta) -> Article:
        read.append(meta.id)
        return texts[meta.id] if meta.id in texts else load_article(meta)

    index, _ = open_index(library, path, load)
    assert sorted(read) == sorted(meta.id for meta in library)
    assert [hit.id for hit in index.search("keeper 7")][:1] == ["page-7"]

    read.clear()  # nothing arrived: nothing is read again
    index, report = open_index(library, path, load)
    assert read == [] and not report.changed

    texts["page-3"] = arrived(library[3], "The foghorn sounded over the cormorants.")
    library[3] = texts["page-3"].meta
    index, report = open_index(library, path, load)
    assert read == ["page-3"] and report.updated == ["page-3"]
    assert [hit.id for hit in index.search("cormorants")] == ["page-3"]
    assert len(index.search("lighthouse")) == 20  # the waiting ones are still found

    read.clear()  # a waiting row renamed (a later import's better title) is taken in again
    library[5] = replace(library[5], title="Harbour pilot 5")
    index, report = open_index(library, path, load)
    assert read == ["page-5"] and report.updated == ["page-5"]
    assert [hit.id for hit in index.search("pilot")] == ["page-5"]
