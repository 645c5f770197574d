"""Annotations exported by annotation tools: Hypothesis's API JSON and W3C Web Annotation.

Hypothesis (`{total, rows}` from its search API, or the rows alone): each row has `uri`, `text`
(the note, Markdown), `tags`, `created`/`updated`, `document.title` and `target[].selector[]`.
W3C (JSON-LD: one `Annotation`, a list, an `AnnotationPage` with `items`, or an
`AnnotationCollection` whose `first` page holds them): `target` is an IRI or `{source,
selector}`, `body` a `TextualBody` (or a list: `purpose: tagging` bodies are tags, the others the
note). Both place a highlight with a `TextQuoteSelector` (`exact`, `prefix`, `suffix`: the quote
and the text either side) and may add a `TextPositionSelector` (kept as a hint only, since the
other tool's text is not ours). An annotation with no quote is a note on the page; a reply (a
Hypothesis row with `references`) is left out and listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.migrate.records import ImportedFile, ImportedHighlight, LooseHighlights
from reader.core.migrate.values import (
    MAX_NOTE,
    MAX_QUOTE,
    Where,
    block_text,
    iso_time,
    line_text,
    tags,
    web_url,
)
from reader.core.text.sanitize import sanitize

HYPOTHESIS = "hypothesis"
W3C = "w3c"
_CONTEXT_LIMIT = 2_000


def kind_of(document: object) -> str | None:
    """`hypothesis`, `w3c`, or None when `document` is neither."""
    if isinstance(document, dict):
        if isinstance(document.get("rows"), list) and "total" in document:
            return HYPOTHESIS
        kind = document.get("type")
        if kind in ("Annotation", "AnnotationPage", "AnnotationCollection") or (
            "@context" in document and "target" in document
        ):
            return W3C
        return None
    if isinstance(document, list) and document and isinstance(document[0], dict):
        first = document[0]
        if "uri" in first and "target" in first:
            return HYPOTHESIS
        if first.get("type") == "Annotation" or "@context" in first:
            return W3C
    return None


def read_json(path: Path, document: object) -> ImportedFile:
    kind = kind_of(document)
    if kind is None:
        raise Where(str(path)).error("", "not Hypothesis or W3C Web Annotation JSON")
    found = ImportedFile(kind, str(path))
    groups: dict[str, LooseHighlights] = {}
    for index, item in enumerate(_items(document, path)):
        where, field = Where(str(path)), f"[{index}]."
        if kind == HYPOTHESIS and item.get("references"):
            found.skipped.append(f"{path}, annotation {index + 1}: a reply, not an annotation")
            continue
        target = _target(item, kind)
        url = web_url(target.get("source"))
        if url is None:
            shown = line_text(target.get("source"), 80)
            found.skipped.append(f"{path}, annotation {index + 1}: not a web address: {shown!r}")
            continue
        group = groups.setdefault(url, LooseHighlights(url, _title(item)))
        group.title = group.title or _title(item)
        highlight = _highlight(item, target, kind, where, field)
        if highlight.quote:
            group.highlights.append(highlight)
        elif highlight.note:
            group.notes.append(highlight.note)
    found.loose = list(groups.values())
    return found


def _items(document: object, path: Path) -> list[dict[str, Any]]:
    if isinstance(document, dict):
        if isinstance(document.get("rows"), list):
            document = document["rows"]
        elif document.get("type") == "AnnotationCollection":
            first = document.get("first")
            document = first.get("items", []) if isinstance(first, dict) else []
        elif document.get("type") == "AnnotationPage":
            document = document.get("items", [])
        else:
            document = [document]
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise Where(str(path)).error("", "expected a list of annotations")
    return document


def _target(item: dict[str, Any], kind: str) -> dict[str, Any]:
    """The first target as `{source, selector: [...]}`."""
    raw = item.get("target")
    if isinstance(raw, list):
        raw = raw[0] if raw else {}
    if isinstance(raw, str):
        raw = {"source": raw}
    target = dict(raw) if isinstance(raw, dict) else {}
    if kind == HYPOTHESIS and not target.get("source"):
        target["source"] = item.get("uri")
    selectors = target.get("selector") or []
    target["selector"] = [
        s
        for s in (selectors if isinstance(selectors, list) else [selectors])
        if isinstance(s, dict)
    ]
    return target


def _title(item: dict[str, Any]) -> str:
    document = item.get("document")
    titles = document.get("title") if isinstance(document, dict) else None
    if isinstance(titles, list) and titles:
        return line_text(titles[0])
    return line_text(titles) if isinstance(titles, str) else ""


def _highlight(
    item: dict[str, Any], target: dict[str, Any], kind: str, where: Where, field: str
) -> ImportedHighlight:
    """The annotation as a highlight (its quote empty when it is a note on the whole page)."""
    quote, prefix, suffix, start = "", "", "", None
    for selector in target["selector"]:
        if selector.get("type") == "TextQuoteSelector":
            quote = block_text(selector.get("exact"), MAX_QUOTE)
            prefix = _context(selector.get("prefix"))[-_CONTEXT_LIMIT:]
            suffix = _context(selector.get("suffix"))[:_CONTEXT_LIMIT]
        elif selector.get("type") == "TextPositionSelector":
            value = selector.get("start")
            start = value if isinstance(value, int) and value >= 0 else None
    note, names = _body(item, kind)
    created = iso_time(item.get("created"), where, field + "created")
    changed = item.get("updated") or item.get("modified")
    return ImportedHighlight(
        quote=quote,
        note=note,
        tags=tags(names),
        created=created,
        updated=iso_time(changed, where, field + "updated") or created,
        prefix=prefix if quote else "",
        suffix=suffix if quote else "",
        start=start,
        key=line_text(item.get("id") or "", 200),
    )


def _body(item: dict[str, Any], kind: str) -> tuple[str, list[str]]:
    """The note and the tags of an annotation."""
    if kind == HYPOTHESIS:
        given = item.get("tags")
        listed = [str(name) for name in given] if isinstance(given, list) else []
        return block_text(item.get("text"), MAX_NOTE), listed
    raw = item.get("body") or []
    bodies = raw if isinstance(raw, list) else [raw]
    notes: list[str] = []
    names: list[str] = []
    for body in bodies:
        if isinstance(body, str):
            notes.append(body)
        elif isinstance(body, dict) and isinstance(body.get("value"), str):
            (names if body.get("purpose") == "tagging" else notes).append(body["value"])
    return block_text("\n\n".join(notes), MAX_NOTE), names


def _context(raw: object) -> str:
    """Text beside a quote: sanitised, its spaces kept (they are part of the context)."""
    if not isinstance(raw, str):
        return ""
    return sanitize(raw) if len(raw) <= MAX_QUOTE else ""
