"""The library's search filters: `tag:`, `-tag:`, `in:` and `is:`, parsed into plain terms by
the core and resolved against the library state the caller reads from the store."""

from __future__ import annotations

import pytest

from reader.core.article import Article, ArticleMeta, Block
from reader.core.search.filters import allowed_ids, filter_sets, in_library_scope
from reader.core.search.index import SearchIndex
from reader.core.search.query import Term, parse_query
from reader.core.shelf import ArticleState, Location
from reader.store.state import Store


def make(article_id: str, title: str, text: str) -> Article:
    meta = ArticleMeta(id=article_id, path=f"/library/{article_id}.txt", title=title)
    return Article(meta, (Block(text),))


LIBRARY = [
    make("ships", "Harbour ledgers", "The harbour master kept ledgers of every ship."),
    make("tents", "Tents of the steppe", "Felt yurts stand in Almaty by the harbour."),
    make("snow", "A winter in Zürich", "Snow fell on the harbour by the lake."),
    make("guests", "On guests", "Once in your house, guests stay."),
]

STATES = {
    "ships": ArticleState("ships", Location.ARCHIVE, read=True, tags=("History", "Sea")),
    "tents": ArticleState("tents", tags=("Machine Learning",), highlights=2),
    "snow": ArticleState("snow", Location.TRASH, tags=("sea",), bookmarked=True),
}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(LIBRARY)


def found(index: SearchIndex, text: str, scoped: bool = False) -> list[str]:
    query = parse_query(text)
    if scoped:
        query = in_library_scope(query)
    return sorted(hit.id for hit in index.search(query, filters=filter_sets(STATES)))


def test_filters_parse_into_plain_terms() -> None:
    query = parse_query('harbour tag:Sea -TAG:history in:arch is:read -is:book tag:"Machine  L"')
    assert query.terms == (Term(("harbour",)),)
    assert query.filters == {
        "tag:sea",
        "-tag:history",
        "in:archive",
        "read",
        "-bookmarked",
        "tag:machine l",
    }
    assert query.unknown == ()


def test_filters_that_name_nothing_are_reported() -> None:
    query = parse_query("in:attic in: tag: is:nothing harbour")
    assert query.unknown == ("in:attic", "in:", "tag:", "is:nothing")
    assert query.terms == (Term(("harbour",)),) and query.filters == frozenset()


def test_a_word_that_merely_contains_a_colon_is_a_word() -> None:
    assert parse_query("ratio:3").terms == (Term(("ratio",)), Term(("3",)))


def test_tag_filters_combine_with_words(index: SearchIndex) -> None:
    assert found(index, "harbour tag:sea") == ["ships", "snow"]  # any case of the tag
    assert found(index, "harbour -tag:SEA") == ["tents"]
    assert found(index, 'tag:"machine learning"') == ["tents"]
    assert found(index, "tag:sea -tag:history") == ["snow"]
    assert found(index, "tag:nobody") == []


def test_places_and_states(index: SearchIndex) -> None:
    assert found(index, "harbour in:inbox") == ["tents"]  # an article never seen is there too
    assert found(index, "in:inbox") == ["guests", "tents"]
    assert found(index, "harbour in:archive") == ["ships"]
    assert found(index, "in:trash is:bookmarked") == ["snow"]
    assert found(index, "harbour is:unread") == ["snow", "tents"]
    assert found(index, "harbour is:read") == ["ships"]
    assert found(index, "is:highlighted") == ["tents"]
    assert found(index, "harbour -in:archive -is:highlighted") == ["snow"]


def test_the_library_scope_hides_the_trash_unless_asked(index: SearchIndex) -> None:
    assert found(index, "harbour", scoped=True) == ["ships", "tents"]
    assert found(index, "harbour in:trash", scoped=True) == ["snow"]
    assert in_library_scope(parse_query("")).filters == frozenset()
    gone = {"tents": ArticleState("tents", Location.DELETED)}
    query = in_library_scope(parse_query("harbour"))
    assert allowed_ids(query, filter_sets(gone), ["ships", "tents", "snow"]) == ["ships", "snow"]


def test_resolved_from_the_store() -> None:
    store = Store.memory()
    store.tags.tag(["ships", "snow"], ["Sea"])
    store.library.move(["snow"], Location.ARCHIVE)
    sets = filter_sets(store.library.states())
    query = parse_query("tag:sea -in:archive")
    assert allowed_ids(query, sets, [a.id for a in LIBRARY]) == ["ships"]
