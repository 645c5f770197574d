"""The decision table's rules: which evidence lets a candidate carry a highlight, and which of
several fitting candidates wins (or that none does: ambiguous). The table itself is in the
package's docstring; each function here is one of its rows.
"""

from __future__ import annotations

from reader.core.annotate.anchor.differences import distinctive_change
from reader.core.annotate.anchor.evidence import Agreement, Place
from reader.core.annotate.anchor.limits import (
    AMBIGUITY_MARGIN,
    CLEAR_RUN,
    NEAR_IDENTICAL,
    QUOTE_THRESHOLD,
    RUN_MARGIN,
    SUGGEST_CONTEXT,
    SUGGEST_MIN,
)
from reader.core.annotate.anchor.sought import Sought
from reader.core.annotate.normalise import Text


def may_move(place: Place, sought: Sought, old: int) -> bool:
    """Rule 1: the same words elsewhere are `moved` only if their place agrees.

    A short quote needs clear agreement on both sides (or, at its old offset, on one side with
    the other agreeing); a longer one on one side, with the other side not contradicting it.
    """
    left, right = place.left.agreement, place.right.agreement
    one_side = max(left, right) is Agreement.CLEAR
    if sought.short:
        here = place.start == old and min(left, right) >= Agreement.AGREES
        return (left is Agreement.CLEAR and right is Agreement.CLEAR) or (one_side and here)
    return one_side and min(left, right) >= Agreement.UNKNOWN


def may_be_fuzzy(place: Place, sought: Sought, text: Text) -> bool:
    """Rule 2: changed words are `fuzzy` only if quote and context agree.

    Similar words with both sides agreeing (clearly, for a short quote); or nearly identical words
    with one side agreeing clearly and the other not contradicting, provided no distinctive word
    of the quote changed. Never the text that used to stand next to the quote.
    """
    if place.quote_score < QUOTE_THRESHOLD or is_neighbour(place, sought, text):
        return False
    left, right = place.left, place.right
    if sought.short:
        return left.agreement is Agreement.CLEAR and right.agreement is Agreement.CLEAR
    if left.similar and right.similar:
        return True
    agreements = (left.agreement, right.agreement)
    one_side = max(agreements) is Agreement.CLEAR and min(agreements) >= Agreement.UNKNOWN
    if not one_side or place.quote_score < NEAR_IDENTICAL:
        return False
    words = text.norm[place.start : place.end]
    return not distinctive_change(sought.quote, words, text, sought.starts_sentence)


def is_neighbour(place: Place, sought: Sought, text: Text) -> bool:
    """Whether the candidate is the text that stood just after (or before) the quote: a sentence
    next to a deleted one, however alike, is not the deleted one edited."""
    norm = text.norm
    after = sought.suffix.lstrip()[:CLEAR_RUN]
    if len(after.strip()) >= CLEAR_RUN // 2 and norm.startswith(after, place.start):
        return True
    before = sought.prefix.rstrip()[-CLEAR_RUN:]
    return len(before.strip()) >= CLEAR_RUN // 2 and norm.endswith(before, 0, place.end)


def best_moved(places: list[Place], old: int) -> tuple[Place, list[Place]] | None:
    """The exact candidate whose context agrees most, and those it cannot be told from."""
    if not places:
        return None
    ranked = sorted(places, key=lambda p: (-p.clear_sides, -p.run, abs(p.start - old)))
    best = ranked[0]
    rivals = [
        p for p in ranked[1:] if p.clear_sides == best.clear_sides and best.run - p.run < RUN_MARGIN
    ]
    return best, rivals


def best_fuzzy(places: list[Place], old: int) -> tuple[Place, list[Place]] | None:
    """The fuzzy candidate with the best words and context, and those within the margin."""
    if not places:
        return None
    ranked = sorted(places, key=lambda p: (-p.total, abs(p.start - old)))
    best = ranked[0]
    rivals = [
        p for p in ranked[1:] if not p.overlaps(best) and best.total - p.total < AMBIGUITY_MARGIN
    ]
    return best, rivals


def worth_suggesting(places: list[Place], old: int) -> list[Place]:
    """Candidates an orphan may offer, best first: the same or similar words, or a place whose
    context agrees however unlike its words are (a renamed name)."""
    worth = [p for p in places if p.quote_score >= SUGGEST_MIN or p.context >= SUGGEST_CONTEXT]
    return sorted(
        worth,
        key=lambda p: (
            -(p.context >= SUGGEST_CONTEXT),
            -p.clear_sides,
            -p.total,
            abs(p.start - old),
        ),
    )
