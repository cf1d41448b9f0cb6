"""The first journey in a real browser: log in as a worker, see home, switch to English, log out."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_worker_logs_in_switches_to_english_and_logs_out(page, make):
    org = make.org("Woonstichting De Maasoever")
    worker = make.user(org, "worker", name="Fatima El Amrani")

    page.goto(page.base_url + "/")
    page.get_by_role("link", name="Inloggen").first.click()
    page.get_by_label("E-mailadres").fill(worker.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    heading = page.get_by_role("heading", level=1)
    assert "Fatima El Amrani" in heading.inner_text()
    assert "Woonstichting De Maasoever" in page.locator("main").inner_text()

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Good to see you" in page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="Fatima El Amrani").click()
    page.get_by_role("button", name="Log out").click()
    assert page.get_by_role("heading", name="Log in").is_visible()
    assert "You are logged out." in page.locator("main").inner_text()


def test_wrong_password_in_the_browser(page, make):
    worker = make.user()
    page.goto(page.base_url + "/login")
    page.get_by_label("E-mailadres").fill(worker.email)
    page.get_by_label("Wachtwoord").fill("helemaal fout")
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("alert").inner_text() == "Het e-mailadres of wachtwoord klopt niet."
    assert page.get_by_role("heading", name="Inloggen").is_visible()
