"""The search index: what the app and `reader search` ask, answered by Tantivy and our ranking.

The hybrid, term by term: our vocabulary turns each typed word into the explicit indexed words
it may mean (typos forgiven, the word being typed completed; `lexicon.py`), `clauses.py` turns
those into a Tantivy query that scores exactly our formula, Tantivy finds, scores and ranks,
`rank.py` breaks ties by title and reads phrase counts where Tantivy can only bound them, and
`results.py` builds the snippets from the stored texts of the few articles shown, with typos
and completions marked.

Every word must match somewhere in an article (in any order); only when no article has them all
are articles matching some of them ranked, by how much they match. Filters (`is:`, and whatever
the caller resolves into a set of article ids) narrow the articles before ranking.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from tantivy import Occur
from tantivy import Query as TantivyQuery

from reader.core.search.clauses import constant, everything, ids_in, term_clause
from reader.core.search.engine import Engine
from reader.core.search.lexicon import Lexicon
from reader.core.search.query import (
    FilterSets,
    Query,
    SearchResult,
    Term,
    normalise,
    parse_query,
)
from reader.core.search.rank import Rule, best_articles, in_title_order, mean_score
from reader.core.search.results import make_result, score_terms
from reader.core.search.schema import SCHEMA, StoredArticle, index_words
from reader.core.search.terms import PhrasePlan, Plan, plan_term
from reader.core.search.vocab import Vocabulary

if TYPE_CHECKING:  # articles are parsed by those who index them
    from reader.core.article import Article

#: Terms whose meaning is kept for the next keystrokes.
KEPT_TERMS = 16
#: Results returned when the caller does not say.
DEFAULT_LIMIT = 20
#: Below this `fuzz.WRatio` a title is too far from the query to be worth suggesting.
SUGGEST_CUTOFF = 45.0
#: Terms of one query beyond this are ignored (the index adds term scores exactly up to 255).
MAX_TERMS = 128
#: An id no article has: what the filters do to the articles their sets do not name.
_UNNAMED = "\x00"
#: Which articles a search may return: their ids, or a test of an id.
Allowed = Collection[str] | Callable[[str], bool]


class SearchIndex:
    """Everything search needs about the library, kept current with `add` and `remove`."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine if engine is not None else Engine.create(None)
        self.lexicon = Lexicon(self.engine)
        self._stamps: dict[str, str] | None = None
        #: What the last terms typed mean, and their queries: typing reuses the words before.
        self._terms: OrderedDict[Term, tuple[Plan, TantivyQuery | None]] = OrderedDict()

    # Building --------------------------------------------------------------------------

    @classmethod
    def build(
        cls, articles: Iterable[Article], extras: Mapping[str, Sequence[str]] | None = None
    ) -> SearchIndex:
        """Index parsed articles (in memory); `extras` maps article ids to more text to find them
        by (the user's highlights and notes)."""
        index = cls()
        index.add_all(StoredArticle.of(a, (extras or {}).get(a.id, ())) for a in articles)
        return index

    def add(self, article: Article, extras: Sequence[str] = ()) -> None:
        """Index one article, replacing the version indexed before under the same id."""
        self.add_all([StoredArticle.of(article, extras)])

    def add_all(self, stored: Iterable[StoredArticle], removes: Sequence[str] = ()) -> None:
        """Index articles and forget `removes`, in one commit."""
        articles = list(stored)
        self.engine.write(articles, removes)
        self._changed(articles)

    def remove(self, article_id: str) -> bool:
        """Forget an article; False if it was not indexed."""
        if article_id not in self:
            return False
        self.add_all((), [article_id])
        return True

    def set_extras(self, article_id: str, texts: Sequence[str]) -> None:
        """Replace the extra texts (highlights, notes) an article can be found by."""
        found = self.stored(article_id)
        if found is not None:
            self.update_extras({article_id: texts}, [found])

    def set_all_extras(self, extras: Mapping[str, Sequence[str]]) -> None:
        """Every article's extra texts: those of `extras`, none for the others (one commit, and
        only the articles whose extras changed are written again)."""
        hits = self.engine.search(constant(_flag("extra"), 1.0), max(self.engine.size, 1))
        annotated = [self.engine.stored(address) for _, address in hits]
        wanted = {article_id: texts for article_id, texts in extras.items() if texts}
        known = {article.id for article in annotated}
        fresh = [self.stored(article_id) for article_id in wanted.keys() - known]
        current = annotated + [article for article in fresh if article is not None]
        self.update_extras({article.id: wanted.get(article.id, ()) for article in current}, current)

    def update_extras(
        self, extras: Mapping[str, Sequence[str]], current: Sequence[StoredArticle]
    ) -> None:
        changed = []
        for article in current:
            texts = tuple(text for text in extras.get(article.id, ()) if text.strip())
            if texts != article.extras:
                changed.append(replace(article, extras=texts))
        if changed:
            self.add_all(changed)

    # Looking things up -----------------------------------------------------------------

    def __len__(self) -> int:
        return self.engine.size

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self.engine.count(ids_in([article_id])) > 0

    def stamps(self) -> dict[str, str]:
        """Every indexed article's content hash, by id."""
        if self._stamps is None:
            stamps: dict[str, str] = {}
            for stamp in self.engine.words("stamp", "", alive=True):
                article_id, _, digest = stamp.partition("\x00")
                stamps[article_id] = digest
            self._stamps = stamps
        return self._stamps

    def article_ids(self) -> list[str]:
        return list(self.stamps())

    def content_hash(self, article_id: str) -> str | None:
        """The content hash the article was indexed with (to see whether it must be redone)."""
        return self.stamps().get(article_id)

    def stored(self, article_id: str) -> StoredArticle | None:
        hits = self.engine.search(ids_in([article_id]), 1)
        return self.engine.stored(hits[0][1]) if hits else None

    @property
    def vocabulary(self) -> Vocabulary:
        return self.lexicon.vocabulary()

    @property
    def removed(self) -> frozenset[int]:
        """Removed articles kept aside: none (Tantivy merges them away by itself)."""
        return frozenset()

    # Searching -------------------------------------------------------------------------

    def search(
        self,
        query: str | Query,
        *,
        limit: int = DEFAULT_LIMIT,
        filters: FilterSets | None = None,
        allowed: Allowed | None = None,
    ) -> list[SearchResult]:
        """The best `limit` articles for `query`, best first, among those `allowed` (ids, or a
        test of an id) and kept by the query's filters (with the sets `filters` gives)."""
        parsed = query if isinstance(query, Query) else parse_query(query)
        if parsed.is_empty or limit <= 0:
            return []
        scope = self._scope(parsed, filters, allowed)
        if scope is None:
            return []
        if not parsed.terms:  # only filters: every article they keep, in title order
            articles = in_title_order(self.engine, _narrowed(everything(), scope), limit)
            return [make_result(article, 1.0, parsed, []) for article in articles]
        terms = parsed.terms[:MAX_TERMS]
        meant = [self._meaning(term) for term in terms]
        plans = [plan for plan, _ in meant]
        found = _Search(self.engine, meant, scope, limit).best(parsed)
        return [make_result(article, value, parsed, plans) for value, article in found]

    def _meaning(self, term: Term) -> tuple[Plan, TantivyQuery | None]:
        """What `term` means in this index, and its Tantivy query (kept for the next keys)."""
        found = self._terms.get(term)
        if found is None:
            plan = plan_term(term, self.lexicon)
            found = self._terms[term] = (plan, term_clause(plan, self.lexicon))
            while len(self._terms) > KEPT_TERMS:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(term)
        return found

    def suggest(self, query: str, titles: Sequence[str] | None = None) -> str | None:
        """The title closest to `query`, to offer when it found nothing: one of `titles` (the
        library's, which the caller has at hand), else of the indexed articles."""
        wanted = normalise(parse_query(query).text.replace('"', " "))
        if titles is None:
            titles = self._titles()
        if not titles or not wanted:
            return None
        near = process.extract(
            wanted,
            titles,
            scorer=fuzz.WRatio,
            processor=normalise,
            score_cutoff=SUGGEST_CUTOFF,
            limit=None,
        )
        if not near:
            return None
        best = max(score for _, score, _ in near)
        # WRatio ties every title holding one query word; the closest whole title wins those
        _, _, place = max(
            (fuzz.ratio(wanted, normalise(title)), -place, place)
            for title, score, place in near
            if score == best
        )
        return titles[place]

    def _titles(self) -> list[str]:
        """The titles of the indexed articles (read from their stored texts: slow, but only
        wanted when nothing was found and the caller had no titles)."""
        ids = [key.rpartition("\x00")[2] for key in self.engine.words("order", "", alive=True)]
        return [found.title for article_id in ids if (found := self.stored(article_id))]

    # Internals -------------------------------------------------------------------------

    def _scope(
        self, parsed: Query, filters: FilterSets | None, allowed: Allowed | None
    ) -> list[tuple[Occur, TantivyQuery]] | None:
        """The clauses narrowing a search to the articles it may return; None if there are
        none. The filters are tried on the articles their sets name, and once for all the
        others; only a test of ids (`allowed` callable) has every indexed id read."""
        if allowed is None and not parsed.filters:
            return []
        sets = filters or FilterSets()

        def kept(article_id: str) -> bool:
            return (not callable(allowed) or allowed(article_id)) and sets.allows(
                parsed.filters, article_id
            )

        if allowed is not None and not callable(allowed):
            chosen = [article_id for article_id in allowed if kept(article_id)]
            return [(Occur.Must, constant(ids_in(chosen), 0.0))] if chosen else None
        named = set(self.article_ids()) if callable(allowed) else sets.named()
        if callable(allowed) or not kept(_UNNAMED):
            chosen = [article_id for article_id in named if kept(article_id)]
            return [(Occur.Must, constant(ids_in(chosen), 0.0))] if chosen else None
        dropped = [article_id for article_id in named if not kept(article_id)]
        return [(Occur.MustNot, ids_in(dropped))] if dropped else []

    def forget(self) -> None:
        """Drop what was read from the index (after many changes made behind its back)."""
        self._stamps = None
        self._terms.clear()
        self.lexicon.forget()

    def _changed(self, added: Sequence[StoredArticle]) -> None:
        self._stamps = None
        self._terms.clear()
        if self.lexicon.loaded:
            words = {word for article in added for word in index_words(article.body)}
            for article in added:
                for name in ("title", "source", "byline"):
                    words.update(index_words(getattr(article, name)))
                for text in article.extras:
                    words.update(index_words(text))
            self.lexicon.learn(words)


class _Search:
    """One ranked search: the terms' clauses, the filters' clauses, and the rules tried."""

    def __init__(
        self,
        engine: Engine,
        meant: Sequence[tuple[Plan, TantivyQuery | None]],
        scope: Sequence[tuple[Occur, TantivyQuery]],
        limit: int,
    ) -> None:
        self.engine = engine
        self.scope = scope
        self.limit = limit
        self.plans = [plan for plan, _ in meant]
        self.clauses = [clause for _, clause in meant]
        self.ceilings = any(isinstance(plan, PhrasePlan) for plan in self.plans)

    def best(self, parsed: Query) -> list[tuple[float, StoredArticle]]:
        words = tuple(
            n for n, term in enumerate(parsed.terms[: len(self.plans)]) if not term.phrase
        )
        phrases = tuple(n for n in range(len(self.plans)) if n not in words)
        found = self.ranked(Rule(words + phrases))
        if found or len(words) < 2:
            return found
        if phrases and self.exists(Rule(words)):
            return []  # articles have every word, just not the phrase
        return self.ranked(Rule(phrases, words))

    def query(self, rule: Rule) -> TantivyQuery | None:
        """The Tantivy query of `rule` over the terms; None if it can match nothing."""
        required = [self.clauses[n] for n in rule.required]
        optional = [clause for n in rule.any_of if (clause := self.clauses[n]) is not None]
        musts = [clause for clause in required if clause is not None]
        if len(musts) < len(required) or (rule.any_of and not optional):
            return None
        parts = [(Occur.Must, clause) for clause in musts]
        if optional:
            either = TantivyQuery.boolean_query([(Occur.Should, c) for c in optional])
            parts.append((Occur.Must, either))
        return _narrowed(TantivyQuery.boolean_query(parts), self.scope)

    def exists(self, rule: Rule) -> bool:
        """Whether any article matches `rule` (of word terms only: the index is exact there)."""
        query = self.query(rule)
        return query is not None and self.engine.count(query) > 0

    def ranked(self, rule: Rule) -> list[tuple[float, StoredArticle]]:
        query = self.query(rule)
        if query is None:
            return []
        plans = self.plans

        def exact(article: StoredArticle) -> float | None:
            values = [term.value for term in score_terms(article, plans)]
            return mean_score(values) if rule.accepts(values) else None

        scored = exact if self.ceilings else None
        return best_articles(self.engine, query, len(plans), self.limit, scored)


def _narrowed(query: TantivyQuery, scope: Sequence[tuple[Occur, TantivyQuery]]) -> TantivyQuery:
    if not scope:
        return query
    return TantivyQuery.boolean_query([(Occur.Must, query), *scope])


def _flag(name: str) -> TantivyQuery:
    return TantivyQuery.term_query(SCHEMA, "flags", name)
