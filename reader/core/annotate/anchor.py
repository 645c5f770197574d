"""Highlights that survive edits of the article they were made in.

Offsets alone break with the first edit above a highlight, so a highlight keeps its quote with the
text on either side (grown until the three together are unique in the article), and is found
again by that text. Everything is compared over a normalised form of the text (whitespace runs,
curly quotes, dash variants, Unicode compatibility forms and accents folded), so reflowing a
paragraph or straightening its quotes changes nothing.

Re-attaching prefers being honest to being clever: a quote is attached to words that differ from
it only when both the quote and its context clearly agree (`QUOTE_THRESHOLD`, `CONTEXT_THRESHOLD`),
copies that the context cannot tell apart are `ambiguous` rather than a guess, and anything else is
`orphaned` with, at most, a suggestion the user can accept. These are pure functions: no SQLite,
no Textual, so the store, the CLI and the tests share them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum

# Re-exported: normalisation lived here first, and callers import it from this module.
from reader.core.annotate.normalise import Normalised as Normalised
from reader.core.annotate.normalise import Text as Text
from reader.core.annotate.normalise import normalise as normalise

#: Least similarity (0-100, rapidfuzz's normalised Indel ratio over normalised text) between a
#: quote and the words it is attached to; below it a highlight is orphaned, whatever the context.
QUOTE_THRESHOLD = 80.0
#: Least mean similarity of the text before and after a non-verbatim match (or 85 on one side).
CONTEXT_THRESHOLD = 60.0
ONE_SIDE_CONTEXT = 85.0
#: Context kept on each side of a quote at first; doubled until quote and context are unique.
CONTEXT_MIN = 32
CONTEXT_MAX = 1024
#: A verbatim quote at least this long (normalised characters) that occurs once needs no context:
#: it was moved with its paragraph. Shorter ones ("the new policy") must bring context along.
LONG_QUOTE = 40
#: Two candidates whose scores differ by less than this are indistinguishable: ambiguous.
AMBIGUITY_MARGIN = 5.0
#: Least quote similarity for text offered to the user as a suggestion for an orphan.
SUGGEST_MIN = 60.0
#: How many verbatim occurrences of a quote are examined (a one-word quote can be everywhere).
MAX_EXACT = 2000
#: How many places the fuzzy search looks at, and how many of those it refines.
MAX_WINDOWS = 24
MAX_REFINED = 3
_SEED = 16


class Status(StrEnum):
    """Where a highlight stands after its article changed."""

    ANCHORED = "anchored"  # the same text where it was (same start offset)
    MOVED = "moved"  # the same text, elsewhere
    FUZZY = "fuzzy"  # slightly different text, with agreeing context
    AMBIGUOUS = "ambiguous"  # several places fit equally well; none is chosen
    ORPHANED = "orphaned"  # no place fits; kept, with its original quote

    @property
    def attached(self) -> bool:
        return self in (Status.ANCHORED, Status.MOVED, Status.FUZZY)


def similarity(first: str, second: str) -> float:
    """How alike two quotes are (0-100), after normalisation: the measure thresholds apply to."""
    from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

    return float(fuzz.ratio(normalise(first).text.strip(), normalise(second).text.strip()))


# Anchors -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a highlight remembers of its place: the quote, text around it, and body offsets."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Where an orphaned or ambiguous highlight might belong, for the user to accept or not."""

    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True, slots=True)
class Attachment:
    """The outcome of re-attaching one anchor: `start`/`end` are None unless attached."""

    status: Status
    start: int | None
    end: int | None
    quote: str
    score: float
    suggestion: Suggestion | None = None
    anchor: Anchor | None = None  # the refreshed anchor, for attached highlights


def make_anchor(body: str | Text, start: int, end: int) -> Anchor:
    """Anchor the span [start, end) of `body`, trimmed of surrounding whitespace.

    Context starts at `CONTEXT_MIN` characters each side and doubles until quote and context
    occur once in the body, so a repeated phrase is still told apart from its copies.
    """
    text = body if isinstance(body, Text) else Text(body)
    source = text.body
    if not 0 <= start <= end <= len(source):
        raise ValueError(f"span {start}-{end} is outside the text (length {len(source)})")
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValueError("nothing to highlight: the selection is empty")
    width = CONTEXT_MIN
    while True:
        before, after = max(0, start - width), min(len(source), end + width)
        region = text.norm[text.to_norm(before) : text.to_norm(after)]
        first = text.norm.find(region)
        unique = text.norm.find(region, first + 1) == -1
        whole = before == 0 and after == len(source)
        if unique or whole or width >= CONTEXT_MAX:
            break
        width *= 2
    return Anchor(source[start:end], source[before:start], source[end:after], start, end)


# Re-attaching ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    start: int  # normalised offsets in the new text
    end: int
    quote_score: float
    left: float
    right: float

    @property
    def context(self) -> float:
        return (self.left + self.right) / 2

    @property
    def context_ok(self) -> bool:
        return self.context >= CONTEXT_THRESHOLD or max(self.left, self.right) >= ONE_SIDE_CONTEXT

    @property
    def total(self) -> float:
        return self.quote_score + self.context

    def overlaps(self, other: _Candidate) -> bool:
        return self.start < other.end and other.start < self.end


class _Search:
    """One anchor being looked for in one prepared text."""

    def __init__(self, anchor: Anchor, text: Text) -> None:
        self.anchor = anchor
        self.text = text
        full = normalise(anchor.prefix + anchor.quote + anchor.suffix)
        quote_start = bisect_left(full.origin, len(anchor.prefix))
        quote_end = bisect_left(full.origin, len(anchor.prefix) + len(anchor.quote))
        self.full = full.text
        self.prefix = full.text[:quote_start]
        self.quote = full.text[quote_start:quote_end]
        self.suffix = full.text[quote_end:]
        self.old = text.to_norm(min(anchor.start, len(text.body)))
        quote = self.quote or " "
        #: Whether the quote began / ended at a word's edge: a match must not cut a word then.
        self.clean_start = not self.prefix or _kind(self.prefix[-1]) != _kind(quote[0])
        self.clean_end = not self.suffix or _kind(quote[-1]) != _kind(self.suffix[0])

    def run(self) -> Attachment:
        if not self.quote.strip():
            return self._orphan([])
        whole = self._whole_context()
        if whole is not None:
            return whole
        candidates = self._exact()
        decided = self._decide(candidates, final=False)
        if decided is not None:
            return decided
        candidates.extend(self._bounded())
        candidates.extend(self._fuzzy())
        decided = self._decide(candidates, final=True)
        assert decided is not None
        return decided

    # Where to look ------------------------------------------------------------------------

    def _hits(self, needle: str, limit: int, start: int = 0, end: int | None = None) -> list[int]:
        norm = self.text.norm
        stop = len(norm) if end is None else end
        found: list[int] = []
        position = norm.find(needle, start, stop)
        while position != -1 and len(found) < limit:
            found.append(position)
            position = norm.find(needle, position + 1, stop)
        return found

    def _whole_context(self) -> Attachment | None:
        """The common case: quote and context untouched, wherever they are now."""
        hits = self._hits(self.full, 50)
        if not hits:
            return None
        offset = len(self.prefix)
        places = [_Candidate(h + offset, h + offset + len(self.quote), 100, 100, 100) for h in hits]
        if len(places) == 1:
            return self._attach(places[0])
        for place in places:
            if self.text.to_body(place.start, place.end)[0] == self.anchor.start:
                return self._attach(place)
        return self._ambiguous(places)

    def _exact(self) -> list[_Candidate]:
        """Verbatim occurrences of the quote; only the few with the most context are scored."""
        size, norm = len(self.quote), self.text.norm
        hits = [
            hit
            for hit in self._hits(self.quote, MAX_EXACT)
            if (not self.clean_start or _boundary(norm, hit))
            and (not self.clean_end or _boundary(norm, hit + size))
        ]
        ranked = sorted(
            hits,
            key=lambda h: (-self._agreeing(h, h + size), abs(h - self.old)),
        )
        return [self._score(h, h + size, 100.0) for h in ranked[:8]]

    def _agreeing(self, start: int, end: int) -> int:
        """Characters of context that agree verbatim on both sides (cheap, by bisection)."""
        norm, prefix, suffix = self.text.norm, self.prefix, self.suffix
        low, high = 0, min(len(prefix), start)
        while low < high:
            middle = (low + high + 1) // 2
            if norm.endswith(prefix[len(prefix) - middle :], 0, start):
                low = middle
            else:
                high = middle - 1
        left = low
        low, high = 0, min(len(suffix), len(norm) - end)
        while low < high:
            middle = (low + high + 1) // 2
            if norm.startswith(suffix[:middle], end):
                low = middle
            else:
                high = middle - 1
        return left + low

    def _bounded(self) -> list[_Candidate]:
        """Text between where the context before and the context after still stand."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        tail, head = self.prefix[-_SEED:], self.suffix[:_SEED]
        if len(tail.strip()) < 6 or len(head.strip()) < 6:
            return []
        found: list[_Candidate] = []
        reach = 2 * len(self.quote) + 64
        for hit in self._hits(tail, 20):
            start = hit + len(tail)
            end = self.text.norm.find(head, start, start + reach + len(head))
            if end == -1:
                continue
            while start < end and self.text.norm[start] == " ":
                start += 1
            while end > start and self.text.norm[end - 1] == " ":
                end -= 1
            if end > start:
                ratio = float(fuzz.ratio(self.quote, self.text.norm[start:end]))
                found.append(self._score(start, end, ratio))
        return found

    def _fuzzy(self) -> list[_Candidate]:
        """Approximate matches near places that pieces of the quote or its context point to."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        quote, norm = self.quote, self.text.norm
        seeds: list[tuple[str, int]] = [(self.prefix[-_SEED:], -len(self.prefix[-_SEED:]))]
        seeds.append((self.suffix[:_SEED], len(quote)))
        if len(quote) > _SEED:
            for at in (0, (len(quote) - _SEED) // 2, len(quote) - _SEED):
                seeds.append((quote[at : at + _SEED], at))
        bucket = max(_SEED, len(quote) // 2)
        votes: dict[int, int] = {self.old // bucket: 1}
        guesses: dict[int, int] = {self.old // bucket: self.old}
        for piece, offset in seeds:
            if len(piece.strip()) < 6:
                continue
            for hit in self._hits(piece, 20):
                guess = max(0, hit - offset)
                key = guess // bucket
                votes[key] = votes.get(key, 0) + 1
                guesses.setdefault(key, guess)
        order = sorted(votes, key=lambda key: (-votes[key], abs(guesses[key] - self.old)))
        pad = len(quote) // 2 + _SEED
        rough: list[tuple[float, int, int]] = []
        for key in order[:MAX_WINDOWS]:
            low = max(0, guesses[key] - pad)
            high = min(len(norm), guesses[key] + len(quote) + pad)
            found = fuzz.partial_ratio_alignment(quote, norm[low:high], score_cutoff=SUGGEST_MIN)
            if found is not None:
                rough.append((found.score, low + found.dest_start, low + found.dest_end))
        rough.sort(reverse=True)
        refined: list[_Candidate] = []
        for _, start, end in rough[:MAX_REFINED]:
            ratio, start, end = self._refine(start, end)
            refined.append(self._score(start, end, ratio))
        return refined

    def _refine(self, start: int, end: int) -> tuple[float, int, int]:
        """Move a rough match's ends to the word boundaries that make it most like the quote."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        norm, quote = self.text.norm, self.quote
        slack = max(4, min(24, len(quote) // 3))
        starts = [
            b
            for b in range(max(0, start - slack), min(len(norm), start + slack) + 1)
            if _boundary(norm, b) and b < len(norm) and norm[b] != " "
        ] or [start]
        ends = [
            b
            for b in range(max(0, end - slack), min(len(norm), end + slack) + 1)
            if _boundary(norm, b) and b > 0 and norm[b - 1] != " "
        ] or [end]
        best = (-1.0, 0, start, end)
        for first in starts:
            for last in ends:
                if last <= first:
                    continue
                ratio = float(fuzz.ratio(quote, norm[first:last], score_cutoff=best[0]))
                if ratio <= 0 and best[0] >= 0:
                    continue
                key = (ratio, -abs(last - first - len(quote)), first, last)
                if key[:2] > best[:2]:
                    best = key
        return best[0], best[2], best[3]

    def _score(self, start: int, end: int, quote_score: float) -> _Candidate:
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        norm, prefix, suffix = self.text.norm, self.prefix, self.suffix
        before = norm[max(0, start - len(prefix)) : start]
        after = norm[end : end + len(suffix)]
        left = float(fuzz.ratio(prefix, before)) if prefix else (100.0 if start == 0 else 50.0)
        right = float(fuzz.ratio(suffix, after)) if suffix else (100.0 if not after else 50.0)
        return _Candidate(start, end, quote_score, left, right)

    # Deciding -----------------------------------------------------------------------------

    def _acceptable(self, candidate: _Candidate) -> bool:
        if candidate.quote_score < QUOTE_THRESHOLD:
            return False
        verbatim_and_long = candidate.quote_score >= 100 and len(self.quote) >= LONG_QUOTE
        return candidate.context_ok or verbatim_and_long

    def _decide(self, candidates: list[_Candidate], final: bool) -> Attachment | None:
        good = sorted(
            (c for c in candidates if self._acceptable(c)),
            key=lambda c: (-c.total, abs(c.start - self.old)),
        )
        if not good:
            return self._orphan(candidates) if final else None
        best = good[0]
        rivals = [
            c for c in good[1:] if not c.overlaps(best) and best.total - c.total < AMBIGUITY_MARGIN
        ]
        if not final:  # settle early only when nothing found later could do better
            return self._attach(best) if not rivals and best.context >= 95 else None
        if rivals:
            if best.quote_score >= 100:
                for place in [best, *rivals]:
                    start, end = self.text.to_body(place.start, place.end)
                    if (start, end) == (self.anchor.start, self.anchor.end):
                        return self._attach(place)
            return self._ambiguous([best, *rivals])
        return self._attach(best)

    def _attach(self, place: _Candidate) -> Attachment:
        start, end = self.text.to_body(place.start, place.end)
        quote = self.text.body[start:end]
        score = similarity(self.anchor.quote, quote)
        if score < QUOTE_THRESHOLD:  # normalisation at the edges can differ: never go below
            return self._orphan([place])
        exact = self.text.norm[place.start : place.end] == self.quote
        if exact and start == self.anchor.start:
            status = Status.ANCHORED
        else:
            status = Status.MOVED if exact else Status.FUZZY
        anchor = make_anchor(self.text, start, end)
        return Attachment(status, start, end, quote, score, None, anchor)

    def _suggest(self, place: _Candidate) -> Suggestion:
        start, end = self.text.to_body(place.start, place.end)
        quote = self.text.body[start:end]
        return Suggestion(start, end, quote, similarity(self.anchor.quote, quote))

    def _ambiguous(self, places: list[_Candidate]) -> Attachment:
        nearest = min(places, key=lambda c: abs(c.start - self.old))
        return Attachment(
            Status.AMBIGUOUS, None, None, self.anchor.quote, 0.0, self._suggest(nearest)
        )

    def _orphan(self, candidates: list[_Candidate]) -> Attachment:
        worth = [c for c in candidates if c.quote_score >= SUGGEST_MIN or c.context >= 80]
        suggestion = None
        if worth:
            best = max(worth, key=lambda c: (c.context >= 80, c.total, -abs(c.start - self.old)))
            suggestion = self._suggest(best)
        return Attachment(Status.ORPHANED, None, None, self.anchor.quote, 0.0, suggestion)


def _kind(char: str) -> int:
    return 0 if char == " " else (1 if char.isalnum() else 2)


def _boundary(norm: str, position: int) -> bool:
    """Whether a word (or punctuation run) starts or ends at `position`."""
    if position <= 0 or position >= len(norm):
        return True
    return _kind(norm[position - 1]) != _kind(norm[position])


def reattach(anchor: Anchor, new_body: str | Text) -> Attachment:
    """Find `anchor` in the changed text: attached (anchored, moved, fuzzy) or not, and why."""
    text = new_body if isinstance(new_body, Text) else Text(new_body)
    return _Search(anchor, text).run()
