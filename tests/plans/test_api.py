"""REST API of households and plans: tokens acting for a professional, optimistic locking (409), bad input
(422 naming the field), the overspend confirmation, the municipality's view without personal data, logging
and query counts."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from samenkracht.network.models import Organisation, Role
from samenkracht.plans import services
from samenkracht.plans.models import (
    Action,
    Assignment,
    Breakthrough,
    BudgetLine,
    Goal,
    Household,
    Person,
    Plan,
)
from samenkracht.privacy.models import AccessLogEntry
from tests.api_helpers import api_with_token, assert_invalid
from tests.conftest import make_person
from tests.plans.conftest import actor

TODAY = timezone.localdate()


def for_person(api, user):
    api.headers["HTTP_X_ON_BEHALF_OF"] = user.email
    return api


@pytest.fixture
def mee_api(client, case, network):
    """MEE IJsseloevers' system, reading and writing on behalf of Rita Regie (the coordinator)."""
    return for_person(api_with_token(client, network.mee, "households:read", "households:write"),
                      case.coordinator_user)


@pytest.fixture
def kern_api(case, network):
    """De Kern's system on behalf of Tom Teamlid (team member), on its own test client."""
    from django.test import Client

    return for_person(api_with_token(Client(), network.de_kern, "households:read", "households:write"),
                      case.team_member)


def test_households_list_and_detail(mee_api, case, plan):
    response = mee_api.get("/plans/households")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item == {"id": case.household.pk, "municipality": "GM0193", "neighbourhood": None,
                    "team": "Wijkteam Stadshagen", "applicant": "Sanne Jansma", "active_plan": plan.pk,
                    "coordinator": "Rita Regie", "next_evaluation_on": None}
    search = AccessLogEntry.objects.get(event="search")
    assert search.subject_id == "1 rows" and search.on_behalf_of == case.coordinator_user.email
    detail = mee_api.get(f"/plans/households/{case.household.pk}").json()
    assert detail["strengths"] == "Goed netwerk van buren" and detail["members"][0]["given_name"] == "Sanne"
    assert detail["active_plan"] == plan.pk


def test_without_a_person_or_scope_no_resident_data(client, case, network):
    no_person = api_with_token(client, network.mee, "households:read")
    assert no_person.get("/plans/households").status_code == 403
    wrong_scope = for_person(api_with_token(client, network.mee, "network:read"), case.coordinator_user)
    assert wrong_scope.get(f"/plans/households/{case.household.pk}").status_code == 403
    stranger = for_person(api_with_token(client, network.de_kern, "households:read"), case.stranger)
    assert stranger.get(f"/plans/households/{case.household.pk}").status_code == 403
    assert AccessLogEntry.objects.get(user_id_value=case.stranger.pk).outcome == "denied"
    # A token acts only for people of its own organisation.
    other_org = for_person(api_with_token(client, network.de_kern, "households:read"), case.coordinator_user)
    assert other_org.get("/plans/households").status_code == 403


def test_read_only_token_cannot_write(client, case, plan, network):
    reader = for_person(api_with_token(client, network.mee, "households:read"), case.coordinator_user)
    assert reader.get(f"/plans/{plan.pk}").status_code == 200
    response = reader.patch(f"/plans/{plan.pk}", {"version": plan.version, "summary": "x"})
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).summary == ""


def test_patch_with_a_stale_version_is_409_with_the_current_values(mee_api, kern_api, case, plan):
    version = plan.version
    first = mee_api.patch(f"/plans/{plan.pk}", {"version": version, "summary": "Eerst de schulden",
                                                "budget_total": "800"})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    second = kern_api.patch(f"/plans/{plan.pk}", {"version": version, "summary": "Eerst werk"})
    assert second.status_code == 409
    body = second.json()
    assert (body["current_version"], body["your_version"]) == (version + 1, version)
    assert body["current"] == {"summary": "Eerst de schulden"} and body["submitted"] == {"summary": "Eerst werk"}
    [change] = body["changes"]
    assert change["by"] == "Rita Regie (MEE IJsseloevers)" and set(change["fields"]) == {"summary", "budget_total"}
    plan.refresh_from_db()
    assert (plan.summary, plan.budget_total) == ("Eerst de schulden", Decimal("800.00"))
    assert kern_api.patch(f"/plans/{plan.pk}", {"version": version + 1, "summary": "Eerst werk"}).status_code == 200


def test_a_patch_without_version_is_refused(mee_api, plan):
    assert_invalid(mee_api.patch(f"/plans/{plan.pk}", {"summary": "x"}), "body", "version")


def test_goals_actions_budget_and_assessments(mee_api, case, plan, network):
    v = plan.version
    goal = mee_api.post(f"/plans/{plan.pk}/goals", {"version": v, "life_domain": "financien",
                                                    "description": "Schulden in beeld", "current_score": 2,
                                                    "target_score": 4})
    assert goal.status_code == 201, goal.content
    assert goal.json()["life_domain_name"] == "Financiën"
    v += 1
    action = mee_api.post(f"/plans/{plan.pk}/actions", {
        "version": v, "goal": goal.json()["id"], "performer": "professional", "professional": case.team_member.email,
        "what": "Aanmelden bij schuldhulp", "due_on": (TODAY + timedelta(days=7)).isoformat()})
    assert action.status_code == 201, action.content
    assert action.json()["organisation"] == {"id": network.de_kern.pk, "name": "De Kern"}
    v += 1
    assert mee_api.patch(f"/plans/{plan.pk}", {"version": v, "budget_total": "1000"}).status_code == 200
    v += 1
    line = mee_api.post(f"/plans/{plan.pk}/budget-lines", {"version": v, "action": action.json()["id"],
                                                           "funding_source": "debt_help", "allocated": "600",
                                                           "committed": "100.50"})
    assert line.status_code == 201, line.content
    assert line.json()["remaining"] == "499.50"
    v += 1
    patched = mee_api.patch(f"/plans/budget-lines/{line.json()['id']}", {"version": v, "spent": "99.50"})
    assert patched.status_code == 200 and patched.json()["remaining"] == "400.00"
    v += 1
    plan_body = mee_api.get(f"/plans/{plan.pk}").json()
    assert plan_body["budget"]["allocated"] == "600.00" and plan_body["budget"]["unallocated"] == "400.00"
    assessment = mee_api.post(f"/plans/{plan.pk}/assessments", {
        "moment": "intake", "assessed_on": TODAY.isoformat(), "scores": {"financien": 2, "justitie": None}})
    assert assessment.status_code == 201 and assessment.json()["scores"] == {"financien": 2}
    assert [a["moment"] for a in mee_api.get(f"/plans/{plan.pk}/assessments").json()] == ["intake"]
    assert len(mee_api.get(f"/plans/{plan.pk}/goals").json()) == 1
    assert len(mee_api.get(f"/plans/{plan.pk}/actions").json()) == 1
    assert len(mee_api.get(f"/plans/{plan.pk}/budget-lines").json()) == 1
    goal_patch = mee_api.patch(f"/plans/goals/{goal.json()['id']}", {"version": v, "current_score": 3})
    assert goal_patch.status_code == 200 and goal_patch.json()["current_score"] == 3
    v += 1
    action_patch = mee_api.patch(f"/plans/actions/{action.json()['id']}", {"version": v, "status": "done"})
    assert action_patch.status_code == 200 and action_patch.json()["status"] == "done"


@pytest.mark.parametrize("body, field", [
    ({"allocated": "-10"}, "allocated"),
    ({"allocated": "tien"}, "allocated"),
    ({"allocated": "10.001"}, "allocated"),
    ({"allocated": "10", "spent": -1}, "spent"),
    ({"allocated": "10", "funding_source": "lottery"}, "funding_source"),
])
def test_bad_amounts_get_422_naming_the_field(mee_api, plan, body, field):
    payload = {"version": plan.version, "funding_source": "wmo", **body}
    assert_invalid(mee_api.post(f"/plans/{plan.pk}/budget-lines", payload), "body", field)
    assert not BudgetLine.objects.exists()
    assert Plan.objects.get(pk=plan.pk).version == plan.version


@pytest.mark.parametrize("path, body, field", [
    ("/goals", {"life_domain": "financien", "description": "x", "current_score": 6, "target_score": 3},
     "current_score"),
    ("/goals", {"life_domain": "financien", "description": "x", "current_score": 2, "target_score": 0},
     "target_score"),
    ("/goals", {"life_domain": "geluk", "description": "x", "current_score": 2, "target_score": 3}, "life_domain"),
    ("/assessments", {"moment": "intake", "assessed_on": "2025-01-10", "scores": {"financien": 7}}, "scores"),
    ("/assessments", {"moment": "intake", "assessed_on": "2025-01-10", "scores": {"geluk": 3}}, "scores.geluk"),
    ("/close", {"reason": "goals_reached", "assessed_on": "2025-01-10", "scores": {"financien": 4},
                "satisfaction": 11}, "satisfaction"),
])
def test_scores_outside_their_range_get_422(mee_api, plan, path, body, field):
    payload = {"version": plan.version, **body}
    response = mee_api.post(f"/plans/{plan.pk}{path}", payload)
    assert response.status_code == 422, response.content
    assert any(field in [str(part) for part in error["loc"]] for error in response.json()["detail"]), response.json()
    assert not Goal.objects.exists() and Plan.objects.get(pk=plan.pk).status == "active"


def test_overspend_needs_confirm_overspend(mee_api, plan):
    body = {"version": plan.version, "funding_source": "wmo", "allocated": "100", "committed": "80", "spent": "40"}
    response = mee_api.post(f"/plans/{plan.pk}/budget-lines", body)
    assert_invalid(response, "body", "confirm_overspend")
    assert not BudgetLine.objects.exists()
    response = mee_api.post(f"/plans/{plan.pk}/budget-lines", {**body, "confirm_overspend": True})
    assert response.status_code == 201
    assert response.json()["remaining"] == "0.00" and response.json()["overspent"] == "20.00"


def test_handover_evaluation_and_closure(mee_api, case, plan, network):
    evaluation = mee_api.post(f"/plans/{plan.pk}/evaluations", {"version": plan.version, "note": "Goed bezig"})
    assert evaluation.status_code == 201 and evaluation.json()["snapshot"]["plan"]["id"] == plan.pk
    handover = mee_api.post(f"/plans/{plan.pk}/handover", {"version": plan.version + 1, "to": case.assigned.email,
                                                           "to_organisation": network.mee.pk, "note": "Verlof"})
    assert handover.status_code == 201, handover.content
    assert handover.json()["to_user"] == "Toos Toegewezen"
    # Rita is no longer the coordinator; Toos (assigned) closes, on behalf of MEE's system.
    for_person(mee_api, case.assigned)
    closed = mee_api.post(f"/plans/{plan.pk}/close", {
        "version": plan.version + 2, "reason": "goals_reached", "assessed_on": TODAY.isoformat(),
        "scores": {"financien": 4}, "satisfaction": 8, "satisfaction_comment": "Prettig"})
    assert closed.status_code == 200, closed.content
    assert (closed.json()["status"], closed.json()["satisfaction"]) == ("closed", 8)
    versions = mee_api.get(f"/plans/{plan.pk}/versions").json()
    assert [v["kind"] for v in versions] == ["evaluation", "closure"]


def test_create_plan_for_a_household_without_one(client, case, network):
    household = Household.objects.create(municipality=network.zwolle)
    Assignment.objects.create(household=household, municipality=network.zwolle, user=case.assigned,
                              organisation=network.mee)
    api = for_person(api_with_token(client, network.mee, "households:write", "households:read"), case.assigned)
    body = {"coordinator": case.assigned.email, "coordinator_organisation": network.mee.pk, "summary": "Start"}
    created = api.post(f"/plans/households/{household.pk}/plan", body)
    assert created.status_code == 201 and created.json()["version"] == 1
    assert_invalid(api.post(f"/plans/households/{household.pk}/plan", body), "body", "household")
    strengths = api.put(f"/plans/households/{household.pk}/strengths",
                        {"strengths": "Zelfstandig", "informal_network": "Buren", "version": 1})
    assert strengths.status_code == 200 and strengths.json()["strengths"] == "Zelfstandig"
    stale = api.put(f"/plans/households/{household.pk}/strengths",
                    {"strengths": "Anders", "informal_network": "", "version": 1})
    assert stale.status_code == 409 and stale.json()["current"]["strengths"] == "Zelfstandig"


def test_breakthroughs_for_the_coordinator_and_the_municipality(client, mee_api, case, plan, people, network):
    raised = mee_api.post(f"/plans/{plan.pk}/breakthroughs", {"rule": "Participatiewet art. 18",
                                                              "obstacle": "Sanne verliest haar toeslag"})
    assert raised.status_code == 201 and raised.json()["obstacle"] == "Sanne verliest haar toeslag"
    # Zwolle's municipality system acting for its functional administrator: no personal data.
    municipality = for_person(api_with_token(client, network.gemeente_zwolle, "households:read",
                                             "households:write"), people.admin)
    listing = municipality.get("/plans/breakthroughs")
    assert listing.status_code == 200
    text = json.dumps(listing.json())
    assert "Participatiewet art. 18" in text and "Sanne" not in text and "toeslag" not in text
    assert "obstacle" not in text
    decided = municipality.post(f"/plans/breakthroughs/{raised.json()['id']}/decision",
                                {"decision": "Uitzondering voor een half jaar", "budget_granted": "300"})
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    assert "Uitzondering" not in json.dumps(decided.json())
    assert municipality.get(f"/plans/{plan.pk}").status_code == 403  # the plan itself stays closed to them
    closed = mee_api.post(f"/plans/breakthroughs/{raised.json()['id']}/close", {"follow_up": "Opgelost"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    # Meierijstad's policy officer does not see Zwolle's breakthroughs.
    org = network.gemeente_meierijstad
    meierij = for_person(api_with_token(client, org, "households:read"), people.policy)
    assert meierij.get("/plans/breakthroughs", {"status": "closed"}).json()["count"] == 0


def test_households_list_uses_a_constant_number_of_queries(mee_api, case, network):
    organisation = network.mee

    def add(count, start):
        for i in range(start, start + count):
            household = Household.objects.create(municipality=network.zwolle, neighbourhood=network.stadshagen)
            Person.objects.create(household=household, municipality=network.zwolle, given_name=f"N{i}",
                                  family_name="T")
            Plan.objects.create(household=household, municipality=network.zwolle, coordinator=case.coordinator_user,
                                coordinator_organisation=organisation)

    add(4, 0)
    mee_api.get("/plans/households")  # warm up: the token's last use, the log chain's first entry
    few, response = mee_api.count_queries("/plans/households")
    assert response.json()["count"] == 5
    add(25, 4)
    many, response = mee_api.count_queries("/plans/households")
    assert response.json()["count"] == 30 and len(response.json()["items"]) == 30
    assert many == few


def test_writes_through_the_api_are_logged_as_the_token_on_behalf_of_the_person(mee_api, case, plan):
    mee_api.patch(f"/plans/{plan.pk}", {"version": plan.version, "summary": "Via het bronsysteem"})
    entry = AccessLogEntry.objects.get(subject_type="plan")
    assert entry.source == "api" and entry.user_label.startswith("token ")
    assert entry.on_behalf_of == case.coordinator_user.email and entry.detail == f"plan:{plan.pk}:update:summary:v2"


def test_the_coordinator_may_come_from_any_organisation(case, plan, network):
    """One coordinator from any organisation: a De Kern professional coordinates after a hand-over."""
    organisation = Organisation.objects.create(name="Schuldhulp Zwolle", kind="debt_help", municipality=network.zwolle)
    debt_worker = make_person("schuld@example.test", "Sam Schuld", [(organisation, Role.PROFESSIONAL)])
    services.hand_over_coordinator(actor(case.coordinator_user), Plan.objects.get(pk=plan.pk),
                                   expected_version=plan.version, to_user=debt_worker, to_organisation=organisation)
    assert Plan.objects.get(pk=plan.pk).coordinator_organisation == organisation
    assert Action.objects.count() == 0 and Breakthrough.objects.count() == 0
