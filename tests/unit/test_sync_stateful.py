"""Three stores change things at random and sync in random pairs; updates are also delivered
again and out of order. After a last round all three hold exactly the same records, and nothing
acknowledged is lost: every word appended to a note is still in it, every highlight never
deleted is still there, every tag put on and never taken off is still on. All three share their
settings: after the last round all three use the same `measure`, one of those written.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from reader.core.shelf import Location
from reader.store.state import Store
from reader.store.synced_config import layered_config
from tests.unit.syncing import BODY, snapshot, sync_sharing

ARTICLES = ("art1", "art2", "art3")
TAGS = ("history", "Sea", "later")
COLOURS = ("yellow", "red", "blue")
FEEDS = ("https://example.org/feed.xml", "https://example.net/rss")
stores = st.integers(min_value=0, max_value=2)


class ThreeMachines(RuleBasedStateMachine):
    """Three machines with their own stores, changing and syncing."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="reader-sync-"))
        self.stores = [Store.open(self.root / f"m{n}") for n in range(3)]
        self.configs = [self.root / f"m{n}.toml" for n in range(3)]
        self.measures = {72}
        self.highlights: list[str] = []
        self.deleted: set[str] = set()
        self.words: dict[str, set[str]] = {}
        self.tagged: set[tuple[str, str]] = set()
        self.untagged: set[tuple[str, str]] = set()
        self.updates: list[bytes] = []
        self.counter = 0

    def _word(self) -> str:
        self.counter += 1
        return f"w{self.counter}"

    @rule(n=stores, article=st.sampled_from(ARTICLES), start=st.integers(0, 60))
    def highlight(self, n: int, article: str, start: int) -> None:
        made = self.stores[n].highlights.add(article, BODY, start, start + 5)
        self.highlights.append(made.id)
        self.words[made.id] = set()

    @precondition(lambda self: self.highlights)
    @rule(n=stores, data=st.data())
    def append_to_note(self, n: int, data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(self.highlights))
        current = self.stores[n].highlights.get(target)
        if current is None:
            return
        word = self._word()
        self.stores[n].highlights.set_note(target, f"{current.note} {word}", current.revision)
        self.words[target].add(word)

    @precondition(lambda self: self.highlights)
    @rule(n=stores, data=st.data(), colour=st.sampled_from(COLOURS))
    def recolour(self, n: int, data: st.DataObject, colour: str) -> None:
        target = data.draw(st.sampled_from(self.highlights))
        if self.stores[n].highlights.get(target) is not None:
            self.stores[n].highlights.set_color(target, colour)

    @precondition(lambda self: self.highlights)
    @rule(n=stores, data=st.data())
    def delete(self, n: int, data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(self.highlights))
        if self.stores[n].highlights.delete(target):
            self.deleted.add(target)

    @rule(n=stores, article=st.sampled_from(ARTICLES), tag=st.sampled_from(TAGS), on=st.booleans())
    def tag(self, n: int, article: str, tag: str, on: bool) -> None:
        if on:
            self.stores[n].tags.tag([article], [tag])
            self.tagged.add((article, tag))
        else:
            self.stores[n].tags.untag([article], [tag])
            self.untagged.add((article, tag))

    @rule(n=stores, article=st.sampled_from(ARTICLES), place=st.sampled_from(list(Location)[:3]))
    def move(self, n: int, article: str, place: Location) -> None:
        self.stores[n].library.move([article], place)

    @rule(n=stores, article=st.sampled_from(ARTICLES), read=st.booleans())
    def read(self, n: int, article: str, read: bool) -> None:
        self.stores[n].library.set_read([article], read)

    @rule(n=stores, article=st.sampled_from(ARTICLES), progress=st.integers(0, 100))
    def progress(self, n: int, article: str, progress: int) -> None:
        self.stores[n].library.set_progress(article, progress)
        self.stores[n].reading.set_position(article, progress * 3)

    @rule(n=stores, url=st.sampled_from(FEEDS), follow=st.booleans())
    def feed(self, n: int, url: str, follow: bool) -> None:
        feeds = self.stores[n].feeds
        if follow:
            feeds.subscribe(url, url.rsplit("/", 1)[-1])
        elif (found := feeds.find(url)) is not None:
            feeds.unsubscribe(found.id)

    @rule(n=stores, measure=st.integers(20, 200))
    def edit_config(self, n: int, measure: int) -> None:
        self.configs[n].write_text(f"measure = {measure}\n", encoding="utf-8")
        self.measures.add(measure)

    @rule(here=stores, there=stores)
    def sync(self, here: int, there: int) -> None:
        if here == there:
            return
        doc = self.stores[here].sync.prepare()
        self.updates.append(doc.update_since(None))
        self._sync(here, there)

    def _sync(self, here: int, there: int) -> None:
        pair = (self.stores[here], self.stores[there])
        sync_sharing(*pair, (self.configs[here], self.configs[there]))

    @precondition(lambda self: self.updates)
    @rule(n=stores, data=st.data())
    def deliver_again(self, n: int, data: st.DataObject) -> None:
        """An old update arrives again, late: merging it changes nothing it should not."""
        self.stores[n].sync.merge([data.draw(st.sampled_from(self.updates))])

    @invariant()
    def nothing_pending_is_lost_locally(self) -> None:
        for store in self.stores:
            assert store.sync.pending() >= 0

    def teardown(self) -> None:
        try:
            for here, there in ((0, 1), (1, 2), (2, 0), (0, 1)):
                self._sync(here, there)
            snaps = [snapshot(store) for store in self.stores]
            pairs = zip(self.configs, self.stores, strict=True)
            used = {layered_config(config, store)[0].measure for config, store in pairs}
            assert len(used) == 1 and used <= self.measures
            assert snaps[0] == snaps[1] == snaps[2]
            self._nothing_acknowledged_lost(snaps[0].highlights, snaps[0].articles)
            for store in self.stores:
                assert store.sync.pending() == 0
        finally:
            for store in self.stores:
                store.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _nothing_acknowledged_lost(self, highlights: dict, articles: dict) -> None:  # type: ignore[type-arg]
        for highlight_id in self.highlights:
            if highlight_id in self.deleted:
                continue
            assert highlight_id in highlights
            assert self.words[highlight_id] <= set(highlights[highlight_id].note.split())
        for article, tag in self.tagged - self.untagged:
            assert tag.casefold() in articles[article].tags.tag_keys()


ThreeMachines.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_three_machines = ThreeMachines.TestCase
