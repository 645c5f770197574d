"""`reader add`, `reader feed ...` and `reader refresh`: outputs, one-line errors, exit codes."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.core.text.parse import parse_file
from reader.store.state import DB_FILENAME, Store
from tests.ingest.pages import FULL_FEED, PAGES, TEASER_FEED
from tests.ingest.server import LocalSite

NEWS = PAGES["news"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)


def test_add_url_saves_the_article(
    site: LocalSite, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "add", site.url(NEWS.path))
    assert (code, err) == (0, "")
    assert out.startswith(f"saved: {NEWS.title} (The Harbour Gazette) -> {library}")
    files = list(library.rglob("*.md"))
    assert len(files) == 1 and out.strip().endswith(str(files[0]))
    assert run(capsys, "add", site.url(NEWS.path))[1].startswith("unchanged: ")
    listed = json.loads(run(capsys, "list", "--json")[1])
    assert [row["url"] for row in listed if row["source"] == "The Harbour Gazette"] == [
        site.url(NEWS.path)
    ]


def test_adding_a_changed_page_reattaches_and_reports_orphans(
    site: LocalSite, library: Path, isolated_user: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "add", site.url(NEWS.path))
    article = parse_file(next(library.rglob("*.md")), library)
    with Store.open(isolated_user) as store:
        for words in ("four steel gates", "Coastwise"):
            start = article.body.index(words)
            store.highlights.add(
                article.id, article.body, start, start + len(words),
                content_hash=article.meta.content_hash,
            )  # fmt: skip
    route = site.routes[NEWS.path]
    route.body = route.body.replace(b"engineering firm Coastwise", b"engineering firm Tidewright")
    code, out, _ = run(capsys, "add", site.url(NEWS.path))
    assert code == 0
    assert out.startswith("updated: ")
    assert "1 highlight re-attached, 1 orphaned" in out
    assert len(list(library.rglob("*.md"))) == 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "404 Not Found"),
        ("/image.png", "not an article: image/png"),
        ("/doc.pdf", "not an article: application/pdf"),
        ("/loop/a", "too many redirects (in a loop)"),
        ("/", "not an article: no readable text found"),
        (FULL_FEED, "a feed, not an article: follow it with `reader feed add URL`"),
    ],
)
def test_add_failures_are_one_line(
    site: LocalSite, capsys: pytest.CaptureFixture[str], path: str, message: str
) -> None:
    code, out, err = run(capsys, "add", site.url(path))
    assert (code, out) == (1, "")
    assert err == f"reader: {site.url(path)}: {message}\n"


def test_add_timeout_and_other_schemes(site: LocalSite, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "add", "--timeout", "0.3", site.url("/slow"))
    assert code == 1 and err.endswith(": timed out after 0.3 s\n")
    code, _, err = run(capsys, "add", "ftp://files.example/a.html")
    assert code == 1 and "not a web address (only http and https are fetched)" in err


def test_one_failure_does_not_stop_the_others(
    site: LocalSite, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "add", site.url("/missing"), site.url(NEWS.path))
    assert code == 1 and "404 Not Found" in err and out.startswith("saved: ")


def test_add_offline_says_the_network_is_unreachable(
    offline: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "add", "https://news.example/story")
    assert (code, out) == (1, "")
    assert err.startswith("reader: https://news.example/story: network unreachable: ")
    assert err.count("\n") == 1


def test_add_paths_copies_files_and_folders(
    tmp_path: Path, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "essays"
    (folder / "deep").mkdir(parents=True)
    (folder / "one.md").write_text("# One\n\nText of the first essay.\n", encoding="utf-8")
    (folder / "deep" / "two.txt").write_text("Two\n\nText of the second.\n", encoding="utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG")
    single = tmp_path / "note.html"
    single.write_text("<h1>Note</h1><p>Body.</p>", encoding="utf-8")
    code, out, err = run(capsys, "add", str(folder), str(single))
    assert (code, err) == (0, "")
    assert (library / "essays" / "one.md").is_file()
    assert (library / "essays" / "deep" / "two.txt").is_file()
    assert (library / "note.html").is_file() and not (library / "essays" / "picture.png").exists()
    assert out.count("copied: ") == 3
    assert run(capsys, "add", str(single))[1].startswith("already there: ")
    single.write_text("<h1>Note</h1><p>Changed body.</p>", encoding="utf-8")
    run(capsys, "add", str(single))
    assert (library / "note.html").read_text(encoding="utf-8").endswith("<p>Body.</p>")
    assert "Changed" in (library / "note-2.html").read_text(encoding="utf-8")


def test_add_missing_path_and_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "add", "gazette.example/story")
    assert code == 1
    assert err == (
        "reader: no such file or folder: gazette.example/story "
        "(for a web page, write the URL with https://)\n"
    )
    assert run(capsys, "add")[0] == 2
    assert run(capsys, "add", "--timeout", "0", "x")[0] == 2


def test_feed_add_list_remove(site: LocalSite, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "feed", "add", site.url(FULL_FEED))
    assert code == 0
    assert out == "following: Harbour Letters (id 1, 3 entries); `reader refresh` saves them\n"
    assert run(capsys, "feed", "add", site.url(FULL_FEED))[1].startswith("already following: ")
    run(capsys, "feed", "add", site.url(TEASER_FEED))
    rows = json.loads(run(capsys, "feed", "list", "--json")[1])
    assert [(row["id"], row["title"], row["entries"]) for row in rows] == [
        (1, "Harbour Letters", 0),
        (2, "Reading list", 0),
    ]
    listing = run(capsys, "feed", "list")[1]
    assert "   1  Harbour Letters  (0 saved, checked never)" in listing
    code, out, _ = run(capsys, "feed", "remove", "1")
    assert code == 0 and out.startswith("stopped following: Harbour Letters")
    assert run(capsys, "feed", "remove", site.url(TEASER_FEED))[0] == 0
    code, _, err = run(capsys, "feed", "remove", "7")
    assert (code, err) == (1, "reader: not following 7: see `reader feed list`\n")


def test_feed_add_finds_the_feed_a_page_announces(
    site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "feed", "add", site.url("/feed-page"))
    rows = json.loads(run(capsys, "feed", "list", "--json")[1])
    assert [row["url"] for row in rows] == [site.url(FULL_FEED)]


def test_feed_add_refuses_what_is_not_a_feed(
    site: LocalSite, isolated_user: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "feed", "add", site.url(NEWS.path))
    assert code == 1 and err.endswith(": not a feed: text/html\n")
    code, _, err = run(capsys, "feed", "add", site.url("/image.png"))
    assert code == 1 and err.endswith(": not a feed: image/png\n")


def test_feed_commands_without_network(
    offline: None, isolated_user: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "feed", "list", "--json")[1] == "[]\n"
    assert not (isolated_user / DB_FILENAME).exists()  # looking never creates a database
    code, _, err = run(capsys, "feed", "add", "https://news.example/rss")
    assert code == 1 and "network unreachable" in err
    assert run(capsys, "feed", "add", "--no-check", "https://news.example/rss")[0] == 0
    code, out, err = run(capsys, "refresh")
    assert code == 1
    assert out.splitlines()[0].startswith("https://news.example/rss: failed: network unreachable")
    assert err == "reader: network unreachable: none of the 1 feeds could be fetched\n"
    exported = tmp_path / "feeds.opml"
    assert run(capsys, "feed", "export", "--output", str(exported))[0] == 0
    assert b"https://news.example/rss" in exported.read_bytes()


def test_opml_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opml = tmp_path / "in.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss"/>'
        '<outline text="B" xmlUrl="https://b.example/atom"/>'
        '<outline text="C" xmlUrl="ftp://c.example/"/></body></opml>',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "feed", "import", str(opml))
    assert code == 0
    assert out == "imported 2 feeds (0 already followed, 1 skipped (not http or https))\n"
    assert run(capsys, "feed", "import", str(opml))[1].startswith("imported 0 feeds (2 already")
    code, exported, _ = run(capsys, "feed", "export")
    assert code == 0
    assert 'xmlUrl="https://a.example/rss"' in exported and 'text="B"' in exported
    bad = tmp_path / "bad.opml"
    bad.write_text("<html/>", encoding="utf-8")
    code, _, err = run(capsys, "feed", "import", str(bad))
    assert code == 1 and "not an OPML file" in err


def test_refresh_prints_a_line_per_feed_and_a_total(
    site: LocalSite, capsys: pytest.CaptureFixture[str]
) -> None:
    nothing = "no feeds yet: follow one with `reader feed add URL`\n"
    assert run(capsys, "refresh") == (0, "", nothing)
    run(capsys, "feed", "add", site.url(FULL_FEED))
    run(capsys, "feed", "add", site.url(TEASER_FEED))
    code, out, err = run(capsys, "refresh", "--jobs", "2")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Harbour Letters: 3 new, 0 updated, 0 failed"
    assert lines[1] == f"Reading list: {len(PAGES)} new, 0 updated, 0 failed"
    assert lines[2].startswith(f"2 feeds: {3 + len(PAGES)} new, 0 updated, 0 failed (")
    again = run(capsys, "refresh")[1].splitlines()
    assert again[0] == "Harbour Letters: 0 new, 0 updated, 0 failed (not modified)"


def test_refresh_failure_exits_1(site: LocalSite, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "feed", "add", "--no-check", site.url("/missing"))
    code, out, err = run(capsys, "refresh")
    assert code == 1
    assert out.splitlines()[0].endswith(": failed: 404 Not Found")
    assert err == "reader: 1 failed (reasons above); they are tried again next time\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "--help"],
        ["feed", "--help"],
        ["feed", "add", "--help"],
        ["feed", "list", "--help"],
        ["feed", "remove", "--help"],
        ["feed", "import", "--help"],
        ["feed", "export", "--help"],
        ["refresh", "--help"],
    ],
)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = run(capsys, *argv)
    assert code == 0 and out.startswith("usage: reader ")


@pytest.mark.parametrize("argv", [["feed"], ["feed", "bogus"], ["refresh", "--jobs", "0"]])
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert run(capsys, *argv)[0] == 2


def test_refresh_takes_the_page_limit_from_the_option_then_the_config(
    site: LocalSite, capsys: pytest.CaptureFixture[str], isolated_user: Path
) -> None:
    run(capsys, "feed", "add", site.url(TEASER_FEED))
    code, out, _ = run(capsys, "refresh", "--max-new", "1")
    over = len(PAGES) - 1
    assert code == 0
    assert f"1 new, 0 updated, 0 failed; over the limit: {over} saved as teasers" in out
    fetched = sum(site.hits[page.path] for page in PAGES.values())
    assert fetched == 1
    config = isolated_user.parent / "config.toml"  # READER_CONFIG in tests
    config.write_text("[feeds]\nmax_new = 2\n", encoding="utf-8")
    code, out, _ = run(capsys, "refresh")  # the feed is asked for whole again: entries wait
    assert code == 0 and sum(site.hits[page.path] for page in PAGES.values()) == 3
