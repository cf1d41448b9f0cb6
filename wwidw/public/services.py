"""What the public site may show, and the plain data its pages are made of (DESIGN §5).

One rule decides what is public: an intervention with visibility ``public``, not a draft, whose
resident summary is published (``public_clause``). Every page and the goal charts go through it,
so a resident can never reach more by guessing a URL than by clicking. Of such an intervention
the public sees its description's first lines (title, summary, target groups, areas,
organisation, contact), the resident summary, the goals a manager marked public with their
status, and the number of people reached. Never costs, free fields or other monitoring data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.elements import ColumnElement

from wwidw.interventions import taxonomy
from wwidw.interventions.models import Intervention, intervention_area
from wwidw.monitor import calc
from wwidw.monitor import report as reports
from wwidw.monitor import services as monitor
from wwidw.monitor.models import ActivityRecord, Goal, MonitorReport
from wwidw.neighbourhoods.areas import search_areas
from wwidw.neighbourhoods.factsheet import descendant_ids
from wwidw.neighbourhoods.models import Area, IndicatorValue

LEVEL_ORDER = {"country": 0, "municipality": 1, "district": 2, "neighbourhood": 3}


def public_clause() -> ColumnElement[bool]:
    """The SQL condition for interventions the public may see: the only such rule."""
    published = select(MonitorReport.intervention_id).where(
        MonitorReport.resident_summary_published.is_(True),
        # A summary emptied after publishing would show goals without a word of explanation.
        MonitorReport.resident_summary != "")
    return and_(Intervention.visibility == "public", Intervention.is_draft.is_(False),
                Intervention.id.in_(published))


def public_interventions(session: Session,
                         area_ids: Iterable[int] | None = None) -> list[Intervention]:
    """Public interventions, all or those running in one of ``area_ids``."""
    query = select(Intervention).where(public_clause()).options(
        selectinload(Intervention.areas), selectinload(Intervention.organisation))
    if area_ids is not None:
        query = query.where(Intervention.id.in_(
            select(intervention_area.c.intervention_id)
            .where(intervention_area.c.area_id.in_(list(area_ids)))))
    return list(session.scalars(query.order_by(Intervention.title, Intervention.id)))


def public_intervention(session: Session, intervention_id: int) -> Intervention | None:
    return session.scalar(select(Intervention).where(
        Intervention.id == intervention_id, public_clause()))


def public_goals(session: Session, intervention_id: int) -> list[Goal]:
    """The goals a manager chose for residents, of a public intervention only."""
    return list(session.scalars(
        select(Goal).join(Intervention, Intervention.id == Goal.intervention_id)
        .where(Goal.intervention_id == intervention_id, Goal.public.is_(True), public_clause())
        .options(selectinload(Goal.targets), selectinload(Goal.measurements))
        .order_by(Goal.position, Goal.id)))


def public_goal(session: Session, intervention_id: int, goal_id: int) -> Goal | None:
    return next((g for g in public_goals(session, intervention_id) if g.id == goal_id), None)


# --- goals: status and chart from what is public ---------------------------------------------


def observations(session: Session, goal: Goal) -> list[calc.Observation]:
    """A goal's own measurements and, for a linked goal, official CBS figures only: local
    figures an organisation uploaded or shared with peers are not for the public."""
    own = [calc.Observation(m.measured_on, m.value) for m in goal.measurements]
    if not goal.linked:
        return own
    official = session.execute(
        select(IndicatorValue.year, IndicatorValue.value).where(
            IndicatorValue.area_id == goal.area_id,
            IndicatorValue.indicator_key == goal.indicator_key,
            IndicatorValue.organisation_id.is_(None), IndicatorValue.value.is_not(None)))
    figures = [calc.Observation(date(year, 1, 1), value) for year, value in official]
    return sorted(own + figures, key=lambda o: o.on)


def goal_status(session: Session, goal: Goal, today: date) -> calc.Status | None:
    # monitor.goal_status, but over the public observations above.
    target = monitor.current_target(goal, today)
    if target is None:
        return None
    actual = calc.aggregate(observations(session, goal), goal.cumulative, goal.measure,
                            start=target.period_start, end=min(today, target.period_end))
    return calc.status(direction=goal.direction, baseline=goal.baseline_value,
                       baseline_na=goal.baseline_na, target=target.value,
                       start=target.period_start, end=target.period_end, actual=actual,
                       today=today)


@dataclass(frozen=True)
class PublicGoal:
    goal: Goal
    sentence: str
    status_word: str
    chart_alt: str


@dataclass(frozen=True)
class PublicIntervention:
    intervention: Intervention
    summary_markdown: str
    published_on: date | None
    target_groups: list[str]
    areas: list[Area]
    goals: list[PublicGoal]
    reach: int
    has_activities: bool

    @property
    def chart_goal(self) -> PublicGoal | None:
        """The one chart a resident sees: the first public goal's."""
        return self.goals[0] if self.goals else None


def _day(day: date, locale: str) -> str:
    return format_date(day, "d MMMM yyyy", locale=locale)


def _chart_alt(goal: Goal, series: list[calc.Observation], locale: str) -> str:
    """The chart's numbers in words, so a screen reader user learns what a sighted one sees."""
    measure, value = goal.measure, reports.format_value
    parts = [_("Chart of %(indicator)s.", indicator=goal.indicator_name)]
    if goal.baseline_value is not None:
        parts.append(_("Starting point: %(value)s.",
                                value=value(goal.baseline_value, measure, locale)))
    if series:
        first, last = series[0], series[-1]
        if len(series) == 1:
            parts.append(_("Measured once: %(value)s on %(day)s.",
                                    value=value(last.value, measure, locale),
                                    day=_day(last.on, locale)))
        else:
            parts.append(_(
                "Measured %(count)d times: first %(first)s on %(first_day)s, last %(last)s on "
                "%(last_day)s.", count=len(series), first=value(first.value, measure, locale),
                first_day=_day(first.on, locale), last=value(last.value, measure, locale),
                last_day=_day(last.on, locale)))
    else:
        parts.append(_("Nothing measured yet."))
    for target in sorted(goal.targets, key=lambda t: t.period_end):
        parts.append(_("Aim: %(value)s by %(day)s.",
                                value=value(target.value, measure, locale),
                                day=_day(target.period_end, locale)))
    return " ".join(str(part) for part in parts)


def assemble(session: Session, intervention: Intervention, today: date,
             locale: str) -> PublicIntervention:
    """What a resident reads about one public intervention. The caller got ``intervention``
    from this module, so it is public."""
    texts = reports.texts_of(session, intervention.id)
    goals = []
    for goal in public_goals(session, intervention.id):
        status = goal_status(session, goal, today)
        line = reports.GoalLine(goal=goal, letters=[], target=monitor.current_target(goal, today),
                                status=status, series=[], effect_label="")
        word = reports.RESIDENT_STATUS[status.code] if status else _("no target yet")
        goals.append(PublicGoal(goal, reports.resident_sentence(line, locale), str(word),
                                _chart_alt(goal, observations(session, goal), locale)))
    records = list(session.scalars(
        select(ActivityRecord).where(ActivityRecord.intervention_id == intervention.id)))
    return PublicIntervention(
        intervention=intervention,
        summary_markdown=texts.resident_summary if texts else "",
        published_on=texts.published_at.date() if texts and texts.published_at else None,
        target_groups=[term.label(locale) if (term := taxonomy.target_group(key)) else key
                       for key in intervention.target_groups],
        areas=list(intervention.areas), goals=goals,
        reach=calc.reach([r.new_participants for r in records],
                         [r.participants for r in records]),
        has_activities=bool(records))


# --- finding areas ---------------------------------------------------------------------------


def _counts_per_area(session: Session) -> dict[int, int]:
    """For every area: how many public interventions run in it or in an area inside it."""
    counts: dict[int, int] = {}
    for intervention in public_interventions(session):
        covered: set[int] = set()
        for area in intervention.areas:
            covered.add(area.id)
            covered.update(a.id for a in area.ancestors())
        for area_id in covered:
            counts[area_id] = counts.get(area_id, 0) + 1
    return counts


@dataclass(frozen=True)
class AreaCount:
    area: Area
    municipality_name: str | None
    count: int


def municipalities(session: Session) -> list[AreaCount]:
    """Municipalities where at least one public intervention runs."""
    counts = _counts_per_area(session)
    if not counts:
        return []
    found = session.scalars(select(Area).where(Area.id.in_(list(counts)),
                                               Area.level == "municipality").order_by(Area.name))
    return [AreaCount(area, None, counts[area.id]) for area in found]


def search(session: Session, text: str) -> tuple[list[AreaCount], bool]:
    """Areas by name or CBS code, each with its number of public interventions; areas with
    news first, so a resident finds them before the many areas without."""
    hits, more = search_areas(session, text)
    counts = _counts_per_area(session)
    found = [AreaCount(h.area, h.municipality_name, counts.get(h.area.id, 0)) for h in hits
             if h.area.level != "country"]
    found.sort(key=lambda hit: hit.count == 0)  # stable: keeps search_areas' order otherwise
    return found, more


@dataclass(frozen=True)
class AreaPage:
    area: Area
    ancestors: list[Area]
    interventions: list[PublicIntervention]
    inside: list[AreaCount]


def area_page(session: Session, area: Area, today: date, locale: str) -> AreaPage:
    ids = descendant_ids(session, area) if area.level != "country" else []
    counts = _counts_per_area(session)
    inside = [AreaCount(child, None, counts[child.id]) for child in area.children
              if counts.get(child.id)]
    return AreaPage(
        area=area, ancestors=list(reversed(area.ancestors())),
        interventions=[assemble(session, i, today, locale)
                       for i in (public_interventions(session, ids) if ids else [])],
        inside=inside)
