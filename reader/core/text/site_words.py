"""The word lists the paragraph rules (`rules`) read: words of media names and of section names.

Kept apart from the rules so those stay about the shape of a line; lists are data, and grow as
libraries show new sites. Every word is casefolded.
"""

from __future__ import annotations

#: Words that mark a name as a publication's: they make a dash-separated title suffix a site
#: name, and rule a line out as a byline.
MEDIA_WORDS = frozenset(
    {
        "news",
        "times",
        "post",
        "journal",
        "daily",
        "herald",
        "tribune",
        "guardian",
        "press",
        "media",
        "online",
        "tv",
        "radio",
        "gazette",
        "telegraph",
        "review",
        "observer",
        "chronicle",
        "today",
        "report",
        "weekly",
        "wire",
        "network",
        "channel",
        "insider",
        "agency",
        "reuters",
        "bloomberg",
        "afp",
        "associated",
        "aljazeera",
        "euronews",
        "politico",
        "axios",
        "magazine",
    }
)
#: Section names: a title suffix or a label under the title that names a section, not a site.
SECTION_WORDS = frozenset(
    {
        "news",
        "home",
        "world",
        "politics",
        "opinion",
        "latest",
        "business",
        "sport",
        "sports",
        "europe",
        "asia",
        "africa",
        "americas",
        "international",
        "analysis",
        "features",
        "live",
        "technology",
        "tech",
        "science",
        "culture",
        "health",
        "economy",
        "entertainment",
        "lifestyle",
        "local",
        "national",
        "us",
        "uk",
        "commentary",
        "editorial",
        "blog",
        "video",
        "videos",
        "photos",
        "magazine",
        "breaking",
        "middle east",
        "world news",
        "latest news",
        "breaking news",
        "top stories",
        "front page",
    }
)
