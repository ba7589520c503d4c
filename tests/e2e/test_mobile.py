"""Journey: the organisations page on a phone (390 × 844 CSS pixels) fits the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in_as_demo

pytestmark = pytest.mark.e2e

PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def context_options() -> dict:
    return {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
            "has_touch": True}


def test_organisations_page_has_no_horizontal_overflow_on_a_phone(page, demo_network):
    sign_in_as_demo(page, "mee")
    assert page.evaluate("window.innerWidth") == 390

    page.goto("/netwerk/organisaties/")
    expect(page.get_by_role("table")).to_be_visible()
    assert page.evaluate(PAGE_OVERFLOW) <= 1

    # Also with a filter applied and the results listed.
    filters = page.get_by_role("search")
    filters.locator("select[name=serves]").select_option(label="Kampen")
    filters.get_by_role("button").click()
    page.wait_for_url(re.compile(r"serves=\d+"))
    assert page.evaluate(PAGE_OVERFLOW) <= 1
