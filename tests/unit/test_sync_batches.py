"""A merge's rows written in batches, and what a merge changed told two ways (issue 15's speed).

- A first sync's merge written a batch at a time and cut after some batches leaves that side as
  it was (one transaction), and the next sync completes.
- An article written twice in one batch ends as the second write says (its tags too).
- A large update (what changed told by reading the maps whole) and a small one (told by the
  engine's events) tell the same records changed.
"""

from __future__ import annotations

import threading
from pathlib import Path
from unittest import mock

import pytest

from reader.core.shelf import Location
from reader.core.sync import mirror
from reader.core.sync.model import SyncDoc
from reader.core.sync.records import ArticleRecord, HighlightRecord, Tags
from reader.store.sync_writes import RowWrites
from tests.unit.syncing import BODY, open_stores, snapshot, sync_pair


def test_a_merge_cut_after_some_batches_leaves_nothing_and_the_next_sync_completes(
    tmp_path: Path,
) -> None:
    laptop, server = open_stores(tmp_path, 2)
    ids = [f"{n:012x}" for n in range(300)]  # in about 250 parts: as many batches
    laptop.library.move(ids[:150], Location.ARCHIVE)
    laptop.tags.tag(ids[100:], ["Tides"])
    for article in ids[:40]:
        made = laptop.highlights.add(article, BODY, 4, 8, note="the moon")
        laptop.tags.tag_highlights([made.id], ["Sky"])
    server.library.move(ids[-5:], Location.TRASH)
    before = snapshot(server), snapshot(laptop)
    real, flushes = RowWrites.flush, []
    here = threading.current_thread()

    def cut(writes: RowWrites) -> None:
        # Only the serving side's batches are counted (`sync_pair` serves in a thread): the
        # 300 articles go to it, and the laptop's own few batches may fall anywhere among them.
        if threading.current_thread() is not here:
            flushes.append(writes)
            if len(flushes) == 20:
                raise OSError("the lid closed")
        real(writes)

    with mock.patch.object(RowWrites, "flush", cut), pytest.raises(Exception):  # noqa: B017
        sync_pair(laptop, server)
    assert len(flushes) == 20  # cut in the middle: 19 batches were written before it
    assert (snapshot(server), snapshot(laptop)) == before
    sync_pair(laptop, server)
    assert snapshot(laptop) == snapshot(server)
    assert server.tags.for_article(ids[200]) == ("Tides",)
    assert len(server.highlights.all()) == 40


def test_an_article_written_twice_in_one_batch_ends_as_the_second_write_says(
    tmp_path: Path,
) -> None:
    (store,) = open_stores(tmp_path, 1)
    with store._db.write() as conn:  # the merge's connection, as the sync's transaction has it
        writes = RowWrites(conn)
        writes.article("a1", ArticleRecord("archive", tags=Tags.of([("sea", "Sea")])))
        writes.article("a1", ArticleRecord("trash", tags=Tags.of([("sky", "Sky")])))
        writes.flush()
    assert store.tags.for_article("a1") == ("Sky",)
    assert store.library.states()["a1"].location is Location.TRASH
    assert "Sea" not in store.tags.names()


def written(doc: SyncDoc, count: int) -> None:
    with doc.changes():
        for n in range(count):
            article = f"{n:012x}"
            doc.put_article(article, ArticleRecord("archive", True, 40, n, Tags.of([("t", "T")])))
            doc.put_highlight(f"h{n}", HighlightRecord(article, "moon", note=f"note {n}"))


def test_a_large_update_and_a_small_one_tell_the_same_changes() -> None:
    source = SyncDoc()
    written(source, 60)
    whole = source.update_since(None)
    assert len(whole) > mirror.SMALL_UPDATE
    by_contents = SyncDoc().apply(whole)
    with mock.patch.object(mirror, "SMALL_UPDATE", len(whole)):
        by_events = SyncDoc().apply(whole)
    assert by_contents == by_events
    assert len(by_contents) == 120
    target = SyncDoc([whole])
    state = target.state_vector()
    with source.changes():
        source.put_article("000000000001", ArticleRecord())  # fields and a tag deleted
        source.put_feed("https://example.org/feed", "Example")
    change = source.update_since(state)
    with mock.patch.object(mirror, "SMALL_UPDATE", 0):
        large = SyncDoc([whole]).apply(change)
    assert (
        large == target.apply(change) == {("a", "000000000001"), ("f", "https://example.org/feed")}
    )
