"""Byte-level: nothing an article carries reaches the terminal as a control sequence.

The installed `reader` runs in tmux on the adversarial library while ``pipe-pane`` records every
byte it writes. The run visits each place injected text is drawn: every "body" article of each
injection family (opened through the search bar), the HTML ones (through the command palette),
the whole article list, a search for an injected title, the skipped-files screen (file names),
the links screen and the original-file screen. Then the recording is searched.

The app writes escape sequences of its own (drawing, modes, OSC 22 for the pointer), so the
checks look for the articles' payloads, not for ESC alone: the unique strings inside each
injected sequence, each sequence right after the text that precedes it in the file, and the
characters the app itself never writes (C1 controls, NUL, backspace, bidi overrides). Sequence
kinds the app never sends at all (OSC 52, 0, 2, 8, DCS, CSI 6n) must not appear anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.adversarial.cases import INJECTIONS
from tests.adversarial.generate import Library, generate, restore
from tests.e2e.recorded import Recorded, recorded_reader, user_env
from tests.e2e.tmux import ScreenCheck, gone

pytestmark = pytest.mark.e2e

#: Sequences `reader` never writes itself; any occurrence came from an article.
NEVER_SENT = {
    "OSC 52 (clipboard)": b"\x1b]52;",
    "OSC 0 (title)": b"\x1b]0;",
    "OSC 2 (title)": b"\x1b]2;",
    "OSC 8 (hyperlink)": b"\x1b]8;",
    "DCS": b"\x1bP",
    "CSI 6n (cursor report)": b"\x1b[6n",
    "CSI 3J (clear scrollback)": b"\x1b[3J",
}
#: Characters the app never writes: C1 controls, NUL, backspace, DEL, bidi controls.
NEVER_WRITTEN = re.compile("[\x00\x08\x7f-\x9f\u202a-\u202e\u2066-\u2069\u061c\u200e\u200f]")
#: Payload strings the app's own output may contain by coincidence (BEL ends its OSC 22).
OWN = {"\x07", "\x1b"}
INJECTED = {injection.name: injection for injection in INJECTIONS}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    made = generate(tmp_path_factory.mktemp("adversarial"), big=False)
    yield made
    restore(made.root)


#: The key bar while the article list has the focus (and only then).
LIST_KEYS = "enter Open"
#: The key bar while the search bar has the focus.
SEARCH_KEYS = "Clear search"
#: The reading pane has the focus (its keys in the key bar) and shows an article opened from a
#: search with its matches: the chosen result's preview shows them while the bar has the focus,
#: and the focus moves before the article is drawn, so it takes both.
READING_MATCHES = ScreenCheck(
    "the reading pane's keys and an article's matches",
    lambda screen: "space Page" in screen and "Reading · match" in screen,
)
#: The command palette's input row.
PALETTE = "🔎"


def first_result(title: str) -> re.Pattern[str]:
    """The result list's top row (the one Enter opens) is the article called `title`."""
    return re.compile(r"Results · [^\n]*\n│ " + re.escape(title) + r" *│")


def first_option(title: str) -> re.Pattern[str]:
    """The palette's first option (the one Enter runs) is the article called `title`."""
    return re.compile(PALETTE + r"[^\n]*\n(?: *\n)*  " + re.escape(title) + r" *\n")


def search_and_open(app: Recorded, query: str, title: str, shown: str) -> None:
    """From the list: search for `query`, open the top result (`title`), come back to the list.

    Each step waits for what only its own key brings: the top result for the whole query (not
    the typed text, which a title in the list may already show), then the
    reading pane's keys with the match count (the result's snippet already shows `shown`).
    """
    app.press("/", until=SEARCH_KEYS)
    app.type(query, until=first_result(title))
    app.press("Enter", until=READING_MATCHES)
    assert shown in app.screen()
    app.press("Escape", until=SEARCH_KEYS)  # back to the search bar
    app.press("Escape", until=LIST_KEYS)  # and out of the search


def palette_open(app: Recorded, query: str, title: str, shown: str) -> None:
    """From the list: open the article called `title` from the command palette, then return.

    The palette searches in the background, so Enter waits until the article is its first
    option; `shown` (from the body) is what only the opened article puts on screen.
    """
    app.press("C-p", until=PALETTE)
    app.type(query, until=first_option(title))
    app.press("Enter", until=shown)
    app.press("Escape", until=LIST_KEYS)


def visit_everything(app: Recorded) -> None:
    app.wait_for("Inbox ·")
    # The checked index is in: its sanitised title is found (the list's order while a first
    # run fills in says nothing about where that row is).
    app.press("/", until=SEARCH_KEYS)
    app.type("Stray NUL headline", until=first_result("Stray NUL headline"))
    app.press("Escape", until=LIST_KEYS)
    for injection in INJECTIONS:
        name = injection.name
        title = f"Injection in the body {name}"
        search_and_open(app, title, title, f"Before MARK-{name}")
    for name in ("osc52-bel", "osc8-link", "c1-osc", "decrqss", "csi-6n"):
        title = " ".join(f"Page {name} {INJECTED[name].visible}".split())
        palette_open(app, f"Page {name}", title, f"Paragraph {name}")
    # The last article is on screen: every title was drawn.
    app.press("g", *["PageDown"] * 40, until="Very long title")
    heading = "Heading osc0-title"
    search_and_open(app, heading, heading, "Body of title case osc0-title")
    app.press("!", until="Skipped files ·")
    app.keys("End")
    app.press("Escape", until=gone("Skipped files ·"))
    palette_open(app, "Page osc8-link", "Page osc8-link click", "Paragraph osc8-link")
    app.press("L", until="Links ·")
    app.press("Escape", until=gone("Links ·"))
    body = "Injection in the body"
    search_and_open(app, f"{body} osc52-bel", f"{body} osc52-bel", "Before MARK-osc52-bel")
    palette_open(app, f"{body} osc0-title", f"{body} osc0-title", "Before MARK-osc0-title")
    app.press("o", until="Original file")
    app.press("Escape", until=gone("Original file"))
    app.keys("q")


def test_no_article_byte_reaches_the_terminal(library: Library, tmp_path: Path) -> None:
    env = user_env(tmp_path, tmp_path / "data")
    with recorded_reader(tmp_path, [str(library.library)], env) as app:
        visit_everything(app)
        assert app.tmux.wait_exit(app.name, 20), app.screen()
        written = app.output()
    assert len(written) > 10_000, "the recording is (nearly) empty"
    text = written.decode("utf-8", errors="replace")

    leaks = [label for label, sequence in NEVER_SENT.items() if sequence in written]
    assert not leaks, leaks
    found = {f"U+{ord(char):04X}" for char in NEVER_WRITTEN.findall(text)}
    assert not found, found
    for injection in INJECTIONS:
        for payload in set(injection.payloads) - OWN:
            if payload.startswith("["):  # a bare CSI tail is also plain text ("[2J" in a title)
                payload = "\x1b" + payload
            assert payload not in text, (injection.name, payload)
        for before in (f"MARK-{injection.name} ", f"{injection.name} "):
            assert before + injection.sequence not in text, injection.name
    for marker in ("PWNED", "31337", 'q"p'):
        assert marker not in text, marker
    # The visit happened: the articles' own text was drawn.
    for injection in INJECTIONS:
        assert f"MARK-{injection.name}" in text, injection.name
