"""Refusing a data folder or database that another user could read or swap.

On a shared machine a neighbour can prepare a folder someone will use (a world-writable one under
/srv, a path in /tmp) with `reader.sqlite3` linked to a file of theirs: every note written would
go to them. So before anything in the data folder is read or written, `check_data_dir` refuses,
saying why and what to do instead:

- the data folder, the database, its side files or the backups folder being a symbolic link;
- any of them owned by another user;
- the data folder writable by others, or a folder above it writable by others without the sticky
  bit (`/tmp` has it: nobody may rename or delete what another made there), or owned by someone
  other than the user or root (they could change that at any time).

Links above the data folder are allowed when the user or root made them, and the folders they
lead to are judged, so `~/notes -> /srv/bob/notes` is judged by bob's folder. The store opens its
own files with `O_NOFOLLOW` (`O_NOFOLLOW` here), and the database file is looked at once more
right before SQLite connects (`check_own_file`).
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path

from reader.store.dirs import BACKUP_DIRNAME, DB_FILENAME
from reader.store.errors import UnsafeDataDir

#: `os.O_NOFOLLOW` where the platform has it: the store never opens one of its files through a link.
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

#: What the store keeps in the data folder; none of them may be a link or someone else's.
STORE_ENTRIES = (
    DB_FILENAME,
    f"{DB_FILENAME}-wal",
    f"{DB_FILENAME}-shm",
    f"{DB_FILENAME}-journal",
    BACKUP_DIRNAME,
)

#: What to do instead, said after most refusals.
USE_YOUR_OWN = "use a folder only you can write to (--data-dir DIR or READER_DATA_DIR)"


def check_data_dir(folder: Path) -> None:
    """Raise `UnsafeDataDir` if another user could read or swap what reader keeps in `folder`.

    A folder that does not exist yet is fine when the folders above it are: it is created
    private (0700) by whoever writes first.
    """
    if not hasattr(os, "geteuid"):
        return  # no POSIX owners and modes to judge
    folder = Path(folder).expanduser().absolute()
    _check_above(folder)
    info = _lstat(folder)
    if info is None:
        return
    check_entry(folder, info, "point --data-dir (or READER_DATA_DIR) at the real folder")
    if stat.S_ISDIR(info.st_mode) and _others_can_write(info):
        advice = f"chmod go-w {folder}, or {USE_YOUR_OWN}"
        raise UnsafeDataDir(refusal(folder, "other users can write to it", advice))
    for name in STORE_ENTRIES:
        entry = folder / name
        found = _lstat(entry)
        if found is not None:
            check_entry(entry, found, "remove the link (move the real file here if it is yours)")


def check_entry(path: Path, info: os.stat_result, link_advice: str) -> None:
    """Refuse `path` (as `lstat` saw it) if it is a symbolic link or another user's."""
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeDataDir(refusal(path, linked_to(path), f"{link_advice}, or {USE_YOUR_OWN}"))
    if info.st_uid != os.geteuid():
        owner = owner_name(info.st_uid)
        raise UnsafeDataDir(refusal(path, f"it belongs to another user ({owner})"))


def check_own_file(path: Path, fd: int) -> None:
    """The last look before SQLite connects: the file opened (`O_NOFOLLOW`) as `fd` is ours."""
    if hasattr(os, "geteuid"):
        check_entry(path, os.fstat(fd), "remove the link")


def refusal(path: Path, why: str, advice: str = USE_YOUR_OWN) -> str:
    """The one-line message: what is refused, why, and what to do."""
    return f"refusing {path}: {why}, so another user could read or swap your notes; {advice}"


def linked_to(path: Path) -> str:
    """Why a link is refused, naming where it leads."""
    from reader.core.text.sanitize import sanitize_line  # (a refusal only: not at import)

    try:
        target = sanitize_line(os.readlink(path))  # whoever planted it chose the name
    except OSError:
        target = "?"
    return f"it is a symbolic link (to {target})"


def owner_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _check_above(folder: Path) -> None:
    """The folders above `folder`: links in its path must be ours or root's, and the folders
    they lead to must be writable only by us (or sticky) and owned by us or root."""
    trusted = {os.geteuid(), 0}
    for above in reversed(folder.parents):
        info = _lstat(above)
        if info is not None and stat.S_ISLNK(info.st_mode) and info.st_uid not in trusted:
            why = f"{above}, a link in its path, belongs to another user"
            raise UnsafeDataDir(refusal(folder, f"{why} ({owner_name(info.st_uid)})"))
    real = Path(os.path.realpath(folder.parent))
    for above in (real, *real.parents):
        try:
            info = os.stat(above)
        except OSError:
            continue  # missing: it will be created private
        if info.st_uid not in trusted:
            why = f"{above}, a folder above it, belongs to another user"
            raise UnsafeDataDir(refusal(folder, f"{why} ({owner_name(info.st_uid)})"))
        if _others_can_write(info) and not info.st_mode & stat.S_ISVTX:
            why = f"{above}, a folder above it, can be written by other users (with no sticky bit)"
            raise UnsafeDataDir(refusal(folder, why, f"chmod o-w,g-w {above}, or {USE_YOUR_OWN}"))


def _others_can_write(info: os.stat_result) -> bool:
    """Whether anyone but the owner may create, rename or delete entries (in a folder)."""
    if info.st_mode & stat.S_IWOTH:
        return True
    return bool(info.st_mode & stat.S_IWGRP) and not _only_my_group(info.st_gid)


def _only_my_group(gid: int) -> bool:
    """Whether `gid` is the user's private group (named after them, nobody else in it)."""
    try:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(gid)
    except KeyError:
        return False
    alone = set(group.gr_mem) <= {me.pw_name}
    return gid == me.pw_gid and group.gr_name == me.pw_name and alone


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
