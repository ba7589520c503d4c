"""Web pages of households and plans: the household page, forms, conflicts, warnings, emergency access,
the municipality's breakthrough overview without personal data, and query counts."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenkracht.network.models import Organisation, Role, TeamMember
from samenkracht.plans import services
from samenkracht.plans.models import (
    Assignment,
    Breakthrough,
    BudgetLine,
    Goal,
    Household,
    Person,
    Plan,
    PlanVersion,
)
from samenkracht.privacy.models import AccessLogEntry, EmergencyAccess
from tests.conftest import make_person, sign_in
from tests.plans.conftest import actor

TODAY = timezone.localdate()


def url(name: str, pk: int) -> str:
    from django.urls import reverse

    return reverse(f"plans:{name}", args=[pk])


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def full_plan(case, plan):
    """The case's plan with a goal, an action, a budget, two assessments, an evaluation and a breakthrough."""
    who = actor(case.coordinator_user)

    def v():
        return Plan.objects.get(pk=plan.pk).version

    fresh = Plan.objects.select_related("household")
    goal = services.add_goal(who, fresh.get(pk=plan.pk), expected_version=v(), life_domain="financien",
                             description="Rekeningen op tijd betalen", current_score=2, target_score=4)
    action = services.add_action(who, fresh.get(pk=plan.pk), expected_version=v(), goal=goal,
                                 performer="own_network", performer_name="Buurvrouw Els", what="Post samen openen")
    services.update_plan(who, fresh.get(pk=plan.pk), expected_version=v(), budget_total="1000",
                         summary="Rust in de financiën")
    services.add_budget_line(who, fresh.get(pk=plan.pk), expected_version=v(), action=action, funding_source="wmo",
                             allocated="400", committed="100", spent="50")
    services.record_assessment(who, plan, moment="intake", assessed_on=TODAY - timedelta(days=60),
                               scores={"financien": 2, "sociaal-netwerk": 3})
    services.record_assessment(who, plan, moment="evaluation", assessed_on=TODAY,
                               scores={"financien": 3, "sociaal-netwerk": 4})
    services.evaluate(who, fresh.get(pk=plan.pk), expected_version=v(), note="Gaat de goede kant op")
    services.raise_breakthrough(who, plan, obstacle="Beslag op het loon van Sanne", rule="Participatiewet art. 18")
    return Plan.objects.get(pk=plan.pk)


# --- Household page -------------------------------------------------------------------------------


def test_household_page_shows_strengths_first_then_the_plan(client, case, full_plan):
    sign_in(client, case.coordinator_user)
    response = client.get(url("household_detail", case.household.pk))
    page = html(response)
    assert response.status_code == 200
    order = [page.index(marker) for marker in ('data-testid="strengths"', 'data-testid="plan-summary"',
                                               'id="doelen"', 'id="acties"', 'id="budget"', 'id="zrm"',
                                               'id="versies"', 'id="regie"', 'id="doorbraken"', 'id="tijdlijn"')]
    assert order == sorted(order)
    for text in ("Goed netwerk van buren", "Sanne", "Rust in de financiën", "Rekeningen op tijd betalen",
                 "Buurvrouw Els", "Beslag op het loon van Sanne"):
        assert text in page
    assert "€ 1.000,00" in page or "€ 1,000.00" in page
    remaining = re.search(r'data-testid="budget-remaining">([^<]+)<', page).group(1)
    assert "250" in remaining  # 400 allocated - 100 committed - 50 spent


def test_the_zrm_chart_is_accessible_svg_with_a_table_and_no_inline_styles(client, case, full_plan):
    sign_in(client, case.coordinator_user)
    page = html(client.get(url("household_detail", case.household.pk)))
    svg = re.search(r"<svg\b[^>]*>.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="zrm-chart-title zrm-chart-desc"' in svg
    assert '<title id="zrm-chart-title">' in svg and '<desc id="zrm-chart-desc">' in svg
    assert "Financiën" in svg and svg.count("<rect") >= 4 + 2  # background, legend, bars
    assert "<script" not in svg and "<style" not in svg
    assert not re.search(r"\sstyle\s*=", page), "inline style attributes are forbidden by the CSP"
    table = re.search(r'<table data-testid="zrm-table">.*?</table>', page, re.S).group(0)
    row = re.search(r"<th scope=\"row\">Financiën</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["2", "3"]


def test_chart_without_assessments_says_so(case):
    from samenkracht.plans import charts
    from samenkracht.socialmap.models import LifeDomain

    svg = charts.zrm_chart(LifeDomain.objects.all(), [])
    assert "<desc" in svg and "style=" not in svg


def test_household_page_is_logged_as_a_read(client, case, plan):
    sign_in(client, case.team_member)
    client.get(url("household_detail", case.household.pk))
    entry = AccessLogEntry.objects.get(user_id_value=case.team_member.pk)
    assert (entry.event, entry.outcome, entry.subject_id, entry.detail) == (
        "read", "allowed", str(case.household.pk), "relation: team")


def test_without_a_relation_the_page_is_refused_logged_and_offers_emergency_access(client, case):
    sign_in(client, case.stranger)
    response = client.get(url("household_detail", case.household.pk))
    assert response.status_code == 403
    assert url("emergency_access", case.household.pk) in html(response)
    assert "Sanne" not in html(response) and "Kerkstraat" not in html(response)
    assert AccessLogEntry.objects.get(user_id_value=case.stranger.pk).outcome == "denied"


@pytest.mark.parametrize("who", ["policy", "admin", "privacy"])
def test_municipality_and_privacy_staff_see_no_household_pages(client, case, people, who):
    sign_in(client, people.by_name(who))
    for response in (client.get(url("household_detail", case.household.pk)), client.get("/plannen/")):
        assert response.status_code == 403
        assert "Sanne" not in html(response)


# --- Emergency access -----------------------------------------------------------------------------


def test_emergency_access_needs_a_reason_and_shows_a_banner(client, case):
    sign_in(client, case.stranger)
    response = client.post(url("emergency_access", case.household.pk), {"reason": "spoed"})
    assert response.status_code == 200 and not EmergencyAccess.objects.exists()
    assert 'class="errorlist"' in html(response)
    reason = "Bewoner belt in crisis en de regisseur is niet bereikbaar; dossier nodig voor veiligheid."
    response = client.post(url("emergency_access", case.household.pk), {"reason": reason})
    assert response.status_code == 302 and response["Location"] == url("household_detail", case.household.pk)
    access = EmergencyAccess.objects.get()
    assert access.reason == reason and access.user == case.stranger
    page = client.get(url("household_detail", case.household.pk))
    assert page.status_code == 200 and 'data-testid="emergency-banner"' in html(page)
    assert AccessLogEntry.objects.filter(user_id_value=case.stranger.pk, event="emergency", outcome="allowed").exists()
    EmergencyAccess.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url("household_detail", case.household.pk)).status_code == 403


def test_the_emergency_page_shows_no_personal_data(client, case):
    sign_in(client, case.stranger)
    page = html(client.get(url("emergency_access", case.household.pk)))
    assert 'data-testid="emergency-button"' in page
    assert "Sanne" not in page and "Kerkstraat" not in page and "buren" not in page


# --- Forms, conflicts and warnings ----------------------------------------------------------------


def test_two_people_editing_the_plan_the_second_gets_a_conflict_showing_the_other_change(client, case, plan):
    from django.test import Client

    other = Client()
    sign_in(client, case.coordinator_user)
    sign_in(other, case.team_member)
    edit = url("plan_edit", plan.pk)
    first_form = client.get(edit).context["form"]
    second_form = other.get(edit).context["form"]
    version = first_form.initial["version"]
    assert second_form.initial["version"] == version
    saved = client.post(edit, {"summary": "Eerst de schulden", "budget_total": "500", "version": version})
    assert saved.status_code == 302
    response = other.post(edit, {"summary": "Eerst werk zoeken", "budget_total": "900", "version": version})
    assert response.status_code == 409
    page = html(response)
    assert 'data-testid="conflict"' in page
    assert "Rita Regie" in page and "Eerst de schulden" in page and "Eerst werk zoeken" in page
    plan.refresh_from_db()
    assert (plan.summary, plan.budget_total, plan.version) == ("Eerst de schulden", Decimal("500.00"), version + 1)
    # The form now carries the current version: saving again is a deliberate choice and succeeds.
    assert f'name="version" value="{version + 1}"' in page
    again = other.post(edit, {"summary": "Eerst werk zoeken", "budget_total": "900", "version": version + 1})
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.summary == "Eerst werk zoeken"


def test_goal_form_refuses_scores_outside_one_to_five(client, case, plan):
    sign_in(client, case.coordinator_user)
    for current, target in (("0", "3"), ("6", "3"), ("2", "vijf"), ("", "3")):
        response = client.post(url("goal_create", plan.pk), {
            "life_domain": "financien", "description": "Doel", "current_score": current, "target_score": target,
            "status": "open", "version": plan.version})
        assert response.status_code == 200 and 'class="errorlist"' in html(response)
    assert not Goal.objects.exists()
    ok = client.post(url("goal_create", plan.pk), {"life_domain": "financien", "description": "Doel",
                                                   "current_score": "2", "target_score": "4", "status": "open",
                                                   "version": plan.version})
    assert ok.status_code == 302 and Goal.objects.get().target_score == 4


@pytest.mark.parametrize("allocated", ["-5", "abc", "1.2.3", "12,345", ""])
def test_budget_form_refuses_negative_and_non_numeric_amounts(client, case, plan, allocated):
    sign_in(client, case.coordinator_user)
    response = client.post(url("budget_line_create", plan.pk), {
        "funding_source": "wmo", "allocated": allocated, "committed": "", "spent": "", "version": plan.version})
    assert response.status_code == 200
    assert 'id="id_allocated_errors"' in html(response)
    assert not BudgetLine.objects.exists()
    assert Plan.objects.get(pk=plan.pk).version == plan.version


def test_overspend_warning_must_be_confirmed(client, case, plan):
    sign_in(client, case.coordinator_user)
    data = {"funding_source": "debt_help", "allocated": "300", "committed": "250", "spent": "100",
            "version": plan.version}
    response = client.post(url("budget_line_create", plan.pk), data)
    assert response.status_code == 200 and 'data-testid="overspend-warning"' in html(response)
    assert not BudgetLine.objects.exists()
    response = client.post(url("budget_line_create", plan.pk), {**data, "confirm_overspend": "on"})
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.allocated, line.committed, line.spent) == (Decimal("300"), Decimal("250"), Decimal("100"))
    page = html(client.get(url("household_detail", case.household.pk)))
    assert 'data-testid="budget-warning"' in page
    assert "-" not in re.search(r'data-testid="budget-remaining">([^<]+)<', page).group(1)  # never negative


def test_comma_decimals_in_the_budget_form(client, case, plan):
    sign_in(client, case.coordinator_user)
    client.post(url("plan_edit", plan.pk), {"summary": "", "budget_total": "1000", "version": plan.version})
    response = client.post(url("budget_line_create", plan.pk), {
        "funding_source": "wmo", "allocated": "125,50", "committed": "", "spent": "", "version": plan.version + 1})
    assert response.status_code == 302
    assert BudgetLine.objects.get().allocated == Decimal("125.50")


def test_strengths_goal_action_assessment_evaluation_and_closure_through_the_web(client, case, plan, network):
    sign_in(client, case.coordinator_user)
    v = plan.version
    assert client.post(url("strengths_edit", case.household.pk), {
        "strengths": "Vader kookt, moeder regelt de post", "informal_network": "Oma past op", "version": v,
    }).status_code == 302
    v += 1
    assert client.post(url("goal_create", plan.pk), {
        "life_domain": "werk-opleiding", "description": "Parttime werk vinden", "current_score": "2",
        "target_score": "4", "status": "open", "version": v}).status_code == 302
    v += 1
    goal = Goal.objects.get()
    membership = case.team_member.memberships.get()
    assert client.post(url("action_create", plan.pk), {
        "goal": goal.pk, "what": "Sollicitatiebrief schrijven", "performer": "professional",
        "professional": membership.pk, "performer_name": "", "due_on": "", "status": "planned",
        "version": v}).status_code == 302
    v += 1
    action = plan.actions.get()
    assert (action.professional, action.organisation) == (case.team_member, network.de_kern)
    scores = {f"score_{code}": "" for code in ("financien", "huisvesting")}
    assert client.post(url("assessment_create", plan.pk), {
        "moment": "intake", "assessed_on": TODAY.isoformat(), **scores, "score_werk-opleiding": "2",
    }).status_code == 302
    assert client.post(url("evaluate", plan.pk), {"note": "Loopt", "next_evaluation_on": "",
                                                  "version": v}).status_code == 302
    v += 1
    assert PlanVersion.objects.filter(plan=plan, kind="evaluation").count() == 1
    response = client.post(url("plan_close", plan.pk), {
        "reason": "goals_reached", "assessed_on": TODAY.isoformat(), "score_werk-opleiding": "4",
        "satisfaction": "9", "satisfaction_comment": "Eén vast gezicht hielp.", "note": "", "version": v})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.satisfaction, plan.satisfaction_comment) == ("closed", 9, "Eén vast gezicht hielp.")
    page = html(client.get(url("household_detail", case.household.pk)))
    assert "Eén vast gezicht hielp." in page
    assert url("plan_edit", plan.pk) not in page  # a closed plan is read only


def test_closure_form_refuses_a_satisfaction_outside_one_to_ten(client, case, plan):
    sign_in(client, case.coordinator_user)
    response = client.post(url("plan_close", plan.pk), {
        "reason": "goals_reached", "assessed_on": TODAY.isoformat(), "score_financien": "4", "satisfaction": "11",
        "version": plan.version})
    assert response.status_code == 200 and 'id="id_satisfaction_errors"' in html(response)
    assert Plan.objects.get(pk=plan.pk).status == "active"


def test_hand_over_through_the_web_by_the_organisation_coordinator(client, case, plan, people, network):
    sign_in(client, people.mee_coordinator)
    overview = html(client.get("/plannen/regie/"))
    assert url("handover", plan.pk) in overview and "Rita Regie" in overview and "Sanne" not in overview
    page = client.get(url("handover", plan.pk))
    assert page.status_code == 200 and "Sanne" not in html(page) and "Kerkstraat" not in html(page)
    target = case.assigned.memberships.get()
    response = client.post(url("handover", plan.pk), {"to": target.pk, "note": "Rita gaat met verlof",
                                                      "version": plan.version})
    assert response.status_code == 302 and response["Location"] == "/plannen/regie/"
    plan.refresh_from_db()
    assert plan.coordinator == case.assigned
    handover = plan.handovers.get()
    assert (handover.from_user, handover.note) == (case.coordinator_user, "Rita gaat met verlof")


# --- Breakthroughs for the municipality -----------------------------------------------------------


@pytest.fixture
def meierijstad_case(people, network):
    """A household in Meierijstad (the policy officer's municipality) with an open breakthrough."""
    organisation = Organisation.objects.create(name="ONS Welzijn", kind="welfare", municipality=network.meierijstad)
    coordinator = make_person("regie.ons@example.test", "Olga Regie", [(organisation, Role.PROFESSIONAL)])
    household = Household.objects.create(municipality=network.meierijstad, address="Markt 12, Veghel",
                                         strengths="Sterke mantelzorger")
    Person.objects.create(household=household, municipality=network.meierijstad, given_name="Yusuf",
                          family_name="Demir", bsn="111222333")
    plan = Plan.objects.create(household=household, municipality=network.meierijstad, coordinator=coordinator,
                               coordinator_organisation=organisation, summary="Yusuf wil weer werken")
    breakthrough = services.raise_breakthrough(
        actor(coordinator), plan, obstacle="Yusuf Demir verliest zijn uitkering door de kostendelersnorm",
        rule="Participatiewet: kostendelersnorm")
    return breakthrough


def test_policy_officer_sees_open_breakthroughs_without_personal_data(client, people, case, meierijstad_case):
    Breakthrough.objects.create(plan=case.household.plans.get(), municipality=case.household.municipality,
                                raised_by=case.coordinator_user, obstacle="Zwols geheim", rule="Zwolse regel")
    sign_in(client, people.policy)
    response = client.get("/plannen/doorbraken/")
    page = html(response)
    assert response.status_code == 200
    assert "Participatiewet: kostendelersnorm" in page and "ONS Welzijn" in page
    for personal in ("Yusuf", "Demir", "kostendelersnorm verliest", "uitkering", "Markt 12", "mantelzorger",
                     "weer werken", "111222333", "Olga Regie"):
        assert personal not in page, personal
    assert "Zwolse regel" not in page  # another municipality's
    decide = html(client.get(url("breakthrough_decide", meierijstad_case.pk)))
    assert "Participatiewet: kostendelersnorm" in decide and "Yusuf" not in decide and "uitkering" not in decide
    response = client.post(url("breakthrough_decide", meierijstad_case.pk), {
        "decision": "Maatwerk: kostendelersnorm zes maanden niet toepassen", "budget_granted": "1200"})
    assert response.status_code == 302
    meierijstad_case.refresh_from_db()
    assert (meierijstad_case.status, meierijstad_case.budget_granted) == ("decided", Decimal("1200.00"))
    assert "Participatiewet" not in html(client.get("/plannen/doorbraken/"))  # no longer open
    assert "Participatiewet" in html(client.get("/plannen/doorbraken/", {"status": "all"}))


def test_policy_officer_decision_refuses_a_negative_budget(client, people, meierijstad_case):
    sign_in(client, people.policy)
    response = client.post(url("breakthrough_decide", meierijstad_case.pk), {"decision": "Ja", "budget_granted": "-1"})
    assert response.status_code == 200 and 'id="id_budget_granted_errors"' in html(response)
    assert Breakthrough.objects.get(pk=meierijstad_case.pk).status == "open"


def test_coordinator_raises_and_closes_a_breakthrough_through_the_web(client, case, plan, people):
    sign_in(client, case.coordinator_user)
    response = client.post(url("breakthrough_create", plan.pk), {"rule": "Wmo-verordening art. 4",
                                                                 "obstacle": "Traplift nodig, wachtlijst"})
    assert response.status_code == 302
    breakthrough = Breakthrough.objects.get()
    services.decide_breakthrough(actor(people.admin), breakthrough, decision="Voorrang", budget_granted="0")
    response = client.post(url("breakthrough_close", breakthrough.pk), {"follow_up": "Traplift geplaatst"})
    assert response.status_code == 302
    assert Breakthrough.objects.get().status == "closed"


# --- Query counts ---------------------------------------------------------------------------------


def add_households(case, network, count: int, start: int = 0):
    for i in range(start, start + count):
        household = Household.objects.create(municipality=network.zwolle, holding_team=case.team,
                                             neighbourhood=network.stadshagen, strengths="x")
        Person.objects.create(household=household, municipality=network.zwolle, given_name=f"Naam{i}",
                              family_name="Test")
        Person.objects.create(household=household, municipality=network.zwolle, given_name=f"Kind{i}",
                              family_name="Test", role="child")
        Plan.objects.create(household=household, municipality=network.zwolle, coordinator=case.team_member,
                            coordinator_organisation=network.de_kern, next_evaluation_on=TODAY)
        Assignment.objects.create(household=household, municipality=network.zwolle, user=case.team_member,
                                  organisation=network.de_kern)


def test_household_list_uses_a_constant_number_of_queries_and_is_logged_once(client, case, network):
    assert TeamMember.objects.filter(user=case.team_member).exists()
    sign_in(client, case.team_member)
    add_households(case, network, 4)  # 5 with the case's own household
    client.get("/plannen/")  # warm caches (sessions, content types)
    before = AccessLogEntry.objects.count()
    with CaptureQueriesContext(connection) as few:
        response = client.get("/plannen/")
    assert response.status_code == 200 and len(response.context["items"]) == 5
    search = AccessLogEntry.objects.filter(event="search").latest("id")
    assert AccessLogEntry.objects.count() == before + 1 and search.subject_id == "5 rows"
    add_households(case, network, 25, start=4)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/plannen/")
    assert len(response.context["items"]) == 30
    assert len(many) == len(few)
    assert "Naam28" in html(response)


def test_breakthrough_overview_uses_a_constant_number_of_queries(client, people, case, network):
    sign_in(client, people.admin)
    plan = case.household.plans.get()

    def add(count, start=0):
        for i in range(start, start + count):
            Breakthrough.objects.create(plan=plan, municipality=network.zwolle, raised_by=case.coordinator_user,
                                        obstacle=f"Geheim {i}", rule=f"Regel {i}")

    add(5)
    client.get("/plannen/doorbraken/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/plannen/doorbraken/").status_code == 200
    add(25, start=5)
    with CaptureQueriesContext(connection) as many:
        page = html(client.get("/plannen/doorbraken/"))
    assert len(many) == len(few)
    assert "Regel 29" in page and "Geheim" not in page
