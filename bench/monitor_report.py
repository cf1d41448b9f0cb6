"""How fast the SMART effect report answers, as HTML and as PDF (issue 6: HTML p95 ≤ 500 ms,
PDF ≤ 2 s).

Run: ``.venv/bin/python bench/monitor_report.py [--postgres URL] [--pdf-out FILE]``. Builds a
fresh database (SQLite in a temporary folder unless ``--postgres`` names an empty database) with
one intervention of 8 goals × 60 measurements, 36 months of activities (3 a month) and costs
(4 categories a month, 2 funders with budgets), all through the monitor services, logs in through
the app and prints p50/p95 milliseconds of 20 report pages, 5 PDFs and 5 Excel downloads.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOALS, MEASUREMENTS, MONTHS = 8, 60, 36


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def month_start(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def build(session, user) -> int:
    from wwidw.interventions import services as interventions
    from wwidw.monitor import services

    viewer = interventions.Viewer.of(user)
    today = date.today()
    start = month_start(today, -(MONTHS - 1))
    end = month_start(today, 13) - timedelta(days=1)
    organisation = user.memberships[0].organisation
    intervention = interventions.create_intervention(session, viewer, organisation, {
        "title": "Buurtkamer De Vlinder: samen sterker in de wijk",
        "summary": "Een buurtkamer waar bewoners elkaar ontmoeten, koken en klussen, met "
                   "vrijwilligers uit de buurt en een opbouwwerker.",
        "start_date": start, "end_date": end, "target_groups": ["residents"],
        "budget_cents": 450_000_00})
    interventions.publish(session, viewer, intervention, "organisation", intervention.version)
    days = (today - start).days
    for number in range(GOALS):
        percentage = number % 2 == 0
        baseline = 40.0 if percentage else 100.0
        target = 60.0 if percentage else 160.0 + number * 10
        goal = services.save_goal(session, viewer, intervention, {
            "result_type": ("effect", "activity", "effect", "economic")[number % 4],
            "description": f"Doel {number + 1}: meer bewoners doen mee aan activiteiten in de "
                           f"buurtkamer en kennen hun buren beter",
            "indicator_name": ("Bewoners die hun buren kennen" if percentage
                               else "Deelnemers per maand"),
            "unit_label": "bewoners", "measure": "percentage" if percentage else "number",
            "direction": "increase", "cumulative": True, "baseline_value": baseline,
            "baseline_date": start, "targets": [
                (start, month_start(start, 12) - timedelta(days=1),
                 baseline + (target - baseline) / 3, ""),
                (month_start(start, 12), month_start(start, 24) - timedelta(days=1),
                 baseline + 2 * (target - baseline) / 3, ""),
                (month_start(start, 24), end, target, "")]})
        for index in range(MEASUREMENTS):
            share = (index + 1) / MEASUREMENTS
            services.record_measurement(session, viewer, goal, intervention, {
                "measured_on": start + timedelta(days=int(days * share)),
                "value": round(baseline + (target - baseline) * share * 0.8
                               + (index % 5 - 2) * 0.7, 1),
                "source": "registratie"})
    for month in range(MONTHS):
        first = month_start(start, month)
        last = month_start(start, month + 1) - timedelta(days=1)
        for activity in ("Inloop", "Samen koken", "Klussendienst"):
            services.save_activity(session, viewer, intervention, {
                "activity": activity, "period_start": first, "period_end": last,
                "sessions": 8, "participants": 40 + month, "new_participants": 5,
                "volunteers": 6, "volunteer_hours": 32.0, "professional_hours": 20.0})
        for category, cents in (("personnel", 6_500_00), ("material", 850_00),
                                ("accommodation", 1_200_00), ("other", 300_00)):
            services.add_cost(session, viewer, intervention, {
                "category": category, "amount_cents": cents, "period_start": first,
                "period_end": last,
                "funder": "Gemeente" if category == "personnel" else "Woonstichting"})
    services.set_budget(session, viewer, intervention, "Gemeente", 250_000_00)
    services.set_budget(session, viewer, intervention, "Woonstichting", 120_000_00)
    session.commit()
    return intervention.id


def timed(client, url: str, times: int) -> tuple[list[float], bytes]:
    values, body = [], b""
    for _ in range(times):
        started = time.perf_counter()
        response = client.get(url)
        body = response.data
        values.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return values, body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database to use")
    parser.add_argument("--pdf-out", help="also write the last PDF to this file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wwidw-bench-report-"))
    os.environ["WWIDW_INSTANCE_PATH"] = str(folder / "instance")
    from wwidw import create_app
    from wwidw.accounts import services as accounts
    from wwidw.accounts.models import Membership
    from wwidw.extensions import db
    from wwidw.http import login_policy

    url = args.postgres or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url,
                                           "SECRET_KEY": "bench", "SEARCH_INDEX_DIR":
                                           str(folder / "index")})
    with app.app_context():
        db.drop_all()
        db.create_all()
        organisation = accounts.create_organisation(db.session, "Woonstichting Bench",
                                                    "housing", "GM0797")
        user = accounts.create_user(db.session, "bench@example.nl", "Bench", "bench password 1",
                                    login_policy())
        db.session.add(Membership(user=user, organisation=organisation, role="manager"))
        db.session.commit()
        intervention_id = build(db.session, user)
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.nl", "password": "bench password 1"})
    base = f"/interventions/{intervention_id}/monitor/report"
    html, _body = timed(client, base, 20)
    pdf, body = timed(client, base + ".pdf", 5)
    xlsx, _body = timed(client, base + ".xlsx", 5)
    assert body.startswith(b"%PDF")
    if args.pdf_out:
        Path(args.pdf_out).write_bytes(body)

    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; {GOALS} goals × "
          f"{MEASUREMENTS} measurements, {MONTHS} months of activities (3/month) and costs "
          f"(4/month); PDF {len(body) / 1024:.0f} KB")
    print("| what | requests | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for label, values in (("report page (HTML)", html), ("report PDF", pdf),
                          ("report Excel", xlsx)):
        print(f"| {label} | {len(values)} | {statistics.median(values):.1f} | "
              f"{percentile(values, 0.95):.1f} |")
    if args.postgres:
        with app.app_context():
            db.drop_all()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
