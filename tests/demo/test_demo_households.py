"""Demo households: every stage of the front door and the plan, built through the real services."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from samenkracht.accounts.models import User
from samenkracht.demo import households_data
from samenkracht.demo.households import build_demo_households
from samenkracht.demo.loader import build_demo_network
from samenkracht.demo.socialmap_loader import build_demo_social_map
from samenkracht.demo.users import demo_email
from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans import services as plan_services
from samenkracht.plans.models import (
    Action,
    Assessment,
    BudgetLine,
    Breakthrough,
    CoordinatorHandover,
    Goal,
    Household,
    Person,
    Plan,
    PlanVersion,
)
from samenkracht.privacy import log, policy
from samenkracht.privacy.models import AccessLogEntry
from tests.conftest import sign_in
from tests.demo.test_demo import ARTICLE_PEOPLE, SEEDS

MODELS = [Household, Person, HelpRequest, Triage, Plan, Goal, Action, BudgetLine, Assessment, PlanVersion,
          CoordinatorHandover, Breakthrough, User]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo, built once for this module inside a transaction that is rolled back at its end (each
    test runs in a savepoint within it, so what one test changes is gone before the next)."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo_network()
        build_demo_social_map()
        yield build_demo_households()
        transaction.set_rollback(True)


@pytest.fixture
def demo(built, db):
    return built


def user(local: str) -> User:
    return User.objects.get(email=demo_email(local))


def test_every_stage_of_the_flow_exists_with_its_access_log(demo):
    assert demo == {"households": 6, "help requests": len(households_data.CASES), "plans": 5}
    requests = HelpRequest.objects.select_related("team__municipality")
    assert {r.team.municipality.name for r in requests} >= {"Zwolle", "Almelo", "Delft", "Vijfheerenlanden"}
    new = requests.filter(status="new")
    assert new.filter(urgency="crisis").exists()                       # flagged until triaged
    assert any(r.is_overdue for r in new)                              # waiting too long
    assert {r.signal_topic for r in new.filter(channel="signal")} == {"schulden", "dementie"}
    assert {r.signal_source for r in requests.filter(channel="signal")} >= {"school", "gp", "volunteer"}
    public = requests.get(channel="online_form")
    assert public.status == "new" and public.registered_by_id is None and public.team.name == "De Toegang Delft"

    outcomes = set(Triage.objects.values_list("outcome", flat=True))
    assert outcomes == {"advice", "open_access", "plan", "tailored", "crisis"}
    for triage in Triage.objects.select_related("organisation_a", "organisation_b"):
        assert triage.organisation_a_id != triage.organisation_b_id
    assert all(t.service.access_type == "open" for t in Triage.objects.filter(outcome="open_access"))
    assert set(Triage.objects.filter(outcome="tailored").values_list("law", flat=True)) == {"wmo", "jeugdwet"}
    assert not Triage.objects.filter(outcome="tailored", handed_to_decision_at__isnull=True).exists()

    active = Plan.objects.filter(status="active")
    assert active.count() == 4
    for plan in active:
        assert plan.household.strengths and plan.household.informal_network
        assert plan.goals.exists() and plan.actions.exists() and plan.budget_lines.exists()
        assert plan.next_evaluation_on is not None
        assert plan.assessments.filter(moment="intake").exists()
    assert set(Action.objects.values_list("performer", flat=True)) == {
        "organisation", "professional", "volunteer", "own_network", "resident"}
    assert len(set(BudgetLine.objects.values_list("funding_source", flat=True))) == 6
    near = [line for line in BudgetLine.objects.all()
            if line.committed + line.spent <= line.allocated and line.committed + line.spent >= line.allocated * 9 / 10]
    assert near, "one budget line is close to overspending"
    assert not [line for line in BudgetLine.objects.all() if line.committed + line.spent > line.allocated]
    assert Assessment.objects.filter(moment="evaluation").exists()
    assert PlanVersion.objects.filter(kind="evaluation").exists()
    handover = CoordinatorHandover.objects.get()
    assert handover.plan.coordinator == handover.to_user == user("wmo") and handover.from_user == user("wijkcoach")
    assert set(Breakthrough.objects.values_list("status", flat=True)) == {"open", "decided"}

    closed = Plan.objects.get(status="closed")
    assert closed.closure_reason == "goals_reached" and closed.satisfaction == 8 and closed.satisfaction_comment
    assert closed.assessments.filter(moment="closure").exists() and closed.versions.filter(kind="closure").exists()

    # Written through the services as the demo professionals: the access log has what real use writes.
    entries = AccessLogEntry.objects.filter(source="cli")
    assert entries.filter(event="create", subject_type="help_request").count() == len(households_data.CASES) - 1
    assert AccessLogEntry.objects.filter(event="create", subject_type="help_request",
                                         user_label="resident (online form)").count() == 1
    assert entries.filter(event="create", subject_type="triage").count() == Triage.objects.count()
    assert entries.filter(event="create", subject_type="person").count() == Person.objects.count()
    assert entries.filter(subject_type="plan", detail__startswith="closure:").count() == 1
    assert entries.filter(subject_type="breakthrough", event="update").count() == 1  # the decision
    assert not entries.filter(outcome="denied").exists()
    checked, problems = log.verify()
    assert checked and not problems


def test_a_second_run_adds_nothing_and_nobody_is_real(demo):
    before = {model.__name__: model.objects.count() for model in MODELS}
    entries = AccessLogEntry.objects.count()
    assert build_demo_households() == demo
    assert {model.__name__: model.objects.count() for model in MODELS} == before
    # The second run only looks at the teams' requests (one logged search per team).
    new = AccessLogEntry.objects.order_by("id")[entries:]
    assert {e.event for e in new} == {"search"} and len(new) == 4

    # Synthetic people only: nobody named in the source articles.
    names = [f"{p.given_name} {p.family_name}" for p in Person.objects.all()]
    names += [r.contact_name for r in HelpRequest.objects.all()]
    names += list(User.objects.values_list("full_name", flat=True))
    text = " ".join(names) + Path(households_data.__file__).read_text()
    for person in ARTICLE_PEOPLE:
        assert person not in text
    if not SEEDS.is_dir():
        pytest.skip(f"the source articles ({SEEDS}) are absent; only the known list was checked")
    articles = " ".join(p.read_text() for p in SEEDS.glob("*.txt"))
    for name in names:
        for part in name.split():
            if len(part) > 3 and part[0].isupper():
                assert not re.search(rf"\b{re.escape(part)}\b", articles), f"{part} occurs in an article"


def test_demo_accounts_see_their_households_and_others_do_not(demo, client):
    zwolle = Household.objects.filter(municipality__name="Zwolle")
    for local in ("mee", "maatschappelijkwerk"):
        assert set(policy.visible_households(actor_for_user(user(local)))) == set(zwolle)
    almelo = Household.objects.get(municipality__name="Almelo")
    assert list(policy.visible_households(actor_for_user(user("wijkcoach")))) == [almelo]
    assert list(policy.visible_households(actor_for_user(user("wmo")))) == [almelo]

    # A professional of another organisation without a relation: refused, and the refusal is logged.
    outsider = actor_for_user(user("kwadraad"))
    assert not policy.visible_households(outsider).filter(pk__in=zwolle).exists()
    plan = Plan.objects.filter(household__in=zwolle, status="active").first()
    household = plan.household
    with pytest.raises(PermissionDenied):
        policy.require_household(outsider, household, event="read", purpose="test")
    assert AccessLogEntry.objects.filter(subject_type="household", subject_id=str(household.pk),
                                         outcome="denied", user_id_value=user("kwadraad").pk).exists()
    with pytest.raises(PermissionDenied):
        plan_services.add_goal(outsider, plan, expected_version=plan.version, life_domain="financien",
                               description="x", current_score=2, target_score=3)
    # The team's worklist shows its requests, the crisis among them; another team's worklist does not.
    crisis = HelpRequest.objects.get(status="new", urgency="crisis")
    sign_in(client, user("maatschappelijkwerk"))
    assert crisis.reference in client.get("/voordeur/").content.decode()
    client.logout()
    sign_in(client, user("kwadraad"))
    assert crisis.reference not in client.get("/voordeur/").content.decode()
    assert client.get(f"/plannen/huishouden/{household.pk}/").status_code == 403
    assert client.get(f"/plannen/huishouden/{Household.objects.get(municipality__name='Delft').pk}/").status_code == 200
    client.logout()

    # Organisation coordinators see the plans coordinated from their organisation (no personal data).
    sign_in(client, user("coordinator.kern"))
    page = client.get("/plannen/regie/").content.decode()
    kern = Plan.objects.filter(status="active", coordinator_organisation__name="De Kern")
    assert kern.exists()
    for plan in kern:
        assert f"<td>{plan.pk}</td>" in page
    mee = Plan.objects.get(status="active", coordinator_organisation__name="MEE IJsseloevers")
    assert f"<td>{mee.pk}</td>" not in page
    client.logout()
    sign_in(client, user("coordinator.mee"))
    assert f"<td>{mee.pk}</td>" in client.get("/plannen/regie/").content.decode()
