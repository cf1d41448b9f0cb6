"""The portfolio dashboard: every intervention of an organisation with its goals' statuses and
its spending, grouped by program line, filtered and sorted as a manager asks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.interventions.models import Intervention
from wwidw.monitor import calc, portfolio, report
from wwidw.programlines.models import ProgramLine, intervention_program_line

SORTS = ("title", "status", "spent", "budget", "goals")
# Most attention first when sorting by status.
STATUS_ORDER = {calc.OVERDUE: 0, calc.BEHIND: 1, calc.NO_DATA: 2, calc.ON_TRACK: 3,
                calc.ACHIEVED: 4, None: 5}


@dataclass
class Row:
    intervention: Intervention
    summary: portfolio.Summary
    lines: list[str]

    @property
    def spent_share(self) -> float | None:
        budget = self.summary.budget_cents
        return self.summary.spent_cents / budget if budget else None


@dataclass
class Dashboard:
    rows: list[Row]
    lines: list[ProgramLine]
    totals: dict[str, int]
    spent_cents: int
    budget_cents: int


def build(session: Session, organisation_id: int, today: date, line_id: int | None = None,
          status: str | None = None, sort: str = "status") -> Dashboard:
    interventions = list(session.scalars(
        select(Intervention).where(Intervention.organisation_id == organisation_id,
                                   Intervention.kind == "practice")
        .order_by(Intervention.title)))
    lines = list(session.scalars(select(ProgramLine).where(
        ProgramLine.organisation_id == organisation_id).order_by(ProgramLine.position,
                                                                 ProgramLine.id)))
    by_id = {line.id: line for line in lines}
    line_of: dict[int, list[int]] = {}
    for intervention_id, program_line_id in session.execute(
            select(intervention_program_line.c.intervention_id,
                   intervention_program_line.c.program_line_id)
            .where(intervention_program_line.c.program_line_id.in_(list(by_id)))):
        line_of.setdefault(intervention_id, []).append(program_line_id)
    summaries = portfolio.summaries(session, [i.id for i in interventions], today)
    rows = []
    for intervention in interventions:
        ids = line_of.get(intervention.id, [])
        if line_id is not None:
            wanted = {line_id} | {line.id for line in lines if line.parent_id == line_id}
            if not wanted & set(ids):
                continue
        summary = summaries[intervention.id]
        if status and not summary.statuses.get(status):
            continue
        rows.append(Row(intervention, summary, [by_id[i].full_name for i in ids]))
    keys = {
        "title": lambda r: r.intervention.title.lower(),
        "status": lambda r: (STATUS_ORDER[r.summary.worst], r.intervention.title.lower()),
        "spent": lambda r: -r.summary.spent_cents,
        "budget": lambda r: -(r.summary.budget_cents or 0),
        "goals": lambda r: -r.summary.goals,
    }
    rows.sort(key=keys.get(sort, keys["status"]))
    totals = {code: sum(r.summary.statuses.get(code, 0) for r in rows) for code in calc.STATUSES}
    return Dashboard(rows, lines, totals, sum(r.summary.spent_cents for r in rows),
                     sum(r.summary.budget_cents or 0 for r in rows))


def frame(dashboard: Dashboard) -> pd.DataFrame:
    labels = {code: str(label) for code, label in report.STATUS_LABELS.items()}
    records = []
    for row in dashboard.rows:
        record = {_("Intervention"): row.intervention.title,
                  _("Program lines"): "; ".join(row.lines),
                  _("Goals"): row.summary.goals}
        for code in calc.STATUSES:
            record[labels[code]] = row.summary.statuses.get(code, 0)
        record[_("Spent (euro)")] = row.summary.spent_cents / 100
        record[_("Budget (euro)")] = (None if row.summary.budget_cents is None
                                      else row.summary.budget_cents / 100)
        records.append(record)
    return pd.DataFrame(records)
