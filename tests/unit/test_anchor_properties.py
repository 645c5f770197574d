"""Properties of re-anchoring over random articles and random edits: a highlight stays on its own
words or says it cannot, and is never attached to other words.

The articles are generated news full of look-alike sentences (the same frame with another name
or number) and the bundled seeds; CI runs a fixed set of examples (`tests/conftest.py`).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reader.core.annotate.anchor import (
    CLEAR_RUN,
    QUOTE_THRESHOLD,
    Anchor,
    Status,
    Text,
    make_anchor,
    normalise,
    reattach,
    similarity,
)
from tests.anchor_articles import NAME, NAMES, Sentence, joined, news, without

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def norm(text: str) -> str:
    return normalise(text).text.strip()


def words_of(body: str, sentence: Sentence) -> list[tuple[int, int]]:
    return [
        (sentence.start + m.start(), sentence.start + m.end())
        for m in re.finditer(r"\S+", body[sentence.start : sentence.end])
    ]


# The oldest properties: unchanged text, and text unlike the quote -----------------------------

WORDS = st.sampled_from(
    ["the", "a", "harbour", "library", "vote", "council", "spring", "boat", "\u201cquoted\u201d",
     "caf\u00e9", "\u2014", "dawn", "dusk", "said:", "it\u2019s", "1999", "Maria"]
)  # fmt: skip
BODIES = st.lists(WORDS, min_size=3, max_size=120).map(" ".join)


@SETTINGS
@given(body=BODIES, data=st.data())
def test_unchanged_text_always_anchors_exactly(body: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    assume(body[start:end].strip())
    anchor = make_anchor(body, start, end)
    result = reattach(anchor, body)
    assert result.status == Status.ANCHORED
    assert (result.start, result.end) == (anchor.start, anchor.end)
    assert result.quote == anchor.quote


@SETTINGS
@given(body=BODIES, edited=BODIES, data=st.data())
def test_never_attached_to_text_unlike_the_quote(
    body: str, edited: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    assume(body[start:end].strip())
    anchor = make_anchor(body, start, end)
    cut = data.draw(st.integers(0, len(edited)))
    new_body = data.draw(
        st.sampled_from([edited, body[:cut] + edited[:10] + body[cut:], body.replace(" ", "  ")])
    )
    result = reattach(anchor, new_body)
    if result.status.attached:
        assert result.start is not None and result.end is not None
        assert new_body[result.start : result.end] == result.quote
        assert similarity(anchor.quote, result.quote) >= QUOTE_THRESHOLD
    else:
        assert result.start is None and result.quote == anchor.quote


# (a) The highlighted sentence deleted ------------------------------------------------------


@SETTINGS
@given(paragraphs=news(), data=st.data())
def test_a_deleted_sentence_is_never_attached_elsewhere(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    body, places = joined(paragraphs)
    sentence = data.draw(st.sampled_from(places))
    anchor = make_anchor(body, sentence.start, sentence.end)
    edited = without(body, sentence.start, sentence.end)
    assume(norm(anchor.quote) not in norm(edited))
    result = reattach(anchor, edited)
    assert not result.status.attached, result  # its words are gone: any place is other words
    assert result.quote == anchor.quote
    if result.suggestion is not None:  # the look-alike is offered, never attached
        assert norm(edited[result.suggestion.start : result.suggestion.end]) == norm(
            result.suggestion.text
        )


@SETTINGS
@given(paragraphs=news(), data=st.data())
def test_a_name_whose_sentence_is_deleted_is_attached_only_where_its_context_stands(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    body, places = joined(paragraphs)
    sentence = data.draw(st.sampled_from(places))
    names = [
        (sentence.start + m.start(), sentence.start + m.end())
        for m in NAME.finditer(body[sentence.start : sentence.end])
        if m.group() in NAMES
    ]
    assume(names)
    start, end = data.draw(st.sampled_from(names))
    anchor = make_anchor(body, start, end)
    result = reattach(anchor, without(body, sentence.start, sentence.end))
    if result.status.attached:  # only onto the same name with the same words all around it
        assert result.status != Status.FUZZY
        edited = without(body, sentence.start, sentence.end)
        assert result.start is not None and result.end is not None
        assert norm(edited[result.start : result.end]) == norm(anchor.quote)
        before = normalise(edited[: result.start]).text[-CLEAR_RUN:]
        after = normalise(edited[result.end :]).text[:CLEAR_RUN]
        assert normalise(anchor.prefix).text.endswith(before)
        assert normalise(anchor.suffix).text.startswith(after)


# (b) Small edits around and inside a quote --------------------------------------------------

EDIT_WORDS = [*NAMES, "the", "talks", "in", "grain", "12", "May.", "newly", "said"]


@st.composite
def edits(draw: st.DrawFn, low: int, high: int) -> list[tuple[str, int, str]]:
    """1 to 3 small edits at positions in [low, high): insert, delete or replace a word, typo."""
    kinds = st.sampled_from(["insert", "delete", "replace", "typo"])
    return draw(
        st.lists(
            st.tuples(kinds, st.integers(low, max(low, high - 1)), st.sampled_from(EDIT_WORDS)),
            min_size=1,
            max_size=3,
        )
    )


class Tracked:
    """A body as words and spaces, each knowing whether it is (or replaced) the highlight's own;
    a deleted word of the highlight leaves a ghost, so a word put back in its place is its own."""

    def __init__(self, body: str, start: int, end: int) -> None:
        self.tokens = [[m.group(), start <= m.start() < end] for m in re.finditer(r"\s+|\S+", body)]

    def text(self) -> str:
        return "".join(token for token, _ in self.tokens)

    def own(self) -> tuple[int, int] | None:
        """The span of the highlight's own characters now, if any are left."""
        at, found = 0, []
        for token, mine in self.tokens:
            if mine and token:
                found += [at, at + len(token)]
            at += len(token)
        return (min(found), max(found)) if found else None

    def word_at(self, offset: int) -> int | None:
        at = 0
        for index, (token, _) in enumerate(self.tokens):
            at += len(token)
            if at > offset and token.strip():
                return index
        return None

    def apply(self, kind: str, offset: int, word: str) -> None:
        index = self.word_at(offset)
        if index is None:
            return
        token, mine = self.tokens[index]
        if kind == "insert":
            ghost = index > 0 and self.tokens[index - 1] == ["", True]
            self.tokens[index:index] = [[word, mine or ghost], [" ", mine or ghost]]
        elif kind == "delete":
            spaced = index + 1 < len(self.tokens) and not self.tokens[index + 1][0].strip()
            self.tokens[index : index + 1 + spaced] = [["", mine]]
        elif kind == "replace":
            self.tokens[index] = [word, mine]
        elif len(token) >= 2:  # a typo: two letters swapped
            self.tokens[index] = [token[1] + token[0] + token[2:], mine]


@SETTINGS
@given(paragraphs=news(least=3, most=12), data=st.data())
def test_small_edits_keep_a_highlight_on_its_words_or_orphan_it(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    body, places = joined(paragraphs)
    sentence = data.draw(st.sampled_from(places))
    words = words_of(body, sentence)
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, min(len(words) - 1, first + 8)))
    start, end = words[first][0], words[last][1]
    anchor = make_anchor(body, start, end)
    tracked = Tracked(body, start, end)
    for edit in data.draw(edits(max(0, start - 80), min(len(body), end + 80))):
        tracked.apply(*edit)
    edited = tracked.text()
    result = reattach(anchor, edited)
    if not result.status.attached:
        return
    assert result.start is not None and result.end is not None
    own = tracked.own()
    assert own is not None, f"attached ({result.status}) though every highlighted word was deleted"
    low, high = own
    overlap = min(high, result.end) - max(low, result.start)
    assert overlap * 2 >= result.end - result.start, (result, edited[low:high])
    if result.status != Status.FUZZY:
        assert norm(result.quote) == norm(anchor.quote)


# (c) Quote-only highlights ----------------------------------------------------------------


def occurrences(text: str, quote: str) -> list[int]:
    """Where the normalised quote stands in the normalised text without cutting a word."""
    prepared, wanted = normalise(text).text, norm(quote)
    found, at = [], prepared.find(wanted)
    while at != -1:
        end = at + len(wanted)
        cuts = (at > 0 and prepared[at - 1].isalnum() and wanted[0].isalnum()) or (
            end < len(prepared) and prepared[end].isalnum() and wanted[-1].isalnum()
        )
        if not cuts:
            found.append(at)
        at = prepared.find(wanted, at + 1)
    return found


@SETTINGS
@given(paragraphs=news(least=2, most=10), data=st.data())
def test_quote_only_highlights_attach_only_where_their_words_occur_once(
    paragraphs: list[list[str]], data: st.DataObject
) -> None:
    body, places = joined(paragraphs)
    sentence = data.draw(st.sampled_from(places))
    words = words_of(body, sentence)
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, min(len(words) - 1, first + 6)))
    quote = body[words[first][0] : words[last][1]]
    copies = data.draw(st.integers(0, 3))
    for _ in range(copies):
        at = data.draw(st.sampled_from([p.end for p in places]))
        body = body[:at] + f" Again: {quote}." + body[at:]
    if data.draw(st.booleans()):  # what another tool exported: other spacing, curly quotes
        quote = quote.replace(" ", "\n ", 1).replace("'", "\u2019")
    if data.draw(st.booleans()):
        body = without(body, sentence.start, sentence.end)
    text = Text(body)
    result = reattach(Anchor.of_quote(quote), text)
    found = occurrences(body, quote)
    if len(found) == 1:
        assert result.status == Status.ANCHORED, result
        assert result.start is not None and result.end is not None
        assert norm(body[result.start : result.end]) == norm(quote)
        assert result.anchor is not None and not result.anchor.quote_only
    elif found:
        assert result.status == Status.AMBIGUOUS, result
        assert result.start is None
        assert len(result.candidates) == len(found)
        assert {text.to_norm(c.start) for c in result.candidates} == set(found)
        assert all(norm(c.text) == norm(quote) for c in result.candidates)
    else:
        assert result.status == Status.ORPHANED, result
