"""The schema of reader's database, as the numbered list of steps that builds it.

`PRAGMA user_version` counts the steps a database has had (`reader.store.db.migrate` runs the
rest, each in one transaction). Kept apart from the code that opens the database so the schema
can be read, and grown, in one place: append a step, never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

#: One schema step: SQL (any number of statements) or a function for changes SQL cannot express.
Migration = str | Callable[[sqlite3.Connection], None]


def _first_screen_state() -> str:
    """Migration 10: a generation counted up by triggers whenever an article's row comes or
    goes, its place or date added changes, or an article gains its first or loses its last
    highlight, bookmark or tag; and the article opened last found by an index."""
    bump = "BEGIN UPDATE first_screen_state SET generation = generation + 1; END;"
    moved = "OLD.article_id IS NOT NEW.article_id"
    steps = [
        "CREATE TABLE first_screen_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " generation INTEGER NOT NULL);",
        "INSERT INTO first_screen_state (id, generation) VALUES (1, 0);",
        f"CREATE TRIGGER first_screen_state_insert AFTER INSERT ON article_state {bump}",
        f"CREATE TRIGGER first_screen_state_delete AFTER DELETE ON article_state {bump}",
        "CREATE TRIGGER first_screen_state_update AFTER UPDATE OF article_id, location, added_at"
        f" ON article_state WHEN {moved} OR OLD.location IS NOT NEW.location"
        f" OR OLD.added_at IS NOT NEW.added_at {bump}",
    ]
    for table in ("highlights", "bookmarks", "article_tags"):
        of = f"FROM {table} WHERE article_id ="
        steps += [
            f"CREATE TRIGGER first_screen_{table}_insert AFTER INSERT ON {table}"
            f" WHEN (SELECT count(*) {of} NEW.article_id) = 1 {bump}",
            f"CREATE TRIGGER first_screen_{table}_delete AFTER DELETE ON {table}"
            f" WHEN NOT EXISTS (SELECT 1 {of} OLD.article_id) {bump}",
            f"CREATE TRIGGER first_screen_{table}_update AFTER UPDATE OF article_id ON {table}"
            f" WHEN {moved} {bump}",
        ]
    steps += [
        "CREATE INDEX article_state_by_opened ON article_state (opened_at)"
        " WHERE opened_at IS NOT NULL;",
        "DELETE FROM settings WHERE key = 'first_screen';",  # (kept in the format before)
    ]
    return "\n".join(steps)


#: Append only: never edit or reorder a migration that has shipped, add a new one instead.
MIGRATIONS: list[Migration] = [
    # 1: reading state, one bookmark per article, and free-form settings.
    """
    CREATE TABLE article_state (
        article_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL DEFAULT 0,
        read INTEGER NOT NULL DEFAULT 0,
        opened_at TEXT,
        updated_at TEXT
    );
    CREATE TABLE bookmarks (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL
    );
    CREATE INDEX bookmarks_by_article ON bookmarks (article_id);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: highlights with their anchors and notes, and the undo journal of annotation changes.
    # `revision` counts note changes (optimistic concurrency for note editors); `content_hash`
    # is the article version the anchor was last checked against; `original` never changes.
    """
    CREATE TABLE highlights (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        quote TEXT NOT NULL,
        original TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        color TEXT NOT NULL DEFAULT 'yellow',
        status TEXT NOT NULL DEFAULT 'anchored',
        score REAL NOT NULL DEFAULT 100,
        suggestion TEXT,
        suggestion_start INTEGER,
        suggestion_end INTEGER,
        content_hash TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX highlights_by_article ON highlights (article_id, start_offset);
    CREATE TABLE undo_journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        session TEXT NOT NULL,
        description TEXT NOT NULL,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT,
        created TEXT NOT NULL
    );
    CREATE INDEX undo_by_session ON undo_journal (session, seq);
    """,
    # 3: feed subscriptions with what the server said last time (for conditional requests),
    # and every entry already saved, by the id the feed gives it; `fingerprint` tells an entry
    # the feed has changed since (re-saved as an update) from one it merely repeats.
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        site_url TEXT NOT NULL DEFAULT '',
        etag TEXT,
        last_modified TEXT,
        added TEXT NOT NULL,
        checked TEXT,
        error TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE feed_entries (
        feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
        entry_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL DEFAULT '',
        path TEXT NOT NULL DEFAULT '',
        seen TEXT NOT NULL,
        PRIMARY KEY (feed_id, entry_id)
    );
    """,
    # 4: every import, with each record it added or replaced as it was before and after, so the
    # last import can be undone whole and a note it replaced is never lost (`reader.store.imports`).
    # Timestamps an import claimed in the future (before they were checked) become this moment.
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        undone TEXT
    );
    CREATE TABLE import_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT
    );
    CREATE INDEX import_changes_by_import ON import_changes (import_id, seq);
    UPDATE highlights SET updated = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
    WHERE updated GLOB '[0-9][0-9][0-9][0-9]-*'
        AND updated > strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now');
    """,
    # 5: the library (`reader.store.library`, `reader.store.tags`): where each article is
    # (inbox, archive, trash; `deleted` once the trash was emptied), how far it was read
    # (0-100), when it was first seen; tags on articles and on highlights, compared by `key`
    # (the name case-folded) and shown by `name` (as typed); saved searches. An article known
    # before keeps its read flag and counts as added when it was first opened.
    """
    ALTER TABLE article_state ADD COLUMN location TEXT NOT NULL DEFAULT 'inbox';
    ALTER TABLE article_state ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE article_state ADD COLUMN added_at TEXT;
    UPDATE article_state SET added_at = COALESCE(opened_at, updated_at);
    CREATE INDEX article_state_by_location ON article_state (location);
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE article_tags (
        article_id TEXT NOT NULL,
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);
    CREATE TABLE highlight_tags (
        highlight_id TEXT NOT NULL,
        tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (highlight_id, tag_id)
    ) WITHOUT ROWID;
    CREATE INDEX highlight_tags_by_tag ON highlight_tags (tag_id, highlight_id);
    CREATE TABLE saved_searches (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        query TEXT NOT NULL,
        created TEXT NOT NULL
    );
    """,
    # 6: the daily review (`reader.store.reviews`, issue 17): each highlight's FSRS card (its
    # stage `new`/`learning`/`review`/`relearning`, memory state, when it is due; `stopped` once
    # `x` took it out of the review for good) and every grade given, with the stage before it
    # (for retention) and its time (for the streak). Times are ISO 8601 UTC.
    """
    CREATE TABLE review_cards (
        highlight_id TEXT PRIMARY KEY,
        stage TEXT NOT NULL DEFAULT 'new',
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT,
        last_review TEXT,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        stopped TEXT,
        updated TEXT NOT NULL
    );
    CREATE TABLE review_log (
        id TEXT PRIMARY KEY,
        highlight_id TEXT NOT NULL,
        grade INTEGER NOT NULL,
        prior TEXT NOT NULL,
        reviewed TEXT NOT NULL
    );
    CREATE INDEX review_log_by_time ON review_log (reviewed);
    CREATE INDEX review_log_by_highlight ON review_log (highlight_id, reviewed);
    """,
    # 7: articles known by their web address (`reader.store.queue`): every article an import
    # brought by URL, where its text goes in the library folder (which gives its id), and the
    # queue that fetches it: `queued` until fetched (`done`), `failed` after the last try with
    # the reason, `gone` when the site says the page no longer exists. Rows stay once done: one
    # address is one article whichever file names it again (`identity`, the normalised URL).
    # `not_before` (back-off) and `lease` (a fetcher working on it) are Unix times.
    """
    CREATE TABLE fetch_queue (
        article_id TEXT PRIMARY KEY,
        identity TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        host TEXT NOT NULL,
        path TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published TEXT,
        state TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before REAL NOT NULL DEFAULT 0,
        lease REAL NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT '',
        added TEXT NOT NULL,
        finished TEXT
    );
    CREATE INDEX fetch_queue_by_state ON fetch_queue (state, not_before);
    """,
    # 8: sync between machines (`reader.store.sync_log`, issue 15): the CRDT updates this store
    # has (its own and those received; `reader.core.sync.model` is the document's shape), the
    # records changed since the last sync (kept by triggers, so no write path has to remember;
    # NOT EXISTS, not OR IGNORE: an upsert's conflict clause would override the trigger's),
    # each library file's hash as last read (size and time tell when to read it again), and
    # each target's last sync. Everything there is now counts as changed, so the first sync
    # sends it.
    """
    CREATE TABLE sync_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        digest TEXT NOT NULL UNIQUE,
        data BLOB NOT NULL,
        added TEXT NOT NULL
    );
    CREATE TABLE sync_dirty (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    CREATE TABLE sync_files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        digest TEXT NOT NULL
    );
    CREATE TABLE sync_targets (
        target TEXT PRIMARY KEY,
        last_ok TEXT,
        last_try TEXT,
        error TEXT NOT NULL DEFAULT '',
        sent INTEGER NOT NULL DEFAULT 0,
        received INTEGER NOT NULL DEFAULT 0
    );
    CREATE TRIGGER sync_article_state_insert AFTER INSERT ON article_state
        WHEN NEW.location != 'inbox' OR NEW.read OR NEW.progress OR NEW.position BEGIN
        INSERT INTO sync_dirty SELECT 'a', NEW.article_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'a' AND key = NEW.article_id);
    END;
    CREATE TRIGGER sync_article_state_update
        AFTER UPDATE OF location, read, progress, position ON article_state BEGIN
        INSERT INTO sync_dirty SELECT 'a', NEW.article_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'a' AND key = NEW.article_id);
    END;
    CREATE TRIGGER sync_article_state_delete AFTER DELETE ON article_state BEGIN
        INSERT INTO sync_dirty SELECT 'a', OLD.article_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'a' AND key = OLD.article_id);
    END;
    CREATE TRIGGER sync_article_tags_insert AFTER INSERT ON article_tags BEGIN
        INSERT INTO sync_dirty SELECT 'a', NEW.article_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'a' AND key = NEW.article_id);
    END;
    CREATE TRIGGER sync_article_tags_update AFTER UPDATE ON article_tags BEGIN
        INSERT INTO sync_dirty SELECT 'a', NEW.article_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'a' AND key = NEW.article_id);
    END;
    CREATE TRIGGER sync_article_tags_delete AFTER DELETE ON article_tags BEGIN
        INSERT INTO sync_dirty SELECT 'a', OLD.article_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'a' AND key = OLD.article_id);
    END;
    CREATE TRIGGER sync_highlights_insert AFTER INSERT ON highlights BEGIN
        INSERT INTO sync_dirty SELECT 'h', NEW.id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'h' AND key = NEW.id);
    END;
    CREATE TRIGGER sync_highlights_update AFTER UPDATE ON highlights BEGIN
        INSERT INTO sync_dirty SELECT 'h', NEW.id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'h' AND key = NEW.id);
    END;
    CREATE TRIGGER sync_highlights_delete AFTER DELETE ON highlights BEGIN
        INSERT INTO sync_dirty SELECT 'h', OLD.id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'h' AND key = OLD.id);
    END;
    CREATE TRIGGER sync_highlight_tags_insert AFTER INSERT ON highlight_tags BEGIN
        INSERT INTO sync_dirty SELECT 'h', NEW.highlight_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'h' AND key = NEW.highlight_id);
    END;
    CREATE TRIGGER sync_highlight_tags_update AFTER UPDATE ON highlight_tags BEGIN
        INSERT INTO sync_dirty SELECT 'h', NEW.highlight_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'h' AND key = NEW.highlight_id);
    END;
    CREATE TRIGGER sync_highlight_tags_delete AFTER DELETE ON highlight_tags BEGIN
        INSERT INTO sync_dirty SELECT 'h', OLD.highlight_id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'h' AND key = OLD.highlight_id);
    END;
    CREATE TRIGGER sync_bookmarks_insert AFTER INSERT ON bookmarks BEGIN
        INSERT INTO sync_dirty SELECT 'b', NEW.id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'b' AND key = NEW.id);
    END;
    CREATE TRIGGER sync_bookmarks_update AFTER UPDATE ON bookmarks BEGIN
        INSERT INTO sync_dirty SELECT 'b', NEW.id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'b' AND key = NEW.id);
    END;
    CREATE TRIGGER sync_bookmarks_delete AFTER DELETE ON bookmarks BEGIN
        INSERT INTO sync_dirty SELECT 'b', OLD.id
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'b' AND key = OLD.id);
    END;
    CREATE TRIGGER sync_feeds_insert AFTER INSERT ON feeds BEGIN
        INSERT INTO sync_dirty SELECT 'f', NEW.url
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'f' AND key = NEW.url);
    END;
    CREATE TRIGGER sync_feeds_update AFTER UPDATE OF url, title ON feeds BEGIN
        INSERT INTO sync_dirty SELECT 'f', NEW.url
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'f' AND key = NEW.url);
    END;
    CREATE TRIGGER sync_feeds_delete AFTER DELETE ON feeds BEGIN
        INSERT INTO sync_dirty SELECT 'f', OLD.url
            WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE kind = 'f' AND key = OLD.url);
    END;
    CREATE TRIGGER sync_tags_update AFTER UPDATE ON tags BEGIN
        INSERT INTO sync_dirty SELECT DISTINCT 'a', article_id FROM article_tags
            WHERE tag_id = NEW.id
            AND article_id NOT IN (SELECT key FROM sync_dirty WHERE kind = 'a');
        INSERT INTO sync_dirty SELECT DISTINCT 'h', highlight_id FROM highlight_tags
            WHERE tag_id = NEW.id
            AND highlight_id NOT IN (SELECT key FROM sync_dirty WHERE kind = 'h');
    END;
    INSERT OR IGNORE INTO sync_dirty SELECT 'a', article_id FROM article_state;
    INSERT OR IGNORE INTO sync_dirty SELECT 'a', article_id FROM article_tags;
    INSERT OR IGNORE INTO sync_dirty SELECT 'h', id FROM highlights;
    INSERT OR IGNORE INTO sync_dirty SELECT 'b', id FROM bookmarks;
    INSERT OR IGNORE INTO sync_dirty SELECT 'f', url FROM feeds;
    """,
    # 9: the sync document in parts (`reader.core.sync.parts`, issue 15): each kept update
    # names its part; each part's state vector (told to the other side without loading the
    # part), the digest of the library files recorded in it and whether it names files missing
    # here. The single document of migration 8 is kept as `sync_legacy` until the first sync
    # splits it into parts (`reader.store.sync_legacy`): nothing of it is lost.
    """
    ALTER TABLE sync_updates RENAME TO sync_legacy;
    CREATE TABLE sync_updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        part INTEGER NOT NULL,
        digest TEXT NOT NULL UNIQUE,
        data BLOB NOT NULL,
        added TEXT NOT NULL
    );
    CREATE INDEX sync_updates_by_part ON sync_updates (part, seq);
    CREATE TABLE sync_parts (
        part INTEGER PRIMARY KEY,
        state BLOB NOT NULL,
        files TEXT NOT NULL DEFAULT '',
        missing INTEGER NOT NULL DEFAULT 0
    );
    DELETE FROM settings WHERE key IN ('sync.state', 'sync.files');
    """,
    # 10: what the first screen kept by the last session depends on in the store
    # (`reader.store.first_screen`), kept up to date by triggers instead of read from every row
    # at each start.
    _first_screen_state(),
]
