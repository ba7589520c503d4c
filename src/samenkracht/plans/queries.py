"""Every read of households and plans goes through the access policy and is logged.

- Lists use ``policy.visible_households`` and are logged once (``policy.log_search``) with the number of
  rows shown; they take a constant number of queries whatever their length.
- One household (or a part of its plan) is read only after ``policy.require_household``, which logs the
  read or the refusal.
- Municipality policy officers and functional administrators see breakthroughs of their municipality
  through ``breakthrough_overview`` / ``breakthrough_summary``: plain values (rule, dates, status, budget
  granted, the coordinator's organisation), never the household, the obstacle or any other personal data.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.network.models import Role
from samenkracht.plans import services
from samenkracht.plans.models import (
    Action,
    Assessment,
    AssessmentScore,
    Breakthrough,
    BreakthroughStatus,
    BudgetLine,
    CoordinatorHandover,
    Goal,
    Household,
    HouseholdRole,
    Person,
    Plan,
    PlanStatus,
    PlanVersion,
)
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessEvent, EmergencyAccess
from samenkracht.socialmap.models import LifeDomain


def require_professional(actor):
    """Resident data is for professionals (and tokens acting for one) only; others get 403 at once."""
    user = policy.acting_professional(actor)
    if user is None:
        raise PermissionDenied(_("Only professionals with a relation to a household see resident data."))
    return user


# --- Lists ----------------------------------------------------------------------------------------


def _active_plans() -> Prefetch:
    return Prefetch("plans", queryset=Plan.objects.filter(status=PlanStatus.ACTIVE).select_related(
        "coordinator", "coordinator_organisation"), to_attr="active_plans")


def households(actor) -> QuerySet[Household]:
    """The households this actor may see, with what a list shows, in a fixed number of queries."""
    return policy.visible_households(actor).select_related("neighbourhood", "holding_team").prefetch_related(
        Prefetch("members", queryset=Person.objects.order_by("id")), _active_plans(),
    ).order_by("-created_at", "-id")


def log_list(actor, rows: list, *, purpose: str, subject_type: str = "household") -> None:
    municipalities = {getattr(row, "municipality_id", None) for row in rows}
    municipality_id = municipalities.pop() if len(municipalities) == 1 else None
    policy.log_search(actor, subject_type=subject_type, municipality_id=municipality_id, purpose=purpose,
                      count=len(rows))


def applicant(household: Household) -> Person | None:
    members = list(household.members.all())
    for member in members:
        if member.role == HouseholdRole.APPLICANT:
            return member
    return members[0] if members else None


# --- One household --------------------------------------------------------------------------------


def get_household(actor, pk: int, *, purpose: str, event: str = AccessEvent.READ) -> tuple[Household, str]:
    require_professional(actor)
    household = Household.objects.select_related("municipality", "neighbourhood", "holding_team").filter(pk=pk).first()
    if household is None:
        raise Http404
    relation = policy.require_household(actor, household, event=event, purpose=purpose)
    return household, relation


def get_plan(actor, pk: int, *, purpose: str, event: str = AccessEvent.READ) -> Plan:
    require_professional(actor)
    plan = Plan.objects.select_related("household", "coordinator", "coordinator_organisation").filter(pk=pk).first()
    if plan is None:
        raise Http404
    policy.require_household(actor, plan.household, event=event, purpose=purpose)
    return plan


def get_plan_part(actor, model, pk: int, *, purpose: str, event: str = AccessEvent.READ):
    """A goal, action, budget line, version or breakthrough, read through its plan's household."""
    require_professional(actor)
    obj = model.objects.select_related("plan", "plan__household").filter(pk=pk).first()
    if obj is None:
        raise Http404
    policy.require_household(actor, obj.plan.household, event=event, purpose=purpose)
    return obj


@dataclass
class ZrmColumn:
    assessment: Assessment
    scores: dict[str, int]


@dataclass
class HouseholdPage:
    household: Household
    relation: str
    members: list
    plan: Plan | None
    earlier_plans: list
    goals_by_domain: list  # [(LifeDomain, [Goal, ...])]
    actions: list
    budget_lines: list
    totals: dict
    domains: list
    zrm: list  # [ZrmColumn] oldest first
    versions: list
    handovers: list
    breakthroughs: list
    timeline: list
    emergency: EmergencyAccess | None
    is_coordinator: bool
    can_hand_over: bool
    granted_by_breakthrough: Decimal = field(default=Decimal("0.00"))
    budget_rows: list = field(default_factory=list)  # [{"line", "remaining", "overspent"}], never negative


def zrm_columns(plan: Plan | None) -> list[ZrmColumn]:
    if plan is None:
        return []
    assessments = plan.assessments.select_related("assessor").prefetch_related(
        Prefetch("scores", queryset=AssessmentScore.objects.only("assessment_id", "life_domain_id", "score")))
    return [ZrmColumn(a, {s.life_domain_id: s.score for s in a.scores.all()})
            for a in assessments.order_by("assessed_on", "id")]


def household_page(actor, pk: int) -> HouseholdPage:
    household, relation = get_household(actor, pk, purpose="household page")
    user = policy.acting_professional(actor)
    members = list(household.members.order_by("id"))
    plans = list(household.plans.select_related("coordinator", "coordinator_organisation").order_by("-created_at"))
    plan = next((p for p in plans if p.status == PlanStatus.ACTIVE), plans[0] if plans else None)
    earlier = [p for p in plans if p is not plan]
    domains = list(LifeDomain.objects.order_by("position"))
    goals, actions, lines, versions, handovers, breakthroughs = [], [], [], [], [], []
    if plan is not None:
        goals = list(plan.goals.select_related("life_domain"))
        actions = list(plan.actions.select_related("organisation", "professional", "goal", "goal__life_domain"))
        lines = list(plan.budget_lines.select_related("action").order_by("id"))
        versions = list(plan.versions.select_related("created_by").order_by("-version", "-id"))
        handovers = list(plan.handovers.select_related("from_user", "to_user", "to_organisation").order_by("-at"))
        breakthroughs = list(plan.breakthroughs.select_related("raised_by").order_by("-raised_at"))
    by_domain: OrderedDict = OrderedDict()
    for goal in goals:
        by_domain.setdefault(goal.life_domain, []).append(goal)
    zrm = zrm_columns(plan)
    emergency = None
    if relation == policy.Relation.EMERGENCY:
        emergency = household.emergency_accesses.filter(user=user, expires_at__gt=timezone.now()).order_by(
            "-expires_at").first()
    accesses = list(household.emergency_accesses.select_related("user").order_by("-started_at")[:20])
    page = HouseholdPage(
        household=household, relation=relation, members=members, plan=plan, earlier_plans=earlier,
        goals_by_domain=list(by_domain.items()), actions=actions, budget_lines=lines,
        totals=services.budget_totals(plan, lines) if plan else {}, domains=domains, zrm=zrm,
        versions=versions, handovers=handovers, breakthroughs=breakthroughs, timeline=[], emergency=emergency,
        is_coordinator=plan is not None and user is not None and plan.coordinator_id == user.pk,
        can_hand_over=plan is not None and plan.status == PlanStatus.ACTIVE and services.can_hand_over(actor, plan),
        granted_by_breakthrough=sum((b.budget_granted or Decimal("0")) for b in breakthroughs) or Decimal("0.00"),
    )
    page.budget_rows = [budget_row(line) for line in lines]
    page.timeline = timeline(page, plans, accesses)
    return page


def budget_row(line: BudgetLine) -> dict:
    left = line.allocated - line.committed - line.spent
    zero = Decimal("0.00")
    return {"line": line, "remaining": max(left, zero), "overspent": max(-left, zero)}


@dataclass
class Moment:
    at: datetime | date
    label: str
    detail: str = ""

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.at, datetime):
            return self.at
        return timezone.make_aware(datetime.combine(self.at, datetime.min.time()))


def timeline(page: HouseholdPage, plans: list[Plan], accesses: list[EmergencyAccess]) -> list[Moment]:
    """What happened, newest first: plans, assessments, evaluations, hand-overs, breakthroughs, emergency use."""
    moments = [Moment(page.household.created_at, _("Household registered"))]
    for plan in plans:
        moments.append(Moment(plan.created_at, _("Plan %(number)s started") % {"number": plan.pk},
                              _("coordinator: %(name)s") % {"name": plan.coordinator}))
        if plan.closed_at:
            moments.append(Moment(plan.closed_at, _("Plan %(number)s closed") % {"number": plan.pk},
                                  plan.get_closure_reason_display()))
    for column in page.zrm:
        moments.append(Moment(column.assessment.assessed_on,
                              _("ZRM assessment (%(moment)s)") % {"moment": column.assessment.get_moment_display()},
                              str(column.assessment.assessor)))
    for version in page.versions:
        if version.kind == "evaluation":
            moments.append(Moment(version.created_at, _("Evaluation, version %(version)s kept")
                                  % {"version": version.version}, str(version.created_by)))
    for handover in page.handovers:
        moments.append(Moment(handover.at, _("Coordination handed over"),
                              _("from %(old)s to %(new)s (%(organisation)s)") % {
                                  "old": handover.from_user, "new": handover.to_user,
                                  "organisation": handover.to_organisation}))
    for breakthrough in page.breakthroughs:
        moments.append(Moment(breakthrough.raised_at, _("Breakthrough raised"), breakthrough.rule))
        if breakthrough.decided_at:
            moments.append(Moment(breakthrough.decided_at, _("Breakthrough decided"), breakthrough.rule))
    for access in accesses:
        moments.append(Moment(access.started_at, _("Emergency access"), str(access.user)))
    return sorted(moments, key=lambda m: m.sort_key, reverse=True)


def version_snapshot(version: PlanVersion) -> dict:
    try:
        return json.loads(version.snapshot)
    except (TypeError, ValueError):
        return {}


# --- Breakthroughs for the municipality (no personal data) -----------------------------------------

BREAKTHROUGH_PUBLIC_FIELDS = ("id", "municipality_id", "municipality__name", "rule", "raised_at", "status",
                              "decided_at", "budget_granted", "plan__coordinator_organisation__name")


def _public_row(row: dict) -> dict:
    raised = row["raised_at"]
    end = row["decided_at"] or timezone.now()
    return {
        "id": row["id"], "municipality_id": row["municipality_id"], "municipality": row["municipality__name"],
        "rule": row["rule"], "raised_at": raised, "status": row["status"],
        "status_label": BreakthroughStatus(row["status"]).label, "decided_at": row["decided_at"],
        "budget_granted": row["budget_granted"], "coordinator_organisation": row["plan__coordinator_organisation__name"],
        "days_open": max((end - raised).days, 0),
    }


def require_decider(actor) -> set[int]:
    municipality_ids = services.deciding_municipality_ids(actor)
    if not municipality_ids:
        raise PermissionDenied(_("Only policy officers and administrators of a municipality see breakthroughs."))
    return municipality_ids


def breakthrough_overview(actor, *, status: str | None = BreakthroughStatus.OPEN) -> list[dict]:
    """The breakthroughs of the actor's municipalities as plain values: rule, dates, status, budget."""
    municipality_ids = require_decider(actor)
    rows = Breakthrough.objects.filter(municipality_id__in=municipality_ids)
    if status:
        rows = rows.filter(status=status)
    return [_public_row(r) for r in rows.order_by("raised_at", "id").values(*BREAKTHROUGH_PUBLIC_FIELDS)]


def breakthrough_summary(actor, pk: int) -> dict:
    municipality_ids = require_decider(actor)
    row = Breakthrough.objects.filter(pk=pk).values(*BREAKTHROUGH_PUBLIC_FIELDS).first()
    if row is None:
        raise Http404
    if row["municipality_id"] not in municipality_ids:
        raise PermissionDenied(_("This breakthrough belongs to another municipality."))
    return _public_row(row)


# --- Plans coordinated by an organisation (for its organisation coordinators) ----------------------


def coordinated_organisation_ids(actor) -> set[int]:
    user = policy.acting_professional(actor)
    if user is None:
        return set()
    memberships = user.memberships.filter(active=True, role=Role.COORDINATOR)
    if getattr(actor, "token", None) is not None:
        memberships = memberships.filter(organisation_id=actor.organisation_id)
    return set(memberships.values_list("organisation_id", flat=True))


def coordination_overview(actor) -> list[dict]:
    """Active plans coordinated from the actor's organisations: numbers, coordinators and dates only."""
    organisation_ids = coordinated_organisation_ids(actor)
    if not organisation_ids:
        raise PermissionDenied(_("Only organisation coordinators see the plans coordinated from their organisation."))
    rows = list(Plan.objects.filter(status=PlanStatus.ACTIVE, coordinator_organisation_id__in=organisation_ids)
                .order_by("coordinator__full_name", "id")
                .values("id", "municipality_id", "municipality__name", "coordinator__full_name",
                        "coordinator_organisation__name", "created_at", "next_evaluation_on", "version"))
    municipalities = {r["municipality_id"] for r in rows}
    policy.log_search(actor, subject_type="plan", municipality_id=municipalities.pop() if len(municipalities) == 1
                      else None, purpose="plans coordinated by the organisation", count=len(rows))
    return rows


__all__ = [
    "households", "log_list", "applicant", "get_household", "get_plan", "get_plan_part", "household_page",
    "breakthrough_overview", "breakthrough_summary", "coordination_overview", "version_snapshot", "zrm_columns",
    "require_professional", "Goal", "Action", "BudgetLine", "PlanVersion", "Breakthrough", "CoordinatorHandover",
]


def plan_for_handover(actor, pk: int) -> Plan:
    """The hand-over page: the coordinator reads it through their relation; an organisation coordinator of
    the coordinator's organisation may open it without one (it shows the plan number and coordinator only)."""
    from samenkracht.privacy import log

    require_professional(actor)
    plan = Plan.objects.select_related("household", "coordinator", "coordinator_organisation").filter(pk=pk).first()
    if plan is None:
        raise Http404
    if policy.relation_to_household(actor, plan.household) is not None or not services.can_hand_over(actor, plan):
        policy.require_household(actor, plan.household, event=AccessEvent.READ, purpose="coordinator hand-over page")
    else:
        user = policy.acting_professional(actor)
        log.record(actor, event=AccessEvent.READ, subject_type="household", subject_id=plan.household_id,
                   municipality_id=plan.municipality_id, purpose="coordinator hand-over page",
                   organisation=plan.coordinator_organisation if user else None,
                   detail="relation: organisation coordinator")
    return plan
