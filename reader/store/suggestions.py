"""Acting on what re-anchoring offered: an orphan's candidate accepted, or dismissed.

Re-anchoring never attaches a highlight to words it is unsure of (`reader.core.annotate.anchor`);
it keeps it `orphaned` (or `ambiguous`) with the best place it found as a suggestion. The user
decides: `accept` moves the highlight there (status `anchored`, a fresh anchor, its first words
kept as `original`); `keep` leaves it orphaned and forgets the suggestion, which is not offered
again until the article changes (only then is it re-attached anew). Both are journalled changes
of the highlight's place, so `Store.undo` puts it back as it was.

Each is made against the highlight as the user saw it: if it changed meanwhile (accepted,
dismissed or re-attached in another window, a second key of a burst), nothing is done and
`Refused` says why.
"""

from __future__ import annotations

from typing import Any

from reader.core.annotate.anchor import Status, Text, similarity
from reader.core.annotate.highlight import Highlight
from reader.store.highlights import Highlights


class Refused(ValueError):
    """The highlight is no longer as it was shown: nothing was changed (the message says why)."""


class Suggestions:
    """Accepting or dismissing the suggestion of orphaned and ambiguous highlights."""

    def __init__(self, highlights: Highlights) -> None:
        self._highlights = highlights

    def accept(
        self,
        shown: Highlight,
        body: str | Text,
        content_hash: str,
        place: tuple[int, int],
        expected: str,
    ) -> Highlight:
        """Move `shown` to `place` (body offsets of the article version `content_hash`), where
        the user was shown the words `expected`: status `anchored`. Undoable.

        Raises `Refused` if the highlight changed since it was shown, ValueError if the body
        does not read `expected` there (the article changed since the suggestion was made),
        LookupError if it was deleted.
        """
        from reader.core.annotate.anchor.search import accept  # (only when one is accepted)

        anchor = accept(body, *place, expected=expected).anchor
        assert anchor is not None, "an accepted place always has an anchor"

        def decide(current: Highlight) -> dict[str, Any]:
            _check(shown, current)
            return {
                "quote": anchor.quote,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
                "start_offset": anchor.start,
                "end_offset": anchor.end,
                "status": str(Status.ANCHORED),
                "score": similarity(current.quote, anchor.quote),
                "suggestion": None,
                "suggestion_start": None,
                "suggestion_end": None,
                "content_hash": content_hash,
            }

        return self._highlights.place(shown.id, "acceptance of the suggestion for", decide)

    def keep(self, shown: Highlight) -> Highlight:
        """Keep `shown` orphaned: its suggestion is dismissed (an ambiguous highlight becomes
        orphaned: none of its places is it). Undoable. `Refused` if it changed since shown, or
        if there is nothing to dismiss."""

        def decide(current: Highlight) -> dict[str, Any]:
            _check(shown, current)
            if current.suggestion is None and current.status == Status.ORPHANED:
                raise Refused("it has no suggestion to dismiss")
            return {
                "status": str(Status.ORPHANED),
                "suggestion": None,
                "suggestion_start": None,
                "suggestion_end": None,
            }

        return self._highlights.place(shown.id, "dismissal of the suggestion for", decide)


def _check(shown: Highlight, current: Highlight) -> None:
    """Refuse when the highlight is not what the user decided about any more."""
    if current.attached:
        raise Refused("it is attached to the text already")
    offered = (current.status, current.suggestion, current.suggestion_start, current.content_hash)
    if offered != (shown.status, shown.suggestion, shown.suggestion_start, shown.content_hash):
        raise Refused("it changed since it was shown")
