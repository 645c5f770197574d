"""Zip exports (Pocket, Omnivore) opened with care: a zip is someone else's file.

Members are read by name, never extracted to disk, so a name like `../../.bashrc` means nothing.
Each member is read up to `MAX_MEMBER` bytes whatever its header claims (a zip bomb stops
there), and the whole archive up to `MAX_TOTAL`; past either the file is refused.
"""

from __future__ import annotations

import fnmatch
import zipfile
from pathlib import Path, PurePosixPath

from reader.core.migrate.values import Where

#: Largest member read (an article's HTML, a CSV part of 10,000 rows).
MAX_MEMBER = 256 * 1024 * 1024
#: Most bytes read from one archive, all members together.
MAX_TOTAL = 4 * 1024 * 1024 * 1024


class Archive:
    """An open zip export: its member names, and their bytes read within the limits."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        try:
            self._zip = zipfile.ZipFile(path)
            self.names = [info.filename for info in self._zip.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise Where(self.file).error("", f"not a zip file: {error}") from None
        self._read = 0

    def matching(self, pattern: str) -> list[str]:
        """Member names whose last part matches `pattern` (`part_*.csv`), in name order."""
        return sorted(n for n in self.names if fnmatch.fnmatch(PurePosixPath(n).name, pattern))

    def read(self, name: str) -> bytes:
        where = Where(f"{self.file}:{name}")
        try:
            with self._zip.open(name) as member:
                data = member.read(MAX_MEMBER + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
            raise where.error("", f"cannot be read from the zip: {error}") from None
        if len(data) > MAX_MEMBER:
            raise where.error("", f"larger than {MAX_MEMBER // (1024 * 1024)} MB")
        self._read += len(data)
        if self._read > MAX_TOTAL:
            raise Where(self.file).error("", "holds more than 4 GB: refused")
        return data

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False
