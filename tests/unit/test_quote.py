"""`y` copies a passage as a Markdown quote with its title and note: exactly what gets pasted."""

from __future__ import annotations

import pytest

from reader.core.annotate.quote import markdown_quote

TITLE = "Kazakhstan increases uncertainty in talks with Russia about Ukraine"


def test_one_sentence_with_title() -> None:
    assert markdown_quote("The US has been warning for weeks.", title=TITLE) == (
        f"> The US has been warning for weeks.\n\n— {TITLE}\n"
    )


def test_paragraph_breaks_become_quote_lines_and_blank_runs_fold() -> None:
    text = "\n\nFirst paragraph.\n\nSecond paragraph,\non two lines.\n\n\n\nThird.  \n\n"
    assert markdown_quote(text, title="T") == (
        "> First paragraph.\n>\n> Second paragraph,\n> on two lines.\n>\n> Third.\n\n— T\n"
    )


def test_source_and_note_follow_the_quote() -> None:
    quoted = markdown_quote(
        "Biden is therefore also less likely to compromise.",
        title="Say no to Putin",
        source="Al Jazeera",
        note="Compare with the AP piece.\n\n\nAsked twice?  ",
    )
    assert quoted == (
        "> Biden is therefore also less likely to compromise.\n"
        "\n"
        "— Say no to Putin, Al Jazeera\n"
        "\n"
        "Compare with the AP piece.\n"
        "\n"
        "Asked twice?\n"
    )


def test_web_address_links_the_title_with_brackets_and_spaces_escaped() -> None:
    quoted = markdown_quote(
        "Quote.", title="The [draft] plan", source="Reuters", url="https://ex.org/a b(1)"
    )
    assert quoted.splitlines()[2] == (
        r"— [The \[draft\] plan](https://ex.org/a%20b%281%29), Reuters"
    )


@pytest.mark.parametrize(
    "url", ["/home/me/articles/a.html", "file:///etc/passwd", "javascript:alert(1)", ""]
)
def test_addresses_that_are_not_web_addresses_are_left_out(url: str) -> None:
    assert markdown_quote("Quote.", title="Plain", url=url) == "> Quote.\n\n— Plain\n"


def test_control_sequences_never_reach_the_clipboard() -> None:
    quoted = markdown_quote(
        "Safe \x1b]52;c;ZXZpbA==\x07text\u202e here.",
        title="Title\x1b[31m red\nsecond line",
        source="\x9b2JSource",
        note="A note\x1b[2J with\r\nCRLF.",
    )
    assert quoted == (
        "> Safe text here.\n\n— Title red second line, Source\n\nA note with\nCRLF.\n"
    )
    assert not any(ord(char) < 0x20 and char != "\n" for char in quoted)


def test_markdown_in_the_passage_is_copied_as_written() -> None:
    assert markdown_quote("*Not* [a link](x)", title="T").startswith("> *Not* [a link](x)\n")


def test_no_title_no_attribution_line() -> None:
    assert markdown_quote("Just this.", title="  ", note="mine") == "> Just this.\n\nmine\n"


@pytest.mark.parametrize("text", ["", "  \n\n \t", "\x1b[2J"])
def test_a_blank_passage_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="nothing to quote"):
        markdown_quote(text, title="T")
