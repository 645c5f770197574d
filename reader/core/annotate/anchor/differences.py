"""What differs between a highlight's words and a candidate's: which words changed, whether any
of them was distinctive (a name, a number, a word rare in the article), and a short phrase for
the user ("“Putin” became “Smith”").

A sentence whose distinctive words changed is more likely another sentence than an edit of the
same one: "Tokayev met Putin in Minsk" and "Tokayev met Biden in Minsk" are two facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from reader.core.annotate.anchor.limits import RARE
from reader.core.annotate.normalise import Text, normalise

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s*$")
#: Least similarity of a word and its replacement for the change to be a spelling of one word.
_SPELLING = 80.0
#: Longest run of words quoted in a description before it is cut.
_CLIP = 32


@dataclass(frozen=True, slots=True)
class Change:
    """One run of changed words: `old` from the quote, `new` in the candidate ("" if none)."""

    old: str
    new: str


@dataclass(frozen=True, slots=True)
class _Word:
    text: str
    sentence_start: bool


def _words(text: str, starts_sentence: bool) -> list[_Word]:
    found = []
    for match in _WORD.finditer(text):
        head = text[: match.start()]
        first = not head.strip()
        begins = starts_sentence if first else _SENTENCE_END.search(head) is not None
        found.append(_Word(match.group(), begins))
    return found


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [code for code in matcher.get_opcodes() if code[0] != "equal"]


def changes(old: str, new: str) -> list[Change]:
    """The runs of words that differ between `old` and `new`, in order."""
    first, second = _WORD.findall(old), _WORD.findall(new)
    return [
        Change(" ".join(first[i1:i2]), " ".join(second[j1:j2]))
        for _, i1, i2, j1, j2 in _opcodes(first, second)
    ]


def distinctive_change(old: str, new: str, text: Text, starts_sentence: bool) -> bool:
    """Whether a word of `old` that is not in `new` is a name, a number or rare in `text`.

    A capitalised word counts as a name unless it begins a sentence (`starts_sentence` says
    whether `old` itself does). A word replaced by a spelling of itself ("tower" by "towers",
    "recieve" by "receive") is an edit, not another word, unless it holds a digit.
    """
    words = _words(old, starts_sentence)
    others = _WORD.findall(new)
    for _, i1, i2, j1, j2 in _opcodes([w.text for w in words], others):
        paired = others[j1:j2] if i2 - i1 == j2 - j1 else [""] * (i2 - i1)
        for word, other in zip(words[i1:i2], paired, strict=True):
            if _distinctive(word, other, text):
                return True
    return False


def _distinctive(word: _Word, replacement: str, text: Text) -> bool:
    from rapidfuzz import fuzz  # loaded on first use: start-up stays lean

    if any(char.isdigit() for char in word.text):
        return True
    if replacement and fuzz.ratio(word.text.lower(), replacement.lower()) >= _SPELLING:
        return False
    if word.text[0].isupper() and not word.sentence_start:
        return True
    return text.occurrences(word.text) <= RARE


def describe(old: str, new: str) -> str:
    """A short phrase saying how `new` differs from the highlighted words `old`."""
    found = changes(old, new)
    if not found:
        same = " ".join(old.split()) == " ".join(new.split())
        return "the same words" if same else "the same words, punctuation differs"
    parts = []
    for change in found[:2]:
        if change.old and change.new:
            parts.append(f"“{_clip(change.old)}” became “{_clip(change.new)}”")
        elif change.old:
            parts.append(f"“{_clip(change.old)}” is missing")
        else:
            parts.append(f"“{_clip(change.new)}” was added")
    if len(found) > 2:
        more = len(found) - 2
        parts.append(f"{more} more change{'s' if more > 1 else ''}")
    return ", ".join(parts)


def describe_difference(quote: str, text: str) -> str:
    """What differs between a highlight's words and other text, both as the user sees them
    (for a suggestion the store kept without its description)."""
    return describe(normalise(quote).text, normalise(text).text)


def _clip(words: str) -> str:
    return words if len(words) <= _CLIP else words[: _CLIP - 1].rstrip() + "…"
