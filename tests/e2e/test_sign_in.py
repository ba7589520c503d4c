"""Journey: signing in with a password and an authenticator app, the first time and the next time."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from samenkracht.accounts.services import create_user
from tests.conftest import PASSWORD
from tests.e2e.conftest import (
    CODE_LABEL,
    HOME_URL,
    LOGIN_URL,
    SETUP_URL,
    SIGN_OUT,
    VERIFY_URL,
    Authenticator,
    enter_code,
    fill_password_form,
)

pytestmark = pytest.mark.e2e

BASE32 = re.compile(r"^[A-Z2-7]+=*$")


def test_first_sign_in_sets_up_the_authenticator_and_the_next_sign_in_asks_for_a_code(page, transactional_db):
    nina = create_user(email="nina.nieuw@example.test", full_name="Nina Nieuwenhuis", password=PASSWORD)

    # First time: password, then the set-up page with a key to type into the app.
    page.goto("/inloggen/")
    fill_password_form(page, nina.email, PASSWORD)
    page.wait_for_url(SETUP_URL)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert BASE32.match(secret), secret
    app = Authenticator(base64.b32decode(secret))
    enter_code(page, app.code())
    page.wait_for_url(HOME_URL)
    app.used()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nina Nieuwenhuis")

    # Sign out with the button in the header.
    page.get_by_role("banner").get_by_role("button", name=SIGN_OUT).click()
    page.wait_for_url(LOGIN_URL)
    page.goto("/")
    page.wait_for_url(LOGIN_URL)  # really signed out

    # Next time: password, then the code page (no new set-up).
    fill_password_form(page, nina.email, PASSWORD)
    page.wait_for_url(VERIFY_URL)
    expect(page.get_by_test_id("totp-secret")).to_have_count(0)

    # A wrong code: an error next to the field, still on the code page.
    enter_code(page, app.wrong_code())
    code_field = page.get_by_role("textbox", name=CODE_LABEL)
    expect(code_field).to_have_attribute("aria-invalid", "true")
    error = page.locator(".field", has=code_field).locator(".errorlist")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    assert VERIFY_URL.match(page.url)

    # django-otp throttles after a failure (1 s after the first); a person needs longer than that to
    # read the message and type the next code.
    page.wait_for_timeout(1_100)
    enter_code(page, app.code())
    page.wait_for_url(HOME_URL)
    app.used()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nina Nieuwenhuis")
