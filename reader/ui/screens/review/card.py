"""How one highlight looks in the review: its article, the passage in a little context, the
note and the tags; and the quiet words shown when the day's review is done.

Everything here is the user's text or an article's, so it is drawn as `Content`, never markup.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.core.text.sanitize import sanitize, sanitize_line
from reader.ui.screens.review.items import ReviewItem


def card_content(item: ReviewItem) -> Content:
    """The article's title and source, the passage with its context, the note and tags."""
    title = sanitize_line(item.title) if item.present else "(an article not in the library)"
    about = [sanitize_line(item.source)] if item.source else []
    if item.new:
        about.append("new")
    if item.favourite:
        about.append("★ favourite")
    parts: list[Content | str] = [
        Content.styled(title, "bold"),
        Content.styled(" · ".join(about), "$text-muted"),
        "",
    ]
    passage = Content.assemble(
        (sanitize(item.before), "$text-muted"),
        (sanitize(item.passage), "bold $text-accent"),
        (sanitize(item.after), "$text-muted"),
    )
    parts.append(passage)
    if item.orphaned:
        parts.append(
            Content.styled("(no longer found in the article: its words as highlighted)", "dim")
        )
    if item.highlight.note:
        parts += ["", Content.assemble(("Note  ", "bold"), sanitize(item.highlight.note).strip())]
    if item.tags:
        parts += [
            "",
            Content.styled("  ".join(f"#{sanitize_line(t)}" for t in item.tags), "italic"),
        ]
    return Content("\n").join(parts)


def end_content(reviewed: int) -> Content:
    """The end of the day's review: how many were reviewed, and that nothing is left."""
    if reviewed == 0:
        return Content(
            "Nothing to review today.\n\n"
            "Highlight passages while reading (h); they come back here, a few each day."
        )
    done = f"{reviewed} highlight{'s' if reviewed != 1 else ''} reviewed today."
    return Content.assemble(
        ("Done for today.", "bold"), "\n\n", done, "\n\n",
        ("They come back when you are about to forget them.", "$text-muted"),
    )  # fmt: skip


class ReviewCard(Static):
    """The highlight under review (or the end of the review), redrawn whole on each change."""

    DEFAULT_CSS = """
    ReviewCard {
        width: 1fr;
        height: auto;
        padding: 1 2;
    }
    """

    def show(self, item: ReviewItem) -> None:
        self.update(card_content(item))

    def show_end(self, reviewed: int) -> None:
        self.update(end_content(reviewed))
