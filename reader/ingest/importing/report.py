"""What an import found and what it did, in lines for people (and the counts for scripts).

`survey` is said before anything is written (and is all `--dry-run` prints); `Outcome` after:
what was added, what waits to be fetched, how many highlights found their words, and each one
that did not (its quote, so the user knows which), listed, never dropped in silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.shelf import Location
from reader.ingest.importing.plan import Plan

#: Names people know each format by.
TITLES = {
    "pocket": "Pocket export",
    "instapaper": "Instapaper export",
    "omnivore": "Omnivore export",
    "wallabag": "wallabag export",
    "readwise": "Readwise export",
    "hypothesis": "Hypothesis annotations",
    "w3c": "W3C Web Annotations",
}
#: Skipped records and orphans listed in full; beyond, a count.
SHOWN = 10


def survey(plan: Plan) -> list[str]:
    """What the file holds and what importing it would do, before anything is written."""
    found = plan.imported
    records = [planned.record for planned in plan.articles]
    archived = sum(record.location is Location.ARCHIVE for record in records)
    tags = {name.casefold() for record in records for name in record.tags}
    texts = sum(record.html is not None for record in records)
    highlights = sum(len(planned.highlights) for planned in plan.articles)
    new = [planned for planned in plan.articles if planned.new]
    fetch = sum(1 for planned in new if planned.record.html is None and not planned.book)
    lines = [
        f"{TITLES.get(found.format, found.format)}: {_n(len(records), 'article')} "
        f"({archived:,} archived), {_n(len(tags), 'tag')}, {_n(highlights, 'highlight')}, "
        f"{_n(texts, 'text')} in the file",
        f"{len(new):,} new ({fetch:,} to fetch from the web), "
        f"{len(records) - len(new):,} already in your library"
        + (f", {_n(plan.merged, 'record')} naming an address twice" if plan.merged else ""),
    ]
    return lines + skipped_lines(found.skipped)


def skipped_lines(skipped: list[str]) -> list[str]:
    if not skipped:
        return []
    lines = [f"{_n(len(skipped), 'record')} left out:"]
    lines += [f"  {line}" for line in skipped[:SHOWN]]
    if len(skipped) > SHOWN:
        lines.append(f"  … and {len(skipped) - SHOWN:,} more")
    return lines


@dataclass
class Outcome:
    """What an import did."""

    added: int = 0
    queued: int = 0
    texts: int = 0
    highlights: int = 0
    attached: int = 0
    waiting: int = 0
    orphans: list[tuple[str, str, str]] = field(default_factory=list)
    states: int = 0
    tags: int = 0
    notes: int = 0
    #: Highlights the store did not have.
    new_highlights: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.states or self.tags or self.notes or self.new_highlights)

    def lines(self) -> list[str]:
        lines = [
            f"imported: {_n(self.added, 'article')} added ({self.texts:,} with their text, "
            f"{self.queued:,} to fetch), place or read state set on {_n(self.states, 'article')}, "
            f"{_n(self.tags, 'tag')} put on, {_n(self.notes, 'article note')}",
            f"highlights: {self.highlights:,} imported: {self.attached:,} placed in their "
            f"text, {len(self.orphans):,} orphaned (their words are not in the text), "
            f"{self.waiting:,} waiting for their article's text",
        ]
        for title, quote, _hid in self.orphans[:SHOWN]:
            lines.append(f"  orphaned in “{_cut(title, 40)}”: “{_cut(quote, 60)}”")
        if len(self.orphans) > SHOWN:
            lines.append(f"  … and {len(self.orphans) - SHOWN:,} more (`H` lists them all)")
        return lines


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
