"""A probe run as ``python -c``: the app made as ``reader`` makes it, headless (Pilot), until its
first rows are handed to the list; then the caller's lines, with ``app`` and ``time`` at hand.

``index.py`` (CPU to the first rows) and ``stall.py`` (the longest stop after them) both start
there; the library is ``sys.argv[1]``, the caller's own arguments follow it.
"""

from __future__ import annotations

from textwrap import dedent, indent

_PROBE = """
import asyncio, os, resource, sys, time
from pathlib import Path

async def main() -> None:
    from reader.cli.library import make_app  # as `reader` makes it
    from reader.ui.widgets.article_list import ArticleList
    app = make_app([Path(sys.argv[1])], None)
    def ready() -> bool:
        lists = app.screen.query(ArticleList)
        return bool(lists) and len(lists.first().articles) > 0
    async with app.run_test(size=(80, 24)):
        while not ready():
            await asyncio.sleep(0.001)
{then}
        os._exit(0)

asyncio.run(main())
"""


def after_first_rows(then: str) -> str:
    """The probe's source, running `then` (statements, awaits allowed) once the rows are there."""
    return _PROBE.format(then=indent(dedent(then).strip("\n"), " " * 8))
