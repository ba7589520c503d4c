"""Journey: a professional finds their way through the demo partner network."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in_as_demo

pytestmark = pytest.mark.e2e

ORGANISATION_PAGE = re.compile(r"/netwerk/organisaties/\d+/$")
OVERLAP_MEE_AND_KERN = ["Zwolle", "Kampen", "Zwartewaterland", "Olst-Wijhe", "Raalte", "Deventer", "Dalfsen",
                        "Ommen", "Hardenberg"]
KERN_SERVICE_AREA = [*OVERLAP_MEE_AND_KERN, "Hellendoorn", "Twenterand"]


def nav_link(page, name: str):
    """A link in the main navigation in the header, by its Dutch or English name."""
    return page.get_by_role("banner").get_by_role("navigation").get_by_role("link", name=re.compile(f"^({name})$"))


def item_texts(list_locator) -> list[str]:
    return [text.strip() for text in list_locator.get_by_role("listitem").all_inner_texts()]


def test_professional_explores_organisations_overlap_teams_locations_and_regions(page, demo_network):
    sign_in_as_demo(page, "mee")

    # Organisations serving Kampen.
    nav_link(page, "Organisaties|Organisations").click()
    page.wait_for_url(re.compile(r"/netwerk/organisaties/$"))
    filters = page.get_by_role("search")
    filters.locator("select[name=serves]").select_option(label="Kampen")
    filters.get_by_role("button").click()
    page.wait_for_url(re.compile(r"/netwerk/organisaties/\?.*serves=\d+"))
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="MEE IJsseloevers", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="De Kern", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="AMW Midden-Limburg", exact=True)).to_have_count(0)

    # De Kern's page shows where it works.
    results.get_by_role("link", name="De Kern", exact=True).click()
    page.wait_for_url(ORGANISATION_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text("De Kern")
    service_area = page.get_by_test_id("service-area")
    expect(service_area.get_by_role("listitem")).to_have_count(len(KERN_SERVICE_AREA))
    assert sorted(item_texts(service_area)) == sorted(KERN_SERVICE_AREA)

    # Where MEE IJsseloevers and De Kern both work.
    nav_link(page, "Overlap").click()
    page.wait_for_url(re.compile(r"/netwerk/organisaties/overlap/$"))
    main = page.get_by_role("main")
    main.locator("select[name=organisations]").select_option(label=["MEE IJsseloevers", "De Kern"])
    main.get_by_role("button").click()
    page.wait_for_url(re.compile(r"/netwerk/organisaties/overlap/\?"))
    overlap = page.get_by_test_id("overlap-result")
    expect(overlap.get_by_role("listitem")).to_have_count(len(OVERLAP_MEE_AND_KERN))
    assert sorted(item_texts(overlap)) == sorted(OVERLAP_MEE_AND_KERN)

    # Teams: De Toegang Delft works with 16 organisations.
    nav_link(page, "Teams").click()
    page.wait_for_url(re.compile(r"/netwerk/teams/$"))
    page.get_by_role("table").get_by_role("link", name="De Toegang Delft", exact=True).click()
    page.wait_for_url(re.compile(r"/netwerk/teams/\d+/$"))
    expect(page.get_by_test_id("team-organisations").get_by_role("listitem")).to_have_count(16)

    # Locations: 20 organisations under the roof of Startpunt Wageningen.
    nav_link(page, "Locaties|Locations").click()
    page.wait_for_url(re.compile(r"/netwerk/locaties/$"))
    page.get_by_role("table").get_by_role("link", name="Startpunt Wageningen", exact=True).click()
    page.wait_for_url(re.compile(r"/netwerk/locaties/\d+/$"))
    expect(page.get_by_test_id("location-organisations").get_by_role("listitem")).to_have_count(20)

    # Regions: Midden-Limburg has seven municipalities.
    nav_link(page, "Regio's|Regio’s|Regions").click()
    page.wait_for_url(re.compile(r"/netwerk/regios/$"))
    page.get_by_role("main").get_by_role("link", name="Midden-Limburg", exact=True).click()
    page.wait_for_url(re.compile(r"/netwerk/regios/\d+/$"))
    expect(page.get_by_test_id("region-municipalities").get_by_role("listitem")).to_have_count(7)
