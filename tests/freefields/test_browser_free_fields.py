"""In a real browser: an admin makes a choice question and a program line, a worker answers the
question in the wizard, and the admin filters by the answer and downloads it as Excel."""

from __future__ import annotations

import openpyxl
import pytest

from tests.browser_fixtures import log_in, log_out

pytestmark = pytest.mark.browser




def test_admin_field_worker_answer_filter_and_excel(page, make, tmp_path):
    org = make.org("Woonstichting De Maasoever")
    admin = make.user(org, "admin", name="Anja de Vries")
    worker = make.user(org, "worker", name="Fatima El Amrani")
    intervention = make.intervention(org, title="Portiekgesprekken Vliedberg", author=worker)
    make.intervention(org, title="Klushuizen Drunen")

    log_in(page, admin.email)
    page.get_by_role("link", name="Mijn organisatie", exact=True).click()
    page.get_by_role("link", name="Eigen vragen").click()
    page.get_by_role("link", name="Vraag toevoegen").click()
    page.get_by_label("Vraag (Nederlands)").fill("Strategische pijler")
    page.get_by_label("Soort antwoord").select_option(label="Keuze (één antwoord)")
    page.get_by_label("Keuzes toevoegen").fill("Betaalbaar wonen\nThuis in de wijk")
    page.get_by_role("button", name="Opslaan").click()
    assert "De vraag is opgeslagen." in page.locator("main").inner_text()

    page.get_by_role("link", name="Woonstichting De Maasoever").first.click()
    page.get_by_role("link", name="Programmalijnen").click()
    page.get_by_label("Naam", exact=True).fill("Prettig wonen")
    page.get_by_role("button", name="Toevoegen").click()
    assert "Programmalijn Prettig wonen is toegevoegd." in page.locator("main").inner_text()
    log_out(page, "Anja de Vries")

    log_in(page, worker.email)
    page.goto(page.base_url + f"/interventions/{intervention.id}")
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_role("link", name="Eigen vragen").click()
    page.get_by_label("Strategische pijler").select_option(label="Thuis in de wijk")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.get_by_label("Prettig wonen").check()
    page.get_by_role("button", name="Opslaan en later verder").click()
    main = page.locator("main").inner_text()
    assert "Thuis in de wijk" in main and "Prettig wonen" in main
    log_out(page, "Fatima El Amrani")

    log_in(page, admin.email)
    page.get_by_role("link", name="Catalogus", exact=True).click()
    with page.expect_navigation():
        page.locator("aside").get_by_label("Thuis in de wijk").check()
    assert "1 interventie gevonden" in page.locator("main").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel").click()
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert len(rows) == 2
    assert rows[1][header.index("Titel")] == "Portiekgesprekken Vliedberg"
    assert rows[1][header.index("Strategische pijler")] == "Thuis in de wijk"
    assert rows[1][header.index("Programmalijnen")] == "Prettig wonen"
