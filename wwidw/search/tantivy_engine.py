"""The Tantivy engine: the same interface and behaviour as ``whoosh_engine``, in Rust.

Words are analysed in Python, once per distinct word (cached), so index and query always agree
and Dutch word forms meet exactly as in the Whoosh engine: tantivy's simple tokenizer, lower
case and ASCII folding (taalcafé = taalcafe), then the loanword plural rule (taalcafés), the
Dutch stop words and the (Porter) Snowball Dutch stemmer, then the voicing rule (huizen/huis).
The resulting terms are indexed with the whitespace tokenizer; a separate unstemmed ``spell``
field of the shared text is the vocabulary for "did you mean".

Stop words and stemmer are the pure-Python ones in ``whoosh.lang`` (whoosh-reloaded is a
dependency anyway), not tantivy's ``Filter.stemmer("dutch")``: tantivy 0.27 ships the newer
Snowball Dutch algorithm (Kraaij-Pohlmann), which stems differently (eenzame stays eenzame,
eenzaam stays eenzaam, so they no longer meet), and the two engines must find the same
things. ``STEMMER = "tantivy"`` switches to tantivy's stemmer (then huizen/huis meet natively).

Single writer: tantivy allows one ``IndexWriter`` per index (a lock file). A write waits up to
``timeout`` seconds for it and then raises EngineBusy, so the change stays queued.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
import os
import re
import shutil
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Iterable
from pathlib import Path

import tantivy
from markupsafe import Markup, escape

from wwidw.search import EngineBusy, Hits, SearchDocument
from wwidw.search.dutch import OPERATORS, devoice, loanword_plural, tidy_query

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 20
CACHE_SIZE = 256
TITLE_BOOST = 3.0
WRITER_HEAP = 50_000_000
REBUILD_HEAP = 256_000_000
_WORD = re.compile(r"\w+", re.UNICODE)
# A query: quoted phrases, operators and words; everything else is ignored.
_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\w+)', re.UNICODE)

# --- analysis --------------------------------------------------------------------------------

_FOLD = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
         .filter(tantivy.Filter.lowercase())
         .filter(tantivy.Filter.ascii_fold())
         .build())
_TANTIVY_STEM = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
                 .filter(tantivy.Filter.stopword("dutch"))
                 .filter(tantivy.Filter.stemmer("dutch"))
                 .build())
STEMMER = "snowball"  # or "tantivy", see the module docstring
_analysis_lock = threading.Lock()


@functools.cache
def _snowball():
    from whoosh.lang import stemmer_for_language, stopwords_for_language

    return stemmer_for_language("nl"), frozenset(stopwords_for_language("nl"))


def _stem(word: str) -> str | None:
    if STEMMER == "tantivy":
        with _analysis_lock:
            stems = _TANTIVY_STEM.analyze(word)
        return stems[0] if stems else None
    stem, stopwords = _snowball()
    return None if word in stopwords else stem(word)


def folded_words(text: str) -> list[str]:
    """Words, lower case, accents folded, unstemmed (the "did you mean" vocabulary)."""
    with _analysis_lock:
        return _FOLD.analyze(text)


@functools.lru_cache(maxsize=100_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """The terms of one word of text (a cache: snippets look at every word of a page)."""
    return tuple(term for folded in folded_words(word) if (term := _term(folded)))


@functools.lru_cache(maxsize=100_000)
def _term(folded: str) -> str | None:
    stem = _stem(loanword_plural(folded))
    return devoice(stem) if stem else None


def terms(text: str) -> list[str]:
    """The indexed terms of a text: folded, stop words dropped, Dutch stems."""
    return [term for word in folded_words(text) if (term := _term(word)) is not None]


def _indexed(text: str) -> str:
    return " ".join(terms(text))


# --- schema ----------------------------------------------------------------------------------

def make_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("org", indexed=True)
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("content", tokenizer_name="whitespace")
    builder.add_text_field("private", tokenizer_name="whitespace")
    builder.add_text_field("spell", tokenizer_name="whitespace", index_option="basic")
    return builder.build()


@functools.cache
def _schema() -> tantivy.Schema:
    return make_schema()


def _document(document: SearchDocument) -> tantivy.Document:
    shared = f"{document.title}\n{document.content}"
    return tantivy.Document(
        id=document.id,
        org=document.organisation_id,
        title=_indexed(document.title),
        content=_indexed(shared),
        private=_indexed(document.private_content),
        spell=" ".join(folded_words(shared)),
    )


def _writer(index: tantivy.Index, heap: int, threads: int, timeout: float):
    """The index's one writer; EngineBusy when another holds it for longer than timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return index.writer(heap_size=heap, num_threads=threads)
        except ValueError as error:  # tantivy: "Failed to acquire Lockfile: LockBusy"
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                raise EngineBusy(str(error)) from error
            time.sleep(0.05)


def _finish(writer) -> None:
    """Commit and release the writer (and its lock) now, not whenever it is collected."""
    writer.commit()
    writer.wait_merging_threads()


class TantivyEngine:
    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._seen = None  # what the index files looked like when last (re)loaded
        self._generation = 0
        self._cache: OrderedDict[tuple, Hits] = OrderedDict()
        self._cache_for = -1

    # --- index lifecycle ---------------------------------------------------------------

    def _stamp(self):
        try:
            folder = os.stat(self.directory)
            meta = os.stat(self.directory / "meta.json")
        except OSError:
            return None
        return (folder.st_ino, meta.st_ino, meta.st_mtime_ns, meta.st_size)

    def _open(self) -> tantivy.Index:
        if self._index is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not tantivy.Index.exists(str(self.directory)):
                log.warning("search index missing in %s: created an empty one", self.directory)
            try:
                self._index = tantivy.Index(_schema(), path=str(self.directory), reuse=True)
            except ValueError:
                # Another schema (an older wwidw, or the other engine's files): start empty.
                log.warning("search index in %s has another schema: emptied; run "
                            "`flask --app wwidw search rebuild`", self.directory)
                self._empty_folder()
                self._index = tantivy.Index(_schema(), path=str(self.directory), reuse=False)
            self._index.config_reader("Manual")
            self._seen = self._stamp()
            self._generation += 1
        return self._index

    def _empty_folder(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _fresh(self) -> tantivy.Index:
        """The index, reloaded if another writer committed and reopened if it was replaced."""
        if self._index is not None:
            stamp = self._stamp()
            if stamp != self._seen:
                if stamp is None or self._seen is None or stamp[0] != self._seen[0]:
                    self._index = None  # folder replaced (rebuild) or gone
                else:
                    self._index.reload()
                    self._seen = stamp
                    self._generation += 1
        return self._open()

    def close(self) -> None:
        with self._lock:
            self._index = None
            self._seen = None
            self._cache.clear()

    def exists(self) -> bool:
        return tantivy.Index.exists(str(self.directory))

    # --- writing -----------------------------------------------------------------------

    def write(self, documents: list[SearchDocument], deleted_ids: Iterable[int],
              timeout: float = 2.0) -> None:
        """Apply updates and deletions in one commit; EngineBusy if another writer holds it."""
        prepared = [(document.id, _document(document)) for document in documents]
        with self._lock:
            index = self._fresh()
        writer = _writer(index, WRITER_HEAP, 1, timeout)
        try:
            for doc_id in deleted_ids:
                writer.delete_documents_by_term("id", int(doc_id))
            for doc_id, document in prepared:
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(document)
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()
            raise
        _finish(writer)
        with self._lock:
            self._fresh()

    def rebuild(self, documents: Iterable[SearchDocument], procs: int = 1) -> int:
        """Build a fresh index beside the old one, then swap, so searches never see half."""
        fresh = self.directory.with_name(self.directory.name + ".rebuild")
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        new_index = tantivy.Index(_schema(), path=str(fresh), reuse=False)
        writer = new_index.writer(heap_size=REBUILD_HEAP, num_threads=max(1, procs))
        count = 0
        for document in documents:
            writer.add_document(_document(document))
            count += 1
        _finish(writer)
        del new_index
        self.close()
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        fresh.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)
        return count

    def clear(self) -> None:
        """Empty the index: a new empty folder, which other processes notice and reopen."""
        self.close()
        with self._lock:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            tantivy.Index(_schema(), path=str(self.directory), reuse=False)

    # --- queries -----------------------------------------------------------------------

    @staticmethod
    def _term_query(field: str, term: str) -> tantivy.Query:
        return tantivy.Query.term_query(_schema(), field, term)

    def _word_query(self, word_terms: list[str]) -> tantivy.Query | None:
        """One word (or a quoted phrase) in the title (boosted) or the text."""
        if not word_terms:
            return None
        if len(word_terms) == 1:
            title = self._term_query("title", word_terms[0])
            content = self._term_query("content", word_terms[0])
        else:
            title = tantivy.Query.phrase_query(_schema(), "title", word_terms)
            content = tantivy.Query.phrase_query(_schema(), "content", word_terms)
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Should, tantivy.Query.boost_query(title, TITLE_BOOST)),
            (tantivy.Occur.Should, content),
        ])

    def _parse(self, text: str) -> tantivy.Query | None:
        """AND of the words by default; "a OR b", "NOT a" and "quoted phrases" as in Whoosh.
        Anything else (fields, wildcards, ranges, brackets) is just words."""
        clauses: list[tuple[str, tantivy.Query]] = []  # ("must" | "not", query)
        pending_or = False
        negate = False
        for phrase, word in _QUERY_TOKEN.findall(text):
            if word in OPERATORS:
                pending_or = word == "OR" and bool(clauses)
                negate = word == "NOT"
                continue
            if word:
                word_terms = [t for w in folded_words(word) if (t := _term(w))]
            else:
                word_terms = terms(phrase)
            query = self._word_query(word_terms)
            if query is None:
                pending_or = negate = False
                continue
            if negate:
                clauses.append(("not", query))
            elif pending_or and clauses and clauses[-1][0] == "must":
                previous = clauses.pop()[1]
                clauses.append(("must", tantivy.Query.boolean_query([
                    (tantivy.Occur.Should, previous), (tantivy.Occur.Should, query)])))
            else:
                clauses.append(("must", query))
            pending_or = negate = False
        if not any(kind == "must" for kind, _query in clauses):
            return None
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Must if kind == "must" else tantivy.Occur.MustNot, query)
            for kind, query in clauses
        ])

    def _with_private(self, query: tantivy.Query | None, words: list[str],
                      org_ids) -> tantivy.Query | None:
        """Also match the owner-only words, but only on the viewer's own interventions."""
        if not org_ids:
            return query
        private_terms = [t for w in words for f in folded_words(w) if (t := _term(f))]
        if not private_terms:
            return query
        own = tantivy.Query.boolean_query([
            (tantivy.Occur.Should, self._term_query("org", int(org_id)))
            for org_id in sorted(org_ids)
        ])
        private = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self._term_query("private", t)) for t in private_terms]
            + [(tantivy.Occur.Must, own)])
        if query is None:
            return private
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, query),
                                            (tantivy.Occur.Should, private)])

    @staticmethod
    def _ranked_ids(searcher, query: tantivy.Query) -> list[int]:
        total = searcher.num_docs
        if not total:
            return []
        result = searcher.search(query, limit=total, count=False)
        addresses = [address for _score, address in result.hits]
        return searcher.fast_field_values("id", addresses) if addresses else []

    def search(self, text: str, org_ids=frozenset()) -> Hits:
        text = tidy_query(text[:MAX_QUERY_CHARS])
        words = [w for w in _WORD.findall(text) if w not in OPERATORS]
        if not words:
            return Hits([])
        cleaned = text
        if len(words) > MAX_QUERY_WORDS:
            cleaned = " ".join(words[:MAX_QUERY_WORDS])
        words = words[:MAX_QUERY_WORDS]
        with self._lock:
            index = self._fresh()
            if self._cache_for != self._generation:
                self._cache.clear()
                self._cache_for = self._generation
            key = (cleaned, tuple(sorted(org_ids)))
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            searcher = index.searcher()
        query = self._with_private(self._parse(cleaned), words, org_ids)
        ids = [] if query is None else self._ranked_ids(searcher, query)
        corrected = self._correction(searcher, words) if len(ids) < 3 else None
        hits = Hits(ids, corrected)
        with self._lock:
            self._cache[key] = hits
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return hits

    def _correction(self, searcher, words: list[str]) -> str | None:
        """A spelling suggestion from the unstemmed words of the shared text (never the
        owner-only field): each word not in that vocabulary becomes its nearest word (edit
        distance at most 2, same first letter), the most frequent on a tie."""
        try:
            changed = False
            suggestion = []
            for word in words:
                folded = folded_words(word)
                if len(folded) != 1:
                    suggestion.append(word)
                    continue
                word_folded = folded[0]
                if searcher.doc_freq("spell", word_folded) or _term(word_folded) is None:
                    suggestion.append(word)
                    continue
                best = _nearest(word_folded, searcher.terms_with_prefix("spell", word_folded[0]))
                if best is None:
                    suggestion.append(word)
                else:
                    suggestion.append(best)
                    changed = True
            if not changed:
                return None
            text = " ".join(suggestion)
            query = self._parse(text)
            if query is None or searcher.search(query, limit=1).count == 0:
                return None
            return text
        except Exception:  # noqa: BLE001 - suggestions are a nicety, never an error
            log.debug("no spelling suggestion", exc_info=True)
            return None

    def snippets(self, text: str, documents: dict[int, str], top: int = 2) -> dict[int, Markup]:
        """Highlighted fragments of the given texts for the words of the query."""
        wanted = set(terms(" ".join(_WORD.findall(text[:MAX_QUERY_CHARS]))))
        if not wanted:
            return {}
        snippets = {}
        for doc_id, body in documents.items():
            fragment = _highlight(body, wanted, top)
            if fragment:
                snippets[doc_id] = fragment
        return snippets

    def similar(self, doc_id: int, text: str, limit: int = 10) -> list[int]:
        """More like this: the text's most telling terms (tf-idf), any of them, scored."""
        with self._lock:
            searcher = self._fresh().searcher()
        own = searcher.search(self._term_query("id", int(doc_id)), limit=1)
        if not own.hits:
            return []
        total = searcher.num_docs
        weights = {}
        for term, frequency in Counter(terms(text)).items():
            if len(term) < 3:
                continue
            document_frequency = searcher.doc_freq("content", term)
            if not document_frequency or document_frequency > total * 0.5 and total > 10:
                continue
            weights[term] = frequency * math.log(1 + total / document_frequency)
        best = sorted(weights, key=lambda t: -weights[t])[:25]
        if not best:
            return []
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.boost_query(
                self._term_query("content", term), weights[term])) for term in best]
            + [(tantivy.Occur.MustNot, self._term_query("id", int(doc_id)))])
        result = searcher.search(query, limit=limit)
        addresses = [address for _score, address in result.hits]
        found = searcher.fast_field_values("id", addresses) if addresses else []
        return [i for i in found if i != doc_id][:limit]


def _nearest(word: str, vocabulary: list[tuple[str, int]]) -> str | None:
    best = None
    for candidate, count in vocabulary:
        if abs(len(candidate) - len(word)) > 2 or candidate == word:
            continue
        distance = _distance(word, candidate, 2)
        if distance <= 2:
            key = (distance, -count, candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
    return None if best is None else best[1]


def _distance(a: str, b: str, cutoff: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up above cutoff."""
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (previous2 is not None and i > 1 and j > 1 and char_a == b[j - 2]
                    and a[i - 2] == char_b):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > cutoff:
            return cutoff + 1
        previous2, previous = previous, current
    return previous[-1]


def _highlight(body: str, wanted: set[str], top: int, surround: int = 60,
               maxchars: int = 220) -> Markup | None:
    """Fragments around the matched words, the best ``top`` in text order, with <mark>."""
    matches = []
    for match in _WORD.finditer(body):
        if any(term in wanted for term in _word_terms(match.group())):
            matches.append(match.span())
    if not matches:
        return None
    fragments: list[list[tuple[int, int]]] = []
    for span in matches:
        if fragments and span[1] - (fragments[-1][0][0] - surround) <= maxchars \
                and span[0] - fragments[-1][-1][1] <= 2 * surround:
            fragments[-1].append(span)
        else:
            fragments.append([span])
    chosen = sorted(sorted(fragments, key=lambda f: -len(f))[:top], key=lambda f: f[0][0])
    parts = []
    for fragment in chosen:
        start = max(0, fragment[0][0] - surround)
        end = min(len(body), fragment[-1][1] + surround)
        with contextlib.suppress(ValueError):  # start on a word boundary where possible
            if start > 0:
                start = body.index(" ", start, fragment[0][0]) + 1
        pieces = []
        position = start
        for number, (first, last) in enumerate(fragment):
            pieces.append(escape(body[position:first]))
            pieces.append(Markup('<mark class="match term%d">%s</mark>')
                          % (number, body[first:last]))
            position = last
        pieces.append(escape(body[position:end]))
        parts.append(Markup("").join(pieces).strip())
    return Markup(" … ").join(parts)


