"""Omnivore's `highlights/{slug}.md`: each highlight as a Markdown quote, then its labels and
its note; notes on the article itself on their own.

As Omnivore wrote them (`highlightToMarkdown`): `> {quote}` (every line of the quote behind
`> `, its blank lines too), then optionally a blank line and `#label #label`, then optionally a
blank line and the note; entries are separated by blank lines, and a note-only entry is just its
text. A paragraph after a quote is that highlight's note; one before any quote is a note on the
article. No positions, colours, dates or ids were kept: quotes are placed by their words.
"""

from __future__ import annotations

import re

from reader.core.migrate.records import ImportedHighlight
from reader.core.migrate.values import MAX_NOTE, MAX_QUOTE, block_text, tags

_LABELS = re.compile(r"#\S+(?:\s+#\S+)*")


def parse_notes(text: str) -> tuple[list[ImportedHighlight], list[str]]:
    """The highlights (quote, labels, note) and the notes on the article as a whole."""
    highlights: list[ImportedHighlight] = []
    article_notes: list[str] = []
    quote: list[str] | None = None
    labels: list[str] = []
    note: list[str] = []

    def close() -> None:
        if quote is not None:
            words = block_text("\n".join(quote), MAX_QUOTE)
            said = block_text("\n\n".join(note), MAX_NOTE)
            if words:
                highlights.append(ImportedHighlight(words, note=said, tags=tags(labels)))
            elif said:
                article_notes.append(said)

    for paragraph in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        lines = paragraph.strip("\n").split("\n")
        if not paragraph.strip():
            continue
        if all(line.startswith(">") for line in lines):
            close()
            quote = [line[1:].removeprefix(" ") for line in lines]
            labels, note = [], []
        elif quote is not None and not note and _LABELS.fullmatch(paragraph.strip()):
            labels += paragraph.split()
        elif quote is not None:
            note.append(paragraph.strip())
        else:
            article_notes.append(block_text(paragraph, MAX_NOTE))
    close()
    return highlights, [note for note in article_notes if note]
