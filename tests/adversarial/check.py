"""Judging one case of the adversarial library against what the library code made of it.

Shared by `tests/unit/test_adversarial.py` (one test per case) and `benchmarks/hostile.py`
(how many cases pass), so both count the same thing.
"""

from __future__ import annotations

import os

from reader.core.article import Article
from reader.core.library import LibraryIndex, load_article
from tests.adversarial.cases import LOADED, Case
from tests.adversarial.generate import Library
from tests.inert import is_inert

ROOT = os.geteuid() == 0


def cannot_run(case: Case, library: Library) -> str:
    """Why the case cannot be judged here ("" if it can)."""
    if case.name in library.not_made:
        return library.not_made[case.name]
    if case.needs_non_root and ROOT:
        return "running as root: chmod 000 does not deny root, so nothing is unreadable"
    return ""


def visible_strings(article: Article) -> list[str]:
    meta = article.meta
    return [
        meta.title,
        meta.source,
        meta.byline,
        article.body,
        *article.removed,
        *article.notices,
        *(link.url for link in article.links),
    ]


def failures(case: Case, library: Library, index: LibraryIndex) -> list[str]:
    """What is wrong with the case's outcome (nothing: it passes)."""
    path = library.path_of(case)
    metas = {meta.path: meta for meta in index.articles}
    problems = {problem.path: problem.reason for problem in index.problems}
    if case.expect != LOADED:
        wrong = [f"loaded, expected skipped ({case.reason})"] if path in metas else []
        if problems.get(path) != case.reason:
            wrong.append(f"reason {problems.get(path)!r}, expected {case.reason!r}")
        return wrong
    if path in problems or path not in metas:
        return [f"not loaded: {problems.get(path, 'not found')}"]
    article = load_article(metas[path])
    wrong = []
    if article.title != case.title or metas[path].title != case.title:
        wrong.append(f"title {article.title[:80]!r}, expected {str(case.title)[:80]!r}")
    wrong += [f"body lacks {text!r}" for text in case.text if text not in article.body]
    for string in visible_strings(article):
        if not is_inert(string):
            wrong.append(f"control character in {string[:80]!r}")
        wrong += [f"payload {payload!r} visible" for payload in case.payloads if payload in string]
    wrong += [f"no notice {notice!r}" for notice in case.notices if notice not in article.notices]
    for url in case.links:
        if not any(link.url.startswith(url) for link in article.links):
            wrong.append(f"no link to {url!r}")
    return wrong
