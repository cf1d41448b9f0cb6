"""Demo interventions from ``data/demo_interventions.json``, saved through the services.

Saving through the services gives the demo what real use gives: revisions, the search queue,
archetype links. Interventions whose title already exists for the organisation are skipped.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.accounts.models import Membership, Organisation
from wwidw.interventions import services
from wwidw.interventions.models import Intervention

DATA = Path(__file__).resolve().parent / "data" / "demo_interventions.json"


def _author(session: Session, organisation: Organisation):
    """The demo colleague who writes: a manager or admin, so public visibility is allowed."""
    memberships = session.scalars(
        select(Membership).where(Membership.organisation_id == organisation.id)
    ).all()
    ranked = sorted(memberships, key=lambda m: ("admin", "manager", "worker").index(m.role)
                    if m.role in ("admin", "manager", "worker") else 9)
    return ranked[0].user


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_demo_interventions(session: Session) -> int:
    records = json.loads(DATA.read_text(encoding="utf-8"))["interventions"]
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    existing = {
        (i.organisation_id, i.title)
        for i in session.execute(select(Intervention.organisation_id, Intervention.title))
    }
    # Archetypes first, so practices can point at them.
    records = sorted(records, key=lambda r: r["kind"] != "archetype")
    by_title: dict[str, Intervention] = {
        i.title: i for i in session.scalars(
            select(Intervention).where(Intervention.kind == "archetype"))
    }
    added = 0
    for record in records:
        organisation = organisations[record["organisation"]]
        if (organisation.id, record["title"]) in existing:
            continue
        author = _author(session, organisation)
        viewer = services.Viewer.of(author)
        data = {name: record.get(name) or "" for name in (
            "title", "kind", "summary", "problem", "problem_figures", "target_group_description",
            "goals", "approach", "activities", "partners", "active_ingredients", "assumptions",
            "preconditions", "transferability", "costs_description", "funding",
            "contact_name", "contact_email")}
        data.update(
            status=record["status"],
            themes=record["themes"], target_groups=record["target_groups"],
            effects=record["effects"], areas=record["areas"],
            start_date=_date(record["start_date"]), end_date=_date(record["end_date"]),
            budget_cents=None if record["budget_euros"] is None else record["budget_euros"] * 100,
        )
        archetype = by_title.get(record.get("archetype") or "")
        if archetype is not None:
            data["archetype_id"] = archetype.id
        intervention = services.create_intervention(session, viewer, organisation, data)
        draft = record.get("draft", False)
        if not draft:
            services.publish(
                session, viewer, intervention, record["visibility"], intervention.version,
                {"recognition_level": record["recognition_level"],
                 "recognition_date": _date(record["recognition_date"])},
            )
        if intervention.kind == "archetype":
            by_title[intervention.title] = intervention
        added += 1
    session.flush()
    return added
