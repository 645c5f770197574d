"""Article files of the library folder, carried by content: only those the other side lacks.

The sync document maps each file's path inside the library folder to the SHA-256 of its bytes
(`reader.core.sync.model`). After a sync each side asks for the hashes it has no file for, and
the other side sends those bytes. What arrives is checked like an import: the bytes must have
the hash asked for, stay under the size cap and parse as an article; the path must be one
reader would have made itself (no `..`, no hidden or unsafe names, an article suffix), so
nothing is written outside the library folder; a file already there is never overwritten.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from reader.core.files import ensure_private_dir, write_atomically
from reader.core.library.discovery import discover, is_article_name
from reader.core.text.formats import ParseError
from reader.core.text.parse import parse_bytes
from reader.ingest.local import safe_part
from reader.store.state import Store

#: The largest article file that travels (the cap on an HTML page read whole).
MAX_FILE = 8 * 1024 * 1024
DIGEST_LENGTH = 64


def scan(store: Store, library: Path) -> dict[str, str]:
    """The library folder's article files: path inside it -> SHA-256 (re-read only if changed)."""
    if not library.is_dir():
        return {}
    known = store.sync.known_files()
    rows: dict[str, tuple[int, int, str]] = {}
    for file, _ in discover([library]):
        try:
            info = file.stat()
            relative = file.relative_to(library).as_posix()
        except (OSError, ValueError):
            continue
        if info.st_size > MAX_FILE or safe_relative(relative) is None:
            continue
        cached = known.get(relative)
        if cached is not None and cached[:2] == (info.st_size, info.st_mtime_ns):
            rows[relative] = cached
            continue
        try:
            rows[relative] = (info.st_size, info.st_mtime_ns, _digest(file.read_bytes()))
        except OSError:
            continue
    if rows != known:
        store.sync.remember_files(rows)
    return {path: row[2] for path, row in rows.items()}


def safe_relative(path: str) -> str | None:
    """`path` if it is a library path reader would make itself, else None."""
    parts = path.split("/")
    if not parts or any(part != safe_part(part) for part in parts) or not is_article_name(path):
        return None
    return path


def wanted(known: dict[str, str], here: dict[str, str]) -> dict[str, list[str]]:
    """The hashes this side lacks, each with the paths it goes to (never over a file here)."""
    wants: dict[str, list[str]] = {}
    for path, digest in sorted(known.items()):
        if path in here or safe_relative(path) is None or len(digest) != DIGEST_LENGTH:
            continue
        wants.setdefault(digest, []).append(path)
    return wants


def read_blob(library: Path, here: dict[str, str], digest: str) -> bytes | None:
    """The bytes of a file here with that hash, or None (gone, changed since, unreadable)."""
    for path, known in here.items():
        if known != digest:
            continue
        try:
            data = (library / path).read_bytes()
        except OSError:
            continue
        if len(data) <= MAX_FILE and _digest(data) == digest:
            return data
    return None


def place(library: Path, paths: list[str], digest: str, data: bytes) -> list[str]:
    """Write a received file at each of `paths`; returns the problems (nothing written then)."""
    if _digest(data) != digest:
        return [f"a file that does not match its hash {digest[:12]} refused"]
    if len(data) > MAX_FILE:
        return [f"a file of {len(data)} bytes refused (over {MAX_FILE})"]
    problems: list[str] = []
    try:
        ensure_private_dir(library)
    except OSError as error:
        return [f"cannot make the library folder {library}: {error.strerror or error}"]
    for path in paths:
        relative = safe_relative(path)
        if relative is None:
            problems.append(f"an unsafe path refused: {path[:80]!r}")
            continue
        target = library / relative
        try:
            parse_bytes(data, path=str(target), relative_path=relative)
        except (ParseError, ValueError) as error:
            problems.append(f"{relative}: not an article ({error}), not saved")
            continue
        if target.exists() or not _inside(library, target):
            continue
        try:
            write_atomically(target, [data])
        except OSError as error:
            problems.append(f"{relative}: cannot save ({error.strerror or error})")
    return problems


def _inside(library: Path, target: Path) -> bool:
    """Whether `target` stays in the library folder once links in its folders are followed."""
    root = os.path.realpath(library)
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return os.path.commonpath([root, os.path.realpath(parent)]) == root


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
