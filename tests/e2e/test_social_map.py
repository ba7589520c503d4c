"""Journeys on the sociale kaart: a resident without an account, on a laptop and on a phone, and a
professional filtering the professional view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from samenkracht.demo import network_data
from tests.e2e.conftest import sign_in_as_demo

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
HUIZEN_POSTCODE = next(n["postcode"] for n in network_data.NEIGHBOURHOODS["Huizen"] if n.get("postcode"))


@pytest.fixture
def demo_social_map(demo_network) -> dict[str, int]:
    from samenkracht.demo.socialmap_loader import build_demo_social_map

    return build_demo_social_map()


def search_vergeetachtig_near_huizen(page) -> None:
    page.goto("/sociale-kaart/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("vergeetachtig")
    search.get_by_label(re.compile("postcode", re.I)).fill(HUIZEN_POSTCODE)
    search.get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"/sociale-kaart/\?.*q=vergeetachtig"))


def test_resident_finds_the_geheugenhuis_near_huizen_without_an_account(page, demo_social_map):
    search_vergeetachtig_near_huizen(page)

    first = page.get_by_test_id("result").first
    expect(first.get_by_role("heading")).to_have_text("Het GeheugenHuis")
    expect(first.get_by_test_id("distance")).to_contain_text("km")

    # The service's own page: what it is, where and when (eight day-parts), still without an account.
    first.get_by_role("link", name="Het GeheugenHuis").click()
    page.wait_for_url(re.compile(r"/sociale-kaart/aanbod/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Het GeheugenHuis")
    expect(page.get_by_test_id("locations")).to_contain_text("Huizen")
    expect(page.get_by_test_id("schedule").locator("tbody tr")).to_have_count(8)
    expect(page.get_by_role("button", name=re.compile("sign out|uitloggen|afmelden", re.I))).to_have_count(0)


def test_resident_searches_on_a_phone_without_horizontal_scrolling(browser, live_server, watch, demo_social_map):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", **PHONE)
    context.set_default_timeout(5_000)
    context.on("request", watch.on_request)
    context.on("requestfailed", watch.on_request_failed)
    context.on("response", watch.on_response)
    page = context.new_page()
    page.on("console", watch.on_console)
    page.on("pageerror", watch.on_page_error)
    try:
        search_vergeetachtig_near_huizen(page)
        assert page.evaluate("window.innerWidth") == 390
        expect(page.get_by_test_id("result").first.get_by_role("heading")).to_have_text("Het GeheugenHuis")
        assert page.evaluate(PAGE_OVERFLOW) <= 1
        # The extra filters fold open without JavaScript tricks and still fit.
        page.get_by_role("search").locator("summary").click()
        expect(page.get_by_role("search").locator("select[name=life_domain]")).to_be_visible()
        assert page.evaluate(PAGE_OVERFLOW) <= 1
        page.get_by_test_id("result").first.get_by_role("link").click()
        page.wait_for_url(re.compile(r"/sociale-kaart/aanbod/"))
        assert page.evaluate(PAGE_OVERFLOW) <= 1
    finally:
        context.close()


def test_professional_filters_open_access_financien_services_in_meierijstad(page, demo_social_map):
    sign_in_as_demo(page, "mee")
    page.get_by_role("banner").get_by_role("navigation").get_by_role(
        "link", name=re.compile("^(Sociale kaart|Social map)$")).click()
    page.wait_for_url(re.compile(r"/sociale-kaart/zoeken/$"))

    search = page.get_by_role("search")
    search.locator("select[name=life_domain]").select_option(label="Financiën")
    search.locator("select[name=municipality]").select_option(label="Meierijstad")
    search.locator("select[name=access_type]").select_option(value="open")
    search.get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"/sociale-kaart/zoeken/\?.*access_type=open"))

    results = page.get_by_test_id("professional-results")
    rows = results.get_by_test_id("result")
    expect(rows).to_have_count(2)
    expect(results.get_by_role("link", name="Werkplaats Financiën", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Thuisadministratie Meierijstad", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Schuldhulpverlening gemeente Meierijstad")).to_have_count(0)
    # The professional view says who provides it and when it was last confirmed.
    expect(rows.first).to_contain_text(re.compile(r"Welzijn De Meierij|ONS welzijn"))
    expect(results.locator("thead")).to_contain_text(re.compile(r"bevestigd|confirmed", re.I))
