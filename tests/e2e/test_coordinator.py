"""Journey: a coordinator keeps their own organisation's details up to date, and only theirs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from samenkracht.network.models import Organisation
from tests.e2e.conftest import sign_in_as_demo

pytestmark = pytest.mark.e2e

KVK_LABEL = re.compile(r"kvk", re.I)


def test_coordinator_edits_kvk_number_of_own_organisation(page, demo_network):
    de_kern = Organisation.objects.get(name="De Kern")
    assert de_kern.kvk_number == ""
    detail_path = f"/netwerk/organisaties/{de_kern.pk}/"
    edit_path = f"/netwerk/organisaties/{de_kern.pk}/bewerken/"
    sign_in_as_demo(page, "coordinator.kern")

    # From the home page to De Kern (one of "your organisations") and on to its edit form.
    page.get_by_role("main").locator(f'a[href="{detail_path}"]').click()
    page.wait_for_url(re.compile(re.escape(detail_path) + "$"))
    page.get_by_role("main").locator(f'a[href="{edit_path}"]').click()
    page.wait_for_url(re.compile(re.escape(edit_path) + "$"))

    # Four digits: refused next to the field, nothing saved.
    kvk = page.get_by_label(KVK_LABEL)
    kvk.fill("1234")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(edit_path)) as posted:
        page.get_by_role("main").get_by_role("button").click()
    assert posted.value.status == 200  # the form again, not a redirect to the saved organisation
    page.wait_for_load_state()
    assert page.url.endswith(edit_path)
    kvk = page.get_by_label(KVK_LABEL)
    expect(kvk).to_have_attribute("aria-invalid", "true")
    expect(kvk).to_have_value("1234")  # what was typed stays, to be corrected
    error = page.locator(".field", has=kvk).locator(".errorlist")
    expect(error).to_be_visible()
    expect(error).to_contain_text("12345678")  # the message gives an example of a valid number
    de_kern.refresh_from_db()
    assert de_kern.kvk_number == ""

    # Eight digits: saved and shown on the organisation's page.
    kvk.fill("12345678")
    page.get_by_role("main").get_by_role("button").click()
    page.wait_for_url(re.compile(re.escape(detail_path) + "$"))
    expect(page.get_by_role("main").get_by_text("12345678", exact=True)).to_be_visible()
    de_kern.refresh_from_db()
    assert de_kern.kvk_number == "12345678"


def test_coordinator_may_not_edit_another_organisation(page, watch, demo_network):
    mee = Organisation.objects.get(name="MEE IJsseloevers")
    edit_path = f"/netwerk/organisaties/{mee.pk}/bewerken/"
    sign_in_as_demo(page, "coordinator.kern")

    # MEE's page offers no edit link to De Kern's coordinator ...
    page.goto(f"/netwerk/organisaties/{mee.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("MEE IJsseloevers")
    expect(page.locator(f'a[href="{edit_path}"]')).to_have_count(0)

    # ... and typing the address gives 403 Forbidden, without the form.
    watch.expect_http_error(403, edit_path)
    response = page.goto(edit_path)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("MEE IJsseloevers")
    expect(page.get_by_role("banner").get_by_role("navigation")).to_be_visible()  # the site's page, a way on
    expect(page.get_by_label(KVK_LABEL)).to_have_count(0)
    mee.refresh_from_db()
    assert mee.kvk_number == ""
