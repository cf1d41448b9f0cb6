"""Finding areas: by name, CBS code or postcode, and the municipalities that have figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from wwidw.neighbourhoods.models import Area, IndicatorValue

SEARCH_LIMIT = 60
# What people say for the municipalities CBS names officially otherwise.
ALIASES = {"den haag": "'s-gravenhage", "den bosch": "'s-hertogenbosch"}
# "2525", "2525AB" or "2525 ab": the four digits are what CBS records per area.
POSTCODE = re.compile(r"(\d{4})\s*(?:[A-Za-z]{2})?")


@dataclass(frozen=True)
class AreaHit:
    area: Area
    municipality_name: str | None


def get_area(session: Session, code: str) -> Area | None:
    return session.scalar(select(Area).where(Area.code == code.strip().upper()))


def search_areas(session: Session, text: str) -> tuple[list[AreaHit], bool]:
    """Areas whose name or code contains ``text``, municipalities first, then by name, so the
    503 buurt names that occur more than once read with their municipality; and whether there
    were more than ``SEARCH_LIMIT``."""
    text = text.strip()
    if not text:
        return [], False
    postcode = POSTCODE.fullmatch(text)
    if postcode:
        return _by_postcode(session, postcode.group(1))
    text = ALIASES.get(text.lower(), text)
    municipality = aliased(Area)
    pattern = f"%{text.lower()}%"
    order = {"country": 0, "municipality": 1, "district": 2, "neighbourhood": 3}
    rows = session.execute(
        select(Area, municipality.name)
        .outerjoin(municipality, and_(municipality.level == "municipality",
                                      func.substr(municipality.code, 3, 4)
                                      == func.substr(Area.code, 3, 4)))
        .where(or_(func.lower(Area.name).like(pattern), func.lower(Area.code).like(pattern)))
        .order_by(Area.name, Area.code)
    ).all()
    hits = [AreaHit(area, name) for area, name in rows]
    hits.sort(key=lambda hit: (order[hit.area.level], hit.area.name.lower() != text.lower(),
                               hit.area.name))
    return hits[:SEARCH_LIMIT], len(hits) > SEARCH_LIMIT


def _by_postcode(session: Session, digits: str) -> tuple[list[AreaHit], bool]:
    """Areas whose most common postcode is these four digits (CBS gives one per area, so a
    postcode near a border may also belong to the next buurt: the list says which areas)."""
    municipality = aliased(Area)
    rows = session.execute(
        select(Area, municipality.name)
        .outerjoin(municipality, and_(municipality.level == "municipality",
                                      func.substr(municipality.code, 3, 4)
                                      == func.substr(Area.code, 3, 4)))
        .where(Area.postcode == digits)
        .order_by(Area.last_year.desc(), Area.name)
        .limit(SEARCH_LIMIT + 1)).all()
    hits = [AreaHit(area, name) for area, name in rows]
    return hits[:SEARCH_LIMIT], len(hits) > SEARCH_LIMIT


def municipalities_with_figures(session: Session) -> list[tuple[Area, int]]:
    """Municipalities that have official figures, with their latest year."""
    latest = (
        select(IndicatorValue.area_id, func.max(IndicatorValue.year).label("year"))
        .where(IndicatorValue.organisation_id.is_(None))
        .group_by(IndicatorValue.area_id).subquery()
    )
    return [(area, year) for area, year in session.execute(
        select(Area, latest.c.year).join(latest, latest.c.area_id == Area.id)
        .where(Area.level == "municipality").order_by(Area.name))]
