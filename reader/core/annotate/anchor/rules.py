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
    NEAR_OLD,
    QUOTE_THRESHOLD,
    RUN_MARGIN,
    SHORT_CONTEXT,
    SUGGEST_CONTEXT,
    SUGGEST_MIN,
)
from reader.core.annotate.anchor.sought import Sought
from reader.core.annotate.normalise import Text


def may_move(place: Place, sought: Sought, old: int) -> bool:
    """Rule 1: the same words elsewhere are `moved` only if their place agrees.

    A longer quote needs clear agreement on one side, with the other side not contradicting it;
    a short quote clear agreement on both sides, `SHORT_CONTEXT` characters verbatim in all. At
    its old offset, a short quote may instead have the same words up to the sentence's end on
    one side (its neighbouring sentence was edited). Further than `NEAR_OLD` from it, a quote
    moved with its paragraph: all its stored context agrees on one side (both, if short).
    """
    left, right = place.left.agreement, place.right.agreement
    both = left is Agreement.CLEAR and right is Agreement.CLEAR
    far = abs(place.start - old) > NEAR_OLD
    complete = (place.left.complete, place.right.complete)
    if not sought.short:
        one_side = max(left, right) is Agreement.CLEAR and min(left, right) >= Agreement.UNKNOWN
        return one_side and (not far or any(complete))
    if place.start == old:
        clear_then_break = (left is Agreement.CLEAR and place.right.to_break) or (
            right is Agreement.CLEAR and place.left.to_break
        )
        return both or clear_then_break
    if far:
        return both and all(complete)
    return both and place.run >= SHORT_CONTEXT


def may_be_fuzzy(place: Place, sought: Sought, text: Text, old: int) -> bool:
    """Rule 2: changed words are `fuzzy` only if quote and context agree.

    Similar words with both sides agreeing (clearly, for a short quote); or nearly identical words
    with one side agreeing clearly and the other not contradicting, provided no distinctive word
    of the quote changed. Never the text that used to stand next to the quote; and further than
    `NEAR_OLD` from the old offset (elsewhere), only with all the stored context agreeing on one
    side and no distinctive word changed.
    """
    if place.quote_score < QUOTE_THRESHOLD or is_neighbour(place, sought, text):
        return False
    far = abs(place.start - old) > NEAR_OLD
    if far and not (place.left.complete or place.right.complete):
        return False
    left, right = place.left, place.right
    if sought.short:
        return left.agreement is Agreement.CLEAR and right.agreement is Agreement.CLEAR
    words = text.norm[place.start : place.end]
    if left.similar and right.similar:  # where it was: an edit, whatever word changed
        return not far or not distinctive_change(sought.quote, words, text, sought.starts_sentence)
    agreements = (left.agreement, right.agreement)
    one_side = max(agreements) is Agreement.CLEAR and min(agreements) >= Agreement.UNKNOWN
    if not one_side or place.quote_score < NEAR_IDENTICAL:
        return False
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


def plausible(place: Place) -> bool:
    """Whether the same words stand where one side agrees clearly and the other agrees: a place
    that may be the highlight's, even if the rules do not let a short quote move there."""
    left, right = place.left.agreement, place.right.agreement
    return max(left, right) is Agreement.CLEAR and min(left, right) >= Agreement.AGREES


def best_moved(fit: list[Place], exact: list[Place], old: int) -> tuple[Place, list[Place]] | None:
    """The fitting exact candidate whose context agrees most, and the places it cannot be told
    from: other fitting or plausible places whose context is as similar (within
    `AMBIGUITY_MARGIN`) or agrees verbatim nearly as far (within `RUN_MARGIN` characters), and
    any other place where both sides agree clearly too (a passage and its edited copy)."""
    if not fit:
        return None
    ranked = sorted(fit, key=lambda p: (-p.clear_sides, -p.context, -p.run, abs(p.start - old)))
    best = ranked[0]
    fitting = {id(place) for place in fit}
    rivals = []
    for place in exact:
        if place is best or place.overlaps(best):
            continue
        if id(place) not in fitting and not plausible(place):
            continue
        close = best.context - place.context < AMBIGUITY_MARGIN or best.run - place.run < RUN_MARGIN
        if close or place.clear_sides == best.clear_sides == 2:
            rivals.append(place)
    return best, rivals


def near_rivals(best: Place, pool: list[Place], old: int) -> list[Place]:
    """Places nearer the old offset than `best` (within `NEAR_OLD`) with similar words, one side
    agreeing and none contradicting, or with words worth suggesting and one side agreeing
    clearly: the highlight's own words perhaps, edited along with their context, which a
    look-alike must not win over."""
    found: list[Place] = []
    for place in pool:
        sides = (place.left.agreement, place.right.agreement)
        distance = abs(place.start - old)
        if distance > NEAR_OLD or distance >= abs(best.start - old):
            continue
        if any(place.overlaps(other) for other in [best, *found]):
            continue
        similar = place.quote_score >= QUOTE_THRESHOLD and min(sides) >= Agreement.UNKNOWN
        if (similar and max(sides) >= Agreement.AGREES) or (
            place.quote_score >= SUGGEST_MIN and max(sides) is Agreement.CLEAR
        ):
            found.append(place)
    return found


def best_fuzzy(places: list[Place], old: int) -> tuple[Place, list[Place]] | None:
    """The fuzzy candidate with the most sides clear, then the best words and context, and the
    places it cannot be told from (as many sides clear, scores within the margin)."""
    if not places:
        return None
    ranked = sorted(places, key=lambda p: (-p.clear_sides, -p.total, abs(p.start - old)))
    best = ranked[0]
    rivals = [
        p
        for p in ranked[1:]
        if not p.overlaps(best)
        and p.clear_sides == best.clear_sides
        and (best.total - p.total < AMBIGUITY_MARGIN or best.clear_sides == 2)
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
