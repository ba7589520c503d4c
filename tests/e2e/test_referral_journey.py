"""Journey of issue 5: a wijkcoach refers from a plan action to a buddy pool of volunteers, the pool's
organisation accepts and completes the referral on the receiving side, and the wijkcoach sees the closed
loop on the sent-referrals page.

Setup through the services (as the demo professionals): a synthetic household at the Sociaal wijkteam
Almelo Centrum with a plan (coordinator Yara El Idrissi, DNO) and an action, a buddy pool of MEE
IJsseloevers (whose professional Ravi Ramdin is the receiving side) and a legal basis of Almelo. Assigning
a specific volunteer to the referral belongs to the volunteers app and is not part of this journey.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from samenkracht.frontdoor import services as frontdoor
from samenkracht.network.models import Organisation, Team
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans import services as plans
from samenkracht.referrals.models import LegalBasis, Referral
from samenkracht.socialmap.domains import LIFE_DOMAINS
from samenkracht.socialmap.models import LifeDomain
from samenkracht.volunteers.models import VolunteerPool
from samenkracht.demo.users import DEMO_PASSWORD, demo_email
from tests.e2e.conftest import SIGN_OUT, sign_in, sign_in_as_demo

pytestmark = pytest.mark.e2e

TEAM = "Sociaal wijkteam Almelo Centrum"


def _setup():
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    team = Team.objects.get(name=TEAM)
    yara = team.members.get(user__email__startswith="wijkcoach@").user
    pieter = team.members.get(user__email__startswith="wmo@").user
    actor = actor_for_user(yara)
    request = frontdoor.register_help_request(actor, team=team, channel="walk_in", life_domains=["tijdsbesteding"],
                                              question="Sinds de verhuizing ken ik hier niemand meer.")
    household = frontdoor.register_household_for_request(actor, request, confirm_new=True, members=[
        {"given_name": "Joke", "family_name": "Testbewoner", "date_of_birth": date(1950, 1, 2), "role": "applicant",
         "phone": "0611111111"}])
    request.refresh_from_db()
    frontdoor.record_triage(actor, request, second_professional=pieter, outcome="plan", coordinator=yara)
    plan = household.plans.get()
    plans.record_strengths(actor, household, strengths="Kookt graag", informal_network="Een zus in Hengelo",
                           expected_version=plan.version)
    plan.refresh_from_db()
    action = plans.add_action(actor, plan, expected_version=plan.version, performer="volunteer",
                              performer_name="een maatje", what="Een maatje om samen de wijk te leren kennen")
    mee = Organisation.objects.get(name="MEE IJsseloevers")
    pool = VolunteerPool.objects.create(organisation=mee, municipality=team.municipality, name="Maatjes Almelo",
                                        kind="buddy")
    LegalBasis.objects.create(municipality=team.municipality, label="Wmo 2015 art. 5.2.x",
                              data_categories=["contact", "question", "household"])
    return household, action, pool


def _sign_out(page):
    page.get_by_role("banner").get_by_role("button", name=SIGN_OUT).click()


def test_refer_to_a_buddy_pool_accept_complete_and_close_the_loop(page, demo_network):
    household, action, pool = _setup()

    # The sender: from the plan action on the household page.
    sender_app = sign_in_as_demo(page, "wijkcoach")
    page.goto(f"/plannen/huishouden/{household.pk}/")
    page.get_by_test_id("household-referrals").get_by_role("link", name=re.compile("Doorverwijzen")).click()
    page.check("#id_target_kind_2")                      # volunteer pool
    page.select_option("#id_target_pool", str(pool.pk))
    page.fill("#id_handover_note", "Mevrouw is wat verlegen; bel haar eerst even.")
    page.check("#id_data_categories_0")                  # contact details
    page.check("#id_data_categories_1")                  # the question
    page.check("#id_basis_kind_1")                       # a legal basis
    page.select_option("#id_legal_basis", label="Wmo 2015 art. 5.2.x")
    page.get_by_role("button", name="Doorverwijzing versturen").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile("verstuurd"))
    referral = Referral.objects.get()
    assert referral.target_pool == pool and referral.receiving_organisation.name == "MEE IJsseloevers"
    _sign_out(page)

    # The receiving side: the pool's organisation sees the referral in its inbox, accepts and completes it.
    sign_in_as_demo(page, "mee")
    page.goto("/doorverwijzingen/")
    page.get_by_test_id("inbox").get_by_role("link", name=f"Doorverwijzing {referral.pk}").click()
    shared = page.get_by_test_id("shared-data")
    expect(shared).to_contain_text("Joke Testbewoner")
    expect(shared).to_contain_text("Een maatje om samen de wijk te leren kennen")
    page.get_by_test_id("action-accepted").get_by_role("button", name="Accepteren").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile("geaccepteerd"))
    page.get_by_test_id("action-in_progress").get_by_role("button", name="Starten").click()
    expect(page.get_by_test_id("status")).to_have_text(re.compile("in behandeling|lopend|in progress", re.I))
    form = page.get_by_test_id("action-completed")
    form.get_by_label("Uitkomst").select_option("helped")
    form.get_by_role("button", name="Afronden").click()
    # After completion the receiving side is back at its inbox: the shared data is no longer theirs to see.
    expect(page).to_have_url(re.compile(r"/doorverwijzingen/$"))
    assert Referral.objects.get().status == "completed"
    _sign_out(page)

    # The sender sees the outcome and closes the loop (her authenticator shows a fresh code).
    sign_in(page, demo_email("wijkcoach"), DEMO_PASSWORD, sender_app)
    page.goto("/doorverwijzingen/verstuurd/")
    notice = page.get_by_test_id("unseen-outcomes")
    expect(notice).to_contain_text("geholpen")
    notice.get_by_role("button", name=re.compile("Gezien")).click()
    row = page.get_by_test_id("sent-row").first
    expect(row).to_contain_text("afgesloten")
    assert Referral.objects.get().loop_closed
