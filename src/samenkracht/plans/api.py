"""REST routes of households and plans under /api/v1/plans/: schemas, then thin routes.

Resident data needs a token with `households:read` (reads) or `households:write` (changes) that acts
`X-On-Behalf-Of` one of its organisation's professionals; that person's relations decide (privacy.policy)
and every read, write and refusal is logged. Changes to the plan carry `version` (optimistic locking): a
stale version gets 409 with the current version, the current values and the changes saved since. Bad input
gets 422 naming the field; a change that overspends gets 422 on `confirm_overspend` until it is confirmed.
Municipality systems acting for a policy officer see breakthroughs of their municipality without personal data.
"""


from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from samenkracht.pagination import Pagination
from samenkracht.accounts.models import User
from samenkracht.network.models import Organisation
from samenkracht.plans import queries, services
from samenkracht.plans.models import (
    Action,
    ActionStatus,
    AssessmentMoment,
    Breakthrough,
    BreakthroughStatus,
    BudgetLine,
    ClosureReason,
    FundingSource,
    Goal,
    GoalStatus,
    Household,
    Performer,
    Plan,
    PlanStatus,
)

router = Router(tags=["plans"])

Money = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2)]
Score = Annotated[int, Field(ge=1, le=5)]
Version = Annotated[int, Field(ge=1, description="The plan version this change starts from (optimistic locking).")]


def Text(max_length: int):  # noqa: N802 - reads like a type in the schemas below
    return Annotated[str, StringConstraints(max_length=max_length)]


# --- Access helpers -------------------------------------------------------------------------------


def _reader(request):
    """403 before any lookup when the token cannot read resident data at all."""
    actor = request.auth
    try:
        queries.require_professional(actor)
    except PermissionDenied:
        raise PermissionDenied("This token may not read resident data: it needs households:read and "
                               "X-On-Behalf-Of a professional of its organisation.") from None
    return actor


def _writer(request):
    actor = _reader(request)
    if "households:write" not in actor.scopes:
        raise PermissionDenied("This token may not change resident data (scope households:write).")
    return actor


def _decider(request):
    actor = request.auth
    if not services.deciding_municipality_ids(actor):
        raise PermissionDenied("Only a municipality's policy officers and administrators see breakthroughs "
                               "(households:read, X-On-Behalf-Of a policy officer of the token's municipality).")
    return actor


def _get(model, pk: int, *, related=()):
    obj = model.objects.select_related(*related).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _plan(pk: int) -> Plan:
    return _get(Plan, pk, related=("household", "coordinator", "coordinator_organisation"))


def _part(model, pk: int):
    return _get(model, pk, related=("plan", "plan__household"))


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _user(email: str | None, field: str):
    if not email:
        return None
    user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
    if user is None:
        raise _invalid(field, f"No active professional with e-mail address {email!r}.")
    return user


def _organisation(pk: int | None, field: str):
    if pk is None:
        return None
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise _invalid(field, f"Unknown organisation {pk}.")
    return organisation


def _call(call):
    """A service call: a conflict becomes 409 with the current state, an overspend warning 422."""
    try:
        return call()
    except services.PlanConflict as conflict:
        return Status(409, conflict.as_dict())
    except services.OverspendWarning as warning:
        raise ValidationError({"confirm_overspend": warning.warnings}) from None


class LoggedPagination(Pagination):
    """Page numbers as everywhere in the API; the route's `request.plans_page` hook shapes the rows of the
    page and logs them once as a search."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        result = super().paginate_queryset(queryset, pagination, request, **params)
        hook = getattr(request, "plans_page", None)
        if hook is not None:
            result[self.items_attribute] = hook(list(result[self.items_attribute]))
        return result


# --- Schemas --------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class Error(Schema):
    detail: str


class ChangeOut(Schema):
    at: datetime
    by: str
    kind: str
    object_id: str
    verb: str
    fields: list[str]
    version: int


class ConflictOut(Schema):
    detail: str
    plan: int
    current_version: int
    your_version: int
    current: dict[str, Any]
    submitted: dict[str, Any]
    changes: list[ChangeOut]


class HouseholdListItem(Schema):
    id: int
    municipality: str
    neighbourhood: str | None
    team: str | None
    applicant: str | None
    active_plan: int | None
    coordinator: str | None
    next_evaluation_on: date | None


def _list_item(household: Household) -> dict:
    applicant = queries.applicant(household)
    plan = (household.active_plans or [None])[0]
    return {
        "id": household.pk, "municipality": household.municipality.code,
        "neighbourhood": household.neighbourhood.name if household.neighbourhood_id else None,
        "team": household.holding_team.name if household.holding_team_id else None,
        "applicant": f"{applicant.given_name} {applicant.family_name}" if applicant else None,
        "active_plan": plan.pk if plan else None, "coordinator": str(plan.coordinator) if plan else None,
        "next_evaluation_on": plan.next_evaluation_on if plan else None,
    }


class MemberOut(Schema):
    id: int
    given_name: str
    family_name: str
    role: str
    date_of_birth: date | None


class HouseholdOut(Schema):
    id: int
    municipality: str
    neighbourhood: str | None
    team: str | None
    strengths: str
    informal_network: str
    members: list[MemberOut]
    active_plan: int | None
    plans: list[int]


class StrengthsIn(Schema):
    strengths: Text(3000) = ""
    informal_network: Text(3000) = ""
    version: int | None = Field(None, description="The plan version, required when the household has an active plan.")


class PlanCreateIn(Schema):
    coordinator: str = Field(description="E-mail address of the coordinator (a professional of any organisation)")
    coordinator_organisation: int = Field(description="id of the coordinator's organisation")
    summary: Text(3000) = ""


class BudgetOut(Schema):
    budget_total: Decimal
    allocated: Decimal
    committed: Decimal
    spent: Decimal
    unallocated: Decimal
    over_allocated: Decimal
    remaining: Decimal
    overspent: Decimal


class PlanOut(Schema):
    id: int
    household: int
    status: PlanStatus
    version: int
    coordinator: Ref
    coordinator_organisation: Ref
    summary: str
    budget_total: Decimal
    next_evaluation_on: date | None
    created_at: datetime
    closed_at: datetime | None
    closure_reason: str
    satisfaction: int | None
    satisfaction_comment: str
    budget: BudgetOut


def _plan_out(plan: Plan) -> dict:
    plan = Plan.objects.select_related("coordinator", "coordinator_organisation").get(pk=plan.pk)
    return {
        "id": plan.pk, "household": plan.household_id, "status": plan.status, "version": plan.version,
        "coordinator": {"id": plan.coordinator_id, "name": plan.coordinator.full_name},
        "coordinator_organisation": {"id": plan.coordinator_organisation_id,
                                     "name": plan.coordinator_organisation.name},
        "summary": plan.summary, "budget_total": plan.budget_total, "next_evaluation_on": plan.next_evaluation_on,
        "created_at": plan.created_at, "closed_at": plan.closed_at, "closure_reason": plan.closure_reason,
        "satisfaction": plan.satisfaction, "satisfaction_comment": plan.satisfaction_comment,
        "budget": services.budget_totals(plan, list(plan.budget_lines.all())),
    }


class PlanPatch(Schema):
    version: Version
    summary: Text(3000) | None = None
    budget_total: Money | None = None
    next_evaluation_on: date | None = None
    confirm_overspend: bool = False


class GoalOut(Schema):
    id: int
    life_domain: str
    life_domain_name: str
    description: str
    current_score: int
    target_score: int
    status: GoalStatus

    @staticmethod
    def resolve_life_domain(obj: Goal) -> str:
        return obj.life_domain_id

    @staticmethod
    def resolve_life_domain_name(obj: Goal) -> str:
        return obj.life_domain.name


class GoalIn(Schema):
    version: Version
    life_domain: str = Field(description="ZRM life domain code, e.g. financien")
    description: Text(1000)
    current_score: Score
    target_score: Score
    status: GoalStatus = GoalStatus.OPEN


class GoalPatch(Schema):
    version: Version
    life_domain: str | None = None
    description: Text(1000) | None = None
    current_score: Score | None = None
    target_score: Score | None = None
    status: GoalStatus | None = None


class ActionOut(Schema):
    id: int
    goal: int | None
    performer: Performer
    organisation: Ref | None
    professional: str | None
    performer_name: str
    what: str
    due_on: date | None
    status: ActionStatus

    @staticmethod
    def resolve_goal(obj: Action) -> int | None:
        return obj.goal_id

    @staticmethod
    def resolve_organisation(obj: Action):
        return {"id": obj.organisation_id, "name": obj.organisation.name} if obj.organisation_id else None

    @staticmethod
    def resolve_professional(obj: Action) -> str | None:
        return obj.professional.full_name if obj.professional_id else None


class ActionIn(Schema):
    version: Version
    goal: int | None = None
    performer: Performer
    organisation: int | None = Field(None, description="id of the organisation (organisation or volunteer)")
    professional: str | None = Field(None, description="e-mail address of the professional")
    performer_name: Text(100) = ""
    what: Text(1000)
    due_on: date | None = None
    status: ActionStatus = ActionStatus.PLANNED


class ActionPatch(Schema):
    version: Version
    goal: int | None = None
    performer: Performer | None = None
    organisation: int | None = None
    professional: str | None = None
    performer_name: Text(100) | None = None
    what: Text(1000) | None = None
    due_on: date | None = None
    status: ActionStatus | None = None


class BudgetLineOut(Schema):
    id: int
    action: int | None
    funding_source: FundingSource
    allocated: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal
    overspent: Decimal


def _line_out(line: BudgetLine) -> dict:
    row = queries.budget_row(line)
    return {"id": line.pk, "action": line.action_id, "funding_source": line.funding_source,
            "allocated": line.allocated, "committed": line.committed, "spent": line.spent,
            "remaining": row["remaining"], "overspent": row["overspent"]}


class BudgetLineIn(Schema):
    version: Version
    action: int | None = None
    funding_source: FundingSource
    allocated: Money
    committed: Money = Decimal("0")
    spent: Money = Decimal("0")
    confirm_overspend: bool = False


class BudgetLinePatch(Schema):
    version: Version
    action: int | None = None
    funding_source: FundingSource | None = None
    allocated: Money | None = None
    committed: Money | None = None
    spent: Money | None = None
    confirm_overspend: bool = False


class AssessmentOut(Schema):
    id: int
    moment: AssessmentMoment
    assessed_on: date
    assessor: str
    scores: dict[str, int]


class AssessmentIn(Schema):
    moment: AssessmentMoment
    assessed_on: date
    scores: dict[str, Score | None] = Field(description="life domain code → score 1-5 (or null: not scored)")


class HandoverIn(Schema):
    version: Version
    to: str = Field(description="e-mail address of the new coordinator")
    to_organisation: int = Field(description="id of the new coordinator's organisation")
    note: Text(2000) = ""


class HandoverOut(Schema):
    id: int
    plan: int
    from_user: str
    to_user: str
    to_organisation: Ref
    at: datetime


class EvaluationIn(Schema):
    version: Version
    note: Text(3000) = ""
    next_evaluation_on: date | None = None


class VersionOut(Schema):
    id: int
    version: int
    kind: str
    created_at: datetime
    created_by: str
    note: str
    snapshot: dict[str, Any]


class CloseIn(Schema):
    version: Version
    reason: ClosureReason
    assessed_on: date
    scores: dict[str, Score | None]
    satisfaction: Annotated[int, Field(ge=1, le=10)] | None = None
    satisfaction_comment: Text(1000) = ""
    note: Text(3000) = ""


class BreakthroughOut(Schema):
    id: int
    rule: str
    obstacle: str
    status: BreakthroughStatus
    raised_at: datetime
    decision: str
    budget_granted: Decimal | None
    decided_at: datetime | None
    follow_up: str


class BreakthroughIn(Schema):
    rule: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    obstacle: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class BreakthroughPublicOut(Schema):
    """What the municipality sees: no household, no obstacle, no names."""

    id: int
    municipality: str
    rule: str
    raised_at: datetime
    status: BreakthroughStatus
    decided_at: datetime | None
    budget_granted: Decimal | None
    coordinator_organisation: str
    days_open: int


class DecisionIn(Schema):
    decision: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    budget_granted: Money | None = None


class FollowUpIn(Schema):
    follow_up: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


# --- Households -----------------------------------------------------------------------------------

R403 = {403: Error, 404: Error}
W = {403: Error, 404: Error, 409: ConflictOut, 422: dict}


@router.get("/households", response=list[HouseholdListItem], summary="Households the professional works with")
@paginate(LoggedPagination)
def list_households(request):
    actor = _reader(request)

    def page(rows: list) -> list[dict]:
        queries.log_list(actor, rows, purpose="households list (API)")
        return [_list_item(household) for household in rows]

    request.plans_page = page
    return queries.households(actor).select_related("municipality")


@router.get("/households/{household_id}", response={200: HouseholdOut, **R403})
def get_household(request, household_id: int):
    actor = _reader(request)
    household, _relation = queries.get_household(actor, household_id, purpose="household (API)")
    plans = list(household.plans.order_by("-created_at").values_list("pk", "status"))
    return {
        "id": household.pk, "municipality": household.municipality.code,
        "neighbourhood": household.neighbourhood.name if household.neighbourhood_id else None,
        "team": household.holding_team.name if household.holding_team_id else None,
        "strengths": household.strengths, "informal_network": household.informal_network,
        "members": list(household.members.order_by("id")),
        "active_plan": next((pk for pk, status in plans if status == PlanStatus.ACTIVE), None),
        "plans": [pk for pk, _status in plans],
    }


@router.put("/households/{household_id}/strengths", response={200: HouseholdOut, **W})
def put_strengths(request, household_id: int, payload: StrengthsIn):
    actor = _writer(request)
    household = _get(Household, household_id)
    result = _call(lambda: services.record_strengths(
        actor, household, strengths=payload.strengths, informal_network=payload.informal_network,
        expected_version=payload.version))
    return result if isinstance(result, Status) else get_household(request, household_id)


@router.post("/households/{household_id}/plan", response={201: PlanOut, 403: Error, 404: Error, 422: dict})
def create_plan(request, household_id: int, payload: PlanCreateIn):
    actor = _writer(request)
    household = _get(Household, household_id)
    plan = services.create_plan(
        actor, household=household, coordinator=_user(payload.coordinator, "coordinator"),
        coordinator_organisation=_organisation(payload.coordinator_organisation, "coordinator_organisation"),
        summary=payload.summary)
    return Status(201, _plan_out(plan))


# --- Breakthroughs for the municipality (before /{plan_id} routes; no personal data) -----------------


@router.get("/breakthroughs", response=list[BreakthroughPublicOut],
            summary="Breakthroughs of the municipality, without personal data")
@paginate(Pagination)
def list_breakthroughs(request, status: BreakthroughStatus | None = BreakthroughStatus.OPEN):
    actor = _decider(request)
    return queries.breakthrough_overview(actor, status=status)


@router.post("/breakthroughs/{breakthrough_id}/decision", response={200: BreakthroughPublicOut, **W})
def decide_breakthrough(request, breakthrough_id: int, payload: DecisionIn):
    actor = _decider(request)
    if "households:write" not in actor.scopes:
        raise PermissionDenied("Recording a decision needs the scope households:write.")
    breakthrough = _get(Breakthrough, breakthrough_id)
    services.decide_breakthrough(actor, breakthrough, decision=payload.decision,
                                 budget_granted=payload.budget_granted)
    return queries.breakthrough_summary(actor, breakthrough_id)


@router.post("/breakthroughs/{breakthrough_id}/close", response={200: BreakthroughOut, **W})
def close_breakthrough(request, breakthrough_id: int, payload: FollowUpIn):
    actor = _writer(request)
    breakthrough = _part(Breakthrough, breakthrough_id)
    return services.close_breakthrough(actor, breakthrough, follow_up=payload.follow_up)


# --- Plan -----------------------------------------------------------------------------------------


@router.get("/{plan_id}", response={200: PlanOut, **R403})
def get_plan(request, plan_id: int):
    actor = _reader(request)
    return _plan_out(queries.get_plan(actor, plan_id, purpose="plan (API)"))


@router.patch("/{plan_id}", response={200: PlanOut, **W})
def patch_plan(request, plan_id: int, payload: PlanPatch):
    actor = _writer(request)
    plan = _plan(plan_id)
    fields = payload.dict(exclude_unset=True)
    version, confirm = fields.pop("version"), fields.pop("confirm_overspend", False)
    result = _call(lambda: services.update_plan(actor, plan, expected_version=version, confirm_overspend=confirm,
                                                **fields))
    return result if isinstance(result, Status) else _plan_out(result)


# --- Goals ----------------------------------------------------------------------------------------


@router.get("/{plan_id}/goals", response={200: list[GoalOut], **R403})
def list_goals(request, plan_id: int):
    actor = _reader(request)
    plan = queries.get_plan(actor, plan_id, purpose="goals (API)")
    return list(plan.goals.select_related("life_domain"))


@router.post("/{plan_id}/goals", response={201: GoalOut, **W})
def add_goal(request, plan_id: int, payload: GoalIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    fields = payload.dict()
    result = _call(lambda: services.add_goal(actor, plan, expected_version=fields.pop("version"), **fields))
    return result if isinstance(result, Status) else Status(201, result)


@router.patch("/goals/{goal_id}", response={200: GoalOut, **W})
def patch_goal(request, goal_id: int, payload: GoalPatch):
    actor = _writer(request)
    goal = _part(Goal, goal_id)
    fields = payload.dict(exclude_unset=True)
    return _call(lambda: services.update_goal(actor, goal, expected_version=fields.pop("version"), **fields))


# --- Actions --------------------------------------------------------------------------------------


def _action_fields(plan: Plan, fields: dict) -> dict:
    if "goal" in fields and fields["goal"] is not None:
        goal = Goal.objects.filter(pk=fields["goal"], plan=plan).first()
        if goal is None:
            raise _invalid("goal", f"Goal {fields['goal']} is not part of this plan.")
        fields["goal"] = goal
    if "organisation" in fields:
        fields["organisation"] = _organisation(fields["organisation"], "organisation")
    if "professional" in fields:
        fields["professional"] = _user(fields["professional"], "professional")
    return fields


@router.get("/{plan_id}/actions", response={200: list[ActionOut], **R403})
def list_actions(request, plan_id: int):
    actor = _reader(request)
    plan = queries.get_plan(actor, plan_id, purpose="actions (API)")
    return list(plan.actions.select_related("organisation", "professional"))


@router.post("/{plan_id}/actions", response={201: ActionOut, **W})
def add_action(request, plan_id: int, payload: ActionIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    fields = payload.dict()
    version = fields.pop("version")
    fields = _action_fields(plan, fields)
    result = _call(lambda: services.add_action(actor, plan, expected_version=version, **fields))
    return result if isinstance(result, Status) else Status(201, result)


@router.patch("/actions/{action_id}", response={200: ActionOut, **W})
def patch_action(request, action_id: int, payload: ActionPatch):
    actor = _writer(request)
    action = _part(Action, action_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    fields = _action_fields(action.plan, fields)
    return _call(lambda: services.update_action(actor, action, expected_version=version, **fields))


# --- Budget ---------------------------------------------------------------------------------------


def _budget_fields(plan: Plan, fields: dict) -> dict:
    if fields.get("action") is not None:
        action = Action.objects.filter(pk=fields["action"], plan=plan).first()
        if action is None:
            raise _invalid("action", f"Action {fields['action']} is not part of this plan.")
        fields["action"] = action
    return fields


@router.get("/{plan_id}/budget-lines", response={200: list[BudgetLineOut], **R403})
def list_budget_lines(request, plan_id: int):
    actor = _reader(request)
    plan = queries.get_plan(actor, plan_id, purpose="budget (API)")
    return [_line_out(line) for line in plan.budget_lines.order_by("id")]


@router.post("/{plan_id}/budget-lines", response={201: BudgetLineOut, **W})
def add_budget_line(request, plan_id: int, payload: BudgetLineIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    fields = payload.dict()
    version, confirm = fields.pop("version"), fields.pop("confirm_overspend")
    fields = _budget_fields(plan, fields)
    result = _call(lambda: services.add_budget_line(actor, plan, expected_version=version,
                                                    confirm_overspend=confirm, **fields))
    return result if isinstance(result, Status) else Status(201, _line_out(result))


@router.patch("/budget-lines/{line_id}", response={200: BudgetLineOut, **W})
def patch_budget_line(request, line_id: int, payload: BudgetLinePatch):
    actor = _writer(request)
    line = _part(BudgetLine, line_id)
    fields = payload.dict(exclude_unset=True)
    version, confirm = fields.pop("version"), fields.pop("confirm_overspend", False)
    fields = _budget_fields(line.plan, fields)
    result = _call(lambda: services.update_budget_line(actor, line, expected_version=version,
                                                       confirm_overspend=confirm, **fields))
    return result if isinstance(result, Status) else _line_out(result)


# --- Assessments, hand-over, evaluation, closure ----------------------------------------------------


def _assessment_out(column) -> dict:
    a = column.assessment
    return {"id": a.pk, "moment": a.moment, "assessed_on": a.assessed_on, "assessor": str(a.assessor),
            "scores": column.scores}


@router.get("/{plan_id}/assessments", response={200: list[AssessmentOut], **R403})
def list_assessments(request, plan_id: int):
    actor = _reader(request)
    plan = queries.get_plan(actor, plan_id, purpose="ZRM assessments (API)")
    return [_assessment_out(column) for column in queries.zrm_columns(plan)]


@router.post("/{plan_id}/assessments", response={201: AssessmentOut, **W})
def add_assessment(request, plan_id: int, payload: AssessmentIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    assessment = services.record_assessment(actor, plan, moment=payload.moment, assessed_on=payload.assessed_on,
                                            scores=payload.scores)
    column = next(c for c in queries.zrm_columns(plan) if c.assessment.pk == assessment.pk)
    return Status(201, _assessment_out(column))


@router.post("/{plan_id}/handover", response={201: HandoverOut, **W})
def handover(request, plan_id: int, payload: HandoverIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    to_user, to_organisation = _user(payload.to, "to"), _organisation(payload.to_organisation, "to_organisation")
    result = _call(lambda: services.hand_over_coordinator(
        actor, plan, expected_version=payload.version, to_user=to_user, to_organisation=to_organisation,
        note=payload.note))
    if isinstance(result, Status):
        return result
    return Status(201, {"id": result.pk, "plan": plan.pk, "from_user": str(result.from_user),
                        "to_user": str(result.to_user), "at": result.at,
                        "to_organisation": {"id": to_organisation.pk, "name": to_organisation.name}})


def _version_out(version) -> dict:
    return {"id": version.pk, "version": version.version, "kind": version.kind, "created_at": version.created_at,
            "created_by": str(version.created_by), "note": version.note,
            "snapshot": queries.version_snapshot(version)}


@router.get("/{plan_id}/versions", response={200: list[VersionOut], **R403})
def list_versions(request, plan_id: int):
    actor = _reader(request)
    plan = queries.get_plan(actor, plan_id, purpose="plan versions (API)")
    return [_version_out(v) for v in plan.versions.select_related("created_by").order_by("version", "id")]


@router.post("/{plan_id}/evaluations", response={201: VersionOut, **W})
def evaluate(request, plan_id: int, payload: EvaluationIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    result = _call(lambda: services.evaluate(actor, plan, expected_version=payload.version, note=payload.note,
                                             next_evaluation_on=payload.next_evaluation_on))
    return result if isinstance(result, Status) else Status(201, _version_out(result))


@router.post("/{plan_id}/close", response={200: PlanOut, **W})
def close(request, plan_id: int, payload: CloseIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    result = _call(lambda: services.close_plan(
        actor, plan, expected_version=payload.version, reason=payload.reason, assessed_on=payload.assessed_on,
        scores=payload.scores, satisfaction=payload.satisfaction, satisfaction_comment=payload.satisfaction_comment,
        note=payload.note))
    return result if isinstance(result, Status) else _plan_out(result)


# --- Breakthroughs (coordinator) ------------------------------------------------------------------


@router.get("/{plan_id}/breakthroughs", response={200: list[BreakthroughOut], **R403})
def list_plan_breakthroughs(request, plan_id: int):
    actor = _reader(request)
    plan = queries.get_plan(actor, plan_id, purpose="breakthroughs (API)")
    return list(plan.breakthroughs.order_by("raised_at"))


@router.post("/{plan_id}/breakthroughs", response={201: BreakthroughOut, **W})
def raise_breakthrough(request, plan_id: int, payload: BreakthroughIn):
    actor = _writer(request)
    plan = _plan(plan_id)
    return Status(201, services.raise_breakthrough(actor, plan, obstacle=payload.obstacle, rule=payload.rule))


__all__ = ["router"]
