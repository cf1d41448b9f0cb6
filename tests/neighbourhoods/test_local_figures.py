"""An organisation's own figures from CSV or Excel: every bad row named, all or nothing,
idempotent, missing kept as missing, and seen by others only when shared."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from wwidw.extensions import db
from wwidw.neighbourhoods.figures import figures_for
from wwidw.neighbourhoods.local_figures import parse_value
from wwidw.neighbourhoods.models import Area, CbsImport, IndicatorValue
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

GOOD_CSV = (
    "\ufeffgebiedscode;indicator;jaar;waarde\n"
    "GM0797;neighbourhood_grade;2024;7,4\n"
    "BU07970101;rapportcijfer BUURT;2024;6,9\n"  # a Dutch label, in any case
    "WK079701;Voelt zich weleens onveilig in de eigen buurt;2024;18\n"
    "BU07970101;contact_with_neighbours;2024;\n"  # empty: missing
    "GM0797;contact_with_neighbours;2024;.\n"  # CBS's mark: missing
    "WK079701;contact_with_neighbours;2024;NA\n"
)


@pytest.fixture
def world(make):
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"),
                              AreaRecord("WK079701", "Wijk 01 Drunen"),
                              AreaRecord("BU07970101", "Drunen-Centrum")], 2024)
    own, peer = make.org("Gemeente Heusden", "municipality"), make.org("Woonlinie")
    people = SimpleNamespace(
        own=own, peer=peer, manager=make.user(own, "manager", name="Mira Manager"),
        viewer=make.user(own, "viewer"), peer_manager=make.user(peer, "manager"))
    for user in (people.manager, people.viewer, people.peer_manager):
        user.locale = "en"  # assertions read the English source strings
    db.session.commit()
    return people


def _post(client, org, data: bytes | str, name: str = "cijfers.csv", shared: bool = False):
    if isinstance(data, str):
        data = data.encode("utf-8")
    form = {"file": (io.BytesIO(data), name)}
    if shared:
        form["shared"] = "y"
    return client.post(f"/organisations/{org.id}/figures", data=form,
                       content_type="multipart/form-data")


def _values(org_id: int | None = None) -> dict[tuple[str, str, int], float | None]:
    rows = db.session.execute(
        select(Area.code, IndicatorValue.indicator_key, IndicatorValue.year, IndicatorValue.value)
        .join(Area, Area.id == IndicatorValue.area_id)
        .where(IndicatorValue.organisation_id == org_id))
    return {(code, key, year): value for code, key, year, value in rows}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_manager_imports_a_csv_and_reads_the_report(client, auth, world):
    auth.login(world.manager.email)
    response = _post(client, world.own, GOOD_CSV, "enquete-2024.csv")
    assert response.status_code == 302
    entry = db.session.scalar(select(CbsImport))
    assert response.headers["Location"].endswith(
        f"/organisations/{world.own.id}/figures/imports/{entry.id}")
    assert (entry.kind, entry.organisation_id, entry.year) == ("local", world.own.id, 2024)

    values = _values(world.own.id)
    assert values[("GM0797", "neighbourhood_grade", 2024)] == 7.4
    assert values[("BU07970101", "neighbourhood_grade", 2024)] == 6.9
    assert values[("WK079701", "feels_unsafe_neighbourhood", 2024)] == 18
    # Empty, "." and "NA" are stored as missing, never as 0.
    for code in ("GM0797", "WK079701", "BU07970101"):
        assert values[(code, "contact_with_neighbours", 2024)] is None
    assert _values(None) == {}  # nothing lands among the official figures
    rows = db.session.scalars(select(IndicatorValue)).all()
    assert {row.shared for row in rows} == {False}
    sources = {row.indicator_key: row.source for row in rows}
    assert sources["neighbourhood_grade"] == "local_survey"
    assert sources["feels_unsafe_neighbourhood"] == "veiligheidsmonitor"

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "enquete-2024.csv" in page and "Mira Manager" in page
    assert 'data-count="values_added">6<' in page
    assert "6 figures are imported: 6 added, 0 changed, 0 already up to date; 3 of them are " \
           "missing" in page
    listing = client.get(f"/organisations/{world.own.id}/figures").get_data(as_text=True)
    assert "enquete-2024.csv" in listing and "neighbourhood_grade" in listing


def test_an_excel_file_with_english_headers_imports_too(client, auth, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Area code", "Indicator", "Year", "Value", "Remark"])
    sheet.append(["GM0797", "Neighbourhood rating", 2023, 7.25, "from the survey"])
    sheet.append(["bu07970101", "home_grade", 2023.0, "7,8", None])
    sheet.append(["WK079701", "home_grade", 2023, None, "too few answers"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    auth.login(world.manager.email)
    response = _post(client, world.own, buffer.getvalue(), "enquete.xlsx")
    assert response.status_code == 302
    assert _values(world.own.id) == {
        ("GM0797", "neighbourhood_grade", 2023): 7.25,
        ("BU07970101", "home_grade", 2023): 7.8,
        ("WK079701", "home_grade", 2023): None,
    }
    entry = db.session.scalar(select(CbsImport))
    assert entry.dialect == "xlsx" and entry.unmapped_columns == ["Remark"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<li>Remark</li>" in page


def test_every_bad_row_is_reported_and_nothing_is_saved(client, auth, world):
    auth.login(world.manager.email)
    _post(client, world.own, GOOD_CSV)
    before = _values(world.own.id)
    bad = (
        "gebiedscode;indicator;jaar;waarde\n"  # row 1
        "GM9999;neighbourhood_grade;2024;7\n"  # 2: no such area
        "GM0797;rapportcijfer buurd;2024;7\n"  # 3: a typo, with a hint
        "GM0797;home_grade;1850;7\n"  # 4: not a plausible year
        "GM0797;home_grade;2024;veel\n"  # 5: not a number
        "GM0797;neighbourhood_grade;2024;1,0\n"  # 6: fine, and a change
        ";;;\n"  # 7: blank, skipped but counted
        "GM0797;Rapportcijfer buurt;2024;8\n"  # 8: the same figure as row 6
        "GM0797;home_grade;2023;15\n"  # 9: a report mark runs from 1 to 10
    )
    response = _post(client, world.own, bad, "fout.csv")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert sorted(int(n) for n in re.findall(r'data-row="(\d+)"', page)) == [2, 3, 4, 5, 8, 9]
    assert "6 problems in the file" in page
    assert "15 cannot be a figure in report mark (1–10): give a value from 1 to 10." in page
    assert "Unknown area code “GM9999”" in page
    assert "Did you mean “rapportcijfer buurt” (neighbourhood_grade)?" in page
    assert "1850 is not a plausible year" in page
    assert "“veel” is not a number" in page
    assert "Row 6 already gives neighbourhood_grade of GM0797 in 2024." in page
    assert "Nothing was imported." in page
    # All or nothing: the good row 6 did not change the stored figure either.
    assert _values(world.own.id) == before
    assert _count(CbsImport) == 1


def test_the_same_file_twice_changes_nothing_and_a_corrected_file_replaces(client, auth, world):
    auth.login(world.manager.email)
    _post(client, world.own, GOOD_CSV)
    first = _values(world.own.id)
    again = _post(client, world.own, GOOD_CSV)
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "0 added, 0 changed, 6 already up to date" in page
    assert _values(world.own.id) == first and _count(IndicatorValue) == 6

    corrected = GOOD_CSV.replace("GM0797;neighbourhood_grade;2024;7,4",
                                 "GM0797;neighbourhood_grade;2024;7,5")
    corrected = corrected.replace("BU07970101;contact_with_neighbours;2024;\n",
                                  "BU07970101;contact_with_neighbours;2024;64\n")
    third = _post(client, world.own, corrected)
    page = client.get(third.headers["Location"]).get_data(as_text=True)
    assert 'data-count="values_changed">2<' in page
    values = _values(world.own.id)
    assert values[("GM0797", "neighbourhood_grade", 2024)] == 7.5
    assert values[("BU07970101", "contact_with_neighbours", 2024)] == 64
    # A later file about one figure keeps the others.
    _post(client, world.own, "gebiedscode,indicator,jaar,waarde\nGM0797,home_grade,2023,\"7,1\"\n")
    assert len(_values(world.own.id)) == 7


def test_unshared_figures_stay_with_their_organisation_and_shared_ones_do_not(
        client, auth, world):
    area_ids = list(db.session.scalars(select(Area.id)))
    auth.login(world.manager.email)
    _post(client, world.own, GOOD_CSV)

    def local(org_ids):
        return {(f.indicator_key, f.value) for f in figures_for(db.session, area_ids, org_ids)
                if f.organisation_id is not None}

    assert len(local([world.own.id])) > 0
    assert local([world.peer.id]) == set()
    shared = _post(client, world.own, GOOD_CSV, shared=True)
    page = client.get(shared.headers["Location"]).get_data(as_text=True)
    assert 'data-count="values_changed">6<' in page  # the sharing changed, not the values
    assert local([world.peer.id]) == local([world.own.id])


def test_who_sees_and_who_uploads(client, auth, world):
    auth.login(world.manager.email)
    response = _post(client, world.own, GOOD_CSV)
    own_report = response.headers["Location"]
    auth.logout()

    auth.login(world.viewer.email)
    organisation_page = client.get(f"/organisations/{world.own.id}/").get_data(as_text=True)
    assert f'href="/organisations/{world.own.id}/figures"' in organisation_page
    page = client.get(f"/organisations/{world.own.id}/figures")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "neighbourhood_grade" in text and 'enctype="multipart/form-data"' not in text
    assert client.get(own_report).status_code == 200
    assert _post(client, world.own, GOOD_CSV).status_code == 403
    auth.logout()

    auth.login(world.peer_manager.email)
    assert client.get(f"/organisations/{world.own.id}/figures").status_code == 404
    assert client.get(own_report).status_code == 404
    # Another organisation's import under one's own organisation's address is not found either.
    assert client.get(own_report.replace(f"/organisations/{world.own.id}/",
                                         f"/organisations/{world.peer.id}/")).status_code == 404
    assert _post(client, world.own, GOOD_CSV).status_code == 404
    assert _count(CbsImport) == 1


def test_the_example_file_explains_and_imports(client, auth, world):
    auth.login(world.manager.email)
    page = client.get(f"/organisations/{world.own.id}/figures").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "gebiedscode" in page
    example = client.get(f"/organisations/{world.own.id}/figures/example.csv")
    assert example.status_code == 200 and example.mimetype == "text/csv"
    assert example.data.startswith("\ufeffgebiedscode;indicator;jaar;waarde".encode())
    assert _post(client, world.own, example.data, "voorbeeld.csv").status_code == 302
    values = _values(world.own.id)
    assert values[("GM0797", "neighbourhood_grade", 2023)] == 7.1
    assert values[("GM0797", "feels_at_home", 2024)] is None


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "The file is empty."),
    ("gebiedscode;indicator;waarde\nGM0797;home_grade;7\n", "The file has no column jaar."),
    ("gebiedscode;indicator;jaar;waarde\n", "The file has a header but no rows of figures."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", "This is an old Excel file (.xls)."),
    (b"PK\x03\x04not-really-a-workbook", "could not be read as an Excel workbook"),
])
def test_files_that_cannot_be_read_say_why(client, auth, world, data, expected):
    auth.login(world.manager.email)
    response = _post(client, world.own, data)
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert _count(IndicatorValue) == 0 and _count(CbsImport) == 0


@pytest.mark.parametrize(("cell", "expected"), [
    ("7,5", (7.5, True)), ("7.5", (7.5, True)), ("1.234,5", (1234.5, True)),
    ("1,234.5", (1234.5, True)), (" 12 ", (12.0, True)), (3, (3.0, True)),
    ("", (None, True)), (".", (None, True)), ("NA", (None, True)), (None, (None, True)),
    ("veel", (None, False)), ("nan", (None, False)), (True, (None, False)),
])
def test_values_as_spreadsheets_write_them(cell, expected):
    assert parse_value(cell) == expected


def test_cell_text_in_an_error_is_shown_as_text_not_markup(client, auth, world):
    auth.login(world.manager.email)
    response = _post(client, world.own,
                     "gebiedscode;indicator;jaar;waarde\n<b>GM</b>;home_grade;2024;7\n")
    page = response.get_data(as_text=True)
    # Area codes are read in capitals; the tags must arrive escaped, never as markup.
    assert "<B>GM</B>" not in page and "&lt;B&gt;GM&lt;/B&gt;" in page
