"""Saving a page into the library as a clean Markdown file the parser reads back unchanged.

The file name ends with a short hash of the URL (`<title-slug>-<hash>.md`, in a folder named
after the site), so saving the same URL again finds the same file whatever its title has become:
the article id, which is derived from the path, stays the same and the highlights stay attached
to it. Names are safe on every file system: no separators, no control characters, no leading
dot, bounded length.

The text is written so that `reader.core.text.markdown_text` gives back exactly the saved blocks:
anything in a paragraph that Markdown would take as markup (a leading `#`, `*stars*`, a
`[link](x)`) is escaped, and only then, so ordinary prose stays plain to read in any editor.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from reader.core.article import Block, BlockKind
from reader.core.files import write_atomically
from reader.core.text.markdown_text import reduce_inline
from reader.core.text.parse import article_id
from reader.core.text.sanitize import sanitize, sanitize_line
from reader.ingest.extract import Page

#: Suffix of saved articles (Markdown with front matter).
SUFFIX = ".md"
#: Longest title part of a file name, in characters (the whole name stays far below 255 bytes).
MAX_SLUG = 60
#: Hex digits of the URL hash in a file name: enough to never collide within one site.
KEY_LENGTH = 10

Status = Literal["new", "updated", "unchanged"]

_UNSAFE = re.compile(r"[^\w]+")
_MARKUP = re.compile(r"([\\*_\[\]<>~!&`])")
_LINE_START = re.compile(r"(?P<digits>\d{1,9})(?P<mark>[.)])|(?P<punct>[#>=+\-*_~\[])")


@dataclass(frozen=True)
class Saved:
    """Where a page went, its article id, and whether it was new, changed or the same."""

    path: Path
    article_id: str
    status: Status
    title: str


def save_page(library: Path, page: Page, feed: str = "", path: Path | None = None) -> Saved:
    """Write `page` into `library` (new file, or the one this URL was saved to before; or at
    `path`, inside `library`, when the article's place was decided already: an import's)."""
    path = path if path is not None else article_path(library, page.url, page.title)
    data = render(page, feed).encode("utf-8")
    try:
        old: bytes | None = path.read_bytes()
    except FileNotFoundError:
        old = None
    status: Status = "new" if old is None else ("unchanged" if old == data else "updated")
    if status != "unchanged":
        write_atomically(path, [data])
    relative = path.relative_to(library).as_posix()
    return Saved(path, article_id(relative), status, sanitize_line(page.title))


def article_path(library: Path, url: str, title: str) -> Path:
    """The file for `url`: the one it was saved to before, else a new name from its title."""
    folder = library / site_folder(url)
    key = url_key(url)
    if folder.is_dir():
        earlier = sorted(folder.glob(f"*-{key}{SUFFIX}"))
        if earlier:
            return earlier[0]
    return folder / f"{safe_name(title)}-{key}{SUFFIX}"


def url_key(url: str) -> str:
    """A short hash of the URL as a page is identified: scheme and host in lower case, no
    fragment, no default port."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    canonical = urlunsplit((scheme, host, parts.path or "/", parts.query, ""))
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def site_folder(url: str) -> str:
    """The folder for a site: its host (and port, if not the usual one), safe as a name."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port is not None and port not in (80, 443):
        host = f"{host}_{port}"
    return safe_name(host, keep=".") if host else "web"


def safe_name(text: str, keep: str = "", fallback: str = "article") -> str:
    """A file-name part from untrusted text: letters, digits and dashes (plus `keep`), lower
    case, at most `MAX_SLUG` characters, never empty, never starting with a dot."""
    text = unicodedata.normalize("NFKC", sanitize_line(text)).lower()
    pattern = _UNSAFE if not keep else re.compile(rf"[^\w{re.escape(keep)}]+")
    slug = pattern.sub("-", text).strip("-._")
    slug = slug[:MAX_SLUG].rstrip("-._")
    return slug or fallback


def render(page: Page, feed: str = "") -> str:
    """The page as Markdown with front matter (title, author, date, source, url, feed)."""
    fields = [
        ("title", page.title),
        ("author", page.byline),
        ("date", page.date or ""),
        ("source", page.site),
        ("url", page.url),
        ("feed", feed),
    ]
    lines = ["---"]
    for key, value in fields:
        value = sanitize_line(value)
        if value:
            lines.append(f'{key}: "{value}"')
    lines += ["---", ""]
    title = sanitize_line(page.title)
    if title:
        lines += [f"# {escape(title)}", ""]
    for block in page.blocks:
        lines += [render_block(block), ""]
    return "\n".join(lines)


def render_block(block: Block) -> str:
    """One block as the Markdown the parser reads back as this very block."""
    if block.kind is BlockKind.CODE:
        code = sanitize(block.text).strip("\n")
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}\n{code}\n{fence}"
    if block.kind is BlockKind.TABLE:
        return render_table(block.text)
    text = escape(" ".join(sanitize(block.text).split()))
    prefix = {BlockKind.HEADING: "## ", BlockKind.QUOTE: "> ", BlockKind.ITEM: "- "}
    return prefix.get(block.kind, "") + text


def render_table(text: str) -> str:
    """A table block (rows on lines, cells between tabs) as a pipe table; the first row is the
    header, as Markdown wants one, and every row is as wide as the widest."""
    rows = [row.split("\t") for row in sanitize(text).split("\n")]
    width = max(len(row) for row in rows)
    lines = []
    for index, row in enumerate(rows):
        cells = [_table_cell(cell) for cell in row] + [""] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)


def _table_cell(cell: str) -> str:
    """A cell's text escaped like a paragraph's, and its pipes too (they would end the cell)."""
    text = " ".join(cell.split())
    if "|" not in text and reduce_inline(text) == text:
        return text
    return _MARKUP.sub(r"\\\1", text).replace("|", "\\|")


def escape(text: str) -> str:
    """`text` escaped just enough that Markdown reads it back as exactly `text`: as it is when
    that works, else with every markup character escaped."""
    plain = _guard_start(text)
    if reduce_inline(plain) == text and not text.startswith(("```", "~~~")):
        return plain
    return _guard_start(_MARKUP.sub(r"\\\1", text))


def _guard_start(text: str) -> str:
    """Escape what would make the line a heading, quote, list item, rule or fence."""
    start = _LINE_START.match(text)
    if start is None:
        return text
    if start["digits"]:
        return f"{start['digits']}\\{start['mark']}{text[start.end() :]}"
    return "\\" + text
