"""A local web site for the ingest tests and the feeds benchmark: pages, feeds and misbehaviour.

There is no network here, and tests must not depend on one anyway: every page and feed is served
by `LocalSite` on 127.0.0.1 (a `ThreadingHTTPServer` in a daemon thread, stopped by the test).
Routes are plain data (`Route`); the handler honours conditional requests (ETag and
Last-Modified, counting every 304 it sends), can delay its answer (a slow server), compress,
omit Content-Length (so only the client's own cap stops a long body), hold every answer until
the test releases it (to look at the client mid-request), and records the User-Agent of every
request.

Only the standard library is used, so the benchmark can import this module as it is.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

SITE = Path(__file__).resolve().parent / "site"

#: The eight bytes every PNG starts with, then some noise: enough to be an image.
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(200)


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str = ""
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0
    gzip: bool = False
    no_length: bool = False
    #: Seconds between the chunks of the body (a server that trickles its answer).
    drip: float = 0.0
    #: Seconds between the bytes of the status line and headers (a server that never quite answers).
    header_drip: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class LocalSite:
    """A web server on 127.0.0.1 with routes set by the test; use it as a context manager."""

    def __init__(self, latency: float = 0.0) -> None:
        self.routes: dict[str, Route] = {}
        #: Routes answered in turn before `routes` takes over (`add_sequence`).
        self.sequences: dict[str, list[Route]] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.latency = latency
        #: Cleared by `hold`: requests then wait to be answered until `release`.
        self._open = threading.Event()
        self._open.set()
        #: Requests being answered right now, and the most there ever were at once.
        self.active = 0
        self.most_active = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hold(self) -> None:
        """Answer nothing until `release`: a test looks at its client while a request is
        still out, for as long as it needs, whatever the machine's load."""
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def add(self, path: str, route: Route | None = None, **fields: object) -> str:
        """Serve `route` (or a `Route(**fields)`) at `path`; returns its full URL."""
        self.routes[path] = route if route is not None else Route(**fields)  # type: ignore[arg-type]
        return self.url(path)

    def add_sequence(self, path: str, routes: list[Route]) -> str:
        """Answer `path` with each of `routes` in turn, the last one from then on (a page that
        fails, then works); returns its full URL."""
        self.sequences[path] = list(routes)
        self.routes[path] = routes[-1]
        return self.url(path)

    def add_page(self, path: str, file: str, content_type: str = "text/html; charset=utf-8") -> str:
        return self.add(path, body=(SITE / file).read_bytes(), content_type=content_type)

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release()  # a held request (a test that failed mid-way) must not outlive the site
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def count(self, path: str, not_modified: bool = False) -> None:
        with self._lock:
            (self.not_modified if not_modified else self.hits)[path] += 1


def _handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with site._lock:
                site.active += 1
                site.most_active = max(site.most_active, site.active)
            self._counted = True
            try:
                self._answer()
            finally:
                self._leave()

        def _leave(self) -> None:
            """No longer busy: called before the answer goes out, so the client cannot have it
            (and send its next request) while this one still counts as active."""
            if self._counted:
                self._counted = False
                with site._lock:
                    site.active -= 1

        def _answer(self) -> None:
            path = self.path
            site.count(path)
            with site._lock:
                site.user_agents.append(self.headers.get("User-Agent", ""))
            with site._lock:
                turns = site.sequences.get(path)
                route = turns.pop(0) if turns and len(turns) > 1 else site.routes.get(path)
            site._open.wait(timeout=120)
            if site.latency:
                time.sleep(site.latency)
            if route is None:
                self._send(404, b"<html><body><h1>Not Found</h1></body></html>", "text/html")
                return
            if route.delay:
                time.sleep(route.delay)
            if self._unchanged(route):
                site.count(path, not_modified=True)
                self._leave()
                self.send_response(304)
                self._validators(route)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = route.body
            extra = dict(route.headers)
            if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                extra["Content-Encoding"] = "gzip"
            if route.location:
                extra["Location"] = route.location
            self._send(route.status, body, route.content_type, extra, route)

        def _unchanged(self, route: Route) -> bool:
            etag = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if route.etag and etag is not None:
                return etag == route.etag
            return bool(route.last_modified and since == route.last_modified)

        def _validators(self, route: Route) -> None:
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str,
            extra: dict[str, str] | None = None,
            route: Route | None = None,
        ) -> None:
            self._leave()
            if route is not None and route.header_drip:
                self._drip_headers(status, body, content_type, route.header_drip)
                return
            try:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                if route is not None:
                    self._validators(route)
                if route is not None and route.no_length:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if route is not None and route.drip:
                    step = max(1, len(body) // 20)
                    for start in range(0, len(body), step):
                        self.wfile.write(body[start : start + step])
                        self.wfile.flush()
                        time.sleep(route.drip)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test): nothing to answer

        def _drip_headers(self, status: int, body: bytes, content_type: str, pause: float) -> None:
            head = (
                f"HTTP/1.1 {status} OK\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            ).encode("ascii")
            try:
                for byte in head:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(pause)
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
