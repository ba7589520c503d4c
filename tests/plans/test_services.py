"""The plan's use cases: one household, one plan, one coordinator, one budget; every rule and every log entry."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenkracht.accounts.tokens import issue_token
from samenkracht.network.permissions import TokenActor
from samenkracht.plans import services
from samenkracht.plans.models import (
    Action,
    Assessment,
    AssessmentScore,
    Breakthrough,
    BudgetLine,
    CoordinatorHandover,
    Goal,
    Household,
    Plan,
    PlanVersion,
)
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessLogEntry
from tests.plans.conftest import actor

TODAY = timezone.localdate()


def plan_state(plan: Plan) -> dict:
    """Every row of the plan, to prove that a refused change saved nothing."""
    plan = Plan.objects.get(pk=plan.pk)
    return {
        "plan": (plan.version, plan.summary, plan.budget_total, plan.status, plan.coordinator_id),
        "goals": list(Goal.objects.filter(plan=plan).values("id", "current_score", "target_score", "status")),
        "actions": list(Action.objects.filter(plan=plan).values("id", "performer", "status")),
        "budget": list(BudgetLine.objects.filter(plan=plan).values("id", "allocated", "committed", "spent")),
        "assessments": Assessment.objects.filter(plan=plan).count(),
        "scores": AssessmentScore.objects.filter(assessment__plan=plan).count(),
        "versions": PlanVersion.objects.filter(plan=plan).count(),
        "handovers": CoordinatorHandover.objects.filter(plan=plan).count(),
    }


def fresh(plan: Plan) -> Plan:
    return Plan.objects.select_related("household").get(pk=plan.pk)


def add_goal(who, plan, **overrides):
    fields = {"life_domain": "financien", "description": "Rekeningen op tijd betalen", "current_score": 2,
              "target_score": 4}
    fields.update(overrides)
    return services.add_goal(who, fresh(plan), expected_version=fresh(plan).version, **fields)


# --- One household, one plan, one coordinator -----------------------------------------------------


def test_one_active_plan_per_household(case, plan, network):
    with pytest.raises(ValidationError) as error:
        services.create_plan(actor(case.triage_a), household=case.household, coordinator=case.triage_a,
                             coordinator_organisation=network.de_kern)
    assert "household" in error.value.message_dict
    assert case.household.plans.count() == 1
    Plan.objects.filter(pk=plan.pk).update(status="closed", closed_at=timezone.now())
    # A triage professional (relation: triage) starts the next plan, coordinated from another organisation.
    new = services.create_plan(actor(case.triage_a), household=case.household, coordinator=case.triage_a,
                               coordinator_organisation=network.de_kern, summary="Weer grip op geld")
    assert (new.status, new.version, new.coordinator, new.summary) == ("active", 1, case.triage_a, "Weer grip op geld")
    entry = AccessLogEntry.objects.get(subject_type="plan", subject_id=str(new.pk))
    assert (entry.event, entry.outcome, entry.detail) == ("create", "allowed", f"plan:{new.pk}:create:coordinator,summary:v1")


def test_the_coordinator_must_work_for_the_chosen_organisation(case, plan, network):
    Plan.objects.filter(pk=plan.pk).update(status="closed")
    with pytest.raises(ValidationError) as error:
        services.create_plan(actor(case.triage_a), household=case.household, coordinator=case.triage_a,
                             coordinator_organisation=network.mee)
    assert "coordinator" in error.value.message_dict


def test_someone_without_a_relation_cannot_start_a_plan_and_the_refusal_is_logged(case, network):
    with pytest.raises(PermissionDenied):
        services.create_plan(actor(case.stranger), household=case.other_household, coordinator=case.stranger,
                             coordinator_organisation=network.de_kern)
    assert not case.other_household.plans.exists()
    entry = AccessLogEntry.objects.get(user_id_value=case.stranger.pk)
    assert (entry.event, entry.outcome, entry.subject_id) == ("create", "denied", str(case.other_household.pk))


# --- Optimistic locking ---------------------------------------------------------------------------


def test_second_save_on_the_same_version_is_a_conflict_showing_the_other_change(case, plan):
    version = plan.version
    first = services.update_plan(actor(case.coordinator_user), fresh(plan), expected_version=version,
                                 summary="Schulden regelen, dan werk zoeken")
    assert first.version == version + 1
    before = plan_state(plan)
    with pytest.raises(services.PlanConflict) as conflict:
        services.update_plan(actor(case.team_member), fresh(plan), expected_version=version,
                             summary="Alleen werk zoeken", budget_total="250")
    assert plan_state(plan) == before  # nothing overwritten
    assert fresh(plan).summary == "Schulden regelen, dan werk zoeken"
    c = conflict.value
    assert (c.current_version, c.expected_version) == (version + 1, version)
    assert c.current == {"summary": "Schulden regelen, dan werk zoeken", "budget_total": Decimal("0.00")}
    assert c.submitted["summary"] == "Alleen werk zoeken"
    [change] = c.changes
    assert change.by == "Rita Regie (MEE IJsseloevers)" and change.kind == "plan" and change.fields == ["summary"]
    as_json = c.as_dict()
    assert as_json["current"]["budget_total"] == "0.00" and as_json["changes"][0]["version"] == version + 1
    # With the current version the second person saves deliberately.
    services.update_plan(actor(case.team_member), fresh(plan), expected_version=c.current_version,
                         summary="Alleen werk zoeken")
    assert fresh(plan).summary == "Alleen werk zoeken"


def test_a_stale_version_on_a_goal_is_a_conflict_with_the_goals_current_values(case, plan):
    goal = add_goal(actor(case.coordinator_user), plan)
    version = fresh(plan).version
    services.update_goal(actor(case.coordinator_user), goal, expected_version=version, current_score=3)
    with pytest.raises(services.PlanConflict) as conflict:
        services.update_goal(actor(case.assigned), Goal.objects.get(pk=goal.pk), expected_version=version,
                             current_score=1, description="Anders")
    assert conflict.value.current == {"current_score": 3, "description": "Rekeningen op tijd betalen"}
    assert Goal.objects.get(pk=goal.pk).current_score == 3
    assert conflict.value.changes[0].kind == "goal" and conflict.value.changes[0].object_id == str(goal.pk)


def test_the_version_is_required(case, plan):
    with pytest.raises(ValidationError) as error:
        services.update_plan(actor(case.coordinator_user), plan, expected_version=None, summary="x")
    assert "version" in error.value.message_dict


# --- Strengths first, goals and actions -----------------------------------------------------------


def test_strengths_and_network_come_first(case, plan):
    Household.objects.filter(pk=case.household.pk).update(strengths="", informal_network="")
    with pytest.raises(ValidationError, match="eigen kracht"):
        add_goal(actor(case.coordinator_user), plan)
    services.record_strengths(actor(case.coordinator_user), fresh(plan).household, strengths="Kookt elke dag",
                              informal_network="Zus Fatima, buurman Kees", expected_version=fresh(plan).version)
    household = Household.objects.get(pk=case.household.pk)
    assert household.informal_network == "Zus Fatima, buurman Kees"
    goal = add_goal(actor(case.coordinator_user), plan)
    assert goal.life_domain_id == "financien"


def test_strengths_without_a_plan_need_no_version(case):
    Plan.objects.filter(household=case.household).update(status="closed")
    household = services.record_strengths(actor(case.team_member), case.household, strengths="Kan goed koken",
                                          informal_network="Buren")
    assert Household.objects.get(pk=household.pk).strengths == "Kan goed koken"


@pytest.mark.parametrize("performer, extra, field", [
    ("organisation", {}, "organisation"),
    ("professional", {}, "professional"),
    ("volunteer", {}, "performer_name"),
    ("own_network", {}, "performer_name"),
])
def test_an_action_names_who_does_it(case, plan, performer, extra, field):
    before = plan_state(plan)
    with pytest.raises(ValidationError) as error:
        services.add_action(actor(case.coordinator_user), fresh(plan), expected_version=fresh(plan).version,
                            performer=performer, what="Iets doen", **extra)
    assert field in error.value.message_dict
    assert plan_state(plan) == before


def test_actions_by_every_kind_of_performer(case, plan, network):
    who = actor(case.coordinator_user)
    goal = add_goal(who, plan)
    cases = [
        {"performer": "resident", "what": "Zelf de bank bellen"},
        {"performer": "own_network", "performer_name": "Buurvrouw Els", "what": "Post samen openen"},
        {"performer": "volunteer", "performer_name": "Maatje Jan", "organisation": network.de_kern,
         "what": "Thuisadministratie"},
        {"performer": "professional", "professional": case.team_member, "what": "Schuldhulp aanvragen"},
        {"performer": "organisation", "organisation": network.mee, "what": "Cliëntondersteuning"},
    ]
    for fields in cases:
        services.add_action(who, fresh(plan), expected_version=fresh(plan).version, goal=goal,
                            due_on=TODAY + timedelta(days=14), **fields)
    actions = {a.performer: a for a in Action.objects.filter(plan=plan)}
    assert actions["professional"].organisation == network.de_kern  # the professional's own organisation
    assert actions["own_network"].organisation is None and actions["resident"].professional is None
    action = actions["resident"]
    services.update_action(who, action, expected_version=fresh(plan).version, status="done")
    assert Action.objects.get(pk=action.pk).status == "done"


# --- Scores ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("field, value", [
    ("current_score", 0), ("current_score", 6), ("target_score", -1), ("target_score", "vijf"),
    ("current_score", 2.5), ("current_score", True), ("current_score", None),
])
def test_goal_scores_outside_one_to_five_are_refused(case, plan, field, value):
    before = plan_state(plan)
    with pytest.raises(ValidationError) as error:
        add_goal(actor(case.coordinator_user), plan, **{field: value})
    assert field in error.value.message_dict
    assert plan_state(plan) == before


@pytest.mark.parametrize("scores, field", [
    ({"financien": 6}, "scores.financien"),
    ({"financien": 0}, "scores.financien"),
    ({"financien": "hoog"}, "scores.financien"),
    ({"onbekend": 3}, "scores.onbekend"),
    ({}, "scores"),
    ({"financien": None}, "scores"),
])
def test_assessment_scores_outside_one_to_five_are_refused(case, plan, scores, field):
    before = plan_state(plan)
    with pytest.raises(ValidationError) as error:
        services.record_assessment(actor(case.coordinator_user), plan, moment="intake", assessed_on=TODAY,
                                   scores=scores)
    assert field in error.value.message_dict
    assert plan_state(plan) == before


def test_an_assessment_scores_the_13_domains_or_leaves_them_empty(case, plan):
    scores = {"financien": 2, "werk-opleiding": 3, "huisvesting": None, "sociaal-netwerk": "4"}
    assessment = services.record_assessment(actor(case.assigned), plan, moment="intake",
                                            assessed_on=TODAY - timedelta(days=30), scores=scores)
    assert assessment.assessor == case.assigned
    assert dict(assessment.scores.values_list("life_domain_id", "score")) == {
        "financien": 2, "werk-opleiding": 3, "sociaal-netwerk": 4}
    assert fresh(plan).version == plan.version  # an assessment is a record of its own
    with pytest.raises(ValidationError) as error:
        services.record_assessment(actor(case.assigned), plan, moment="intake",
                                   assessed_on=TODAY + timedelta(days=1), scores={"financien": 2})
    assert "assessed_on" in error.value.message_dict


# --- Budget ---------------------------------------------------------------------------------------


def budget(plan, total="1000"):
    return services.update_plan(actor_of(plan), fresh(plan), expected_version=fresh(plan).version,
                                budget_total=total)


def actor_of(plan):
    return actor(fresh(plan).coordinator)


def line(plan, **fields):
    fields.setdefault("funding_source", "wmo")
    confirm = fields.pop("confirm_overspend", False)
    return services.add_budget_line(actor_of(plan), fresh(plan), expected_version=fresh(plan).version,
                                    confirm_overspend=confirm, **fields)


def test_budget_totals_and_remaining(case, plan):
    budget(plan, "2000")
    line(plan, funding_source="wmo", allocated="800", committed="200", spent="150.50")
    line(plan, funding_source="debt_help", allocated="500", spent="500")
    line(plan, funding_source="special_assistance", allocated="250.25")
    lines = list(BudgetLine.objects.filter(plan=plan))
    totals = services.budget_totals(fresh(plan), lines)
    assert totals["allocated"] == Decimal("1550.25")
    assert totals["committed"] == Decimal("200.00")
    assert totals["spent"] == Decimal("650.50")
    assert totals["remaining"] == Decimal("699.75")  # allocated - committed - spent
    assert totals["unallocated"] == Decimal("449.75")  # budget - allocated
    assert totals["over_allocated"] == totals["overspent"] == Decimal("0")


def test_overspending_a_line_needs_confirmation(case, plan):
    budget(plan, "1000")
    before = plan_state(plan)
    with pytest.raises(services.OverspendWarning) as warning:
        line(plan, allocated="300", committed="200", spent="150")
    assert "350" in warning.value.warnings[0] and "300" in warning.value.warnings[0]
    assert plan_state(plan) == before  # nothing saved, not even the version
    saved = line(plan, allocated="300", committed="200", spent="150", confirm_overspend=True)
    totals = services.budget_totals(fresh(plan), [saved])
    assert totals["overspent"] == Decimal("50.00") and totals["remaining"] == Decimal("0")  # never negative


def test_allocating_more_than_the_budget_needs_confirmation(case, plan):
    budget(plan, "500")
    line(plan, allocated="400")
    with pytest.raises(services.OverspendWarning, match="hoger dan het budget van het plan"):
        line(plan, allocated="200")
    existing = BudgetLine.objects.get(plan=plan)
    with pytest.raises(services.OverspendWarning):
        services.update_budget_line(actor_of(plan), existing, expected_version=fresh(plan).version, allocated="600")
    with pytest.raises(services.OverspendWarning):  # lowering the budget below what is allocated
        budget(plan, "300")
    assert fresh(plan).budget_total == Decimal("500.00")
    services.update_plan(actor_of(plan), fresh(plan), expected_version=fresh(plan).version, budget_total="300",
                         confirm_overspend=True)
    totals = services.budget_totals(fresh(plan), list(BudgetLine.objects.filter(plan=plan)))
    assert totals["over_allocated"] == Decimal("100.00") and totals["unallocated"] == Decimal("0")


@pytest.mark.parametrize("field, value", [
    ("allocated", "-1"), ("allocated", "-0.01"), ("committed", "-5"), ("spent", -10),
    ("allocated", "abc"), ("allocated", "12,345.6"), ("allocated", "1.234"), ("allocated", "NaN"),
    ("allocated", "Infinity"), ("allocated", True), ("allocated", ""), ("spent", "1e12"),
])
def test_negative_and_non_numeric_amounts_are_refused(case, plan, field, value):
    budget(plan, "1000")
    before = plan_state(plan)
    fields = {"allocated": "100", field: value}
    with pytest.raises(ValidationError) as error:
        line(plan, **fields)
    assert field in error.value.message_dict
    assert plan_state(plan) == before


def test_a_negative_plan_budget_is_refused(case, plan):
    with pytest.raises(ValidationError) as error:
        budget(plan, "-100")
    assert "budget_total" in error.value.message_dict
    assert fresh(plan).budget_total == Decimal("0")


def test_dutch_decimal_comma_is_understood(case, plan):
    budget(plan, "1000")
    saved = line(plan, allocated="125,50")
    assert saved.allocated == Decimal("125.50")


# --- Hand-over ------------------------------------------------------------------------------------


def test_hand_over_is_explicit_and_recorded(case, plan, network):
    handover = services.hand_over_coordinator(actor(case.coordinator_user), fresh(plan),
                                              expected_version=plan.version, to_user=case.team_member,
                                              to_organisation=network.de_kern, note="Warme overdracht op 3 maart")
    plan = fresh(plan)
    assert (plan.coordinator, plan.coordinator_organisation) == (case.team_member, network.de_kern)
    assert (handover.from_user, handover.to_user, handover.note) == (case.coordinator_user, case.team_member,
                                                                       "Warme overdracht op 3 maart")
    # The previous coordinator had no other relation: the file is closed to her now.
    with pytest.raises(PermissionDenied):
        policy.require_household(actor(case.coordinator_user), case.household, event="read", purpose="t")
    assert AccessLogEntry.objects.filter(subject_type="plan", detail__startswith=f"handover:{handover.pk}:").exists()


def test_only_the_coordinator_or_their_organisation_coordinator_hands_over(case, plan, people, network):
    before = plan_state(plan)
    for who in (case.team_member, case.assigned, case.stranger, people.coordinator):
        with pytest.raises(PermissionDenied):
            services.hand_over_coordinator(actor(who), fresh(plan), expected_version=plan.version,
                                           to_user=who, to_organisation=network.de_kern)
    assert plan_state(plan) == before
    assert AccessLogEntry.objects.filter(user_id_value=case.team_member.pk, outcome="denied",
                                         purpose="coordinator hand-over").exists()
    # MEE's organisation coordinator arranges it without any relation with the household (and is logged).
    services.hand_over_coordinator(actor(people.mee_coordinator), fresh(plan), expected_version=plan.version,
                                   to_user=case.assigned, to_organisation=network.mee)
    assert fresh(plan).coordinator == case.assigned
    entry = AccessLogEntry.objects.filter(user_id_value=people.mee_coordinator.pk, subject_type="household").get()
    assert (entry.outcome, entry.detail) == ("allowed", "relation: organisation coordinator")


def test_hand_over_to_someone_who_is_not_a_professional_is_refused(case, plan, people, network):
    with pytest.raises(ValidationError) as error:
        services.hand_over_coordinator(actor(case.coordinator_user), fresh(plan), expected_version=plan.version,
                                       to_user=people.policy, to_organisation=network.gemeente_meierijstad)
    assert "to_user" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.hand_over_coordinator(actor(case.coordinator_user), fresh(plan), expected_version=plan.version,
                                       to_user=case.coordinator_user, to_organisation=network.mee)


# --- Evaluation and closure -----------------------------------------------------------------------


def test_evaluation_keeps_versions(case, plan):
    who = actor(case.coordinator_user)
    add_goal(who, plan, description="Schulden in beeld")
    first = services.evaluate(who, fresh(plan), expected_version=fresh(plan).version, note="Eerste evaluatie",
                              next_evaluation_on=TODAY + timedelta(days=90))
    goal = Goal.objects.get(plan=plan)
    services.update_goal(who, goal, expected_version=fresh(plan).version, current_score=4, status="reached")
    second = services.evaluate(who, fresh(plan), expected_version=fresh(plan).version, note="Tweede evaluatie")
    assert list(PlanVersion.objects.filter(plan=plan).order_by("version").values_list("version", flat=True)) == [
        first.version, second.version]
    assert first.version < second.version == fresh(plan).version
    old, new = json.loads(first.snapshot), json.loads(second.snapshot)
    assert old["goals"][0]["current_score"] == 2 and new["goals"][0]["current_score"] == 4
    assert old["goals"][0]["description"] == "Schulden in beeld"
    assert old["household"]["strengths"] == "Goed netwerk van buren"
    assert fresh(plan).next_evaluation_on is None  # the second evaluation planned none
    with pytest.raises(PermissionDenied):  # the coordinator evaluates, not a team member
        services.evaluate(actor(case.team_member), fresh(plan), expected_version=fresh(plan).version)
    with pytest.raises(ValidationError):
        services.evaluate(who, fresh(plan), expected_version=fresh(plan).version,
                          next_evaluation_on=TODAY - timedelta(days=1))


def test_closure_records_reason_zrm_and_satisfaction(case, plan):
    who = actor(case.coordinator_user)
    closed = services.close_plan(who, fresh(plan), expected_version=plan.version, reason="goals_reached",
                                 assessed_on=TODAY, scores={"financien": 4, "sociaal-netwerk": 5},
                                 satisfaction="8", satisfaction_comment="Fijn dat er één aanspreekpunt was.")
    assert (closed.status, closed.closure_reason, closed.satisfaction) == ("closed", "goals_reached", 8)
    assert closed.satisfaction_comment == "Fijn dat er één aanspreekpunt was." and closed.closed_at
    closure = Assessment.objects.get(plan=plan, moment="closure")
    assert dict(closure.scores.values_list("life_domain_id", "score")) == {"financien": 4, "sociaal-netwerk": 5}
    assert PlanVersion.objects.get(plan=plan).kind == "closure"
    with pytest.raises(ValidationError, match="afgesloten"):
        services.update_plan(who, fresh(plan), expected_version=fresh(plan).version, summary="Nog iets")


@pytest.mark.parametrize("overrides, field", [
    ({"satisfaction": 11}, "satisfaction"),
    ({"satisfaction": 0}, "satisfaction"),
    ({"satisfaction": "goed"}, "satisfaction"),
    ({"satisfaction": None, "satisfaction_comment": "Tevreden"}, "satisfaction"),
    ({"reason": "weg"}, "reason"),
    ({"scores": {}}, "scores"),
])
def test_closure_refuses_bad_input(case, plan, overrides, field):
    fields = {"reason": "goals_reached", "assessed_on": TODAY, "scores": {"financien": 4}, "satisfaction": 7}
    fields.update(overrides)
    before = plan_state(plan)
    with pytest.raises(ValidationError) as error:
        services.close_plan(actor(case.coordinator_user), fresh(plan), expected_version=plan.version, **fields)
    assert field in error.value.message_dict
    assert plan_state(plan) == before


def test_satisfaction_is_optional(case, plan):
    closed = services.close_plan(actor(case.coordinator_user), fresh(plan), expected_version=plan.version,
                                 reason="moved", assessed_on=TODAY, scores={"huisvesting": 3})
    assert closed.satisfaction is None


# --- Breakthroughs --------------------------------------------------------------------------------


def test_breakthrough_flow(case, plan, people, network):
    with pytest.raises(PermissionDenied):  # the coordinator escalates, nobody else
        services.raise_breakthrough(actor(case.team_member), fresh(plan), obstacle="x", rule="y")
    breakthrough = services.raise_breakthrough(
        actor(case.coordinator_user), fresh(plan), obstacle="Beslag op loon maakt werk zinloos",
        rule="Participatiewet art. 18: geen uitzondering bij schulden")
    assert breakthrough.status == "open" and breakthrough.raised_by == case.coordinator_user
    # Meierijstad's policy officer does not decide for Zwolle.
    with pytest.raises(PermissionDenied):
        services.decide_breakthrough(actor(people.policy), breakthrough, decision="Akkoord")
    assert AccessLogEntry.objects.get(user_id_value=people.policy.pk).outcome == "denied"
    # Zwolle's functional administrator does, without any relation with the household.
    decided = services.decide_breakthrough(actor(people.admin), breakthrough,
                                           decision="Maatwerk: vrijlating van inkomsten gedurende 6 maanden",
                                           budget_granted="750")
    assert (decided.status, decided.budget_granted) == ("decided", Decimal("750.00")) and decided.decided_at
    entry = AccessLogEntry.objects.get(user_id_value=people.admin.pk)
    assert (entry.subject_type, entry.outcome, entry.organisation_label) == (
        "breakthrough", "allowed", "Gemeente Zwolle")
    with pytest.raises(ValidationError):
        services.decide_breakthrough(actor(people.admin), breakthrough, decision="Nogmaals")
    closed = services.close_breakthrough(actor(case.coordinator_user), breakthrough,
                                         follow_up="Werk aanvaard per 1 mei; schuldhulp loopt.")
    assert closed.status == "closed" and closed.follow_up.startswith("Werk aanvaard")


@pytest.mark.parametrize("fields, field", [
    ({"decision": ""}, "decision"),
    ({"decision": "Akkoord", "budget_granted": "-50"}, "budget_granted"),
    ({"decision": "Akkoord", "budget_granted": "veel"}, "budget_granted"),
])
def test_a_decision_refuses_bad_input(case, plan, people, fields, field):
    breakthrough = Breakthrough.objects.create(plan=plan, municipality=plan.municipality,
                                               raised_by=case.coordinator_user, obstacle="x", rule="Regel")
    with pytest.raises(ValidationError) as error:
        services.decide_breakthrough(actor(people.admin), breakthrough, **fields)
    assert field in error.value.message_dict
    assert Breakthrough.objects.get(pk=breakthrough.pk).status == "open"


# --- Access log -----------------------------------------------------------------------------------


def test_every_write_and_refusal_is_logged(case, plan):
    goal = add_goal(actor(case.team_member), plan)
    decision = AccessLogEntry.objects.get(subject_type="household", user_id_value=case.team_member.pk)
    assert (decision.event, decision.outcome, decision.detail) == ("create", "allowed", "relation: team")
    write = AccessLogEntry.objects.get(subject_type="plan", user_id_value=case.team_member.pk)
    assert write.detail == f"goal:{goal.pk}:create:current_score,description,life_domain,status,target_score:v2"
    assert "Rekeningen" not in write.detail + write.purpose  # ids and field names only, never content
    with pytest.raises(PermissionDenied):
        add_goal(actor(case.stranger), plan)
    refused = AccessLogEntry.objects.get(user_id_value=case.stranger.pk)
    assert (refused.event, refused.outcome) == ("create", "denied")


def test_a_read_only_token_cannot_write_and_is_logged(case, plan, network):
    token, _raw = issue_token(organisation=network.mee, name="t", scopes=["households:read"])
    reader = TokenActor(token=token, organisation_id=network.mee.pk, scopes=frozenset(token.scopes),
                        on_behalf_of_user=case.coordinator_user)
    before = plan_state(plan)
    with pytest.raises(PermissionDenied):
        services.update_plan(reader, fresh(plan), expected_version=plan.version, summary="x")
    assert plan_state(plan) == before
    entry = AccessLogEntry.objects.get(outcome="denied")
    assert entry.user_label.startswith("token ") and entry.on_behalf_of == case.coordinator_user.email
    writer_token, _ = issue_token(organisation=network.mee, name="w", scopes=["households:write"])
    writer = TokenActor(token=writer_token, organisation_id=network.mee.pk, scopes=frozenset(writer_token.scopes),
                        on_behalf_of_user=case.coordinator_user)
    services.update_plan(writer, fresh(plan), expected_version=plan.version, summary="Via de koppeling")
    assert fresh(plan).summary == "Via de koppeling"


def test_policy_officers_and_administrators_never_pass_the_policy(case, plan, people):
    for who in (people.policy, people.admin, people.privacy):
        with pytest.raises(PermissionDenied):
            services.update_plan(actor(who), fresh(plan), expected_version=plan.version, summary="x")
    assert not AccessLogEntry.objects.filter(outcome="allowed").exists()


def test_dates_are_checked(case, plan):
    with pytest.raises(ValidationError) as error:
        services.update_plan(actor(case.coordinator_user), fresh(plan), expected_version=plan.version,
                             next_evaluation_on="31-12-2025")
    assert "next_evaluation_on" in error.value.message_dict
    services.update_plan(actor(case.coordinator_user), fresh(plan), expected_version=plan.version,
                         next_evaluation_on=date(2030, 1, 31))
    assert fresh(plan).next_evaluation_on == date(2030, 1, 31)
