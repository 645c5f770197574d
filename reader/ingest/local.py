"""`reader add PATH`: copying the user's own .txt, .md and .html files into the library.

Folders are walked with the library's own defensive discovery (no symlinks out of the folder, no
FIFOs or devices, hidden files skipped), and keep their structure under a folder of their name.
Nothing in the library is ever overwritten: a file already there with the same bytes is left
alone, and a different file with the same name makes the copy take a numbered name beside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reader.core.files import remove_stale_temporaries, write_atomically
from reader.core.library import Problem, discover
from reader.core.text.sanitize import sanitize_line
from reader.ingest.save import safe_name

#: Longest file name kept as it is, in bytes (most file systems allow 255).
MAX_NAME_BYTES = 200

Outcome = Literal["new", "unchanged", "renamed"]
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Copied:
    """One file brought in: where from, where to, and whether it needed a new name."""

    source: Path
    target: Path
    outcome: Outcome


@dataclass
class CopyReport:
    copied: list[Copied] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def add_paths(paths: list[Path], library: Path) -> CopyReport:
    """Copy the article files found under `paths` into `library`."""
    report = CopyReport()
    remove_stale_temporaries(library)  # left by a copy killed half-way
    library_real = os.path.realpath(library)
    for given in paths:
        real = os.path.realpath(given)
        if real == library_real or real.startswith(library_real + os.sep):
            report.problems.append(Problem(str(given), "already in the library"))
            continue
        folder = Path(given).is_dir()
        base = library / safe_part(Path(real).name or "folder") if folder else library
        for file, root in discover([Path(given)], report.problems):
            relative = file.relative_to(root) if folder else Path(file.name)
            target = base.joinpath(*(safe_part(part) for part in relative.parts))
            try:
                report.copied.append(_copy(file, target))
            except OSError as error:
                reason = (error.strerror or str(error)).lower()
                report.problems.append(Problem(str(file), f"cannot copy: {reason}"))
    return report


def safe_part(name: str) -> str:
    """A path component kept as the user named it when it is safe, made safe otherwise."""
    clean = sanitize_line(name)
    if (
        clean == name
        and name not in ("", ".", "..")
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and len(name.encode("utf-8")) <= MAX_NAME_BYTES
    ):
        return name
    stem, suffix = os.path.splitext(name)
    suffix = suffix if suffix.isascii() and suffix[1:].isalnum() else ""
    return safe_name(stem, keep=" _.", fallback="file") + suffix.lower()


def _copy(source: Path, target: Path) -> Copied:
    outcome: Outcome = "new"
    stem, suffix = os.path.splitext(target.name)
    candidate = target
    number = 1
    while candidate.exists():
        if _same_bytes(source, candidate):
            return Copied(source, candidate, "unchanged")
        number += 1
        outcome = "renamed"
        candidate = target.with_name(f"{stem}-{number}{suffix}")
    write_atomically(candidate, _chunks(source))
    return Copied(source, candidate, outcome)


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _same_bytes(first: Path, second: Path) -> bool:
    if first.stat().st_size != second.stat().st_size:
        return False
    with first.open("rb") as one, second.open("rb") as two:
        while True:
            left, right = one.read(_CHUNK), two.read(_CHUNK)
            if left != right:
                return False
            if not left:
                return True
