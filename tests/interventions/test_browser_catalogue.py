"""The catalogue journey in a real browser: describe with a resumed draft, publish to the
community, and a member of another organisation finds it by another word form, filtered."""

from __future__ import annotations

import pytest

from tests.browser_fixtures import log_in, log_out

pytestmark = pytest.mark.browser



def test_describe_publish_and_find_by_another_word_form(page, make):
    own = make.org("Woonstichting De Maasoever")
    peer = make.org("Stichting Welzijn Langstraat")
    worker = make.user(own, "worker", name="Fatima El Amrani")
    searcher = make.user(peer, "worker", name="Yusuf Demir")
    make.intervention(peer, title="Taalles op school", themes=["youth"])  # same word, other theme

    log_in(page, worker.email)
    page.get_by_role("link", name="Beschrijf een interventie").first.click()
    page.get_by_label("Naam van de interventie").fill("Taalcafé De Linde")
    page.get_by_label("Samenvatting").fill("Elke week oefenen nieuwkomers Nederlands met buren.")
    page.get_by_label("Taal en meedoen").check()
    page.get_by_role("button", name="Opslaan en verder").click()

    # Step 2, then leave: the draft is kept.
    page.get_by_label("Aanleiding (probleem)").fill(
        "Veel nieuwkomers in de buurt spreken nog weinig Nederlands en kennen hun buren niet, "
        "waardoor ze moeilijk meedoen en zich alleen voelen.")
    page.get_by_role("button", name="Opslaan en later verder").click()
    assert "Concept" in page.locator("main").inner_text()

    # Resume from the start page.
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Taalcafé De Linde").click()
    page.get_by_role("link", name="Bewerken").click()
    assert "Elke week oefenen nieuwkomers" in page.get_by_label("Samenvatting").input_value()
    page.get_by_role("link", name="Afronden en publiceren").click()
    page.get_by_label("Aangesloten organisaties (community)").check()
    page.get_by_role("button", name="Opslaan en publiceren").click()
    assert "Taalcafé De Linde" in page.get_by_role("heading", level=1).inner_text()
    assert "Concept" not in page.locator("main .badge-draft").all_inner_texts()

    log_out(page, "Fatima El Amrani")

    log_in(page, searcher.email)
    page.get_by_role("link", name="Catalogus", exact=True).click()
    page.get_by_label("Zoek interventies").fill("taalcafés")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    # Ticking a filter applies it at once (the button is there for visitors without JavaScript).
    with page.expect_navigation():
        page.locator("aside").get_by_label("Taal en meedoen").check()
    assert "theme=language_integration" in page.url
    results = page.locator("main article")
    assert results.count() == 1
    assert "Taalcafé De Linde" in results.first.inner_text()
    assert "1 interventie gevonden" in page.locator("main").inner_text()
