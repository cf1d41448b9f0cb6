"""How fast the portfolio dashboard answers for an organisation with many monitored
interventions.

Run: ``.venv/bin/python bench/monitor_portfolio.py [--interventions 1000] [--postgres URL]``.
Builds a fresh database (SQLite in a temporary folder, or an EMPTIED PostgreSQL database) with one
organisation whose interventions each have 3 goals (2 yearly targets, 12 monthly measurements
each), 12 months of activity records and 12 cost entries, written in bulk. Prints p50/p95 ms of
the dashboard page and of its Excel download through the app, logged in as a manager. The issue's
target: 1,000 interventions in at most 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def populate(session, org_id: int, count: int) -> None:
    from sqlalchemy import insert, select

    from wwidw.interventions.models import Intervention
    from wwidw.models import utcnow
    from wwidw.monitor.models import ActivityRecord, CostEntry, Goal, GoalTarget, Measurement

    now = utcnow()
    session.execute(insert(Intervention.__table__), [
        {"organisation_id": org_id, "title": f"Interventie {n:04d}", "kind": "practice",
         "start_date": date(2025, 1, 1), "end_date": date(2026, 12, 31), "is_draft": False,
         "visibility": "community", "status": "running", "budget_cents": 100_000_00,
         "created_at": now, "updated_at": now, "version": 1} for n in range(count)])
    ids = list(session.scalars(select(Intervention.id).where(
        Intervention.organisation_id == org_id)))
    session.execute(insert(Goal.__table__), [
        {"intervention_id": i, "result_type": "activity", "description": f"Doel {g}",
         "indicator_name": "Deelnemers", "measure": "number", "direction": "increase",
         "cumulative": g == 0, "target_frequency": "yearly", "baseline_value": 0.0,
         "baseline_na": False, "public": False, "position": g, "created_at": now,
         "updated_at": now} for i in ids for g in range(3)])
    goal_ids = list(session.scalars(select(Goal.id)))
    session.execute(insert(GoalTarget.__table__), [
        {"goal_id": g, "period_start": date(year, 1, 1), "period_end": date(year, 12, 31),
         "value": 120.0} for g in goal_ids for year in (2025, 2026)])
    session.execute(insert(Measurement.__table__), [
        {"goal_id": g, "measured_on": date(2025, m, 28), "value": float(5 + (g + m) % 9),
         "created_at": now, "updated_at": now} for g in goal_ids for m in range(1, 13)])
    session.execute(insert(ActivityRecord.__table__), [
        {"intervention_id": i, "period_start": date(2025, m, 1), "period_end": date(2025, m, 28),
         "activity": "Inloop", "sessions": 4, "participants": 30, "new_participants": 3,
         "created_at": now, "updated_at": now} for i in ids for m in range(1, 13)])
    session.execute(insert(CostEntry.__table__), [
        {"intervention_id": i, "period_start": date(2025, m, 1), "period_end": date(2025, m, 28),
         "category": "personnel", "amount_cents": 1_250_00, "funder": "Gemeente",
         "created_at": now, "updated_at": now} for i in ids for m in range(1, 13)])
    session.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interventions", type=int, default=1000)
    parser.add_argument("--postgres", help="URL of a PostgreSQL database to EMPTY and use")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wwidw-bench-portfolio-"))
    os.environ["WWIDW_INSTANCE_PATH"] = str(folder / "instance")
    from wwidw import create_app
    from wwidw.accounts import services as accounts
    from wwidw.accounts.models import Membership
    from wwidw.extensions import db
    from wwidw.http import login_policy

    url = args.postgres or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "b",
                                           "SEARCH_INDEX_DIR": str(folder / "index")})
    with app.app_context():
        db.drop_all()
        db.create_all()
        org = accounts.create_organisation(db.session, "Bench", "housing", "GM0797")
        user = accounts.create_user(db.session, "bench@example.nl", "Bench", "bench password 1",
                                    login_policy())
        db.session.add(Membership(user=user, organisation=org, role="manager"))
        db.session.commit()
        org_id = org.id
        started = time.perf_counter()
        populate(db.session, org_id, args.interventions)
        built = time.perf_counter() - started
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.nl", "password": "bench password 1"})
    results = {}
    for label, path, runs in (("dashboard page", f"/organisations/{org_id}/monitor", 10),
                              ("Excel download", f"/organisations/{org_id}/monitor/export.xlsx",
                               5)):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        results[label] = times
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; "
          f"{args.interventions} interventions, {args.interventions * 3} goals, "
          f"{args.interventions * 36} measurements (built in {built:.1f} s)")
    print("| what | requests | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for label, times in results.items():
        print(f"| {label} | {len(times)} | {statistics.median(times):.0f} | "
              f"{percentile(times, 0.95):.0f} |")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
