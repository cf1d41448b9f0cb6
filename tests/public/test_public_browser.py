"""In a real browser (the issue's "Must show"): a manager publishes a resident summary, an
anonymous visitor finds the neighbourhood on the public site and reads it; the manager
unpublishes it and it is gone."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser_fixtures import log_in, log_out
from wwidw.extensions import db
from wwidw.interventions.services import Viewer
from wwidw.monitor import services
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

pytestmark = pytest.mark.browser

TITLE = "Buurtkamer Braken-West"
TEXT = "Elke week is de buurtkamer open. In januari kwamen er 48 bezoekers."


def test_a_published_summary_appears_and_goes_away(page, make):
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Braken-West")], 2024)
    org = make.org("Woonstichting De Maasoever")
    manager = make.user(org, "manager", name="Pieter Jansen")
    intervention = make.intervention(org, author=manager, title=TITLE, visibility="public",
                                     start_date=date(2026, 1, 1), end_date=date(2027, 12, 31),
                                     target_groups=["residents"], areas=["BU07970101"])
    services.save_goal(db.session, Viewer.of(manager), intervention, {
        "result_type": "activity", "description": "Elke week ontmoeten bewoners elkaar",
        "indicator_name": "Bezoekers", "measure": "number", "direction": "increase",
        "baseline_value": 0.0, "targets": [(date(2026, 1, 1), date(2026, 12, 31), 600.0, "")]})
    db.session.commit()
    summary_url = page.base_url + f"/interventions/{intervention.id}/monitor/summary"

    log_in(page, manager.email)
    page.goto(summary_url)
    page.get_by_label("Samenvatting voor bewoners").fill(TEXT)
    page.get_by_label("Elke week ontmoeten bewoners elkaar").check()
    page.get_by_role("button", name="Publiceren").click()
    log_out(page, "Pieter Jansen")

    # An anonymous visitor, from the navigation bar to the neighbourhood.
    page.goto(page.base_url + "/")
    page.locator("nav").get_by_role("link", name="Voor bewoners").or_(
        page.locator("nav").get_by_role("link", name="For residents")).click()
    page.locator("#public-q").fill("Braken")
    page.locator("#public-q").press("Enter")
    page.locator("main").get_by_role("link", name="Braken-West").click()
    main = page.locator("main").inner_text()
    assert TITLE in main and "48 bezoekers" in main
    assert "Elke week ontmoeten bewoners elkaar" in main
    area_url = page.url

    log_in(page, manager.email)
    page.goto(summary_url)
    page.get_by_role("button", name="Depubliceren").click()
    log_out(page, "Pieter Jansen")

    page.goto(area_url)
    main = page.locator("main").inner_text()
    assert "Braken-West" in main and TITLE not in main and "48 bezoekers" not in main
    response = page.goto(page.base_url + f"/wijken/interventie/{intervention.id}")
    assert response.status == 404
