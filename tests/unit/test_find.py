"""Finding a phrase in an article (`/`): where it occurs, case, and walking the matches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.reading.find import ArticleText, SpanList, fold_case
from reader.core.reading.matches import Matches

BODY = "Tokayev spoke. Then tokayev left.\n\nTOKAYEV came back; Tokayev stayed."


def starts(text: ArticleText, phrase: str) -> list[int]:
    return [start for start, _end in text.find(phrase).between(0, len(text.body))]


def test_lower_case_finds_every_case_and_a_capital_only_its_own() -> None:
    text = ArticleText(BODY)
    everywhere = [i for i in range(len(BODY)) if BODY[i : i + 7].lower() == "tokayev"]
    assert starts(text, "tokayev") == everywhere
    assert starts(text, "Tokayev") == [0, BODY.index("Tokayev stayed")]
    assert text.find("tokayev").count() == 4
    assert text.find("nobody").count() == 0 and text.find("nobody").first_at(0) is None


def test_offsets_stay_body_offsets_when_a_lower_case_is_longer() -> None:
    body = "İstanbul and istanbul"  # "İ".lower() is two characters
    folded = fold_case(body)
    assert len(folded) == len(body)
    assert starts(ArticleText(body), "istanbul") == [body.index("istanbul")]


def test_first_next_and_previous_wrap_round() -> None:
    finder = ArticleText(BODY).find("tokayev")
    all_starts = [start for start, _ in finder.between(0, len(BODY))]
    first = finder.first_at(10)
    assert first is not None and first[0] == all_starts[1]
    assert finder.rank(first) == 1
    last = finder.step_from((all_starts[-1], all_starts[-1] + 7), 1)
    assert last is not None and last[0] == all_starts[0]
    back = finder.step_from((all_starts[0], all_starts[0] + 7), -1)
    assert back is not None and back[0] == all_starts[-1]
    assert finder.first_at(len(BODY)) == (all_starts[0], all_starts[0] + 7)


def test_between_finds_what_covers_a_stretch() -> None:
    finder = ArticleText(BODY).find("spoke")
    at = BODY.index("spoke")
    assert finder.between(at + 2, at + 3) == [(at, at + 5)]
    assert finder.between(at + 5, at + 9) == []


@given(st.text(alphabet="abAB ", max_size=60), st.text(alphabet="abAB", min_size=1, max_size=3))
def test_the_finder_agrees_with_a_plain_search(body: str, phrase: str) -> None:
    finder = ArticleText(body).find(phrase)
    haystack, needle = (body, phrase) if phrase != phrase.lower() else (body.lower(), phrase)
    expected, at = [], haystack.find(needle)
    while at >= 0:
        expected.append(at)
        at = haystack.find(needle, at + len(needle))
    assert finder.count() == len(expected)
    assert [start for start, _ in finder.between(0, len(body))] == expected
    for index, start in enumerate(expected):
        assert finder.rank((start, start + len(needle))) == index


def test_a_find_is_walked_hidden_and_shown_again() -> None:
    matches = Matches()
    matches.use(ArticleText(BODY).find("tokayev"), at=1, phrase="tokayev")
    assert len(matches) == 4 and matches.index == 1 and matches.phrase == "tokayev"
    assert matches.step(1) == BODY.index("TOKAYEV")
    matches.shown = False
    assert matches.between(0, len(BODY)) == []
    assert matches.step(-1) == BODY.index("tokayev")
    assert matches.shown and len(matches.between(0, len(BODY))) == 4


def test_a_copy_brings_matches_back_as_they_were() -> None:
    matches = Matches([(5, 8), (20, 25)], at=10)
    before = matches.copy()
    matches.use(ArticleText(BODY).find("then"), phrase="then")
    matches.take(before)
    assert matches.current == (20, 25) and matches.phrase is None and len(matches) == 2


def test_a_span_list_answers_like_a_finder() -> None:
    spans = SpanList([(30, 35), (10, 12), (50, 60)])
    assert spans.first_at(11) == (30, 35)
    assert spans.step_from((50, 60), 1) == (10, 12)
    assert spans.between(55, 56) == [(50, 60)]
    assert spans.rank((30, 35)) == 1
