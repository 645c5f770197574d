"""Why something could not be brought in, as one line a person can act on.

Every failure of fetching, extracting or parsing a feed is an `IngestError` whose `str()` is the
whole message ("timed out after 10 s", "404 Not Found", "not an article: image/png"), so the
command line prints it after the URL and the app shows it in a notice without any rewording.
"""

from __future__ import annotations


class IngestError(Exception):
    """Something could not be added; `str(error)` is the reason, short and in plain words."""


class BadUrl(IngestError):
    """Not a URL reader will fetch: only http and https, with a host."""


class Timeout(IngestError):
    """The server did not answer (or finish answering) in time."""


class HttpStatus(IngestError):
    """The server answered with an error status; `retry_after` is its `Retry-After` header as
    sent (seconds or an HTTP date), when it asked to be asked again later (429, 503)."""

    def __init__(self, status: int, reason: str, retry_after: str | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"{status} {reason}".strip())


class NotAnArticle(IngestError):
    """The URL is not a readable page: an image, a PDF, a page with no text worth reading."""


class TooLarge(IngestError):
    """The answer is bigger than reader is willing to download."""


class TooManyRedirects(IngestError):
    """Redirects went on for too long, or in a circle."""


class Unreachable(IngestError):
    """The network, or the server, cannot be reached at all."""


class NotAFeed(IngestError):
    """The URL answered, but not with an RSS or Atom feed."""
