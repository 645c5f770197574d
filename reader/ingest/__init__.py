"""Bringing the user's own reading in: web pages, feeds and local files, saved into the library.

Plain Python like `reader.core` and `reader.store` (no Textual), so the command line and the app
share every step: `fetch` (the network, politely), `extract` (the article out of a page), `feeds`
(RSS and Atom), `opml` (subscriptions in and out), `save` (clean Markdown files in the library),
`local` (copying files in), and `pipeline`/`refresh` that put them together.
"""
