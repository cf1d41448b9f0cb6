"""The demo's CBS figures and local figures: every shipped extract imported, oldest year first,
across Amsterdam's change of codes, and nothing imported twice."""

from __future__ import annotations

from sqlalchemy import func, select

from wwidw.accounts.models import Organisation
from wwidw.demo import demo_cbs_files, load_demo
from wwidw.extensions import db
from wwidw.http import login_policy
from wwidw.interventions.models import Intervention
from wwidw.neighbourhoods.models import COUNTRY_CODE, Area, CbsImport, IndicatorValue


def _official(code: str) -> dict[int, float | None]:
    """The CBS inhabitants of an area per year."""
    return dict(db.session.execute(
        select(IndicatorValue.year, IndicatorValue.value).join(Area)
        .where(Area.code == code, IndicatorValue.indicator_key == "population",
               IndicatorValue.organisation_id.is_(None))).all())


def test_the_shipped_extracts_are_imported_oldest_first():
    years = [year for _path, year in demo_cbs_files()]
    assert years == sorted(years)
    assert {(path.name, year) for path, year in demo_cbs_files()} >= {
        ("kwb_2017_amsterdam.csv", 2017), ("kwb_2019_amsterdam.csv", 2019),
        ("kwb_2019_den_haag.csv", 2019), ("kwb_2024_amsterdam.csv", 2024),
        ("kwb_2024_den_haag.csv", 2024), ("kwb_2024_heusden.csv", 2024)}


def test_demo_figures_span_amsterdams_change_of_codes(app):
    load_demo(db.session, login_policy())
    db.session.commit()

    # The gemeente is the one code that continues (Bron: CBS, KWB 2017, 2019 and 2024).
    assert _official("GM0363") == {2017: 844947, 2019: 862965, 2024: 931298}
    assert _official(COUNTRY_CODE) == {2017: 17081507, 2019: 17282163, 2024: 17942942}
    # An old buurt keeps its figures and its years; the new division exists beside it.
    old = db.session.scalar(select(Area).where(Area.code == "BU03633102"))
    assert (old.name, old.first_year, old.last_year) == ("Zuidwestkwadrant Indische buurt",
                                                         2017, 2019)
    assert old.parent.code == "WK036331" and old.parent.parent.code == "GM0363"
    assert _official("BU03633102") == {2017: 4125, 2019: 4100}
    new = db.session.scalar(select(Area).where(Area.code == "BU0363AA01"))
    assert (new.first_year, new.last_year) == (2024, 2024)
    assert [a.code for a in new.ancestors()] == ["WK0363AA", "GM0363"]
    assert set(_official("BU0363AA01")) == {2024}
    # 2017 and 2019 are full tables: more than inhabitants, and missing stays missing.
    keys_2019 = set(db.session.scalars(
        select(IndicatorValue.indicator_key).join(Area)
        .where(Area.code == "BU03633102", IndicatorValue.year == 2019)))
    assert {"households_low_income", "social_housing_pct", "average_income_per_inhabitant"} \
        <= keys_2019
    assert db.session.scalar(select(func.count()).select_from(IndicatorValue).where(
        IndicatorValue.value.is_(None), IndicatorValue.organisation_id.is_(None))) > 0
    # Den Haag 2019 names only the gemeente; the 2024 extract gives its areas their names.
    assert db.session.scalar(select(Area.name).where(Area.code == "WK051830")) != "WK051830"

    # The Amsterdam demo organisation writes in both divisions.
    amsterdam = db.session.scalar(
        select(Organisation).where(Organisation.municipality_codes == "GM0363"))
    interventions = db.session.scalars(
        select(Intervention).where(Intervention.organisation_id == amsterdam.id)).all()
    assert len(interventions) >= 6
    codes = {area.code for intervention in interventions for area in intervention.areas}
    assert "BU03633102" in codes and any(code.startswith("BU0363M") for code in codes)


def test_demo_local_figures_are_the_housing_corporations_own(app):
    load_demo(db.session, login_policy())
    db.session.commit()
    maasoever = db.session.scalar(
        select(Organisation).where(Organisation.name == "Woonstichting De Maasoever"))
    rows = db.session.execute(
        select(IndicatorValue.year, IndicatorValue.value, IndicatorValue.shared,
               IndicatorValue.source)
        .where(IndicatorValue.organisation_id == maasoever.id)).all()
    assert {row.year for row in rows} == {2021, 2023}
    assert {row.source for row in rows} == {"local_survey"}
    assert not any(row.shared for row in rows)
    assert any(row.value is None for row in rows)  # an empty cell is missing, not 0
    grade = db.session.scalar(
        select(IndicatorValue.value).join(Area)
        .where(IndicatorValue.organisation_id == maasoever.id, Area.code == "BU07970501",
               IndicatorValue.indicator_key == "neighbourhood_grade",
               IndicatorValue.year == 2023))
    assert grade == 6.9


def test_a_second_demo_load_imports_no_file_again(app):
    first = load_demo(db.session, login_policy())
    db.session.commit()
    assert first["areas"] == 1394 and first["figures"] > 80_000 and first["local figures"] > 0
    counts = (db.session.scalar(select(func.count()).select_from(CbsImport)),
              db.session.scalar(select(func.count()).select_from(IndicatorValue)))
    assert counts[0] == len(demo_cbs_files()) + 1
    second = load_demo(db.session, login_policy())
    db.session.commit()
    assert (second["areas"], second["figures"], second["local figures"]) == (0, 0, 0)
    assert counts == (db.session.scalar(select(func.count()).select_from(CbsImport)),
                      db.session.scalar(select(func.count()).select_from(IndicatorValue)))


def test_demo_selection_model_ranks_den_haag(app, client, auth):
    """A new user finds a working selection model in the demo, with a ranking."""
    from wwidw.demo import DEMO_PASSWORD
    from wwidw.neighbourhoods.models import SelectionModel

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    model = db.session.scalar(select(SelectionModel).where(
        SelectionModel.name == "Armoede en leefbaarheid"))
    organisation = db.session.get(Organisation, model.organisation_id)
    assert organisation.name == "Hofstad Wonen"
    admin = next(m.user for m in organisation.memberships if m.role == "admin")
    auth.login(admin.email, DEMO_PASSWORD)
    page = client.get(f"/organisations/{organisation.id}/selection-models/{model.id}")
    assert page.status_code == 200
    ranked = page.get_data(as_text=True)
    # Den Haag's poorest buurten of 2019 come out on top, not a tiny one.
    assert ranked.index("Moerwijk-West") < ranked.index("Duindorp")
