"""Emptying the Trash: the articles are forgotten, and reader's own copies of their files go.

Shared by `reader trash --empty` and the app's command, so both delete exactly the same files:
only plain files inside the library folder (`reader.store.dirs.library_dir`), the copies
`reader add` and feeds saved. A file anywhere else (the bundled samples, a folder the user
opened, a link, whatever its path claims) is never touched. In the store the articles become
`deleted` (`Library.empty_trash`): no view shows them, and their notes stay.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.article import ArticleMeta
from reader.core.shelf import Location
from reader.store.state import Store


@dataclass(frozen=True)
class TrashContents:
    """What emptying would do: the trashed articles, and the files of theirs it would delete."""

    article_ids: frozenset[str]
    #: (article id, file) of each file emptying would delete.
    files: tuple[tuple[str, Path], ...]
    #: The library folder they lie in.
    folder: Path

    def question(self) -> str:
        """The question to ask before emptying."""
        count, files = len(self.article_ids), len(self.files)
        return (
            f"Empty the trash: forget {count} article{'s' if count != 1 else ''} for good and "
            f"delete {files} file{'s' if files != 1 else ''} in your library folder?"
        )


@dataclass(frozen=True)
class Emptied:
    """What emptying did: the ids forgotten, the files deleted, and those that could not be
    (path and reason)."""

    forgotten: tuple[str, ...]
    deleted: int
    failed: tuple[tuple[Path, str], ...] = field(default=())

    def summary(self) -> str:
        count = len(self.forgotten)
        files = "file" if self.deleted == 1 else "files"
        return (
            f"emptied the trash: {count} article{'s' if count != 1 else ''} forgotten, "
            f"{self.deleted} {files} deleted"
        )


def trash_contents(store: Store, articles: Sequence[ArticleMeta], folder: Path) -> TrashContents:
    """The articles in the Trash, and which of their files lie in the library `folder`."""
    trashed = frozenset(store.library.ids_in(Location.TRASH))
    own = tuple(
        (meta.id, Path(meta.path))
        for meta in articles
        if meta.id in trashed and _own_file(Path(meta.path), folder)
    )
    return TrashContents(trashed, own, folder)


def empty_trash(store: Store, contents: TrashContents) -> Emptied:
    """Forget the trashed articles and delete their files in the library folder: those in
    `contents` whose article was still in the Trash (another window may have taken one out
    since), each checked again just before. Not undoable: ask first."""
    forgotten = tuple(store.library.empty_trash())
    gone = set(forgotten)
    deleted, failed = 0, []
    for article_id, path in contents.files:
        if article_id not in gone or not _own_file(path, contents.folder):
            continue
        try:
            path.unlink()
            deleted += 1
        except FileNotFoundError:
            pass
        except OSError as error:
            failed.append((path, error.strerror or str(error)))
    return Emptied(forgotten, deleted, tuple(failed))


def _own_file(path: Path, folder: Path) -> bool:
    """Whether `path` is a plain file inside `folder` (never a link, never anything outside
    it, whatever the path says)."""
    if not str(path) or path.is_symlink() or not path.is_file():
        return False
    root, real = os.path.realpath(folder), os.path.realpath(path)
    return real != root and os.path.commonpath([root, real]) == root
