"""One Obsidian (or Logseq) note per article: YAML front matter, then the highlights `reader`
manages between two markers, so that exporting again rewrites only that part.

The front matter's keys `reader` owns (`OWN_KEYS`) are rewritten; every other key the user added
is kept as written, in its place after ours. The body outside the markers is the user's and is
kept byte for byte; inside them, the highlights as they are now (a deleted highlight leaves). Each
highlight is a block quote followed by its `^block-id` (stable: made from the highlight's id, so
`[[note#^id]]` links survive), its note and its tags.

Everything from the library is untrusted: front matter values are JSON strings (valid YAML
double-quoted scalars, one line each), and the quote, note and title lines in the body have their
control characters removed, `<` and `%%` escaped (no HTML, no false marker), so no field can end
the front matter, open markup or fake the managed part's end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from reader.core.annotate.anchor import Status
from reader.core.text.sanitize import sanitize, sanitize_line

#: The front matter keys `reader` writes, in order; the user's other keys are left alone.
OWN_KEYS = ("title", "author", "source", "url", "tags", "saved", "published", "reader")
BEGIN = (
    "%% reader: begin of the highlights reader exports; edits between these markers are replaced %%"
)
END = "%% reader: end of the highlights %%"
_FENCE = "---"
_KEY = re.compile(r"^([^\s#\-][^:]*):")
_BLOCK_ID = re.compile(r"[^A-Za-z0-9-]")
_TAG = re.compile(r"[^\w/-]")


def note_text(entry: dict[str, Any], existing: str | None = None) -> str:
    """The note of one exported article (`with_facts` entry), merged into `existing` if given."""
    return merge(existing, front_matter(entry), managed_part(entry))


def front_matter(entry: dict[str, Any]) -> list[str]:
    """Our keys as YAML lines (empty values left out; `title` and `reader` always there)."""
    values: dict[str, Any] = {
        "title": entry.get("title") or entry["id"],
        "author": entry.get("author", ""),
        "source": entry.get("source", ""),
        "url": entry.get("url", ""),
        "tags": [tag_name(name) for name in entry.get("tags", [])],
        "saved": entry.get("saved", ""),
        "published": entry.get("published", ""),
        "reader": entry["id"],
    }
    lines = []
    for key in OWN_KEYS:
        value = values[key]
        if isinstance(value, list):
            if value:
                lines += [f"{key}:", *(f"  - {_scalar(item)}" for item in value)]
        elif value or key in ("title", "reader"):
            lines.append(f"{key}: {_scalar(str(value))}")
    return lines


def managed_part(entry: dict[str, Any]) -> str:
    """The highlights between the markers: placed ones in text order, then the orphaned."""
    lines = [BEGIN, f"# {_inline(entry.get('title') or entry['id'])}", ""]
    highlights = entry.get("highlights", [])
    placed = sorted(
        (h for h in highlights if Status(h["status"]).attached), key=lambda h: h["start"]
    )
    lost = [h for h in highlights if not Status(h["status"]).attached]
    for highlight in placed:
        lines += _highlight_lines(highlight, highlight["quote"])
    if lost:
        lines += ["## Not found in the article as it is now", ""]
        for highlight in lost:
            lines += _highlight_lines(highlight, highlight["original"] or highlight["quote"])
    if not highlights:
        lines += ["No highlights.", ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _highlight_lines(highlight: dict[str, Any], quote: str) -> list[str]:
    lines = [f"> {line}" if line else ">" for line in _block(quote).split("\n")]
    lines += ["", f"^{block_id(highlight['id'])}", ""]
    if highlight.get("note"):
        lines += [_block(highlight["note"]), ""]
    if names := highlight.get("tags"):
        lines += [" ".join(f"#{tag_name(name)}" for name in names), ""]
    return lines


def block_id(highlight_id: str) -> str:
    """An Obsidian block id (letters, digits, dashes) that stays the same for a highlight."""
    return "reader-" + _BLOCK_ID.sub("-", highlight_id)


def tag_name(name: str) -> str:
    """A tag as Obsidian takes it: letters, digits, `_`, `-` and `/` only (spaces and the rest
    become `_`, as other exporters do)."""
    return _TAG.sub("_", sanitize_line(name))


def emptied(existing: str, article_id: str) -> str:
    """The note of an article with nothing left to export: its front matter as it was, its
    managed part saying there are no highlights."""
    ours, _theirs, _body = _split(existing)
    title = next((loaded(line[7:]) for line in ours if line.startswith("title: ")), article_id)
    return merge(existing, ours, managed_part({"id": article_id, "title": title}))


def merge(existing: str | None, own: Sequence[str], managed: str) -> str:
    """`existing` with our front matter keys and managed part replaced, the rest kept."""
    _ours, user_keys, body = _split(existing or "")
    head = [_FENCE, *own, *user_keys, _FENCE]
    lines = body.split("\n")
    try:
        begin = lines.index(BEGIN)
        end = lines.index(END, begin)
    except ValueError:
        kept = body.rstrip("\n")
        return "\n".join(head) + "\n" + (kept + "\n\n" if kept.strip() else "") + managed
    before = "\n".join(lines[:begin])
    after = "\n".join(lines[end + 1 :])
    return "\n".join(head) + "\n" + (before + "\n" if begin else "") + managed + after


def _split(text: str) -> tuple[list[str], list[str], str]:
    """The front matter lines of our keys, those of the user's, and the body after it."""
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0] != _FENCE or _FENCE not in lines[1:]:
        return [], [], text
    close = lines.index(_FENCE, 1)
    ours: list[str] = []
    theirs: list[str] = []
    own = False
    for line in lines[1:close]:
        if key := _KEY.match(line):
            own = key.group(1).strip().strip("\"'") in OWN_KEYS
        (ours if own else theirs).append(line)
    return ours, theirs, "\n".join(lines[close + 1 :])


def loaded(raw: str) -> str:
    """A scalar we wrote (a JSON string), or the text as it is when the user changed it."""
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def _scalar(value: str) -> str:
    """A one-line YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(sanitize_line(value), ensure_ascii=False)


def _inline(text: str) -> str:
    return _escape(sanitize_line(text))


def _block(text: str) -> str:
    return _escape(sanitize(text).strip("\n"))


def _escape(text: str) -> str:
    """No HTML and no Obsidian comment (which could fake a marker) from library text."""
    return text.replace("\\", "\\\\").replace("<", "\\<").replace("%%", "\\%\\%")
