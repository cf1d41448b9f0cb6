"""Real figures in the test database: Den Haag 2019 (CBS open data) and 2024 (the shipped
StatLine extract), so factsheets and rankings have a trend and a municipality to compare with."""

from __future__ import annotations

from pathlib import Path

from tests.neighbourhoods.test_cbs_reader import DEN_HAAG_2019, path
from wwidw.extensions import db
from wwidw.neighbourhoods.cbs import read_cbs_file
from wwidw.neighbourhoods.imports import import_cbs_table
from wwidw.neighbourhoods.models import Area, IndicatorValue

SHIPPED = Path(__file__).resolve().parents[2] / "wwidw" / "data" / "cbs"


def import_den_haag() -> None:
    for file, year in ((path(DEN_HAAG_2019), 2019), (SHIPPED / "kwb_2024_den_haag.csv", 2024)):
        import_cbs_table(db.session, read_cbs_file(file, year=year), file.name, file.name)
    db.session.commit()


def area(code: str) -> Area:
    return db.session.query(Area).filter_by(code=code).one()


def add_local(code: str, key: str, year: int, value: float | None, org_id: int,
              shared: bool = False) -> None:
    db.session.add(IndicatorValue(area_id=area(code).id, indicator_key=key, year=year,
                                  value=value, source="local_survey", organisation_id=org_id,
                                  shared=shared))
    db.session.commit()
