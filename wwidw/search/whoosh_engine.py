"""The Whoosh engine: one catch-all Dutch-stemmed text field plus a boosted title.

Design after ../shared/SEARCH-PERF.md: few stored fields (the database has the rest), one
long-lived searcher per process refreshed only when the index changed, non-compound segments,
ids read from a column rather than from stored fields.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
import threading
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup
from whoosh import highlight, index
from whoosh.analysis import (
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.index import LockError
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, QueryParser
from whoosh.qparser.plugins import FieldsPlugin, RangePlugin, WildcardPlugin
from whoosh.query import And, NullQuery, Or, Query, Term
from whoosh.support.charset import accent_map

from wwidw.search import EngineBusy, Hits, SearchDocument
from wwidw.search.dutch import OPERATORS, devoice, loanword_plural, tidy_query

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
SCORE_ALL_UP_TO = 1500
CACHE_SIZE = 256
MAX_QUERY_WORDS = 20
_WORD = re.compile(r"\w+", re.UNICODE)


class LoanwordPluralFilter(Filter):
    """taalcafés meets taalcafé (``dutch.loanword_plural``)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = loanword_plural(token.text)
            yield token


class VoicedStemFilter(Filter):
    """huizen meets huis, brieven meets brief (``dutch.devoice``)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = devoice(token.text)
            yield token


def dutch_analyzer():
    """Words, lower case, accents folded (taalcafé = taalcafe), Dutch stop words and stems."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | LoanwordPluralFilter()
        | StopFilter(stoplist=stopwords_for_language("nl"))
        | StemFilter(stemfn=stemmer_for_language("nl"), cachesize=50000)
        | VoicedStemFilter()
    )


def make_schema() -> Schema:
    analyzer = dutch_analyzer()
    return Schema(
        uid=ID(unique=True),
        id=NUMERIC(int, bits=64, sortable=True),
        org=ID(),
        private=TEXT(analyzer=analyzer),
        title=TEXT(analyzer=analyzer, field_boost=3.0),
        # spelling=True keeps the unstemmed words for "did you mean".
        content=TEXT(analyzer=analyzer, spelling=True),
    )


class WhooshEngine:
    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._index = None
        self._searcher = None
        self._id_column: list[int] = []
        self._id_column_for = None
        # Recent answers for the current searcher: popular queries repeat (SEARCH-PERF).
        self._cache: OrderedDict[tuple, Hits] = OrderedDict()
        self._cache_for = None
        self._folder_id: tuple[int, int] | None = None

    # --- index lifecycle ---------------------------------------------------------------

    def _folder(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.directory)
        except FileNotFoundError:
            return None
        return info.st_dev, info.st_ino

    def _open(self):
        if self._index is None:
            if not index.exists_in(str(self.directory)):
                self.directory.mkdir(parents=True, exist_ok=True)
                log.warning("search index missing in %s: created an empty one", self.directory)
                index.create_in(str(self.directory), _schema())
            self._index = index.open_dir(str(self.directory))
            self._folder_id = self._folder()
            if set(self._index.schema.names()) != set(_schema().names()):
                # An index from an older version of wwidw: start empty rather than fail.
                log.warning("search index in %s has an old schema: emptied; run "
                            "`flask --app wwidw search rebuild`", self.directory)
                self._index = index.create_in(str(self.directory), _schema())
        return self._index

    def _current_searcher(self):
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 reuses a segment's reader when the
        # segment id is unchanged, so deletions committed since stay invisible, and segments
        # merged away come back. A new searcher after each index change is always right.
        if self._index is not None and self._folder() != self._folder_id:
            # Another process swapped in a rebuilt folder (or cleared it): the generation
            # numbers may match the old one, so up_to_date() cannot tell. Open it again.
            if self._searcher is not None:
                with contextlib.suppress(Exception):  # its files are gone
                    self._searcher.close()
            self._searcher = None
            self._index = None
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self._open().searcher()
        return self._searcher

    def _fresh_searcher(self):
        """The searcher, reopened once if the index changed under it (rebuilt or replaced)."""
        try:
            return self._current_searcher()
        except Exception:  # noqa: BLE001 - files gone or rewritten: open again from disk
            log.warning("search index in %s reopened", self.directory, exc_info=True)
            if self._searcher is not None:
                with contextlib.suppress(Exception):  # its files may be gone already
                    self._searcher.close()
            self._searcher = None
            self._index = None
            return self._current_searcher()

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._index = None

    def exists(self) -> bool:
        return index.exists_in(str(self.directory))

    # --- writing -----------------------------------------------------------------------

    def write(self, documents: list[SearchDocument], deleted_ids: Iterable[int],
              timeout: float = 2.0) -> None:
        """Apply updates and deletions in one commit; EngineBusy if the lock is held."""
        try:
            writer = self._open().writer(timeout=timeout, compound=False)
        except LockError as error:
            raise EngineBusy(str(error)) from error
        try:
            for doc_id in deleted_ids:
                writer.delete_by_term("uid", str(doc_id))
            for document in documents:
                writer.update_document(**_fields(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self, documents: Iterable[SearchDocument], procs: int = 1) -> int:
        """Build a fresh index beside the old one, then swap, so searches never see half."""
        fresh = self.directory.with_name(self.directory.name + ".rebuild")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        new_index = index.create_in(str(fresh), _schema())
        options = {"limitmb": 256, "compound": False}
        if procs > 1:
            options.update(procs=procs, multisegment=True)
        writer = new_index.writer(**options)
        count = 0
        for document in documents:
            writer.add_document(**_fields(document))
            count += 1
        writer.commit()
        self.close()
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        fresh.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def clear(self) -> None:
        """Empty the index. Old table-of-contents files must go too: Whoosh opens the highest
        generation it finds, and other searchers notice the generation change and reopen."""
        self.close()
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        index.create_in(str(self.directory), _schema())

    # --- reading -----------------------------------------------------------------------

    def _parse(self, text: str, group=AndGroup) -> Query:
        parser = MultifieldParser(["title", "content"], _schema(), group=group)
        # Users search words, not our internal fields; a lone * must not scan everything and
        # [a TO b] is not a range anyone means here.
        for plugin in (FieldsPlugin, WildcardPlugin, RangePlugin):
            parser.remove_plugin_class(plugin)
        try:
            return parser.parse(text)
        except Exception:  # noqa: BLE001 - any parser failure: search the plain words
            return self._plain(_WORD.findall(text), ("title", "content"))

    @staticmethod
    def _plain(words: list[str], fields: tuple[str, ...]) -> Query:
        """Every word must occur, in any of the fields; no operators, so it cannot fail."""
        analyzer = dutch_analyzer()
        terms = [token.text for word in words for token in analyzer(word)]
        if not terms:
            return NullQuery
        return And([Or([Term(field, term) for field in fields]) for term in terms])

    def _with_private(self, query: Query, words: list[str], org_ids) -> Query:
        """Also match the owner-only words, but only on the viewer's own interventions."""
        if not org_ids:
            return query
        private = self._plain(words, ("private",))
        if private is NullQuery:
            return query
        own = Or([Term("org", str(org_id)) for org_id in sorted(org_ids)])
        return Or([query, And([private, own])])

    def search(self, text: str, org_ids=frozenset()) -> Hits:
        text = tidy_query(text[:MAX_QUERY_CHARS])
        words = [w for w in _WORD.findall(text) if w not in OPERATORS]
        if not words:
            return Hits([])
        cleaned = text[:MAX_QUERY_CHARS]
        if len(words) > MAX_QUERY_WORDS:
            cleaned = " ".join(words[:MAX_QUERY_WORDS])
        words = words[:MAX_QUERY_WORDS]
        query = self._parse(cleaned)
        if query is NullQuery:
            query = self._plain(words, ("title", "content"))
        query = self._with_private(query, words, org_ids)
        with self._lock:
            searcher = self._fresh_searcher()
            if self._cache_for is not searcher:
                self._cache.clear()
                self._cache_for = searcher
            key = (cleaned, tuple(sorted(org_ids)))
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            try:
                ranked = self._ranked_docnums(searcher, query)
            except Exception:  # noqa: BLE001 - "NOT AND AND" and friends: just the words
                plain = self._with_private(self._plain(words, ("title", "content")), words,
                                           org_ids)
                ranked = [] if plain is NullQuery else self._ranked_docnums(searcher, plain)
            ids = self._ids(searcher, ranked)
            corrected = None
            if len(ids) < 3:
                corrected = self._correction(searcher, words)
            hits = Hits(ids, corrected)
            self._cache[key] = hits
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return hits

    @staticmethod
    def _ranked_docnums(searcher, query: Query) -> list[int]:
        """All matching documents, best first.

        Facets need every match, but scoring thousands of matches is what makes Whoosh slow
        (SEARCH-PERF). So: collect the matches unscored; when there are few, score them all;
        when there are many (common words, where BM25 tells little), put the documents whose
        title has one of the words first and keep index order within each group.
        """
        matches = list(searcher.docs_for_query(query))
        if len(matches) <= SCORE_ALL_UP_TO:
            results = searcher.search(query, limit=len(matches) or 1)
            return [docnum for _score, docnum in results.top_n]
        title_terms = [Term("title", term) for field, term in query.iter_all_terms()
                       if field == "title"]
        in_title = set(searcher.docs_for_query(Or(title_terms))) if title_terms else set()
        return ([d for d in matches if d in in_title]
                + [d for d in matches if d not in in_title])

    def _ids(self, searcher, docnums: list[int]) -> list[int]:
        if not docnums:
            return []  # an empty index has no id column to read
        # The whole id column, read once per searcher: a list index per hit after that.
        if self._id_column_for is not searcher:
            self._id_column = list(searcher.reader().column_reader("id"))
            self._id_column_for = searcher
        column = self._id_column
        return [column[docnum] for docnum in docnums]

    def _correction(self, searcher, words: list[str]) -> str | None:
        """A spelling suggestion from the unstemmed words of the shared text (never the
        owner-only field). The catalogue still checks the viewer may see what it finds."""
        text = " ".join(words)
        try:
            query = QueryParser("content", _schema(), group=AndGroup).parse(text)
            correction = searcher.correct_query(query, text)
        except Exception:  # noqa: BLE001 - suggestions are a nicety, never an error
            return None
        suggestion = correction.string.strip()
        if not suggestion or suggestion.casefold() == text.strip().casefold():
            return None
        # Corrections are unstemmed words: parse them again before checking they find anything.
        if searcher.search(self._parse(suggestion), limit=1).scored_length() == 0:
            return None
        return suggestion

    def snippets(self, text: str, documents: dict[int, str], top: int = 2) -> dict[int, Markup]:
        """Highlighted fragments of the given texts for the words of the query."""
        query = self._parse(text[:MAX_QUERY_CHARS], group=OrGroup)
        terms = {term for field, term in query.iter_all_terms() if field in ("title", "content")}
        if not terms:
            return {}
        analyzer = _schema()["content"].analyzer
        fragmenter = highlight.ContextFragmenter(maxchars=220, surround=60)
        formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        snippets = {}
        for doc_id, body in documents.items():
            fragment = highlight.highlight(body, terms, analyzer, fragmenter, formatter, top=top)
            if fragment:
                snippets[doc_id] = Markup(fragment)  # noqa: S704 - Whoosh escapes the text
        return snippets

    def similar(self, doc_id: int, text: str, limit: int = 10) -> list[int]:
        with self._lock:
            searcher = self._fresh_searcher()
            docnum = searcher.document_number(uid=str(doc_id))
            if docnum is None:
                return []
            results = searcher.more_like(docnum, "content", text=text, top=limit + 1)
            ranked = self._ids(searcher, [docnum for _score, docnum in results.top_n])
            return [found for found in ranked if found != doc_id][:limit]


@functools.cache
def _schema() -> Schema:
    """One schema per process, so the analyzer's stem cache is shared by every query."""
    return make_schema()


def _fields(document: SearchDocument) -> dict:
    return {
        "uid": str(document.id),
        "id": document.id,
        "org": str(document.organisation_id),
        "private": document.private_content,
        "title": document.title,
        "content": f"{document.title}\n{document.content}",
    }
