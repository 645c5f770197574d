"""The search core: query syntax, normalisation, snippets, ranking rules, upkeep and its cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.article import Article, ArticleMeta, Block
from reader.core.search.cache import load_index_file, open_index, save_index, sync_index
from reader.core.search.index import SearchIndex
from reader.core.search.query import FilterSets, Term, normalise_word, parse_query
from reader.store.dirs import search_cache_path


def make(
    article_id: str,
    title: str,
    *paragraphs: str,
    source: str = "",
    byline: str = "",
    digest: str = "v1",
) -> Article:
    meta = ArticleMeta(
        id=article_id,
        path=f"/library/{article_id}.txt",
        title=title,
        source=source,
        byline=byline,
        content_hash=digest,
    )
    return Article(meta, tuple(Block(text) for text in paragraphs))


FILLER = "Nothing of note happens in this paragraph, which is here to take up room. " * 4

LIBRARY = [
    make("harbour", "Harbour ledgers", FILLER, "The harbour master kept ledgers of every ship."),
    make("yurts", "Tents of the steppe", "Felt yurts stand in Almaty.", FILLER),
    make("zurich", "A winter in Zürich", "Snow fell on the Straße by the lake.", source="NZZ"),
    make("mention", "Minor notes", FILLER, "Ledgers, ledgers, ledgers: the harbour again."),
    make("house", "On guests", "Once in your house, guests stay. Your house once had guests."),
]


@pytest.fixture
def index() -> SearchIndex:
    return SearchIndex.build(LIBRARY)


def ids(index: SearchIndex, query: str, filters: FilterSets | None = None) -> list[str]:
    return [hit.id for hit in index.search(query, filters=filters)]


# Queries and normalisation -------------------------------------------------------------------


def test_query_words_phrases_and_filters() -> None:
    query = parse_query('Café  "Once in YOUR house" is:bookmarked is:unr is:nonsense café')
    assert query.terms == (Term(("cafe",)), Term(("once", "in", "your", "house"), phrase=True))
    assert query.filters == {"bookmarked", "unread"}
    assert query.unknown == ("is:nonsense",)


def test_an_open_quote_is_a_phrase_up_to_the_end_its_last_word_still_typed() -> None:
    assert parse_query('putin "once in').terms[-1] == Term(("once", "in"), phrase=True, prefix=True)
    assert parse_query('putin "once in ').terms[-1] == Term(("once", "in"), phrase=True)
    assert parse_query('"once in,').terms[-1] == Term(("once", "in"), phrase=True)
    assert parse_query('"once in" x').terms[0] == Term(("once", "in"), phrase=True)


def test_filters_may_be_abbreviated_while_typing() -> None:
    assert parse_query("is:book").filters == {"bookmarked"}
    assert parse_query("is:re").filters == {"read"}
    assert parse_query("is:").unknown == ("is:",)


def test_words_are_compared_without_case_accents_or_compatibility_forms() -> None:
    assert normalise_word("Zürich") == "zurich"
    assert normalise_word("STRASSE") == normalise_word("Straße") == "strasse"
    assert normalise_word("ﬁle") == "file"


def test_accents_and_case_do_not_matter(index: SearchIndex) -> None:
    assert ids(index, "ZURICH") == ["zurich"]
    assert ids(index, "strasse") == ["zurich"]


# Ranking rules -------------------------------------------------------------------------------


def test_a_title_match_outranks_the_same_word_repeated_in_a_body(index: SearchIndex) -> None:
    assert ids(index, "ledgers")[:2] == ["harbour", "mention"]


def test_words_match_in_any_order_and_all_are_required(index: SearchIndex) -> None:
    assert ids(index, "master harbour") == ["harbour"]
    assert ids(index, "harbour master") == ["harbour"]


def test_when_no_article_has_every_word_the_closest_ones_are_ranked(index: SearchIndex) -> None:
    assert ids(index, "harbour qwertyuiop")[:2] == ["harbour", "mention"]


def test_the_word_being_typed_completes(index: SearchIndex) -> None:
    assert ids(index, "yur") == ["yurts"]
    assert ids(index, "steppe te")[0] == "yurts"


def test_a_word_typed_with_a_typo_still_completes(index: SearchIndex) -> None:
    assert ids(index, "ledgwrs")[:2] == ["harbour", "mention"]  # a whole word, one letter wrong
    assert ids(index, "ledgw")[:2] == ["harbour", "mention"]  # on its way, one letter wrong
    assert ids(index, "ledh") == []  # too few letters to forgive one
    assert ids(index, "lefger")[:2] == ["harbour", "mention"]
    assert ids(index, "hrbou")[:2] == ["harbour", "mention"]  # a letter left out
    assert ids(index, "hrbxu") == []  # two typos in five letters are too many
    [typo] = index.search("masyer")
    [right] = index.search("maste")
    assert typo.id == right.id == "harbour" and typo.score < right.score


def test_one_or_two_letters_complete_titles_only(index: SearchIndex) -> None:
    assert ids(index, "st") == ["yurts"]  # "steppe", not "stand"/"stay" in bodies


def test_source_and_byline_are_searched(index: SearchIndex) -> None:
    [hit] = index.search("nzz")
    assert (hit.id, hit.field) == ("zurich", "source")


def test_a_phrase_must_appear_in_order() -> None:
    index = SearchIndex.build(LIBRARY)
    assert ids(index, '"once in your house"') == ["house"]
    assert ids(index, '"house in your once"') == []
    assert ids(index, "house your in once") == ["house"]


def test_the_last_word_of_an_open_phrase_completes(index: SearchIndex) -> None:
    assert ids(index, '"once in your ho') == ["house"]
    assert ids(index, '"your house on') == ["house"]
    assert ids(index, '"your ho"') == []  # closed: "ho" is a whole word
    assert ids(index, '"your ho ') == []  # so is a word followed by a space
    [hit] = index.search('"harbour ma')
    assert hit.id == "harbour"
    assert [LIBRARY[0].body[start:end] for start, end in hit.match_offsets] == ["harbour master"]


def test_typing_a_phrase_narrows_what_it_found(index: SearchIndex) -> None:
    typed = '"guests stay'
    for end in range(2, len(typed) + 1):
        assert ids(index, typed[:end]) == ids(SearchIndex.build(LIBRARY), typed[:end]), typed[:end]
    assert ids(index, typed + " xq") == []
    assert ids(index, '"once in your') == ["house"]


# Snippets and offsets ------------------------------------------------------------------------


def test_snippet_marks_the_matched_words_and_offsets_point_into_the_body(
    index: SearchIndex,
) -> None:
    [hit] = index.search("harbour master")[:1]
    body = LIBRARY[0].body
    assert [hit.snippet[start:end] for start, end in hit.snippet_spans] == ["harbour", "master"]
    assert [body[start:end] for start, end in hit.match_offsets] == ["harbour", "master"]
    assert hit.offset == body.index("harbour master")
    assert hit.title_spans == ((0, 7),)
    assert "\n" not in hit.snippet


def test_the_snippet_is_the_passage_where_the_words_meet(index: SearchIndex) -> None:
    [hit] = index.search("guests once")
    body = LIBRARY[4].body
    assert [body[start:end] for start, end in hit.match_offsets] == [
        "Once",
        "guests",
        "once",
        "guests",
    ]
    assert hit.offset == 0


def test_a_title_only_match_shows_the_opening_of_the_body(index: SearchIndex) -> None:
    [hit] = index.search("minor")
    assert hit.field == "title"
    assert hit.offset == 0 and hit.match_offsets == ()
    assert hit.snippet.startswith("Nothing of note")
    assert hit.snippet.endswith("…")


# Filters and suggestions ---------------------------------------------------------------------


def test_filters_use_the_sets_the_caller_passes(index: SearchIndex) -> None:
    sets = FilterSets(bookmarked={"mention"}, highlighted={"yurts"}, read={"harbour"})
    assert ids(index, "ledgers is:bookmarked", sets) == ["mention"]
    assert ids(index, "ledgers is:unread", sets) == ["mention"]
    assert ids(index, "is:highlighted", sets) == ["yurts"]
    assert ids(index, "ledgers is:bookmarked") == []  # nothing bookmarked was passed in


def test_suggest_offers_the_closest_title(index: SearchIndex) -> None:
    assert index.suggest("winter in zurik") == "A winter in Zürich"
    assert SearchIndex().suggest("anything") is None


# Keeping the index current -------------------------------------------------------------------


def test_add_remove_and_replace(index: SearchIndex) -> None:
    index.add(make("new", "Glacier notes", "Ice moves slowly."))
    assert ids(index, "glacier") == ["new"]
    assert index.remove("new") and not index.remove("new")
    assert ids(index, "glacier") == []
    index.add(make("yurts", "Tents of the steppe", "Camels rest in the shade.", digest="v2"))
    assert ids(index, "camels") == ["yurts"]
    assert ids(index, "almaty") == []
    assert len(index) == 5


def test_many_removals_compact_without_changing_results() -> None:
    index = SearchIndex.build(
        make(f"a{n}", f"Title {n}", f"Common words and number{n}.") for n in range(200)
    )
    for n in range(0, 200, 2):
        index.remove(f"a{n}")
    assert len(index.removed) < 100  # compacted once tombstones passed a quarter
    assert ids(index, "number7")[0] == "a7"
    assert "a8" not in ids(index, "number8")
    assert len(index.search("common", limit=500)) == 100


def test_extra_texts_find_an_article_by_the_users_notes(index: SearchIndex) -> None:
    index.set_extras("house", ["Remember to quote this in the essay"])
    [hit] = index.search("essay")
    assert (hit.id, hit.field) == ("house", "extra")
    assert hit.snippet[hit.snippet_spans[0][0] : hit.snippet_spans[0][1]] == "essay"
    index.set_extras("house", [])
    assert index.search("essay") == []


# The cache -----------------------------------------------------------------------------------


def test_cache_round_trip_gives_the_same_results(index: SearchIndex, tmp_path: Path) -> None:
    path = tmp_path / "search.idx"
    assert save_index(index, path)
    loaded = load_index_file(path)
    assert loaded is not None
    for query in ("ledgers", "zurich", '"once in your house"', "yur", "nzz"):
        assert loaded.search(query) == index.search(query)


def test_sync_reparses_only_changed_articles_and_drops_gone_ones(tmp_path: Path) -> None:
    path = tmp_path / "search.idx"
    parsed: list[str] = []

    def load(meta: ArticleMeta) -> Article:
        parsed.append(meta.id)
        return next(article for article in current if article.id == meta.id)

    current = list(LIBRARY)
    open_index([a.meta for a in current], path, load)
    assert sorted(parsed) == sorted(a.id for a in LIBRARY)

    parsed.clear()
    current[1] = make("yurts", "Tents of the steppe", "Camels rest.", digest="v2")
    del current[0]
    index, report = open_index([a.meta for a in current], path, load)
    assert parsed == ["yurts"]
    assert (report.updated, report.removed) == (["yurts"], ["harbour"])
    assert ids(index, "camels") == ["yurts"] and ids(index, "master") == []

    parsed.clear()
    again = load_index_file(path)
    assert again is not None
    assert not sync_index(again, [a.meta for a in current], load).changed
    assert parsed == []


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_cache_is_rebuilt_not_trusted(
    index: SearchIndex, tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "search.idx"
    save_index(index, path)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[-10] ^= 0xFF
    elif damage == "garbage":
        data = bytearray(b"RDRSRCH\x00" + b"\xff" * 40)
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    assert load_index_file(path) is None
    rebuilt, report = open_index([a.meta for a in LIBRARY], path, lambda meta: _by_id(meta.id))
    assert len(report.added) == len(LIBRARY)
    assert ids(rebuilt, "ledgers")[:2] == ["harbour", "mention"]
    assert load_index_file(path) is not None  # and written back sound


def test_each_set_of_library_folders_has_its_own_cache(tmp_path: Path) -> None:
    first = search_cache_path([tmp_path / "a"], tmp_path)
    assert first == search_cache_path([tmp_path / "a"], tmp_path)
    assert first != search_cache_path([tmp_path / "b"], tmp_path)


def _by_id(article_id: str) -> Article:
    return next(article for article in LIBRARY if article.id == article_id)
