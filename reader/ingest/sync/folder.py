"""Sync through a folder another tool carries (Syncthing, Dropbox, a git repository, a stick).

Each store writes one file of its own there, `<sync id>.reader-sync`, and only reads the
others', so the carrier never sees two writers on one file. A file is frames
(`reader.core.sync.frames`): a hello, the state vector of each part of the document
(`reader.core.sync.parts`), every part's kept updates as they are (no part is loaded to write
it), and an end frame. Only the parts of another file with something new here are merged (and
loaded), and the own file is rewritten only when the document changed: written to a temporary
file, flushed to disk, and renamed over the old one, mode 0600, in a folder created 0700. A file
the carrier has only partly delivered (no end frame, a checksum that fails) is skipped with a
message and read whole next time; nothing of it is merged.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from reader import __version__
from reader.core.files import ensure_private_dir
from reader.core.sync import frames, parts
from reader.core.sync.frames import FrameError, Kind
from reader.core.sync.model import DamagedUpdate, covers
from reader.ingest.sync import files
from reader.ingest.sync.session import Outcome, SyncFailed
from reader.store.state import Store

SUFFIX = ".reader-sync"
#: Beside each store's file, its library's article files by SHA-256.
BLOBS = ".files"
#: The largest file read from the folder (whole libraries' annotations fit many times over).
MAX_FILE = frames.MAX_PAYLOAD


def sync_folder(store: Store, folder: Path, target: str, library: Path) -> Outcome:
    """Merge every other store's file in `folder`, then write this store's own, then carry the
    library's article files (`<sync id>.files/<SHA-256>`: each written once, read by hash)."""
    try:
        ensure_private_dir(folder)
    except OSError as error:
        raise SyncFailed(f"cannot use the sync folder {folder}: {error}") from error
    sync_id, _ = store.sync.identity()
    outcome = Outcome(target)
    here = files.scan(store, library)
    view = store.sync.prepare(here)
    states = view.states()
    own = folder / f"{sync_id}{SUFFIX}"
    expected = store.sync.written(str(folder.absolute()))
    found = _digest_of(own)
    if expected and found is not None and found not in expected:
        raise SyncFailed(
            f"{own.name} in the sync folder is not what this store wrote there: another store "
            "uses this store's sync id (a database copied from this one?); run `reader sync "
            "--reset` once on the copy; nothing was changed"
        )
    updates: list[bytes] = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name == f"{sync_id}{SUFFIX}":
            continue
        try:
            theirs, update = _read(path)
        except (OSError, FrameError) as error:
            outcome.problems.append(f"skipped {path.name}: {error}")
            continue
        news = _news(states, theirs, update)
        if news:  # only the parts with something new here are merged
            updates.append(news)
            outcome.received += len(news)
    doc, merged = store.sync.merge(updates, here)
    outcome.changed = merged.changed
    outcome.problems.extend(merged.problems)
    mine = parts.encode_bundle(doc.states().items())
    if _state_of(own) != mine:
        body = [
            frames.hello(__version__, sync_id),
            frames.encode(Kind.STATE, mine),
            frames.encode(Kind.UPDATE, doc.update_since(None)),
            frames.encode(Kind.END),
        ]
        new = hashlib.sha256(b"".join(body)).hexdigest()
        place = str(folder.absolute())
        store.sync.set_written(place, {new, *([found] if found else [])})
        outcome.sent = _write(own, body)
        store.sync.set_written(place, {new})
    outcome.sent += _put_blobs(folder / f"{sync_id}{BLOBS}", library, here)
    for digest, paths in files.wanted(doc.files(), here).items():
        data = _find_blob(folder, sync_id, digest)
        if data is None:
            continue
        problems = files.place(library, paths, digest, data)
        outcome.problems.extend(problems)
        outcome.files += not problems
        outcome.received += len(data)
    return outcome


def _put_blobs(blobs: Path, library: Path, here: dict[str, str]) -> int:
    """Copy this side's article files in by hash, those not there yet; the bytes written."""
    written = 0
    for digest in sorted(set(here.values())):
        if (blobs / digest).exists():
            continue
        data = files.read_blob(library, here, digest)
        if data is not None:
            ensure_private_dir(blobs)
            written += _write(blobs / digest, [data])
    return written


def _find_blob(folder: Path, sync_id: str, digest: str) -> bytes | None:
    """Another store's copy of the file with that hash, if one is there whole."""
    for blobs in sorted(folder.glob(f"*{BLOBS}")):
        if blobs.name == f"{sync_id}{BLOBS}":
            continue
        try:
            data = _read_regular(blobs / digest, files.MAX_FILE)
        except (OSError, FrameError):
            continue
        if hashlib.sha256(data).hexdigest() == digest:
            return data
    return None


def _read_regular(path: Path, limit: int = MAX_FILE) -> bytes:
    """A regular file's bytes (never through a link, never over `limit`)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FrameError("not a regular file")
        if info.st_size > limit:
            raise FrameError(f"{info.st_size} bytes, over the {limit} limit")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    finally:
        os.close(fd)


def _news(states: dict[int, bytes], theirs: dict[int, bytes], update: bytes) -> bytes:
    """The updates of another store's file in the parts where it has something this store
    lacks, as one bundle (the file's update as it is if it cannot be read as parts: merging
    refuses it with a message)."""
    try:
        entries = parts.decode_bundle(update)
        fresh = {
            part
            for part, state in theirs.items()
            if not covers(states.get(part, parts.EMPTY_STATE), state)
        }
    except (parts.DamagedBundle, DamagedUpdate):
        return update
    return parts.encode_bundle((part, data) for part, data in entries if part in fresh)


def _read(path: Path) -> tuple[dict[int, bytes], bytes]:
    """One store's file: the state vector of each part and its updates; FrameError if it is
    partial, damaged or not ours."""
    found = frames.parse(_read_regular(path))
    if not found or found[-1].kind is not Kind.END:
        raise FrameError("no end frame: written only in part (the carrier may still be copying)")
    frames.check_hello(found[0], __version__)
    kinds = [frame.kind for frame in found]
    if kinds != [Kind.HELLO, Kind.STATE, Kind.UPDATE, Kind.END]:
        raise FrameError("not the frames a sync folder file holds")
    try:
        states = dict(parts.decode_bundle(found[1].payload))
    except parts.DamagedBundle as error:
        raise FrameError(f"damaged state vectors, refused: {error}") from error
    return states, found[2].payload


def _digest_of(path: Path) -> str | None:
    """The SHA-256 of a file in the folder, or None if it cannot be read."""
    try:
        return hashlib.sha256(_read_regular(path)).hexdigest()
    except (OSError, FrameError):
        return None


def _state_of(path: Path) -> bytes | None:
    """The state vectors in this store's own file, if it is there whole."""
    try:
        found = frames.parse(_read_regular(path))
    except (OSError, FrameError):
        return None
    kinds = [frame.kind for frame in found]
    return found[1].payload if kinds == [Kind.HELLO, Kind.STATE, Kind.UPDATE, Kind.END] else None


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
