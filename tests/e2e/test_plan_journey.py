"""Journey (issue 4): one front door to one plan, in the browser, as the professionals see it in Dutch.

A wijkcoach (DNO) registers a help request and the household; she and a Wmo-consulent of the municipality
(another organisation) triage it together with the outcome "a plan with a coordinator"; the colleague sees
the joint triage on his own screen; the coordinator records the household's own strengths, a goal, an
action of the own network, the budget and a budget line, a ZRM assessment, and closes the plan with the
reason, the ZRM at closure and the resident's satisfaction.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.plans.models import Assessment, BudgetLine, Plan
from samenkracht.privacy.models import AccessLogEntry
from samenkracht.socialmap.domains import LIFE_DOMAINS
from samenkracht.socialmap.models import LifeDomain
from tests.e2e.conftest import sign_in_as_demo

pytestmark = pytest.mark.e2e

QUESTION = "Meneer vertelt bij de inloop dat hij zijn huur niet meer kan betalen sinds hij ziek thuis zit."
DETAIL_URL = re.compile(r"/voordeur/hulpvragen/(\d+)/(#main)?$")
HOUSEHOLD_URL = re.compile(r"/plannen/huishouden/(\d+)/(#[a-z-]+)?$")


def label(text: str):
    """A field's label exactly, with or without the required-field star."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def message(page):
    return page.locator(".messages")


def save(page, name: str = "Opslaan") -> None:
    page.get_by_role("main").get_by_role("button", name=name).click()


def test_from_help_request_to_closed_plan(page, browser, live_server, watch, demo_network):
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    today = timezone.localdate()
    sign_in_as_demo(page, "wijkcoach")

    # 1. The help request, on one screen.
    page.goto("/voordeur/hulpvragen/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulpvraag registreren")
    form = page.get_by_test_id("request-form")
    form.locator('input[name="channel"][value="walk_in"]').check()
    form.get_by_label("De vraag in de eigen woorden van de inwoner").fill(QUESTION)
    form.locator('input[name="life_domains"][value="financien"]').check()
    form.locator('input[name="life_domains"][value="lichamelijke-gezondheid"]').check()
    form.get_by_label("Wijk of buurt").select_option(label="Binnenstad")
    form.get_by_label("Naam", exact=True).fill("Meneer Oldenkamp")
    save(page, "Registreren")
    page.wait_for_url(DETAIL_URL)
    help_request = HelpRequest.objects.get()
    expect(message(page)).to_contain_text(f"Hulpvraag {help_request.reference} is geregistreerd.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hulpvraag {help_request.reference}")
    expect(page.get_by_test_id("status")).to_have_text("nieuw")
    expect(page.locator("blockquote.question")).to_have_text(QUESTION)

    # 2. The household (the plan belongs to the household).
    page.get_by_role("link", name="Huishouden registreren").click()
    member = page.get_by_test_id("member").first
    member.get_by_label("Voornaam").fill("Wessel")
    member.get_by_label("Achternaam").fill("Oldenkamp")
    member.get_by_label("Geboortedatum").fill("1968-05-21")
    save(page, "Huishouden registreren")
    page.wait_for_url(DETAIL_URL)
    expect(message(page)).to_contain_text("Het huishouden is geregistreerd.")
    expect(page.get_by_test_id("household-members")).to_contain_text("Wessel Oldenkamp")

    # 3. Joint triage with a colleague of another organisation: a plan with a coordinator.
    triage_form = page.get_by_test_id("triage-form")
    triage_form.get_by_label("Triage samen gedaan met").select_option(label="Pieter Kok (Gemeente Almelo)")
    triage_form.get_by_label("een plan met een regisseur").check()
    triage_form.get_by_label("Regisseur (bij een plan)").select_option(label="Yara El Idrissi (DNO)")
    triage_form.get_by_label("Afwegingen").fill("Inkomen en gezondheid hangen samen; één plan.")
    save(page, "Triage vastleggen")
    page.wait_for_url(DETAIL_URL)
    expect(message(page)).to_contain_text("De triage is vastgelegd: een plan met een regisseur.")
    expect(page.get_by_test_id("status")).to_have_text("triage gedaan")
    expect(page.get_by_test_id("triage")).to_contain_text("Yara El Idrissi (DNO) · Pieter Kok (Gemeente Almelo)")
    triage = Triage.objects.get()
    assert (triage.organisation_a.name, triage.organisation_b.name, triage.outcome) == ("DNO", "Gemeente Almelo",
                                                                                        "plan")

    # The colleague sees the joint triage in his own session.
    colleague = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    colleague.on("response", watch.on_response)
    colleague.on("request", watch.on_request)
    try:
        other = colleague.new_page()
        other.on("console", watch.on_console)
        sign_in_as_demo(other, "wmo")
        other.goto(f"/voordeur/hulpvragen/{help_request.pk}/")
        expect(other.get_by_test_id("triage")).to_contain_text("een plan met een regisseur")
        expect(other.get_by_test_id("household-members")).to_contain_text("Wessel Oldenkamp")
    finally:
        colleague.close()

    # 4. The plan: one coordinator, from the request straight to the household.
    page.get_by_test_id("household-link").click()
    page.wait_for_url(HOUSEHOLD_URL)
    plan = Plan.objects.get()
    main = page.get_by_role("main")
    expect(main.locator("#regie")).to_contain_text("Eén regisseur: Yara El Idrissi (DNO).")
    expect(main.locator("#plan")).to_contain_text("actief")

    # Own strengths and network first.
    main.get_by_role("link", name="Eigen kracht en netwerk wijzigen").click()
    page.get_by_label("Eigen kracht").fill("Wessel kookt zelf en houdt zijn post bij.")
    page.get_by_label("Informeel netwerk").fill("Zijn nicht komt elke zaterdag langs.")
    save(page)
    page.wait_for_url(HOUSEHOLD_URL)
    expect(message(page)).to_contain_text("Eigen kracht en netwerk zijn opgeslagen.")
    expect(page.get_by_test_id("informal-network")).to_have_text("Zijn nicht komt elke zaterdag langs.")

    # A goal in a life domain with the current and the target ZRM score.
    main.get_by_role("link", name="Doel toevoegen").click()
    page.get_by_label("Leefgebied").select_option(label="Financiën")
    page.get_by_label(label("Doel")).fill("De huurachterstand is geregeld.")
    page.get_by_label("Huidige ZRM-score").select_option("2")
    page.get_by_label("Beoogde ZRM-score").select_option("4")
    save(page)
    page.wait_for_url(HOUSEHOLD_URL)
    goals = main.locator("#doelen")
    expect(goals).to_contain_text("De huurachterstand is geregeld.")
    expect(goals.locator("tbody tr").first.locator(".score")).to_have_text(["2", "4"])

    # An action by the own network.
    main.get_by_role("link", name="Actie toevoegen").click()
    page.get_by_label("Bij doel").select_option(index=1)
    page.get_by_label(label("Wat")).fill("Samen de brieven van de verhuurder doorlopen.")
    page.get_by_label(label("Wie")).select_option(label="eigen netwerk (familie, buren)")
    page.get_by_label("Naam (vrijwilliger of eigen netwerk)").fill("nicht Marit")
    page.get_by_label("Wanneer").fill((today + timedelta(days=7)).isoformat())
    save(page)
    page.wait_for_url(HOUSEHOLD_URL)
    expect(main.locator("#acties")).to_contain_text("eigen netwerk (familie, buren): nicht Marit")

    # One budget, then a budget line with its funding source.
    main.get_by_role("link", name="Plan wijzigen").click()
    page.get_by_label("Budget (euro)").fill("1500")
    save(page)
    page.wait_for_url(HOUSEHOLD_URL)
    expect(message(page)).to_contain_text("Het plan is opgeslagen.")
    main.get_by_role("link", name="Budgetregel toevoegen").click()
    page.get_by_label("Bij actie").select_option(index=1)
    page.get_by_label("Financieringsbron").select_option(label="schuldhulpverlening")
    page.get_by_label("Toegekend (euro)").fill("600")
    page.get_by_label("Toegezegd (euro)").fill("250,50")
    save(page)
    page.wait_for_url(HOUSEHOLD_URL)
    lines = page.get_by_test_id("budget-lines")
    expect(lines).to_contain_text("schuldhulpverlening")
    expect(page.get_by_test_id("budget-remaining")).to_have_text("€ 349,50")
    assert BudgetLine.objects.get().committed == 250.5

    # A ZRM assessment at intake.
    main.get_by_role("link", name="ZRM-meting vastleggen").click()
    page.get_by_label("Moment").select_option("intake")
    page.get_by_label(label("Datum")).fill(today.isoformat())
    page.get_by_label("Financiën").select_option("2")
    page.get_by_label("Lichamelijke gezondheid").select_option("3")
    save(page)
    page.wait_for_url(HOUSEHOLD_URL)
    expect(message(page)).to_contain_text("De ZRM-meting is vastgelegd.")
    zrm = page.get_by_test_id("zrm-table")
    expect(zrm.get_by_role("row", name=re.compile("^Financiën"))).to_contain_text("2")

    # 5. Closing: reason, ZRM at closure, the resident's satisfaction.
    main.get_by_role("link", name="Plan afsluiten").click()
    page.get_by_label("Reden van afsluiten").select_option(label="doelen bereikt")
    page.get_by_label("Datum van de ZRM-meting bij afsluiting").fill(today.isoformat())
    page.get_by_label("Financiën").select_option("4")
    page.get_by_label("Tevredenheid van de inwoner (1-10)").select_option("8")
    page.get_by_label("Opmerking van de inwoner").fill("Eindelijk één aanspreekpunt.")
    save(page)
    page.wait_for_url(HOUSEHOLD_URL)
    expect(message(page)).to_contain_text("Het plan is afgesloten.")
    closure = main.locator("#plan")
    expect(closure).to_contain_text("afgesloten")
    expect(closure).to_contain_text(": doelen bereikt.")
    expect(closure).to_contain_text("Tevredenheid van de inwoner: 8 van de 10.")
    expect(closure).to_contain_text("Eindelijk één aanspreekpunt.")
    expect(main.get_by_role("link", name="Plan afsluiten")).to_have_count(0)

    plan.refresh_from_db()
    assert (plan.status, plan.closure_reason, plan.satisfaction) == ("closed", "goals_reached", 8)
    assert list(Assessment.objects.filter(plan=plan).values_list("moment", flat=True)) == ["intake", "closure"]
    assert AccessLogEntry.objects.filter(subject_type="plan", subject_id=str(plan.pk), source="web",
                                         detail__startswith="closure:").exists()
