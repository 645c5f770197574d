"""One address, one article: the form addresses are compared in, whichever file they came from.

Pocket adds `?utm_source=pocket_mylist`, newsletters add `utm_*` and click ids, one service keeps
`http://www.example.com/a/` where another keeps `https://example.com/a`. `url_identity` reduces
an address to what names the page: no scheme (http and https are the same page), the host in
lower case without `www.` or a default port, the path without a trailing slash, the query without
tracking parameters and in a fixed order, and no fragment (unless it is a route: `#!`, `#/`).
It is an identity, not an address to fetch: the original is kept for that.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

#: Query parameters that say where a click came from, never which page it is.
TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "wt_mc",
        "wt.mc_id",
        "s_cid",
        "ncid",
        "spm",
        "sr_share",
        "__s",
        "ck_subscriber_id",
        "rss",
        "ref_src",
        "ref_url",
        "pocket_mylist",
        "share",
        "cmpid",
        "icid",
        "itm_source",
        "itm_medium",
        "itm_campaign",
        "at_medium",
        "at_campaign",
        "soc_src",
        "soc_trk",
        "mbid",
        "guccounter",
    }
)
#: Prefixes of tracking parameters (`utm_source`, `utm_medium`, `pk_campaign`, …).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "_ga", "_gl")

_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_identity(url: str) -> str:
    """The address reduced to what names the page (see the module docstring).

    `https://www.Example.com:443/a/?utm_source=x&b=2&a=1#top` → `example.com/a?a=1&b=2`.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and _DEFAULT_PORTS.get(scheme) != port:
        host = f"{host}:{port}"
    path = _path(parts.path)
    query = _query(parts.query)
    fragment = parts.fragment if parts.fragment.startswith(("!", "/")) else ""
    text = host + path
    if query:
        text += "?" + query
    if fragment:
        text += "#" + fragment
    return text


def clean_url(url: str) -> str:
    """The address to fetch: as given, less its tracking parameters and plain fragment."""
    parts = urlsplit(url.strip())
    query = _query(parts.query, keep_order=True)
    fragment = parts.fragment if parts.fragment.startswith(("!", "/")) else ""
    return parts._replace(query=query, fragment=fragment).geturl()


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING or lowered.startswith(TRACKING_PREFIXES)


def _path(path: str) -> str:
    """The path with its escapes in one spelling and no trailing slash (`/` for none)."""
    path = quote(unquote(path), safe="/:@!$&'()*+,;=~-._")
    while path.endswith("/"):
        path = path[:-1]
    return path or ""


def _query(query: str, keep_order: bool = False) -> str:
    if not query:
        return ""
    pairs = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not is_tracking(name)
    ]
    if not keep_order:
        pairs.sort()
    return urlencode(pairs, quote_via=quote)
