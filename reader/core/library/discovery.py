"""Discovery: finding the article files under the user's folders, defensively.

Library folders are other people's data, possibly shared or downloaded, so discovery never follows
a symlink out of the folder or round a loop, never opens a FIFO or a device (that would hang or
read forever), and turns every unreadable entry into a `Problem` instead of stopping.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from msgspec import Struct

from reader.core.text.formats import SUFFIX_FORMATS


class Problem(Struct, frozen=True):
    """A file or folder that could not be used, and why, in words for the user."""

    path: str
    reason: str


def bundled_seeds_dir() -> Path:
    """The sample articles: `reader/seeds` in an installed wheel, `<repo>/seeds` in a checkout."""
    package = Path(__file__).resolve().parents[2]
    installed = package / "seeds"
    return installed if installed.is_dir() else package.parent / "seeds"


def is_article_name(name: str) -> bool:
    """Whether a file name (or path) has a suffix the parser understands."""
    return os.path.splitext(name)[1].lower() in SUFFIX_FORMATS


class Found(Struct, frozen=True):
    """One article file; paths stay strings, as 10,000 `Path`s cost real start-up time."""

    file: str
    root: str
    size: int
    mtime_ns: int


class Walk:
    """State of one discovery: what was visited (loop and duplicate guard) and what went wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.folders: set[tuple[int, int]] = set()
        self.files: set[tuple[int, int]] = set()

    def skip(self, path: Path | str, reason: str) -> None:
        self.problems.append(Problem(str(path), reason))

    def given(self, paths: Iterable[Path]) -> Iterator[Found]:
        for given in paths:
            path = str(absolute(given))
            try:
                info = os.stat(path)  # the user named it: following a symlink here is wanted
            except FileNotFoundError:
                self.skip(given, "no such file or folder")
                continue
            except OSError as error:
                self.skip(given, os_reason(error))
                continue
            if stat.S_ISDIR(info.st_mode):
                if self._first_visit(self.folders, info):
                    yield from self.folder(path, path, os.path.realpath(path))
            elif not stat.S_ISREG(info.st_mode):
                self.skip(path, "not a regular file or folder")
            elif not is_article_name(path):
                self.skip(path, f"not an article file (expected {_suffixes()})")
            elif self._first_visit(self.files, info):
                yield Found(path, os.path.dirname(path), info.st_size, info.st_mtime_ns)

    def folder(self, folder: str, root: str, real_root: str) -> Iterator[Found]:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=_name)
        except OSError as error:
            self.skip(folder, f"cannot read folder: {os_reason(error)}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:  # a plain file, by the folder's own listing: no call to the system yet
                plain = entry.is_file(follow_symlinks=False)
                if plain and not is_article_name(entry.name):
                    continue
                info = entry.stat(follow_symlinks=False) if plain else None
            except OSError:
                info = None  # `entry` says why
            if info is None:
                yield from self.entry(entry.path, root, real_root)
            elif self._first_visit(self.files, info):
                yield Found(entry.path, root, info.st_size, info.st_mtime_ns)

    def entry(self, path: str, root: str, real_root: str) -> Iterator[Found]:
        """The article files at `path` inside the library folder `root` (whose real path is
        `real_root`): itself, or those under it when it is a folder."""
        try:
            info = os.lstat(path)
            link = stat.S_ISLNK(info.st_mode)
            if link and not _inside(os.path.realpath(path), real_root):
                if is_article_name(path) or os.path.isdir(path):
                    self.skip(path, "symlink leads outside the library folder, not followed")
                return
            if link:
                info = os.stat(path)
        except FileNotFoundError:
            self.skip(path, "broken symlink")
            return
        except OSError as error:
            self.skip(path, os_reason(error))
            return
        if stat.S_ISDIR(info.st_mode):
            if self._first_visit(self.folders, info):
                yield from self.folder(path, root, real_root)
            elif link and _inside(os.path.realpath(os.path.dirname(path)), os.path.realpath(path)):
                self.skip(path, "symlink loop, not followed")
        elif not is_article_name(path):
            return
        elif not stat.S_ISREG(info.st_mode):
            self.skip(path, "not a regular file (a FIFO, socket or device), not opened")
        elif self._first_visit(self.files, info):
            yield Found(path, root, info.st_size, info.st_mtime_ns)

    @staticmethod
    def _first_visit(seen: set[tuple[int, int]], info: os.stat_result) -> bool:
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return False
        seen.add(key)
        return True


def discover(
    paths: Iterable[Path], problems: list[Problem] | None = None
) -> Iterator[tuple[Path, Path]]:
    """Yield (article file, library root) for every article under `paths`, in name order.

    A PATH that is a file has its parent as root (the root decides the article id). Hidden
    entries are skipped; the same file reached twice (a symlink, or overlapping PATHs) is yielded
    once. Whatever is skipped for a reason the user should know is appended to `problems`.
    """
    walk = Walk(problems if problems is not None else [])
    for found in walk.given(paths):
        yield Path(found.file), Path(found.root)


def absolute(path: Path) -> Path:
    """Absolute and normalised (no `..`), but symlinks kept: paths stay as the user sees them."""
    return Path(os.path.abspath(Path(path).expanduser()))


def within(paths: Iterable[Path]) -> Callable[[str], bool]:
    """A test for "this path is one of `paths` or lies under one" (on absolute path strings,
    as discovery yields them)."""
    scopes = {str(absolute(Path(path))) for path in paths}
    prefixes = tuple(scope.rstrip(os.sep) + os.sep for scope in scopes)
    return lambda path: path in scopes or path.startswith(prefixes)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def os_reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else str(error)


def _suffixes() -> str:
    return ", ".join(sorted(SUFFIX_FORMATS))
