"""The search index: vocabulary, inverted index, and ranking of the few articles a query reaches.

Postings are compact arrays. A word's body postings are split by how often the word occurs in
the article (1, 2, … `TF_LEVELS` or more times: `body_postings[word_id * TF_LEVELS + level - 1]`),
so a query can read them best first and stop early (`search_rank`), and the count costs no
memory of its own; titles, sources, bylines and the user's notes keep one list of articles per
word. Positions are not stored: the handful of results shown are re-tokenised to build their
snippets, and phrases are checked in the text (`search_phrase`), which costs less than keeping
every position of every word in memory. Bodies are kept as UTF-8 bytes for those snippets and
phrase checks, so the whole index stays within about twice the size of the text.

Removing an article leaves a tombstone in the postings, dropped by `compact` once tombstones are
a quarter of the index: removal is then instant, and the arrays are rewritten only now and then.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from rapidfuzz import fuzz, process

from reader.core.article import Article
from reader.core.search.phrase import PhraseCache
from reader.core.search.query import (
    TF_LEVELS,
    WORD_RE,
    FilterSets,
    Query,
    SearchResult,
    Term,
    normalise,
    normalise_word,
    parse_query,
    tf_level,
)
from reader.core.search.rank import Rule, best_documents
from reader.core.search.results import make_result
from reader.core.search.terms import OTHER_FIELDS, TermScores, word_scores
from reader.core.search.vocab import Vocabulary

#: Results returned when the caller does not say.
DEFAULT_LIMIT = 20
#: Below this `fuzz.WRatio` a title is too far from the query to be worth suggesting.
SUGGEST_CUTOFF = 45.0
_TERM_CACHE_SIZE = 16


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
        self.body_postings: dict[int, array[int]] = {}
        self.field_docs: dict[str, dict[int, array[int]]] = {name: {} for name in OTHER_FIELDS}
        self.extras: dict[int, tuple[str, ...]] = {}
        self._doc_of: dict[str, int] = {}
        self._deleted: set[int] = set()
        self._raw: dict[str, int] = {}
        self._terms: OrderedDict[Term, TermScores] = OrderedDict()
        self._phrases = PhraseCache()
        self._rank: list[int] | None = None

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
        index.title_rank()  # ready for the first keystroke
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
        postings = self.body_postings
        for word_id, count in counts.items():
            key = word_id * TF_LEVELS + tf_level(count) - 1
            docs = postings.get(key)
            if docs is None:
                docs = postings[key] = array("I")
            docs.append(doc)
        for name, text in (("title", meta.title), ("source", meta.source), ("byline", meta.byline)):
            self._post(name, doc, text)
        if extras:
            self._set_extras(doc, extras)
        self._changed()
        self._rank = None

    def remove(self, article_id: str) -> bool:
        """Forget an article; False if it was not indexed."""
        doc = self._doc_of.pop(article_id, None)
        if doc is None:
            return False
        self.ids[doc] = None
        self.bodies[doc] = b""
        self._set_extras(doc, ())
        self._deleted.add(doc)
        self._changed()
        if len(self._deleted) > max(64, len(self._doc_of) // 4):
            self.compact()
        return True

    def set_extras(self, article_id: str, texts: Sequence[str]) -> None:
        """Replace the extra texts (highlights, notes) an article can be found by."""
        doc = self._doc_of.get(article_id)
        if doc is not None:
            self._set_extras(doc, texts)
            self._changed()

    def compact(self) -> None:
        """Drop removed articles from every array and renumber the rest densely."""
        if not self._deleted:
            return
        keep = [doc for doc in range(len(self.ids)) if doc not in self._deleted]
        renumber = {old: new for new, old in enumerate(keep)}
        for name in ("ids", "titles", "sources", "bylines", "hashes", "bodies"):
            column = getattr(self, name)
            setattr(self, name, [column[doc] for doc in keep])
        for postings in (self.body_postings, *self.field_docs.values()):
            for word_id, docs in list(postings.items()):
                kept = array("I", [renumber[d] for d in docs if d in renumber])
                if kept:
                    postings[word_id] = kept
                else:
                    del postings[word_id]
        self.extras = {renumber[doc]: texts for doc, texts in self.extras.items()}
        self._doc_of = {article_id: renumber[doc] for article_id, doc in self._doc_of.items()}
        self._deleted.clear()
        self._changed()
        self._rank = None

    def reset_lookup(self) -> None:
        """Rebuild the id lookup after the columns were filled wholesale (loading a cache)."""
        self._doc_of = {article_id: doc for doc, article_id in enumerate(self.ids) if article_id}
        self._deleted = {doc for doc, article_id in enumerate(self.ids) if not article_id}
        self._raw.clear()
        self._changed()
        self._rank = None
        self.title_rank()

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
        rank = self.title_rank()
        by_term = {term: self.term_scores(term) for term in parsed.terms}
        if not parsed.terms:  # only filters: every article they keep, in title order
            found = [
                (1.0, doc) for doc in heapq.nsmallest(limit, allowed or (), key=rank.__getitem__)
            ]
        else:
            found = self._rank_terms(parsed, by_term, limit, allowed)
        return [make_result(self, doc, value, parsed, by_term) for value, doc in found]

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
        scores = (
            self._phrases.scores(self, term) if term.phrase else word_scores(self, term.words[0])
        )
        self._terms[term] = scores
        if len(self._terms) > _TERM_CACHE_SIZE:
            self._terms.popitem(last=False)
        return scores

    def body_levels(self, word_id: int) -> Iterator[tuple[int, array[int]]]:
        """(occurrence level, articles) of a word's body postings."""
        postings = self.body_postings
        first = word_id * TF_LEVELS
        for level in range(1, TF_LEVELS + 1):
            docs = postings.get(first + level - 1)
            if docs is not None:
                yield level, docs

    def word_docs(self, word_id: int) -> set[int]:
        """Every article whose body holds the word."""
        return set().union(*(docs for _, docs in self.body_levels(word_id)))

    def title_rank(self) -> list[int]:
        """Each document's place in title order (case folded, then id): how ties are broken."""
        if self._rank is None:
            order = sorted(
                range(len(self.ids)),
                key=lambda doc: (self.titles[doc].casefold(), self.ids[doc] or ""),
            )
            self._rank = [0] * len(order)
            for place, doc in enumerate(order):
                self._rank[doc] = place
        return self._rank

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

    def _rank_terms(
        self,
        parsed: Query,
        by_term: Mapping[Term, TermScores],
        limit: int,
        allowed: set[int] | None,
    ) -> list[tuple[float, int]]:
        """Articles matching every word term (else, with several, any of them) and every phrase."""
        terms = [by_term[term] for term in parsed.terms]
        words = tuple(n for n, term in enumerate(parsed.terms) if not term.phrase)
        phrases = tuple(n for n, term in enumerate(parsed.terms) if term.phrase)
        rank, removed = self.title_rank(), self._deleted
        found = best_documents(terms, Rule(words + phrases), limit, rank, removed, allowed)
        if found or len(words) < 2:
            return found
        if phrases and best_documents(terms, Rule(words), 1, rank, removed, allowed):
            return []  # articles have every word, just not the phrase
        return best_documents(terms, Rule(phrases, words), limit, rank, removed, allowed)

    def _changed(self) -> None:
        self._terms.clear()
        self._phrases.clear()
