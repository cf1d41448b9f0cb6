"""How fast a CBS file is read and imported into a fresh database, and the memory it takes.

Run from the repository root::

    .venv/bin/python bench/cbs_import.py                    # SQLite only
    .venv/bin/python bench/cbs_import.py --postgres postgresql://user:pw@127.0.0.1/scratch

It prints figures; it asserts nothing. Files (from ../shared/data/cbs beside the repository, or
``--folder``): the national KWB 2024 population file (18,310 areas × 8 figures) and Den Haag
2019 (159 areas, 118 columns). Each file and database gets a fresh Python process, so that peak
memory is that of one import and nothing is cached from a previous one; SQLite gets a new file
in a temporary folder. ``--postgres`` uses that database instead: **every table in it is
dropped** first.

What the figures mean (wall-clock seconds):

- **read**: ``read_cbs_file`` on the file's bytes;
- **import + commit**: ``import_cbs_table`` into the empty database, then ``commit``;
- **total**: the two together, which is what ``flask cbs import`` costs apart from start-up;
- **re-import**: reading and importing the same file again and committing (nothing changes);
- **peak RSS**: the process's peak resident memory (``ru_maxrss``) at the end, and at the start
  after the imports and the schema (the interpreter, pandas, SQLAlchemy), so the difference is
  what reading and importing took;
- **tracemalloc peak**: Python's own allocations during read + import, from a separate
  process, because tracing slows the run down (it does not count numpy's buffers fully).

The issue's target: the national file in at most 5 s with at most 300 MB peak.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILES = (
    ("Kerncijfers_wijken_en_buurten_2024_geslachten.csv", 2024),
    ("marginal_distributions_TheHague_2019_84583NED.csv", 2019),
)


def rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_schema(database_url: str):
    """An engine on an empty database with the tables an import writes to."""
    from sqlalchemy import MetaData, create_engine

    # Every model, so the foreign keys of the figure tables resolve.
    import wwidw.accounts.models  # noqa: F401
    import wwidw.neighbourhoods.models  # noqa: F401
    from wwidw.extensions import db

    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    engine = create_engine(database_url)
    existing = MetaData()
    existing.reflect(engine)
    existing.drop_all(engine)
    db.metadata.create_all(engine)
    return engine


def child(path: Path, year: int, database_url: str, trace: bool) -> dict:
    """One measurement in this (fresh) process; returns the figures as a dict."""
    from sqlalchemy.orm import Session

    from wwidw.neighbourhoods.cbs import read_cbs_file
    from wwidw.neighbourhoods.imports import import_cbs_table

    engine = fresh_schema(database_url)
    figures: dict = {"rss_start_mb": rss_mb()}
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    data = path.read_bytes()
    table = read_cbs_file(data, year=year)
    read_done = time.perf_counter()
    sha256 = hashlib.sha256(data).hexdigest()
    with Session(engine) as session:
        report = import_cbs_table(session, table, path.name, sha256)
        session.commit()
    done = time.perf_counter()
    if trace:
        figures["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        return figures
    figures.update(read=read_done - start, imported=done - read_done, total=done - start,
                   areas=report.areas, values=report.values_added)
    del table
    start = time.perf_counter()
    with Session(engine) as session:
        again = import_cbs_table(session, read_cbs_file(data, year=year), path.name, sha256)
        session.commit()
    figures["reimport"] = time.perf_counter() - start
    figures["reimport_changed"] = again.values_added + again.values_changed
    figures["rss_peak_mb"] = rss_mb()
    engine.dispose()
    return figures


def run_child(path: Path, year: int, database_url: str, trace: bool) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--year", str(year),
         "--database-url", database_url] + (["--trace"] if trace else []),
        capture_output=True, text=True, cwd=ROOT,
    )
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"the measurement of {path.name} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def sqlite_url(folder: str, path: Path, tag: str) -> str:
    """A new SQLite file per measurement, so every import starts from an empty database."""
    return f"sqlite:///{Path(folder) / f'{path.stem}{tag}.sqlite3'}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path,
                        default=ROOT.parent / "shared" / "data" / "cbs")
    parser.add_argument("--postgres", metavar="URL",
                        help="also measure on this PostgreSQL database; ALL ITS TABLES ARE DROPPED")
    parser.add_argument("--no-tracemalloc", action="store_true",
                        help="skip the extra process that measures Python's allocations")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--year", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.year, args.database_url, args.trace)))
        return

    print("| file | database | areas | values | read s | import+commit s | total s "
          "| re-import s | peak RSS MB (start) | tracemalloc peak MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="wwidw-bench-cbs-") as folder:
        databases = [("SQLite", None)] + ([("PostgreSQL", args.postgres)] if args.postgres else [])
        for name, year in FILES:
            path = args.folder / name
            for label, url in databases:
                figures = run_child(path, year, url or sqlite_url(folder, path, ""), trace=False)
                traced = "-"
                if not args.no_tracemalloc:
                    peak = run_child(path, year, url or sqlite_url(folder, path, "-trace"),
                                     trace=True)["tracemalloc_peak_mb"]
                    traced = f"{peak:.0f}"
                changed = " (changed!)" if figures["reimport_changed"] else ""
                print(f"| {name} | {label} | {figures['areas']:,} | {figures['values']:,} "
                      f"| {figures['read']:.2f} | {figures['imported']:.2f} "
                      f"| {figures['total']:.2f} | {figures['reimport']:.2f}{changed} "
                      f"| {figures['rss_peak_mb']:.0f} ({figures['rss_start_mb']:.0f}) "
                      f"| {traced} |", flush=True)
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
