"""What a format front end hands to the cleaning passes, and what comes out of them.

A front end (`clean_text`, `html_text`, `markdown_text`) fills a `Draft` with blocks and the
metadata it found; the cleaning passes (`clean`, `furniture`) remove debris from it, remembering
what they removed and where; `Draft.finish` gives the `Extracted` article that `parse` turns into
an `Article`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.core.article import Block


@dataclass(frozen=True)
class Extracted:
    """What a front end found in a file: metadata, body blocks, and what it removed."""

    title: str = ""
    source: str = ""
    byline: str = ""
    date: str | None = None
    blocks: tuple[Block, ...] = ()
    removed: tuple[str, ...] = ()
    url: str = ""
    #: (link text, raw target) in document order; `parse` places them in the body.
    links: tuple[tuple[str, str], ...] = ()


@dataclass
class Draft:
    """Working state shared by the cleaning passes.

    Every block and every removal carries its position in the original document, so that
    `removed` comes out in reading order whichever pass removed what.
    """

    title: str = ""
    source: str = ""
    byline: str = ""
    date: str | None = None
    url: str = ""
    items: list[tuple[int, Block]] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Iterable[Block]) -> Draft:
        return cls(items=list(enumerate(blocks)))

    def drop(self, pos: int, text: str) -> None:
        if text:
            self.removed.append((pos, text))

    def offer_source(self, source: str) -> None:
        """Sources are offered best-first by the front ends; the first one offered wins."""
        if not self.source and source:
            self.source = source

    def finish(self) -> Extracted:
        self.removed.sort(key=lambda entry: entry[0])
        return Extracted(
            title=self.title,
            source=self.source,
            byline=self.byline,
            date=self.date,
            blocks=tuple(block for _, block in self.items),
            removed=tuple(text for _, text in self.removed),
            url=self.url,
            links=tuple(self.links),
        )
