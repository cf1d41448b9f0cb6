"""Areas: reading CBS area rows and keeping the area tree (gemeente > wijk > buurt) up to date."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from wwidw.models import utcnow
from wwidw.neighbourhoods.models import COUNTRY_CODE, LEVEL_BY_PREFIX, Area

# StatLine exports name the area in one column and code it in another (CBS README, quirk 2).
STATLINE_NAME_COLUMN = "Wijken en buurten"
STATLINE_CODE_COLUMN = "Regioaanduiding/Codering (code)"


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str
    postcode: str | None = None

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
    """Create or update areas, parents first. Returns the number of new areas.

    Written with Core statements, not ORM objects: a national file has 18,000 areas, and
    building and flushing an object for each cost seconds even when nothing changed."""
    session.flush()
    levels = ("country", "municipality", "district", "neighbourhood")
    codes = {r.code for r in records} | {r.parent_code for r in records if r.parent_code}
    table = Area.__table__
    current: dict[str, tuple] = {}
    code_list = sorted(codes)
    for start in range(0, len(code_list), 5000):
        for row in session.execute(
            select(Area.code, Area.id, Area.name, Area.first_year, Area.last_year,
                   Area.parent_id, Area.postcode)
            .where(Area.code.in_(code_list[start:start + 5000]))
        ):
            current[row.code] = tuple(row)[1:]
    ids = {code: values[0] for code, values in current.items()}
    now = utcnow()
    created = 0
    changes = []
    for level in levels:
        new_rows = []
        for record in sorted((r for r in records if r.level == level), key=lambda r: r.code):
            parent_id = ids.get(record.parent_code) if record.parent_code else None
            known = current.get(record.code)
            if known is None:
                new_rows.append({"code": record.code, "name": record.name or record.code,
                                 "level": level, "parent_id": parent_id, "first_year": year,
                                 "last_year": year, "postcode": record.postcode,
                                 "created_at": now, "updated_at": now})
                continue
            area_id, name, first_year, last_year, old_parent, postcode = known
            # OData files name only the municipality: an empty name never overwrites a known one.
            wanted = {
                "name": record.name or name or record.code,
                "first_year": min(first_year or year, year),
                "last_year": max(last_year or year, year),
                "parent_id": parent_id,
                # A file without postcodes keeps the one an earlier file gave.
                "postcode": record.postcode or postcode,
            }
            if wanted != {"name": name, "first_year": first_year, "last_year": last_year,
                          "parent_id": old_parent, "postcode": postcode}:
                changes.append({"b_id": area_id, **wanted, "updated_at": now})
        if new_rows:
            session.execute(insert(table), new_rows)
            created += len(new_rows)
            new_codes = [row["code"] for row in new_rows]
            for start in range(0, len(new_codes), 5000):
                ids.update(session.execute(select(Area.code, Area.id).where(
                    Area.code.in_(new_codes[start:start + 5000]))).all())
    if changes:
        session.execute(
            update(table).where(table.c.id == bindparam("b_id")).values(
                name=bindparam("name"), first_year=bindparam("first_year"),
                last_year=bindparam("last_year"), parent_id=bindparam("parent_id"),
                postcode=bindparam("postcode"), updated_at=bindparam("updated_at")),
            changes)
    # Areas already loaded in this session must not hide what was just written.
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, Area):
            session.expire(loaded)
    return created


def names_by_code(session: Session, codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(session.execute(select(Area.code, Area.name).where(Area.code.in_(codes))).all())
