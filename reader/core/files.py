"""Files written so that nothing is ever half there: private folders and whole-or-nothing writes.

These know nothing of where `reader` keeps things (that is `reader.store.dirs`); they are the plain
helpers that the library index, the search cache, exports and saved pages all write through.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) readable by the owner only, and return it.

    Only folders this call creates get mode 0700 (set explicitly, since `mkdir` modes are filtered
    by the umask). A folder that already exists is left exactly as it is: the user may have chosen
    to share it, and silently changing permissions on their folder would be rude. Use
    `open_to_others` to warn instead.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue  # someone else made it in the meantime: theirs, not ours to chmod
        os.chmod(folder, 0o700)
    if not path.is_dir():
        raise NotADirectoryError(f"not a folder: {path}")
    return path


def write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write `path` whole or not at all: a temporary file beside it (mode 0600), then a rename.

    A crash or a full disk half-way leaves the previous file untouched, never a truncated one.
    The bytes reach the disk before the rename (`fsync`): otherwise a power cut soon after could
    leave the new name on an empty file, on file systems that write data after names. The folder
    is created private if it is missing.
    """
    import tempfile  # (not at import: reading the library never writes)

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        ensure_private_dir(folder)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


#: A temporary file of `write_atomically` this old was left by a process that died mid-write.
STALE_AFTER = 15 * 60.0


def is_temporary_name(name: str) -> bool:
    """Whether `name` is one `write_atomically` gives its temporary files."""
    return name.startswith(".") and name.endswith(".tmp")


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER) -> int:
    """Delete the temporary files a killed `write_atomically` left under `folder`; how many.

    Only files named as `write_atomically` names them and untouched for `older_than` seconds
    are removed: a younger one may belong to a write still running in another process.
    """
    removed = 0
    cutoff = time.time() - older_than
    for root, _folders, names in os.walk(folder):
        for name in names:
            if not is_temporary_name(name):
                continue
            path = os.path.join(root, name)
            with suppress(OSError):
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(path)
                    removed += 1
    return removed
