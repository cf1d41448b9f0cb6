"""Importing CBS files through the platform admin's upload page: a report with real numbers,
admins only, and a refused file named by its row that leaves the database as it was."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.neighbourhoods.test_cbs_reader import DEN_HAAG_2019, NATIONAL_2024, path
from wwidw.extensions import db
from wwidw.neighbourhoods.models import Area, CbsImport, IndicatorValue


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _upload(client, data: bytes, name: str, year: str = ""):
    # Encoded here: the test client spools a body over 500 kB to a temporary file it never
    # closes, which the warnings-as-errors setting would report.
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(data), filename=name), "year": year})
    return client.post("/admin/figures/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def admin(make, auth):
    user = make.user(platform_admin=True, name="Petra Platform")
    user.locale = "en"  # assertions read the English source strings, whatever is translated
    db.session.commit()
    auth.login(user.email)
    return user


def _den_haag() -> bytes:
    return path(DEN_HAAG_2019).read_bytes()


def test_admin_imports_den_haag_2019_and_reads_the_report(client, admin):
    assert client.get("/admin/figures/import").status_code == 200
    response = _upload(client, _den_haag(), DEN_HAAG_2019, "2019")
    assert response.status_code == 302
    entry = db.session.scalar(select(CbsImport))
    assert response.headers["Location"].endswith(f"/admin/figures/imports/{entry.id}")
    assert entry.imported_by_id == admin.id and entry.year == 2019

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    values = _count(IndicatorValue)
    assert values == 10_812  # 159 areas, every mapped column
    assert f'data-count="values_added">{values}<' in page
    assert 'data-count="values_changed">0<' in page
    assert 'data-count="areas_added">159<' in page
    assert DEN_HAAG_2019 in page and "Petra Platform" in page
    assert '<dd class="col-sm-7" id="import-year">2019</dd>' in page
    # Columns that map to no indicator are listed as not imported.
    assert "<li>Gehuwd_14</li>" in page and "43 columns of the file match no indicator" in page
    # The counts the log does not keep are shown once, right after the import.
    assert re.search(r"0 already up to date; [1-9]\d* values are missing in the file", page)
    missing = db.session.scalar(select(func.count()).select_from(IndicatorValue)
                                .where(IndicatorValue.value.is_(None)))
    assert f"{missing} values are missing" in page

    listing = client.get("/admin/figures").get_data(as_text=True)
    assert DEN_HAAG_2019 in listing and f"/admin/figures/imports/{entry.id}" in listing


def test_the_same_file_twice_changes_nothing(client, admin):
    _upload(client, _den_haag(), DEN_HAAG_2019, "2019")
    values = _count(IndicatorValue)
    second = _upload(client, _den_haag(), DEN_HAAG_2019, "2019")
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert 'data-count="values_added">0<' in page and 'data-count="values_changed">0<' in page
    assert f"0 changed, {values} already up to date" in page
    assert _count(IndicatorValue) == values
    # Both imports are in the log, newest first.
    listing = client.get("/admin/figures").get_data(as_text=True)
    ids = [entry.id for entry in db.session.scalars(select(CbsImport).order_by(CbsImport.id))]
    assert listing.index(f"/imports/{ids[1]}\"") < listing.index(f"/imports/{ids[0]}\"")


def test_a_file_without_its_year_asks_for_it(client, admin):
    response = _upload(client, _den_haag(), DEN_HAAG_2019)
    assert response.status_code == 400
    assert "fill in the year field" in response.get_data(as_text=True)
    assert _count(IndicatorValue) == 0 and _count(CbsImport) == 0


def test_a_corrupted_file_names_its_row_and_changes_nothing(client, admin):
    _upload(client, _den_haag(), DEN_HAAG_2019, "2019")
    before = (_count(IndicatorValue), _count(Area), _count(CbsImport))
    lines = _den_haag().decode("utf-8-sig").splitlines()
    lines[40] = lines[40].replace('"WK0518', '"XX0518', 1)
    # A changed figure in an earlier row must not be saved either: all or nothing.
    lines[1] = lines[1].replace('"  537833"', '"  537840"', 1)
    broken = ("\ufeff" + "\n".join(lines)).encode("utf-8")
    response = _upload(client, broken, "kapot.csv", "2019")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Row 41, column “WijkenEnBuurten”" in page
    assert "XX0518" in page and "is not a CBS area code" in page
    assert (_count(IndicatorValue), _count(Area), _count(CbsImport)) == before
    assert db.session.scalar(
        select(IndicatorValue.value).join(Area, Area.id == IndicatorValue.area_id)
        .where(Area.code == "GM0518", IndicatorValue.indicator_key == "population")) == 537_833


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "The file is empty."),
    (b"   \r\n", "The file is empty."),
    (b"PK\x03\x04rest-of-a-workbook", "not CSV: save the sheet as CSV first"),
    (b'{"type": "FeatureCollection"}', "This is JSON"),
    (b"naam;aantal\nDrunen;5\n", "No column with CBS area codes or names was found"),
])
def test_files_that_are_no_cbs_csv_are_refused_with_a_reason(client, admin, data, expected):
    response = _upload(client, data, "bestand.csv", "2019")
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True)
    assert _count(IndicatorValue) == 0 and _count(CbsImport) == 0


def test_the_form_asks_for_a_file(client, admin):
    response = client.post("/admin/figures/import", data={"year": "2019"},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a file." in response.get_data(as_text=True)


def test_only_platform_admins_import(client, auth, make):
    org = make.org()
    org_admin = make.user(org, "admin")
    assert client.get("/admin/figures/import").status_code == 302  # to the log-in page
    auth.login(org_admin.email)
    assert client.get("/admin/figures/import").status_code == 403
    assert client.get("/admin/figures").status_code == 403
    assert _upload(client, _den_haag(), DEN_HAAG_2019, "2019").status_code == 403
    assert _count(IndicatorValue) == 0


def test_the_admin_pages_link_to_the_import(client, admin):
    page = client.get("/admin/organisations").get_data(as_text=True)
    assert 'href="/admin/figures/import"' in page


def test_the_national_file_imports_through_the_page(client, admin):
    response = _upload(client, path(NATIONAL_2024).read_bytes(), NATIONAL_2024, "2024")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    entry = db.session.scalar(select(CbsImport))
    assert entry.values_added == _count(IndicatorValue) > 100_000
    assert f'data-count="values_added">{entry.values_added}<' in page
    # The 2024 national file names 342 gemeenten; Heusden is among them.
    assert db.session.scalar(select(func.count()).select_from(Area)
                             .where(Area.level == "municipality")) == 342
    assert db.session.scalar(select(Area.name).where(Area.code == "GM0797")) == "Heusden"
