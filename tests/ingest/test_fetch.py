"""Fetching as a good citizen: every failure is one clear line, and limits hold."""

from __future__ import annotations

import errno
import socket
import time

import pytest

from reader import __version__
from reader.ingest import fetch as fetch_module
from reader.ingest.errors import (
    BadUrl,
    HttpStatus,
    NotAnArticle,
    Timeout,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)
from reader.ingest.fetch import check_url, fetch
from tests.ingest.pages import FEED_ETAG, FULL_FEED, PAGES, TEASER_FEED, TEASER_MODIFIED
from tests.ingest.server import LocalSite, Route


def test_fetch_returns_the_page_and_names_the_program(site: LocalSite) -> None:
    response = fetch(site.url(PAGES["news"].path))
    assert response.status == 200
    assert b"flood barrier" in response.body
    assert response.content_type == "text/html"
    assert response.charset == "utf-8"
    assert site.user_agents[-1].startswith(f"reader/{__version__} ")


def test_slow_server_times_out_with_the_limit_in_the_message(site: LocalSite) -> None:
    started = time.monotonic()
    with pytest.raises(Timeout, match=r"^timed out after 0\.3 s$"):
        fetch(site.url("/slow"), timeout=0.3)
    assert time.monotonic() - started < 2.5  # the server would have answered after 3 s


def test_trickling_body_cannot_outlast_the_timeout(site: LocalSite) -> None:
    site.add("/drip", body=b"<p>a few more words</p>" * 20, drip=0.2)  # 4 s in all
    started = time.monotonic()
    with pytest.raises(Timeout, match=r"^timed out after 1 s$"):
        fetch(site.url("/drip"), timeout=1)
    assert time.monotonic() - started < 2


def test_headers_sent_a_byte_at_a_time_cannot_outlast_the_timeout(site: LocalSite) -> None:
    # Each byte arrives well within a socket timeout, so only a deadline on the whole answer,
    # headers included, stops it (it once held `reader add` for three minutes).
    site.add("/drip-headers", body=b"<p>too late</p>", header_drip=0.1)
    started = time.monotonic()
    with pytest.raises(Timeout, match=r"^timed out after 1 s$"):
        fetch(site.url("/drip-headers"), timeout=1)
    assert time.monotonic() - started < 2


def test_not_found_is_the_status_line(site: LocalSite) -> None:
    with pytest.raises(HttpStatus, match=r"^404 Not Found$") as raised:
        fetch(site.url("/missing"))
    assert raised.value.status == 404


def test_server_error_is_the_status_line(site: LocalSite) -> None:
    site.add("/broken", body=b"oops", status=503)
    with pytest.raises(HttpStatus, match=r"^503 Service Unavailable$"):
        fetch(site.url("/broken"))


@pytest.mark.parametrize(
    ("path", "message"),
    [("/image.png", "not an article: image/png"), ("/doc.pdf", "not an article: application/pdf")],
)
def test_binary_answers_are_not_articles(site: LocalSite, path: str, message: str) -> None:
    with pytest.raises(NotAnArticle) as raised:
        fetch(site.url(path))
    assert str(raised.value) == message


def test_binary_body_without_a_content_type_is_refused(site: LocalSite) -> None:
    site.add("/blob", body=b"\x00\x01\x02binary\x00" * 50, content_type="")
    with pytest.raises(NotAnArticle, match="binary data"):
        fetch(site.url("/blob"))


def test_redirect_loop_stops(site: LocalSite) -> None:
    with pytest.raises(TooManyRedirects, match=r"^too many redirects"):
        fetch(site.url("/loop/a"))
    assert site.hits["/loop/a"] + site.hits["/loop/b"] <= 3


def test_redirect_from_a_public_site_to_a_local_address_is_refused(
    site: LocalSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture site stands in for a public one; its redirect points at the cloud metadata
    # address, which must never be fetched on a public site's say-so.
    internal = fetch_module.internal_host
    monkeypatch.setattr(
        fetch_module, "internal_host", lambda host: host != "127.0.0.1" and internal(host)
    )
    site.add("/to-metadata", status=302, location="http://169.254.169.254/latest/meta-data/")
    with pytest.raises(BadUrl, match=r"public site to a local address: 169\.254\.169\.254"):
        fetch(site.url("/to-metadata"))


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1"]
)
def test_local_addresses_are_internal(host: str) -> None:
    assert fetch_module.internal_host(host)


def test_a_local_site_may_redirect_within_the_local_network(site: LocalSite) -> None:
    site.add(
        "/hop", status=302, location=site.url(PAGES["news"].path).replace("127.0.0.1", "localhost")
    )
    assert fetch(site.url("/hop")).status == 200


def test_long_redirect_chain_stops_at_the_limit(site: LocalSite) -> None:
    for number in range(10):
        site.add(f"/hop/{number}", status=302, location=f"/hop/{number + 1}")
    with pytest.raises(TooManyRedirects, match=r"^too many redirects$"):
        fetch(site.url("/hop/0"), max_redirects=3)
    assert sum(site.hits[f"/hop/{number}"] for number in range(10)) == 4


def test_redirect_is_followed_and_the_final_url_kept(site: LocalSite) -> None:
    response = fetch(site.url("/moved"))
    assert response.url == site.url(PAGES["news"].path)


def test_redirect_to_another_scheme_is_refused(site: LocalSite) -> None:
    with pytest.raises(BadUrl, match="only http and https"):
        fetch(site.url("/to-ftp"))


def test_body_over_the_cap_is_refused_without_reading_it_all(site: LocalSite) -> None:
    with pytest.raises(TooLarge, match=r"^too large: more than 0\.1 MB$"):
        fetch(site.url("/huge"), max_bytes=100 * 1024)


def test_declared_length_over_the_cap_is_refused_at_once(site: LocalSite) -> None:
    site.add("/big", body=b"<p>x</p>" * 40_000)
    with pytest.raises(TooLarge, match=r"too large: 0\.3 MB \(the limit is 0\.1 MB\)"):
        fetch(site.url("/big"), max_bytes=100 * 1024)


def test_compressed_answers_are_decompressed_within_the_cap(site: LocalSite) -> None:
    page = (b"<p>" + b"word " * 100 + b"</p>") * 200
    site.add("/zipped", Route(body=page, gzip=True))
    assert fetch(site.url("/zipped")).body == page
    with pytest.raises(TooLarge):  # a small download that expands past the cap
        fetch(site.url("/zipped"), max_bytes=10 * 1024)


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a", "file:///etc/passwd", "javascript:alert(1)", "example.org/a"]
)
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(BadUrl, match="only http and https"):
        check_url(url)


def test_url_without_host_is_refused() -> None:
    with pytest.raises(BadUrl, match="no host"):
        check_url("http:///path")


def test_etag_makes_the_next_request_conditional(site: LocalSite) -> None:
    first = fetch(site.url(FULL_FEED), kind="feed")
    assert first.etag == FEED_ETAG
    second = fetch(site.url(FULL_FEED), kind="feed", etag=first.etag)
    assert second.not_modified and second.body == b""
    assert site.not_modified[FULL_FEED] == 1


def test_last_modified_makes_the_next_request_conditional(site: LocalSite) -> None:
    first = fetch(site.url(TEASER_FEED), kind="feed")
    assert first.last_modified == TEASER_MODIFIED
    second = fetch(site.url(TEASER_FEED), kind="feed", last_modified=first.last_modified)
    assert second.not_modified
    assert site.not_modified[TEASER_FEED] == 1


def test_refused_connection_names_the_server() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(Unreachable, match=f"^connection refused by 127.0.0.1:{port}$"):
        fetch(f"http://127.0.0.1:{port}/")


def test_no_network_says_the_network_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    with pytest.raises(Unreachable, match=r"^network unreachable: cannot look up news\.example"):
        fetch("https://news.example/story")


def test_unreachable_network_error_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_route(*args: object, **kwargs: object) -> object:
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    monkeypatch.setattr(socket, "create_connection", no_route)
    with pytest.raises(Unreachable, match=r"^network unreachable: cannot reach 127\.0\.0\.1$"):
        fetch_module.fetch("http://127.0.0.1:9/")
