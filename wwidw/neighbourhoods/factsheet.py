"""A factsheet of one area: its figures by life domain, their trend over the imported years,
where they stand against the municipality (or the country), the sub-areas and the interventions
that run there. Everything the page shows is assembled here; the view only renders it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wwidw.interventions import taxonomy
from wwidw.interventions.models import Intervention, intervention_area
from wwidw.interventions.services import Viewer, visible_clause
from wwidw.neighbourhoods.figures import Figure, figures_for
from wwidw.neighbourhoods.models import COUNTRY_CODE, Area, IndicatorValue

# Shown first, as the area's headline: size, make-up, income and housing.
KEY_FIGURES = (
    "population", "households", "age_65_plus", "average_income_per_inhabitant",
    "households_low_income", "social_housing_pct", "average_woz_value", "youth_care_pct",
)
# Relative distance to the reference that still counts as "about the same".
SIMILAR = 0.10
CLEARLY = 0.25
# Absolute counts depend on the size of an area; comparing them with a municipality says nothing.
UNCOMPARABLE_UNITS = frozenset({"count"})

# Bands from the point of view of residents: 'worse' means the area needs attention.
BANDS = ("clearly_worse", "worse", "similar", "better", "clearly_better", "higher", "lower")


@dataclass(frozen=True)
class Point:
    year: int
    value: float | None


@dataclass
class IndicatorRow:
    indicator: taxonomy.Indicator
    series: list[Point]
    reference_series: list[Point]
    country_series: list[Point]
    local_owner: int | None = None

    @property
    def latest(self) -> Point:
        return self.series[-1]

    @property
    def previous(self) -> Point | None:
        """The last earlier year with a value, to show the trend against."""
        for point in reversed(self.series[:-1]):
            if point.value is not None:
                return point
        return None

    def reference_in(self, year: int, series: list[Point] | None = None) -> float | None:
        for point in series if series is not None else self.reference_series:
            if point.year == year:
                return point.value
        return None

    @property
    def reference(self) -> float | None:
        return self.reference_in(self.latest.year)

    @property
    def country(self) -> float | None:
        return self.reference_in(self.latest.year, self.country_series)

    @property
    def trend(self) -> str | None:
        """'up', 'down' or 'flat' from the previous year with a value to the latest."""
        previous = self.previous
        if previous is None or self.latest.value is None:
            return None
        change = self.latest.value - previous.value
        scale = max(abs(previous.value), 1e-9)
        if abs(change) / scale < 0.02:
            return "flat"
        return "up" if change > 0 else "down"

    @property
    def trend_is_good(self) -> bool | None:
        if self.trend in (None, "flat") or self.indicator.better == "neutral":
            return None
        return (self.trend == "up") == (self.indicator.better == "higher")

    @property
    def band(self) -> str | None:
        return band(self.latest.value, self.reference, self.indicator)

    @property
    def has_trend_chart(self) -> bool:
        return sum(p.value is not None for p in self.series) >= 2


def band(value: float | None, reference: float | None, indicator: taxonomy.Indicator) -> str | None:
    """Where a value stands against its reference, in words a colour can carry."""
    if value is None or reference is None or indicator.unit in UNCOMPARABLE_UNITS:
        return None
    if reference == 0:
        difference = 0.0 if value == 0 else (1.0 if value > 0 else -1.0)
    else:
        difference = (value - reference) / abs(reference)
    if abs(difference) < SIMILAR:
        return "similar"
    if indicator.better == "neutral":
        return "higher" if difference > 0 else "lower"
    good = (difference > 0) == (indicator.better == "higher")
    strength = "clearly_" if abs(difference) >= CLEARLY else ""
    return strength + ("better" if good else "worse")


@dataclass
class SubArea:
    area: Area
    population: float | None
    historic: bool


@dataclass
class Factsheet:
    area: Area
    ancestors: list[Area]
    reference: Area | None
    country: Area | None
    years: list[int]
    # Years of official figures only, for the "Bron: CBS" line; own figures have other years.
    cbs_years: list[int]
    rows: dict[str, IndicatorRow]
    domains: list[tuple[taxonomy.Term, list[IndicatorRow]]]
    key_figures: list[IndicatorRow]
    sub_areas: list[SubArea]
    interventions: list[Intervention]
    # The last year the area's municipality has figures for; an area without figures that year
    # belongs to an earlier division (Amsterdam's codes before 2022).
    current_year: int | None
    has_local: bool = False
    local_organisations: list[int] = field(default_factory=list)

    @property
    def shows_country(self) -> bool:
        return self.country is not None and any(
            row.country is not None for row in self.rows.values())

    @property
    def historic(self) -> bool:
        return (self.current_year is not None and self.area.last_year is not None
                and self.area.last_year < self.current_year)


def reference_area(session: Session, area: Area) -> Area | None:
    """A district or neighbourhood is read against its municipality, a municipality against
    the country."""
    if area.level == "country":
        return None
    if area.level == "municipality":
        return session.scalar(select(Area).where(Area.code == COUNTRY_CODE))
    return session.scalar(select(Area).where(Area.code == area.municipality_code))


def _group(figures: list[Figure]) -> dict[tuple[int, str], list[Figure]]:
    grouped: dict[tuple[int, str], list[Figure]] = {}
    for figure in figures:
        grouped.setdefault((figure.area_id, figure.indicator_key), []).append(figure)
    return grouped


def build_factsheet(session: Session, area: Area, viewer: Viewer) -> Factsheet:
    reference = reference_area(session, area)
    country = session.scalar(select(Area).where(Area.code == COUNTRY_CODE))
    ids = [a.id for a in (area, reference, country) if a is not None]
    figures = figures_for(session, ids, viewer.org_ids)
    # Own local figures win over another organisation's shared ones, which win over nothing.
    figures = _one_per_year(figures, viewer)
    grouped = _group(figures)

    def series(of: Area | None, key: str) -> list[Point]:
        return [Point(f.year, f.value) for f in grouped.get((of.id, key), [])] if of else []

    compare_country = country is not None and reference is not None and reference.id != country.id
    rows: dict[str, IndicatorRow] = {}
    for indicator in taxonomy.indicators():
        own = grouped.get((area.id, indicator.key))
        if not own:
            continue
        rows[indicator.key] = IndicatorRow(
            indicator, [Point(f.year, f.value) for f in own],
            series(reference, indicator.key),
            series(country, indicator.key) if compare_country else [],
            local_owner=next((f.organisation_id for f in own if f.organisation_id), None),
        )
    domains = [
        (domain, [row for row in rows.values() if row.indicator.life_domain == domain.key])
        for domain in taxonomy.life_domains()
    ]
    return Factsheet(
        area=area,
        ancestors=list(reversed(area.ancestors())),
        reference=reference,
        country=country if compare_country else None,
        years=sorted({f.year for f in figures if f.area_id == area.id}),
        cbs_years=sorted({f.year for f in figures
                          if f.area_id == area.id and f.organisation_id is None}),
        rows=rows,
        domains=[(domain, items) for domain, items in domains if items],
        key_figures=[rows[key] for key in KEY_FIGURES if key in rows],
        sub_areas=_sub_areas(session, area),
        interventions=_interventions(session, area, viewer),
        current_year=_current_year(session, area),
        has_local=any(row.local_owner for row in rows.values()),
        local_organisations=sorted({row.local_owner for row in rows.values() if row.local_owner}),
    )


def _one_per_year(figures: list[Figure], viewer: Viewer) -> list[Figure]:
    chosen: dict[tuple[int, str, int], Figure] = {}

    def rank(figure: Figure) -> int:
        if figure.organisation_id is None:
            return 0
        return 2 if figure.organisation_id in viewer.org_ids else 1

    for figure in figures:
        key = (figure.area_id, figure.indicator_key, figure.year)
        if key not in chosen or rank(figure) > rank(chosen[key]):
            chosen[key] = figure
    return sorted(chosen.values(), key=lambda f: f.year)


def _current_year(session: Session, area: Area) -> int | None:
    if area.level in ("country", "municipality"):
        return area.last_year
    return session.scalar(select(Area.last_year).where(Area.code == area.municipality_code))


def _sub_areas(session: Session, area: Area) -> list[SubArea]:
    if area.level == "country":
        return []
    children = list(session.scalars(select(Area).where(Area.parent_id == area.id)
                                    .order_by(Area.code)))
    if not children:
        return []
    latest = dict(session.execute(
        select(IndicatorValue.area_id, func.max(IndicatorValue.year))
        .where(IndicatorValue.area_id.in_([c.id for c in children]),
               IndicatorValue.indicator_key == "population",
               IndicatorValue.organisation_id.is_(None))
        .group_by(IndicatorValue.area_id)).all())
    population = {
        row.area_id: row.value for row in session.execute(
            select(IndicatorValue.area_id, IndicatorValue.year, IndicatorValue.value)
            .where(IndicatorValue.area_id.in_(list(latest)),
                   IndicatorValue.indicator_key == "population",
                   IndicatorValue.organisation_id.is_(None)))
        if latest.get(row.area_id) == row.year
    }
    newest = max((c.last_year or 0) for c in children)
    return [SubArea(c, population.get(c.id), (c.last_year or 0) < newest) for c in children]


def descendant_ids(session: Session, area: Area) -> list[int]:
    """The area and everything below it (at most two levels: wijken and buurten)."""
    ids = [area.id]
    frontier = [area.id]
    for _ in range(3):
        frontier = list(session.scalars(select(Area.id).where(Area.parent_id.in_(frontier))))
        if not frontier:
            break
        ids.extend(frontier)
    return ids


def _interventions(session: Session, area: Area, viewer: Viewer) -> list[Intervention]:
    if area.level == "country":
        return []
    ids = descendant_ids(session, area)
    return list(session.scalars(
        select(Intervention)
        .where(Intervention.id.in_(
            select(intervention_area.c.intervention_id)
            .where(intervention_area.c.area_id.in_(ids))),
            visible_clause(viewer))
        .order_by(Intervention.status, Intervention.title)
    ))
