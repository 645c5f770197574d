"""OPML in and out: a round trip keeps every feed; hostile files are refused."""

from __future__ import annotations

import pytest

from reader.ingest.errors import IngestError
from reader.ingest.opml import Outline, read_opml, write_opml

OTHER_READER = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="News" title="News">
    <outline type="rss" text="Harbour Gazette" xmlUrl="https://gazette.example/rss"/>
    <outline type="rss" title="Slow &amp; Steady" text="x" xmlUrl="https://slow.example/feed.xml"/>
  </outline>
  <outline type="rss" text="Local file" xmlUrl="file:///etc/passwd"/>
  <outline type="rss" text="No URL"/>
  <outline type="rss" text="Again" xmlUrl="https://gazette.example/rss"/>
</body></opml>"""


def test_nested_outlines_are_read_and_unsafe_ones_skipped() -> None:
    found = read_opml(OTHER_READER)
    assert found.outlines == (
        Outline("https://gazette.example/rss", "Harbour Gazette"),
        Outline("https://slow.example/feed.xml", "Slow & Steady"),
    )
    assert found.skipped == 1


def test_round_trip_keeps_urls_and_titles() -> None:
    feeds = [
        Outline("https://a.example/feed?x=1&y=2", 'A <title> & "quotes"'),
        Outline("https://b.example/atom", "Ünïcode feed"),
        Outline("https://c.example/rss", ""),
    ]
    again = read_opml(write_opml(feeds))
    assert [outline.url for outline in again.outlines] == [feed.url for feed in feeds]
    assert [outline.title for outline in again.outlines] == [
        'A <title> & "quotes"',
        "Ünïcode feed",
        "https://c.example/rss",
    ]


def test_entity_expansion_is_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>'
    )
    with pytest.raises(IngestError, match="refused OPML file"):
        read_opml(bomb)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"<html><body/></html>", "the document is <html>"), (b"not xml at all", "not an OPML file")],
)
def test_other_files_are_not_opml(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        read_opml(data)
