"""Areas: reading CBS area rows and keeping the area tree (gemeente > wijk > buurt) up to date."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from wwidw.neighbourhoods.models import COUNTRY_CODE, LEVEL_BY_PREFIX, Area

# StatLine exports name the area in one column and code it in another (CBS README, quirk 2).
STATLINE_NAME_COLUMN = "Wijken en buurten"
STATLINE_CODE_COLUMN = "Regioaanduiding/Codering (code)"


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str

    @property
    def level(self) -> str:
        return LEVEL_BY_PREFIX[self.code[:2]]

    @property
    def parent_code(self) -> str | None:
        """BU07970101 lies in WK079701, which lies in GM0797 (also for BU0363AA01 → WK0363AA)."""
        if self.code.startswith("BU"):
            return "WK" + self.code[2:8]
        if self.code.startswith("WK"):
            return "GM" + self.code[2:6]
        return None


def read_statline_areas(path: Path) -> list[AreaRecord]:
    """Area codes and names from a StatLine export; the land row (NL00) is skipped."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle, delimiter=";")
        records = []
        for row in rows:
            code = row[STATLINE_CODE_COLUMN].strip()
            if code[:2] in LEVEL_BY_PREFIX and code != COUNTRY_CODE:
                records.append(AreaRecord(code=code, name=row[STATLINE_NAME_COLUMN].strip()))
        return records


def upsert_areas(session: Session, records: list[AreaRecord], year: int) -> int:
    """Create or update areas, parents first. Returns the number of new areas."""
    order = {"country": 0, "municipality": 1, "district": 2, "neighbourhood": 3}
    records = sorted(records, key=lambda r: (order[r.level], r.code))
    codes = {r.code for r in records} | {r.parent_code for r in records if r.parent_code}
    existing = {a.code: a for a in session.scalars(select(Area).where(Area.code.in_(codes)))}
    created = 0
    for record in records:
        area = existing.get(record.code)
        if area is None:
            area = Area(code=record.code, level=record.level, first_year=year)
            session.add(area)
            existing[record.code] = area
            created += 1
        # OData files name only the municipality: an empty name never overwrites a known one.
        if record.name or not area.name:
            area.name = record.name or record.code
        area.first_year = min(area.first_year or year, year)
        area.last_year = max(area.last_year or year, year)
        area.parent = existing.get(record.parent_code) if record.parent_code else None
    session.flush()
    return created


def names_by_code(session: Session, codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(session.execute(select(Area.code, Area.name).where(Area.code.in_(codes))).all())
