"""axe-core in real Chromium on every public page, on a phone and on a desktop screen: zero
violations. With ``WWIDW_SCREENSHOTS=<folder>`` the phone-size pages are also saved there, to
look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.public.conftest import PUBLISHED

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _pages(world) -> dict[str, str]:
    return {"start": "/wijken/", "search": "/wijken/?q=drunen",
            "municipality": "/wijken/GM0797", "neighbourhood": "/wijken/BU07970101",
            "empty-neighbourhood": "/wijken/BU07970102",
            "intervention": f"/wijken/interventie/{world['published'].id}"}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_public_page_has_no_axe_violations(public_world, page, viewport):
    axe = Axe()
    page.set_viewport_size(viewport)
    shots = os.environ.get("WWIDW_SCREENSHOTS")
    for name, url in _pages(public_world).items():
        page.goto(page.base_url + url)
        results = axe.run(page)
        assert results.violations_count == 0, f"{url}:\n{results.generate_report()}"
        assert results.response["passes"], "axe did not run"
        if name == "neighbourhood":
            assert PUBLISHED in page.locator("main").inner_text()
            # The chart loads (lazily, so scrolled to): a broken image has no natural width.
            page.locator("main img").scroll_into_view_if_needed()
            page.wait_for_function(
                "() => { const img = document.querySelector('main img');"
                " return img.complete && img.naturalWidth > 0; }")
        if shots and viewport is PHONE:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"public-{name}.png"), full_page=True)
        # Nothing is wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], url
