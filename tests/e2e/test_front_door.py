"""Journey: a wijkcoach takes a phone call and registers the help request with the keyboard only, on one
screen; the request then tops the team's worklist."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from samenkracht.frontdoor import services
from samenkracht.frontdoor.models import HelpRequest
from samenkracht.network.models import Team
from samenkracht.network.permissions import actor_for_user
from samenkracht.socialmap.domains import LIFE_DOMAINS
from samenkracht.socialmap.models import LifeDomain
from tests.e2e.conftest import sign_in_as_demo

pytestmark = pytest.mark.e2e

TEAM = "Sociaal wijkteam Almelo Centrum"
QUESTION = "Mevrouw belt: de huur is drie maanden niet betaald en er komt een deurwaarder."
MAX_TABS = 40


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def focused_html(page) -> str:
    return page.evaluate("document.activeElement.outerHTML")[:200]


class Keyboard:
    """Only keys: Tab to move, arrows and Space to choose, typing, Enter to send. Counts the Tabs."""

    def __init__(self, page):
        self.page, self.tabs = page, 0

    def tab_to(self, locator) -> None:
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            self.tabs += 1
            if is_focused(locator):
                return
        raise AssertionError(f"{locator} cannot be reached with Tab; focus is on {focused_html(self.page)}")


def test_wijkcoach_registers_a_phone_request_by_keyboard_and_it_tops_the_worklist(page, demo_network):
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    team = Team.objects.get(name=TEAM)
    wijkcoach = team.members.get(user__email__startswith="wijkcoach@").user
    earlier = [services.register_help_request(actor_for_user(wijkcoach), team=team, channel=channel,
                                              question="Eerdere vraag", life_domains=["tijdsbesteding"])
               for channel in ("walk_in", "email")]
    sign_in_as_demo(page, "wijkcoach")

    page.goto("/voordeur/hulpvragen/nieuw/")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    started = time.monotonic()
    keys = Keyboard(page)
    form = page.get_by_test_id("request-form")

    # Skip link, then into the form.
    page.keyboard.press("Tab")
    assert is_focused(page.locator('a[href="#main"]'))
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # Channel: the first radio of the group, then the arrow key to "phone".
    channel_radios = form.locator('input[name="channel"]')
    keys.tab_to(channel_radios.first)
    page.keyboard.press("ArrowDown")
    expect(form.locator('input[name="channel"][value="phone"]')).to_be_checked()

    # The question, in the resident's own words.
    question = form.get_by_label(re.compile("own words|eigen woorden", re.I))
    keys.tab_to(question)
    page.keyboard.type(QUESTION)

    # Life domains: Huisvesting and Financiën, ticked with Space.
    finance = form.locator('input[name="life_domains"][value="financien"]')
    keys.tab_to(finance)
    page.keyboard.press("Space")
    housing = form.locator('input[name="life_domains"][value="huisvesting"]')
    keys.tab_to(housing)
    page.keyboard.press("Space")
    expect(finance).to_be_checked()
    expect(housing).to_be_checked()

    # Neighbourhood by typing its first letters on the list.
    neighbourhood = form.locator('select[name="neighbourhood"]')
    keys.tab_to(neighbourhood)
    page.keyboard.type("Nieuw")
    expect(neighbourhood.locator("option:checked")).to_have_text("Nieuwstraatkwartier")

    # Urgency: "normal" is preselected; the arrow key makes it urgent.
    keys.tab_to(form.locator('input[name="urgency"][value="normal"]'))
    page.keyboard.press("ArrowDown")
    expect(form.locator('input[name="urgency"][value="urgent"]')).to_be_checked()

    # Contact, then Enter sends the form.
    keys.tab_to(form.locator('input[name="contact_name"]'))
    page.keyboard.type("Mevrouw Demir")
    keys.tab_to(form.locator('input[name="contact_phone"]'))
    page.keyboard.type("0546 123 456")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/voordeur/hulpvragen/\d+/(#main)?$"))  # the skip link's fragment may stay
    elapsed = time.monotonic() - started

    created = HelpRequest.objects.exclude(pk__in=[r.pk for r in earlier]).get()
    assert (created.channel, created.urgency, created.team_id, created.neighbourhood.name) == (
        "phone", "urgent", team.pk, "Nieuwstraatkwartier")
    assert {d.code for d in created.life_domains.all()} == {"financien", "huisvesting"}
    assert created.question == QUESTION and created.contact_phone == "0546 123 456"
    expect(page.get_by_role("heading", level=1)).to_contain_text(created.reference)
    assert keys.tabs <= 30, f"{keys.tabs} Tab presses for one request"
    assert elapsed < 60

    # The team's worklist: the new, urgent request comes first.
    page.goto(f"/voordeur/?team={team.pk}")
    rows = page.get_by_test_id("worklist-row")
    expect(rows).to_have_count(3)
    expect(rows.first.get_by_role("link")).to_have_text(created.reference)
    expect(rows.first).to_contain_text(re.compile("urgent", re.I))
