"""A library whose article changed under two highlights, for the tests of acting on suggestions:
one orphaned with a suggested place (its sentence rewritten: a name and a place changed, the
sentence after it too), one ambiguous (its paragraph now stands twice, context and all)."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotate.anchor import Status
from reader.core.library import load_article, load_index
from reader.store.state import Store
from tests.ui.conftest import ARTICLE

#: The highlighted sentence, as it was.
QUOTE = "Col. Smith met U.S. officials in Almaty on Monday."
#: What stands in its place now, and is suggested.
CANDIDATE = "It was cold. Col. Jones met U.S. officials in Astana on Monday."
#: The ambiguous highlight's words.
YURTS = "about the yurts"


def edited(ambiguous: bool) -> str:
    text = ARTICLE.replace(
        "Col. Smith met U.S. officials in Almaty on Monday. The talks ran late.",
        f"{CANDIDATE} The talks were short.",
    )
    if ambiguous:
        again = "A second paragraph follows, about the yurts. It has two sentences.\n\n"
        text = text.replace("A third paragraph", f"Intro.\n\n{again}A third paragraph")
    return text


def orphaned_library(folder: Path, data: Path, ambiguous: bool = False) -> dict[str, str]:
    """Writes the article into `folder`, highlights it in the store in `data`, edits it and
    re-attaches the highlights: their ids, by kind ("orphan", and "ambiguous" if asked)."""
    folder.mkdir(exist_ok=True)
    path = folder / "convoy.md"
    path.write_text(ARTICLE, encoding="utf-8")
    meta = load_index([folder]).articles[0]
    body = load_article(meta).body
    ids = {}
    with Store.open(data) as store:
        phrases = {"orphan": (QUOTE, "Who is Smith?"), "ambiguous": (YURTS, "")}
        for kind, (phrase, note) in phrases.items():
            if kind == "orphan" or ambiguous:
                start = body.index(phrase)
                made = store.highlights.add(
                    meta.id, body, start, start + len(phrase), "yellow", note,
                    content_hash=meta.content_hash,
                )  # fmt: skip
                ids[kind] = made.id
        path.write_text(edited(ambiguous), encoding="utf-8")
        found = {h.id: h for h in store.highlights.reanchor(load_article(meta))}
    assert found[ids["orphan"]].status == Status.ORPHANED
    assert found[ids["orphan"]].suggestion == CANDIDATE
    if ambiguous:
        assert found[ids["ambiguous"]].status == Status.AMBIGUOUS
    return ids
