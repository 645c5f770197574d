"""`reader export --format` for other tools: obsidian (a folder of notes), w3c (Web Annotation
JSON-LD) and readwise-csv (Readwise's highlights CSV), beside markdown and json.

The command gathers the document and each article's facts from the store; the formatting is in
`reader.core.exports`, one module a format.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.core.article import ArticleMeta
from reader.core.exports import readwise_csv, w3c
from reader.core.exports.facts import with_facts
from reader.core.exports.vault import export_vault
from reader.core.files import write_atomically
from reader.store.exchange import to_json, to_markdown

#: Every `--format`; the first is the default.
FORMATS = ("markdown", "json", "obsidian", "w3c", "readwise-csv")


def problem(options: argparse.Namespace) -> str | None:
    """What makes the export impossible before anything is read (a vault needs its folder)."""
    if options.format == "obsidian" and options.output is None:
        return "--format obsidian writes a folder of notes: give it with --output FOLDER"
    if options.format == "obsidian" and options.output.exists() and not options.output.is_dir():
        return f"--output for obsidian must be a folder, not a file: {options.output}"
    return None


def write(
    options: argparse.Namespace,
    document: dict[str, Any],
    articles: Sequence[ArticleMeta],
    saved: dict[str, str | None],
) -> None:
    """Format `document` as `options.format` asks and write it to stdout or `--output`."""
    if options.format == "obsidian":
        entries = with_facts(document, articles, saved)
        report = export_vault(Path(options.output), entries, whole=options.article is None)
        print(report.summary(options.output), file=sys.stderr)
        return
    if options.format == "json":
        text = to_json(document)
    elif options.format == "w3c":
        text = w3c.to_text(w3c.collection(with_facts(document, articles, saved)))
    elif options.format == "readwise-csv":
        text = readwise_csv.to_text(with_facts(document, articles, saved))
    else:
        text = to_markdown(document)
    if options.output is None:
        sys.stdout.write(text)
    else:
        # Notes are private: written whole (temp file, then rename), readable by the owner only.
        write_atomically(Path(options.output), [text.encode("utf-8")])
