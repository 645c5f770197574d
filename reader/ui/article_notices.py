"""What the main screen says about how an article was read, and "show more" of a long one.

Kept out of `screens/main.py` (which only calls in here) so the screen stays about layout and
state; nothing here loads what the start-up path does not load already. The notices come from
the parser (`Article.notices`): a legacy encoding, damaged bytes, a cut at the size limit. A cut
article can be read further, a step at a time, up to the parser's ceiling; each step re-reads the
file with a larger limit in a thread and shows the result at the same place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.core.article import Article
from reader.core.library import load_article
from reader.core.text.formats import ParseError
from reader.core.text.sanitize import sanitize_line
from reader.ui.key_names import keys_for
from reader.ui.keys import command


def key_of(app: App[object], command_id: str) -> str:
    """The key a command answers to now, with the user's remapping (the app keeps the config)."""
    keymap: Mapping[str, str] = getattr(getattr(app, "config", None), "keymap", {})
    return keys_for(command(command_id), keymap)


def announce(screen: Screen[Any], article: Article) -> None:
    """Tell the reader what they should know about how this article was read."""
    if not article.notices:
        return
    from reader.core.text.parse import next_limit, size_label  # loaded already: an article is open

    for notice in article.notices:
        if article.truncated_at and notice.startswith("Article truncated"):
            step = next_limit(article.truncated_at)
            if step is not None:
                key = key_of(screen.app, "reader.more")
                notice = f"{notice[:-1]} — press {key} to show more (up to {size_label(step)})."
        screen.notify(notice, title=article.title[:80], severity="warning", markup=False)


def show_more(
    screen: Screen[Any],
    article: Article | None,
    offset: int,
    shown: Callable[[Article, int], None],
) -> None:
    """Re-read a cut article with the next limit; `shown(article, offset)` displays it."""
    from reader.core.text.parse import next_limit, size_label

    if article is None:
        screen.notify("Open an article first.", markup=False)
        return
    if not article.truncated_at:
        screen.notify("This article is shown whole.", markup=False)
        return
    limit = next_limit(article.truncated_at)
    if limit is None:
        screen.notify(
            f"Shown up to {size_label(article.truncated_at)}, as far as the reader goes: "
            "open the file in another program to read the rest.",
            severity="warning",
            markup=False,
        )
        return
    screen.notify(f"Reading up to {size_label(limit)}…", markup=False)

    def load() -> None:
        try:
            more = load_article(article.meta, limit)
        except (OSError, ParseError) as error:
            screen.app.call_from_thread(
                screen.notify,
                f"Cannot read more: {sanitize_line(str(error))}",
                severity="error",
                markup=False,
            )
            return
        if not get_current_worker().is_cancelled:  # another article was opened meanwhile
            screen.app.call_from_thread(shown, more, offset)

    screen.run_worker(load, thread=True, exclusive=True, group="article")
