"""Formats that take a library's highlights to other tools: Obsidian notes, W3C Web Annotation
and Readwise's highlights CSV.

Pure formatting of `reader.store.exchange.export_document`'s document (with each article's
facts added by `facts.with_facts`); the command gathers from the store and writes the result.
"""
