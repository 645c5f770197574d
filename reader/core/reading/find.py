"""Finding a phrase in the article being read, as `/` does in `less` and `vim`.

Nothing is listed up front: a one-letter phrase occurs tens of thousands of times in a 1 MB
article, and listing them costs more than a keystroke may. A `PhraseFinder` answers what the
pane asks, each with one pass of a C string method over the text: the first occurrence from the
caret, the next and the previous one, how many there are and how many come before one, and those
on the lines being drawn. Case is ignored unless the phrase has a capital ("smart case").

`ArticleText` keeps the article's body folded to lower case once, offset for offset (a character
whose lower case is longer, like the Turkish `İ`, stays as it is), so every offset found in the
folded text is a body offset.
"""

from __future__ import annotations

from bisect import bisect_left

#: (start, end) body offsets of one occurrence.
Span = tuple[int, int]


def fold_case(text: str) -> str:
    """`text` in lower case, one character for one character."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class ArticleText:
    """The body an article's finds search, and its folded copy (made on the first find)."""

    def __init__(self, body: str) -> None:
        self.body = body
        self._folded: str | None = None

    def find(self, phrase: str) -> PhraseFinder:
        """Where `phrase` occurs: matching case only if the phrase has a capital letter."""
        if phrase != phrase.lower():
            return PhraseFinder(self.body, phrase)
        if self._folded is None:
            self._folded = fold_case(self.body)
        return PhraseFinder(self._folded, fold_case(phrase))


class PhraseFinder:
    """The occurrences of `phrase` in `text`, found when asked."""

    def __init__(self, text: str, phrase: str) -> None:
        self._text = text
        self.phrase = phrase
        self._width = len(phrase)
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._text.count(self.phrase) if self.phrase else 0
        return self._count

    def _span(self, start: int) -> Span | None:
        return None if start < 0 else (start, start + self._width)

    def first_at(self, offset: int) -> Span | None:
        """The first occurrence starting at or after `offset`, else the first of all."""
        if not self.phrase:
            return None
        found = self._text.find(self.phrase, offset)
        return self._span(found if found >= 0 else self._text.find(self.phrase))

    def step_from(self, span: Span, step: int) -> Span | None:
        """The occurrence after (`step` > 0) or before `span`, round at either end."""
        text, phrase = self._text, self.phrase
        if step > 0:
            found = text.find(phrase, span[0] + 1)
            return self._span(found if found >= 0 else text.find(phrase))
        found = text.rfind(phrase, 0, span[0] - 1 + self._width) if span[0] > 0 else -1
        return self._span(found if found >= 0 else text.rfind(phrase))

    def rank(self, span: Span) -> int:
        """How many occurrences start before `span`."""
        return self._text.count(self.phrase, 0, span[0] + self._width - 1)

    def between(self, start: int, end: int) -> list[Span]:
        """The occurrences that cover any of [start, end)."""
        text, phrase, width = self._text, self.phrase, self._width
        spans: list[Span] = []
        if not phrase:
            return spans
        at = text.find(phrase, max(0, start - width + 1), end + width - 1)
        while at >= 0:
            spans.append((at, at + width))
            at = text.find(phrase, at + width, end + width - 1)
        return spans


class SpanList:
    """Matches known in advance (a library search's words in the article), in reading order."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans)
        self._longest = max((end - start for start, end in self.spans), default=0)

    def count(self) -> int:
        return len(self.spans)

    def first_at(self, offset: int) -> Span | None:
        if not self.spans:
            return None
        after = bisect_left(self.spans, (offset, -1))
        return self.spans[after if after < len(self.spans) else 0]

    def step_from(self, span: Span, step: int) -> Span | None:
        if not self.spans:
            return None
        return self.spans[(self.rank(span) + step) % len(self.spans)]

    def rank(self, span: Span) -> int:
        return bisect_left(self.spans, span)

    def between(self, start: int, end: int) -> list[Span]:
        first = bisect_left(self.spans, (start - self._longest, -1))
        last = bisect_left(self.spans, (end, -1))
        return [span for span in self.spans[first:last] if span[1] > start]
