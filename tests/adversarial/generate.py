"""Write the adversarial library of issue 6 into a folder, with a manifest of expected outcomes.

    python -m tests.adversarial.generate DIR

The same call always writes the same bytes (random data comes from fixed seeds), so a failure
reproduces. `DIR/library` is the library to point `reader` at; `DIR/outside` holds what the
escaping symlinks point to; `DIR/manifest.json` lists every case (paths as file-system strings,
so names with invalid bytes survive JSON as surrogate escapes) with its expected outcome.

Some cases cannot always be made: a device file needs the right to `mknod`, and permission
cases mean nothing to root (who reads everything). Those are marked `made: false` or
`needs_non_root: true` in the manifest, and tests skip them with the reason.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.adversarial.cases import LOADED, SKIPPED, Case, charref_cases, injection_cases
from tests.adversarial.cases import markup_cases as _markup_cases
from tests.adversarial.cases_files import (
    broken_cases,
    encoding_cases,
    entry_cases,
    ignored_entries,
    name_and_script_cases,
    size_cases,
)

__all__ = ["LOADED", "SKIPPED", "Case", "Library", "all_cases", "generate", "restore"]


def all_cases(big: bool = True) -> list[Case]:
    """Every case, in a fixed order; `big=False` leaves out the 50 MB and 1 MB files."""
    cases = [
        *injection_cases(),
        *charref_cases(),
        *_markup_cases(),
        *encoding_cases(),
        *broken_cases(),
        *(size_cases() if big else [case for case in size_cases() if len(case.data) < 65536]),
        *entry_cases(),
        *name_and_script_cases(),
    ]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


@dataclass(frozen=True)
class Library:
    """A generated library: where it is, its cases, and which could not be made here."""

    root: Path
    library: Path
    cases: list[Case]
    not_made: dict[str, str]

    def path_of(self, case: Case) -> str:
        """The path `reader` reports for the case (a str, as `os.scandir` gives it)."""
        return os.fsdecode(os.fsencode(self.library) + b"/" + case.path)


def generate(root: Path, big: bool = True) -> Library:
    """Write the library under `root` (which must be empty or missing) and its manifest."""
    library = root / "library"
    outside = root / "outside"
    if library.exists() and any(library.iterdir()):
        raise FileExistsError(f"{library} is not empty: generate into a new folder")
    for folder in (library, outside):
        folder.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text("Outside headline\n\nNot part of the library.\n")
    cases = all_cases(big)
    not_made: dict[str, str] = {}
    base = os.fsencode(library)
    for case in cases:
        path = base + b"/" + case.path
        os.makedirs(os.path.dirname(path), exist_ok=True)
        reason = _make(case, path, os.fsencode(outside), base)
        if reason:
            not_made[case.name] = reason
    for name, data in ignored_entries().items():
        path = base + b"/" + name
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
    result = Library(root, library, cases, not_made)
    _write_manifest(result)
    return result


def _make(case: Case, path: bytes, outside: bytes, base: bytes) -> str:
    """Create one entry; returns why it could not be made, or "" when it was."""
    if case.kind in ("file", "unreadable-file"):
        with open(path, "wb") as handle:
            handle.write(case.data)
        if case.kind == "unreadable-file":
            os.chmod(path, 0)
    elif case.kind == "unreadable-dir":
        os.makedirs(path, exist_ok=True)
        with open(path + b"/inside.txt", "wb") as handle:
            handle.write(b"Locked headline\n\nInside a locked folder.\n")
        os.chmod(path, 0)
    elif case.kind == "fifo":
        os.mkfifo(path)
    elif case.kind == "device":
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
        except OSError as error:
            return f"cannot make a device file here: {error.strerror}"
    elif case.kind == "symlink":
        target = case.target.replace("{outside}", os.fsdecode(outside))
        if target.startswith("entries/"):  # relative to the library, made absolute
            target = os.fsdecode(base) + "/" + target
        os.symlink(target, path)
    return ""


def _write_manifest(library: Library) -> None:
    entries = []
    for case in library.cases:
        entry = asdict(case)
        entry.pop("data")
        entry["path"] = library.path_of(case)
        entry["made"] = case.name not in library.not_made
        entries.append(entry)
    document = {"library": str(library.library), "cases": entries}
    text = json.dumps(document, ensure_ascii=True, indent=1)  # ASCII: surrogates survive
    (library.root / "manifest.json").write_text(text, encoding="ascii")


def restore(root: Path) -> None:
    """Give back the permissions the generator took away, so the folder can be deleted."""
    for folder, dirs, files in os.walk(root):
        for name in (*dirs, *files):
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                mode = os.lstat(path).st_mode
                if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
                    os.chmod(path, 0o700 if stat.S_ISDIR(mode) else 0o600)
        dirs[:] = [name for name in dirs if not os.path.islink(os.path.join(folder, name))]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.adversarial.generate DIR", file=sys.stderr)
        return 2
    try:
        library = generate(Path(argv[0]))
    except FileExistsError as error:
        print(f"generate: {error}", file=sys.stderr)
        return 1
    print(f"{len(library.cases)} cases in {library.library}")
    print(f"manifest: {library.root / 'manifest.json'}")
    for name, reason in library.not_made.items():
        print(f"  not made: {name}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
