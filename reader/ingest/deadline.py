"""An urllib opener whose connections give up at one deadline for the whole answer.

A socket timeout alone is per read: a server sending a byte every few seconds never trips it and
can hold a fetch for minutes, headers included. `fetch` makes one of these openers per request;
it also turns redirects into errors, so that `fetch` counts them and checks every Location.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
import urllib.request
from typing import Any, cast


class _DeadlineReader(io.RawIOBase):
    """Reads from a socket giving each read only the time left until the deadline.

    A socket timeout alone is per read: a server sending a byte every few seconds never trips it
    and can hold a fetch for minutes, headers included. This stops it at the deadline.
    """

    def __init__(self, owner: _DeadlineSocket) -> None:
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._owner.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the deadline of the whole answer passed")
        sock = self._owner.sock
        sock.settimeout(left)
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.file_closed()
        super().close()


class _DeadlineSocket:
    """A connected socket whose answers are read against one deadline (see `_DeadlineReader`).

    Like a plain socket, it stays open while a file made from it is open: urllib closes the
    connection as soon as the headers are in, and the body is read afterwards.
    """

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self._files = 0
        self._closing = False

    def makefile(self, mode: str = "r", *args: object, **kwargs: object) -> io.BufferedReader:
        self._files += 1
        return io.BufferedReader(_DeadlineReader(self))

    def file_closed(self) -> None:
        self._files -= 1
        if self._closing and self._files <= 0:
            self.sock.close()

    def close(self) -> None:
        self._closing = True
        if self._files <= 0:
            self.sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


def _deadline_connection(base: type[http.client.HTTPConnection], deadline: float) -> Any:
    class Connection(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            plain: socket.socket = self.sock  # type: ignore[has-type]
            self.sock = cast(Any, _DeadlineSocket(plain, deadline))

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: float) -> None:
        super().__init__()
        self._connection = _deadline_connection(http.client.HTTPConnection, deadline)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: float) -> None:
        super().__init__()
        self._connection = _deadline_connection(http.client.HTTPSConnection, deadline)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self._context)  # type: ignore[attr-defined]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as errors, so `fetch` counts them and checks every Location."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def deadline_opener(deadline: float) -> urllib.request.OpenerDirector:
    """An opener whose connections all answer within `deadline` (one per fetch: it is cheap)."""
    return urllib.request.build_opener(_NoRedirect, _HTTPHandler(deadline), _HTTPSHandler(deadline))
