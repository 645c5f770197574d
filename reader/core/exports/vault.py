"""The folder of Obsidian notes: which file is whose, safe and unique file names, whole writes.

A note is found again by the `reader:` id in its front matter, wherever the user moved it in the
folder and whatever they renamed it, so exporting again updates that file rather than adding one.
A new note is named after its article's title with everything a file system or Obsidian refuses
taken out (path separators, control characters, `:*?"<>|#^[]`, leading dots, reserved names) and
made unique in the folder (case-insensitively, for macOS and Windows) by the article's id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.exports.obsidian import emptied, loaded, note_text
from reader.core.files import ensure_private_dir, write_atomically
from reader.core.text.sanitize import sanitize_line

_UNSAFE = re.compile(r'[\\/:*?"<>|#^\[\]]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}
_ID_LINE = re.compile(r"^reader:\s*(.+?)\s*$", re.MULTILINE)
#: Bytes of a name before `.md`: well under the 255 most file systems allow.
MAX_NAME_BYTES = 120
_HEAD_BYTES = 16_384


@dataclass(frozen=True)
class VaultReport:
    written: int
    unchanged: int
    emptied: int

    def summary(self, folder: Path) -> str:
        text = f"{_notes(self.written)} written, {self.unchanged} unchanged in {folder}"
        if self.emptied:
            text += f"; {_notes(self.emptied)} of articles with nothing left to export emptied"
        return text


def _notes(count: int) -> str:
    return f"{count} note" if count == 1 else f"{count} notes"


def export_vault(
    folder: Path, entries: Iterable[dict[str, Any]], whole: bool = True
) -> VaultReport:
    """Write one note per entry into `folder`; with `whole` (every article exported), the notes
    of articles no longer exported keep the user's part and lose their highlights."""
    ensure_private_dir(folder)
    found = notes_by_id(folder)
    taken = {path.name.casefold() for path in found.values()}
    written = unchanged = emptied = 0
    seen: set[str] = set()
    for entry in entries:
        seen.add(entry["id"])
        path = found.get(entry["id"])
        if path is None:
            path = folder / unique_name(entry.get("title", ""), entry["id"], taken)
            taken.add(path.name.casefold())
        changed = _write(path, entry)
        written, unchanged = written + changed, unchanged + (not changed)
    if whole:
        for key, path in found.items():
            if key not in seen:
                emptied += _write(path, {"id": key, "gone": True})
    return VaultReport(written, unchanged, emptied)


def _write(path: Path, entry: dict[str, Any]) -> bool:
    """Write the note if its text changed; whether it did."""
    existing = path.read_text(encoding="utf-8", errors="replace") if path.exists() else None
    if entry.get("gone") and existing is not None:
        text = emptied(existing, entry["id"])
    else:
        text = note_text(entry, existing)
    if text == existing:
        return False
    write_atomically(path, [text.encode("utf-8")])
    return True


def notes_by_id(folder: Path) -> dict[str, Path]:
    """The notes under `folder` that carry a `reader:` id in their front matter, by id."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue  # .obsidian, .trash and our own temporary files
        key = _id_of(path)
        if key is not None:
            found.setdefault(key, path)
    return found


def _id_of(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    if not head.startswith("---"):
        return None
    front = head.split("\n---", 1)[0]
    match = _ID_LINE.search(front)
    return loaded(match.group(1)) if match else None


def unique_name(title: str, key: str, taken: set[str]) -> str:
    """A safe `.md` file name for an article, not in `taken` (casefolded names)."""
    base = safe_stem(title) or safe_stem(key) or "untitled"
    short = safe_stem(key)[:8] or "x"
    for stem in (base, f"{base} ({short})", f"{base} ({safe_stem(key)})"):
        if f"{stem}.md".casefold() not in taken:
            return f"{stem}.md"
    number = 2
    while f"{base} {number}.md".casefold() in taken:
        number += 1
    return f"{base} {number}.md"


def safe_stem(text: str) -> str:
    """`text` as the stem of a file name on any system: one line, no separators or characters
    Obsidian or Windows refuse, no leading dot, at most `MAX_NAME_BYTES` bytes."""
    cleaned = " ".join(_UNSAFE.sub(" ", sanitize_line(text)).split()).lstrip(". ").rstrip(". ")
    encoded = cleaned.encode("utf-8")[:MAX_NAME_BYTES]
    cleaned = encoded.decode("utf-8", errors="ignore").rstrip(". ")
    if cleaned.split(".")[0].casefold() in _RESERVED:
        cleaned = f"{cleaned} note"
    return cleaned
