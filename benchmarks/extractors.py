"""trafilatura vs readability-lxml on the fixture pages: what each finds, leaves in, and how fast.

The pages (tests/ingest/site/) are realistic article pages with navigation, ads, share widgets,
related links and comment sections, plus a home page that is not an article; `tests/ingest/
pages.py` says what each must give. trafilatura is scored through `reader.ingest.extract` (what
reader ships: the library call plus our conversion to blocks); readability-lxml through its
`Document.summary()` and `short_title()`, as an integration would use it. readability has no
byline, date or site name: those cells say "none".

readability-lxml is not a dependency of reader; to run this, use a virtual environment that has
both (pip resolves them badly together, so install one at a time):

    python3 -m venv /tmp/cmp && /tmp/cmp/bin/pip install trafilatura && \
    /tmp/cmp/bin/pip install readability-lxml && /tmp/cmp/bin/pip install --no-deps -e . && \
    /tmp/cmp/bin/pip install platformdirs rich && /tmp/cmp/bin/python benchmarks/extractors.py
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.ingest.pages import PAGES, Expected
from tests.ingest.server import SITE

Result = tuple[str, str, str, str, str]  # title, byline, date, site, text


def with_trafilatura(raw: bytes, url: str) -> Result:
    from reader.ingest.errors import NotAnArticle
    from reader.ingest.extract import extract

    try:
        page = extract(raw, url, "text/html")
    except NotAnArticle:
        return "", "", "", "", ""
    text = "\n".join(block.text for block in page.blocks)
    return page.title, page.byline, page.date or "", page.site, text


def with_readability(raw: bytes, url: str) -> Result:
    import lxml.html
    from readability import Document

    document = Document(raw, url=url)
    summary = lxml.html.fromstring(document.summary(html_partial=True))
    text = "\n".join(" ".join(node.text_content().split()) for node in summary.iter("p", "li"))
    return document.short_title(), "none", "none", "none", text


def score(expected: Expected | None, result: Result) -> list[str]:
    title, byline, date, site, text = result
    flat = " ".join(text.split())
    if expected is None:  # the home page: any text returned is a false article
        words = len(flat.split())
        return ["", "", "", "", "", "", f"{words} words returned"]

    def check(found: str, wanted: str) -> str:
        if found == "none":
            return "none"
        return "yes" if found.casefold() == wanted.casefold() else f"no ({found[:24]!r})"

    left = [item for item in expected.boilerplate if item in flat]
    return [
        check(title, expected.title),
        check(byline, expected.byline),
        check(date, expected.date),
        check(site, expected.site),
        "yes" if expected.first in flat else "no",
        "yes" if expected.last in flat else "no",
        f"{len(left)}/{len(expected.boilerplate)}" + (f" {left[:2]}" if left else ""),
    ]


def timed(run: Callable[[bytes, str], Result], raw: bytes, url: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run(raw, url)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=21, help="timing runs per page (median)")
    options = parser.parse_args()
    print(f"$ {Path(sys.executable).name} benchmarks/extractors.py --repeat {options.repeat}\n")
    pages: list[tuple[str, Expected | None, bytes]] = [
        (name, page, (SITE / page.file).read_bytes()) for name, page in PAGES.items()
    ]
    pages.append(("index (not an article)", None, (SITE / "index.html").read_bytes()))
    header = (
        "| page | library | title | byline | date | site | first ¶ | last ¶ | boilerplate left "
        "| ms/page |"
    )
    print(header)
    print(re.sub(r"[^|]", "-", header))
    for name, expected, raw in pages:
        for label, run in (("trafilatura", with_trafilatura), ("readability", with_readability)):
            url = f"http://127.0.0.1/{name}"
            cells = score(expected, run(raw, url))
            millis = timed(run, raw, url, options.repeat)
            print(f"| {name} | {label} | " + " | ".join(cells) + f" | {millis:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
