"""Sync between two stores, as a person would notice it: the cases that matter (issue 15).

- The same highlight recoloured on both machines: one colour, the same on both (the engine
  decides by its writers' ids, never by a clock).
- A note edited on both: both edits kept, merged as text.
- Deleted on one, edited on the other: the deletion wins; the edit is kept in the sync document
  and `reader sync --restore` (the store's `restore`) brings the highlight back with it.
- Archived on one, read on the other: archived and read.
- A clock a day wrong changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from reader.core.shelf import Location
from reader.store.db import MIGRATIONS, connect
from reader.store.state import DB_FILENAME, Store
from tests.unit.syncing import BODY, open_stores, snapshot, sync_pair


def test_a_highlight_travels_with_its_note_colour_and_tags(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    made = laptop.highlights.add("art1", BODY, 4, 8, color="blue", note="the moon")
    laptop.tags.tag_highlights([made.id], ["Sky"])
    laptop.tags.tag(["art1"], ["Tides"])
    laptop.bookmarks.add("art1", 12, "here")
    sync_pair(laptop, server)
    arrived = server.highlights.get(made.id)
    assert arrived is not None
    assert (arrived.quote, arrived.note, arrived.color) == ("moon", "the moon", "blue")
    assert server.tags.for_highlight(made.id) == ("Sky",)
    assert server.tags.for_article("art1") == ("Tides",)
    assert [(b.position, b.label) for b in server.bookmarks.for_article("art1")] == [(12, "here")]
    assert snapshot(laptop) == snapshot(server)


def test_recoloured_on_both_sides_ends_the_same_on_both(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    made = laptop.highlights.add("art1", BODY, 4, 8)
    sync_pair(laptop, server)
    laptop.highlights.set_color(made.id, "red")
    server.highlights.set_color(made.id, "green")
    sync_pair(laptop, server)
    colours = {laptop.highlights.get(made.id).color, server.highlights.get(made.id).color}  # type: ignore[union-attr]
    assert colours in ({"red"}, {"green"})


def test_a_note_edited_on_both_sides_keeps_both_edits(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    made = laptop.highlights.add("art1", BODY, 4, 8, note="Tides follow the moon.")
    sync_pair(laptop, server)
    laptop.highlights.set_note(made.id, "Tides follow the moon. Twice a day.", 1)
    server.highlights.set_note(made.id, "Ocean tides follow the moon.", 1)
    sync_pair(laptop, server)
    for store in (laptop, server):
        assert store.highlights.get(made.id).note == "Ocean tides follow the moon. Twice a day."  # type: ignore[union-attr]


def test_deleted_on_one_side_and_edited_on_the_other_the_deletion_wins_and_is_recoverable(
    tmp_path: Path,
) -> None:
    laptop, server = open_stores(tmp_path, 2)
    made = laptop.highlights.add("art1", BODY, 4, 8, note="first")
    sync_pair(laptop, server)
    laptop.highlights.delete(made.id)
    server.highlights.set_note(made.id, "first, then more", 1)
    sync_pair(laptop, server)
    assert laptop.highlights.get(made.id) is None
    assert server.highlights.get(made.id) is None
    assert list(server.sync.deleted_highlights()) == [made.id]
    assert server.sync.restore(made.id)
    sync_pair(server, laptop)
    for store in (laptop, server):
        back = store.highlights.get(made.id)
        assert back is not None and back.note == "first, then more"


def test_archived_on_one_machine_and_read_on_the_other_is_both(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    laptop.library.move(["art1"], Location.ARCHIVE)
    server.library.set_read(["art1"])
    sync_pair(laptop, server)
    for store in (laptop, server):
        state = store.library.state("art1")
        assert state.location is Location.ARCHIVE and state.read


def test_a_clock_a_day_wrong_changes_nothing(tmp_path: Path) -> None:
    """The later change by the wall clock is not what wins: the outcome is the same whichever
    machine's clock is a day off."""
    outcomes = []
    for skew in (timedelta(days=1), timedelta(days=-1)):
        laptop, server = open_stores(tmp_path / str(skew.days), 2)
        made = laptop.highlights.add("art1", BODY, 4, 8)
        sync_pair(laptop, server)
        wrong = datetime.now(UTC) + skew
        with (
            mock.patch("reader.store.highlights.utc_now", return_value=wrong.isoformat()),
            mock.patch("reader.store.library.utc_now", return_value=wrong.isoformat()),
        ):
            laptop.highlights.set_note(made.id, "written with a wrong clock", 1)
            laptop.library.set_progress("art1", 40)
        server.library.set_progress("art1", 70)
        sync_pair(laptop, server)
        assert snapshot(laptop) == snapshot(server)
        assert server.highlights.get(made.id).note == "written with a wrong clock"  # type: ignore[union-attr]
        outcomes.append(server.library.state("art1").progress)
    assert all(progress in (40, 70) for progress in outcomes)


def test_syncing_again_changes_nothing_and_sends_little(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    for n in range(20):
        laptop.highlights.add(f"art{n}", BODY, 4, 8, note=f"note {n}")
    first, _ = sync_pair(laptop, server)
    again, served = sync_pair(laptop, server)
    assert again.changed == 0 and served.changed == 0
    assert again.sent < first.sent and again.received < 200


def test_pending_counts_changes_until_they_are_synced(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    assert laptop.sync.pending() == 0
    laptop.highlights.add("art1", BODY, 4, 8)
    laptop.library.set_read(["art2"])
    assert laptop.sync.pending() == 2
    sync_pair(laptop, server)
    assert laptop.sync.pending() == 0 and server.sync.pending() == 0


def test_a_store_from_before_sync_sends_everything_it_had(tmp_path: Path) -> None:
    """Migration 8 counts every record already there as changed: the first sync sends it."""
    (tmp_path / "old").mkdir(mode=0o700)
    conn = connect(tmp_path / "old" / DB_FILENAME, migrations=MIGRATIONS[:7])
    conn.execute(
        "INSERT INTO highlights (id, article_id, quote, original, start_offset, end_offset, "
        "note, created, updated) VALUES ('h1', 'art1', 'moon', 'moon', 4, 8, 'kept', 'x', 'x')"
    )
    conn.execute("INSERT INTO article_state (article_id, read) VALUES ('art1', 1)")
    conn.close()
    laptop = Store.open(tmp_path / "old")
    server = Store.open(tmp_path / "new")
    assert laptop.sync.pending() == 2
    sync_pair(laptop, server)
    assert [h.note for h in server.highlights.all()] == ["kept"]
    assert server.library.state("art1").read


def test_with_nothing_new_the_document_is_not_even_loaded(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    laptop.highlights.add("art1", BODY, 4, 8)
    server.tags.tag(["art1"], ["sea"])
    sync_pair(laptop, server)
    laptop, server = (Store.open(store.path.parent) for store in (laptop, server))  # type: ignore[union-attr]
    again, served = sync_pair(laptop, server)
    assert again.changed == served.changed == 0
    assert laptop.sync.loads == server.sync.loads == 0
    server.tags.untag(["art1"], ["sea"])  # a deletion alone still travels
    sync_pair(laptop, server)
    assert laptop.tags.for_article("art1") == ()
    assert snapshot(laptop) == snapshot(server)


def test_followed_feeds_travel_and_so_does_unfollowing(tmp_path: Path) -> None:
    laptop, server = open_stores(tmp_path, 2)
    laptop.feeds.subscribe("https://example.org/feed.xml", "Example")
    server.feeds.subscribe("https://other.example/rss", "Other")
    sync_pair(laptop, server)
    for store in (laptop, server):
        assert {f.url for f in store.feeds.all()} == {
            "https://example.org/feed.xml",
            "https://other.example/rss",
        }
    gone = next(f for f in server.feeds.all() if f.url == "https://example.org/feed.xml")
    server.feeds.unsubscribe(gone.id)
    sync_pair(laptop, server)
    assert [f.url for f in laptop.feeds.all()] == ["https://other.example/rss"]
    assert snapshot(laptop) == snapshot(server)
