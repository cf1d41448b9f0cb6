"""Selection models: an organisation weighs figures and sees its areas ranked by need."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.neighbourhoods.figures_fixtures import import_den_haag
from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.neighbourhoods import selection
from wwidw.neighbourhoods.models import Area, IndicatorValue, SelectionModel
from wwidw.neighbourhoods.selection import IndicatorChoice


def _area(code: str, name: str, parent: Area | None = None) -> Area:
    level = {"GM": "municipality", "WK": "district", "BU": "neighbourhood"}[code[:2]]
    area = Area(code=code, name=name, level=level, parent=parent, first_year=2023,
                last_year=2023)
    db.session.add(area)
    return area


def _figures(area: Area, **values) -> None:
    db.session.flush()
    for key, value in values.items():
        db.session.add(IndicatorValue(area_id=area.id, indicator_key=key, year=2023,
                                      value=value))


@pytest.fixture
def small_town(app, make):
    town = _area("GM9999", "Proefstad")
    district = _area("WK999901", "Wijk 1", town)
    a, b, c = (_area(f"BU9999010{n}", name, district)
               for n, name in ((1, "Aabuurt"), (2, "Beebuurt"), (3, "Ceebuurt")))
    _figures(a, population=1000, households_low_income=10, net_labour_participation=70,
             social_assistance_recipients=10)
    _figures(b, population=2000, households_low_income=20, net_labour_participation=60,
             social_assistance_recipients=20)
    _figures(c, population=500, households_low_income=30, net_labour_participation=None,
             social_assistance_recipients=50)
    db.session.commit()
    return make.org("Proefcorporatie")


def _model(org, *choices: IndicatorChoice) -> SelectionModel:
    model = selection.save_model(db.session, org.id, {
        "name": "Proef", "municipality_code": "GM9999", "level": "neighbourhood",
        "indicators": list(choices)})
    db.session.commit()
    return model


def test_score_is_the_weighted_average_of_scaled_values(small_town):
    model = _model(small_town, IndicatorChoice("households_low_income", 1, "high"),
                   IndicatorChoice("net_labour_participation", 1, "low"))
    ranking = selection.rank(db.session, model, Viewer(None, {}))
    names = [item.area.name for item in ranking.areas]
    scores = {item.area.name: item.score for item in ranking.areas}
    # Ceebuurt has the most low incomes and no participation figure: scored on what it has.
    assert names == ["Ceebuurt", "Beebuurt", "Aabuurt"]
    assert scores == pytest.approx({"Ceebuurt": 100.0, "Beebuurt": 75.0, "Aabuurt": 0.0})
    incomplete = {item.area.name for item in ranking.areas if item.incomplete}
    assert incomplete == {"Ceebuurt"}
    for item in ranking.areas:
        assert sum(c.points for c in item.contributions) == pytest.approx(item.score)
    assert ranking.year == 2023


def test_weights_and_counts_per_inhabitants(small_town):
    # Per 1,000 inhabitants: 10, 10 and 100 recipients; Beebuurt is not "worse" for being big.
    model = _model(small_town, IndicatorChoice("social_assistance_recipients", 3, "high"),
                   IndicatorChoice("households_low_income", 1, "high"))
    ranking = selection.rank(db.session, model, Viewer(None, {}))
    by_name = {item.area.name: item for item in ranking.areas}
    assert by_name["Ceebuurt"].contributions[0].value == pytest.approx(100.0)
    assert by_name["Beebuurt"].contributions[0].value == pytest.approx(10.0)
    assert by_name["Aabuurt"].score == pytest.approx(0.0)
    assert by_name["Beebuurt"].score == pytest.approx(12.5)  # (3*0 + 1*0.5) / 4
    assert "social_assistance_recipients" in ranking.per_inhabitants


def test_tiny_areas_and_areas_with_too_few_figures_are_not_ranked(small_town):
    tiny = _area("BU99990104", "Dwergbuurt", db.session.query(Area).filter_by(
        code="WK999901").one())
    _figures(tiny, population=40, households_low_income=90, net_labour_participation=20)
    db.session.commit()
    model = _model(small_town, IndicatorChoice("households_low_income", 1, "high"),
                   IndicatorChoice("net_labour_participation", 3, "low"))
    ranking = selection.rank(db.session, model, Viewer(None, {}))
    by_name = {item.area.name: item for item in ranking.areas}
    assert by_name["Dwergbuurt"].score is None
    assert by_name["Dwergbuurt"].unscored == "few_inhabitants"
    # Ceebuurt lacks the indicator carrying 3 of the 4 weight points.
    assert by_name["Ceebuurt"].unscored == "few_figures"
    # The tiny area's extreme values do not stretch the scales: low incomes run 10–30 (Beebuurt
    # 0.5), participation 60–70 (Beebuurt 1), so (1 × 0.5 + 3 × 1) / 4; with it, 18.1.
    assert by_name["Beebuurt"].score == pytest.approx(87.5)
    assert [item.area.name for item in ranking.areas][:2] == ["Beebuurt", "Aabuurt"]


def test_a_model_needs_indicators_and_a_direction(small_town):
    with pytest.raises(selection.ServiceError):
        _model(small_town)
    with pytest.raises(selection.ServiceError):
        _model(small_town, IndicatorChoice("population", 1, ""))


def _form(name: str, rows: list[tuple[str, int, str]], municipality: str = "GM0518") -> dict:
    data = {"name": name, "description": "", "municipality_code": municipality,
            "level": "district", "year": ""}
    for index, (key, weight, direction) in enumerate(rows):
        data[f"indicators-{index}-indicator_key"] = key
        data[f"indicators-{index}-weight"] = str(weight)
        data[f"indicators-{index}-effort_when"] = direction
    return data


@pytest.fixture
def den_haag_manager(app, make, auth):
    import_den_haag()
    org = make.org("Haag Wonen", kind="housing")
    user = make.user(org, "manager")
    auth.login(user.email)
    return org


def test_manager_builds_a_model_and_sees_the_ranking(client, den_haag_manager):
    org = den_haag_manager
    response = client.post(f"/organisations/{org.id}/selection-models/new", data=_form(
        "Armoede en meedoen", [("households_low_income", 3, ""),
                               ("unemployment_benefit_recipients", 1, "high")]))
    assert response.status_code == 302
    model = db.session.query(SelectionModel).one()
    # An empty direction takes the usual reading: many low incomes need effort.
    assert [(i.indicator_key, i.weight, i.effort_when) for i in model.indicators] == [
        ("households_low_income", 3, "high"), ("unemployment_benefit_recipients", 1, "high")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Armoede en meedoen" in page and "Zo komt de score tot stand" in page
    ranking = selection.rank(db.session, model, Viewer(None, {}))
    top = ranking.areas[0].area.name
    assert page.index(top) < page.index(ranking.areas[-1].area.name)
    chart = client.get(f"/organisations/{org.id}/selection-models/{model.id}/chart.png")
    assert chart.data.startswith(b"\x89PNG")

    csv = client.get(f"/organisations/{org.id}/selection-models/{model.id}/export.csv")
    frame = pd.read_csv(io.BytesIO(csv.data), sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["Gebied"].iloc[0] == top
    assert len(frame) == 44
    xlsx = client.get(f"/organisations/{org.id}/selection-models/{model.id}/export.xlsx")
    assert pd.read_excel(io.BytesIO(xlsx.data))["Gebied"].tolist() == frame["Gebied"].tolist()


def test_bad_model_is_refused_with_a_message_and_not_saved(client, den_haag_manager):
    org = den_haag_manager
    response = client.post(f"/organisations/{org.id}/selection-models/new",
                           data=_form("Leeg", []))
    assert response.status_code == 400
    assert "Kies ten minste één indicator." in response.get_data(as_text=True)
    response = client.post(f"/organisations/{org.id}/selection-models/new",
                           data=_form("Dubbel", [("households_low_income", 1, "high"),
                                                 ("households_low_income", 2, "high")]))
    assert ("Huishoudens met een laag inkomen is twee keer gekozen"
            in response.get_data(as_text=True))
    assert db.session.query(SelectionModel).count() == 0


def test_models_are_private_to_their_organisation(client, den_haag_manager, make, auth):
    org = den_haag_manager
    client.post(f"/organisations/{org.id}/selection-models/new",
                data=_form("Intern", [("households_low_income", 1, "high")]))
    model = db.session.query(SelectionModel).one()
    stranger_org = make.org("Buren")
    stranger = make.user(stranger_org, "admin")
    auth.logout()
    auth.login(stranger.email)
    base = f"/organisations/{org.id}/selection-models"
    for url in (base, f"{base}/{model.id}", f"{base}/{model.id}/export.csv",
                f"{base}/{model.id}/chart.png", f"{base}/{model.id}/edit"):
        assert client.get(url).status_code in (403, 404), url
    # Their own URL with our model's id: still not found.
    assert client.get(
        f"/organisations/{stranger_org.id}/selection-models/{model.id}").status_code == 404
    assert client.post(f"{base}/{model.id}/delete").status_code in (403, 404)
    assert db.session.query(SelectionModel).count() == 1


def test_viewer_reads_but_does_not_compose(client, den_haag_manager, make, auth):
    org = den_haag_manager
    viewer = make.user(org, "viewer")
    auth.logout()
    auth.login(viewer.email)
    assert client.get(f"/organisations/{org.id}/selection-models").status_code == 200
    assert client.get(f"/organisations/{org.id}/selection-models/new").status_code == 403


def test_most_recent_year_is_the_last_one_with_the_chosen_figures(small_town):
    # A later year with only population and age counts (like Amsterdam 2024) must not win over
    # the year of the indicator that carries most of the weight.
    for area in db.session.query(Area).filter(Area.code.like("BU9999%")):
        db.session.add_all([
            IndicatorValue(area_id=area.id, indicator_key="population", year=2025, value=1200),
            IndicatorValue(area_id=area.id, indicator_key="age_65_plus", year=2025, value=200)])
    db.session.commit()
    model = _model(small_town, IndicatorChoice("households_low_income", 3, "high"),
                   IndicatorChoice("age_65_plus", 1, "high"))
    ranking = selection.rank(db.session, model, Viewer(None, {}))
    assert ranking.year == 2023
    assert [item.area.name for item in ranking.areas] == ["Ceebuurt", "Beebuurt", "Aabuurt"]
    assert ranking.empty == ["age_65_plus"]
