"""The adversarial library, loaded with the library code: every file gets its expected outcome.

The library is generated once per module (`tests/adversarial/generate.py`, deterministic) and
indexed once; each case is then one parametrised test, so a report names the cases that fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.core.library import LibraryIndex, load_index
from tests.adversarial.check import cannot_run, failures
from tests.adversarial.generate import LOADED, Case, Library, all_cases, generate, restore

CASES = all_cases()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    made = generate(tmp_path_factory.mktemp("adversarial"))
    yield made
    restore(made.root)


@pytest.fixture(scope="module")
def index(library: Library, tmp_path_factory: pytest.TempPathFactory) -> LibraryIndex:
    cache = tmp_path_factory.mktemp("cache") / "index.json"
    return load_index([library.library], cache)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_outcome(case: Case, library: Library, index: LibraryIndex) -> None:
    reason = cannot_run(case, library)
    if reason:
        pytest.skip(reason)
    assert failures(case, library, index) == []


def test_every_bad_entry_is_reported_once_and_the_walk_goes_on(
    library: Library, index: LibraryIndex
) -> None:
    """Bad files come first in name order in several folders; every good file is still found."""
    impossible = tuple(library.path_of(case) for case in CASES if cannot_run(case, library))
    possible = [case for case in CASES if library.path_of(case) not in impossible]
    expected_loaded = {library.path_of(case) for case in possible if case.expect == LOADED}
    expected_skipped = {library.path_of(case) for case in possible if case.expect != LOADED}
    found = {meta.path for meta in index.articles if not meta.path.startswith(impossible)}
    assert found == expected_loaded
    reported = [problem.path for problem in index.problems]
    assert len(reported) == len(set(reported))
    assert set(reported) == expected_skipped


def test_files_that_are_not_articles_are_neither_listed_nor_reported(
    library: Library, index: LibraryIndex
) -> None:
    ignored = str(library.library / "ignored")
    assert not [meta for meta in index.articles if meta.path.startswith(ignored)]
    assert not [problem for problem in index.problems if problem.path.startswith(ignored)]
    assert not [meta for meta in index.articles if "outside" in Path(meta.path).parts]


def test_cached_second_run_gives_the_same_outcome(
    library: Library, tmp_path: Path, index: LibraryIndex
) -> None:
    cache = tmp_path / "index.json"
    first = load_index([library.library], cache)
    second = load_index([library.library], cache)
    assert second.articles == first.articles == index.articles
    assert sorted(second.problems, key=str) == sorted(first.problems, key=str)


def test_generation_is_deterministic(tmp_path: Path) -> None:
    one = generate(tmp_path / "one", big=False)
    two = generate(tmp_path / "two", big=False)
    try:
        for case in one.cases:
            if case.kind == "file":
                first = Path(one.path_of(case)).read_bytes()
                assert first == Path(two.path_of(case)).read_bytes()
    finally:
        restore(tmp_path)
