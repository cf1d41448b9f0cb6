"""The neighbourhood selection model ("wijkselectiemodel"): an organisation weighs figures and
the app ranks its areas by how much effort they need.

The score is deliberately simple enough to explain on the page:

1. Counts that grow with an area's size (e.g. social assistance recipients) are first expressed
   per 1,000 inhabitants, so a big area does not rank high for being big.
2. Each indicator is scaled 0–1 across the areas being ranked (min–max): 1 is the area that
   needs most effort on it, given the direction the organisation chose.
3. The score is the weighted average of those scaled values × 100. An area with a missing value
   is scored on the indicators it has (the weights of the rest are left out) and marked as such,
   as long as those carry at least half of the total weight; otherwise it is not scored.
4. Areas with fewer than ``MIN_POPULATION`` inhabitants are not ranked: CBS hides most of their
   figures, and per-1,000 rates of a handful of people swing wildly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.errors import ServiceError
from wwidw.interventions import taxonomy
from wwidw.interventions.services import Viewer
from wwidw.neighbourhoods.figures import figures_for
from wwidw.neighbourhoods.models import Area, IndicatorValue, SelectionIndicator, SelectionModel

MAX_INDICATORS = 12
PER_INHABITANTS = 1000
MIN_POPULATION = 100
MIN_WEIGHT_SHARE = 0.5


@dataclass(frozen=True)
class IndicatorChoice:
    key: str
    weight: int
    effort_when: str


@dataclass
class Contribution:
    key: str
    value: float | None  # as compared: per 1,000 inhabitants for counts
    raw: float | None
    scaled: float | None  # 0..1, 1 = needs most effort; None when missing or not ranked
    points: float  # share of the score, 0..100 in total


@dataclass
class RankedArea:
    area: Area
    score: float | None
    contributions: list[Contribution]
    rank: int | None = None
    # Why an area has no score: 'few_inhabitants' or 'few_figures'.
    unscored: str | None = None

    @property
    def incomplete(self) -> bool:
        return any(c.value is None for c in self.contributions)


@dataclass
class Ranking:
    model: SelectionModel
    year: int | None
    years: list[int]
    areas: list[RankedArea]
    per_inhabitants: set[str] = field(default_factory=set)
    # Indicators that have no value at all in this year, so they cannot count.
    empty: list[str] = field(default_factory=list)


def per_inhabitants(indicator: taxonomy.Indicator) -> bool:
    return indicator.unit == "count" and indicator.key != "population"


def models_of(session: Session, organisation_id: int) -> list[SelectionModel]:
    return list(session.scalars(select(SelectionModel)
                                .where(SelectionModel.organisation_id == organisation_id)
                                .order_by(SelectionModel.name)))


def save_model(session: Session, organisation_id: int, data: dict,
               model: SelectionModel | None = None, user_id: int | None = None) -> SelectionModel:
    """Create or change a model from validated form data; ``data['indicators']`` is a list of
    IndicatorChoice. Refuses what cannot be ranked, with the field to fix."""
    choices: list[IndicatorChoice] = data["indicators"]
    if not choices:
        raise ServiceError(_l("Choose at least one indicator."), "indicators")
    if len(choices) > MAX_INDICATORS:
        raise ServiceError(_l("Choose at most %(count)d indicators.", count=MAX_INDICATORS),
                           "indicators")
    locale = str(get_locale() or "nl")
    seen: set[str] = set()
    for choice in choices:
        indicator = taxonomy.indicator(choice.key)
        if indicator is None:
            raise ServiceError(_l("Unknown indicator."), "indicators")
        label = indicator.label(locale)
        if choice.key in seen:
            raise ServiceError(_l("%(indicator)s is chosen twice; each indicator counts once.",
                                  indicator=label), "indicators")
        seen.add(choice.key)
        if not 1 <= choice.weight <= 10:
            raise ServiceError(_l("A weight is a whole number from 1 to 10."), "indicators")
        if choice.effort_when not in ("high", "low"):
            raise ServiceError(_l(
                "%(indicator)s has no usual direction: choose whether a high or a low value "
                "means that effort is needed.", indicator=label), "indicators")
    municipality = session.scalar(select(Area).where(
        Area.code == data["municipality_code"], Area.level == "municipality"))
    if municipality is None:
        raise ServiceError(_l("There are no figures for this municipality yet."),
                           "municipality_code")
    if data["level"] not in ("district", "neighbourhood"):
        raise ServiceError(_l("Choose districts or neighbourhoods."), "level")
    year = data.get("year") or None
    if year is not None and not 1990 <= year <= date.today().year + 1:
        raise ServiceError(_l("Choose a year with figures."), "year")
    if model is None:
        model = SelectionModel(organisation_id=organisation_id, created_by_id=user_id)
        session.add(model)
    model.name = data["name"].strip()
    model.description = (data.get("description") or "").strip()
    model.municipality_code = municipality.code
    model.level = data["level"]
    model.year = year
    model.indicators.clear()
    session.flush()
    for position, choice in enumerate(choices):
        model.indicators.append(SelectionIndicator(
            indicator_key=choice.key, weight=choice.weight, effort_when=choice.effort_when,
            position=position))
    session.flush()
    return model


def _areas(session: Session, model: SelectionModel) -> list[Area]:
    prefix = ("BU" if model.level == "neighbourhood" else "WK") + model.municipality_code[2:]
    return list(session.scalars(select(Area).where(Area.code.like(f"{prefix}%"))
                                .order_by(Area.code)))


def years_with_figures(session: Session, area_ids: list[int]) -> list[int]:
    if not area_ids:
        return []
    return list(session.scalars(
        select(IndicatorValue.year).where(IndicatorValue.area_id.in_(area_ids),
                                          IndicatorValue.value.is_not(None))
        .group_by(IndicatorValue.year).order_by(IndicatorValue.year)))


def best_year(figures: list, model: SelectionModel) -> int | None:
    """The most recent year in which indicators carrying at least half of the weight have
    figures for most areas; else the year that comes closest. A year with only new
    population counts (Amsterdam 2024) does not win over one with the chosen figures."""
    weights = {i.indicator_key: i.weight for i in model.indicators}
    total = sum(weights.values()) or 1
    areas: dict[int, set[int]] = {}
    valued: dict[tuple[int, str], set[int]] = {}
    for f in figures:
        areas.setdefault(f.year, set()).add(f.area_id)
        if f.value is not None and f.indicator_key in weights:
            valued.setdefault((f.year, f.indicator_key), set()).add(f.area_id)
    coverage = {
        year: sum(weight for key, weight in weights.items()
                  if len(valued.get((year, key), ())) * 2 >= len(members)) / total
        for year, members in areas.items()
        if any((year, key) in valued for key in weights)
    }
    if not coverage:
        return None
    good = [year for year, share in coverage.items() if share >= MIN_WEIGHT_SHARE]
    if good:
        return max(good)
    return max(coverage, key=lambda year: (coverage[year], year))


def rank(session: Session, model: SelectionModel, viewer: Viewer) -> Ranking:
    candidates = _areas(session, model)
    ids = [a.id for a in candidates]
    keys = [i.indicator_key for i in model.indicators]
    figures = figures_for(session, ids, viewer.org_ids, set(keys) | {"population"})
    years = sorted({f.year for f in figures if f.value is not None and f.indicator_key in keys})
    year = model.year if model.year in years else best_year(figures, model)
    raw: dict[tuple[int, str], float | None] = {}
    # Own local figures win over shared ones of other organisations, which win over nothing.
    owner_rank: dict[tuple[int, str], int] = {}
    for f in figures:
        if f.year != year:
            continue
        rank_of = 0 if f.organisation_id is None else (
            2 if f.organisation_id in viewer.org_ids else 1)
        if owner_rank.get((f.area_id, f.indicator_key), -1) < rank_of:
            raw[(f.area_id, f.indicator_key)] = f.value
            owner_rank[(f.area_id, f.indicator_key)] = rank_of
    # Areas of an earlier division have no figures in this year: they are not ranked.
    areas_in_year = [a for a in candidates if any((a.id, k) in raw for k in keys + ["population"])]
    compared: dict[tuple[int, str], float | None] = {}
    scaled_to_size: set[str] = set()
    for key in keys:
        indicator = taxonomy.indicator(key)
        for area in areas_in_year:
            value = raw.get((area.id, key))
            if indicator is not None and per_inhabitants(indicator):
                scaled_to_size.add(key)
                population = raw.get((area.id, "population"))
                value = (value / population * PER_INHABITANTS
                         if value is not None and population else None)
            compared[(area.id, key)] = value
    small = {a.id for a in areas_in_year
             if (raw.get((a.id, "population")) or MIN_POPULATION) < MIN_POPULATION}
    scaled: dict[tuple[int, str], float | None] = {}
    empty = []
    for choice in model.indicators:
        # Tiny areas are not ranked, so they do not stretch the scale of the others either.
        values = [compared[(a.id, choice.indicator_key)] for a in areas_in_year
                  if a.id not in small and compared.get((a.id, choice.indicator_key)) is not None]
        if not values:
            empty.append(choice.indicator_key)
        low, high = (min(values), max(values)) if values else (0.0, 0.0)
        for area in areas_in_year:
            value = compared.get((area.id, choice.indicator_key))
            if value is None:
                scaled[(area.id, choice.indicator_key)] = None
                continue
            position = 0.5 if high == low else min(max((value - low) / (high - low), 0.0), 1.0)
            scaled[(area.id, choice.indicator_key)] = (
                position if choice.effort_when == "high" else 1 - position)
    ranked = []
    all_weight = sum(c.weight for c in model.indicators)
    for area in areas_in_year:
        available = [c for c in model.indicators if scaled[(area.id, c.indicator_key)] is not None]
        total_weight = sum(c.weight for c in available)
        unscored = None
        if area.id in small:
            unscored = "few_inhabitants"
        elif total_weight < MIN_WEIGHT_SHARE * all_weight:
            unscored = "few_figures"
        contributions = []
        for choice in model.indicators:
            part = None if unscored else scaled[(area.id, choice.indicator_key)]
            points = (choice.weight * part / total_weight * 100
                      if part is not None and total_weight else 0.0)
            contributions.append(Contribution(
                choice.indicator_key, compared.get((area.id, choice.indicator_key)),
                raw.get((area.id, choice.indicator_key)), part, points))
        score = sum(c.points for c in contributions) if not unscored else None
        ranked.append(RankedArea(area, score, contributions, unscored=unscored))
    ranked.sort(key=lambda r: (r.score is None, -(r.score or 0), r.area.name))
    for position, item in enumerate(ranked, start=1):
        item.rank = position if item.score is not None else None
    return Ranking(model, year, years, ranked, scaled_to_size, empty)
