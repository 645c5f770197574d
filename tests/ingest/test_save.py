"""Saving into the library: clean files the parser reads back, safe names, updates in place."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotate.anchor import Status
from reader.core.article import Block, BlockKind
from reader.core.library import load_index
from reader.core.text.markdown_text import parse_markdown
from reader.core.text.parse import parse_file
from reader.ingest.extract import Page
from reader.ingest.pipeline import add_url, keep
from reader.ingest.save import MAX_SLUG, render, safe_name, save_page, site_folder, url_key
from reader.store.dirs import default_roots
from reader.store.state import Store
from tests.ingest.pages import HOSTILE_PARAGRAPHS, PAGES
from tests.ingest.server import LocalSite


def page(text: str = "First paragraph of the story, long enough.", **fields: object) -> Page:
    values: dict[str, object] = {
        "url": "https://news.example/a/story",
        "title": "A story",
        "blocks": (Block(text), Block("The second and last paragraph.")),
        "byline": "Ann Writer",
        "date": "2024-05-01",
        "site": "News Example",
    }
    values.update(fields)
    return Page(**values)  # type: ignore[arg-type]


def test_saved_page_is_read_back_with_all_its_metadata(library: Path, site: LocalSite) -> None:
    added = add_url(site.url(PAGES["news"].path), library)
    assert added.saved.status == "new"
    article = parse_file(added.saved.path, library)
    assert article.meta.title == PAGES["news"].title
    assert article.meta.byline == "Maria Okonkwo"
    assert article.meta.date == "2024-03-14"
    assert article.meta.source == "The Harbour Gazette"
    assert article.meta.url == site.url(PAGES["news"].path)
    assert article.meta.id == added.saved.article_id
    assert article.paragraphs[-1].endswith(PAGES["news"].last)


def test_saved_article_appears_in_the_library_index(library: Path, site: LocalSite) -> None:
    added = add_url(site.url(PAGES["blog"].path), library)
    index = load_index(default_roots(library.parent))
    found = {meta.id: meta for meta in index.articles}
    assert found[added.saved.article_id].source == "Slow Computing"


def test_markdown_lookalikes_survive_the_round_trip(library: Path, site: LocalSite) -> None:
    added = add_url(site.url("/odd/hostile"), library)
    paragraphs = parse_file(added.saved.path, library).paragraphs
    for expected in HOSTILE_PARAGRAPHS:
        assert expected in paragraphs
    raw = added.saved.path.read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\u202e" not in raw


@given(
    st.lists(
        st.text(
            alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
            min_size=1,
            max_size=60,
        ).map(lambda text: " ".join(text.split())),
        min_size=1,
        max_size=4,
    )
)
def test_any_paragraph_text_is_read_back_exactly(texts: list[str]) -> None:
    blocks = tuple(Block(text) for text in texts if text)
    markdown = render(page(blocks=blocks, title="T"))
    parsed = parse_markdown(markdown)
    kept = [block.text for block in parsed.blocks] + list(parsed.removed)
    for block in blocks:
        assert block.text in kept


def test_fence_lookalike_paragraph_does_not_swallow_the_rest() -> None:
    blocks = (Block("```"), Block("~~~ tilde"), Block("after the fences"))
    parsed = parse_markdown(render(page(blocks=blocks)))
    assert [block.text for block in parsed.blocks] == ["```", "~~~ tilde", "after the fences"]


def test_every_block_kind_is_read_back() -> None:
    blocks = (
        Block("A heading", BlockKind.HEADING),
        Block("Some words in a paragraph of text.", BlockKind.TEXT),
        Block("a quoted line", BlockKind.QUOTE),
        Block("an item", BlockKind.ITEM),
        Block("code with ``` fences\n  indented", BlockKind.CODE),
    )
    parsed = parse_markdown(render(page(blocks=blocks)))
    assert [(block.text, block.kind) for block in parsed.blocks] == [
        (block.text, block.kind) for block in blocks
    ]


_CELL = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), max_size=20
).map(lambda text: " ".join(text.split()))


@given(st.lists(st.lists(_CELL, min_size=2, max_size=2), min_size=1, max_size=4))
def test_a_table_is_read_back_cell_by_cell(rows: list[list[str]]) -> None:
    """Issue 13: a web page's table is saved as a Markdown table, not rows run together."""
    text = "\n".join("\t".join(row) for row in rows)
    if not text.strip():
        return
    parsed = parse_markdown(render(page(blocks=(Block(text, BlockKind.TABLE),), title="T")))
    assert [block.text for block in parsed.blocks if block.kind is BlockKind.TABLE] == [text]


def test_file_names_are_safe_and_bounded(library: Path) -> None:
    hostile = "../../etc/\x1b]0;x\x07passwd\n" + "long " * 100
    saved = save_page(library, page(title=hostile, url="https://x.example/../../etc/passwd"))
    assert saved.path.parent.parent == library
    assert saved.path.parent.name == "x.example"
    name = saved.path.name
    assert "/" not in name and "\x1b" not in name and not name.startswith(".")
    assert len(name) <= MAX_SLUG + 20
    assert safe_name("") == "article" and safe_name("...") == "article"
    assert site_folder("http://127.0.0.1:8080/a") == "127.0.0.1_8080"


def test_url_key_ignores_fragment_and_case_of_host() -> None:
    assert url_key("https://News.Example/a?id=1#top") == url_key("https://news.example/a?id=1")
    assert url_key("https://news.example/a?id=1") != url_key("https://news.example/a?id=2")


def test_saving_the_same_url_again_updates_the_same_file(library: Path) -> None:
    first = save_page(library, page())
    again = save_page(library, page())
    changed = save_page(library, page("A corrected first paragraph.", title="A new headline"))
    assert (first.status, again.status, changed.status) == ("new", "unchanged", "updated")
    assert first.path == again.path == changed.path
    assert first.article_id == changed.article_id
    assert "A new headline" in changed.path.read_text(encoding="utf-8")
    assert len(list(library.rglob("*.md"))) == 1


def test_update_reattaches_highlights_and_counts_orphans(library: Path, tmp_path: Path) -> None:
    kept_words = "The second and last paragraph."
    first = save_page(library, page("Words that will be rewritten entirely by the editors."))
    article = parse_file(first.path, library)
    with Store.open(tmp_path / "data") as store:
        for words in (kept_words, "rewritten entirely"):
            start = article.body.index(words)
            store.highlights.add(
                article.id, article.body, start, start + len(words),
                content_hash=article.meta.content_hash,
            )  # fmt: skip
        added = keep(page("Something else now stands at the top, fully different."), library, store)
        statuses = sorted(str(h.status) for h in store.highlights.for_article(first.article_id))
    assert added.saved.status == "updated"
    assert (added.reattached, added.orphaned) == (1, 1)
    assert statuses == sorted([str(Status.MOVED), str(Status.ORPHANED)])
    assert "1 highlight re-attached, 1 orphaned" in added.summary()
