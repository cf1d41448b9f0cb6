"""Reading figures with their visibility: official figures for everyone, local figures for the
organisation that owns them, and for others only when that organisation shared them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from wwidw.neighbourhoods.models import IndicatorValue


def visible_values_clause(org_ids: Iterable[int]) -> ColumnElement[bool]:
    """Official figures, the viewer's own organisations' local figures, and shared ones."""
    return or_(
        IndicatorValue.organisation_id.is_(None),
        IndicatorValue.organisation_id.in_(list(org_ids)),
        IndicatorValue.shared.is_(True),
    )


@dataclass(frozen=True)
class Figure:
    area_id: int
    indicator_key: str
    year: int
    value: float | None
    source: str
    organisation_id: int | None


def figures_for(
    session: Session, area_ids: Iterable[int], org_ids: Iterable[int],
    indicator_keys: Iterable[str] | None = None,
) -> list[Figure]:
    """Every visible figure of these areas, oldest year first."""
    ids = list(area_ids)
    if not ids:
        return []
    query = select(
        IndicatorValue.area_id, IndicatorValue.indicator_key, IndicatorValue.year,
        IndicatorValue.value, IndicatorValue.source, IndicatorValue.organisation_id,
    ).where(IndicatorValue.area_id.in_(ids), visible_values_clause(org_ids))
    if indicator_keys is not None:
        query = query.where(IndicatorValue.indicator_key.in_(list(indicator_keys)))
    return [Figure(*row) for row in session.execute(query.order_by(IndicatorValue.year))]
