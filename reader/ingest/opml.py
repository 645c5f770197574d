"""Subscriptions in and out as OPML, the format every feed reader imports and exports.

OPML files come from other programs and from the web, so they are parsed with defusedxml: the
standard library's parsers would expand entities a hostile file declares (a few hundred bytes
can expand to gigabytes) and defusedxml refuses DTDs and entities outright. Writing needs no such
care and uses the standard library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from reader.core.text.sanitize import sanitize_line
from reader.ingest.errors import BadUrl, IngestError
from reader.ingest.fetch import check_url


@dataclass(frozen=True)
class Outline:
    """One subscription: the feed's URL and the title to show for it."""

    url: str
    title: str = ""


@dataclass(frozen=True)
class OpmlFile:
    """The subscriptions found, and how many outlines were skipped (not http(s), no URL)."""

    outlines: tuple[Outline, ...]
    skipped: int


def read_opml(data: bytes) -> OpmlFile:
    """Every feed outline in an OPML document, nested categories included, first one wins."""
    # Loaded only when an OPML file is read: `reader feed list` and `feed export` never need it.
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data)
    except DefusedXmlException as error:
        reason = type(error).__name__
        raise IngestError(f"refused OPML file: {reason} (entities are not allowed)") from None
    except ET.ParseError as error:
        raise IngestError(f"not an OPML file: {error}") from None
    if root.tag.lower() != "opml":
        raise IngestError(f"not an OPML file: the document is <{sanitize_line(root.tag)[:40]}>")
    found: dict[str, Outline] = {}
    skipped = 0
    for outline in root.iter("outline"):
        attributes = {name.lower(): value for name, value in outline.attrib.items()}
        url = attributes.get("xmlurl", "").strip()
        if not url:
            continue
        try:
            url = check_url(url)
        except BadUrl:
            skipped += 1
            continue
        title = sanitize_line(attributes.get("title") or attributes.get("text") or "")
        found.setdefault(url, Outline(url, title))
    return OpmlFile(tuple(found.values()), skipped)


def write_opml(outlines: Iterable[Outline], title: str = "reader subscriptions") -> bytes:
    """An OPML 2.0 document listing `outlines`, UTF-8, with an XML declaration."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC))
    body = ET.SubElement(root, "body")
    for outline in outlines:
        name = sanitize_line(outline.title) or outline.url
        ET.SubElement(
            body, "outline", type="rss", text=name, title=name, xmlUrl=sanitize_line(outline.url)
        )
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"
