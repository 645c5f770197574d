"""The library in the store: migration 5 on a real old database, locations, read state, progress,
tags, saved searches, and batches undone whole with `u`."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.article import ArticleMeta
from reader.core.shelf import ArticleState, Location, SortKey, state_of
from reader.store.db import MIGRATIONS, schema_version
from reader.store.emptying import empty_trash, trash_contents
from reader.store.state import DB_FILENAME, Store
from reader.store.tags import TagError
from reader.store.undo import UndoConflict

#: A database made by reader at a78c61e (schema 4, before the library existed), through the
#: Store API: two seed articles with two highlights each (one with an edited note), a bookmark
#: each, an article whose file is gone with a highlight, note and bookmark, reading positions,
#: one article marked read (opened), and the theme setting.
SCHEMA_4 = Path(__file__).parent / "fixtures" / "schema4.sqlite3"


def old_database(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / DB_FILENAME
    shutil.copyfile(SCHEMA_4, target)
    target.chmod(0o600)
    return target


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_migration_5_keeps_every_annotation_and_position(tmp_path: Path) -> None:
    path = old_database(tmp_path / "data")
    before = {
        table: rows(path, f"SELECT * FROM {table} ORDER BY 1")
        for table in ("highlights", "bookmarks", "settings")
    }
    positions = rows(path, "SELECT article_id, position, read FROM article_state ORDER BY 1")
    assert rows(path, "PRAGMA user_version") == [(4,)] and before["highlights"]
    with Store.open(tmp_path / "data") as store:
        assert store.path is not None
        conn = sqlite3.connect(store.path)
        assert schema_version(conn) == len(MIGRATIONS)
        conn.close()
        notes = {h.note for h in store.highlights.all()}
        assert "edited note ünïcode 🙂" in notes and "kept note" in notes
        states = store.library.states()
        assert store.reading.position("02a86b30ab65") == 250
        assert states["02a86b30ab65"].read and not states["299d70c3d84d"].read
        assert states["gone-article"].annotated  # its file is gone: it stays, with its notes
        assert all(state.location is Location.INBOX for state in states.values())
        assert states["02a86b30ab65"].added is not None  # first opened counts as added
    for table, old in before.items():
        assert rows(path, f"SELECT * FROM {table} ORDER BY 1") == old
    after = rows(path, "SELECT article_id, position, read FROM article_state ORDER BY 1")
    assert after == positions


def test_a_failed_migration_leaves_the_old_database_as_it_was(tmp_path: Path) -> None:
    path = old_database(tmp_path / "data")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE tags (x)")  # migration 5 will fail half-way
    conn.commit()
    conn.close()
    with pytest.raises(Exception, match="tags"):
        Store.open(tmp_path / "data")
    assert rows(path, "PRAGMA user_version") == [(4,)]
    assert "location" not in {row[1] for row in rows(path, "PRAGMA table_info(article_state)")}


def test_new_articles_land_in_the_inbox_unread() -> None:
    store = Store.memory()
    assert store.library.register(["a", "b"]) == 2
    assert store.library.register(["a", "b", "c"]) == 1
    states = store.library.states()
    assert {key: state.location for key, state in states.items()} == dict.fromkeys(
        "abc", Location.INBOX
    )
    assert not any(state.read for state in states.values())
    assert all(state.added for state in states.values())
    assert state_of(states, "never-seen") == ArticleState("never-seen")


def test_a_batch_move_is_one_undo_step() -> None:
    store = Store.memory()
    ids = [f"a{n}" for n in range(30)]
    store.library.register(ids)
    assert store.library.move(ids[:20], Location.ARCHIVE) == 20
    assert store.library.move(ids[:25], Location.ARCHIVE) == 5  # those already there don't count
    assert store.library.ids_in(Location.ARCHIVE) == set(ids[:25])
    assert store.undo() == "archive 5 articles"
    assert store.library.ids_in(Location.ARCHIVE) == set(ids[:20])
    assert store.undo() == "archive 20 articles"
    assert store.library.ids_in(Location.ARCHIVE) == set()
    assert store.undo() is None


def test_undo_leaves_an_article_another_session_moved_since(tmp_path: Path) -> None:
    with Store.open(tmp_path) as mine, Store.open(tmp_path) as theirs:
        mine.library.move(["a", "b"], Location.TRASH)
        theirs.library.move(["a"], Location.ARCHIVE)
        assert mine.undo() == "trash 2 articles"
        states = mine.library.states()
        assert states["a"].location is Location.ARCHIVE  # their change stands
        assert states["b"].location is Location.INBOX
        theirs.library.move(["b"], Location.ARCHIVE)
        mine.library.move(["b"], Location.TRASH)
        theirs.library.move(["b"], Location.INBOX)
        with pytest.raises(UndoConflict):
            mine.undo()


def test_the_read_rule() -> None:
    store = Store.memory()
    store.library.opened("a")
    state = store.library.state("a")
    assert state.opened is not None and not state.read  # opening alone is not reading
    assert store.library.set_progress("a", 60) is False
    assert store.library.set_progress("a", 140) is True  # clamped to 100: the end was seen
    state = store.library.state("a")
    assert state.read and state.progress == 100
    assert store.library.set_read(["a"], False) == 1
    assert store.library.set_progress("a", 100) is False  # still at the end: stays unread
    assert not store.library.state("a").read
    assert store.undo() == "mark 1 article unread"
    assert store.library.state("a").read
    store.library.set_progress("a", 10)
    store.library.set_read(["a"], False)
    assert store.library.set_progress("a", 100) is True  # read to the end again


def test_tags_are_case_insensitive_and_shown_as_typed() -> None:
    store = Store.memory()
    assert store.tags.tag(["a", "b"], ["Machine Learning", "go"]) == 4
    assert store.tags.tag(["c"], ["MACHINE  learning"]) == 1
    assert store.tags.tag(["a"], ["GO"]) == 0
    assert [(t.name, t.articles) for t in store.tags.all()] == [
        ("go", 2),
        ("Machine Learning", 3),
    ]
    assert store.library.states()["c"].tags == ("Machine Learning",)
    assert store.tags.articles_with("machine learning") == {"a", "b", "c"}
    assert store.tags.untag(["a", "z"], ["Go"]) == 1
    assert store.undo() == "untag 2 articles"
    assert store.tags.for_article("a") == ("go", "Machine Learning")
    with pytest.raises(ValueError, match="name"):
        store.tags.tag(["a"], ["  "])


def test_rename_and_merge_and_their_undo() -> None:
    store = Store.memory()
    store.tags.tag(["a", "b"], ["py"])
    store.tags.tag(["b", "c"], ["Python3"])
    marked = store.highlights.add("a", "Words worth a tag.", 0, 5).id
    store.tags.tag_highlights([marked], ["py"])
    assert store.tags.rename("PY", "Py") == "Py"  # a change of case is a rename
    with pytest.raises(TagError, match="merge"):
        store.tags.rename("py", "python3")
    with pytest.raises(TagError, match="no tag 'nope'"):
        store.tags.rename("nope", "x")
    assert store.tags.merge(["Py", "python3"], "Python") == 4
    assert [(t.name, t.articles, t.highlights) for t in store.tags.all()] == [("Python", 3, 1)]
    assert store.tags.for_highlight(marked) == ("Python",)
    assert store.undo() == "merge tags into 'Python'"
    assert [(t.name, t.articles, t.highlights) for t in store.tags.all()] == [
        ("Py", 2, 1),
        ("Python3", 2, 0),
    ]
    assert store.undo() == "rename tag 'py'"
    assert store.tags.names() == ["py", "Python3"]


def test_undoing_a_batch_that_created_a_tag_keeps_what_another_session_put_on_it(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path) as mine, Store.open(tmp_path) as theirs:
        mine.tags.tag(["a"], ["later"])
        theirs.tags.tag(["b"], ["Later"])
        assert mine.undo() == "tag 1 article"
        assert mine.tags.articles_with("later") == {"b"}


def test_highlight_tags() -> None:
    store = Store.memory()
    body = "One sentence to mark. Another sentence to mark."
    one, two = (store.highlights.add("a", body, at, at + 12).id for at in (0, 22))
    assert store.tags.tag_highlights([one, two], ["quote", "Idea"]) == 4
    assert store.tags.untag_highlights([two], ["quote"]) == 1
    assert store.tags.of_highlights() == {one: ("Idea", "quote"), two: ("Idea",)}
    assert [(t.name, t.articles, t.highlights) for t in store.tags.all()] == [
        ("Idea", 0, 2),
        ("quote", 0, 1),
    ]
    store.highlights.delete(one)  # its tags are kept for undo, but no longer counted
    assert [(t.name, t.highlights) for t in store.tags.all()] == [("Idea", 1), ("quote", 0)]
    assert store.undo() is not None
    assert store.tags.of_highlights()[one] == ("Idea", "quote")


def test_states_carry_annotations_of_articles_without_a_row() -> None:
    store = Store.memory()
    made = store.highlights.add("h-only", "Some words to highlight here.", 0, 10)
    store.bookmarks.add("b-only", 3)
    states = store.library.states()
    assert states["h-only"].highlights == 1 and states["b-only"].bookmarked
    assert states["h-only"].location is Location.INBOX
    store.tags.tag_highlights([made.id], ["x"])
    assert store.library.states()["h-only"].tags == ()  # a highlight's tags are its own


def test_emptying_the_trash() -> None:
    store = Store.memory()
    store.library.register(["a", "b", "c"])
    store.tags.tag(["a"], ["keep"])
    store.library.move(["a", "b"], Location.TRASH)
    assert sorted(store.library.empty_trash()) == ["a", "b"]
    states = store.library.states()
    assert states["a"].location is Location.DELETED and states["a"].tags == ("keep",)
    assert store.library.empty_trash() == []


def test_sort_is_remembered_per_view_and_searches_are_saved() -> None:
    store = Store.memory()
    assert store.library.sort_of("inbox") is SortKey.ADDED
    store.library.remember_sort("tag:go", SortKey.TITLE)
    assert store.library.sort_of("tag:go") is SortKey.TITLE
    assert store.library.sort_of("archive") is SortKey.ADDED
    store.searches.save("Long reads", "is:unread -tag:done")
    store.searches.save("long READS", "is:unread")
    assert [(s.name, s.query) for s in store.searches.all()] == [("long READS", "is:unread")]
    assert store.searches.delete("Long Reads") and store.searches.all() == []


def test_emptying_deletes_only_plain_files_of_articles_still_in_the_trash(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "library", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    (elsewhere / "precious.md").write_text("mine")
    (folder / "link.md").symlink_to(elsewhere / "precious.md")
    for name in ("copy", "rescued"):
        (folder / f"{name}.md").write_text(name)
    metas = [
        ArticleMeta("copy", str(folder / "copy.md"), "Copy"),
        ArticleMeta("rescued", str(folder / "rescued.md"), "Rescued"),
        ArticleMeta("link", str(folder / "link.md"), "Link"),
        ArticleMeta("outside", str(elsewhere / "precious.md"), "Outside"),
        ArticleMeta("sneaky", str(folder / ".." / "elsewhere" / "precious.md"), "Sneaky"),
    ]
    with Store.open(tmp_path / "data") as store, Store.open(tmp_path / "data") as other:
        store.library.move([meta.id for meta in metas], Location.TRASH)
        contents = trash_contents(store, metas, folder)
        assert [key for key, _ in contents.files] == ["copy", "rescued"]
        assert "forget 5 articles for good and delete 2 files" in contents.question()
        other.library.move(["rescued"], Location.INBOX)  # taken out meanwhile, elsewhere
        emptied = empty_trash(store, contents)
    assert sorted(emptied.forgotten) == ["copy", "link", "outside", "sneaky"]
    assert emptied.deleted == 1 and not (folder / "copy.md").exists()
    assert (folder / "rescued.md").exists() and (elsewhere / "precious.md").read_text() == "mine"
    assert (folder / "link.md").is_symlink()


def test_the_first_views_reads_agree_with_every_state() -> None:
    """`places` (the first screen's light read) and `states_of` (its rows) say what `states`
    says of the same articles."""
    store = Store.memory()
    store.library.register(["a", "b", "c"])
    store.library.move(["b"], Location.ARCHIVE)
    store.library.opened("c")
    store.tags.tag(["a", "c"], ["zeta", "Alpha"])
    store.highlights.add("h-only", "Some words to highlight here.", 0, 10)
    store.bookmarks.add("a", 3)
    every = store.library.states()
    assert store.library.states_of(["a", "h-only", "never-seen", "a"]) == {
        key: every[key] for key in ("a", "h-only")
    }
    places = store.library.places()
    assert places.last_opened == "c"
    assert places.located == {
        key: (state.location, state.added) for key, state in every.items() if key != "h-only"
    }
