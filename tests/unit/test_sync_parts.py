"""The sync document in parts (issue 15, speed): a sync loads only the parts that changed, a
single document from an older reader is split without losing anything, and changes in the
same part or in different parts on two machines converge."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from reader.core.sync.model import SyncDoc
from reader.core.sync.parts import PARTS, decode_bundle, encode_bundle, part_of
from reader.core.sync.records import ArticleRecord, HighlightRecord
from reader.store.db import MIGRATIONS, connect
from reader.store.state import DB_FILENAME, Store
from tests.unit.syncing import BODY, open_stores, snapshot, sync_pair


def reopened(store: Store) -> Store:
    """The same store opened afresh: nothing of its document loaded yet (as in a new process)."""
    assert store.path is not None
    store.close()
    return Store.open(store.path.parent)


def test_a_change_to_one_article_loads_only_its_part_on_each_side(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    ids = [f"art{n}" for n in range(300)]
    laptop.library.set_read(ids[:150])
    server.tags.tag(ids[150:], ["sea"])
    sync_pair(laptop, server)
    assert len({part_of(key) for key in ids}) > 200  # the library is spread over many parts
    laptop, server = reopened(laptop), reopened(server)
    laptop.library.set_read(["art7"], False)
    ours, theirs = sync_pair(laptop, server)
    assert not server.library.state("art7").read
    assert (laptop.sync.loads, server.sync.loads) == (1, 1)
    assert ours.sent < 12_000 and theirs.changed == 1  # the digests (8 kB) and one part's news
    assert snapshot(laptop) == snapshot(server)


def test_a_sync_with_nothing_new_loads_nothing(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    laptop.highlights.add("art1", BODY, 4, 8, note="the moon")
    sync_pair(laptop, server)
    laptop, server = reopened(laptop), reopened(server)
    sync_pair(laptop, server)
    sync_pair(server, laptop)
    assert laptop.sync.loads == server.sync.loads == 0


def ids_in_parts() -> tuple[str, str, str]:
    """Two article ids in one part and a third in another."""
    seen: dict[int, str] = {}
    for n in itertools.count():
        key = f"art{n}"
        if (part := part_of(key)) in seen:
            other = next(f"x{m}" for m in itertools.count() if part_of(f"x{m}") != part)
            return seen[part], key, other
        seen[part] = key
    raise AssertionError


def test_changes_in_one_part_and_in_different_parts_on_two_machines_converge(
    tmp_path: Path,
) -> None:
    laptop, server = open_stores(tmp_path, 2)
    same_a, same_b, apart = ids_in_parts()
    made = laptop.highlights.add(same_a, BODY, 4, 8, note="tides")
    sync_pair(laptop, server)
    laptop.library.set_read([same_a])
    laptop.highlights.set_note(made.id, "tides, twice a day", 1)
    server.tags.tag([same_b], ["moon"])
    server.library.set_progress(apart, 40)
    server.highlights.set_color(made.id, "blue")
    sync_pair(server, laptop)
    for store in (laptop, server):
        assert store.library.state(same_a).read
        assert store.tags.for_article(same_b) == ("moon",)
        assert store.library.state(apart).progress == 40
        highlight = store.highlights.get(made.id)
        assert highlight is not None and (highlight.note, highlight.color) == (
            "tides, twice a day",
            "blue",
        )
    assert snapshot(laptop) == snapshot(server)


def test_bundles_read_back_and_refuse_what_is_cut() -> None:
    entries = [(0, b"one"), (PARTS - 1, b""), (5, b"two")]
    data = encode_bundle(entries)
    assert decode_bundle(data) == entries
    for cut in range(1, len(data)):
        try:
            decode_bundle(data[:cut])
        except ValueError:
            continue
        assert data[:cut] in (encode_bundle(entries[:1]), encode_bundle(entries[:2]))


def legacy_store(folder: Path, doc: SyncDoc) -> None:
    """A store as the reader before parts left it: rows, and one document's update kept."""
    folder.mkdir(mode=0o700)
    conn = connect(folder / DB_FILENAME, migrations=MIGRATIONS[:8])
    conn.execute(
        "INSERT INTO highlights (id, article_id, quote, original, start_offset, end_offset, "
        "note, created, updated) VALUES ('h1', 'art1', 'moon', 'moon', 4, 8, 'kept', 'x', 'x')"
    )
    conn.execute(
        "INSERT INTO article_state (article_id, location, read) VALUES ('art1', 'archive', 1)"
    )
    conn.execute("DELETE FROM sync_dirty")  # the last sync captured them
    conn.execute(
        "INSERT INTO sync_updates (digest, data, added) VALUES ('d', ?, 'x')",
        (doc.update_since(None),),
    )
    conn.close()


def legacy_document() -> SyncDoc:
    doc = SyncDoc(client_id=77)
    with doc.changes():
        doc.put_highlight(
            "h1",
            HighlightRecord("art1", "moon", "moon", start=4, end=8, created="x", note="kept"),
        )
        doc.put_highlight("h2", HighlightRecord("art1", "sea", note="gone", deleted=True))
        doc.put_article("art1", ArticleRecord(location="archive", read=True))
    return doc


def test_a_single_document_from_before_parts_is_split_and_nothing_is_lost(
    tmp_path: Path,
) -> None:
    legacy_store(tmp_path / "old", legacy_document())
    old, fresh = Store.open(tmp_path / "old"), Store.open(tmp_path / "new")
    assert old.sync.pending() == 0
    sync_pair(old, fresh)
    arrived = fresh.highlights.get("h1")
    assert arrived is not None and arrived.note == "kept"
    assert fresh.library.state("art1").read
    assert list(old.sync.deleted_highlights()) == ["h2"]  # still restorable
    assert old.sync.restore("h2")
    sync_pair(old, fresh)
    back = fresh.highlights.get("h2")
    assert back is not None and back.note == "gone"
    assert old._db.one("SELECT COUNT(*) FROM sync_legacy") == (0,)  # split, then let go


def test_two_machines_split_from_the_same_document_do_not_double_a_note(tmp_path: Path) -> None:
    """Both synced before upgrading: each splits its document alone, and the parts they make
    are the same, so merging them changes nothing (a note inserted twice would read twice)."""
    legacy_store(tmp_path / "laptop", legacy_document())
    shutil.copytree(tmp_path / "laptop", tmp_path / "server")
    laptop, server = Store.open(tmp_path / "laptop"), Store.open(tmp_path / "server")
    assert laptop.sync.identity() != server.sync.identity()
    ours, theirs = sync_pair(laptop, server)
    assert ours.changed == theirs.changed == 0
    for store in (laptop, server):
        found = store.highlights.get("h1")
        assert found is not None and found.note == "kept"
    laptop.highlights.set_note("h1", "kept, and more", 1)
    sync_pair(server, laptop)
    assert server.highlights.get("h1").note == "kept, and more"  # type: ignore[union-attr]


def test_a_tag_whose_last_use_a_sync_removed_leaves_the_tag_list(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    laptop.tags.tag(["art1"], ["Sea"])
    made = laptop.highlights.add("art2", BODY, 4, 8)
    laptop.tags.tag_highlights([made.id], ["Moon"])
    laptop.tags.tag(["art3"], ["Kept"])
    sync_pair(laptop, server)
    server.tags.untag(["art1"], ["Sea"])
    server.highlights.delete(made.id)
    sync_pair(server, laptop)
    assert laptop.tags.names() == ["Kept"]
