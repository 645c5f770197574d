"""The fixture site: what each page must give, the feeds that point at them, and the routes.

`PAGES` says, for each article page in `site/`, what extraction must find (title, byline, date,
site, first and last paragraph) and which strings of page furniture must not survive. The
benchmark comparing extraction libraries scores them against the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

from tests.ingest.server import PDF, PNG, LocalSite, Route


@dataclass(frozen=True)
class Expected:
    path: str
    file: str
    title: str
    byline: str
    date: str
    site: str
    first: str
    last: str
    boilerplate: tuple[str, ...]
    content_type: str = "text/html; charset=utf-8"


PAGES: dict[str, Expected] = {
    "news": Expected(
        path="/news/flood-barrier-budget",
        file="news.html",
        title="Harbour council approves flood barrier budget",
        byline="Maria Okonkwo",
        date="2024-03-14",
        site="The Harbour Gazette",
        first="Harbour City councillors on Wednesday night approved a £48 million budget",
        last="but tonight I am going to sleep a little better.”",
        boilerplate=(
            "We use cookies",
            "Subscribe now",
            "Advertisement",
            "SunnyTrips",
            "Share on Facebook",
            "Related stories",
            "Comments (23)",
            "This is a waste of money",
            "Load more comments",
            "Most read",
            "morning briefing",
            "All rights reserved",
        ),
    ),
    "blog": Expected(
        path="/blog/2023/11/plain-text-notes",
        file="blog.html",
        title="Why I moved my notes to plain text",
        byline="Jonas Lindqvist",
        date="2023-11-02",
        site="Slow Computing",
        first="For ten years my notes lived in whatever application was fashionable",
        last="whether the plain files suit the way you think.",
        boilerplate=(
            "Notes on using computers deliberately",
            "Share this:",
            "Like Loading",
            "Previous post",
            "thoughts on",
            "Grep is the best note search",
            "Leave a Reply",
            "Archives",
            "Proudly powered",
        ),
    ),
    "longform": Expected(
        path="/review/last-lighthouse-keepers",
        file="longform.html",
        title="The last lighthouse keepers of the North Sea",
        byline="Elin Marsh",
        date="2022-08-21",
        site="Northern Review",
        first="The boat from the harbour takes forty minutes on a calm day",
        last="one day someone will notice the difference.",
        boilerplate=(
            "Support independent journalism",
            "Enjoying this story?",
            "Sign up for the Northern Review newsletter",
            "More long reads",
            "The ferrymen who refuse to retire",
            "Donate now",
            "All rights reserved",
        ),
    ),
    "latin1": Expected(
        path="/rive/cafe-rouvre",
        file="latin1.html",
        title="Le café du vieux quartier rouvre ses portes",
        byline="Amélie François",
        date="2021-06-05",
        site="Journal de la Rive",
        first="Après dix-huit mois de travaux, le café de la place des Tanneurs",
        last="un marché de producteurs sur la terrasse.",
        boilerplate=("Publicité", "Partager", "Réagissez", "Tous droits réservés", "Accueil"),
        content_type="text/html",
    ),
}

#: Subheads of the long read, in order: they must come out as headings.
LONGFORM_HEADINGS = (
    "A job that was meant to disappear",
    "The keepers’ children",
    "What happens when they are gone",
)

#: A page whose title, site and text carry terminal escapes and Markdown look-alikes.
HOSTILE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'>"
    "<title>Totally \x1b]0;pwned\x07normal \u202eevil\u202c title</title>"
    "<meta property='og:site_name' content='Odd \x1b[31mSite\x1b[0m'></head><body>"
    "<nav><a href='/'>Home</a> <a href='/about'>About</a></nav><article>"
    "<h1>Totally \x1b]0;pwned\x07normal \u202eevil\u202c title</h1>"
    "<p>This paragraph starts plainly but carries a hidden \x1b]52;c;ZWNobyBoaQ==\x07 clipboard"
    " write and a bell\x07 in the middle of its words.</p>"
    "<p># This line is not a heading, it only starts with a hash sign that a writer typed.</p>"
    "<p>Stars like *these* and [brackets](that-look-like-links) and `ticks` and &lt;b&gt;tags"
    "&lt;/b&gt; must survive exactly as written.</p>"
    "<p>- a dash at the start of a sentence is not a list item, and neither is 1. a number.</p>"
    "<p>The last paragraph is ordinary, and it ends here with a full stop.</p>"
    "</article><footer>Copyright Odd Site</footer></body></html>"
)
HOSTILE_PARAGRAPHS = (
    "# This line is not a heading, it only starts with a hash sign that a writer typed.",
    "Stars like *these* and [brackets](that-look-like-links) and `ticks` and <b>tags</b> must "
    "survive exactly as written.",
    "- a dash at the start of a sentence is not a list item, and neither is 1. a number.",
)

FULL_FEED = "/feeds/full.rss"
TEASER_FEED = "/feeds/teaser.atom"
FEED_ETAG = '"full-v1"'
TEASER_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"

_FULL_ARTICLES = (
    ("night-ferry", "The night ferry", "Sara Quist"),
    ("winter-market", "The winter market", "Tom Hale"),
    ("tide-tables", "Reading tide tables", "Sara Quist"),
)


def full_text(slug: str) -> list[str]:
    """The paragraphs of a full-content feed entry (long enough to count as the whole article)."""
    return [
        f"This is the opening paragraph of {slug}, and it is long enough to be a real paragraph "
        "that a reader would want to read in full without visiting the site.",
        *(
            f"Paragraph {number} of {slug} goes on about the harbour, the weather and the people "
            "who work there, in the unhurried way of a local newsletter written with care."
            for number in range(2, 8)
        ),
        f"The closing paragraph of {slug} says goodbye until next week.",
    ]


def rss_full(site: LocalSite, items: tuple[tuple[str, str, str], ...] = _FULL_ARTICLES) -> bytes:
    """RSS 2.0 with the whole article in `content:encoded`."""
    entries = []
    for number, (slug, title, author) in enumerate(items):
        html = "".join(f"<p>{escape(text)}</p>" for text in full_text(slug))
        when = format_datetime(datetime(2024, 4, 1 + number, 8, 0, tzinfo=UTC))
        entries.append(
            f"<item><title>{escape(title)}</title><link>{site.url('/letters/' + slug)}</link>"
            f"<guid isPermaLink='false'>letters-{slug}</guid><pubDate>{when}</pubDate>"
            f"<dc:creator>{escape(author)}</dc:creator>"
            f"<description>{escape(title)}: a short teaser.</description>"
            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/' "
        "xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
        f"<title>Harbour Letters</title><link>{site.url('/letters/')}</link>"
        "<description>A weekly letter</description>" + "".join(entries) + "</channel></rss>"
    ).encode("utf-8")


def atom_teasers(
    site: LocalSite, pages: list[str] | None = None, title: str = "Reading list"
) -> bytes:
    """Atom whose entries carry only a sentence: the articles must be fetched from their pages."""
    entries = []
    for name in pages if pages is not None else list(PAGES):
        page = PAGES[name]
        entries.append(
            f"<entry><title>{escape(page.title)}</title><id>tag:reading,2024:{name}</id>"
            f"<link rel='alternate' href='{site.url(page.path)}'/>"
            f"<updated>{page.date}T12:00:00Z</updated>"
            f"<summary>{escape(page.first[:60])}…</summary></entry>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>{escape(title)}</title><id>tag:reading,2024:list</id>"
        f"<link rel='alternate' href='{site.url('/')}'/><updated>2024-05-01T10:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode("utf-8")


def serve_fixtures(site: LocalSite) -> LocalSite:
    """Every route the tests use: the article pages, the feeds, and each way to fail."""
    for page in PAGES.values():
        site.add_page(page.path, page.file, page.content_type)
    site.add_page("/", "index.html")
    site.add("/odd/hostile", body=HOSTILE.encode("utf-8"))
    site.add("/notes.txt", body=_NOTES.encode("utf-8"), content_type="text/plain; charset=utf-8")
    site.add("/slow", body=b"<html><body><p>late</p></body></html>", delay=3.0)
    site.add("/image.png", body=PNG, content_type="image/png")
    site.add("/doc.pdf", body=PDF, content_type="application/pdf")
    site.add("/loop/a", status=302, location="/loop/b")
    site.add("/loop/b", status=302, location="/loop/a")
    site.add("/moved", status=301, location=PAGES["news"].path)
    site.add("/to-ftp", status=302, location="ftp://files.example/article.html")
    site.add("/huge", body=b"<html><body>" + b"<p>words words words</p>" * 300_000, no_length=True)
    site.add(FULL_FEED, body=rss_full(site), content_type="application/rss+xml", etag=FEED_ETAG)
    site.add(
        TEASER_FEED,
        body=atom_teasers(site),
        content_type="application/atom+xml",
        last_modified=TEASER_MODIFIED,
    )
    site.add("/feed-page", body=_ANNOUNCING.format(feed=FULL_FEED).encode("utf-8"))
    return site


_NOTES = """Tide notes for the week

The spring tides arrive on Thursday, with the highest water just after seven in the evening.
Boats on the lower moorings should be checked before then, and the slipway will be closed.

On Saturday the tides fall back to neaps, and the harbour office reopens the slipway at noon.
"""

_ANNOUNCING = """<!DOCTYPE html><html><head><title>Harbour Letters</title>
<link rel="alternate" type="application/rss+xml" title="Harbour Letters" href="{feed}">
</head><body><p>Our weekly letter.</p></body></html>"""

__all__ = ["PAGES", "Expected", "Route", "serve_fixtures"]
