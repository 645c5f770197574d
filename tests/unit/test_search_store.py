"""The search index on disk: private, opened without reading it whole, changed without being
rewritten, rebuilt (and said so) when damaged or from another version, never a crash."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

import pytest
from tantivy import Query

import reader.core.search.index
from reader.core.article import Article, ArticleMeta, Block
from reader.core.search.cache import (
    DAMAGED,
    OUTDATED,
    SyncReport,
    index_folder,
    load_index_file,
    open_index,
)
from reader.core.search.engine import Engine, guarded
from reader.core.search.index import SearchIndex
from reader.core.search.query import FilterSets, SearchResult
from reader.core.search.schema import SCHEMA, IndexBusy, SearchIndexError


def make(article_id: str, title: str, text: str, digest: str = "v1") -> Article:
    meta = ArticleMeta(
        id=article_id, path=f"/library/{article_id}.txt", title=title, content_hash=digest
    )
    return Article(meta, (Block(text),))


LIBRARY = [
    make("ships", "Harbour ledgers", "The harbour master kept ledgers of every ship."),
    make("tents", "Tents of the steppe", "Felt yurts stand in Almaty by the harbour."),
    make("snow", "A winter in Zürich", "Snow fell on the harbour by the lake."),
]


def loader(articles: list[Article]) -> Callable[[ArticleMeta], Article]:
    by_id = {article.id: article for article in articles}
    return lambda meta: by_id[meta.id]


def opened(path: Path, articles: list[Article] = LIBRARY) -> tuple[SearchIndex, SyncReport]:
    return open_index([a.meta for a in articles], path, loader(articles))


def ids(index: SearchIndex, query: str) -> list[str]:
    return sorted(hit.id for hit in index.search(query))


def files(folder: Path) -> dict[str, tuple[int, int]]:
    """Name -> (inode, modification time) of every file but Tantivy's bookkeeping."""
    return {
        path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in folder.iterdir()
        if path.name not in {"meta.json", ".managed.json"} and not path.name.startswith(".tantivy")
    }


def test_the_index_folder_is_private(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "search.idx"
    index, report = opened(path)
    assert report.added and report.rebuilt is None
    assert stat.S_IMODE(os.stat(index_folder(path)).st_mode) == 0o700
    assert ids(index, "harbour") == ["ships", "snow", "tents"]


def test_an_unchanged_library_reads_nothing_of_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "search.idx"
    opened(path)

    def refused(self: SearchIndex) -> dict[str, str]:
        raise AssertionError("the index was read")

    with monkeypatch.context() as refusing:  # (`undo` would undo the data folder's too)
        refusing.setattr(reader.core.search.index.SearchIndex, "stamps", refused)
        index, report = opened(path)
        assert not report.changed and report.rebuilt is None
    assert ids(index, "yurts") == ["tents"]


def test_one_change_adds_to_the_index_without_rewriting_it(tmp_path: Path) -> None:
    path = tmp_path / "search.idx"
    index, _ = opened(path)
    index.engine.settle()
    before = files(index_folder(path))
    changed = [*LIBRARY, make("glacier", "Glacier notes", "Ice moves slowly.")]
    index, report = opened(path, changed)
    index.engine.settle()
    assert report.added == ["glacier"]
    after = files(index_folder(path))
    assert all(after.get(name) == seen for name, seen in before.items())  # untouched
    assert ids(index, "glacier") == ["glacier"]


@pytest.mark.parametrize("damage", ["manifest", "meta", "segments"])
def test_a_damaged_index_is_rebuilt_and_says_why(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "search.idx"
    opened(path)[0].engine.settle()
    folder = index_folder(path)
    if damage == "manifest":
        path.write_bytes(path.read_bytes()[:-3])
    elif damage == "meta":
        (folder / "meta.json").write_text("{not json")
    else:
        for segment in folder.glob("*.idx"):
            segment.write_bytes(b"\x00" * 64)
    index, report = opened(path)
    assert report.rebuilt == DAMAGED
    assert ids(index, "harbour") == ["ships", "snow", "tents"]
    assert load_index_file(path) is not None


def test_an_index_of_another_version_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "search.idx"
    path.write_bytes(b"RDRSRCH\x00" + b"\x02\x00\x00\x00{}" + b"\x00" * 40)  # the old format
    index, report = opened(path)
    assert report.rebuilt in (DAMAGED, OUTDATED)
    assert ids(index, "yurts") == ["tents"]
    index.engine.settle()
    again, report = opened(path)
    assert report.rebuilt is None and ids(again, "yurts") == ["tents"]


def test_another_process_writing_leaves_the_index_searchable(tmp_path: Path) -> None:
    path = tmp_path / "search.idx"
    opened(path)[0].engine.settle()
    other = Engine.open(index_folder(path))
    with other.writing():  # holds Tantivy's writer lock, as another reader would
        changed = [*LIBRARY, make("glacier", "Glacier notes", "Ice moves slowly.")]
        index, report = opened(path, changed)
        assert report.busy and ids(index, "harbour") == ["ships", "snow", "tents"]
    other.settle()
    index, report = opened(path, changed)
    assert report.added == ["glacier"] and not report.busy
    with pytest.raises(IndexBusy), other.writing(), Engine.open(index_folder(path)).writing():
        pass


def test_a_panic_inside_tantivy_arrives_as_an_error() -> None:
    with pytest.raises(SearchIndexError):
        guarded(lambda: Query.phrase_query(SCHEMA, "body", ["one"]))  # one word: Tantivy panics
    index = SearchIndex.build(LIBRARY)
    assert ids(index, '"harbour"') == ["ships", "snow", "tents"]  # built without one


def test_a_search_keeps_to_the_articles_allowed() -> None:
    index = SearchIndex.build(LIBRARY)
    assert [hit.id for hit in index.search("harbour", allowed={"snow"})] == ["snow"]
    assert ids_of(index.search("harbour", allowed=lambda article_id: article_id != "ships")) == [
        "snow",
        "tents",
    ]
    sets = FilterSets(read={"tents"})
    assert [
        hit.id for hit in index.search("harbour is:read", filters=sets, allowed={"ships"})
    ] == []


def ids_of(hits: list[SearchResult]) -> list[str]:
    return sorted(hit.id for hit in hits)


def test_reader_search_says_when_it_rebuilt_the_index(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seeds_dir: Path
) -> None:
    from reader.cli.main import main
    from reader.store.dirs import search_cache_path

    assert main(["search", "yurt", "--data-dir", str(tmp_path), str(seeds_dir)]) == 0
    capsys.readouterr()
    manifest = search_cache_path([seeds_dir], tmp_path)
    manifest.write_bytes(b"garbage")
    assert main(["search", "yurt", "--data-dir", str(tmp_path), str(seeds_dir)]) == 0
    out, err = capsys.readouterr()
    assert "search index was built again: it was damaged" in err
    assert "Kazakhstan’s action on Ukrainian soil" in out


def test_a_cache_that_cannot_be_written_searches_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    index, report = opened(blocker / "search.idx")
    assert report.added and index.engine.folder is None
    assert ids(index, "yurts") == ["tents"]


@pytest.mark.parametrize("reader_of", ["library", "caller"])
def test_a_big_build_prepares_the_articles_in_worker_processes(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, reader_of: str
) -> None:
    from reader.core.library import load_article, load_index
    from reader.core.search import building

    metas = load_index([seeds_dir]).articles
    monkeypatch.setattr(building, "POOL_FROM", 2)
    monkeypatch.setattr(building.os, "cpu_count", lambda: 2)
    started: list[bool] = []
    pool = building._pool

    def counted(count: int) -> Executor | None:
        made = pool(count)
        started.append(made is not None)
        return made

    monkeypatch.setattr(building, "_pool", counted)
    load = load_article if reader_of == "library" else (lambda meta: load_article(meta))
    index, report = open_index(metas, tmp_path / "search.idx", load)
    assert started == [True] and sorted(report.added) == sorted(m.id for m in metas)
    assert next(hit.title for hit in index.search("yurt")).startswith("Kazakhstan’s action")
