"""Caret motions over an article body: words, sentences, paragraphs, and where a caret may rest.

The reading pane moves its caret with vim's keys (``w``/``b``, ``)``/``(``, ``}``/``{``) over
`Article.body`, and ``h`` highlights "the sentence under the caret", so these answers must be
instant on a 1 MB article and sensible on news prose. `TextIndex` is built once per article: it
finds every word start, sentence and block in one pass and keeps them as sorted arrays, so each
motion is a binary search (a few microseconds whatever the size).

Positions. Offsets are body offsets in ``[0, len(body)]``. A caret never rests strictly inside a
paragraph separator: `TextIndex.clamp` moves such an offset to the start of the next block. The
offset of the separator's first character (just after a block's last character) is allowed: it is
where a selection that takes the whole paragraph ends. Motions clamp their input first.

Words (vim's ``w``/``b``). A word is a run of letters, digits, underscores and combining marks,
with apostrophes (``'`` or ``’``) kept inside it ("don't", "Putin’s"); any other run of
non-space characters (punctuation, symbols, emoji) is a word of its own, as in vim. With no word
ahead, ``w`` goes to the end of the body; with none behind, ``b`` goes to 0.

Sentences. A block always starts a sentence. Inside a block, a sentence ends after ``.``, ``!``,
``?`` or ``…`` (a run of them), optional closing quotes or brackets, then whitespace, when what
follows (after optional opening quotes or brackets) is a digit or a letter that is not lowercase.
So a lowercase word never starts a sentence (``"Why?" she asked.`` is one sentence, and so is an
ellipsis before a lowercase word); ``3.5`` and ``U.S.-led`` never split (no space). A lone ``.``
after a known abbreviation is judged by the word before it:

- titles and Latin abbreviations (Mr. Dr. Col. Gen. Sen. e.g. i.e. vs. ...) never end a sentence;
- ``No.`` ``Vol.`` ``Fig.`` do not end one before a digit ("No. 10"), and do otherwise ("No. He");
- ambiguous ones, which may end a sentence as well as continue it: dotted acronyms (U.S., U.K.,
  a.m.), a single capital initial (J.), months (Jan. ... Dec.), and Jr. Sr. St. Inc. Ltd. Co.
  Corp. etc. They end a sentence only when the next word is a common sentence opener (`OPENERS`:
  The, A, But, He, She, It, They, In, ...): "the U.S. The next day" splits, "U.S. officials",
  "U.S. President Biden" and "J. Edgar Hoover" do not. A sentence that really ends with "U.S."
  and goes on with a proper name ("... in the U.S. Biden said") is kept as one: joining two
  sentences costs the reader less than cutting one in half.

A ``?`` or ``!`` closing a quotation followed by a name and a verb of speech (``"Stop!" Putin
said.``) does not end the sentence either. Sentences end with their closing quotes and never with
whitespace; `TextIndex.sentence_at` gives ``(start, end)``, end exclusive.

Paragraphs are the blocks of the body: the text between separators.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache

from reader.core.article import PARAGRAPH_SEPARATOR


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Abbreviations before a name or a phrase: a full stop after them never ends a sentence.
TITLES = _words(
    """
    Mr Mrs Ms Messrs Mmes Dr Prof Rev Hon Fr Msgr Col Gen Lt Sgt Capt Maj Adm Cmdr Cpl Pvt Brig
    Gov Sen Rep Pres Supt Det Insp Mt Ft
    """
)
#: The same, written in lowercase (compared with the word lowercased).
LATIN = _words("e.g i.e vs cf viz approx ca")
#: Abbreviations that continue the sentence only before a number ("No. 10", "Vol. 3").
BEFORE_NUMBERS = _words("No Nos Vol Fig Art")
#: Abbreviations that end a sentence as often as not; judged by the next word (see `OPENERS`).
AMBIGUOUS = _words(
    """
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Jr Sr St Ave Blvd Rd Inc Ltd Co Corp Bros
    Dept Univ Assn etc al
    """
)
#: Words that commonly open a sentence in news prose; after an ambiguous abbreviation, one of
#: these (not itself followed by a full stop, as an initial would be) starts a new sentence.
OPENERS = _words(
    """
    A An The This That These Those There Here It Its He She His Her They Their Them We Our I My
    You Your But And Or So Yet Nor In On At By For From To With Without As After Before When
    While If Although Though Because Since Despite During Until Unless Once Now Then Still Also
    However Meanwhile Instead Indeed Some Many Most All Both Each Every Several Few Other Such
    No Not Neither What Why How Who Where Which One Two Three Last Earlier Later Today Yesterday
    """
)
#: Verbs that, after a quoted question or exclamation and a name, keep the sentence going.
SPEECH_VERBS = _words(
    """
    said says asked asks told added adds wrote writes replied replies shouted cried exclaimed
    insisted whispered explained recalled demanded wondered continued answered
    """
)

_TERMINATORS = ".!?…"
_CLOSERS = ")]}\"'’”»›"
_OPENERS_CHARS = "([{\"'‘“«‹¿¡"
_APOSTROPHES = "'’"


@cache
def _mark_class() -> str:
    """Combining marks as a regex class body: ``\\w`` leaves them out, but they belong to words.

    Built once, on first use (a few ms), from Python's own Unicode database so it never goes
    stale. Only the Basic Multilingual Plane is taken: it holds the marks of every living script
    and the emoji variation selectors, and a class reaching past it makes the `re` engine test
    each character against a list of ranges, which doubled the time to index a 1 MB article.
    """
    ranges: list[str] = []
    start = previous = -2
    for code in range(0x10000):
        if unicodedata.category(chr(code))[0] != "M":
            continue
        if code != previous + 1:
            if start >= 0:
                ranges.append(_range(start, previous))
            start = code
        previous = code
    ranges.append(_range(start, previous))
    return "".join(ranges)


def _range(first: int, last: int) -> str:
    return re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last)))


@cache
def _token() -> re.Pattern[str]:
    """A word (letters, digits, marks, inner apostrophes) or a run of other non-space characters."""
    word = rf"[\w{_mark_class()}]"
    other = rf"[^\s\w{_mark_class()}]"
    # Possessive: a word never gives characters back, which spares the engine backtracking at
    # every apostrophe-less word end (2.5x faster on a 1 MB article).
    return re.compile(rf"{word}++(?:[{_APOSTROPHES}]{word}++)*+|{other}++")


@cache
def _candidate() -> re.Pattern[str]:
    """A possible sentence end: terminators, closers, whitespace, openers, then one character."""
    closers, openers = re.escape(_CLOSERS), re.escape(_OPENERS_CHARS)
    return re.compile(
        rf"(?P<term>[{_TERMINATORS}]+)[{closers}]*(?P<space>\s+)[{openers}]*(?=(?P<next>\S))"
    )


@cache
def _attribution() -> re.Pattern[str]:
    """Up to three capitalised words then a verb of speech: ``Putin said``, ``Mr. Lee asked``."""
    verbs = "|".join(sorted(SPEECH_VERBS))
    return re.compile(rf"(?:[A-Z][\w’'.-]*\s+){{1,3}}(?:{verbs})\b")


_NEXT_WORD = re.compile(r"\w+")
_NONSPACE = re.compile(r"\S")


def _starts_sentence(char: str) -> bool:
    return char.isdigit() or (char.isalpha() and not char.islower())


def _word_before(body: str, end: int, start: int) -> str:
    """The letters, digits and dots just before ``end`` (not before ``start``): "U.S", "Mr"."""
    begin = end
    while (
        begin > start and end - begin < 24 and (body[begin - 1].isalnum() or body[begin - 1] == ".")
    ):
        begin -= 1
    return body[begin:end].lstrip(".")


def _is_acronym(word: str) -> bool:
    """Dotted single letters ("U.S", "a.m") or one capital initial ("J")."""
    if len(word) == 1:
        return word.isupper()
    parts = word.split(".")
    return len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts)


def _opens_sentence(body: str, at: int) -> bool:
    """Whether the word at ``at`` is a common opener (and not an initial like "A.")."""
    found = _NEXT_WORD.match(body, at)
    if found is None:
        return False
    after = found.end()
    return found.group() in OPENERS and not body.startswith(".", after)


def _ends_sentence(body: str, found: re.Match[str], block_start: int) -> bool:
    """Judge one candidate of `_candidate` (see the module docstring for the rules)."""
    nxt = found.start("next")
    if not _starts_sentence(found["next"]):
        return False
    term = found["term"]
    quoted = found.end("term") != found.start("space")
    if term[-1] in "?!" and quoted and _attribution().match(body, nxt) is not None:
        return False  # a quoted question or exclamation, then "Name said": one sentence
    if term != ".":
        return True
    word = _word_before(body, found.start("term"), block_start)
    if word in TITLES or word.lower() in LATIN:
        return False
    if word in BEFORE_NUMBERS:
        return not found["next"].isdigit()
    if word in AMBIGUOUS or _is_acronym(word):
        return _opens_sentence(body, nxt)
    return True


class TextIndex:
    """Sorted word, sentence and block boundaries of one body, for motions by binary search.

    Building it reads the whole body (about 0.1 s for 1 MB, see ``benchmarks/motion.py``), so
    build it once per article, off the UI thread for big ones; each motion is then a bisection.
    Block lengths are given when a block may itself contain the separator (code with blank
    lines), as `from_blocks` does; without them the body is split on the separator like
    ``str.split``.
    """

    __slots__ = ("_block_ends", "_block_starts", "_ends", "_sentences", "_words", "body")

    def __init__(self, body: str, block_lengths: Sequence[int] | None = None) -> None:
        self.body = body
        if block_lengths is None:
            block_lengths = [len(part) for part in body.split(PARAGRAPH_SEPARATOR)]
        if not block_lengths or min(block_lengths) < 0:
            raise ValueError("a body has at least one block, none of negative length")
        starts, ends, at = array("q"), array("q"), 0
        for length in block_lengths:
            starts.append(at)
            ends.append(at + length)
            at += length + len(PARAGRAPH_SEPARATOR)
        if ends[-1] != len(body):
            raise ValueError("block lengths do not add up to the body")
        self._block_starts, self._block_ends = starts, ends
        self._words = array("q", map(re.Match.start, _token().finditer(body)))
        self._sentences, self._ends = self._find_sentences()

    @classmethod
    def from_blocks(cls, texts: Sequence[str]) -> TextIndex:
        """The index of ``PARAGRAPH_SEPARATOR.join(texts)``, with exactly these blocks."""
        return cls(PARAGRAPH_SEPARATOR.join(texts), [len(text) for text in texts])

    def _find_sentences(self) -> tuple[array[int], array[int]]:
        body, pattern = self.body, _candidate()
        starts, ends = array("q"), array("q")
        for block_start, block_end in zip(self._block_starts, self._block_ends, strict=True):
            first = _NONSPACE.search(body, block_start, block_end)
            if first is None:
                continue
            starts.append(first.start())
            for found in pattern.finditer(body, first.start(), block_end):
                if _ends_sentence(body, found, block_start):
                    ends.append(found.start("space"))
                    starts.append(found.start("space") + len(found["space"]))
            end = block_end
            while body[end - 1].isspace():
                end -= 1
            ends.append(end)
        return starts, ends

    # -- positions -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.body)

    def block_of(self, offset: int) -> int:
        """Index of the block holding ``offset`` (a block's end offset belongs to it)."""
        return max(0, bisect_right(self._block_starts, offset) - 1)

    def clamp(self, offset: int) -> int:
        """``offset`` within ``[0, len(body)]`` and not strictly inside a separator."""
        offset = min(max(offset, 0), len(self.body))
        block = self.block_of(offset)
        return self._block_starts[block + 1] if offset > self._block_ends[block] else offset

    @staticmethod
    def _after(points: array[int], offset: int, default: int) -> int:
        found = bisect_right(points, offset)
        return points[found] if found < len(points) else default

    @staticmethod
    def _before(points: array[int], offset: int) -> int:
        found = bisect_left(points, offset)
        return points[found - 1] if found > 0 else 0

    # -- motions ---------------------------------------------------------------------------------

    def next_word_start(self, offset: int) -> int:
        return self._after(self._words, self.clamp(offset), len(self.body))

    def prev_word_start(self, offset: int) -> int:
        return self._before(self._words, self.clamp(offset))

    def next_sentence_start(self, offset: int) -> int:
        return self._after(self._sentences, self.clamp(offset), len(self.body))

    def prev_sentence_start(self, offset: int) -> int:
        return self._before(self._sentences, self.clamp(offset))

    def next_paragraph_start(self, offset: int) -> int:
        return self._after(self._block_starts, self.clamp(offset), len(self.body))

    def prev_paragraph_start(self, offset: int) -> int:
        return self._before(self._block_starts, self.clamp(offset))

    # -- spans -----------------------------------------------------------------------------------

    def paragraph_at(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the block under ``offset``, end exclusive (before the separator)."""
        block = self.block_of(self.clamp(offset))
        return self._block_starts[block], self._block_ends[block]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence under ``offset``, end exclusive, without whitespace.

        Whitespace after a sentence belongs to it; whitespace before a block's first sentence to
        that one. A block of only whitespace has none: ``(offset, offset)`` comes back.
        """
        offset = self.clamp(offset)
        block = self.block_of(offset)
        found = bisect_right(self._sentences, offset) - 1
        if found < 0 or self._sentences[found] < self._block_starts[block]:
            found += 1  # before the block's first sentence: take that one, if the block has it
            if found >= len(self._sentences) or self._sentences[found] > self._block_ends[block]:
                return offset, offset
        return self._sentences[found], self._ends[found]

    def sentences(self) -> list[tuple[int, int]]:
        """Every sentence as ``(start, end)``, in order (for tests and tools)."""
        return list(zip(self._sentences, self._ends, strict=True))
