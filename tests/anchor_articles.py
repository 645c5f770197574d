"""Articles to re-anchor highlights in: the bundled seeds cut into sentences, and generated news
full of look-alike sentences (the same frame with another name or number), where a highlight
attached to the wrong words is easiest to make. Shared by the anchoring tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from reader.core.text.parse import parse_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: A sentence: up to its final punctuation (and closing quote), never across a line break.
SENTENCE = re.compile(r"[^\s.!?][^.!?\n]*[.!?]+[\"'\u201d\u2019)]?")
NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")


@dataclass(frozen=True, slots=True)
class Sentence:
    """Where one sentence stands in a body: [start, end)."""

    start: int
    end: int


@cache
def seed_bodies() -> dict[str, str]:
    """Each seed's body as the reader shows it (parsed as the app parses it)."""
    return {path.name[:3]: parse_file(path, path.parent).body for path in sorted(SEEDS.iterdir())}


def sentences(body: str) -> list[Sentence]:
    return [Sentence(match.start(), match.end()) for match in SENTENCE.finditer(body)]


def without(body: str, start: int, end: int) -> str:
    """The body with [start, end) deleted, as an editor would: one space left between sentences,
    and a paragraph left empty removed with its break."""
    before, after = body[:start].rstrip(" "), body[end:].lstrip(" ")
    if before.endswith("\n") or not before:
        return before + after.lstrip("\n") if after.startswith("\n") else before + after
    if after.startswith("\n") or not after:
        return before + after
    return before + " " + after


# Generated news ------------------------------------------------------------------------------

NAMES = ["Tokayev", "Putin", "Nazarbayev", "Lukashenko", "Biden", "Zelensky", "Macron"]
PLACES = ["Almaty", "Kiev", "Moscow", "Minsk", "Astana", "Geneva", "Brussels"]
NUMBERS = ["12", "14", "160", "2,000", "6,000", "38", "1991"]
THINGS = ["grain", "gas", "fuel", "troops", "wheat", "oil", "coal"]
#: Frames that are never the end of another frame, so a filled sentence never hides in another.
FRAMES = [
    "{name} said the talks in {place} would resume on {number} May.",
    "Officials in {place} counted {number} protesters outside the parliament building.",
    "{name} met {other} in {place} to discuss the supply of {thing}.",
    "According to {name}, at least {number} people were detained in {place} overnight.",
    "The price of {thing} rose by {number} percent after {name} spoke in {place}.",
    "Reporters waited in {place} while {name} and {other} argued about {thing}.",
    "In {place}, {name} promised that {number} tonnes of {thing} would arrive by spring.",
    "Nobody in {place} expected {name} to sign the agreement on {thing} so quickly.",
]


@dataclass(frozen=True, slots=True)
class Filled:
    """One frame with its slots filled: the material of a generated sentence."""

    frame: int
    name: int
    other: int
    place: int
    number: int
    thing: int

    def text(self) -> str:
        other = NAMES[(self.name + 1 + self.other % (len(NAMES) - 1)) % len(NAMES)]
        return FRAMES[self.frame].format(
            name=NAMES[self.name],
            other=other,
            place=PLACES[self.place],
            number=NUMBERS[self.number],
            thing=THINGS[self.thing],
        )


def slot(pool: list[str]) -> st.SearchStrategy[int]:
    return st.integers(0, len(pool) - 1)


FILLED = st.builds(
    Filled,
    frame=slot(FRAMES),
    name=slot(NAMES),
    other=slot(NAMES),
    place=slot(PLACES),
    number=slot(NUMBERS),
    thing=slot(THINGS),
)


@st.composite
def news(draw: st.DrawFn, least: int = 4, most: int = 24) -> list[list[str]]:
    """Paragraphs of distinct generated sentences, many of them look-alikes of each other."""
    filled = draw(st.lists(FILLED, min_size=least, max_size=most, unique_by=Filled.text))
    paragraphs: list[list[str]] = []
    rest = [item.text() for item in filled]
    while rest:
        size = draw(st.integers(1, 4))
        paragraphs.append(rest[:size])
        rest = rest[size:]
    return paragraphs


def joined(paragraphs: list[list[str]]) -> tuple[str, list[Sentence]]:
    """The body of these paragraphs and where each sentence stands in it, in order."""
    body = ""
    places: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            body += "\n\n"
        for index, sentence in enumerate(paragraph):
            if index:
                body += " "
            places.append(Sentence(len(body), len(body) + len(sentence)))
            body += sentence
    return body, places
