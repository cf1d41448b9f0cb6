"""The SMART effect report (HTML, PDF, Excel), the manager's conclusions and the resident
summary: what they show, who may write them, and that no other organisation reaches them."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import report, services
from wwidw.monitor.models import Goal, MonitorReport
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

TODAY = date.today()
START = TODAY - timedelta(days=300)
END = TODAY + timedelta(days=400)
TITLE = "Buurtkamer Drunen"


def _english(*users) -> None:
    # Assertions read the English msgids: the Dutch catalogue is merged separately.
    for user in users:
        user.locale = "en"
    db.session.commit()


@pytest.fixture
def world(app, make):
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Drunen-Centrum")], 2023)
    org = make.org("Woonstichting Meetbaar")
    manager, worker, reader = (make.user(org, role) for role in ("manager", "worker", "viewer"))
    _english(manager, worker, reader)
    intervention = make.intervention(
        org, author=manager, title=TITLE, start_date=START, end_date=END,
        target_groups=["residents"], areas=["BU07970101"], budget_cents=50_000_00,
        visibility="organisation")
    viewer = Viewer.of(worker)
    smart_goal = services.save_goal(db.session, viewer, intervention, {
        "result_type": "effect", "description": "Meer bewoners kennen hun buren in Drunen",
        "indicator_name": "Bewoners die buren kennen", "unit_label": "bewoners",
        "measure": "percentage", "direction": "increase", "baseline_value": 40.0,
        "baseline_date": START, "targets": [(START, END, 60.0, "")]})
    vague_goal = services.save_goal(db.session, viewer, intervention, {
        "result_type": "effect", "description": "Minder eenzaamheid onder ouderen in Drunen",
        "indicator_name": "Eenzame ouderen", "unit_label": "ouderen", "measure": "number",
        "direction": "increase", "baseline_value": None, "targets": [(START, END, 30.0, "")]})
    for days, value in ((200, 44.0), (100, 47.5), (10, 52.0)):
        services.record_measurement(db.session, viewer, smart_goal, intervention, {
            "measured_on": TODAY - timedelta(days=days), "value": value, "source": "enquête"})
    services.save_activity(db.session, viewer, intervention, {
        "activity": "Inloop", "period_start": START, "period_end": START + timedelta(days=30),
        "sessions": 4, "participants": 30, "new_participants": 30, "volunteer_hours": 12.5})
    services.save_activity(db.session, viewer, intervention, {
        "activity": "Inloop", "period_start": START + timedelta(days=31),
        "period_end": START + timedelta(days=60), "sessions": 5, "participants": 35,
        "new_participants": 10, "volunteer_hours": 10.0})
    services.add_cost(db.session, viewer, intervention, {
        "category": "personnel", "amount_cents": 3_000_00, "period_start": START,
        "period_end": START + timedelta(days=30), "funder": "Gemeente Heusden"})
    services.add_cost(db.session, viewer, intervention, {
        "category": "material", "amount_cents": 1_000_00, "period_start": START,
        "period_end": START + timedelta(days=30), "funder": "Fonds Buurt"})
    services.set_budget(db.session, viewer, intervention, "Gemeente Heusden", 40_000_00)
    db.session.commit()
    return {"org": org, "manager": manager, "worker": worker, "reader": reader,
            "intervention": intervention, "smart": smart_goal, "vague": vague_goal}


def _url(world, suffix: str = "") -> str:
    return f"/interventions/{world['intervention'].id}/monitor/{suffix}"


def test_the_report_assembles_goals_results_and_costs(world):
    data = report.build(db.session, Viewer.of(world["worker"]), world["intervention"], TODAY,
                        "en")
    smart_line, vague_line = data.goals
    assert smart_line.smart_ok and smart_line.status.code == "on_track"
    assert smart_line.latest.value == 52.0
    assert [c.letter for c in vague_line.letters if not c.ok] == ["M"]
    assert (data.results.reach, data.results.sessions) == (40, 9)
    assert data.results.volunteer_hours == 22.5
    assert data.costs.total_cents == 4_000_00 and data.costs.budget_cents == 50_000_00
    assert data.costs.per_participant_cents == 100_00  # € 4.000 / 40 people
    by_funder = {f.funder: (f.spent_cents, f.budget_cents) for f in data.costs.by_funder}
    assert by_funder == {"Gemeente Heusden": (3_000_00, 40_000_00),
                         "Fonds Buurt": (1_000_00, None)}
    # 12 points better than the baseline of 40%: € 4.000 / 12 = € 333,33 per point.
    assert smart_line.cost_per_unit_cents == 333_33 and smart_line.cost_reason is None


def test_the_report_page_shows_goals_with_smart_letters_and_status(world, client, auth):
    auth.login(world["reader"].email)
    response = client.get(_url(world, "report"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    page = response.get_data(as_text=True)
    assert TITLE in page and "Meer bewoners kennen hun buren in Drunen" in page
    assert 'S<span class="visually-hidden"> Specific met' in page
    assert 'Measurable not met' in page and "Give the baseline" in page
    assert "On track" in page and "No data" in page
    # A viewer reads the conclusions but gets no form to write them.
    assert "Save the conclusions" not in page


def test_cost_per_unit_of_effect_says_why_it_is_undefined(world, client, auth):
    viewer = Viewer.of(world["worker"])
    services.record_measurement(db.session, viewer, world["vague"], world["intervention"], {
        "measured_on": TODAY - timedelta(days=5), "value": 12.0})
    world["vague"].baseline_value = 20.0  # worse than the start: nothing improved
    db.session.commit()
    auth.login(world["manager"].email)
    page = client.get(_url(world, "report")).get_data(as_text=True)
    assert "nothing has improved yet" in page
    assert "€ 333,33" in page or "€333.33" in page


def test_the_pdf_is_a_pdf_with_the_title(world, client, auth):
    auth.login(world["worker"].email)
    response = client.get(_url(world, "report.pdf"))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.data.startswith(b"%PDF")
    # matplotlib writes the Info dictionary uncompressed.
    assert f"/Title ({TITLE})".encode() in response.data
    assert len(re.findall(rb"/Type /Page\b", response.data)) >= 2


def test_the_workbook_has_the_underlying_data(world, client, auth):
    auth.login(world["worker"].email)
    response = client.get(_url(world, "report.xlsx"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    sheets = pd.read_excel(io.BytesIO(response.data), sheet_name=None)
    assert list(sheets) == ["Goals", "Measurements", "Activities", "Costs", "Budgets"]
    measurements = sheets["Measurements"]
    assert sorted(measurements["Value"]) == [44.0, 47.5, 52.0]
    assert len(sheets["Goals"]) == 2 and len(sheets["Activities"]) == 2
    assert sheets["Budgets"]["Budget (euro)"].tolist()[0] == 40_000


def test_a_manager_writes_the_conclusions(world, client, auth):
    auth.login(world["manager"].email)
    page = client.get(_url(world, "report")).get_data(as_text=True)
    assert "Save the conclusions" in page
    response = client.post(_url(world, "report/conclusions"),
                           data={"conclusions": "Het **werkt**: meer buren kennen elkaar."})
    assert response.status_code == 302
    texts = db.session.scalar(select(MonitorReport))
    assert texts.conclusions == "Het **werkt**: meer buren kennen elkaar."
    page = client.get(_url(world, "report")).get_data(as_text=True)
    assert "<strong>werkt</strong>" in page


@pytest.mark.parametrize("role", ["worker", "reader"])
def test_workers_and_viewers_may_not_write_conclusions(world, client, auth, role):
    auth.login(world[role].email)
    response = client.post(_url(world, "report/conclusions"), data={"conclusions": "Klaar."})
    assert response.status_code == 403
    assert db.session.scalar(select(MonitorReport)) is None
    assert client.get(_url(world, "summary")).status_code == 403


def test_another_organisation_gets_404_on_every_report_url(world, client, auth, make):
    stranger = make.user(make.org("Vreemde Vogels"), "admin")
    auth.login(stranger.email)
    for method, suffix in (("GET", "report"), ("GET", "report.pdf"), ("GET", "report.xlsx"),
                           ("POST", "report/conclusions"), ("GET", "summary"),
                           ("POST", "summary")):
        response = client.open(_url(world, suffix), method=method,
                               data={"conclusions": "x", "summary": "x", "action": "publish"})
        assert response.status_code == 404, (method, suffix)
        assert TITLE.encode() not in response.data
    assert db.session.scalar(select(MonitorReport)) is None


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    assert client.get(_url(world, "report.pdf")).status_code == 302


def _preview(page: str) -> str:
    return page.split('id="preview"', 1)[1]


def test_the_resident_summary_shows_only_ticked_goals_and_toggles(world, client, auth):
    auth.login(world["manager"].email)
    smart_goal, vague_goal = world["smart"], world["vague"]
    response = client.post(_url(world, "summary"), data={
        "summary": "We openden een *buurtkamer*.", "goals": [str(smart_goal.id)],
        "action": "save"})
    assert response.status_code == 302
    db.session.expire_all()  # the request saved through its own session
    assert db.session.get(Goal, smart_goal.id).public is True
    assert db.session.get(Goal, vague_goal.id).public is False
    preview = _preview(client.get(_url(world, "summary")).get_data(as_text=True))
    assert "<em>buurtkamer</em>" in preview
    assert "Goal: Meer bewoners kennen hun buren in Drunen — on schedule" in preview
    assert "Minder eenzaamheid" not in preview
    assert "Not published" in client.get(_url(world, "summary")).get_data(as_text=True)

    client.post(_url(world, "summary"), data={
        "summary": "We openden een *buurtkamer*.", "goals": [str(smart_goal.id)],
        "action": "publish"})
    texts = db.session.scalar(select(MonitorReport))
    assert texts.resident_summary_published and texts.published_at is not None
    client.post(_url(world, "summary"), data={
        "summary": "We openden een *buurtkamer*.", "goals": [str(smart_goal.id)],
        "action": "unpublish"})
    db.session.refresh(texts)
    assert not texts.resident_summary_published and texts.published_at is None


def test_an_empty_summary_is_not_published(world, client, auth):
    auth.login(world["manager"].email)
    response = client.post(_url(world, "summary"), data={"summary": " ", "action": "publish"})
    assert response.status_code == 400
    assert "Write the summary before publishing it." in response.get_data(as_text=True)
    texts = db.session.scalar(select(MonitorReport))
    assert texts is None or not texts.resident_summary_published


def test_an_intervention_without_period_goals_or_data_still_reports(app, make, client, auth):
    org = make.org("Woonstichting Leeg")
    admin = make.user(org, "admin")
    intervention = make.intervention(org, author=admin, title="Nog niets gemeten")
    auth.login(admin.email)
    base = f"/interventions/{intervention.id}/monitor/"
    for suffix in ("report", "report.pdf", "report.xlsx", "summary"):
        response = client.get(base + suffix)
        assert response.status_code == 200, suffix
    assert client.get(base + "report.pdf").data.startswith(b"%PDF")
