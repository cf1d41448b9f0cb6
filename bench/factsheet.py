"""How fast factsheets and their charts answer, with a cold and a warm chart cache.

Run: ``.venv/bin/python bench/factsheet.py [--postgres URL]``. Builds a fresh database (SQLite in
a temporary folder unless ``--postgres`` names an empty database) with the CBS extracts shipped in
``wwidw/data/cbs``, logs in through the app, and prints p50/p95 milliseconds for: the factsheet
page of 40 areas (municipalities, districts, neighbourhoods; several requests each), trend charts
drawn fresh (cold cache), and the same charts again (warm cache).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database to use")
    parser.add_argument("--areas", type=int, default=40)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wwidw-bench-factsheet-"))
    os.environ["WWIDW_INSTANCE_PATH"] = str(folder / "instance")
    from sqlalchemy import select

    from wwidw import create_app
    from wwidw.accounts import services as accounts
    from wwidw.accounts.models import Membership
    from wwidw.extensions import db
    from wwidw.http import login_policy
    from wwidw.neighbourhoods.cbs import read_cbs_file
    from wwidw.neighbourhoods.charts import cache_dir
    from wwidw.neighbourhoods.imports import import_cbs_table
    from wwidw.neighbourhoods.models import Area

    url = args.postgres or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url,
                                           "SECRET_KEY": "bench", "SEARCH_INDEX_DIR":
                                           str(folder / "index")})
    with app.app_context():
        db.drop_all()
        db.create_all()
        files = sorted((ROOT / "wwidw" / "data" / "cbs").glob("kwb_*.csv"))
        for path in sorted(files, key=lambda p: p.name.split("_")[1]):
            year = int(re.search(r"kwb_(\d{4})_", path.name).group(1))
            import_cbs_table(db.session, read_cbs_file(path, year=year), path.name, path.name)
        organisation = accounts.create_organisation(db.session, "Bench", "housing", "GM0363")
        user = accounts.create_user(db.session, "bench@example.nl", "Bench", "bench password 1",
                                    login_policy())
        db.session.add(Membership(user=user, organisation=organisation, role="admin"))
        db.session.commit()
        codes = list(db.session.scalars(select(Area.code).order_by(Area.code)))
    step = max(1, len(codes) // args.areas)
    sample = codes[::step][:args.areas]
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.nl", "password": "bench password 1"})

    pages, charts_cold, charts_warm = [], [], []
    chart_urls = []
    for code in sample:
        for _ in range(3):
            start = time.perf_counter()
            response = client.get(f"/areas/{code}")
            pages.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (code, response.status_code)
        html = response.get_data(as_text=True)
        chart_urls += re.findall(r'src="(/areas/[^"]+/trend/[^"]+\.png)"', html)[:2]
    with app.app_context():
        shutil.rmtree(cache_dir(), ignore_errors=True)
    for chart in chart_urls:
        start = time.perf_counter()
        assert client.get(chart).status_code == 200
        charts_cold.append((time.perf_counter() - start) * 1000)
    for chart in chart_urls:
        start = time.perf_counter()
        assert client.get(chart).status_code == 200
        charts_warm.append((time.perf_counter() - start) * 1000)

    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; {len(codes)} areas; "
          f"{len(sample)} areas sampled")
    print("| what | requests | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for label, values in (("factsheet page", pages), ("trend chart, cold cache", charts_cold),
                          ("trend chart, warm cache", charts_warm)):
        if values:
            print(f"| {label} | {len(values)} | {statistics.median(values):.1f} | "
                  f"{percentile(values, 0.95):.1f} |")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
