"""Sync through a folder another tool carries (Syncthing, Dropbox, a git repository, a stick).

Each store writes one file of its own there, `<sync id>.reader-sync`, and only reads the
others', so the carrier never sees two writers on one file. A file is frames
(`reader.core.sync.frames`): a hello, this store's whole document as one update, and an end
frame; it is written to a temporary file, flushed to disk, and renamed over the old one, mode
0600, in a folder created 0700. A file the carrier has only partly delivered (no end frame, a
checksum that fails) is skipped with a message and read whole next time; nothing of it is merged.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from reader import __version__
from reader.core.files import ensure_private_dir
from reader.core.sync import frames
from reader.core.sync.frames import FrameError, Kind
from reader.ingest.sync.session import Outcome, SyncFailed
from reader.store.state import Store

SUFFIX = ".reader-sync"
#: The largest file read from the folder (whole libraries' annotations fit many times over).
MAX_FILE = frames.MAX_PAYLOAD


def sync_folder(store: Store, folder: Path, target: str) -> Outcome:
    """Merge every other store's file in `folder`, then write this store's own."""
    try:
        ensure_private_dir(folder)
    except OSError as error:
        raise SyncFailed(f"cannot use the sync folder {folder}: {error}") from error
    sync_id, _ = store.sync.identity()
    outcome = Outcome(target)
    updates: list[bytes] = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name == f"{sync_id}{SUFFIX}":
            continue
        try:
            updates.extend(_read(path))
        except (OSError, FrameError) as error:
            outcome.problems.append(f"skipped {path.name}: {error}")
            continue
        outcome.received += path.stat().st_size
    doc, merged = store.sync.merge(updates)
    outcome.changed = merged.changed
    outcome.problems.extend(merged.problems)
    body = [
        frames.hello(__version__, sync_id),
        frames.encode(Kind.UPDATE, doc.update_since(None)),
        frames.encode(Kind.END),
    ]
    outcome.sent = _write(folder / f"{sync_id}{SUFFIX}", body)
    return outcome


def _read(path: Path) -> list[bytes]:
    """The updates of one store's file; FrameError if it is partial, damaged or not ours."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FrameError("not a regular file")
        if info.st_size > MAX_FILE:
            raise FrameError(f"{info.st_size} bytes, over the {MAX_FILE} limit")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE + 1)
    finally:
        os.close(fd)
    found = frames.parse(data)
    if not found or found[-1].kind is not Kind.END:
        raise FrameError("no end frame: written only in part (the carrier may still be copying)")
    frames.check_hello(found[0], __version__)
    return [frame.payload for frame in found if frame.kind is Kind.UPDATE]


def _write(path: Path, chunks: list[bytes]) -> int:
    """Write `path` whole (temporary file, fsync, rename), mode 0600; the bytes written."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_dir(path.parent)
    return sum(len(chunk) for chunk in chunks)


def _sync_dir(folder: Path) -> None:
    """Make the rename durable (a folder's entry is only on disk once the folder is synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
