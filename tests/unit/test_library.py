"""Discovery of article files, the cached index, ordering and lookup."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.core.article import Article, ArticleMeta, Block, resolve_id
from reader.core.library import (
    Problem,
    bundled_seeds_dir,
    discover,
    load_article,
    load_index,
)
from reader.core.library import index as library
from reader.core.text.parse import ParseError, article_id, parse_file
from reader.store.dirs import default_roots, library_dir

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write(path: Path, text: str = "A title\n\nSome words of body text.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def found(paths: list[Path]) -> tuple[list[tuple[Path, Path]], list[Problem]]:
    problems: list[Problem] = []
    return list(discover(paths, problems)), problems


def names(pairs: list[tuple[Path, Path]], root: Path) -> list[str]:
    return [file.relative_to(root).as_posix() for file, _ in pairs]


class Spy:
    """Counts calls to the real parser."""

    def __init__(self) -> None:
        self.calls: list[Path] = []

    def __call__(self, path: Path, root: Path) -> Article:
        self.calls.append(Path(path))
        return parse_file(path, root)


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    spy = Spy()
    monkeypatch.setattr(library, "parse_file", spy)
    return spy


FakeParse = Callable[[Path, Path], Article]


@pytest.fixture
def fake_parse(monkeypatch: pytest.MonkeyPatch) -> FakeParse:
    """A parser driven by the file: `date: …` lines set the date, `BROKEN` fails to parse."""

    def parse(path: Path, root: Path) -> Article:
        text = Path(path).read_text(encoding="utf-8")
        if text.startswith("BROKEN"):
            raise ParseError("no text in it")
        date = None
        for line in text.splitlines():
            if line.startswith("date: "):
                date = line.removeprefix("date: ")
        rel = Path(path).relative_to(root).as_posix()
        meta = ArticleMeta(id=article_id(rel), path=str(path), title=rel, date=date, words=3)
        return Article(meta, (Block(text),))

    monkeypatch.setattr(library, "parse_file", parse)
    return parse


# Discovery ---------------------------------------------------------------------------------


def test_nested_folders_in_name_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.md", "a/b/c.html", "c.htm", "A.TXT", "skip.pdf", "notes"):
        write(tmp_path / name)
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["A.TXT", "a/b/c.html", "a/z.md", "b.txt", "c.htm"]
    assert {root for _, root in pairs} == {tmp_path}
    assert problems == []


def test_hidden_files_and_folders_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".hidden.txt")
    write(tmp_path / ".git" / "x.txt")
    write(tmp_path / "shown.txt")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["shown.txt"]
    assert problems == []


def test_single_file_uses_its_parent_as_root(tmp_path: Path) -> None:
    article = write(tmp_path / "sub" / "one.txt")
    pairs, _ = found([article])
    assert pairs == [(article, article.parent)]


def test_missing_path_and_wrong_suffix_are_problems(tmp_path: Path) -> None:
    write(tmp_path / "paper.pdf")
    pairs, problems = found([tmp_path / "nope", tmp_path / "paper.pdf"])
    assert pairs == []
    assert problems[0].reason == "no such file or folder"
    assert problems[0].path == str(tmp_path / "nope")
    assert "not an article file" in problems[1].reason


def test_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["a/x.txt"]
    assert len(problems) == 2
    assert all("loop" in problem.reason for problem in problems)


def test_symlinks_leaving_the_root_are_not_followed(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    write(outside / "secret.txt")
    write(root / "inside.txt")
    (root / "out").symlink_to(outside)
    (root / "out.txt").symlink_to(outside / "secret.txt")
    pairs, problems = found([root])
    assert names(pairs, root) == ["inside.txt"]
    assert sorted(problem.path for problem in problems) == [
        str(root / "out"),
        str(root / "out.txt"),
    ]
    assert all("outside" in problem.reason for problem in problems)


def test_symlinks_inside_the_root_are_followed_once(tmp_path: Path) -> None:
    write(tmp_path / "b" / "x.txt")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "c.txt").symlink_to(tmp_path / "b" / "x.txt")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["a/x.txt"]
    assert problems == []


def test_broken_symlink_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    pairs, problems = found([tmp_path])
    assert pairs == []
    assert [problem.reason for problem in problems] == ["broken symlink"]


def test_fifo_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path / "real.txt")
    pairs, problems = found([tmp_path])
    assert names(pairs, tmp_path) == ["real.txt"]
    assert [problem.path for problem in problems] == [str(tmp_path / "pipe.txt")]
    index = load_index([tmp_path])  # would hang forever if the FIFO were opened
    assert len(index.articles) == 1


def test_overlapping_paths_yield_each_file_once(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "x.txt")
    pairs, _ = found([tmp_path, tmp_path / "sub", tmp_path / "sub" / "x.txt"])
    assert len(pairs) == 1


@pytest.mark.skipif(IS_ROOT, reason="root can read everything")
def test_unreadable_folder_and_file_are_problems(tmp_path: Path) -> None:
    write(tmp_path / "locked" / "x.txt")
    secret = write(tmp_path / "secret.txt")
    write(tmp_path / "ok.txt")
    (tmp_path / "locked").chmod(0)
    secret.chmod(0)
    try:
        index = load_index([tmp_path])
    finally:
        (tmp_path / "locked").chmod(0o700)
        secret.chmod(0o600)
    assert [Path(meta.path).name for meta in index.articles] == ["ok.txt"]
    assert sorted(Path(problem.path).name for problem in index.problems) == ["locked", "secret.txt"]


def test_read_error_while_parsing_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "x.txt")

    def denied(path: Path, root: Path) -> Article:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(library, "parse_file", denied)
    index = load_index([tmp_path], tmp_path / "cache.json")
    assert index.articles == []
    assert index.problems == [Problem(str(tmp_path / "x.txt"), "permission denied")]


def test_unreadable_file_is_not_cached_as_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chmod fixes an unreadable file without changing its mtime: it must be tried again."""
    article = write(tmp_path / "x.txt")
    cache = tmp_path / "cache.json"

    def denied(path: Path, root: Path) -> Article:
        try:
            raise PermissionError(13, "Permission denied", str(path))
        except OSError as error:
            raise ParseError("cannot read file: permission denied") from error

    monkeypatch.setattr(library, "parse_file", denied)
    index = load_index([tmp_path], cache)
    assert index.problems == [Problem(str(article), "cannot read file: permission denied")]
    monkeypatch.setattr(library, "parse_file", parse_file)
    index = load_index([tmp_path], cache)
    assert index.problems == []
    assert len(index.articles) == 1


# Index and cache ---------------------------------------------------------------------------


def test_seeds_are_indexed(seeds_dir: Path) -> None:
    index = load_index([seeds_dir])
    assert len(index.articles) == 5
    assert index.problems == []
    assert len({meta.id for meta in index.articles}) == 5


def test_second_load_parses_nothing(tmp_path: Path, spy: Spy) -> None:
    for number in range(5):
        write(tmp_path / "lib" / f"{number}.txt", f"Title {number}\n\nBody {number}.\n")
    cache = tmp_path / "cache" / "index.json"
    first = load_index([tmp_path / "lib"], cache)
    assert len(spy.calls) == 5
    spy.calls.clear()
    second = load_index([tmp_path / "lib"], cache)
    assert spy.calls == []
    assert second == first
    assert [p.name for p in cache.parent.iterdir()] == ["index.json"]  # no temp files left


def test_unchanged_cache_is_not_rewritten(tmp_path: Path, spy: Spy) -> None:
    write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "index.json"
    load_index([tmp_path / "lib"], cache)
    os.utime(cache, ns=(0, 0))
    load_index([tmp_path / "lib"], cache)
    assert cache.stat().st_mtime_ns == 0


def test_changed_file_is_parsed_again(tmp_path: Path, spy: Spy) -> None:
    a = write(tmp_path / "lib" / "a.txt", "First title\n\nBody.\n")
    write(tmp_path / "lib" / "b.txt")
    cache = tmp_path / "index.json"
    load_index([tmp_path / "lib"], cache)
    spy.calls.clear()
    write(a, "Second title\n\nA longer body than before.\n")
    index = load_index([tmp_path / "lib"], cache)
    assert spy.calls == [a]
    assert "Second title" in [meta.title for meta in index.articles]


def test_touched_file_is_parsed_again(tmp_path: Path, spy: Spy) -> None:
    a = write(tmp_path / "a.txt")
    cache = tmp_path / "cache.json"
    load_index([a], cache)
    spy.calls.clear()
    os.utime(a, ns=(1, 1))
    load_index([a], cache)
    assert spy.calls == [a]


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\xff\xfe", b"[]", b'{"version": 1, "files": 3}', b"[" * 100000],
)
def test_corrupt_cache_is_rebuilt(tmp_path: Path, spy: Spy, content: bytes) -> None:
    write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "index.json"
    cache.write_bytes(content)
    index = load_index([tmp_path / "lib"], cache)
    assert len(index.articles) == 1
    assert json.loads(cache.read_text())["version"] == library.CACHE_VERSION


def test_malformed_cache_entries_are_parsed_again(tmp_path: Path, spy: Spy) -> None:
    a = write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "index.json"
    load_index([tmp_path / "lib"], cache)
    document = json.loads(cache.read_text())
    document["files"][str(a)]["meta"]["words"] = "many"
    cache.write_text(json.dumps(document))
    spy.calls.clear()
    index = load_index([tmp_path / "lib"], cache)
    assert spy.calls == [a]
    assert isinstance(index.articles[0].words, int)


def test_unwritable_cache_is_only_slower(tmp_path: Path, spy: Spy) -> None:
    write(tmp_path / "lib" / "a.txt")
    (tmp_path / "file").write_text("")
    index = load_index([tmp_path / "lib"], tmp_path / "file" / "index.json")
    assert len(index.articles) == 1


def test_cache_version_bump_invalidates(
    tmp_path: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "lib" / "a.txt")
    cache = tmp_path / "index.json"
    load_index([tmp_path / "lib"], cache)
    monkeypatch.setattr(library, "CACHE_VERSION", library.CACHE_VERSION + 1)
    spy.calls.clear()
    load_index([tmp_path / "lib"], cache)
    assert len(spy.calls) == 1


def test_cache_keeps_other_folders_and_forgets_deleted_files(tmp_path: Path, spy: Spy) -> None:
    one = write(tmp_path / "one" / "a.txt")
    two = write(tmp_path / "two" / "b.txt")
    gone = write(tmp_path / "one" / "gone.txt")
    cache = tmp_path / "index.json"
    load_index([tmp_path / "one", tmp_path / "two"], cache)
    gone.unlink()
    load_index([tmp_path / "one"], cache)
    assert set(json.loads(cache.read_text())["files"]) == {str(one), str(two)}
    spy.calls.clear()
    load_index([tmp_path / "one", tmp_path / "two"], cache)
    assert spy.calls == []


def test_parse_errors_are_problems_and_cached(
    tmp_path: Path, fake_parse: FakeParse, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "lib" / "bad.txt", "BROKEN")
    write(tmp_path / "lib" / "good.txt", "fine")
    cache = tmp_path / "index.json"
    index = load_index([tmp_path / "lib"], cache)
    assert [Path(meta.path).name for meta in index.articles] == ["good.txt"]
    assert index.problems == [Problem(str(tmp_path / "lib" / "bad.txt"), "no text in it")]

    def fail(path: Path, root: Path) -> Article:
        raise AssertionError(f"parsed {path} again")

    monkeypatch.setattr(library, "parse_file", fail)
    assert load_index([tmp_path / "lib"], cache) == index


def test_every_file_broken_gives_an_empty_index(tmp_path: Path, fake_parse: FakeParse) -> None:
    write(tmp_path / "a.txt", "BROKEN")
    write(tmp_path / "b.txt", "BROKEN")
    index = load_index([tmp_path])
    assert index.articles == []
    assert len(index.problems) == 2


def test_newest_first_then_undated_in_discovery_order(
    tmp_path: Path, fake_parse: FakeParse
) -> None:
    write(tmp_path / "1.txt", "no date")
    write(tmp_path / "2.txt", "date: 2021-05-01")
    write(tmp_path / "3.txt", "no date")
    write(tmp_path / "4.txt", "date: 2023-01-01T10:00:00+02:00")
    write(tmp_path / "5.txt", "date: 2023-01-01T09:00:00Z")
    write(tmp_path / "6.txt", "date: not a date")
    write(tmp_path / "7.txt", "date: 2021-05-01")
    index = load_index([tmp_path])
    order = [Path(meta.path).name for meta in index.articles]
    assert order == ["5.txt", "4.txt", "2.txt", "7.txt", "1.txt", "3.txt", "6.txt"]


def test_same_id_under_two_roots_is_reported(tmp_path: Path, fake_parse: FakeParse) -> None:
    write(tmp_path / "one" / "a.txt", "x")
    write(tmp_path / "two" / "a.txt", "y")
    index = load_index([tmp_path / "one", tmp_path / "two"])
    assert len(index.articles) == 1
    assert "same article id" in index.problems[0].reason


def test_load_article_keeps_the_index_id(tmp_path: Path) -> None:
    write(tmp_path / "deep" / "er" / "x.txt", "A title\n\nFirst paragraph.\n\nSecond one.\n")
    index = load_index([tmp_path])
    meta = index.articles[0]
    article = load_article(meta)
    assert article.id == meta.id
    assert article.meta.path == meta.path
    assert "Second one." in article.body


def test_resolve_id() -> None:
    ids = ["abc1", "abc2", "abd", "ab"]
    assert resolve_id("ab", ids) == "ab"  # exact wins over prefix
    assert resolve_id("abd", ids) == "abd"
    assert resolve_id("abc2", ids) == "abc2"
    with pytest.raises(LookupError, match="matches 2"):
        resolve_id("abc", ids)
    with pytest.raises(LookupError, match="no article"):
        resolve_id("zzz", ids)


def test_bundled_seeds_and_default_roots(seeds_dir: Path, isolated_user: Path) -> None:
    assert bundled_seeds_dir() == seeds_dir
    assert default_roots() == [seeds_dir]
    library_dir().mkdir(parents=True)
    assert default_roots() == [seeds_dir, library_dir()]
    assert default_roots(isolated_user / "elsewhere") == [seeds_dir]
