"""Catalogue search figures for wwidw on synthetic catalogues of 10,000 and 100,000 interventions.

Run from the repository root::

    .venv/bin/python bench/search.py                      # 10,000 and 100,000, SQLite
    .venv/bin/python bench/search.py --sizes 2000         # a quick check
    .venv/bin/python bench/search.py --sizes 10000 --queries 200 --seed 20240601 \\
        --engine tantivy --database-url postgresql://user:pw@host/scratch

It prints figures; it asserts nothing. The report (stdout) starts with the commit measured and
the machine, then gives per size the phase times in seconds and the latencies in ms; progress
goes to stderr. Each size gets a fresh SQLite file and search index in a temporary folder
(removed afterwards unless ``--keep``). ``--database-url`` uses that database instead:
**every table in it is dropped**.

The catalogue comes from ``bench/corpus.py`` (deterministic per seed; the 10,000 catalogue is
the first 10,000 records of the 100,000 one): Dutch neighbourhood-work text with a Zipf
vocabulary, ~3,000 CBS-like areas, 200 organisations, themes, target groups and effects from
the project's taxonomy, mostly community/public visibility, 5 % drafts. It is inserted in bulk
with SQLAlchemy Core, not through the services.

What the figures mean (times are wall-clock; p50/p95 are nearest-rank percentiles):

- **rebuild**: ``indexing.rebuild(session, engine, procs=2)``, from the database to the new
  index swapped in; "documents" is the part spent in the main process reading interventions
  from the database and turning them into search documents (``indexing.all_documents``).
- **index size**: bytes in ``SEARCH_INDEX_DIR`` after the rebuild and after the edits.
- **edit → searchable** (25 edits): load an intervention of the bench user's organisation,
  ``services.update_intervention`` (a new unique word in its approach), commit,
  ``indexing.drain``, then ``engine.search(word)`` until it returns the id. "save", "drain" and
  "search" split the total.
- **facet table load**: ``FacetTable().get(session)`` from cold; every change to the catalogue
  makes each web process pay this once, on its next catalogue request.
- **queries** (N queries after 30 warm-ups; 1-3 words, see ``corpus.make_queries``), as the
  bench user (a manager of one organisation, so it sees shared interventions and its own).
  Every timed call starts with the engine's result cache emptied (outside the timing), so the
  figures are for queries not asked before; one row shows a repeated query instead.
  - ``engine.search(q)``: the index alone, every hit; ``(q, org_ids)`` as the catalogue asks
    it (also the viewer's organisations' private words);
  - (a) ``catalogue.search``: hits, permission filter, all facet counts, first page from the
    database; "the same query again" is (a) answered from the engine's result cache;
    "snippets" is what the view does after (a): plain text of the page's items, highlighted;
  - (b) ``GET /catalogue?q=``: the whole page through the app (test client, logged in), with
    snippets and rendering; a fresh app context and session per request as in production;
  - (c) the same two with one theme filter (themes drawn as often as they occur);
  - (d) browsing without words (``/catalogue``, and with a theme), ``--browse`` times each.
  Notes give medians: the engine's hit count, the visible total after filters, page size.

Compare with ../shared/SEARCH-PERF.md (plain Whoosh on a similar corpus) and the targets of
issue 3: at 10,000, search with facets p95 ≤ 50 ms and the catalogue page p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import inspect
import math
import os
import platform
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402 - the sibling module, found through the line above

if TYPE_CHECKING:
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy

    from wwidw.interventions.catalogue import FacetTable
    from wwidw.interventions.services import Viewer

ENGINES = {"whoosh": "wwidw.search.whoosh_engine:WhooshEngine",
           "tantivy": "wwidw.search.tantivy_engine:TantivyEngine"}
BENCH_EMAIL = "bench@wwidw.example.nl"
BENCH_PASSWORD = "bench-wachtwoord-2024"
BENCH_ORG_RANK = 3  # the bench user works for the third-busiest organisation
EDITS = 25
WARMUP = 30
BATCH = 2000

_started = time.perf_counter()


def progress(message: str) -> None:
    print(f"[{time.perf_counter() - _started:7.1f} s] {message}", file=sys.stderr, flush=True)


@contextmanager
def phase(timings: dict[str, float], name: str) -> Iterator[None]:
    progress(f"{name} …")
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    progress(f"{name}: {timings[name]:.1f} s")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(values: list[float]) -> float:
    return percentile(values, 0.5)


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


# --- setting up one catalogue ----------------------------------------------------------------


@dataclass
class Run:
    size: int
    folder: Path
    database_url: str
    timings: dict[str, float] = field(default_factory=dict)
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)

    def add(self, what: str, values: list[float], note: str = "") -> None:
        self.rows.append((what, ms(percentile(values, 0.5)), ms(percentile(values, 0.95)),
                          ms(max(values)), note))


def make_app(run: Run, engine_name: str) -> Flask:
    os.environ["WWIDW_INSTANCE_PATH"] = str(run.folder / "instance")
    from wwidw import create_app

    app = create_app("testing", overrides={
        "SQLALCHEMY_DATABASE_URI": run.database_url,
        "SECRET_KEY": "bench-secret-key-not-for-production",
        "SEARCH_INDEX_DIR": str(run.folder / "index"),
    })
    module_name, class_name = ENGINES[engine_name].split(":")
    engine_class = getattr(importlib.import_module(module_name), class_name)
    # get_engine() returns whatever the app holds, so another engine plugs in here.
    app.extensions["wwidw_search"] = engine_class(app.config["SEARCH_INDEX_DIR"])
    return app


def _fix_sequences(db: SQLAlchemy) -> None:
    """Rows were inserted with explicit ids; PostgreSQL's sequences must follow."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("area", "organisation", "intervention"):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        ))


def load_catalogue(run: Run, catalogue: corpus.Catalogue) -> tuple[int, int]:
    """Schema, areas, organisations, the bench user and ``run.size`` interventions.
    Returns (bench user id, bench organisation id)."""
    from wwidw.accounts import services as accounts
    from wwidw.accounts.models import Membership, Organisation
    from wwidw.extensions import db
    from wwidw.http import login_policy
    from wwidw.interventions.models import Intervention, InterventionTag, intervention_area
    from wwidw.interventions.services import bump_catalogue_version
    from wwidw.neighbourhoods.models import Area

    with run_phase(run, "schema"):
        db.drop_all()
        db.create_all()
    with run_phase(run, "areas, organisations, user"):
        db.session.execute(insert(Area.__table__), [
            {"id": a.id, "code": a.code, "name": a.name, "level": a.level,
             "parent_id": a.parent_id}
            for a in catalogue.geo.areas
        ])
        codes = {a.id: a.code for a in catalogue.geo.municipalities}
        db.session.execute(insert(Organisation.__table__), [
            {"id": o.id, "name": o.name, "kind": o.kind,
             "municipality_codes": " ".join(codes[m] for m in o.municipality_ids)}
            for o in catalogue.organisations
        ])
        _fix_sequences(db)
        org_id = catalogue.organisations[BENCH_ORG_RANK - 1].id
        user = accounts.create_user(db.session, BENCH_EMAIL, "Bench Gebruiker", BENCH_PASSWORD,
                                    login_policy())
        db.session.add(Membership(user_id=user.id, organisation_id=org_id, role="manager"))
        db.session.commit()
        user_id = user.id

    generate = 0.0
    write = 0.0
    with run_phase(run, "interventions (generate + insert)"):
        for first in range(1, run.size + 1, BATCH):
            start = time.perf_counter()
            made = [corpus.make_intervention(catalogue, n)
                    for n in range(first, min(first + BATCH, run.size + 1))]
            generate += time.perf_counter() - start
            start = time.perf_counter()
            db.session.execute(insert(Intervention.__table__), [m.intervention for m in made])
            db.session.execute(insert(InterventionTag.__table__),
                               [tag for m in made for tag in m.tags])
            db.session.execute(insert(intervention_area), [
                {"intervention_id": m.intervention["id"], "area_id": area_id}
                for m in made for area_id in m.area_ids
            ])
            db.session.commit()
            write += time.perf_counter() - start
            if (first - 1) % (BATCH * 10) == 0 or first + BATCH > run.size:
                progress(f"  {min(first + BATCH - 1, run.size):,} interventions")
        _fix_sequences(db)
        bump_catalogue_version(db.session)
        db.session.commit()
    run.timings["  of which generating text"] = generate
    run.timings["  of which inserting"] = write
    db.session.remove()
    return user_id, org_id


@contextmanager
def run_phase(run: Run, name: str) -> Iterator[None]:
    with phase(run.timings, name):
        yield


# --- the measurements ------------------------------------------------------------------------


def measure_rebuild(run: Run) -> None:
    from wwidw.extensions import db
    from wwidw.interventions import indexing
    from wwidw.search import get_engine

    engine = get_engine()
    original = indexing.all_documents
    spent = [0.0]

    def timed_documents(session, batch: int = 1000):
        documents = original(session, batch)
        while True:
            start = time.perf_counter()
            try:
                document = next(documents)
            except StopIteration:
                spent[0] += time.perf_counter() - start
                return
            spent[0] += time.perf_counter() - start
            yield document

    indexing.all_documents = timed_documents  # rebuild() looks it up at call time
    try:
        with run_phase(run, "rebuild (procs=2)"):
            count = indexing.rebuild(db.session, engine, procs=2)
    finally:
        indexing.all_documents = original
    run.timings["  of which building documents"] = spent[0]
    index_dir = Path(run.folder / "index")
    seconds = run.timings["rebuild (procs=2)"]
    run.facts["indexed documents"] = f"{count:,} ({count / seconds:,.0f} per second)"
    run.facts["index size after rebuild"] = f"{folder_bytes(index_dir) / 1e6:.1f} MB"
    db.session.remove()


def measure_edits(run: Run, user_id: int, org_id: int) -> None:
    from sqlalchemy import select

    from wwidw.extensions import db
    from wwidw.interventions import indexing, services
    from wwidw.interventions.models import Intervention
    from wwidw.search import get_engine

    engine = get_engine()
    viewer = services.Viewer(user_id, {org_id: "manager"})
    ids = list(db.session.scalars(
        select(Intervention.id).where(Intervention.organisation_id == org_id)
        .order_by(Intervention.id)
    ))
    step = max(1, len(ids) // EDITS)
    chosen = ids[::step][:EDITS]
    db.session.remove()
    totals, saves, drains, searches, polls = [], [], [], [], []
    letters = "bcdfghjklmnpqrstvwz"
    with run_phase(run, f"{len(chosen)} edits"):
        for n, intervention_id in enumerate(chosen):
            word = f"proef{letters[n // len(letters)]}{letters[n % len(letters)]}qx"
            start = time.perf_counter()
            intervention = db.session.get(Intervention, intervention_id)
            services.update_intervention(
                db.session, viewer, intervention,
                {"approach": f"{intervention.approach}\n\nNieuw in deze versie: {word}."},
                intervention.version,
            )
            db.session.commit()
            saved = time.perf_counter()
            indexing.drain(db.session, engine)
            drained = time.perf_counter()
            tries = 0
            while True:
                tries += 1
                if intervention_id in engine.search(word).ids:
                    break
                if time.perf_counter() - drained > 10:
                    progress(f"  edit {intervention_id} not found after 10 s")
                    break
            found = time.perf_counter()
            db.session.remove()
            totals.append(found - start)
            saves.append(saved - start)
            drains.append(drained - saved)
            searches.append(found - drained)
            polls.append(tries)
    run.add("edit → searchable (total)", totals, f"{len(totals)} edits")
    run.add("  save + commit", saves)
    run.add("  drain (index write + commit)", drains)
    run.add("  search until found", searches, f"max {max(polls)} search(es)")
    index_dir = Path(run.folder / "index")
    run.facts["index size after edits"] = f"{folder_bytes(index_dir) / 1e6:.1f} MB"
    segments = _segment_count(index_dir)
    if segments is not None:
        run.facts["index segments after edits"] = str(segments)


def _segment_count(index_dir: Path) -> int | None:
    try:
        from whoosh import index

        return len(index.open_dir(str(index_dir)).reader().leaf_readers())
    except Exception:  # noqa: BLE001 - not a Whoosh index: say nothing
        return None


def measure_facet_table(run: Run) -> None:
    from wwidw.extensions import db
    from wwidw.interventions import catalogue

    times = []
    for _ in range(3):
        table = catalogue.FacetTable()
        start = time.perf_counter()
        snapshot = table.get(db.session)
        times.append(time.perf_counter() - start)
        db.session.remove()
    run.add("facet table load (cold)", times, f"{len(snapshot.rows):,} rows, 3 loads")


def time_snippets(text: str, viewer: Viewer, table: FacetTable) -> float:
    """What ``catalogue_page`` does after the search: plain text of five fields of the 20
    items, then highlighted fragments."""
    from wwidw.extensions import db
    from wwidw.interventions import catalogue
    from wwidw.markdown import plain_text
    from wwidw.search import get_engine

    result = catalogue.search(db.session, get_engine(), viewer, table,
                              catalogue.CatalogueQuery(text=text))
    start = time.perf_counter()
    if result.items:
        get_engine().snippets(text, {
            i.id: " ".join(plain_text(getattr(i, f)) for f in
                           ("summary", "problem", "approach", "goals", "target_group_description"))
            for i in result.items
        })
    return time.perf_counter() - start


@contextmanager
def guard(run: Run, label: str) -> Iterator[None]:
    """A measure that fails becomes a row saying so; the run goes on with the next one."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - report it, keep the other figures
        import traceback

        traceback.print_exc(file=sys.stderr)
        progress(f"{label} FAILED: {error!r}")
        run.rows.append((label, "FAILED", "", "", f"{type(error).__name__}: {error}"[:160]))
        from wwidw.extensions import db

        try:
            db.session.rollback()
            db.session.remove()
        except Exception:  # noqa: BLE001 - outside an app context: nothing to clean
            pass


def forget_results(engine: Any) -> None:
    """Empty the engine's result cache, if it has one, so a timing measures the search itself
    (the bench runs the same queries several times; a cache would answer the later runs)."""
    cache = getattr(engine, "_cache", None)
    if cache is not None:
        cache.clear()


def _accepts_org_ids(engine: Any) -> bool:
    try:
        return len(inspect.signature(engine.search).parameters) >= 2
    except (TypeError, ValueError):
        return False


def measure_direct(run: Run, user_id: int, org_id: int, queries: list[str],
                   warmup: list[str], themes: list[str], browse: int) -> None:
    """The engine and ``catalogue.search`` called directly (needs an app context)."""
    from wwidw.extensions import db
    from wwidw.interventions import catalogue, services
    from wwidw.search import get_engine

    viewer = services.Viewer(user_id, {org_id: "manager"})
    table = catalogue.FacetTable()
    engine = get_engine()

    def direct(text: str, theme: str | None, cold: bool = True) -> tuple[float, int]:
        query = catalogue.CatalogueQuery(text=text, filters={"theme": {theme}} if theme else {})
        if cold:
            forget_results(engine)
        start = time.perf_counter()
        result = catalogue.search(db.session, engine, viewer, table, query)
        elapsed = time.perf_counter() - start
        db.session.remove()  # as at the end of a request
        return elapsed, result.total

    with guard(run, "warm-up"):
        for q in warmup:
            engine.search(q)
            direct(q, None)

    variants = [("engine.search(q)", ())]
    if _accepts_org_ids(engine):
        # What catalogue.search asks: also the viewer's organisations' private words.
        variants.append(("engine.search(q, org_ids)", (viewer.org_ids,)))
    for label, extra in variants:
        with guard(run, label), run_phase(run, f"{label} × {len(queries)}"):
            times, hits = [], []
            for q in queries:
                forget_results(engine)
                start = time.perf_counter()
                found = engine.search(q, *extra)
                times.append(time.perf_counter() - start)
                hits.append(len(found.ids))
            run.add(label, times, f"hits {median(hits):.0f}; 0 hits: {hits.count(0)}")

    label = "(a) catalogue.search + facets"
    with guard(run, label), run_phase(run, f"catalogue.search × {len(queries)}"):
        times, totals = [], []
        for q in queries:
            elapsed, total = direct(q, None)
            times.append(elapsed)
            totals.append(total)
        run.add(label, times, f"total {median(totals):.0f}")

    if getattr(engine, "_cache", None) is not None:
        label = "  the same query again (result cache)"
        with guard(run, label):
            times = []
            for q in queries:
                direct(q, None)
                times.append(direct(q, None, cold=False)[0])
            run.add(label, times, "engine answers from its cache")

    label = "  snippets of a page (as the view)"
    with guard(run, label), run_phase(run, f"snippets × {len(queries)}"):
        times = []
        for q in queries:
            times.append(time_snippets(q, viewer, table))
            db.session.remove()
        run.add(label, times, "not in (a); in (b)")

    label = "(c) catalogue.search + theme"
    with guard(run, label), run_phase(run, f"catalogue.search + theme × {len(queries)}"):
        times, totals = [], []
        for q, theme in zip(queries, themes, strict=False):
            elapsed, total = direct(q, theme)
            times.append(elapsed)
            totals.append(total)
        run.add(label, times, f"total {median(totals):.0f}")

    label = "(d) catalogue.search, no words"
    with guard(run, label):
        times, totals = [], []
        for _ in range(browse):
            elapsed, total = direct("", None)
            times.append(elapsed)
            totals.append(total)
        run.add(label, times, f"total {median(totals):.0f}; {browse}×")

    label = "(d) catalogue.search, theme only"
    with guard(run, label):
        times = [direct("", themes[n % len(themes)])[0] for n in range(browse)]
        run.add(label, times, f"{browse}×")


class PageError(Exception):
    pass


def measure_pages(run: Run, app: Flask, queries: list[str], warmup: list[str], themes: list[str],
                  browse: int) -> None:
    """Whole pages through the app. Called outside any app context, so each request gets its
    own, as in production: a fresh session per request and the app's per-process facet table."""
    client = app.test_client()
    engine = app.extensions["wwidw_search"]

    def get(params: dict) -> tuple[float, int]:
        url = "/catalogue" + (f"?{urlencode(params, doseq=True)}" if params else "")
        forget_results(engine)
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        if response.status_code != 200:
            raise PageError(f"{url} answered {response.status_code}")
        return elapsed, len(response.data)

    with guard(run, "log-in and warm-up"):
        response = client.post("/login",
                               data={"email": BENCH_EMAIL, "password": BENCH_PASSWORD})
        if response.status_code != 302:
            raise PageError(f"log-in answered {response.status_code}")
        for q in warmup:
            get({"q": q})

    for label, params in (
        ("(b) GET /catalogue?q=", [{"q": q} for q in queries]),
        ("(c) GET /catalogue?q=&theme=",
         [{"q": q, "theme": t} for q, t in zip(queries, themes, strict=False)]),
        ("(d) GET /catalogue", [{} for _ in range(browse)]),
        ("(d) GET /catalogue?theme=", [{"theme": themes[n % len(themes)]}
                                       for n in range(browse)]),
    ):
        with guard(run, label), run_phase(run, f"{label} × {len(params)}"):
            times, sizes = [], []
            for p in params:
                elapsed, size = get(p)
                times.append(elapsed)
                sizes.append(size)
            run.add(label, times, f"page {median(sizes) / 1000:.0f} kB; {len(params)}×")


# --- report ----------------------------------------------------------------------------------


def code_version() -> str:
    """The commit measured, and which files differed from it."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--short", "--", "wwidw", "config.py"],
                                cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    changed = [line[3:] for line in status.splitlines()]
    return f"{head}" + (f" + uncommitted changes in {', '.join(changed)}" if changed else "")


def machine_facts() -> list[tuple[str, str]]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    return [
        ("code", code_version()),
        ("CPUs", f"{os.cpu_count()} × {cpu}"),
        ("memory", memory),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("platform", platform.platform()),
        ("SQLite", sqlite3.sqlite_version),
        ("SQLAlchemy / Flask", f"{version('SQLAlchemy')} / {version('Flask')}"),
        ("whoosh-reloaded", version("whoosh-reloaded")),
    ]


def print_run(run: Run, engine_name: str, database: str) -> None:
    print(f"\n## {run.size:,} interventions ({engine_name}, {database})\n")
    for name, value in run.facts.items():
        print(f"- {name}: {value}")
    print("\nPhase times:\n")
    print("| phase | seconds |")
    print("|---|---:|")
    for name, seconds in run.timings.items():
        print(f"| {name} | {seconds:.1f} |")
    print("\nLatencies (ms):\n")
    print("| measure | p50 | p95 | max | notes |")
    print("|---|---:|---:|---:|---|")
    for what, p50, p95, worst, note in run.rows:
        print(f"| {what} | {p50} | {p95} | {worst} | {note} |")
    sys.stdout.flush()


def describe_viewer(run: Run, user_id: int, org_id: int, organisations: int) -> None:
    from sqlalchemy import func, select

    from wwidw.extensions import db
    from wwidw.interventions.models import Intervention
    from wwidw.interventions.services import Viewer, visible_clause

    count = select(func.count(Intervention.id))
    visible = db.session.scalar(count.where(visible_clause(Viewer(user_id, {org_id: "manager"}))))
    own = db.session.scalar(count.where(Intervention.organisation_id == org_id))
    run.facts["visible to the bench user"] = f"{visible:,} of {run.size:,}"
    run.facts["bench user's organisation"] = (
        f"rank {BENCH_ORG_RANK} of {organisations}, {own:,} interventions"
    )
    db.session.remove()


def run_size(size: int, args: argparse.Namespace, catalogue: corpus.Catalogue,
             queries: list[str], warmup: list[str], themes: list[str]) -> Run:
    folder = Path(tempfile.mkdtemp(prefix=f"wwidw-bench-{size}-"))
    url = args.database_url or "sqlite:///" + str(folder / "bench.sqlite3")
    run = Run(size, folder, url)
    progress(f"=== {size:,} interventions in {folder}")
    wall = time.perf_counter()
    app = make_app(run, args.engine)
    try:
        ready = False
        with app.app_context():
            with guard(run, "catalogue and index"):
                user_id, org_id = load_catalogue(run, catalogue)
                measure_rebuild(run)
                ready = True
            if ready:
                with guard(run, "edits"):
                    measure_edits(run, user_id, org_id)
                with guard(run, "facet table"):
                    measure_facet_table(run)
                    describe_viewer(run, user_id, org_id, len(catalogue.organisations))
                measure_direct(run, user_id, org_id, queries, warmup, themes, args.browse)
        if ready:
            measure_pages(run, app, queries, warmup, themes, args.browse)
        run.timings["total for this size"] = time.perf_counter() - wall
        run.facts["max RSS of the process so far"] = (
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
    finally:
        with app.app_context():
            from wwidw.extensions import db
            from wwidw.search import get_engine

            get_engine().close()
            db.engine.dispose()
        if args.keep:
            progress(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200, help="timed queries per measure")
    parser.add_argument("--browse", type=int, default=30,
                        help="repetitions of the browse measures (no words)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--engine", choices=sorted(ENGINES), default="whoosh")
    parser.add_argument("--database-url", help="use this database; ALL ITS TABLES ARE DROPPED")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args(argv)

    from wwidw.interventions import taxonomy

    catalogue = corpus.build_catalogue(
        args.seed,
        [t.key for t in taxonomy.themes()],
        [t.key for t in taxonomy.target_groups()],
        [t.key for t in taxonomy.effects()],
    )
    generated = corpus.make_queries(args.seed, catalogue.vocabulary, WARMUP + args.queries)
    warmup, queries = generated[:WARMUP], generated[WARMUP:]
    themes = corpus.make_theme_filters(catalogue, max(args.queries, args.browse))

    database = "PostgreSQL" if args.database_url else "SQLite (temporary file)"
    print("# wwidw catalogue search bench\n")
    for name, value in machine_facts():
        print(f"- {name}: {value}")
    print(f"- engine: {args.engine}; database: {database}")
    print(f"- seed {args.seed}; N = {len(queries)} timed queries (+{WARMUP} warm-up), "
          f"browse measures {args.browse}×; {EDITS} edits")
    print(f"- corpus: {catalogue.vocabulary.distinct_words():,} distinct words, "
          f"{len(catalogue.geo.areas):,} areas, {len(catalogue.organisations)} organisations")
    print(f"- query examples: {', '.join(repr(q) for q in queries[:8])}")
    sys.stdout.flush()

    for size in args.sizes:
        run = run_size(size, args, catalogue, queries, warmup, themes)
        print_run(run, args.engine, database)
        gc.collect()
    progress("done")


if __name__ == "__main__":
    main()
