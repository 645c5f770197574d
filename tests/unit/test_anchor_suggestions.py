"""What re-anchoring hands the store and the UI besides a status: highlights known by their words
only (imports), suggestions that say what differs, every place of an ambiguous highlight, and
accepting a suggestion."""

from __future__ import annotations

import pytest

from reader.core.annotate.anchor import (
    Anchor,
    Status,
    Text,
    accept,
    describe_difference,
    make_anchor,
    normalise,
    reattach,
)
from reader.core.annotate.anchor.differences import describe

BODY = (
    "The harbour town of Wellmouth had been quiet for decades. Fishing boats left at dawn.\n\n"
    "Then Maria Okafor arrived with a plan. She wanted to turn the old cannery into a library.\n\n"
    "The council met on a Tuesday. Maria spoke first, then the mayor. The library won."
)


# Quote-only highlights ---------------------------------------------------------------------


def test_an_anchor_of_words_only_says_so() -> None:
    anchor = Anchor.of_quote("turn the old cannery")
    assert anchor.quote_only
    assert (anchor.prefix, anchor.suffix, anchor.start, anchor.end) == ("", "", 0, 20)
    assert not make_anchor(BODY, 5, 20).quote_only
    whole = make_anchor(BODY, 0, len(BODY))  # no context either: found by its words
    assert whole.quote_only and reattach(whole, BODY).status == Status.ANCHORED


def test_the_offset_another_tool_gave_picks_the_suggestion_never_the_place() -> None:
    second = BODY.index("Maria spoke")
    result = reattach(Anchor.of_quote("Maria", near=second), BODY)
    assert result.status == Status.AMBIGUOUS
    assert result.suggestion is not None and result.suggestion.start == second


def test_words_that_occur_once_are_placed_with_a_full_anchor() -> None:
    result = reattach(Anchor.of_quote("turn the  old\ncannery"), BODY)
    assert result.status == Status.ANCHORED
    assert result.start is not None and result.end is not None
    assert BODY[result.start : result.end] == "turn the old cannery"
    assert result.anchor is not None and not result.anchor.quote_only
    assert result.anchor.prefix.endswith("She wanted to ")


def test_words_that_occur_several_times_are_ambiguous_with_every_place_offered() -> None:
    result = reattach(Anchor.of_quote("Maria"), BODY)
    assert result.status == Status.AMBIGUOUS
    assert result.start is None
    starts = [c.start for c in result.candidates]
    assert starts == [BODY.index("Maria"), BODY.index("Maria spoke")]
    assert all(c.text == "Maria" and c.score == 100 for c in result.candidates)
    assert "2 times" in result.reason


def test_words_that_occur_nowhere_are_orphaned_with_the_nearest_words_suggested() -> None:
    result = reattach(Anchor.of_quote("She wanted to turn the old mill into a library"), BODY)
    assert result.status == Status.ORPHANED
    assert result.suggestion is not None
    assert result.suggestion.text == "She wanted to turn the old cannery into a library"
    assert "“mill” became “cannery”" in result.suggestion.differs


def test_words_only_never_match_inside_a_word() -> None:
    result = reattach(Anchor.of_quote("art"), "We start the car in the park.")
    assert result.status == Status.ORPHANED


def test_curly_quotes_and_dashes_of_another_tool_still_match() -> None:
    body = "He said \u201cno\u201d \u2014 and left."
    result = reattach(Anchor.of_quote('said "no" - and'), body)
    assert result.status == Status.ANCHORED
    assert result.quote == "said \u201cno\u201d \u2014 and"


# Suggestions ---------------------------------------------------------------------------------


def test_an_orphan_says_how_close_its_best_candidate_is_and_what_differs() -> None:
    anchor = make_anchor(BODY, BODY.index("Maria spoke"), BODY.index("Maria spoke") + 5)
    edited = BODY.replace("Maria spoke", "Joan spoke")
    result = reattach(anchor, edited)
    assert result.status == Status.ORPHANED
    assert result.suggestion is not None
    assert result.suggestion.text == "Joan"
    assert result.suggestion.score < 60
    assert result.suggestion.differs == "“Maria” became “Joan”"
    assert result.reason
    assert result.candidates[0] == result.suggestion


def test_the_same_words_elsewhere_are_suggested_saying_the_context_differs() -> None:
    quote = "the old cannery"
    anchor = make_anchor(BODY, BODY.index(quote), BODY.index(quote) + len(quote))
    edited = BODY.replace("She wanted to turn the old cannery into a library.", "It rained.")
    edited += "\n\nNobody remembered the old cannery at all."
    result = reattach(anchor, edited)
    assert result.status == Status.ORPHANED
    assert result.suggestion is not None and result.suggestion.text == quote
    assert result.suggestion.score == 100
    assert result.suggestion.differs.startswith("the same words; ")


def test_describe_names_the_changed_words() -> None:
    assert describe("Putin met Biden", "Putin met Smith") == "“Biden” became “Smith”"
    assert describe("the old cannery", "the cannery") == "“old” is missing"
    assert describe("the cannery", "the old cannery") == "“old” was added"
    assert describe("a b c d e", "x b y d z") == "“a” became “x”, “c” became “y”, 1 more change"
    assert describe("it's done", "its done") != "the same words"
    assert describe_difference("the \u201cold\u201d  mill", 'the "old" cannery') == (
        "“mill” became “cannery”"
    )


# Accepting a suggestion ------------------------------------------------------------------------


def test_accepting_a_suggestion_places_the_highlight_there() -> None:
    anchor = make_anchor(BODY, BODY.index("Maria spoke"), BODY.index("Maria spoke") + 5)
    edited = BODY.replace("Maria spoke", "Joan spoke")
    suggestion = reattach(anchor, edited).suggestion
    assert suggestion is not None
    placed = accept(Text(edited), suggestion.start, suggestion.end, suggestion.text)
    assert placed.status == Status.ANCHORED
    assert (placed.start, placed.end, placed.quote) == (suggestion.start, suggestion.end, "Joan")
    assert placed.anchor is not None
    assert reattach(placed.anchor, edited).status == Status.ANCHORED


def test_accepting_refuses_words_that_are_no_longer_there() -> None:
    with pytest.raises(ValueError, match="changed"):
        accept(BODY, 0, 3, "Joan")
    with pytest.raises(ValueError):
        accept(BODY, 5, 5)


def test_accepting_folds_cosmetic_differences() -> None:
    body = "He said \u201cno\u201d to it."
    start = body.index("\u201c")
    placed = accept(body, start, start + 4, '"no"')
    assert normalise(placed.quote).text == '"no"'
