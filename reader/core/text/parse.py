"""Files to `Article`s: reading, decoding, choosing a format, and the guarantees every article has.

Whatever the format front end does, this module is where the promises of the model are kept:
every string is sanitised, `id` depends only on the relative path, `content_hash` on the bytes,
and no file is ever read whole when it is larger than its limit (`limit_for`: 1 MiB of text,
8 MiB of HTML, or the larger limit the user asked for with "show more").
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from reader.core.article import PARAGRAPH_SEPARATOR, Article, ArticleMeta, Block, BlockKind
from reader.core.text.clean import Extracted, clean_text, squash
from reader.core.text.decode import Decoded, decode_bytes, looks_binary
from reader.core.text.formats import SUFFIX_FORMATS, ParseError
from reader.core.text.html_text import parse_html
from reader.core.text.links import place_links
from reader.core.text.markdown_text import parse_markdown
from reader.core.text.sanitize import sanitize, sanitize_line

#: Text and Markdown articles are parsed from their first MAX_ARTICLE_BYTES only (the index,
#: search and opening all agree on it, so `content_hash` means the same everywhere). 1 MiB of
#: text is a long book's worth of evening reading, and it is what keeps the first screen of a
#: 50 MB file well under a second: parsing and laying out cost about 0.2 s per MiB.
MAX_ARTICLE_BYTES: int = 1024 * 1024
#: HTML gets more: saved pages carry inline styles, scripts and images (a single-file save is
#: often several MB of them), so their text is a fraction of their bytes.
MAX_HTML_BYTES: int = 8 * 1024 * 1024
#: Each "show more" multiplies the limit by this...
SHOW_MORE_FACTOR = 4
#: ...up to this many bytes; beyond it the file is for another program (the layout of the
#: reading pane grows with the text, and a terminal reader is no place for 100 MB of it).
SHOW_MORE_CEILING: int = 32 * 1024 * 1024

MIB = 1024 * 1024

_EXTRACTORS: dict[str, Callable[[str], Extracted]] = {
    "text": clean_text,
    "markdown": parse_markdown,
    "html": parse_html,
}

TRUNCATION_NOTICE = (
    "(Article truncated at {limit}: only the beginning of this file is shown. "
    "Use “Show more” to read further, or open the file itself to read the rest.)"
)
LAST_TRUNCATION_NOTICE = (
    "(Article truncated at {limit}, as far as the reader goes: "
    "open the file in another program to read the rest.)"
)

#: What `Article.notices` says about encodings that are not the usual Unicode ones: the name
#: people know each by, and the script it is for.
_ENCODING_NAMES = {
    "cp1251": ("Windows-1251", "Cyrillic"),
    "koi8_r": ("KOI8-R", "Cyrillic"),
    "cp1252": ("Windows-1252", "Western"),
    "cp1253": ("Windows-1253", "Greek"),
    "iso8859_7": ("ISO-8859-7", "Greek"),
    "gb18030": ("GB18030", "Chinese"),
    "cp932": ("Shift-JIS", "Japanese"),
}
REPLACED_NOTICE = "Some bytes of this file are not valid text; they are shown as �."


def limit_for(path: str) -> int:
    """How much of the file at `path` is parsed (before any "show more")."""
    if SUFFIX_FORMATS.get(_suffix(path)) == "html":
        return MAX_HTML_BYTES
    return MAX_ARTICLE_BYTES


def _suffix(path: str) -> str:
    """The file name's suffix in lower case, as `PurePosixPath.suffix` has it (a name's leading
    dot starts no suffix); by hand, as this runs several times for every file indexed."""
    dot = path.rfind(".")
    return path[dot:].lower() if dot > path.rfind("/") + 1 and dot > path.rfind(os.sep) + 1 else ""


def next_limit(limit: int) -> int | None:
    """The limit "show more" reads up to after `limit`, or None when the ceiling is reached."""
    if limit >= SHOW_MORE_CEILING:
        return None
    return min(SHOW_MORE_CEILING, max(limit, 1) * SHOW_MORE_FACTOR)


def size_label(size: int) -> str:
    """Bytes as the notices say them: whole MB when they are, else KB."""
    if size >= MIB and size % MIB == 0:
        return f"{size // MIB} MB"
    return f"{size / MIB:.1f} MB" if size >= MIB else f"{max(1, size // 1024)} KB"


def article_id(relative_path: str) -> str:
    """A stable id from the path relative to the library folder.

    Derived from the path rather than the content, so that editing an article keeps its
    annotations attached. NFC normalisation makes the id the same on file systems that store
    names decomposed (macOS) and composed (Linux).
    """
    posix = unicodedata.normalize("NFC", relative_path)
    if "//" in posix or "/./" in posix or posix.startswith("./") or posix.endswith(("/", "/.")):
        posix = PurePosixPath(posix).as_posix()  # (the usual relative path needs none of it)
    # A name that is not valid UTF-8 arrives with surrogate escapes: hash its original bytes.
    return hashlib.sha1(posix.encode("utf-8", "surrogateescape")).hexdigest()[:12]


def parse_bytes(
    data: bytes,
    *,
    path: str,
    relative_path: str,
    format: str | None = None,
    limit: int | None = None,
) -> Article:
    """Parse the bytes of a file into an article.

    Data longer than `limit` (default: `limit_for(path)`) is cut to that size first and gets a
    notice at the end. `content_hash` is the SHA-256 of the first `limit_for(path)` bytes (for a
    file within the limit, the whole file), so that `parse_file`, which only ever reads that
    much, computes the same hash, and so that "show more" of a long file keeps its annotations.
    """
    usual = limit_for(path)
    limit = usual if limit is None else max(1, limit)
    data, decoded, truncated = cut_and_decode(data, limit)
    text = decoded.text
    chosen = format if format is not None else format_for(path, text)
    extractor = _EXTRACTORS.get(chosen)
    if extractor is None:
        raise ValueError(f"unknown article format: {chosen!r}")
    extracted = extractor(text)

    blocks = [block for block in map(safe_block, extracted.blocks) if block.text.strip()]
    words = sum(len(block.text.split()) for block in blocks)
    meta = article_meta(
        extracted,
        bool(blocks),
        words,
        path=path,
        relative_path=relative_path,
        format=chosen,
        content=data[:usual],
    )
    links = place_links(PARAGRAPH_SEPARATOR.join(b.text for b in blocks), extracted.links)
    notices = _notices(decoded, limit if truncated else 0)
    if truncated:
        template = LAST_TRUNCATION_NOTICE if next_limit(limit) is None else TRUNCATION_NOTICE
        blocks.append(Block(template.format(limit=size_label(limit)), BlockKind.TEXT))
    removed = tuple(text for text in (sanitize_line(r) for r in extracted.removed) if text)
    return Article(
        meta=meta,
        blocks=tuple(blocks),
        removed=removed,
        links=links,
        notices=notices,
        truncated_at=limit if truncated else 0,
    )


def article_meta(
    extracted: Extracted,
    has_text: bool,
    words: int,
    *,
    path: str,
    relative_path: str,
    format: str,
    content: bytes,
) -> ArticleMeta:
    """The metadata of a parsed file (`ParseError` for one with neither a title nor text):
    what the article list and the index keep; `content` is what `content_hash` is taken of."""
    title = sanitize_line(extracted.title)
    if not has_text and not title:
        raise ParseError("empty file")
    return ArticleMeta(
        id=article_id(relative_path),
        path=path,
        title=title or _title_from_path(path),
        source=sanitize_line(extracted.source),
        byline=sanitize_line(extracted.byline),
        date=extracted.date,
        words=words,
        content_hash=hashlib.sha256(content).hexdigest(),
        format=format,
        url=sanitize_line(extracted.url),
    )


def cut_and_decode(data: bytes, limit: int) -> tuple[bytes, Decoded, bool]:
    """The data cut to `limit` bytes, its text, and whether it was cut; `ParseError` for an
    empty or a binary file."""
    truncated = len(data) > limit
    if truncated:
        data = data[:limit]
    if not data or data.isspace():
        raise ParseError("empty file")
    if looks_binary(data):
        raise ParseError("binary file")
    return data, decode_bytes(data, truncated=truncated), truncated


def _notices(decoded: Decoded, truncated_at: int) -> tuple[str, ...]:
    notices = []
    if truncated_at:
        notices.append(f"Article truncated at {size_label(truncated_at)}.")
    if decoded.encoding in _ENCODING_NAMES:
        name, script = _ENCODING_NAMES[decoded.encoding]
        notices.append(f"Read as {name} (a legacy {script} encoding).")
    if decoded.replaced:
        notices.append(REPLACED_NOTICE)
    return tuple(notices)


def parse_file(path: Path, root: Path, limit: int | None = None) -> Article:
    """Parse a file of a library folder `root` (for a file given directly, root is its parent).

    Reads at most one byte more than the limit (`limit_for(path)` unless "show more" asked for
    more), which is how truncation is detected without reading a huge file whole. A file that
    cannot be read raises `ParseError` with the operating system's reason.
    """
    limit = limit_for(str(path)) if limit is None else limit
    data = read_head(path, limit + 1)
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.name
    return parse_bytes(data, path=str(path), relative_path=relative, limit=limit)


def read_original(path: Path, limit: int = MAX_ARTICLE_BYTES) -> str:
    """The file as it is, decoded and sanitised: what the article looked like before cleaning.

    At most `limit` bytes are read, like `parse_file`; an unreadable file raises `ParseError`.
    """
    data = read_head(path, limit + 1)
    truncated = len(data) > limit
    return sanitize(decode_bytes(data[:limit], truncated=truncated).text)


def read_head(path: Path | str, size: int) -> bytes:
    """At most `size` bytes from the start of the file, asked for in the size the file has (a
    5 KB article must not cost a 1 MiB buffer); a file that grew since is read on, in chunks."""
    try:
        with open(path, "rb", buffering=0) as handle:
            ask = min(size, os.fstat(handle.fileno()).st_size + 1)  # +1 finds a grown file
            chunks: list[bytes] = []
            got = 0
            while got < size:
                chunk = handle.read(ask)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                if len(chunk) < ask:  # the end of the file
                    break
                ask = min(size - got, MIB)
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except OSError as error:
        raise ParseError(f"cannot read file: {os_reason(error)}") from error


def os_reason(error: OSError) -> str:
    """The operating system's reason, as the problem list says it."""
    return (error.strerror or type(error).__name__).lower()


def format_for(path: str, text: str) -> str:
    """The format named by the suffix; without a known suffix, HTML if it says so, else text."""
    suffix = _suffix(path)
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    start = text.lstrip("\ufeff \t\r\n")[:64].lower()
    return "html" if start.startswith(("<!doctype html", "<html")) else "text"


def _title_from_path(path: str) -> str:
    # The platform's own rules: on POSIX a backslash is part of the name (an escape sequence's
    # terminator, say), and splitting there would make ".txt" a title.
    stem = Path(path).stem
    return sanitize_line(stem.replace("_", " ")) or "Untitled"


def safe_block(block: Block) -> Block:
    """Sanitise once more at the boundary, so no front end can leak a control character.

    Front ends hand over text that is already safe, so this normally changes nothing; a block
    whose text it does change loses its styles rather than keep spans that no longer fit.
    """
    text = sanitize(block.text)
    if block.kind is BlockKind.CODE:
        text = text.strip("\n")
    elif block.kind is BlockKind.TABLE:
        text = _safe_table(text)
    elif text is not block.text or "\n" in text or "\t" in text:
        text = squash(text)
    if text == block.text:
        return block
    return Block(text, block.kind)


def _safe_table(text: str) -> str:
    """Rows on lines, cells between tabs, each cell's text squashed."""
    rows = text.split("\n")
    return "\n".join("\t".join(squash(cell) for cell in row.split("\t")) for row in rows)
