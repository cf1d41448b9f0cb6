"""Importing real CBS files into the database: values right, all or nothing, idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.neighbourhoods.test_cbs_reader import DEN_HAAG_2019, path
from wwidw.extensions import db
from wwidw.neighbourhoods.models import Area, CbsImport, IndicatorValue


def _value(code: str, key: str, year: int):
    return db.session.scalar(
        select(IndicatorValue.value).join(Area, Area.id == IndicatorValue.area_id)
        .where(Area.code == code, IndicatorValue.indicator_key == key,
               IndicatorValue.year == year))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_den_haag_2019_twice(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["cbs", "import", str(path(DEN_HAAG_2019)), "--year", "2019"])
    assert first.exit_code == 0, first.output
    assert _value("GM0518", "population", 2019) == 537_833
    assert db.session.scalar(select(Area.name).where(Area.code == "GM0518"))
    # A value CBS marks "." is stored as missing, never as 0.
    missing = db.session.scalar(select(func.count()).select_from(IndicatorValue)
                                .where(IndicatorValue.value.is_(None)))
    assert missing > 0
    assert db.session.scalar(select(func.count()).select_from(IndicatorValue)
                             .where(IndicatorValue.value == 0)) < missing
    values = _count(IndicatorValue)
    second = runner.invoke(args=["cbs", "import", str(path(DEN_HAAG_2019)), "--year", "2019"])
    assert "0 values added, 0 changed" in second.output
    assert _count(IndicatorValue) == values
    assert _count(CbsImport) == 2


def test_a_newer_release_replaces_what_changed(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["cbs", "import", str(path(DEN_HAAG_2019)), "--year", "2019"])
    text = path(DEN_HAAG_2019).read_text(encoding="utf-8-sig")
    newer = tmp_path / "newer.csv"
    newer.write_text(text.replace('"  537833"', '"  537840"', 1), encoding="utf-8-sig")
    result = runner.invoke(args=["cbs", "import", str(newer), "--year", "2019"])
    assert "1 changed" in result.output, result.output
    assert _value("GM0518", "population", 2019) == 537_840


def test_a_corrupted_file_changes_nothing(app, tmp_path):
    text = path(DEN_HAAG_2019).read_text(encoding="utf-8-sig").splitlines()
    text[40] = text[40].replace('"WK0518', '"XX0518', 1)
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(text), encoding="utf-8-sig")
    result = app.test_cli_runner().invoke(args=["cbs", "import", str(broken), "--year", "2019"])
    assert result.exit_code != 0
    assert "Nothing imported" in result.output and "41" in result.output
    assert _count(Area) == 0 and _count(IndicatorValue) == 0 and _count(CbsImport) == 0


def test_a_file_without_codes_is_refused(app):
    from tests.neighbourhoods.test_cbs_reader import AMSTERDAM_2015

    result = app.test_cli_runner().invoke(args=["cbs", "import", str(path(AMSTERDAM_2015))])
    assert result.exit_code != 0
    assert "geen CBS-codes" in result.output
    assert _count(Area) == 0 and _count(IndicatorValue) == 0


def test_odata_files_without_names_keep_known_names(app):
    db.session.add(Area(code="BU05180170", name="Kijkduin-Oost", level="neighbourhood"))
    db.session.commit()
    app.test_cli_runner().invoke(args=["cbs", "import", str(path(DEN_HAAG_2019)), "--year", "2019"])
    db.session.expire_all()
    assert db.session.scalar(select(Area.name).where(Area.code == "BU05180170")) == (
        "Kijkduin-Oost")
