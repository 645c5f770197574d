"""Highlights as a W3C Web Annotation collection (JSON-LD), for other annotation tools.

One `AnnotationCollection` whose `first` page holds every annotation. Each targets its article's
web address (or `urn:reader:article:ID` when it has none) with a `TextQuoteSelector` (the quote
and the words either side, which is what other tools anchor by) and, when the highlight is
placed, a `TextPositionSelector` (offsets in reader's text, a hint elsewhere). The note is a
`commenting` body, each tag a `tagging` body. `reader import` reads the file back
(`reader.core.migrate.web_annotations`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from reader.core.annotate.anchor import Status
from reader.core.text.sanitize import escape_json_text

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def collection(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The annotation collection of the exported articles (`with_facts` entries)."""
    items = [
        annotation(entry, highlight)
        for entry in entries
        for highlight in entry.get("highlights", [])
    ]
    return {
        "@context": CONTEXT,
        "id": "urn:reader:annotations",
        "type": "AnnotationCollection",
        "label": "Highlights exported by reader",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def annotation(entry: dict[str, Any], highlight: dict[str, Any]) -> dict[str, Any]:
    """One highlight as a W3C `Annotation`."""
    placed = Status(highlight["status"]).attached
    exact = highlight["quote"] if placed else highlight["original"] or highlight["quote"]
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": exact,
            "prefix": highlight["prefix"],
            "suffix": highlight["suffix"],
        }
    ]
    if placed:
        selectors.append(
            {"type": "TextPositionSelector", "start": highlight["start"], "end": highlight["end"]}
        )
    bodies: list[dict[str, Any]] = []
    if highlight["note"]:
        bodies.append(
            {
                "type": "TextualBody",
                "value": highlight["note"],
                "format": "text/plain",
                "purpose": "commenting",
            }
        )
    bodies += [
        {"type": "TextualBody", "value": name, "purpose": "tagging"}
        for name in highlight.get("tags", [])
    ]
    item: dict[str, Any] = {
        "id": f"urn:reader:highlight:{highlight['id']}",
        "type": "Annotation",
        "motivation": "commenting" if highlight["note"] else "highlighting",
        "created": highlight["created"],
        "modified": highlight["updated"] or highlight["created"],
    }
    if bodies:
        item["body"] = bodies
    item["target"] = {
        "source": entry.get("url") or f"urn:reader:article:{entry['id']}",
        "selector": selectors,
    }
    return item


def to_text(document: dict[str, Any]) -> str:
    return escape_json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
