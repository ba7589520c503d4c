"""Builds synthetic demo households at every stage of the flow (demo/households_data.py).

Runs after the demo network and the demo social map. Everything is written through the same services the
web pages and the API use (frontdoor.services, plans.services), acting as the demo professionals, so the
same validation applies and the access log gets the entries real use would write.

Idempotent: for each team the builder first looks at the team's requests the way a member of the team
does (one logged search per team) and skips every case whose question is already there. Deterministic:
names, stories and scores come from the data module; only dates follow the day of building (timestamps
that the services set to "now" are moved back afterwards, so worklists show waiting times and due dates).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenkracht.accounts.models import User
from samenkracht.demo import households_data as data
from samenkracht.demo.loader import demo_totp_key
from samenkracht.demo.users import DEMO_PASSWORD, demo_email
from samenkracht.frontdoor import services as frontdoor
from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.network.models import Membership, Neighbourhood, Organisation, Team, TeamMember
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans import services as plans
from samenkracht.plans.models import (
    Breakthrough,
    CoordinatorHandover,
    Household,
    Plan,
    PlanStatus,
    PlanVersion,
)
from samenkracht.privacy import policy
from samenkracht.socialmap.models import AccessType, Service


@transaction.atomic
def build_demo_households(stdout=None) -> dict[str, int]:
    _build_extra_professionals()
    users = _users()
    teams = {t.name: t for t in Team.objects.filter(name__in={case["team"] for case in data.CASES})
             .select_related("municipality")}
    existing = _existing_questions(teams, users)
    now = timezone.now()
    for case in data.CASES:
        if case["question"] in existing.get(case["team"], set()):
            continue
        _build_case(case, teams[case["team"]], users, now)
    return {
        "households": Household.objects.count(),
        "help requests": HelpRequest.objects.count(),
        "plans": Plan.objects.count(),
    }


# --- Accounts -------------------------------------------------------------------------------------


def _build_extra_professionals() -> None:
    """The demo professionals of the Delft and Leerdam teams (password and TOTP as every demo account)."""
    organisations = {o.name: o for o in Organisation.objects.filter(
        name__in={entry[2] for entry in data.EXTRA_PROFESSIONALS})}
    for local, full_name, organisation_name, role, job_title, team_names in data.EXTRA_PROFESSIONALS:
        email = demo_email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=email, email=email, full_name=full_name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        organisation = organisations[organisation_name]
        Membership.objects.update_or_create(
            user=user, organisation=organisation, role=role, defaults={"job_title": job_title, "active": True})
        key = demo_totp_key(email)
        if not TOTPDevice.objects.filter(user=user, confirmed=True, key=key).exists():
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name="demo", confirmed=True, key=key)
        for team in Team.objects.filter(name__in=team_names):
            team.organisations.add(organisation)
            TeamMember.objects.get_or_create(team=team, user=user, defaults={"organisation": organisation})


def _users() -> dict[str, User]:
    locals_ = {case.get("by") for case in data.CASES} | {"beheer"}
    for case in data.CASES:
        triage = case.get("triage") or {}
        locals_ |= {triage.get("by"), triage.get("with"), triage.get("coordinator")}
        plan = case.get("plan") or {}
        locals_ |= {a.get("professional") for a in plan.get("actions", [])}
        locals_.add((plan.get("handover") or {}).get("to"))
        locals_ |= {(b.get("decide") or {}).get("by") for b in plan.get("breakthroughs", [])}
    emails = {demo_email(local): local for local in locals_ if local}
    return {emails[u.email]: u for u in User.objects.filter(email__in=emails)}


def _actor(user):
    return actor_for_user(user, source="cli")


# --- Idempotence ----------------------------------------------------------------------------------


def _existing_questions(teams: dict[str, Team], users: dict[str, User]) -> dict[str, set[str]]:
    """The questions each team already holds, read as a member of the team reads its worklist (logged)."""
    members: dict[str, str] = {}
    for case in data.CASES:  # the first professional who registers a case of the team
        if case.get("by"):
            members.setdefault(case["team"], case["by"])
    existing: dict[str, set[str]] = {}
    for name, team in teams.items():
        actor = _actor(users[members[name]])
        requests = list(policy.visible_help_requests(actor).filter(team=team).only("question"))
        policy.log_search(actor, subject_type="help_request", municipality_id=team.municipality_id,
                          purpose="demo data: requests the team already holds", count=len(requests))
        existing[name] = {r.question for r in requests}
    return existing


# --- One case -------------------------------------------------------------------------------------


def _at(now: datetime, days_ago: float) -> datetime:
    return now - timedelta(days=days_ago)


def _day(days: float) -> date:
    return timezone.localdate() + timedelta(days=days)


def _build_case(case: dict, team: Team, users: dict[str, User], now: datetime) -> None:
    neighbourhood = (Neighbourhood.objects.filter(municipality=team.municipality, name=case["neighbourhood"]).first()
                     if case.get("neighbourhood") else None)
    name, phone, email = case.get("contact", ("", "", ""))
    if case["channel"] == "online_form":
        help_request = frontdoor.submit_public_request(
            address=data.PUBLIC_FORM_SENDER, question=case["question"], postcode=case.get("postcode", ""),
            team=team, contact_name=name, contact_phone=phone, contact_email=email)
    else:
        help_request = frontdoor.register_help_request(
            _actor(users[case["by"]]), team=team, channel=case["channel"], question=case["question"],
            life_domains=case.get("domains", []), neighbourhood=neighbourhood, urgency=case["urgency"],
            signal_source=case.get("signal_source", ""), signal_topic=case.get("signal_topic", ""),
            contact_name=name, contact_phone=phone, contact_email=email)
    registered_at = _at(now, case["days_ago"])
    if case.get("urgency") == "crisis" and not case.get("triage"):
        # An untriaged crisis is from today, so it shows as "triage today" rather than overdue.
        registered_at = max(registered_at, timezone.make_aware(datetime.combine(timezone.localdate(), time(0, 5))))
    HelpRequest.objects.filter(pk=help_request.pk).update(
        registered_at=registered_at,
        triage_due_at=HelpRequest.due_for(help_request.urgency, registered_at))
    help_request.refresh_from_db()

    household = None
    if case.get("household"):
        household = _register_household(case, help_request, neighbourhood, users)
        Household.objects.filter(pk=household.pk).update(created_at=registered_at)
    if case.get("triage"):
        _triage(case, help_request, users, now)
    if case.get("plan"):
        plan = Plan.objects.get(household=household, status=PlanStatus.ACTIVE)
        _build_plan(case["plan"], plan, users, now, started=_at(now, case["triage"]["days_ago"]))


def _register_household(case: dict, help_request: HelpRequest, neighbourhood, users) -> Household:
    spec = case["household"]
    actor = _actor(users[case["by"]])
    members = [{**m, "date_of_birth": date.fromisoformat(m["date_of_birth"])} for m in spec["members"]]
    try:
        return frontdoor.register_household_for_request(
            actor, help_request, members=members, neighbourhood=neighbourhood, address=spec.get("address", ""),
            postcode=spec.get("postcode", ""))
    except frontdoor.DuplicateHouseholds as found:  # a household entered by hand earlier: link it instead
        candidates = [d.household_id for d in found.duplicates]
        frontdoor.link_household(actor, help_request, Household.objects.get(pk=candidates[0]),
                                 candidates=candidates)
        help_request.refresh_from_db()
        return help_request.household


def _open_access_service(organisation: str, name: str, municipality) -> Service | None:
    services = Service.objects.visible_to_residents().filter(access_type=AccessType.OPEN)
    return (services.filter(organisation__name=organisation, name=name).first()
            or services.filter(municipalities=municipality).order_by("name", "pk").first()
            or services.order_by("name", "pk").first())


def _triage(case: dict, help_request: HelpRequest, users, now: datetime) -> None:
    spec = case["triage"]
    service = None
    if spec["outcome"] == "open_access":
        service = _open_access_service(*spec["service"], help_request.municipality)
    triage = frontdoor.record_triage(
        _actor(users[spec["by"]]), help_request, second_professional=users[spec["with"]], outcome=spec["outcome"],
        notes=spec.get("notes", ""), service=service, law=spec.get("law", ""),
        coordinator=users.get(spec.get("coordinator")))
    held_at = _at(now, spec["days_ago"])
    Triage.objects.filter(pk=triage.pk).update(
        held_at=held_at, handed_to_decision_at=held_at if triage.handed_to_decision_at else None)


def _build_plan(spec: dict, plan: Plan, users, now: datetime, *, started: datetime) -> None:
    Plan.objects.filter(pk=plan.pk).update(created_at=started)
    coordinator = plan.coordinator
    actor = _actor(coordinator)
    plans.update_plan(actor, plan, expected_version=plan.version, summary=spec["summary"],
                      budget_total=Decimal(spec["budget_total"]), next_evaluation_on=_day(28))
    household = plan.household
    plans.record_strengths(actor, household, strengths=spec["strengths"], informal_network=spec["network"],
                           expected_version=plan.version)
    plan.refresh_from_db()

    goals = []
    for domain, description, current, target, *status in spec.get("goals", []):
        goals.append(plans.add_goal(actor, plan, expected_version=plan.version, life_domain=domain,
                                    description=description, current_score=current, target_score=target,
                                    status=status[0] if status else "open"))
    actions = []
    organisations = {o.name: o for o in Organisation.objects.filter(
        name__in={a["organisation"] for a in spec.get("actions", []) if a.get("organisation")})}
    for entry in spec.get("actions", []):
        fields = {
            "goal": goals[entry["goal"]] if entry.get("goal") is not None else None,
            "performer": entry["performer"], "what": entry["what"], "status": entry.get("status", "planned"),
            "performer_name": entry.get("performer_name", ""), "due_on": _day(entry.get("due_in_days", 14)),
            "organisation": organisations.get(entry.get("organisation")),
            "professional": users.get(entry.get("professional")),
        }
        actions.append(plans.add_action(actor, plan, expected_version=plan.version, **fields))
    for entry in spec.get("budget", []):
        plans.add_budget_line(actor, plan, expected_version=plan.version,
                              action=actions[entry["action"]] if entry.get("action") is not None else None,
                              funding_source=entry["funding_source"], allocated=entry["allocated"],
                              committed=entry["committed"], spent=entry["spent"])

    if spec.get("intake"):
        plans.record_assessment(actor, plan, moment="intake", assessed_on=_day(-spec["intake"]["days_ago"]),
                                scores=spec["intake"]["scores"], person=household.members.order_by("pk").first())
    if spec.get("evaluation"):
        evaluation = spec["evaluation"]
        plans.record_assessment(actor, plan, moment="evaluation", assessed_on=_day(-evaluation["days_ago"]),
                                scores=evaluation["scores"], person=household.members.order_by("pk").first())
        version = plans.evaluate(actor, plan, expected_version=plan.version, note=evaluation["note"],
                                 next_evaluation_on=_day(evaluation["next_in_days"]))
        PlanVersion.objects.filter(pk=version.pk).update(created_at=_at(now, evaluation["days_ago"]))

    for entry in spec.get("breakthroughs", []):
        breakthrough = plans.raise_breakthrough(actor, plan, obstacle=entry["obstacle"], rule=entry["rule"])
        Breakthrough.objects.filter(pk=breakthrough.pk).update(raised_at=_at(now, 20))
        if entry.get("decide"):
            decide = entry["decide"]
            plans.decide_breakthrough(_actor(users[decide["by"]]), breakthrough, decision=decide["decision"],
                                      budget_granted=decide.get("budget"))
            Breakthrough.objects.filter(pk=breakthrough.pk).update(decided_at=_at(now, 12))

    if spec.get("handover"):
        to_user = users[spec["handover"]["to"]]
        membership = Membership.objects.filter(user=to_user, active=True, role__in=policy.CARE_ROLES).first()
        handover = plans.hand_over_coordinator(actor, plan, expected_version=plan.version, to_user=to_user,
                                               to_organisation=membership.organisation,
                                               note=spec["handover"]["note"])
        CoordinatorHandover.objects.filter(pk=handover.pk).update(at=_at(now, 5))

    if spec.get("close"):
        close = spec["close"]
        closed_on = 10
        plans.close_plan(actor, plan, expected_version=plan.version, reason=close["reason"],
                         assessed_on=_day(-closed_on), scores=close["scores"], satisfaction=close["satisfaction"],
                         satisfaction_comment=close["comment"], note=close.get("note", ""))
        Plan.objects.filter(pk=plan.pk).update(closed_at=_at(now, closed_on))
        PlanVersion.objects.filter(plan=plan, kind="closure").update(created_at=_at(now, closed_on))
