"""Issue 13 changes what the parser makes of the same bytes (an image is now a line, footnotes
are kept, saved pages go through trafilatura, legacy encodings are read right). A highlight made
on the old reading of an unchanged file must not land on other words: it is re-attached when its
words are no longer where it says, even though the file's hash is the same."""

from __future__ import annotations

from pathlib import Path

from reader.core.annotate.anchor import Status
from reader.core.article import Article, ArticleMeta, Block
from reader.store.state import Store


def article(paragraphs: list[str]) -> Article:
    meta = ArticleMeta(id="notes", path="/lib/notes.md", title="Notes", content_hash="same")
    return Article(meta=meta, blocks=tuple(Block(text) for text in paragraphs))


def test_a_new_reading_of_the_same_file_moves_its_highlights(isolated_user: Path) -> None:
    text = [
        "The harbour opened at dawn, and the first boats went out with the tide.",
        "By seven the quay was full of carts, crates of fish and the smell of tar.",
        "The harbour master counted the boats twice, as he had done for thirty years.",
        "At noon the bell rang, and the ferry left for the island with forty passengers.",
        "In the evening the wind turned, and the boats came back one by one.",
    ]
    before = article(text)
    after = article([text[0], "[image: the quay at dawn]", *text[1:]])
    with Store.open(isolated_user) as store:
        start = before.body.index("ferry left")
        store.highlights.add(
            "notes", before.body, start, start + 10, content_hash=before.meta.content_hash
        )
        (moved,) = store.highlights.reanchor(after)
        assert (moved.status, after.body[moved.start : moved.end]) == (Status.MOVED, "ferry left")
        (again,) = store.highlights.reanchor(after)  # in place now: nothing more to do
        assert again == moved
