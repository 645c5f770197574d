"""The cleaning heuristics one by one, on small made-up pages rather than the seeds."""

from __future__ import annotations

import pytest

from reader.core.article import BlockKind
from reader.core.text.clean import (
    byline_of,
    clean_text,
    date_from_line,
    is_caption,
    is_section_label,
    is_subheading,
    is_tail_marker,
    parse_date,
    split_credit,
    split_paragraphs,
    split_site_suffix,
    squash,
)

BODY = (
    "The first real paragraph of the article is long enough to be obviously body text, "
    "and it ends with a full stop."
)
MORE = (
    "A second paragraph follows with more of the story, also long enough to count as "
    "article text rather than a label or a caption."
)


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


# --- Paragraphs -------------------------------------------------------------------------------


def test_blank_and_nbsp_only_lines_separate_paragraphs() -> None:
    text = "One para.\n\xa0\n \xa0 \n\u200b\n\xa0Two para.\xa0\n"
    assert split_paragraphs(text) == ["One para.", "Two para."]


def test_single_newlines_split_long_lines_into_paragraphs() -> None:
    line = "x" * 120
    assert split_paragraphs(f"Title\n{line}\n{line}.") == ["Title", line, line + "."]


def test_hard_wrapped_text_is_joined() -> None:
    wrapped = (
        "This paragraph was wrapped by an editor at a fixed\n"
        "column, so its lines are all of a similar length and\n"
        "none of them is a paragraph on its own.\n"
        "\n"
        "Second paragraph.\n"
    )
    assert split_paragraphs(wrapped) == [
        "This paragraph was wrapped by an editor at a fixed column, so its lines are all of a "
        "similar length and none of them is a paragraph on its own.",
        "Second paragraph.",
    ]


def test_short_list_lines_are_not_joined() -> None:
    assert split_paragraphs("Shopping list for the\n- eggs\n- milk") == [
        "Shopping list for the",
        "- eggs",
        "- milk",
    ]


def test_squash_folds_whitespace() -> None:
    assert squash("\u200b\xa0 a \t b\xa0\xa0c \n") == "a b c"


# --- Titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "headline", "site"),
    [
        ("Putin speaks | News", "Putin speaks", ""),
        ("Putin speaks | The Daily Planet", "Putin speaks", "The Daily Planet"),
        (
            "Example Times | Putin speaks to the nation",
            "Putin speaks to the nation",
            "Example Times",
        ),
        ("Long headline here | World | Example Post", "Long headline here", "Example Post"),
        ("Markets fall - BBC News", "Markets fall", "BBC News"),
        ("Markets fall – example.com", "Markets fall", "example.com"),
        ("Markets fall — CNN", "Markets fall", "CNN"),
        ("Markets fall - California18", "Markets fall", "California18"),
        ("A copy of 'Maidan' – Putin", "A copy of 'Maidan' – Putin", ""),
        ("War will end soon – Vladimir Putin", "War will end soon – Vladimir Putin", ""),
        ("Twenty-two – a memoir", "Twenty-two – a memoir", ""),
        ("No suffix at all", "No suffix at all", ""),
    ],
)
def test_split_site_suffix(title: str, headline: str, site: str) -> None:
    assert split_site_suffix(title) == (headline, site)


def test_title_suffix_becomes_source_and_is_recorded() -> None:
    article = clean_text(page("Putin speaks | The Daily Planet", BODY))
    assert (article.title, article.source) == ("Putin speaks", "The Daily Planet")
    assert article.removed == ("The Daily Planet",)


def test_a_lede_sentence_is_not_taken_as_title() -> None:
    article = clean_text(page("Protesters gathered in the capital on Sunday.", BODY))
    assert article.title == ""
    assert article.blocks[0].text == "Protesters gathered in the capital on Sunday."


def test_caption_first_line_without_headline_gives_way_to_next_line() -> None:
    caption = (
        "Protesters in Almaty on January 5, 2022, some of them holding flags, others signs, "
        "others nothing at all, in front of the city hall. Police watched. (AP Photo/Someone)"
    )
    article = clean_text(page(caption, "The real headline", BODY))
    assert article.title == "The real headline"
    assert article.removed == (caption,)
    assert article.date is None


def test_caption_first_line_that_reads_as_headline_is_the_title() -> None:
    article = clean_text(page("Leaders meet in Moscow. Photo: Agency / Jane Roe", BODY))
    assert article.title == "Leaders meet in Moscow"
    assert article.removed == ("Photo: Agency / Jane Roe",)


def test_date_byline_and_section_under_the_title() -> None:
    article = clean_text(page("A headline", "World News", "By Jane van Doe", "March 3, 2021", BODY))
    assert article.title == "A headline"
    assert article.byline == "Jane van Doe"
    assert article.date == "2021-03-03"
    assert article.removed == ("World News",)
    assert article.blocks[0].text == BODY


def test_repeated_title_is_dropped_from_the_body() -> None:
    article = clean_text(page("A headline", "A headline", BODY))
    assert [block.text for block in article.blocks] == [BODY]


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Monday, January 10, 2022", "2022-01-10"),
        ("January 10, 2022", "2022-01-10"),
        ("Jan. 10, 2022", "2022-01-10"),
        ("10 January 2022", "2022-01-10"),
        ("Mon 10th Jan 2022", "2022-01-10"),
        ("2022-01-10", "2022-01-10"),
        ("Published: 10 January 2022 at 10:30", "2022-01-10"),
        ("Updated Jan 10, 2022, 5:30 pm EST", "2022-01-10"),
        ("February 30, 2022", None),
        ("January 10, 2022: the day it all began", None),
        ("On Monday, January 10, 2022 Putin spoke.", None),
        ("International", None),
    ],
)
def test_date_from_line(line: str, iso: str | None) -> None:
    assert date_from_line(line) == iso


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2022-01-10T08:00:00Z", "2022-01-10"),
        ("2022-01-10T08:00:00+03:00", "2022-01-10"),
        ("Mon, 10 Jan 2022 08:00:00 GMT", "2022-01-10"),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_date(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_dates_in_body_captions_are_not_the_articles_date() -> None:
    caption = "Leaders meet in Moscow, Russia, Monday, Nov. 28, 2022. (AP Photo/Someone)"
    article = clean_text(page("A headline", BODY, caption, MORE))
    assert article.date is None
    assert caption in article.removed


# --- Captions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "A flag flies over Kiev as protesters gather [Courtesy: Dronarium]",
        "Two leaders shake hands. Image: IMAGO / ITAR-TASS",
        "An elderly woman stands near her home.Image: AP / Andriy Andriyenko",
        "A crater in Zaporizhzhia, Thursday, Jan. 12, 2023. (AP Photo/Andriy Andriyenko)",
        "Troops patrol the airport. Jane Roe/AFP via Getty Images",
        "SOCHI, RUSSIA - AUGUST 19, 2022: Two presidents at a meeting. President...",
        "Putin, right, and Tokayev meet in Moscow, Russia, Monday, Nov. 28, 2022. Kaz...",
    ],
)
def test_captions_are_recognised(text: str) -> None:
    assert is_caption(text)


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "He said the photo was taken in 2014 and published by Getty Images later that year.",
        "The image was everywhere. Nobody could say where it came from...",
        "Kazakhstan rebels against Russia",
    ],
)
def test_article_text_is_not_a_caption(text: str) -> None:
    assert not is_caption(text)


def test_split_credit() -> None:
    assert split_credit("Leaders meet. Image: Pool / Jane Roe") == (
        "Leaders meet.",
        "Image: Pool / Jane Roe",
    )
    assert split_credit(BODY) is None


def test_captions_are_removed_from_the_body_in_order() -> None:
    first = "A flag over Kiev [Courtesy: Dronarium]"
    second = "Leaders meet. Image: Pool / Jane Roe"
    article = clean_text(page("A headline", BODY, first, MORE, second, BODY))
    assert [block.text for block in article.blocks] == [BODY, MORE, BODY]
    assert article.removed == (first, second)


# --- Bylines, labels, subheadings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Anne Kathrin Hamilton", "Anne Kathrin Hamilton"),
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("Jean-Luc O’Brien", "Jean-Luc O’Brien"),
        ("J. R. Smith", "J. R. Smith"),
        ("International", None),
        ("World News", None),
        ("Kazakhstan rebels against Russia", None),
        ("Jane Doe, reporter", None),
    ],
)
def test_byline_of(line: str, name: str | None) -> None:
    assert byline_of(line) == name


def test_section_labels() -> None:
    assert is_section_label("International")
    assert is_section_label("Middle East")
    assert not is_section_label("Anne Kathrin Hamilton")
    assert not is_section_label("Putin spoke.")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kazakhstan rebels against Russia", True),
        ("Kazakhstan responds to Russia’s outrage: “So what?”", True),
        ("What happens next?", True),
        ("Smadiyarov further says:", False),
        ("For negotiations to be successful, there must be compromises.", False),
        ("“This makes the situation more dangerous.”", False),
        ("lowercase start of something", False),
        (BODY, False),
    ],
)
def test_is_subheading(line: str, expected: bool) -> None:
    assert is_subheading(line) is expected


def test_subheadings_become_heading_blocks_but_not_the_last_line() -> None:
    article = clean_text(page("A headline", BODY, "What happens next", MORE, "Short last line"))
    assert [block.kind for block in article.blocks] == [
        BlockKind.TEXT,
        BlockKind.HEADING,
        BlockKind.TEXT,
        BlockKind.TEXT,
    ]


# --- Tail debris ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Leave a Comment",
        "Comments are closed.",
        "Source link",
        "No comments:",
        "Post a Comment",
        "Leave a Reply",
        "Share this:",
        "Related",
        "Related Articles",
        "Subscribe",
        "3 Comments",
        "Tags: Kazakhstan, Russia",
    ],
)
def test_tail_markers(line: str) -> None:
    assert is_tail_marker(line)


def test_tail_marker_removes_everything_after_it() -> None:
    article = clean_text(page("A headline", BODY, MORE, "Share this:", "Other story", "Teaser..."))
    assert [block.text for block in article.blocks] == [BODY, MORE]
    assert article.removed == ("Share this:", "Other story", "Teaser...")


def test_marker_early_in_the_article_does_not_cut_it() -> None:
    article = clean_text(page("A headline", BODY, "Related", MORE, BODY, MORE))
    assert [block.text for block in article.blocks] == [BODY, "Related", MORE, BODY, MORE]
    assert article.removed == ()


def test_site_blurb_and_site_name_line_are_removed() -> None:
    blurb = "Welcome to Example Daily, your number one source for all things news."
    article = clean_text(page("A headline", BODY, MORE, "Example Daily", blurb))
    assert [block.text for block in article.blocks] == [BODY, MORE]
    assert article.removed == ("Example Daily", blurb)
    assert article.source == "Example Daily"


def test_wire_dateline_names_the_source_and_stays_in_the_text() -> None:
    first = "LONDON (Reuters) - " + BODY
    article = clean_text(page("A headline", first, MORE))
    assert article.source == "Reuters"
    assert article.blocks[0].text == first


# --- Stray quotation marks --------------------------------------------------------------------


def test_unbalanced_opening_quote_that_never_continues_is_dropped() -> None:
    article = clean_text(page("A headline", '"' + BODY, MORE))
    assert article.blocks[0].text == BODY


def test_quote_continued_in_the_next_paragraph_is_kept() -> None:
    article = clean_text(page("A headline", "“" + BODY, "“" + MORE + "”"))
    assert article.blocks[0].text == "“" + BODY


def test_balanced_quotes_are_kept() -> None:
    quoted = '"We will not go," he said, and left the room after the long meeting ended.'
    article = clean_text(page("A headline", quoted, MORE))
    assert article.blocks[0].text == quoted


def test_removed_and_blocks_are_sanitised() -> None:
    dirty = page("A \x1b]0;pwned\x07headline", BODY + "\x1b[2J", "Leave a Comment\x07")
    article = clean_text(dirty)
    assert article.title == "A headline"
    assert article.blocks[0].text == BODY
    assert article.removed == ("Leave a Comment",)
