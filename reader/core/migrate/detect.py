"""Which export a file is, by what it holds (never by its name), and reading it.

A zip holding `part_*.csv` is Pocket's, one holding `metadata_*.json` Omnivore's; a CSV is told
by its header (Pocket's `url` with `time_added`, Instapaper's `Selection` and `Folder`,
Readwise's `Highlight` and `Book Title` or Reader's `Saved date`); JSON by its shape (reader's
own export, wallabag's entries, Hypothesis rows, W3C annotations); HTML by Pocket's
`time_added` links. `--from NAME` skips the guess but not the checks: a file that is not the
format named is refused with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.core.migrate import instapaper, omnivore, pocket, readwise, wallabag, web_annotations
from reader.core.migrate.archive import Archive, is_zip
from reader.core.migrate.records import FormatError, ImportedFile
from reader.core.migrate.tables import decode, header_of, load_json
from reader.core.migrate.values import Where

#: Every format `reader import --from` names.
FORMATS = (
    "pocket",
    "instapaper",
    "omnivore",
    "wallabag",
    "readwise",
    "hypothesis",
    "w3c",
    "reader",
)
#: The format reader's own JSON export is (read by `reader.store.exchange`, not here).
READER = "reader"

_CSV_HEADERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("pocket", frozenset({"url", "time_added"})),
    ("instapaper", frozenset({"url", "selection", "folder"})),
    ("readwise", frozenset({"highlight", "book title"})),
    ("readwise", frozenset({"url", "saved date"})),
    ("readwise", frozenset({"url", "document tags", "location"})),
)


def detect(path: Path) -> str:
    """The format of the export at `path` (one of `FORMATS`); `FormatError` when it is none."""
    file = str(path)
    if is_zip(path):
        with Archive(path) as archive:
            if archive.matching("part_*.csv"):
                return "pocket"
            if archive.matching("metadata_*.json"):
                return "omnivore"
        raise Where(file).error(
            "", "a zip, but neither Pocket's (part_*.csv) nor Omnivore's (metadata_*.json)"
        )
    data = _read(path)
    kind, text = _kind(data, file)
    if kind == "json":
        return _json_format(load_json(data, file), file)
    if kind == "html":
        if "time_added" in text[:1_000_000]:
            return "pocket"
        raise Where(file).error("", "HTML, but not Pocket's ril_export.html (no time_added)")
    header = set(header_of(text))
    for name, needed in _CSV_HEADERS:
        if needed <= header:
            return name
    shown = ", ".join(sorted(header))[:120] or "nothing"
    raise Where(file, 1).error(
        "",
        f"not an export reader knows (the first line has {shown}); "
        f"name it with --from ({', '.join(FORMATS)})",
    )


def read_export(path: Path, name: str) -> ImportedFile:
    """Read the export at `path` as format `name` (not `reader`: that is the store's own)."""
    if name not in _READERS:
        raise ValueError(f"unknown format {name!r}")
    return _READERS[name](path)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise Where(str(path)).error("", (error.strerror or str(error)).lower()) from None


def _kind(data: bytes, file: str) -> tuple[str, str]:
    """`json`, `html` or `csv`, with the decoded text."""
    text = decode(data, file)
    start = text.lstrip()[:1]
    if start in ("{", "["):
        return "json", text
    if start == "<":
        return "html", text
    return "csv", text


def _json_format(document: object, file: str) -> str:
    if isinstance(document, dict) and "articles" in document and "version" in document:
        return READER
    if wallabag.entries_of(document) is not None:
        return "wallabag"
    kind = web_annotations.kind_of(document)
    if kind is not None:
        return str(kind)
    raise Where(file).error(
        "",
        "JSON, but not an export reader knows (reader's own, "
        "wallabag's, Hypothesis or W3C annotations)",
    )


def _pocket(path: Path) -> ImportedFile:
    if is_zip(path):
        return pocket.read_zip(path)
    data = _read(path)
    kind, _text = _kind(data, str(path))
    return pocket.read_html(path, data) if kind == "html" else pocket.read_csv(path, data)


def _omnivore(path: Path) -> ImportedFile:
    if not is_zip(path):
        raise Where(str(path)).error("", "not a zip: Omnivore exports are zips")
    return omnivore.read_zip(path)


def _readwise(path: Path) -> ImportedFile:
    data = _read(path)
    _kind_name, text = _kind(data, str(path))
    header = set(header_of(text))
    if set(readwise.HIGHLIGHT_COLUMNS) <= header:
        return readwise.read_highlights(path, data)
    return readwise.read_documents(path, data)


def _json(reader: Callable[[Path, object], ImportedFile]) -> Callable[[Path], ImportedFile]:
    def read(path: Path) -> ImportedFile:
        return reader(path, load_json(_read(path), str(path)))

    return read


def _csv(reader: Callable[[Path, bytes], ImportedFile]) -> Callable[[Path], ImportedFile]:
    def read(path: Path) -> ImportedFile:
        return reader(path, _read(path))

    return read


_READERS: dict[str, Callable[[Path], ImportedFile]] = {
    "pocket": _pocket,
    "instapaper": _csv(instapaper.read_csv),
    "omnivore": _omnivore,
    "wallabag": _json(wallabag.read_json),
    "readwise": _readwise,
    "hypothesis": _json(web_annotations.read_json),
    "w3c": _json(web_annotations.read_json),
}

__all__ = ["FORMATS", "READER", "FormatError", "ImportedFile", "detect", "read_export"]
