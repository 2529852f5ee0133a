"""The network view in a real browser, against the real API with the sample.

Debian's Chromium (``/usr/bin/chromium``) is driven by Playwright; Playwright
cannot download a browser here. Where Chromium or the built page is missing
the test skips and says why, unless ``KG_REQUIRE_BROWSER=1`` (CI) makes
that a failure. Each run leaves a screenshot in ``tests/artifacts/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.routers.ui import UI_BUILT

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
WAIT_MS = 20_000


def _missing() -> str | None:
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not (UI_BUILT / "index.html").is_file():
        return f"the network view is not built in {UI_BUILT} (make ui)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    missing = _missing()
    if missing and os.environ.get("KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KG_REQUIRE_BROWSER=1, but {missing}")
    if missing:
        pytest.skip(f"browser test not run: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Root in a container has no user namespaces for Chromium's sandbox.
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()


def _click_person(page: object, person_id: str) -> None:
    """Click where Cytoscape drew the person, as a user would."""
    x, y = page.evaluate(  # type: ignore[attr-defined]
        "id => { const p = window.cy.getElementById(id).renderedPosition();"
        " return [p.x, p.y]; }",
        person_id,
    )
    box = page.locator("#graph").bounding_box()  # type: ignore[attr-defined]
    page.mouse.click(box["x"] + x, box["y"] + y)  # type: ignore[attr-defined]


def _page_showing_ko(browser: object, client: httpx.Client) -> Any:
    """The view, after a search for Jongwoo Ko drew his 27-person network."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{client.base_url}/")
    page.fill("#name", "Jongwoo Ko")
    page.click("#search button")
    page.wait_for_selector("#graph[data-nodes='27']", state="attached")
    return page


def test_network_view_searches_filters_by_year_and_compares_two_people(
    browser: object, client: httpx.Client
) -> None:
    page = _page_showing_ko(browser, client)
    assert page.text_content("#counts") == "27 people, 87 collaborations"
    assert page.text_content("#title") == "Jongwoo Ko"

    # Drag the start of the year range to its end: 2025 only.
    page.focus("#from-year")
    page.keyboard.press("End")
    page.wait_for_selector("#graph[data-years='2025-2025']", state="attached")
    assert page.get_attribute("#graph", "data-nodes") == "18"
    assert page.text_content("#counts") == "18 people, 59 collaborations"

    _click_person(page, "jongwoo_ko")
    _click_person(page, "sungnyun_kim")
    page.wait_for_selector("#shared:not([hidden])")
    assert page.text_content("#shared-title") == (
        "6 coauthors shared by Jongwoo Ko and Sungnyun Kim"
    )
    rows = page.locator("#shared-rows tr").all_inner_texts()
    assert rows[0].split("\t") == ["Se-Young Yun", "2025", "2025"]

    # The API draws the person's topic drift, and the page shows its chart.
    page.wait_for_selector("#drift:not([hidden])")
    chart = page.locator("#drift-chart")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")

    ARTIFACTS.mkdir(exist_ok=True)
    store = client.get("/health").headers["X-KG-Store"].split()[0]
    page.screenshot(path=str(ARTIFACTS / f"network-view-{store}.png"))
    page.close()


def test_network_view_search_that_finds_no_one_clears_the_last_network(
    browser: object, client: httpx.Client
) -> None:
    page = _page_showing_ko(browser, client)

    page.fill("#name", "Nobody Atall")
    page.click("#search button")
    page.wait_for_selector("#error:not([hidden])")

    assert page.text_content("#error") == 'No one is named like "Nobody Atall".'
    assert page.evaluate("window.cy.elements().length") == 0
    assert page.is_hidden("#controls") and page.is_hidden("#drift")
    page.close()
