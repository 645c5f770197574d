"""Where an anchor's words might stand now: verbatim, between its old neighbours, or roughly.

Finding is kept apart from judging: this module proposes spans of the new text (normalised
offsets, with how alike their words are to the quote) and never decides anything. The searches are
bounded (`MAX_EXACT`, `MAX_WINDOWS`, `MAX_REFINED`) so a one-word quote in a long article stays
fast.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.core.annotate.anchor.limits import (
    CLEAR_RUN,
    MAX_EXACT,
    MAX_REFINED,
    MAX_WINDOWS,
    SEED,
    SUGGEST_MIN,
)
from reader.core.annotate.anchor.sought import Sought, boundary, cuts_word
from reader.core.annotate.normalise import Text


class Span(NamedTuple):
    """A proposed place: normalised offsets in the new text, and how alike its words are."""

    start: int
    end: int
    score: float


class Finder:
    """The searches for one anchor in one prepared text; `old` is the quote's old position."""

    def __init__(self, sought: Sought, text: Text, old: int) -> None:
        self.sought = sought
        self.text = text
        self.old = old

    def hits(self, needle: str, limit: int, start: int = 0, end: int | None = None) -> list[int]:
        norm = self.text.norm
        stop = len(norm) if end is None else end
        found: list[int] = []
        position = norm.find(needle, start, stop)
        while position != -1 and len(found) < limit:
            found.append(position)
            position = norm.find(needle, position + 1, stop)
        return found

    def whole_context(self, limit: int) -> list[Span]:
        """Where quote and context stand together, untouched."""
        offset, size = len(self.sought.prefix), len(self.sought.quote)
        return [
            Span(hit + offset, hit + offset + size, 100.0)
            for hit in self.hits(self.sought.full, limit)
        ]

    def exact(self, limit: int = MAX_EXACT) -> list[Span]:
        """Verbatim occurrences of the quote that cut no word the quote did not cut."""
        sought, norm = self.sought, self.text.norm
        size = len(sought.quote)
        return [
            Span(hit, hit + size, 100.0)
            for hit in self.hits(sought.quote, limit)
            if (not sought.clean_start or not cuts_word(norm, hit))
            and (not sought.clean_end or not cuts_word(norm, hit + size))
        ]

    def deleted_at(self) -> int | None:
        """Where the old neighbours now stand side by side, the quote gone from between them."""
        tail = self.sought.prefix[-CLEAR_RUN:]
        head = self.sought.suffix.lstrip()[:CLEAR_RUN]
        if len(tail.strip()) < CLEAR_RUN // 2 or len(head.strip()) < CLEAR_RUN // 2:
            return None
        norm = self.text.norm
        for hit in self.hits(tail, 20):
            after = hit + len(tail)
            while after < len(norm) and norm[after] == " ":
                after += 1
            if norm.startswith(head, after):
                return after
        return None

    def bounded(self) -> list[Span]:
        """Text between where the context before and the context after still stand."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        sought, norm = self.sought, self.text.norm
        tail, head = sought.prefix[-SEED:], sought.suffix[:SEED]
        if len(tail.strip()) < 6 or len(head.strip()) < 6:
            return []
        found: list[Span] = []
        reach = 2 * len(sought.quote) + 64
        for hit in self.hits(tail, 20):
            start = hit + len(tail)
            end = norm.find(head, start, start + reach + len(head))
            if end == -1:
                continue
            while start < end and norm[start] == " ":
                start += 1
            while end > start and norm[end - 1] == " ":
                end -= 1
            if end > start:
                found.append(Span(start, end, float(fuzz.ratio(sought.quote, norm[start:end]))))
        return found

    def rough(self) -> list[Span]:
        """Approximate matches near places that pieces of the quote or its context point to."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        quote, norm = self.sought.quote, self.text.norm
        bucket = max(SEED, len(quote) // 2)
        votes: dict[int, int] = {self.old // bucket: 1}
        guesses: dict[int, int] = {self.old // bucket: self.old}
        for piece, offset in self._seeds():
            for hit in self.hits(piece, 20):
                guess = max(0, hit - offset)
                key = guess // bucket
                votes[key] = votes.get(key, 0) + 1
                guesses.setdefault(key, guess)
        order = sorted(votes, key=lambda key: (-votes[key], abs(guesses[key] - self.old)))
        pad = len(quote) // 2 + SEED
        rough: list[tuple[float, int, int]] = []
        for key in order[:MAX_WINDOWS]:
            low = max(0, guesses[key] - pad)
            high = min(len(norm), guesses[key] + len(quote) + pad)
            found = fuzz.partial_ratio_alignment(quote, norm[low:high], score_cutoff=SUGGEST_MIN)
            if found is not None:
                rough.append((found.score, low + found.dest_start, low + found.dest_end))
        rough.sort(reverse=True)
        spans: list[Span] = []
        for _, start, end in rough[:MAX_REFINED]:
            spans += self._variants(self._refine(start, end))
        return spans

    def near_old(self) -> list[Span]:
        """The text most like the quote around its old offset, and the text next to where a
        piece of its old context still stands there: its own words, perhaps, edited."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        quote, norm = self.sought.quote, self.text.norm
        pad = len(quote) // 2 + SEED
        low, high = max(0, self.old - pad), min(len(norm), self.old + len(quote) + pad)
        spans: list[Span] = []
        found = fuzz.partial_ratio_alignment(quote, norm[low:high], score_cutoff=SUGGEST_MIN)
        if found is not None:
            spans += self._variants(self._refine(low + found.dest_start, low + found.dest_end))
        tail, head = self.sought.prefix[-SEED:], self.sought.suffix[:SEED]
        if len(tail.strip()) >= 6 and (hit := norm.find(tail, max(0, low - SEED), high)) != -1:
            spans.append(self._from_edge(hit + len(tail), forward=True))
        if len(head.strip()) >= 6 and (hit := norm.find(head, low, high + SEED)) != -1:
            spans.append(self._from_edge(hit, forward=False))
        return spans

    def _from_edge(self, edge: int, forward: bool) -> Span:
        """The words most like the quote that begin (or end) at `edge`, where a piece of its old
        context still stands: they may have grown or shrunk by whole words."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        norm, quote = self.text.norm, self.sought.quote
        while forward and edge < len(norm) and norm[edge] == " ":
            edge += 1
        while not forward and edge > 0 and norm[edge - 1] == " ":
            edge -= 1
        reach = 2 * len(quote) + SEED
        best = Span(edge, edge, 0.0)
        others = (
            range(edge + 1, min(len(norm), edge + reach) + 1)
            if forward
            else range(max(0, edge - reach), edge)
        )
        for other in others:
            if not boundary(norm, other):
                continue
            start, end = (edge, other) if forward else (other, edge)
            if norm[start] == " " or norm[end - 1] == " ":
                continue
            ratio = float(fuzz.ratio(quote, norm[start:end]))
            if ratio > best.score:
                best = Span(start, end, ratio)
        return best

    def _variants(self, span: Span) -> list[Span]:
        """`span`, and `span` stretched to where the old context still stands next to it: the
        words most like the quote may leave out a word inserted at its edge."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        norm, sought = self.text.norm, self.sought
        reach = len(sought.quote) // 2 + SEED
        start, end = span.start, span.end
        tail, head = sought.prefix[-SEED:].lstrip(), sought.suffix[:SEED].rstrip()
        first, last = self.text.content
        if not sought.prefix.strip() and start - first <= reach:
            start = first  # the quote began the article
        elif len(tail.strip()) >= 6:
            hit = norm.rfind(tail, max(0, start - reach - len(tail)), start + len(tail))
            if hit != -1 and hit + len(tail) <= start:
                start = hit + len(tail)
        if not sought.suffix.strip() and last - end <= reach:
            end = last  # the quote ended the article
        elif len(head.strip()) >= 6:
            hit = norm.find(head, max(0, end - len(head)), end + reach + len(head))
            if hit >= end:
                end = hit
        while start < end and norm[start] == " ":
            start += 1
        while end > start and norm[end - 1] == " ":
            end -= 1
        if (start, end) == (span.start, span.end) or start >= end:
            return [span]
        return [span, Span(start, end, float(fuzz.ratio(sought.quote, norm[start:end])))]

    def _seeds(self) -> list[tuple[str, int]]:
        """Pieces to look up verbatim, each with its offset from the quote's start."""
        quote, prefix, suffix = self.sought.quote, self.sought.prefix, self.sought.suffix
        seeds = [(prefix[-SEED:], -len(prefix[-SEED:])), (suffix[:SEED], len(quote))]
        if len(quote) > SEED:
            for at in (0, (len(quote) - SEED) // 2, len(quote) - SEED):
                seeds.append((quote[at : at + SEED], at))
        return [(piece, offset) for piece, offset in seeds if len(piece.strip()) >= 6]

    def _refine(self, start: int, end: int) -> Span:
        """Move a rough match's ends to the word boundaries that make it most like the quote."""
        from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

        norm, quote = self.text.norm, self.sought.quote
        slack = max(4, min(24, len(quote) // 3))
        starts = [
            b
            for b in range(max(0, start - slack), min(len(norm), start + slack) + 1)
            if boundary(norm, b) and b < len(norm) and norm[b] != " "
        ] or [start]
        ends = [
            b
            for b in range(max(0, end - slack), min(len(norm), end + slack) + 1)
            if boundary(norm, b) and b > 0 and norm[b - 1] != " "
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
        return Span(best[2], best[3], best[0])
