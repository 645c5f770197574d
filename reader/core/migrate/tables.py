"""CSV exports read by header name, with the line each record starts on; JSON read whole.

Formats drift (Pocket added and then dropped a `cursor` column; Instapaper grew from four
columns to six), so columns are found by their header, case- and space-insensitively, and a
missing optional column reads as empty. A cell may span lines (quoted newlines), so each record
knows the line it starts on; errors name that line. Text must be UTF-8 (a byte-order mark is
fine); a cell larger than `MAX_CELL` is refused, not read into memory whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reader.core.migrate.values import Where

#: Largest cell accepted (a whole article's text fits; a runaway quote does not).
MAX_CELL = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Row:
    """One record: its cells by (normalised) header name, and where it starts."""

    cells: dict[str, str]
    where: Where

    def get(self, name: str) -> str:
        return self.cells.get(header_key(name), "") or ""


def header_key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


def decode(data: bytes, file: str) -> str:
    """The file's text (UTF-8, a byte-order mark dropped); `FormatError` naming the line of the
    first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Where(file, line).error("", "not UTF-8 text") from None


def header_of(text: str, delimiter: str = ",") -> list[str]:
    """The first record's cells, as header keys ([] for an empty file)."""
    first = next(csv.reader(io.StringIO(text[:65536]), delimiter=delimiter), [])
    return [header_key(cell) for cell in first]


def read_rows(text: str, file: str, required: Sequence[str], delimiter: str = ",") -> Iterator[Row]:
    """Each record after the header; `FormatError` if a `required` column is missing or a
    record is broken (an unclosed quote, a cell over `MAX_CELL`)."""
    source = io.StringIO(text, newline="")
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    previous = 1
    _allow_large_cells()
    try:
        header = [header_key(cell) for cell in next(reader, [])]
        missing = [name for name in required if header_key(name) not in header]
        if missing:
            found = ", ".join(header) or "nothing"
            raise Where(file, 1).error(missing[0], f"no such column (the header has {found})")
        previous = reader.line_num
        for record in reader:
            where = Where(file, previous + 1)
            previous = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(header) + 1 and any(c.strip() for c in record[len(header) :]):
                raise where.error("", f"{len(record)} cells where the header has {len(header)}")
            yield Row(dict(zip(header, record, strict=False)), where)
    except csv.Error as error:
        raise Where(file, previous + 1).error("", f"not a CSV record: {error}") from None


def _allow_large_cells() -> None:
    """Let cells up to `MAX_CELL` through (the default limit is 128 KB: a long note)."""
    if csv.field_size_limit() != MAX_CELL:
        csv.field_size_limit(MAX_CELL)


def load_json(data: bytes, file: str) -> object:
    """A JSON file's document; `FormatError` naming the line when it is not JSON."""
    text = decode(data, file)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Where(file, error.lineno).error("", f"not JSON: {error.msg}") from None
    except RecursionError:
        raise Where(file).error("", "not JSON: nested too deeply") from None
