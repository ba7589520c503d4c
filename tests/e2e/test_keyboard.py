"""Journey: signing in with the keyboard only (skip link, Tab, typing, Enter)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import CODE_LABEL, EMAIL_LABEL, HOME_URL, PASSWORD_LABEL, VERIFY_URL, Authenticator

pytestmark = pytest.mark.e2e

MAX_TABS = 15


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator) -> int:
    """Press Tab until ``locator`` has the focus, as a keyboard user would; return the number of presses."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return presses
    raise AssertionError(f"{locator} cannot be reached with Tab within {MAX_TABS} presses")


def test_skip_link_comes_first_and_sign_in_works_with_the_keyboard_only(page, people):
    person = people.professional
    app = Authenticator(person.totpdevice_set.get(confirmed=True).bin_key)
    page.goto("/inloggen/")
    # Let two frames pass, so that any autofocus the page asks for has taken effect before the Tab.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

    # The first Tab lands on the skip link; Enter moves the focus to the main content.
    page.keyboard.press("Tab")
    skip_link = page.locator('a[href="#main"]')
    assert is_focused(skip_link), page.evaluate("document.activeElement.outerHTML")
    expect(skip_link).to_be_visible()  # it appears on focus
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # From the main content: e-mail, password, Enter.
    tab_to(page, page.get_by_label(EMAIL_LABEL))
    page.keyboard.type(person.email)
    tab_to(page, page.get_by_label(PASSWORD_LABEL))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(VERIFY_URL)

    # The code page: reach the field, type the code, Enter.
    code_field = page.get_by_role("textbox", name=CODE_LABEL)
    if not is_focused(code_field):
        tab_to(page, code_field)
    page.keyboard.type(app.code())
    page.keyboard.press("Enter")
    page.wait_for_url(HOME_URL)
    expect(page.get_by_role("heading", level=1)).to_contain_text(person.full_name)
