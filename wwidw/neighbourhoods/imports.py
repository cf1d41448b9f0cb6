"""Importing a read CBS file into the database: all or nothing, and idempotent.

The reader (``cbs.py``) has already refused any bad row, so nothing here half-saves: the caller
commits once after ``import_cbs_table`` returns, or rolls back on any error. Importing the same
file twice changes nothing; a newer release of the same year replaces the values that differ
and says how many.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from wwidw.errors import ServiceError
from wwidw.neighbourhoods.cbs import CbsTable
from wwidw.neighbourhoods.models import COUNTRY_CODE, Area, CbsImport, IndicatorValue
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

BATCH = 5000


@dataclass(frozen=True)
class ImportReport:
    year: int
    dialect: str
    areas: int
    areas_added: int
    values_added: int
    values_changed: int
    values_unchanged: int
    missing: int
    unmapped_columns: list[str]
    import_id: int | None = None


def import_cbs_table(
    session: Session, table: CbsTable, file_name: str, sha256: str,
    user_id: int | None = None, progress: Callable[[int], None] | None = None,
) -> ImportReport:
    if table.needs_codes:
        raise ServiceError(_l(
            "This file has area names but no CBS codes, so its figures cannot be joined to "
            "areas. Download the table again with the column 'Regioaanduiding/Codering'."),
            "file")
    records, values_by_code = list(table.areas), dict(table.values)
    if table.country:
        # The land row is stored as an area of its own, so factsheets can compare with it.
        records.append(AreaRecord(COUNTRY_CODE, "Nederland"))
        values_by_code[COUNTRY_CODE] = table.country
    known_country = session.scalar(select(Area.id).where(Area.code == COUNTRY_CODE))
    areas_added = upsert_areas(session, records, table.year)
    if table.country and known_country is None:
        areas_added -= 1
    area_ids = dict(session.execute(
        select(Area.code, Area.id).where(Area.code.in_([a.code for a in records]))).all())
    existing = {
        (row.area_id, row.indicator_key): (row.id, row.value)
        for row in session.execute(
            select(IndicatorValue.id, IndicatorValue.area_id, IndicatorValue.indicator_key,
                   IndicatorValue.value)
            .where(IndicatorValue.year == table.year, IndicatorValue.organisation_id.is_(None),
                   IndicatorValue.area_id.in_(list(area_ids.values())))
        )
    }
    new_rows, changed_rows, unchanged, missing = [], [], 0, 0
    for code, values in values_by_code.items():
        area_id = area_ids[code]
        for key, value in values.items():
            missing += value is None
            current = existing.get((area_id, key))
            if current is None:
                new_rows.append({"area_id": area_id, "indicator_key": key,
                                 "year": table.year, "value": value, "source": "cbs_kwb"})
            elif current[1] != value:
                changed_rows.append({"id": current[0], "value": value})
            else:
                unchanged += 1
    done = 0
    for start in range(0, len(new_rows), BATCH):
        # Core, not the ORM's bulk insert: the same SQL without an object layer per row.
        session.execute(insert(IndicatorValue.__table__), new_rows[start:start + BATCH])
        done += len(new_rows[start:start + BATCH])
        if progress:
            progress(len(new_rows[start:start + BATCH]))
    for start in range(0, len(changed_rows), BATCH):
        session.execute(update(IndicatorValue), changed_rows[start:start + BATCH])
        if progress:
            progress(len(changed_rows[start:start + BATCH]))
    log = CbsImport(file_name=file_name[:255], sha256=sha256, year=table.year,
                    dialect=table.dialect, areas_added=areas_added,
                    values_added=len(new_rows), values_changed=len(changed_rows),
                    unmapped_columns=list(table.unmapped_columns), imported_by_id=user_id)
    session.add(log)
    session.flush()
    return ImportReport(table.year, table.dialect, len(table.areas), areas_added, len(new_rows),
                        len(changed_rows), unchanged, missing, list(table.unmapped_columns),
                        log.id)
