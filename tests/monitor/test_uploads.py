"""Uploading activity records and measurements as CSV or Excel: every bad row named with its
row number, all or nothing, a second upload correcting rather than duplicating, and example
files that upload cleanly."""

from __future__ import annotations

import io
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import services
from wwidw.monitor.models import ActivityRecord, Measurement, MeasurementChange
from wwidw.tabular import parse_date, parse_number

ACTIVITIES = (
    "\ufeffperiode_start;periode_eind;activiteit;bijeenkomsten;deelnemers;nieuwe_deelnemers;"
    "vrijwilligers;vrijwilligersuren;beroepskrachturen\n"
    "2025-03-01;2025-03-31;Taalcafé;4;23;5;3;7,5;8\n"
    "01-04-2025;30-04-2025;Taalcafé;4;25;2;3;8;8\n"
    "2025-03-01;2025-03-31;Buurtmaaltijd;2;31;;6;18;\n"
)


@pytest.fixture
def world(app, make, auth):
    org, other = make.org("Woonstichting Meetbaar"), make.org("Vreemde Vogels")
    worker = make.user(org, "worker")
    people = SimpleNamespace(worker=worker, viewer=make.user(org, "viewer"),
                             stranger=make.user(other, "admin"))
    for user in (people.worker, people.viewer, people.stranger):
        user.locale = "en"  # assertions read the English source strings
    db.session.commit()
    people.intervention = make.intervention(
        org, author=worker, title="Buurtkamer Drunen", start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31))
    viewer = Viewer.of(worker)
    targets = [(date(2025, 1, 1), date(2025, 12, 31), 60.0, "")]
    people.percentage = services.save_goal(db.session, viewer, people.intervention, {
        "result_type": "effect", "description": "Meer bewoners kennen hun buren",
        "indicator_name": "Bewoners die buren kennen", "measure": "percentage",
        "direction": "increase", "baseline_value": 40.0, "targets": targets})
    people.count = services.save_goal(db.session, viewer, people.intervention, {
        "result_type": "activity", "description": "Bezoekers in de buurtkamer",
        "indicator_name": "Bezoekers", "measure": "number", "direction": "increase",
        "baseline_value": 0.0, "targets": targets})
    db.session.commit()
    auth.login(worker.email)
    return people


def _upload(client, world, data: bytes | str, name: str = "resultaten.csv"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return client.post(f"/interventions/{world.intervention.id}/monitor/upload",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (ActivityRecord, Measurement, MeasurementChange))


def _errors(page: str) -> list[int]:
    """The row numbers the error table names, in order."""
    import re

    return [int(row) for row in re.findall(r'<tr data-row="(\d+)">', page)]


def test_a_good_activities_file_saves_every_row(client, world):
    response = _upload(client, world, ACTIVITIES)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/interventions/{world.intervention.id}"
                                                 "/monitor")
    records = db.session.scalars(select(ActivityRecord).order_by(
        ActivityRecord.period_start, ActivityRecord.activity)).all()
    assert [(r.activity, r.period_start, r.participants, r.new_participants,
             r.volunteer_hours) for r in records] == [
        ("Buurtmaaltijd", date(2025, 3, 1), 31, None, 18.0),
        ("Taalcafé", date(2025, 3, 1), 23, 5, 7.5),
        ("Taalcafé", date(2025, 4, 1), 25, 2, 8.0)]
    page = client.get(f"/interventions/{world.intervention.id}/monitor/upload").get_data(
        as_text=True)
    assert "3 activity rows are saved: 3 added, 0 changed, 0 already up to date." in page
    # The same file again changes nothing; a corrected one updates, never duplicates.
    assert _upload(client, world, ACTIVITIES).status_code == 302
    assert _upload(client, world, ACTIVITIES.replace(";23;", ";24;")).status_code == 302
    assert _counts()[0] == 3
    assert db.session.scalar(select(ActivityRecord.participants).where(
        ActivityRecord.period_start == date(2025, 3, 1),
        ActivityRecord.activity == "Taalcafé")) == 24


def test_a_good_measurements_file_in_english_saves_every_row(client, world):
    text = ("goal,date,value,source,note,remark\n"
            f"{world.percentage.id},2025-03-31,42.5,Panel,,x\n"
            "bezoekers,31-03-2025,\"1,200\",Turflijst,Drukke maand,\n")
    response = _upload(client, world, text)
    assert response.status_code == 302
    values = db.session.execute(select(Measurement.goal_id, Measurement.value,
                                       Measurement.measured_on).order_by(Measurement.goal_id))
    assert values.all() == [(world.percentage.id, 42.5, date(2025, 3, 31)),
                            (world.count.id, 1.2, date(2025, 3, 31))]
    page = client.get(f"/interventions/{world.intervention.id}/monitor").get_data(as_text=True)
    assert "Columns not read: remark." in page


def test_a_second_upload_corrects_with_history(client, world):
    text = "doel;datum;waarde\nBewoners die buren kennen;2025-03-31;42,5\n"
    assert _upload(client, world, text).status_code == 302
    assert _upload(client, world, text).status_code == 302
    assert _counts() == (0, 1, 0)
    assert _upload(client, world, text.replace("42,5", "44")).status_code == 302
    assert _counts() == (0, 1, 1)
    assert db.session.scalar(select(Measurement.value)) == 44.0
    assert db.session.scalar(select(MeasurementChange.old_value)) == 42.5


def test_a_csv_with_bad_rows_names_each_row_and_saves_nothing(client, world):
    text = ACTIVITIES + (
        "2025-05-01;2025-05-31;Taalcafé;4;veel;2;3;8;8\n"  # row 5: a word for a number
        "2026-01-01;2026-01-31;Taalcafé;4;20;2;3;8;8\n"  # row 6: after the period
        "2025-05-01;2025-05-31;Buurtmaaltijd;-2;20;2;3;8;8\n"  # row 7: negative
        "2025-05-01;2025-05-31;Koken;2;10;12;3;8;8\n"  # row 8: more new than all
        "31-05-2025;2025-05-01;Koken;2;10;1;3;8;8\n"  # row 9: ends before it starts
        "2025-02-30;2025-03-31;Koken;1,5;10;1;3;8;8\n"  # row 10: no such day; 1,5 sessions
        "2025-03-01;2025-03-31;Taalcafé;1;1;1;1;1;1\n"  # row 11: a second row of row 2
    )
    before = _counts()
    response = _upload(client, world, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert _counts() == before
    assert _errors(page) == [5, 6, 7, 8, 9, 10, 10, 11]
    assert "“veel” is not a number" in page
    assert "lies outside the intervention&#39;s period" in page
    assert "A number of people, sessions or hours is not negative." in page
    assert "There cannot be more new participants than participants." in page
    assert "A period ends after it starts." in page
    assert "“2025-02-30” is not a date" in page and "“1,5” is not a whole number." in page
    assert "Row 2 already gives Taalcafé for this period." in page
    assert "Nothing was saved." in page


def test_measurement_rows_name_the_unknown_goal_and_the_date_outside(client, world):
    text = ("doel;datum;waarde;bron;toelichting\n"
            "Bewoners die buren kennen;2025-03-31;42,5;;\n"
            "Eenzaamheid;2025-03-31;12;;\n"  # row 3: no such goal
            "Bezoekers;2024-12-31;120;;\n"  # row 4: before the intervention
            "Bewoners die buren kennen;2025-04-30;120;;\n"  # row 5: not a percentage
            "Bezoekers;;12a;;\n")  # row 6: no date, no number
    before = _counts()
    response = _upload(client, world, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and _counts() == before
    assert _errors(page) == [3, 4, 5, 6, 6]
    assert "Unknown goal “Eenzaamheid”" in page
    assert "2024-12-31 lies outside the intervention&#39;s period" in page
    assert "A percentage lies between 0 and 100." in page
    assert "The date is empty." in page and "“12a” is not a number" in page


def test_markup_in_a_cell_is_shown_as_text(client, world):
    # Messages are lazy strings, which Jinja would otherwise take as safe HTML.
    page = _upload(client, world, "doel;datum;waarde\n<b>x</b>;2025-03-31;1\n").get_data(
        as_text=True)
    assert "“&lt;b&gt;x&lt;/b&gt;”" in page and "<b>x</b>" not in page


def test_an_excel_file_with_a_bad_row_saves_nothing_and_a_good_one_everything(client, world):
    header = ["doel", "datum", "waarde", "bron"]
    good = [header, ["Bezoekers", datetime(2025, 3, 31), 120, "Turflijst"],
            [world.percentage.id, "30-04-2025", 43.5, None], [None, None, None, None],
            ["Bezoekers", datetime(2025, 4, 30), "130", None]]
    bad = [*good, ["Bezoekers", datetime(2025, 5, 31), "honderd", None]]
    before = _counts()
    response = _upload(client, world, _xlsx(bad), "resultaten.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and _counts() == before
    # The empty row 4 still counts, as in Excel.
    assert _errors(page) == [6] and "“honderd” is not a number" in page
    assert _upload(client, world, _xlsx(good), "resultaten.xlsx").status_code == 302
    assert db.session.scalars(select(Measurement.value).order_by(Measurement.id)).all() == [
        120.0, 43.5, 130.0]


def test_a_file_of_neither_kind_or_without_rows_is_refused(client, world):
    for text, message in (
            ("gebiedscode;indicator;jaar;waarde\nGM0797;x;2024;1\n", "does not name the columns"),
            ("doel;waarde\nBezoekers;12\n", "The file has no column datum."),
            ("activiteit;periode_start;periode_eind\n", "a header but no rows"),
            ("", "The file is empty.")):
        response = _upload(client, world, text)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True), message
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize("kind", ["activities", "measurements"])
def test_the_example_files_upload_cleanly(client, world, kind):
    response = client.get(f"/interventions/{world.intervention.id}/monitor/upload/"
                          f"example-{kind}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    assert _upload(client, world, data).status_code == 302
    assert _counts()[0 if kind == "activities" else 1] == 2


def test_a_viewer_may_not_upload_and_an_outsider_sees_nothing(client, world, auth):
    base = f"/interventions/{world.intervention.id}/monitor/upload"
    auth.logout()
    auth.login(world.viewer.email)
    assert client.get(base).status_code == 403
    assert _upload(client, world, ACTIVITIES).status_code == 403
    # The example files show nothing a viewer may not read.
    assert client.get(f"{base}/example-measurements.csv").status_code == 200
    auth.logout()
    auth.login(world.stranger.email)
    for response in (client.get(base), _upload(client, world, ACTIVITIES),
                     client.get(f"{base}/example-activities.csv"),
                     client.get(f"{base}/example-measurements.csv")):
        assert response.status_code == 404
        assert "Bewoners die buren kennen" not in response.get_data(as_text=True)
    assert client.get(f"{base}/example-other.csv").status_code == 404
    assert _counts() == (0, 0, 0)


def test_cells_as_people_type_them():
    assert parse_date("2025-03-31") == parse_date("31-03-2025") == date(2025, 3, 31)
    assert parse_date("31/3/2025") == date(2025, 3, 31)
    assert parse_date(datetime(2025, 3, 31, 0, 0)) == date(2025, 3, 31)
    assert parse_date("2025-02-30") is None and parse_date("maart") is None
    assert parse_number("7,5") == (7.5, True) and parse_number("1.234,5") == (1234.5, True)
    assert parse_number("") == (None, True) and parse_number("7a") == (None, False)
