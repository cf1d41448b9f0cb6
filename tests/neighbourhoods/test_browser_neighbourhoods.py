"""In a real browser: a platform admin imports two CBS files and reads a district's factsheet
with its trend chart; a manager composes a selection model and reads the ranking."""

from __future__ import annotations

import pytest

from tests.browser_fixtures import log_in, log_out
from tests.neighbourhoods.figures_fixtures import SHIPPED
from tests.neighbourhoods.test_cbs_reader import DEN_HAAG_2019, path

pytestmark = pytest.mark.browser


def test_import_factsheet_and_selection_model(page, make):
    admin = make.user(platform_admin=True, name="Petra Platform")
    housing = make.org("Haag Wonen")
    # Organisations created by the factory work in Heusden; this one works in Den Haag.
    housing.municipality_codes = "GM0518"
    manager = make.user(housing, "manager", name="Mohamed Manager")
    from wwidw.extensions import db

    db.session.commit()

    log_in(page, admin.email)
    for file, year in ((path(DEN_HAAG_2019), "2019"), (SHIPPED / "kwb_2024_den_haag.csv", "2024")):
        page.get_by_role("link", name="Platformbeheer").first.click()
        page.get_by_role("link", name="CBS-cijfers importeren").click()
        page.get_by_label("CBS-bestand (CSV)").set_input_files(str(file))
        page.get_by_label("Jaar").fill(year)
        page.get_by_role("button", name="Importeren").click()
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == f"Importverslag: {file.name}"

    page.get_by_role("link", name="Buurten", exact=True).click()
    page.get_by_label("Zoek een gebied op naam, postcode of CBS-code").fill("Wijk 28")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Wijk 28 Centrum").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Wijk 28 Centrum"
    chart = page.locator("#trends-title ~ .row img").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=chart.element_handle())
    assert "Aantal inwoners in Wijk 28 Centrum" in chart.get_attribute("alt")
    assert "Bron: CBS" in page.locator("main").inner_text()
    log_out(page, "Petra Platform")

    log_in(page, manager.email)
    page.get_by_role("link", name="Mijn organisatie", exact=True).click()
    page.get_by_role("link", name="Wijkselectiemodellen").click()
    page.get_by_role("link", name="Nieuw wijkselectiemodel").click()
    page.get_by_label("Naam", exact=True).fill("Armoede eerst")
    page.get_by_label("Gemeente").select_option("GM0518")
    page.get_by_label("Te rangschikken").select_option("district")
    page.get_by_label("Indicator 1", exact=True).select_option("households_low_income")
    page.get_by_label("Gewicht van indicator 1").select_option("3")
    page.get_by_label("Indicator 2", exact=True).select_option("vacant_dwellings_pct")
    page.get_by_role("button", name="Opslaan en rangorde tonen").click()
    main = page.locator("main").inner_text()
    assert "Het wijkselectiemodel Armoede eerst is opgeslagen." in main
    first = page.locator("table.ranking-table tbody tr").first.inner_text()
    assert first.startswith("1\t")
    assert page.locator("table.ranking-table tbody tr").count() == 44
    ranking_chart = page.get_by_role("img", name="Score per gebied", exact=False)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=ranking_chart.element_handle())
