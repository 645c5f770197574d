"""What `reader import` says it did reads as English for one as for many."""

from __future__ import annotations

from reader.ingest.importing.report import Outcome


def test_one_article_set_reads_in_the_singular() -> None:
    line = Outcome(added=1, states=1, tags=1, notes=1).lines()[0]
    assert "1 article added" in line
    assert "place or read state set on 1 article," in line
    assert "1 tag put on, 1 article note" in line


def test_many_articles_set_read_in_the_plural() -> None:
    line = Outcome(added=2, states=2, tags=3).lines()[0]
    assert "2 articles added" in line
    assert "place or read state set on 2 articles," in line
    assert "3 tags put on, 0 article notes" in line
