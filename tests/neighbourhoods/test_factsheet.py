"""Factsheets: what a worker reads about an area — figures, trend, comparison, what runs there."""

from __future__ import annotations

import re

import pytest

from tests.neighbourhoods.figures_fixtures import add_local, import_den_haag
from wwidw.interventions import taxonomy
from wwidw.neighbourhoods.factsheet import band


@pytest.fixture
def den_haag(app):
    import_den_haag()


@pytest.fixture
def worker(app, make, auth):
    org = make.org("Haagse Wijkwerkers", kind="welfare")
    user = make.user(org, "worker")
    auth.login(user.email)
    return user


def _row(html: str, label: str) -> str:
    """The table row of one indicator, as text without tags."""
    match = re.search(r"<tr>\s*<th scope=\"row\"[^>]*>\s*<a [^>]*>" + re.escape(label)
                      + r"</a>.*?</tr>", html, re.S)
    assert match, f"no row for {label}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def test_district_factsheet_shows_value_trend_and_municipality(client, den_haag, worker):
    page = client.get("/areas/WK051828").get_data(as_text=True)
    assert "Wijk 28 Centrum" in page
    # Inhabitants: 19,855 in 2019 (open data), 22,090 in 2024 (StatLine extract).
    row = _row(page, "Aantal inwoners")
    assert "22.090" in row and "2024" in row
    assert "19.855" in row and "2019" in row
    # Households with a low income: 17% in the district against 12.4% in the municipality.
    row = _row(page, "Huishoudens met een laag inkomen")
    assert "17%" in row and "12,4%" in row
    assert "duidelijk ongunstiger" in row
    assert "Bron: CBS" in page


def test_a_missing_value_shows_as_unknown_not_zero(client, den_haag, worker):
    # CBS left the average household size of WK051801 unknown in 2019 ("       .").
    row = _row(client.get("/areas/WK051801").get_data(as_text=True),
               "Gemiddelde huishoudensgrootte")
    assert "onbekend" in row
    assert " 0 " not in row and "0,0" not in row


def test_municipality_lists_its_districts_and_links_them(client, den_haag, worker):
    page = client.get("/areas/GM0518").get_data(as_text=True)
    assert 'href="/areas/WK051828"' in page
    assert page.count('href="/areas/WK0518') >= 44


def test_trend_chart_is_a_png_and_is_cached(app, client, den_haag, worker):
    from wwidw.neighbourhoods.charts import cache_dir

    first = client.get("/areas/WK051828/trend/population.png")
    assert first.status_code == 200 and first.data.startswith(b"\x89PNG")
    cached = set(cache_dir().iterdir())
    second = client.get("/areas/WK051828/trend/population.png")
    assert second.data == first.data
    assert set(cache_dir().iterdir()) == cached
    assert client.get("/areas/WK051828/trend/no_such_indicator.png").status_code == 404


def test_unknown_area_is_404_and_login_is_needed(client, den_haag, make, auth):
    assert client.get("/areas/WK051828").status_code == 302
    user = make.user(make.org())
    auth.login(user.email)
    assert client.get("/areas/BU99999999").status_code == 404


def test_interventions_in_the_area_and_its_sub_areas_only_when_visible(
        client, den_haag, make, worker):
    other = make.org("Andere corporatie")
    shared = make.intervention(other, title="Buurtkamer Kortenbos", areas=["BU05182811"])
    make.intervention(other, title="Geheim plan", visibility="organisation",
                      areas=["BU05182811"])
    make.intervention(other, title="Elders", areas=["WK051801"])
    page = client.get("/areas/WK051828").get_data(as_text=True)
    assert shared.title in page
    assert "Geheim plan" not in page
    assert "Elders" not in page


def test_local_figures_only_for_their_organisation_unless_shared(
        client, den_haag, make, auth, worker):
    own = worker.memberships[0].organisation_id
    stranger = make.org("Vreemde organisatie")
    add_local("WK051828", "neighbourhood_grade", 2023, 7.1, own)
    add_local("WK051801", "neighbourhood_grade", 2023, 5.2, stranger.id)
    add_local("WK051802", "neighbourhood_grade", 2023, 6.4, stranger.id, shared=True)
    label = taxonomy.indicator("neighbourhood_grade").nl
    assert "7,1" in _row(client.get("/areas/WK051828").get_data(as_text=True), label)
    assert label not in client.get("/areas/WK051801").get_data(as_text=True)
    assert "6,4" in _row(client.get("/areas/WK051802").get_data(as_text=True), label)


def test_bands_follow_the_direction_of_the_indicator():
    low_income = taxonomy.indicator("households_low_income")  # lower is better
    participation = taxonomy.indicator("net_labour_participation")  # higher is better
    assert band(17.0, 12.4, low_income) == "clearly_worse"
    assert band(12.0, 12.4, low_income) == "similar"
    assert band(10.0, 12.0, low_income) == "better"
    assert band(70.0, 60.0, participation) == "better"
    assert band(None, 12.4, low_income) is None
    # Counts grow with an area's size: no band against a municipality.
    assert band(2000, 500000, taxonomy.indicator("population")) is None


def test_indicator_page_leads_to_effects_and_interventions(client, den_haag, make, worker):
    other = make.org("Corporatie Zuid")
    make.intervention(other, title="Schuldhulp aan huis", effects=["less_poverty"])
    page = client.get("/areas/indicators/households_low_income?area=WK051828").get_data(
        as_text=True)
    assert taxonomy.effect("less_poverty").nl in page
    assert "Schuldhulp aan huis" in page
    assert "effect=less_poverty" in page
    assert client.get("/areas/indicators/nonsense").status_code == 404


def test_amsterdam_code_break_keeps_history_and_the_municipality_series(client, make, auth):
    from tests.neighbourhoods.figures_fixtures import SHIPPED
    from tests.neighbourhoods.test_cbs_reader import AMSTERDAM_2017, AMSTERDAM_2019, path
    from wwidw.extensions import db
    from wwidw.neighbourhoods.cbs import read_cbs_file
    from wwidw.neighbourhoods.imports import import_cbs_table

    for file, year in ((path(AMSTERDAM_2017), 2017), (path(AMSTERDAM_2019), 2019),
                       (SHIPPED / "kwb_2024_amsterdam.csv", 2024)):
        import_cbs_table(db.session, read_cbs_file(file, year=year), file.name, file.name)
    db.session.commit()
    auth.login(make.user(make.org()).email)

    municipality = _row(client.get("/areas/GM0363").get_data(as_text=True), "Aantal inwoners")
    assert "2024" in municipality and "862.965" in municipality  # 2019, the trend's base
    old = client.get("/areas/BU03630000").get_data(as_text=True)
    assert "Kop Zeedijk" in old and "tot 2019" in old
    assert "1.035" in _row(old, "Aantal inwoners")
    new = client.get("/areas/BU0363AA01")
    assert new.status_code == 200 and "tot 2019" not in new.get_data(as_text=True)
    chart = client.get("/areas/GM0363/trend/population.png")
    assert chart.data.startswith(b"\x89PNG")


def test_figures_download_holds_what_the_factsheet_shows(client, den_haag, make, worker):
    import io

    import pandas as pd

    own = worker.memberships[0].organisation_id
    stranger = make.org("Vreemde organisatie")
    add_local("WK051828", "neighbourhood_grade", 2023, 7.1, own)
    add_local("WK051828", "safety_grade", 2023, 5.5, stranger.id)
    add_local("WK051828", "home_grade", 2023, 7.7, stranger.id, shared=True)
    csv = client.get("/areas/WK051828/figures.csv")
    frame = pd.read_csv(io.BytesIO(csv.data), sep=";", decimal=",", encoding="utf-8-sig")
    keys = set(frame["Sleutel"])
    assert {"population", "neighbourhood_grade", "home_grade"} <= keys
    assert "safety_grade" not in keys
    population = frame[(frame["Sleutel"] == "population")].set_index("Jaar")["Waarde"]
    assert population[2019] == 19855 and population[2024] == 22090
    # A value CBS left unknown is an empty cell, not 0.
    size = pd.read_csv(io.BytesIO(client.get("/areas/WK051801/figures.csv").data), sep=";",
                       decimal=",", encoding="utf-8-sig")
    household = size[size["Sleutel"] == "average_household_size"]["Waarde"]
    assert household.isna().all()
    xlsx = client.get("/areas/WK051828/figures.xlsx")
    assert len(pd.read_excel(io.BytesIO(xlsx.data))) == len(frame)


def test_an_area_is_found_by_its_postcode(client, den_haag, worker):
    from tests.neighbourhoods.figures_fixtures import area

    # Den Haag 2019 gives each buurt its most common postcode: BU05182811 Kortenbos is 2513.
    assert area("BU05182811").postcode == "2513"
    page = client.get("/areas?q=2513 AB").get_data(as_text=True)
    assert 'href="/areas/BU05182811"' in page
    assert 'href="/areas/BU05180170"' not in page  # postcode 2597
