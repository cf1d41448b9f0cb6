"""In a real browser: a worker sets up goals (one read from neighbourhood figures) and records a
month through quick entry; a manager reads the SMART report, downloads its PDF and writes the
summary for residents."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser_fixtures import log_in, log_out
from wwidw.extensions import db
from wwidw.neighbourhoods.models import Area, IndicatorValue
from wwidw.neighbourhoods.services import AreaRecord, upsert_areas

pytestmark = pytest.mark.browser

TITLE = "Buurtkamer Braken-West"


def test_goals_quick_entry_report_pdf_and_summary(page, make, tmp_path):
    upsert_areas(db.session, [AreaRecord("GM0797", "Heusden"), AreaRecord("WK079701", "Drunen"),
                              AreaRecord("BU07970101", "Braken-West")], 2024)
    area_id = db.session.query(Area.id).filter_by(code="BU07970101").scalar()
    db.session.add(IndicatorValue(area_id=area_id, indicator_key="neighbourhood_grade",
                                  year=2025, value=6.8))
    org = make.org("Woonstichting De Maasoever")
    worker = make.user(org, "worker", name="Fatima El Amrani")
    manager = make.user(org, "manager", name="Pieter Jansen")
    intervention = make.intervention(org, author=worker, title=TITLE,
                                     start_date=date(2026, 1, 1), end_date=date(2027, 12, 31),
                                     target_groups=["residents"], areas=["BU07970101"],
                                     budget_cents=40_000_00)
    db.session.commit()

    log_in(page, worker.email)
    page.goto(page.base_url + f"/interventions/{intervention.id}")
    page.get_by_role("link", name="Open de monitor").click()
    # A goal read from the neighbourhood figures of Braken-West.
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Soort resultaat").select_option("effect")
    page.get_by_label("Doel", exact=True).fill(
        "Bewoners van Braken-West waarderen hun buurt hoger")
    page.get_by_label("Indicator", exact=True).fill("Rapportcijfer buurt")
    page.get_by_label("Gemeten als").select_option("score")
    page.get_by_label("Gebied (CBS-code)").fill("BU07970101")
    page.get_by_label("Buurtcijfer").select_option("neighbourhood_grade")
    page.get_by_label("Streefwaarde 1 van").fill("2026-01-01")
    page.get_by_label("Streefwaarde 1 tot").fill("2027-12-31")
    page.get_by_label("Streefwaarde 1 waarde").fill("7,2")
    page.get_by_role("button", name="Doel opslaan").click()
    assert "Het doel is opgeslagen." in page.locator("main").inner_text()
    assert "afgelezen aan buurtcijfers van Braken-West" in page.locator("main").inner_text()
    # A goal counted by the workers themselves.
    page.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Soort resultaat").select_option("activity")
    page.get_by_label("Doel", exact=True).fill(
        "Elke week ontmoeten bewoners elkaar in de buurtkamer")
    page.get_by_label("Indicator", exact=True).fill("Bezoekers")
    page.get_by_label("Eenheid").fill("bezoekers")
    page.get_by_label("Nulmeting", exact=True).fill("0")
    page.get_by_label("Streefwaarde 1 van").fill("2026-01-01")
    page.get_by_label("Streefwaarde 1 tot").fill("2026-12-31")
    page.get_by_label("Streefwaarde 1 waarde").fill("600")
    page.get_by_role("button", name="Doel opslaan").click()

    page.get_by_role("link", name="Maand invullen").click()
    page.get_by_label("Waarde: Bezoekers").fill("48")
    page.get_by_label("Nieuwe activiteit 1", exact=True).fill("Inloopochtend")
    page.get_by_label("Bijeenkomsten: Nieuwe activiteit 1").fill("4")
    page.get_by_label("Deelnemers: Nieuwe activiteit 1", exact=True).fill("48")
    page.get_by_label("Kostensoort: Kostenpost 1").select_option("personnel")
    page.get_by_label("Bedrag (€): Kostenpost 1").fill("1.250,00")
    page.get_by_label("Financier: Kostenpost 1").fill("Gemeente Heusden")
    page.locator("button[type=submit]", has_text="opslaan").last.click()
    main = page.locator("main").inner_text()
    assert "opgeslagen" in main
    page.get_by_role("link", name="Monitoring").first.click()
    main = page.locator("main").inner_text()
    assert "Uitgegeven: € 1.250,00" in main
    assert "Bereikt: 48 mensen" in main
    log_out(page, "Fatima El Amrani")

    log_in(page, manager.email)
    page.goto(page.base_url + f"/interventions/{intervention.id}/monitor")
    page.get_by_role("link", name="SMART-rapportage").click()
    report = page.locator("main").inner_text()
    assert "Rapportcijfer buurt" in report and "Bezoekers" in report
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden (met grafieken)").click()
    pdf = tmp_path / "rapport.pdf"
    download_info.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert TITLE.encode() in data

    page.goto(page.base_url + f"/interventions/{intervention.id}/monitor")
    page.get_by_role("link", name="Samenvatting voor bewoners").click()
    page.get_by_label("Samenvatting voor bewoners").fill(
        "Elke week is de buurtkamer open. In januari kwamen er 48 bezoekers.")
    page.get_by_label("Elke week ontmoeten bewoners elkaar in de buurtkamer").check()
    page.get_by_role("button", name="Publiceren").click()
    summary = page.locator("main").inner_text()
    assert "48 bezoekers" in summary
