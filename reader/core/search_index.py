"""The search index: vocabulary, inverted index, and ranking of the few articles a query reaches.

Postings are compact arrays per word: for bodies, the articles holding the word (`array('I')`)
and how often (`array('B')`, capped); for titles, sources, bylines and the user's notes, just the
articles. Positions are not stored: the handful of results shown are re-tokenised to build their
snippets, which costs less than keeping every position of every word in memory. Bodies are kept
as UTF-8 bytes for those snippets and for phrase checks, so the whole index stays within about
twice the size of the text.

Removing an article leaves a tombstone in the postings, dropped by `compact` once tombstones are
a quarter of the index: removal is then instant, and the arrays are rewritten only now and then.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz import fuzz, process

from reader.core.article import Article
from reader.core.search import (
    MAX_TF,
    WORD_RE,
    FilterSets,
    Query,
    SearchResult,
    Term,
    display_score,
    normalise,
    normalise_word,
    parse_query,
)
from reader.core.search_snippet import Occurrence, make_snippet, opening
from reader.core.search_terms import (
    OTHER_FIELDS,
    TermScores,
    field_occurrences,
    phrase_scores,
    word_scores,
)
from reader.core.search_vocab import Vocabulary

#: Results returned when the caller does not say.
DEFAULT_LIMIT = 20
#: Below this `fuzz.WRatio` a title is too far from the query to be worth suggesting.
SUGGEST_CUTOFF = 45.0
_TERM_CACHE_SIZE = 16


def mean_score(parts: Sequence[float]) -> float:
    """An article's score: the mean of its term scores (one formula for index and tests)."""
    total = 0.0
    for part in parts:
        total += part
    return total / len(parts)


class SearchIndex:
    """Everything search needs about the library, kept current with `add` and `remove`."""

    def __init__(self) -> None:
        self.vocabulary = Vocabulary()
        self.ids: list[str | None] = []  # by document number; None once removed
        self.titles: list[str] = []
        self.sources: list[str] = []
        self.bylines: list[str] = []
        self.hashes: list[str] = []
        self.bodies: list[bytes] = []
        self.body_docs: dict[int, array[int]] = {}
        self.body_tfs: dict[int, array[int]] = {}
        self.field_docs: dict[str, dict[int, array[int]]] = {name: {} for name in OTHER_FIELDS}
        self.extras: dict[int, tuple[str, ...]] = {}
        self._doc_of: dict[str, int] = {}
        self._deleted: set[int] = set()
        self._raw: dict[str, int] = {}
        self._terms: OrderedDict[Term, TermScores] = OrderedDict()

    # Building --------------------------------------------------------------------------

    @classmethod
    def build(
        cls, articles: Iterable[Article], extras: Mapping[str, Sequence[str]] | None = None
    ) -> SearchIndex:
        """Index parsed articles; `extras` maps article ids to more text to find them by (the
        user's highlights and notes)."""
        index = cls()
        for article in articles:
            index.add(article, (extras or {}).get(article.id, ()))
        return index

    def add(self, article: Article, extras: Sequence[str] = ()) -> None:
        """Index one article, replacing the version indexed before under the same id."""
        if article.id in self._doc_of:
            self.remove(article.id)
        meta = article.meta
        body = article.body
        doc = self._new_doc(meta.id, meta.title, meta.source, meta.byline, meta.content_hash)
        self.bodies.append(body.encode("utf-8"))
        counts: dict[int, int] = {}
        for raw, count in Counter(WORD_RE.findall(body)).items():
            word_id = self._word_id(raw)
            counts[word_id] = counts.get(word_id, 0) + count
        for word_id, count in counts.items():
            docs = self.body_docs.get(word_id)
            if docs is None:
                docs = self.body_docs[word_id] = array("I")
                self.body_tfs[word_id] = array("B")
            docs.append(doc)
            self.body_tfs[word_id].append(min(count, MAX_TF))
        for name, text in (("title", meta.title), ("source", meta.source), ("byline", meta.byline)):
            self._post(name, doc, text)
        if extras:
            self._set_extras(doc, extras)
        self._terms.clear()

    def remove(self, article_id: str) -> bool:
        """Forget an article; False if it was not indexed."""
        doc = self._doc_of.pop(article_id, None)
        if doc is None:
            return False
        self.ids[doc] = None
        self.bodies[doc] = b""
        self._set_extras(doc, ())
        self._deleted.add(doc)
        self._terms.clear()
        if len(self._deleted) > max(64, len(self._doc_of) // 4):
            self.compact()
        return True

    def set_extras(self, article_id: str, texts: Sequence[str]) -> None:
        """Replace the extra texts (highlights, notes) an article can be found by."""
        doc = self._doc_of.get(article_id)
        if doc is not None:
            self._set_extras(doc, texts)
            self._terms.clear()

    def compact(self) -> None:
        """Drop removed articles from every array and renumber the rest densely."""
        if not self._deleted:
            return
        keep = [doc for doc in range(len(self.ids)) if doc not in self._deleted]
        renumber = {old: new for new, old in enumerate(keep)}
        for name in ("ids", "titles", "sources", "bylines", "hashes", "bodies"):
            column = getattr(self, name)
            setattr(self, name, [column[doc] for doc in keep])
        for word_id, docs in list(self.body_docs.items()):
            tfs = self.body_tfs[word_id]
            pairs = [(renumber[d], tf) for d, tf in zip(docs, tfs, strict=True) if d in renumber]
            if pairs:
                self.body_docs[word_id] = array("I", [d for d, _ in pairs])
                self.body_tfs[word_id] = array("B", [tf for _, tf in pairs])
            else:
                del self.body_docs[word_id], self.body_tfs[word_id]
        for postings in self.field_docs.values():
            for word_id, docs in list(postings.items()):
                kept = array("I", [renumber[d] for d in docs if d in renumber])
                if kept:
                    postings[word_id] = kept
                else:
                    del postings[word_id]
        self.extras = {renumber[doc]: texts for doc, texts in self.extras.items()}
        self._doc_of = {article_id: renumber[doc] for article_id, doc in self._doc_of.items()}
        self._deleted.clear()
        self._terms.clear()

    def reset_lookup(self) -> None:
        """Rebuild the id lookup after the columns were filled wholesale (loading a cache)."""
        self._doc_of = {article_id: doc for doc, article_id in enumerate(self.ids) if article_id}
        self._deleted = {doc for doc, article_id in enumerate(self.ids) if not article_id}
        self._raw.clear()
        self._terms.clear()

    # Looking things up -----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._doc_of)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._doc_of

    def article_ids(self) -> list[str]:
        return list(self._doc_of)

    def content_hash(self, article_id: str) -> str | None:
        """The content hash the article was indexed with (to see whether it must be redone)."""
        doc = self._doc_of.get(article_id)
        return None if doc is None else self.hashes[doc]

    @property
    def removed(self) -> frozenset[int]:
        return frozenset(self._deleted)

    def search(
        self,
        query: str | Query,
        *,
        limit: int = DEFAULT_LIMIT,
        filters: FilterSets | None = None,
    ) -> list[SearchResult]:
        """The best `limit` articles for `query`, best first.

        Every word must match somewhere in the article (in any order); only when no article
        has them all are articles matching some of them ranked, by how much they match.
        """
        parsed = query if isinstance(query, Query) else parse_query(query)
        if parsed.is_empty or limit <= 0:
            return []
        allowed = self._allowed(parsed, filters)
        by_term: dict[Term, TermScores] = {term: self.term_scores(term) for term in parsed.terms}
        words = [by_term[term] for term in parsed.word_terms]
        candidates = self._candidates(words, allowed)
        for term in parsed.phrase_terms:
            found = by_term[term].scores.keys()
            candidates = set(found) - self._deleted if candidates is None else candidates & found
        if candidates is None:  # only filters
            candidates = set(self._doc_of.values())
        if not parsed.terms:
            values = dict.fromkeys(candidates, 1.0)
        else:
            parts = [by_term[term].scores for term in parsed.terms]
            values = {doc: mean_score([part.get(doc, 0.0) for part in parts]) for doc in candidates}
        return [self._result(doc, values[doc], parsed, by_term) for doc in self._top(values, limit)]

    def suggest(self, query: str) -> str | None:
        """The title closest to `query`, to offer when it found nothing."""
        titles = [title for doc, title in enumerate(self.titles) if self.ids[doc] is not None]
        wanted = normalise(parse_query(query).text.replace('"', " "))
        if not titles or not wanted:
            return None
        best = process.extractOne(
            wanted, titles, scorer=fuzz.WRatio, processor=normalise, score_cutoff=SUGGEST_CUTOFF
        )
        return None if best is None else str(best[0])

    def term_scores(self, term: Term) -> TermScores:
        """Each article's score for one term (cached: typing reuses the words already typed)."""
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        scores = phrase_scores(self, term) if term.phrase else word_scores(self, term.words[0])
        self._terms[term] = scores
        if len(self._terms) > _TERM_CACHE_SIZE:
            self._terms.popitem(last=False)
        return scores

    def body_text(self, doc: int) -> str:
        return self.bodies[doc].decode("utf-8")

    def field_text(self, doc: int, name: str) -> Sequence[str]:
        """The texts of a non-body field of a document (several for extras)."""
        if name == "extra":
            return self.extras.get(doc, ())
        return (getattr(self, name + "s")[doc],)

    def word_id_of(self, raw: str) -> int | None:
        """The id of a word as it appears in a text, None if the library never had it."""
        found = self._raw.get(raw)
        return found if found is not None else self.vocabulary.ids.get(normalise_word(raw))

    def tokens(self, text: str) -> list[tuple[int, int, int | None]]:
        """(start, end, word id) of every word of `text`."""
        word_id = self.word_id_of
        return [(m.start(), m.end(), word_id(m.group())) for m in WORD_RE.finditer(text)]

    # Internals -------------------------------------------------------------------------

    def _new_doc(self, article_id: str, title: str, source: str, byline: str, digest: str) -> int:
        doc = len(self.ids)
        self.ids.append(article_id)
        self.titles.append(title)
        self.sources.append(source)
        self.bylines.append(byline)
        self.hashes.append(digest)
        self._doc_of[article_id] = doc
        return doc

    def _word_id(self, raw: str) -> int:
        found = self._raw.get(raw)
        if found is None:
            found = self._raw[raw] = self.vocabulary.add(normalise_word(raw))
        return found

    def _post(self, name: str, doc: int, text: str) -> None:
        postings = self.field_docs[name]
        for word_id in dict.fromkeys(self._word_id(raw) for raw in WORD_RE.findall(text)):
            docs = postings.get(word_id)
            if docs is None:
                docs = postings[word_id] = array("I")
            docs.append(doc)

    def _set_extras(self, doc: int, texts: Sequence[str]) -> None:
        postings = self.field_docs["extra"]
        for word_id in {
            self._word_id(raw) for text in self.extras.get(doc, ()) for raw in WORD_RE.findall(text)
        }:
            docs = postings[word_id]
            while doc in docs:
                docs.remove(doc)
        self.extras.pop(doc, None)
        cleaned = tuple(text for text in texts if text.strip())
        if cleaned:
            self.extras[doc] = cleaned
            self._post("extra", doc, "\n".join(cleaned))

    def _allowed(self, parsed: Query, filters: FilterSets | None) -> set[int] | None:
        if not parsed.filters:
            return None
        sets = filters or FilterSets()
        return {
            doc
            for article_id, doc in self._doc_of.items()
            if all(sets.keeps(name, article_id) for name in parsed.filters)
        }

    def _candidates(self, words: list[TermScores], allowed: set[int] | None) -> set[int] | None:
        """Articles matching every word term (else any), or None if there are no word terms."""
        if not words and allowed is None:
            return None
        if not words:
            return set(allowed or ())
        ordered = sorted(words, key=lambda term: len(term.scores))
        found = set(ordered[0].scores)
        for term in ordered[1:]:
            found &= term.scores.keys()
        found -= self._deleted
        if allowed is not None:
            found &= allowed
        if found or len(words) == 1:
            return found
        union: set[int] = set().union(*(term.scores.keys() for term in words))
        union -= self._deleted
        return union if allowed is None else union & allowed

    def _top(self, values: dict[int, float], limit: int) -> list[int]:
        if len(values) > limit:
            threshold = heapq.nlargest(limit, values.values())[-1]
            chosen = [doc for doc, value in values.items() if value >= threshold]
        else:
            chosen = list(values)
        chosen.sort(key=lambda doc: (-values[doc], self.titles[doc].casefold(), self.ids[doc]))
        return chosen[:limit]

    def _result(
        self, doc: int, value: float, parsed: Query, by_term: dict[Term, TermScores]
    ) -> SearchResult:
        title = self.titles[doc]
        article_id = self.ids[doc]
        assert article_id is not None
        body = self.body_text(doc)
        occurrences = field_occurrences(self, body, parsed.terms, by_term, body=True)
        snippet, spans, offset = make_snippet(body, occurrences)
        strongest = "body"
        for term in parsed.terms:
            name = by_term[term].fields.get(doc)
            if name is not None and list(OTHER_FIELDS).index(name) < _rank(strongest):
                strongest = name
        if strongest == "extra" and not occurrences:
            snippet, spans = self._extra_snippet(doc, parsed, by_term)
        elif not occurrences:
            snippet = opening(body)
        title_occurrences = field_occurrences(self, title, parsed.terms, by_term, body=False)
        return SearchResult(
            id=article_id,
            title=title,
            score=display_score(value),
            snippet=snippet,
            snippet_spans=spans,
            offset=offset,
            match_offsets=tuple((start, end) for start, end, _ in occurrences),
            field=strongest,
            title_spans=tuple((start, end) for start, end, _ in title_occurrences),
        )

    def _extra_snippet(
        self, doc: int, parsed: Query, by_term: dict[Term, TermScores]
    ) -> tuple[str, tuple[tuple[int, int], ...]]:
        best: tuple[str, list[Occurrence]] = ("", [])
        for text in self.extras.get(doc, ()):
            found = field_occurrences(self, text, parsed.terms, by_term, body=False)
            if len(found) > len(best[1]):
                best = (text, found)
        snippet, spans, _ = make_snippet(best[0], best[1])
        return snippet, spans


def _rank(name: str) -> int:
    return list(OTHER_FIELDS).index(name) if name in OTHER_FIELDS else len(OTHER_FIELDS)
