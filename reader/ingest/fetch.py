"""The one place reader talks to the network, as a good citizen.

Every request has a timeout (for the whole answer, not only per read), names the program and its
version in its User-Agent, asks for compressed answers, follows at most `MAX_REDIRECTS` redirects
(a loop is reported, not followed for ever), reads at most `MAX_BYTES` (even when the server
lies about the length, or the compressed body expands), and only ever speaks http(s): a
`file://` or `ftp://` URL from a feed or an OPML file is refused, never opened. Refreshes send
the ETag and Last-Modified the server gave last time, so an unchanged feed costs a 304 and no body.

Failures are `reader.ingest.errors` exceptions carrying one line for the user.
"""

from __future__ import annotations

import errno
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.core.text.decode import looks_binary
from reader.ingest.deadline import deadline_opener
from reader.ingest.errors import (
    BadUrl,
    HttpStatus,
    IngestError,
    NotAnArticle,
    Timeout,
    TooLarge,
    TooManyRedirects,
    Unreachable,
)

#: Sent with every request: who is asking, so a site owner can tell us apart (and reach us).
USER_AGENT = f"reader/{__version__} (a terminal article reader)"
#: Seconds for a whole answer: connecting, waiting, and reading the body.
DEFAULT_TIMEOUT = 10.0
#: Largest body reader downloads (after decompression); articles and feeds are far smaller.
MAX_BYTES = 5 * 1024 * 1024
#: Redirects followed before giving up.
MAX_REDIRECTS = 5

Kind = Literal["page", "feed"]

_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,"
    "*/*;q=0.1",
}
#: Media types that are text although they do not start with text/.
_TEXTUAL = frozenset(
    {
        "application/xhtml+xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/json",
        "application/feed+json",
    }
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Response:
    """What came back: the final URL (after redirects), the body and what the server said of it."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server confirmed our copy is current (a conditional request's 304)."""
        return self.status == 304


def check_url(url: str) -> str:
    """The URL, trimmed, if reader may fetch it; `BadUrl` otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        shown = f"{parts.scheme}:" if parts.scheme else url[:60]
        raise BadUrl(f"not a web address (only http and https are fetched): {shown}")
    if not parts.hostname:
        raise BadUrl(f"no host in the URL: {url[:60]}")
    return url


def fetch(
    url: str,
    *,
    kind: Kind = "page",
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> Response:
    """GET `url`, following redirects within reason; raises an `IngestError` on any failure.

    With `etag`/`last_modified` the request is conditional and an unchanged resource comes back
    as a `Response` whose `not_modified` is true and whose body is empty.
    """
    current = check_url(url)
    deadline = time.monotonic() + timeout
    opener = deadline_opener(deadline)
    visited = [current]
    while True:
        request = urllib.request.Request(current, headers=_headers(kind, etag, last_modified))
        try:
            answer = opener.open(request, timeout=_remaining(deadline, timeout))
        except urllib.error.HTTPError as error:
            with error:
                status = error.code
                if status == 304:
                    return Response(
                        current,
                        304,
                        etag=error.headers.get("ETag") or etag,
                        last_modified=error.headers.get("Last-Modified") or last_modified,
                    )
                if status not in _REDIRECTS:
                    later = error.headers.get("Retry-After")
                    raise HttpStatus(status, _reason(status, error.reason), later) from None
                location = error.headers.get("Location")
            if not location:
                raise HttpStatus(status, "redirect without a Location") from None
            current = _redirect_target(current, urljoin(current, location))
            if len(visited) > max_redirects or current in visited:
                loop = " (in a loop)" if current in visited else ""
                raise TooManyRedirects(f"too many redirects{loop}") from None
            visited.append(current)
            continue
        except OSError as error:  # URLError, timeouts and refused connections are all OSErrors
            raise _network_error(error, current, timeout) from None
        except http.client.HTTPException as error:
            raise IngestError(f"bad answer from the server: {type(error).__name__}") from None
        with answer:
            return _read(answer, current, kind, deadline, timeout, max_bytes)


def _headers(kind: Kind, etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": _ACCEPT[kind],
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _read(
    answer: http.client.HTTPResponse,
    url: str,
    kind: Kind,
    deadline: float,
    timeout: float,
    max_bytes: int,
) -> Response:
    headers = answer.headers
    media = (headers.get_content_type() or "").lower() if headers.get("Content-Type") else ""
    if media and not _is_textual(media):
        raise NotAnArticle(f"not {'a feed' if kind == 'feed' else 'an article'}: {media}")
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        said, limit = _megabytes(int(declared)), _megabytes(max_bytes)
        raise TooLarge(f"too large: {said} (the limit is {limit})")
    decoder = _decoder(headers.get("Content-Encoding", ""))
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise Timeout(f"timed out after {timeout:g} s")
            chunk = answer.read1(_CHUNK)
            if not chunk:
                break
            if decoder is not None:
                chunk = decoder.decompress(chunk, max_bytes + 1 - size)
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"too large: more than {_megabytes(max_bytes)}")
            chunks.append(chunk)
    except (OSError, http.client.HTTPException, zlib.error) as error:
        if isinstance(error, zlib.error):
            raise IngestError("bad answer from the server: broken compressed body") from None
        raise _network_error(error, url, timeout) from None
    body = b"".join(chunks)
    if not media and looks_binary(body[:4096]):
        raise NotAnArticle(f"not {'a feed' if kind == 'feed' else 'an article'}: binary data")
    return Response(
        url=url,
        status=answer.status,
        body=body,
        content_type=media,
        charset=headers.get_content_charset(),
        etag=headers.get("ETag"),
        last_modified=headers.get("Last-Modified"),
    )


def _is_textual(media: str) -> bool:
    return media.startswith("text/") or media.endswith(("+xml", "+json")) or media in _TEXTUAL


def _decoder(encoding: str) -> zlib._Decompress | None:
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def _remaining(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Timeout(f"timed out after {timeout:g} s")
    return left


def _network_error(error: BaseException, url: str, timeout: float) -> IngestError:
    """The user's words for what went wrong between us and the server."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    host = urlsplit(url).hostname or url
    if isinstance(reason, TimeoutError | socket.timeout):
        return Timeout(f"timed out after {timeout:g} s")
    if isinstance(reason, socket.gaierror):
        return Unreachable(f"network unreachable: cannot look up {host} (offline, or no such host)")
    if isinstance(reason, ConnectionRefusedError):
        return Unreachable(f"connection refused by {urlsplit(url).netloc}")
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return IngestError(f"secure connection to {host} failed: {_words(reason)}")
    if isinstance(reason, OSError) and reason.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return Unreachable(f"network unreachable: cannot reach {host}")
    if isinstance(reason, ConnectionResetError | http.client.RemoteDisconnected):
        return IngestError(f"{host} closed the connection")
    if isinstance(reason, OSError):
        return IngestError(f"cannot fetch from {host}: {_words(reason)}")
    return IngestError(f"cannot fetch from {host}: {reason}")


def _words(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__


def _reason(status: int, given: str | None) -> str:
    try:
        return http.client.responses[status]
    except KeyError:
        return given or ""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _redirect_target(origin: str, target: str) -> str:
    """`target` if a redirect from `origin` may go there.

    A public site must not be able to send reader to this machine, the local network or a cloud
    metadata address (169.254.169.254) by answering with a redirect. A URL the user gave that is
    itself local (a home server, the test suite's) may redirect within the local network.
    """
    target = check_url(target)
    origin_host = urlsplit(origin).hostname or ""
    target_host = urlsplit(target).hostname or ""
    if not internal_host(origin_host) and internal_host(target_host):
        raise BadUrl(f"refused a redirect from a public site to a local address: {target_host}")
    return target


def internal_host(host: str) -> bool:
    """Whether `host` is, or resolves to, a loopback, private, link-local or reserved address.

    A name that cannot be resolved is not internal (fetching it will fail on its own).
    """
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            return True
    return False
