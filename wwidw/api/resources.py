"""What the API answers, as plain JSON-ready data, with the same permission rules as the
pages: the catalogue's search for members, ``public_rules`` for anonymous callers, free-field
answers through ``fields_visible_to``, raw monitoring data only for the owning organisation.
Views parse the request and call these; nothing here knows about HTTP."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from wwidw.api import public_rules
from wwidw.freefields import services as freefields
from wwidw.freefields.types import field_type
from wwidw.interventions import catalogue, taxonomy
from wwidw.interventions.models import TEXT_FIELDS, Intervention
from wwidw.interventions.services import Viewer, get_visible
from wwidw.monitor import report
from wwidw.monitor import services as monitor
from wwidw.monitor.models import Goal
from wwidw.neighbourhoods.figures import figures_for
from wwidw.neighbourhoods.models import AREA_LEVELS, Area

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
# Catalogue facets the API filters on; each may be repeated (?theme=a&theme=b).
FILTERS = ("theme", "effect", "target_group", "area", "organisation", "organisation_kind",
           "status", "year", "kind", "recognition")
# The public rule is narrower than what any member sees (shared, not draft), so anonymous
# callers search as a member of no organisation and keep only the public interventions.
_NO_ORGANISATION = Viewer(user_id=0, org_roles={})


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool | dict):
        return value
    return str(value)


@dataclass(frozen=True)
class Page:
    total: int
    page: int
    pages: int
    items: list[Any]


def _paginate(items: list[Any], page: int, per_page: int) -> Page:
    total = len(items)
    pages = max(1, -(-total // per_page))
    return Page(total, page, pages, items[(page - 1) * per_page: page * per_page])


# --- interventions ----------------------------------------------------------------------------


def area_filter_values(session: Session, codes: set[str]) -> set[str]:
    """The catalogue filters areas by id; the API speaks CBS codes. An unknown code stays a
    value that matches nothing, so a filter on it finds nothing rather than everything."""
    wanted = {code.strip().upper() for code in codes}
    found = dict(session.execute(select(Area.code, Area.id).where(Area.code.in_(wanted))).all())
    return {str(found[code]) if code in found else f"unknown:{code}" for code in wanted}


def search_interventions(session: Session, engine, table: catalogue.FacetTable, viewer: Viewer,
                         query: catalogue.CatalogueQuery, per_page: int) -> Page:
    if viewer.user_id is None:
        everything = catalogue.search(session, engine, _NO_ORGANISATION, table, query,
                                      page_size=None)
        public = public_rules.public_ids(session)
        found = [i for i in everything.items if i.id in public]
        if query.text.strip():
            # The search index also holds text peers may read (shared free-field answers);
            # an anonymous match must stand on what the public site shows, or the hit alone
            # would tell that a hidden answer holds the word.
            found = [i for i in found if _in_public_text(session, i, query.text)]
        return _paginate(found, query.page, per_page)
    result = catalogue.search(session, engine, viewer, table, query, page_size=per_page)
    # The catalogue shows its last page for a page past the end; an API client paging on
    # must see that it is past the end.
    items = result.items if query.page <= result.pages else []
    return Page(result.total, query.page, result.pages, items)


def _in_public_text(session: Session, intervention: Intervention, text: str) -> bool:
    texts = public_rules.resident_texts(session, intervention.id)
    shown = " ".join([intervention.title, intervention.summary or "",
                      texts.resident_summary if texts else ""]).lower()
    # A word's first letters, so 'taalcafés' still finds 'taalcafé' as the index's stemming does.
    return all(word[:max(4, len(word) - 2)] in shown
               for word in re.findall(r"\w+", text.lower()) if len(word) > 1)


def visible_intervention(session: Session, viewer: Viewer, intervention_id: int
                         ) -> Intervention | None:
    if viewer.user_id is None:
        return public_rules.get_public(session, intervention_id)
    return get_visible(session, viewer, intervention_id)


def _areas(intervention: Intervention) -> list[dict]:
    return [{"code": a.code, "name": a.name, "level": a.level} for a in intervention.areas]


def intervention_summary(session: Session, viewer: Viewer, intervention: Intervention) -> dict:
    data: dict[str, Any] = {
        "id": intervention.id,
        "title": intervention.title,
        "organisation": {"id": intervention.organisation_id,
                         "name": intervention.organisation.name},
        "status": intervention.status,
        "kind": intervention.kind,
        "themes": sorted(intervention.themes),
        "target_groups": sorted(intervention.target_groups),
        "effects": sorted(intervention.effects),
        "areas": _areas(intervention),
        "start_date": jsonable(intervention.start_date),
        "end_date": jsonable(intervention.end_date),
    }
    if viewer.user_id is None:
        # Residents read the plain-language summary a manager published, nothing else.
        texts = public_rules.resident_texts(session, intervention.id)
        data["resident_summary"] = texts.resident_summary if texts else ""
    else:
        data["summary"] = intervention.summary
        data["visibility"] = intervention.visibility
        data["is_draft"] = intervention.is_draft
    return data


def intervention_detail(session: Session, viewer: Viewer, intervention: Intervention,
                        locale: str) -> dict:
    data = intervention_summary(session, viewer, intervention)
    if viewer.user_id is None:
        return data
    for name in TEXT_FIELDS:
        data[name] = getattr(intervention, name)
    data.update({
        "budget_cents": intervention.budget_cents,
        "contact_name": intervention.contact_name,
        "recognition_level": intervention.recognition_level,
        "recognition_date": jsonable(intervention.recognition_date),
        "version": intervention.version,
        "free_fields": free_field_answers(session, viewer, intervention, locale),
    })
    return data


def free_field_answers(session: Session, viewer: Viewer, intervention: Intervention,
                       locale: str) -> list[dict]:
    """The answers this viewer may see: all for members, shared questions for peers."""
    fields = freefields.fields_visible_to(
        viewer, freefields.fields_of(session, intervention.organisation_id),
        intervention.organisation_id)
    answers = freefields.values_of(session, [intervention.id]).get(intervention.id, {})
    result = []
    for field in fields:
        kind = field_type(field.field_type)
        if field.id not in answers or kind is None:
            continue
        value = answers[field.id]
        result.append({"key": field.key, "label": field.label(locale),
                       "type": field.field_type, "value": jsonable(value),
                       "text": jsonable(kind.export(field, value, locale)),
                       "active": field.is_active})
    return result


# --- monitoring -----------------------------------------------------------------------------


def _status(status) -> dict | None:
    if status is None:
        return None
    return {"code": status.code, "progress": status.progress, "expected": status.expected,
            "actual": status.actual}


def monitoring(session: Session, viewer: Viewer, intervention: Intervention,
               today: date) -> dict:
    """Members: goals, measurements, reach and costs. Others: the goals the owner marked for
    residents, with their status only (DESIGN §5: raw data and costs never leave the owner)."""
    if intervention.organisation_id in viewer.org_ids:
        return _member_monitoring(session, viewer, intervention, today)
    goals = public_rules.public_goals(monitor.goals_of(session, intervention.id))
    return {
        "intervention_id": intervention.id,
        "access": "public" if viewer.user_id is None else "peer",
        "goals": [_public_goal(session, viewer, goal, today) for goal in goals],
    }


def _public_goal(session: Session, viewer: Viewer, goal: Goal, today: date) -> dict:
    status = monitor.goal_status(session, goal, viewer.org_ids, today)
    return {"id": goal.id, "description": goal.description, "result_type": goal.result_type,
            "indicator_name": goal.indicator_name, "unit": goal.unit_label,
            "measure": goal.measure, "direction": goal.direction,
            "status": status.code if status else None}


def _member_monitoring(session: Session, viewer: Viewer, intervention: Intervention,
                       today: date) -> dict:
    built = report.build(session, viewer, intervention, today)
    goals = []
    for line in built.goals:
        goal = line.goal
        goals.append({
            "id": goal.id, "description": goal.description, "result_type": goal.result_type,
            "effect": goal.effect_key, "indicator_name": goal.indicator_name,
            "indicator_key": goal.indicator_key, "unit": goal.unit_label,
            "measure": goal.measure, "direction": goal.direction,
            "cumulative": goal.cumulative, "public": goal.public,
            "baseline": {"value": goal.baseline_value, "date": jsonable(goal.baseline_date),
                         "source": goal.baseline_source, "not_available": goal.baseline_na,
                         "reason": goal.baseline_na_reason},
            "targets": [{"period_start": t.period_start.isoformat(),
                         "period_end": t.period_end.isoformat(), "value": t.value}
                        for t in goal.targets],
            "status": _status(line.status),
            "measurements": [{"measured_on": m.measured_on.isoformat(),
                              "period_start": jsonable(m.period_start), "value": m.value,
                              "source": m.source, "note": m.note} for m in goal.measurements],
            "observations": [{"on": o.on.isoformat(), "value": o.value} for o in line.series],
            "cost_per_unit_cents": line.cost_per_unit_cents,
        })
    results, costs = built.results, built.costs
    return {
        "intervention_id": intervention.id,
        "access": "member",
        "goals": goals,
        "reach": {
            "reach": results.reach, "sessions": results.sessions,
            "volunteer_hours": results.volunteer_hours,
            "professional_hours": results.professional_hours,
            "per_period": [{"start": p.start.isoformat(), "end": p.end.isoformat(),
                            "reach": p.reach, "sessions": p.sessions,
                            "participants": p.participants,
                            "new_participants": p.new_participants} for p in results.per_period],
        },
        "costs": {
            "total_cents": costs.total_cents, "budget_cents": costs.budget_cents,
            "per_participant_cents": costs.per_participant_cents,
            "by_category": [{"category": c, "cents": cents} for c, cents in costs.by_category],
            "by_funder": [{"funder": f.funder, "spent_cents": f.spent_cents,
                           "budget_cents": f.budget_cents} for f in costs.by_funder],
        },
    }


# --- areas and indicators -------------------------------------------------------------------


def _level_order():
    return case({level: rank for rank, level in enumerate(AREA_LEVELS)}, value=Area.level)


def search_areas(session: Session, text: str, level: str | None, page: int,
                 per_page: int) -> Page:
    query = select(Area)
    count = select(func.count()).select_from(Area)
    conditions = []
    text = text.strip().lower()
    if text:
        # LIKE wildcards in the search text are meant literally.
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        conditions.append(or_(func.lower(Area.name).like(pattern, escape="\\"),
                              func.lower(Area.code).like(pattern, escape="\\")))
    if level:
        conditions.append(Area.level == level)
    for condition in conditions:
        query, count = query.where(condition), count.where(condition)
    total = session.scalar(count) or 0
    pages = max(1, -(-total // per_page))
    rows = session.scalars(query.order_by(_level_order(), Area.name, Area.code)
                           .offset((page - 1) * per_page).limit(per_page))
    return Page(total, page, pages, [area_summary(a) for a in rows])


def area_summary(area: Area) -> dict:
    return {"code": area.code, "name": area.name, "level": area.level,
            "parent_code": area.parent.code if area.parent else None,
            "first_year": area.first_year, "last_year": area.last_year}


def area_detail(session: Session, viewer: Viewer, area: Area, locale: str) -> dict:
    """The area's figures per indicator and year: official ones for everyone; local figures
    of the viewer's organisations and shared ones of others for members; a figure the source
    marks unknown stays null."""
    figures = figures_for(session, [area.id], viewer.org_ids)
    if viewer.user_id is None:
        figures = [f for f in figures if f.organisation_id is None]
    by_indicator: dict[str, list[dict]] = {}
    for figure in figures:
        by_indicator.setdefault(figure.indicator_key, []).append({
            "year": figure.year, "value": figure.value, "source": figure.source,
            "local": figure.organisation_id is not None,
            "organisation_id": figure.organisation_id})
    indicators = []
    for key, values in sorted(by_indicator.items()):
        term = taxonomy.indicator(key)
        indicators.append({"key": key, "label": term.label(locale) if term else key,
                           "unit": term.unit if term else None, "values": values})
    data = area_summary(area)
    data["children"] = [{"code": c.code, "name": c.name, "level": c.level}
                        for c in area.children]
    data["indicators"] = indicators
    return data


def indicator_list(locale: str) -> list[dict]:
    return [{"key": i.key, "label": i.label(locale), "label_nl": i.nl, "label_en": i.en,
             "unit": i.unit, "better": i.better, "life_domain": i.life_domain,
             "source": i.source, "description": i.description(locale)}
            for i in taxonomy.indicators()]
