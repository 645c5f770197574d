"""Caret motions: where w/b, )/(, }/{ land, and which sentence `h` would highlight."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.reading.motion import TextIndex
from reader.core.text.parse import parse_file


def sentences(text: str) -> list[str]:
    index = TextIndex(text)
    return [text[start:end] for start, end in index.sentences()]


def word_stops(text: str) -> list[int]:
    """Every offset `w` visits from the start, plus 0 when a word begins there."""
    index = TextIndex(text)
    stops = [0] if text[:1].strip() else []
    offset = 0
    while (offset := index.next_word_start(offset)) < len(text):
        stops.append(offset)
    return stops


def words(text: str) -> list[str]:
    stops = word_stops(text)
    return [
        text[start:end].strip() for start, end in zip(stops, [*stops[1:], len(text)], strict=True)
    ]


# -- words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S.-led talks", ["The", "U", ".", "S", ".-", "led", "talks"]),
        ("don't stop, Putin’s men", ["don't", "stop", ",", "Putin’s", "men"]),
        ("'Maidan' tactics", ["'", "Maidan", "'", "tactics"]),
        ("rock 'n' roll", ["rock", "'", "n", "'", "roll"]),
        ("Путин сказал: «нет»", ["Путин", "сказал", ":", "«", "нет", "»"]),
        ("nai\u0308ve cafe\u0301s", ["nai\u0308ve", "cafe\u0301s"]),
        ("नमस्ते दुनिया", ["नमस्ते", "दुनिया"]),
        ("snake_case -- 3.5%", ["snake_case", "--", "3", ".", "5", "%"]),
    ],
)
def test_words_are_vim_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_word_motions_cross_paragraphs_and_stop_at_the_ends() -> None:
    body = "One two.\n\nThree"
    index = TextIndex(body)
    assert index.next_word_start(4) == body.index(".")
    assert index.next_word_start(body.index(".")) == body.index("Three")
    assert index.prev_word_start(body.index("Three")) == body.index(".")
    # On the last word, `w` goes to the end of the body (so `v` then `w` can take the word);
    # at the end it stays put. `b` at the start stays put.
    assert index.next_word_start(body.index("Three")) == len(body)
    assert index.next_word_start(len(body)) == len(body)
    assert index.prev_word_start(0) == 0
    assert index.prev_word_start(body.index("two") + 1) == body.index("two")


# -- sentences ------------------------------------------------------------------------------------

SENTENCE_CASES = [
    # Titles never end a sentence.
    (
        "Mr. Smith went to Washington. He arrived on Tuesday.",
        ["Mr. Smith went to Washington.", "He arrived on Tuesday."],
    ),
    (
        "Col. Gen. Andrey Serdyukov leads the force. Dr. Jane Lee, a historian, disagreed.",
        ["Col. Gen. Andrey Serdyukov leads the force.", "Dr. Jane Lee, a historian, disagreed."],
    ),
    (
        "Sen. Elizabeth Warren and Gov. Kathy Hochul met Prof. Ng on Monday.",
        ["Sen. Elizabeth Warren and Gov. Kathy Hochul met Prof. Ng on Monday."],
    ),
    # Acronyms: a lowercase word or a name continues, a common opener splits.
    (
        "U.S. officials said the talks would continue. Russia disagreed.",
        ["U.S. officials said the talks would continue.", "Russia disagreed."],
    ),
    (
        "The talks were held in the U.S. The next day, both sides left.",
        ["The talks were held in the U.S.", "The next day, both sides left."],
    ),
    ("The U.S. President spoke on Monday.", ["The U.S. President spoke on Monday."]),
    ("The U.K. and the U.N. both objected.", ["The U.K. and the U.N. both objected."]),
    (
        "J. Edgar Hoover ran the F.B.I. for decades. He died in 1972.",
        ["J. Edgar Hoover ran the F.B.I. for decades.", "He died in 1972."],
    ),
    (
        "The team meets at 10 a.m. Monday. It will vote.",
        ["The team meets at 10 a.m. Monday.", "It will vote."],
    ),
    # Decimals and ellipses.
    (
        "Prices rose 3.5 percent in March. Analysts expected 2.9.",
        ["Prices rose 3.5 percent in March.", "Analysts expected 2.9."],
    ),
    (
        "The vote was postponed… and then cancelled. Officials declined to comment.",
        ["The vote was postponed… and then cancelled.", "Officials declined to comment."],
    ),
    (
        "Wait... What happened next? Nobody knows!",
        ["Wait...", "What happened next?", "Nobody knows!"],
    ),
    # Dates, numbers and company names.
    (
        "The deal was signed on Jan. 12, 2023. It took effect in March.",
        ["The deal was signed on Jan. 12, 2023.", "It took effect in March."],
    ),
    (
        "He lives at No. 10 Downing St. in London. She does not.",
        ["He lives at No. 10 Downing St. in London.", "She does not."],
    ),
    ("No. He refused.", ["No.", "He refused."]),
    (
        "Acme Inc. sold its unit to Widget Co. The deal closed Friday.",
        ["Acme Inc. sold its unit to Widget Co.", "The deal closed Friday."],
    ),
    (
        "Apples, pears, etc. are on sale. Prices vary.",
        ["Apples, pears, etc. are on sale.", "Prices vary."],
    ),
    (
        "Martin Luther King Jr. spoke in St. Louis. The crowd cheered.",
        ["Martin Luther King Jr. spoke in St. Louis.", "The crowd cheered."],
    ),
    (
        "Compare big economies, e.g. Germany and France, vs. smaller ones. Both grew.",
        ["Compare big economies, e.g. Germany and France, vs. smaller ones.", "Both grew."],
    ),
    # Quotes and brackets.
    ('He said, "Stop." Then he left.', ['He said, "Stop."', "Then he left."]),
    ('"Why?" she asked. Nobody answered.', ['"Why?" she asked.', "Nobody answered."]),
    (
        '"Enough!" Putin said on Friday. The room fell silent.',
        ['"Enough!" Putin said on Friday.', "The room fell silent."],
    ),
    (
        "“The war must end,” he said. “We will not stop.” Talks resumed.",
        ["“The war must end,” he said.", "“We will not stop.”", "Talks resumed."],
    ),
    ("Is this over? “No,” said Smith.", ["Is this over?", "“No,” said Smith."]),
    ("(It rose 5%.) Shares fell.", ["(It rose 5%.)", "Shares fell."]),
    (
        "Thursday, Jan. 12, 2023. (AP Photo/Andriy Andriyenko)",
        ["Thursday, Jan. 12, 2023.", "(AP Photo/Andriy Andriyenko)"],
    ),
    # Documented choice: an acronym before a name is read as part of the sentence.
    ("Talks began in the U.S. Biden said little.", ["Talks began in the U.S. Biden said little."]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_sentences_in_news_prose(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_a_paragraph_break_always_ends_a_sentence() -> None:
    assert sentences("A heading without a stop\n\nThe text follows.") == [
        "A heading without a stop",
        "The text follows.",
    ]
    assert sentences("He met Mr.\n\nSmith came later.") == ["He met Mr.", "Smith came later."]


def test_sentence_motions_and_the_sentence_under_the_caret() -> None:
    body = "First one. Second one!  Third?\n\nFourth."
    index = TextIndex(body)
    second, third, fourth = (body.index(w) for w in ("Second", "Third", "Fourth"))
    assert index.next_sentence_start(0) == second
    assert index.next_sentence_start(second) == third
    assert index.next_sentence_start(third) == fourth
    assert index.next_sentence_start(fourth) == len(body)
    assert index.prev_sentence_start(third + 2) == third  # inside: to its start
    assert index.prev_sentence_start(third) == second  # at its start: to the one before
    assert index.prev_sentence_start(0) == 0
    assert index.sentence_at(second + 3) == (second, body.index("!") + 1)
    # The spaces after a sentence belong to it; the separator's first character to its block.
    assert index.sentence_at(body.index("!") + 2) == (second, body.index("!") + 1)
    assert index.sentence_at(body.index("?") + 1) == (third, body.index("?") + 1)
    assert index.sentence_at(body.index("?") + 2) == (fourth, len(body))
    assert index.sentence_at(len(body)) == (fourth, len(body))


def test_sentence_at_outside_any_sentence() -> None:
    index = TextIndex("  Lead.\n\n   \n\nEnd.")
    assert index.sentence_at(0) == (2, 7)  # leading spaces: the block's first sentence
    assert index.sentence_at(10) == (10, 10)  # a block of spaces has no sentence
    assert TextIndex("").sentence_at(0) == (0, 0)


SEED_SENTENCES = {
    0: [
        "As U.S. and Russian diplomats meet this week, with talks in Geneva and Brussels starting "
        "on Monday, the negotiations could become a watershed moment in the history of "
        "NATO-Russia relations.",
        "“It must be stopped – we Ukrainians will resist the occupiers.",
        "“This makes the situation in Ukraine more, not less dangerous.”",
    ],
    1: [
        "The question is whether the unrest in Kazakhstan changed the calculations of Russian "
        "President Vladimir Putin as he weighed his options in Ukraine.",
        "“As I said, there are very special driving forces behind what is happening in "
        "Kazakhstan, both economically and politically,” said Blinken.",
        "“And they don’t shy away from killing a lot of people or seeing how many people get "
        "killed.”",
    ],
    2: [
        "“Well-organized and well-controlled groups of militants were used,” President Putin "
        "alleged, “including those who had apparently been trained in terrorist camps abroad.”",
    ],
    3: ["We can’t stop them.", "Kazakhstan responds to Russia’s outrage: “So what?”"],
    4: ['"Under the guise of spontaneous protests, a wave of riots erupted," he said.'],
}


@pytest.mark.parametrize("number", sorted(SEED_SENTENCES))
def test_sentences_of_the_seed_articles(seeds_dir: Path, number: int) -> None:
    (path,) = seeds_dir.glob(f"{number:03d}_*.txt")
    article = parse_file(path, seeds_dir)
    body = article.body
    index = TextIndex.from_blocks(article.paragraphs)
    for expected in SEED_SENTENCES[number]:
        at = body.index(expected)
        for offset in (at, at + len(expected) // 2, at + len(expected) - 1):
            start, end = index.sentence_at(offset)
            assert body[start:end] == expected
    found = index.sentences()
    assert len(found) > len(article.paragraphs)
    for (start, end), (following, _) in zip(found, [*found[1:], (len(body), 0)], strict=True):
        text = body[start:end]
        assert text and text == text.strip() and "\n\n" not in text
        assert end <= following
        assert not text.endswith((" U.S.", " Mr.", " Dr.", " Gen."))


# -- paragraphs and positions ---------------------------------------------------------------------


def test_paragraph_motions() -> None:
    body = "First block.\n\nSecond block.\n\nThird."
    index = TextIndex(body)
    second, third = body.index("Second"), body.index("Third")
    assert index.next_paragraph_start(0) == second
    assert index.next_paragraph_start(second) == third
    assert index.next_paragraph_start(third) == len(body)
    assert index.prev_paragraph_start(third + 2) == third
    assert index.prev_paragraph_start(third) == second
    assert index.prev_paragraph_start(3) == 0
    assert index.paragraph_at(second + 4) == (second, body.index(".", second) + 1)
    assert index.paragraph_at(len(body)) == (third, len(body))


def test_clamp_keeps_offsets_in_the_body_and_out_of_separators() -> None:
    body = "ab\n\ncd"
    index = TextIndex(body)
    assert [index.clamp(o) for o in range(-2, 9)] == [0, 0, 0, 1, 2, 4, 4, 5, 6, 6, 6]
    # Motions clamp first: from inside the separator, `b` goes back into the first block.
    assert index.prev_word_start(3) == 0
    assert index.paragraph_at(3) == (4, 6)


def test_blocks_given_explicitly_may_contain_blank_lines() -> None:
    code = "x = 1\n\ny = 2"
    index = TextIndex.from_blocks(["Intro.", code, "Outro."])
    start = index.body.index("x")
    assert index.paragraph_at(start) == (start, start + len(code))
    assert index.clamp(start + 6) == start + 6  # a blank line inside code is text, not a break
    assert index.next_paragraph_start(start) == index.body.index("Outro")
    with pytest.raises(ValueError, match="add up"):
        TextIndex("abc", [1])


# -- properties -----------------------------------------------------------------------------------

#: Pieces of prose that exercise the rules: terminators, quotes, abbreviations, separators.
PIECES = [*"aZé\u03011_'’.,!?…\"“”()- \n\t\u00a0😀Ж", "\n\n", "Mr.", "U.S.", " The", "No. 1"]
PROSE = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
ANY_TEXT = st.one_of(PROSE, st.text(max_size=60))


def _word_class(text: str, at: int) -> int:
    """0 space, 1 word, 2 other: the reference for word starts, character by character."""
    char = text[at]
    if char.isspace():
        return 0
    if char.isalnum() or char == "_":
        return 1
    if ord(char) < 0x10000 and unicodedata.category(char).startswith("M"):
        return 1
    return 2


def reference_word_starts(text: str) -> list[int]:
    classes = [_word_class(text, at) for at in range(len(text))]
    for at in range(1, len(text) - 1):
        apostrophe = text[at] in "'’"
        if apostrophe and classes[at - 1] == 1 and classes[at + 1] == 1:
            classes[at] = 1
    return [at for at, kind in enumerate(classes) if kind and (at == 0 or classes[at - 1] != kind)]


@given(ANY_TEXT)
def test_word_starts_match_a_character_by_character_reference(text: str) -> None:
    assert word_stops(text) == reference_word_starts(text)


@given(ANY_TEXT, st.data())
def test_motions_are_monotonic_and_never_land_in_a_separator(
    text: str, data: st.DataObject
) -> None:
    index = TextIndex(text)
    offset = data.draw(st.integers(-3, len(text) + 3))
    here = index.clamp(offset)
    assert 0 <= here <= len(text) and index.clamp(here) == here
    pairs = [
        (index.next_word_start, index.prev_word_start),
        (index.next_sentence_start, index.prev_sentence_start),
        (index.next_paragraph_start, index.prev_paragraph_start),
    ]
    for forward, backward in pairs:
        ahead, behind = forward(offset), backward(offset)
        assert index.clamp(ahead) == ahead and index.clamp(behind) == behind
        assert behind <= here <= ahead
        assert ahead > here or here == len(text)
        assert backward(ahead) <= here  # next then previous: a boundary at or before the start
    start, end = index.sentence_at(offset)
    assert start <= end and index.clamp(start) == start
    assert text[start:end] == text[start:end].strip() and "\n\n" not in text[start:end]
    para_start, para_end = index.paragraph_at(offset)
    assert para_start <= here <= para_end and "\n\n" not in text[para_start:para_end]
    if start < end:
        assert para_start <= start < end <= para_end
