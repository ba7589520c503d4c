"""Every write to households and plans: one function per use case, one transaction each.

One household, one plan, one coordinator, one budget (the Delft principle):

- Each function first checks the actor with the access policy (``privacy.policy.require_household``,
  which logs the decision, also a refusal) *before* it opens its transaction, then validates all input and
  saves nothing when anything is wrong (``ValidationError`` naming the field).
- A successful write appends its own entry to the access log (subject ``plan``; the detail names what
  changed, never its content), in the same transaction as the write.
- Optimistic locking: every change to the plan's content (the plan, strengths, goals, actions, budget
  lines, hand-over, evaluation, closure) carries the plan version the person started from. The version is
  claimed with one conditional UPDATE (``WHERE version = expected``), so of two concurrent saves exactly one
  wins on SQLite and PostgreSQL alike; the other gets ``PlanConflict`` with the current values and the
  changes saved since, and nothing is overwritten. Assessments and breakthroughs are records of their own
  and do not move the plan version.
- Budget amounts are never negative. A change that makes a line's committed + spent exceed its allocation,
  or the total allocated exceed the plan's budget, raises ``OverspendWarning`` until the person confirms
  (``confirm_overspend=True``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.network.models import Membership, Organisation, OrganisationKind, Role
from samenkracht.plans.models import (
    Action,
    ActionStatus,
    Assessment,
    AssessmentMoment,
    AssessmentScore,
    BudgetLine,
    Breakthrough,
    BreakthroughStatus,
    ClosureReason,
    CoordinatorHandover,
    FundingSource,
    Goal,
    GoalStatus,
    Household,
    Performer,
    Person,
    Plan,
    PlanStatus,
    PlanVersion,
)
from samenkracht.privacy import log, policy
from samenkracht.privacy.models import AccessEvent, AccessLogEntry, Outcome
from samenkracht.rights.services import ensure_not_restricted
from samenkracht.socialmap.models import LifeDomain

MONEY_LIMIT = Decimal("99999999.99")  # max_digits=10, decimal_places=2
EDITABLE_PLAN_FIELDS = ("summary", "budget_total", "next_evaluation_on")


# --- Outcomes other than success -----------------------------------------------------------------


@dataclass
class Change:
    """One change saved to a plan, read back from the access log (who, when, what; never the content)."""

    at: datetime
    by: str
    kind: str
    object_id: str
    verb: str
    fields: list[str]
    version: int

    def as_dict(self) -> dict:
        return {"at": self.at.isoformat(), "by": self.by, "kind": self.kind, "object_id": self.object_id,
                "verb": self.verb, "fields": self.fields, "version": self.version}


class PlanConflict(Exception):
    """Someone else saved the plan after this person opened it. Nothing was saved.

    ``current`` holds the current values of what was being edited, ``submitted`` what this person sent,
    ``changes`` the changes saved since ``expected_version`` (newest first)."""

    def __init__(self, plan: Plan, *, expected_version: int, current: dict, submitted: dict,
                 changes: list[Change], kind: str = "plan"):
        super().__init__(_("This plan was changed by someone else after you opened it. Nothing has been saved."))
        self.plan_id = plan.pk
        self.current_version = plan.version
        self.expected_version = expected_version
        self.current = current
        self.submitted = submitted
        self.changes = changes
        self.kind = kind

    @property
    def message(self) -> str:
        return str(self)

    def as_dict(self) -> dict:
        return {
            "detail": self.message, "plan": self.plan_id, "current_version": self.current_version,
            "your_version": self.expected_version, "current": _jsonable(self.current),
            "submitted": _jsonable(self.submitted), "changes": [c.as_dict() for c in self.changes],
        }


class OverspendWarning(Exception):
    """The change would spend more than allocated or allocate more than the budget; confirm to save."""

    def __init__(self, warnings: list[str]):
        super().__init__(" ".join(warnings))
        self.warnings = warnings


# --- Helpers --------------------------------------------------------------------------------------


def _jsonable(values: dict) -> dict:
    out = {}
    for key, value in values.items():
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, (date, datetime)):
            value = value.isoformat()
        out[key] = value
    return out


def _organisation_of(actor, user):
    if getattr(actor, "token", None) is not None:
        return actor.token.organisation
    membership = Membership.objects.filter(user=user, active=True, role__in=policy.CARE_ROLES).select_related(
        "organisation").first()
    return membership.organisation if membership else None


def _is_token(actor) -> bool:
    return getattr(actor, "token", None) is not None


def _check(actor, household: Household, *, event: str, purpose: str, write: bool = True) -> policy.Relation:
    """The access policy, plus the token's write scope for writes. Logs allowed and refused alike."""
    if write and _is_token(actor) and "households:write" not in set(actor.scopes):
        log.record_denied(actor, event=event, subject_type="household", subject_id=household.pk,
                          municipality_id=household.municipality_id, purpose=f"{purpose} (no households:write)",
                          organisation=actor.token.organisation)
        raise PermissionDenied(_("This token may not change resident data (scope households:write)."))
    relation = policy.require_household(actor, household, event=event, purpose=purpose)
    if write:
        ensure_not_restricted(household)  # AVG art. 18: a restricted household is kept, not changed (rights app)
    return relation


def _refuse(actor, household: Household, *, event: str, purpose: str, message: str):
    user = policy.acting_professional(actor)
    log.record_denied(actor, event=event, subject_type="household", subject_id=household.pk,
                      municipality_id=household.municipality_id, purpose=purpose,
                      organisation=_organisation_of(actor, user) if user else None)
    raise PermissionDenied(message)


def _require_coordinator(actor, plan: Plan, *, event: str, purpose: str) -> None:
    """Use cases that belong to the one coordinator: checked before the relation, refused and logged."""
    user = policy.acting_professional(actor)
    if user is None or user.pk != plan.coordinator_id:
        _refuse(actor, plan.household, event=event, purpose=purpose,
                message=_("Only the plan's coordinator may do this."))
    _check(actor, plan.household, event=event, purpose=purpose)


def _record_write(actor, plan: Plan, *, event: str, kind: str, object_id, verb: str, fields, version: int) -> None:
    user = policy.acting_professional(actor)
    detail = f"{kind}:{object_id}:{verb}:{','.join(fields)}:v{version}"
    log.record(actor, event=event, subject_type="plan", subject_id=plan.pk, municipality_id=plan.municipality_id,
               purpose=f"{kind} {verb}", outcome=Outcome.ALLOWED, organisation=_organisation_of(actor, user),
               detail=detail)


DETAIL = re.compile(r"^(?P<kind>[a-z_]+):(?P<id>[^:]*):(?P<verb>[a-z_]+):(?P<fields>[a-z_,]*):v(?P<version>\d+)$")


def changes_since(plan: Plan, version: int, limit: int = 50) -> list[Change]:
    """The changes saved to the plan after `version`, newest first, from the access log."""
    from samenkracht.accounts.models import User

    entries = list(AccessLogEntry.objects.filter(
        subject_type="plan", subject_id=str(plan.pk), outcome=Outcome.ALLOWED,
        event__in=[AccessEvent.CREATE, AccessEvent.UPDATE],
    ).order_by("-at", "-id")[:limit])
    names = dict(User.objects.filter(pk__in={e.user_id_value for e in entries if e.user_id_value})
                 .values_list("pk", "full_name"))
    changes = []
    for entry in entries:
        match = DETAIL.match(entry.detail)
        if not match or int(match["version"]) <= version:
            continue
        by = names.get(entry.user_id_value) or entry.on_behalf_of or entry.user_label
        if entry.organisation_label:
            by = f"{by} ({entry.organisation_label})"
        changes.append(Change(at=entry.at, by=by, kind=match["kind"], object_id=match["id"], verb=match["verb"],
                              fields=[f for f in match["fields"].split(",") if f], version=int(match["version"])))
    return changes


def _version(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            raise ValidationError({"version": _("The plan version is missing or not a number.")}) from None
    if value < 1:
        raise ValidationError({"version": _("The plan version is missing or not a number.")})
    return value


def _claim(plan: Plan, expected_version, *, current: dict | None = None, submitted: dict | None = None,
           kind: str = "plan", changes: dict | None = None) -> int:
    """Take the plan from `expected_version` to the next one, or raise PlanConflict. Inside a transaction.

    `changes` are plan fields to write in the same conditional UPDATE."""
    expected = _version(expected_version)
    updated = Plan.objects.filter(pk=plan.pk, version=expected, status=PlanStatus.ACTIVE).update(
        version=F("version") + 1, **(changes or {}))
    if updated:
        plan.version = expected + 1
        for name, value in (changes or {}).items():
            setattr(plan, name, value)
        return plan.version
    fresh = Plan.objects.get(pk=plan.pk)
    if fresh.status != PlanStatus.ACTIVE:
        raise ValidationError(_("This plan is closed; it can no longer be changed."))
    if callable(current):
        current = current()
    raise PlanConflict(fresh, expected_version=expected, current=current or {}, submitted=submitted or {},
                       changes=changes_since(fresh, expected), kind=kind)


def _money(value, name: str, errors: dict, *, required: bool = True) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = _("Enter an amount in euros.")
        return None
    if isinstance(value, bool):
        errors[name] = _("Enter an amount in euros, for example 125.50.")
        return None
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        errors[name] = _("Enter an amount in euros, for example 125.50.")
        return None
    if not amount.is_finite():
        errors[name] = _("Enter an amount in euros, for example 125.50.")
    elif amount < 0:
        errors[name] = _("An amount cannot be negative.")
    elif amount != amount.quantize(Decimal("0.01")):
        errors[name] = _("Use at most two decimals (whole cents).")
    elif amount > MONEY_LIMIT:
        errors[name] = _("This amount is too large.")
    else:
        return amount.quantize(Decimal("0.01"))
    return None


def _score(value, name: str, errors: dict, *, required: bool = True) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = _("Choose a score from 1 to 5.")
        return None
    number = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,6}", value.strip()):
        number = int(value.strip())
    if number is None:
        errors[name] = _("A ZRM score is a whole number from 1 to 5.")
        return None
    if not 1 <= number <= 5:
        errors[name] = _("A ZRM score lies between 1 and 5.")
        return None
    return number


def _text(value, name: str, errors: dict, *, max_length: int, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        errors[name] = _("Enter text.")
        return ""
    if required and not text:
        errors[name] = _("This field is required.")
    elif len(text) > max_length:
        errors[name] = _("Use at most %(max)d characters (now %(length)d).") % {"max": max_length, "length": len(text)}
    return text


def _choice(value, name: str, choices, errors: dict, *, required: bool = True) -> str:
    if value in (None, ""):
        if required:
            errors[name] = _("This field is required.")
        return ""
    if value not in choices.values:
        errors[name] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}
        return ""
    return value


def _date(value, name: str, errors: dict, *, required: bool = False, not_after_today: bool = False,
          not_before_today: bool = False) -> date | None:
    if value in (None, ""):
        if required:
            errors[name] = _("Enter a date.")
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value))
        except ValueError:
            errors[name] = _("Enter a valid date (YYYY-MM-DD).")
            return None
    today = timezone.localdate()
    if not_after_today and value > today:
        errors[name] = _("This date cannot lie in the future.")
    if not_before_today and value < today:
        errors[name] = _("This date cannot lie in the past.")
    return value


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _care_member(user, organisation, name: str, errors: dict) -> None:
    if user is None or organisation is None:
        errors[name] = _("Choose a professional and their organisation.")
        return
    if not Membership.objects.filter(user=user, organisation=organisation, active=True,
                                     role__in=policy.CARE_ROLES).exists():
        errors[name] = _("%(name)s does not work as a professional for %(organisation)s.") % {
            "name": user, "organisation": organisation}


def _plan_of(plan: Plan) -> Plan:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(_("This plan is closed; it can no longer be changed."))
    return plan


# --- Plans ----------------------------------------------------------------------------------------


def active_plan(household: Household) -> Plan | None:
    return household.plans.filter(status=PlanStatus.ACTIVE).first()


def create_plan(actor, *, household: Household, coordinator, coordinator_organisation: Organisation,
                summary: str = "") -> Plan:
    """Start the household's one active plan with its one coordinator (from any organisation)."""
    _check(actor, household, event=AccessEvent.CREATE, purpose="create plan")
    errors: dict = {}
    summary = _text(summary, "summary", errors, max_length=3000)
    _care_member(coordinator, coordinator_organisation, "coordinator", errors)
    if household.plans.filter(status=PlanStatus.ACTIVE).exists():
        errors["household"] = _("This household already has an active plan: one household, one plan.")
    _raise(errors)
    plan = Plan(household=household, municipality_id=household.municipality_id, coordinator=coordinator,
                coordinator_organisation=coordinator_organisation, summary=summary)
    try:
        with transaction.atomic():
            plan.save()
            _record_write(actor, plan, event=AccessEvent.CREATE, kind="plan", object_id=plan.pk, verb="create",
                          fields=["coordinator", "summary"], version=plan.version)
    except IntegrityError:  # another plan was started at the same moment
        raise ValidationError(
            {"household": _("This household already has an active plan: one household, one plan.")}) from None
    return plan


def _budget_warnings(plan: Plan, *, budget_total: Decimal, lines: list[tuple[Decimal, Decimal, Decimal]],
                     changed_line: tuple[Decimal, Decimal, Decimal] | None = None) -> list[str]:
    warnings = []
    if changed_line is not None:
        allocated, committed, spent = changed_line
        if committed + spent > allocated:
            warnings.append(_("Committed and spent together (€ %(used)s) exceed the amount allocated to this line "
                              "(€ %(allocated)s).") % {"used": committed + spent, "allocated": allocated})
    total_allocated = sum((line[0] for line in lines), Decimal("0"))
    if total_allocated > budget_total:
        warnings.append(_("The total allocated (€ %(allocated)s) exceeds the plan's budget (€ %(budget)s).")
                        % {"allocated": total_allocated, "budget": budget_total})
    return warnings


def _line_amounts(plan: Plan, *, exclude_pk=None) -> list[tuple[Decimal, Decimal, Decimal]]:
    lines = BudgetLine.objects.filter(plan=plan)
    if exclude_pk is not None:
        lines = lines.exclude(pk=exclude_pk)
    return list(lines.values_list("allocated", "committed", "spent"))


def update_plan(actor, plan: Plan, *, expected_version, confirm_overspend: bool = False, **fields) -> Plan:
    """Change the summary, the budget or the next evaluation date. The coordinator changes only by hand-over."""
    _check(actor, plan.household, event=AccessEvent.UPDATE, purpose="update plan")
    unknown = sorted(set(fields) - set(EDITABLE_PLAN_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    errors: dict = {}
    clean: dict[str, Any] = {}
    if "summary" in fields:
        clean["summary"] = _text(fields["summary"], "summary", errors, max_length=3000)
    if "budget_total" in fields:
        clean["budget_total"] = _money(fields["budget_total"], "budget_total", errors)
    if "next_evaluation_on" in fields:
        clean["next_evaluation_on"] = _date(fields["next_evaluation_on"], "next_evaluation_on", errors)
    version = _version(expected_version)
    _raise(errors)
    _plan_of(plan)

    def current():
        fresh = Plan.objects.get(pk=plan.pk)
        return {name: getattr(fresh, name) for name in clean}

    with transaction.atomic():
        _claim(plan, version, current=current, submitted=clean, changes=clean)
        if "budget_total" in clean and not confirm_overspend:
            warnings = _budget_warnings(plan, budget_total=clean["budget_total"], lines=_line_amounts(plan))
            if warnings:
                raise OverspendWarning(warnings)
        _record_write(actor, plan, event=AccessEvent.UPDATE, kind="plan", object_id=plan.pk, verb="update",
                      fields=sorted(clean), version=plan.version)
    plan.refresh_from_db()
    return plan


def record_strengths(actor, household: Household, *, strengths: str, informal_network: str,
                     expected_version=None) -> Household:
    """The household's own strengths and informal network, recorded first (before goals and actions).

    With an active plan the change takes the plan's version (`expected_version` required)."""
    _check(actor, household, event=AccessEvent.UPDATE, purpose="record strengths and network")
    errors: dict = {}
    clean = {
        "strengths": _text(strengths, "strengths", errors, max_length=3000),
        "informal_network": _text(informal_network, "informal_network", errors, max_length=3000),
    }
    _raise(errors)
    plan = active_plan(household)
    with transaction.atomic():
        if plan is not None:
            def current():
                fresh = Household.objects.get(pk=household.pk)
                return {"strengths": fresh.strengths, "informal_network": fresh.informal_network}

            _claim(plan, expected_version, current=current, submitted=clean, kind="strengths")
        Household.objects.filter(pk=household.pk).update(**clean)
        if plan is not None:
            _record_write(actor, plan, event=AccessEvent.UPDATE, kind="strengths", object_id=household.pk,
                          verb="update", fields=sorted(clean), version=plan.version)
        else:
            log.record(actor, event=AccessEvent.UPDATE, subject_type="household", subject_id=household.pk,
                       municipality_id=household.municipality_id, purpose="strengths update",
                       organisation=_organisation_of(actor, policy.acting_professional(actor)),
                       detail="strengths:update:informal_network,strengths")
    for name, value in clean.items():
        setattr(household, name, value)
    return household


def _strengths_first(plan: Plan) -> None:
    household = Household.objects.only("strengths", "informal_network").get(pk=plan.household_id)
    if not (household.strengths or household.informal_network):
        raise ValidationError(_("First record what the household does itself and who in its own network helps "
                                "(own strengths and network); then add goals and actions."))


# --- Goals ----------------------------------------------------------------------------------------

GOAL_FIELDS = ("life_domain", "description", "current_score", "target_score", "status")


def _goal_values(fields: dict, errors: dict, *, partial: bool) -> dict:
    clean: dict[str, Any] = {}
    if not partial or "life_domain" in fields:
        domain = fields.get("life_domain")
        if isinstance(domain, str):
            domain = LifeDomain.objects.filter(code=domain).first() or domain
        if not isinstance(domain, LifeDomain):
            errors["life_domain"] = _("Choose one of the 13 ZRM life domains.")
        clean["life_domain"] = domain
    if not partial or "description" in fields:
        clean["description"] = _text(fields.get("description"), "description", errors, max_length=1000,
                                     required=True)
    for name in ("current_score", "target_score"):
        if not partial or name in fields:
            clean[name] = _score(fields.get(name), name, errors)
    if "status" in fields or not partial:
        clean["status"] = _choice(fields.get("status") or GoalStatus.OPEN, "status", GoalStatus, errors)
    return clean


def add_goal(actor, plan: Plan, *, expected_version, **fields) -> Goal:
    """A goal in one life domain, with the current and the target ZRM score."""
    _check(actor, plan.household, event=AccessEvent.CREATE, purpose="add goal")
    unknown = sorted(set(fields) - set(GOAL_FIELDS))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    errors: dict = {}
    clean = _goal_values(fields, errors, partial=False)
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    _strengths_first(plan)
    with transaction.atomic():
        _claim(plan, expected_version, submitted=clean, kind="goal")
        goal = Goal.objects.create(plan=plan, municipality_id=plan.municipality_id, **clean)
        _record_write(actor, plan, event=AccessEvent.CREATE, kind="goal", object_id=goal.pk, verb="create",
                      fields=sorted(clean), version=plan.version)
    return goal


def _snapshot_of(instance, names) -> dict:
    values = {}
    for name in names:
        value = getattr(instance, name)
        if hasattr(value, "pk"):
            value = str(value)
        values[name] = value
    return values


def update_goal(actor, goal: Goal, *, expected_version, **fields) -> Goal:
    plan = goal.plan
    _check(actor, plan.household, event=AccessEvent.UPDATE, purpose="update goal")
    unknown = sorted(set(fields) - set(GOAL_FIELDS))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    errors: dict = {}
    clean = _goal_values(fields, errors, partial=True)
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    with transaction.atomic():
        _claim(plan, expected_version, current=lambda: _snapshot_of(Goal.objects.get(pk=goal.pk), clean),
               submitted=_snapshot_of_values(clean), kind="goal")
        Goal.objects.filter(pk=goal.pk).update(**clean)
        _record_write(actor, plan, event=AccessEvent.UPDATE, kind="goal", object_id=goal.pk, verb="update",
                      fields=sorted(clean), version=plan.version)
    goal.refresh_from_db()
    return goal


def _snapshot_of_values(values: dict) -> dict:
    return {k: (str(v) if hasattr(v, "pk") else v) for k, v in values.items()}


# --- Actions --------------------------------------------------------------------------------------

ACTION_FIELDS = ("goal", "performer", "organisation", "professional", "performer_name", "what", "due_on", "status")


def _action_values(plan: Plan, fields: dict, errors: dict, *, existing: Action | None = None) -> dict:
    """Who (organisation, professional, volunteer, own network, the resident), what, when and status."""
    merged = {name: getattr(existing, name) for name in ACTION_FIELDS} if existing else {}
    merged.update(fields)
    clean: dict[str, Any] = {}
    clean["performer"] = _choice(merged.get("performer"), "performer", Performer, errors)
    clean["what"] = _text(merged.get("what"), "what", errors, max_length=1000, required=True)
    clean["performer_name"] = _text(merged.get("performer_name"), "performer_name", errors, max_length=100)
    clean["due_on"] = _date(merged.get("due_on"), "due_on", errors)
    clean["status"] = _choice(merged.get("status") or ActionStatus.PLANNED, "status", ActionStatus, errors)
    goal = merged.get("goal")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("This goal belongs to another plan.")
    clean["goal"] = goal
    organisation = merged.get("organisation")
    professional = merged.get("professional")
    performer = clean["performer"]
    if performer == Performer.ORGANISATION and organisation is None:
        errors["organisation"] = _("Choose the organisation that carries out this action.")
    if performer == Performer.PROFESSIONAL:
        if professional is None:
            errors["professional"] = _("Choose the professional who carries out this action.")
        else:
            memberships = Membership.objects.filter(user=professional, active=True)
            if organisation is None:
                first = memberships.select_related("organisation").first()
                organisation = first.organisation if first else None
            if organisation is None or not memberships.filter(organisation=organisation).exists():
                errors["professional"] = _("This professional does not work for the chosen organisation.")
    if performer in (Performer.VOLUNTEER, Performer.OWN_NETWORK) and not clean["performer_name"]:
        errors["performer_name"] = _("Name the volunteer or the person from the own network (for example "
                                     "'neighbour Els').")
    if performer in (Performer.OWN_NETWORK, Performer.RESIDENT):
        organisation = None
    if performer != Performer.PROFESSIONAL:
        professional = None
    clean["organisation"] = organisation
    clean["professional"] = professional
    return clean


def add_action(actor, plan: Plan, *, expected_version, **fields) -> Action:
    _check(actor, plan.household, event=AccessEvent.CREATE, purpose="add action")
    unknown = sorted(set(fields) - set(ACTION_FIELDS))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    errors: dict = {}
    clean = _action_values(plan, fields, errors)
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    _strengths_first(plan)
    with transaction.atomic():
        _claim(plan, expected_version, submitted=_snapshot_of_values(clean), kind="action")
        action = Action.objects.create(plan=plan, municipality_id=plan.municipality_id, **clean)
        _record_write(actor, plan, event=AccessEvent.CREATE, kind="action", object_id=action.pk, verb="create",
                      fields=sorted(clean), version=plan.version)
    return action


def update_action(actor, action: Action, *, expected_version, **fields) -> Action:
    plan = action.plan
    _check(actor, plan.household, event=AccessEvent.UPDATE, purpose="update action")
    unknown = sorted(set(fields) - set(ACTION_FIELDS))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    errors: dict = {}
    clean = _action_values(plan, fields, errors, existing=action)
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    changed = sorted(name for name in clean if name in fields or name in ("organisation", "professional"))
    with transaction.atomic():
        _claim(plan, expected_version, current=lambda: _snapshot_of(Action.objects.get(pk=action.pk), fields),
               submitted=_snapshot_of_values({k: clean[k] for k in fields}), kind="action")
        Action.objects.filter(pk=action.pk).update(**clean)
        _record_write(actor, plan, event=AccessEvent.UPDATE, kind="action", object_id=action.pk, verb="update",
                      fields=changed, version=plan.version)
    action.refresh_from_db()
    return action


# --- Budget ---------------------------------------------------------------------------------------

BUDGET_FIELDS = ("action", "funding_source", "allocated", "committed", "spent")


def _budget_values(plan: Plan, fields: dict, errors: dict, *, existing: BudgetLine | None = None) -> dict:
    clean: dict[str, Any] = {}
    source = fields.get("funding_source", existing.funding_source if existing else None)
    clean["funding_source"] = _choice(source, "funding_source", FundingSource, errors)
    for name in ("allocated", "committed", "spent"):
        if name in fields:
            clean[name] = _money(fields[name], name, errors, required=name == "allocated")
            if clean[name] is None and name != "allocated" and name not in errors:
                clean[name] = Decimal("0.00")
        elif existing is not None:
            clean[name] = getattr(existing, name)
        else:
            if name == "allocated":
                errors[name] = _("Enter an amount in euros.")
            clean[name] = Decimal("0.00")
    action = fields.get("action", existing.action if existing else None)
    if action is not None and action.plan_id != plan.pk:
        errors["action"] = _("This action belongs to another plan.")
    clean["action"] = action
    return clean


def _save_budget_line(actor, plan: Plan, fields: dict, *, expected_version, confirm_overspend: bool,
                      existing: BudgetLine | None) -> BudgetLine:
    unknown = sorted(set(fields) - set(BUDGET_FIELDS))
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    errors: dict = {}
    clean = _budget_values(plan, fields, errors, existing=existing)
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    with transaction.atomic():
        current = (lambda: _snapshot_of(BudgetLine.objects.get(pk=existing.pk), clean)) if existing else None
        _claim(plan, expected_version, current=current, submitted=_snapshot_of_values(clean), kind="budget_line")
        amounts = (clean["allocated"], clean["committed"], clean["spent"])
        others = _line_amounts(plan, exclude_pk=existing.pk if existing else None)
        budget_total = Plan.objects.only("budget_total").get(pk=plan.pk).budget_total
        warnings = _budget_warnings(plan, budget_total=budget_total, lines=[*others, amounts], changed_line=amounts)
        if warnings and not confirm_overspend:
            raise OverspendWarning(warnings)
        if existing is None:
            line = BudgetLine.objects.create(plan=plan, municipality_id=plan.municipality_id, **clean)
            verb, event = "create", AccessEvent.CREATE
        else:
            BudgetLine.objects.filter(pk=existing.pk).update(**clean)
            line, verb, event = existing, "update", AccessEvent.UPDATE
        _record_write(actor, plan, event=event, kind="budget_line", object_id=line.pk, verb=verb,
                      fields=sorted(fields), version=plan.version)
    line.refresh_from_db()
    return line


def add_budget_line(actor, plan: Plan, *, expected_version, confirm_overspend: bool = False, **fields) -> BudgetLine:
    """A budget line (per action) with its funding source and the allocated, committed and spent amounts."""
    _check(actor, plan.household, event=AccessEvent.CREATE, purpose="add budget line")
    return _save_budget_line(actor, plan, fields, expected_version=expected_version,
                             confirm_overspend=confirm_overspend, existing=None)


def update_budget_line(actor, line: BudgetLine, *, expected_version, confirm_overspend: bool = False,
                       **fields) -> BudgetLine:
    plan = line.plan
    _check(actor, plan.household, event=AccessEvent.UPDATE, purpose="update budget line")
    return _save_budget_line(actor, plan, fields, expected_version=expected_version,
                             confirm_overspend=confirm_overspend, existing=line)


# --- Coordinator hand-over ------------------------------------------------------------------------


def can_hand_over(actor, plan: Plan) -> bool:
    """The current coordinator, or an organisation coordinator of the coordinator's organisation."""
    user = policy.acting_professional(actor)
    if user is None:
        return False
    if user.pk == plan.coordinator_id:
        return True
    if _is_token(actor) and actor.organisation_id != plan.coordinator_organisation_id:
        return False
    return Membership.objects.filter(user=user, organisation_id=plan.coordinator_organisation_id,
                                     role=Role.COORDINATOR, active=True).exists()


def hand_over_coordinator(actor, plan: Plan, *, expected_version, to_user, to_organisation: Organisation,
                          note: str = "") -> CoordinatorHandover:
    """Change the one coordinator explicitly, with a recorded hand-over (the new one may be from any organisation)."""
    household = plan.household
    purpose = "coordinator hand-over"
    if not can_hand_over(actor, plan):
        _refuse(actor, household, event=AccessEvent.UPDATE, purpose=purpose,
                message=_("Only the current coordinator or an organisation coordinator of the coordinator's "
                          "organisation may hand the plan over."))
    user = policy.acting_professional(actor)
    if policy.relation_to_household(actor, household) is not None:
        _check(actor, household, event=AccessEvent.UPDATE, purpose=purpose)
    else:
        # The organisation coordinator arranges the hand-over without seeing the file: allowed, and logged.
        if _is_token(actor) and "households:write" not in set(actor.scopes):
            _refuse(actor, household, event=AccessEvent.UPDATE, purpose=purpose,
                    message=_("This token may not change resident data (scope households:write)."))
        log.record(actor, event=AccessEvent.UPDATE, subject_type="household", subject_id=household.pk,
                   municipality_id=household.municipality_id, purpose=purpose,
                   organisation=_organisation_of(actor, user), detail="relation: organisation coordinator")
    errors: dict = {}
    note = _text(note, "note", errors, max_length=2000)
    _care_member(to_user, to_organisation, "to_user", errors)
    if to_user is not None and to_user.pk == plan.coordinator_id and (
            to_organisation is None or to_organisation.pk == plan.coordinator_organisation_id):
        errors["to_user"] = _("This person is already the coordinator.")
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    from_user_id = plan.coordinator_id
    with transaction.atomic():
        _claim(plan, expected_version, kind="handover",
               current=lambda: {"coordinator": str(Plan.objects.select_related("coordinator").get(pk=plan.pk)
                                                   .coordinator)},
               submitted={"coordinator": str(to_user)},
               changes={"coordinator": to_user, "coordinator_organisation": to_organisation})
        handover = CoordinatorHandover.objects.create(
            plan=plan, municipality_id=plan.municipality_id, from_user_id=from_user_id, to_user=to_user,
            to_organisation=to_organisation, note=note)
        _record_write(actor, plan, event=AccessEvent.UPDATE, kind="handover", object_id=handover.pk,
                      verb="create", fields=["coordinator", "coordinator_organisation"], version=plan.version)
    return handover


# --- Evaluation, assessments and closure -----------------------------------------------------------


def snapshot(plan: Plan) -> dict:
    """The plan as it is now, for a PlanVersion: plan, strengths, goals, actions and budget."""
    plan = Plan.objects.select_related("coordinator", "coordinator_organisation", "household").get(pk=plan.pk)
    goals = list(plan.goals.select_related("life_domain"))
    actions = list(plan.actions.select_related("organisation", "professional", "goal"))
    lines = list(plan.budget_lines.all())
    totals = {name: str(sum((getattr(line, name) for line in lines), Decimal("0.00")))
              for name in ("allocated", "committed", "spent")}
    return {
        "plan": {
            "id": plan.pk, "version": plan.version, "status": plan.status, "summary": plan.summary,
            "budget_total": str(plan.budget_total), "coordinator": str(plan.coordinator),
            "coordinator_organisation": str(plan.coordinator_organisation),
            "next_evaluation_on": plan.next_evaluation_on.isoformat() if plan.next_evaluation_on else None,
        },
        "household": {"strengths": plan.household.strengths, "informal_network": plan.household.informal_network},
        "goals": [{"id": g.pk, "life_domain": g.life_domain.name, "description": g.description,
                   "current_score": g.current_score, "target_score": g.target_score, "status": g.status}
                  for g in goals],
        "actions": [{"id": a.pk, "goal": a.goal_id, "performer": a.performer,
                     "organisation": str(a.organisation) if a.organisation_id else "",
                     "professional": str(a.professional) if a.professional_id else "",
                     "performer_name": a.performer_name, "what": a.what,
                     "due_on": a.due_on.isoformat() if a.due_on else None, "status": a.status} for a in actions],
        "budget_lines": [{"id": b.pk, "action": b.action_id, "funding_source": b.funding_source,
                          "allocated": str(b.allocated), "committed": str(b.committed), "spent": str(b.spent)}
                         for b in lines],
        "budget": {"budget_total": str(plan.budget_total), **totals},
    }


def _keep_version(actor, plan: Plan, *, kind: str, note: str) -> PlanVersion:
    user = policy.acting_professional(actor)
    return PlanVersion.objects.create(plan=plan, municipality_id=plan.municipality_id, version=plan.version,
                                      kind=kind, snapshot=json.dumps(snapshot(plan), ensure_ascii=False),
                                      note=note, created_by=user)


def evaluate(actor, plan: Plan, *, expected_version, note: str = "", next_evaluation_on=None) -> PlanVersion:
    """An evaluation moment: the plan as it stands is kept as a version; the next evaluation is planned."""
    _require_coordinator(actor, plan, event=AccessEvent.UPDATE, purpose="evaluate plan")
    errors: dict = {}
    note = _text(note, "note", errors, max_length=3000)
    next_on = _date(next_evaluation_on, "next_evaluation_on", errors, not_before_today=True)
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    with transaction.atomic():
        _claim(plan, expected_version, kind="evaluation", changes={"next_evaluation_on": next_on})
        version = _keep_version(actor, plan, kind="evaluation", note=note)
        _record_write(actor, plan, event=AccessEvent.CREATE, kind="evaluation", object_id=version.pk,
                      verb="create", fields=["next_evaluation_on", "note"], version=plan.version)
    return version


def _scores(scores: dict | None, errors: dict) -> dict[str, int]:
    """13 ZRM domains, each 1-5 or left empty; at least one scored."""
    domains = {d.code: d for d in LifeDomain.objects.all()}
    clean = {}
    for code, value in (scores or {}).items():
        name = f"scores.{code}"
        if code not in domains:
            errors[name] = _("Unknown life domain %(code)s.") % {"code": code}
            continue
        score = _score(value, name, errors, required=False)
        if score is not None:
            clean[code] = score
    if not clean and not any(k.startswith("scores.") for k in errors):
        errors["scores"] = _("Score at least one of the 13 life domains (1 to 5); leave the others empty.")
    return clean


def _create_assessment(plan: Plan, *, moment: str, assessed_on: date, assessor, scores: dict[str, int],
                       person=None) -> Assessment:
    assessment = Assessment.objects.create(plan=plan, municipality_id=plan.municipality_id, person=person,
                                           moment=moment, assessed_on=assessed_on, assessor=assessor)
    AssessmentScore.objects.bulk_create([
        AssessmentScore(assessment=assessment, municipality_id=plan.municipality_id, life_domain_id=code, score=score)
        for code, score in scores.items()
    ])
    return assessment


def _assessment_input(plan, *, moment, assessed_on, scores, assessor, person, actor, errors, allow_closure=True):
    moment = _choice(moment, "moment", AssessmentMoment, errors)
    if moment == AssessmentMoment.CLOSURE and not allow_closure:
        errors["moment"] = _("A closure assessment is recorded when the plan is closed.")
    assessed_on = _date(assessed_on, "assessed_on", errors, required=True, not_after_today=True)
    clean_scores = _scores(scores, errors)
    assessor = assessor or policy.acting_professional(actor)
    if assessor is None or not Membership.objects.filter(user=assessor, active=True,
                                                         role__in=policy.CARE_ROLES).exists():
        errors["assessor"] = _("The assessor must be a professional.")
    if person is not None and person.household_id != plan.household_id:
        errors["person"] = _("This person is not a member of the household.")
    return moment, assessed_on, clean_scores, assessor


def record_assessment(actor, plan: Plan, *, moment: str, assessed_on, scores: dict, assessor=None,
                      person: Person | None = None) -> Assessment:
    """A ZRM assessment: the 13 domains of ZRM 2017 scored 1-5 (or left empty), with date and assessor."""
    _check(actor, plan.household, event=AccessEvent.CREATE, purpose="record ZRM assessment")
    errors: dict = {}
    moment, assessed_on, clean_scores, assessor = _assessment_input(
        plan, moment=moment, assessed_on=assessed_on, scores=scores, assessor=assessor, person=person,
        actor=actor, errors=errors)
    _raise(errors)
    _plan_of(plan)
    with transaction.atomic():
        assessment = _create_assessment(plan, moment=moment, assessed_on=assessed_on, assessor=assessor,
                                        scores=clean_scores, person=person)
        _record_write(actor, plan, event=AccessEvent.CREATE, kind="assessment", object_id=assessment.pk,
                      verb="create", fields=sorted(clean_scores), version=0)
    return assessment


def close_plan(actor, plan: Plan, *, expected_version, reason: str, assessed_on, scores: dict,
               satisfaction=None, satisfaction_comment: str = "", note: str = "") -> Plan:
    """Close the plan: the reason, the ZRM at closure, the resident's satisfaction (1-10, optional comment)."""
    _require_coordinator(actor, plan, event=AccessEvent.UPDATE, purpose="close plan")
    errors: dict = {}
    reason = _choice(reason, "reason", ClosureReason, errors)
    _moment, assessed_on, clean_scores, assessor = _assessment_input(
        plan, moment=AssessmentMoment.CLOSURE, assessed_on=assessed_on, scores=scores, assessor=None, person=None,
        actor=actor, errors=errors)
    if satisfaction in ("", None):
        satisfaction = None
    elif isinstance(satisfaction, bool) or not str(satisfaction).strip().isdigit() \
            or not 1 <= int(str(satisfaction).strip()) <= 10:
        errors["satisfaction"] = _("The resident's satisfaction is a whole number from 1 to 10.")
    else:
        satisfaction = int(str(satisfaction).strip())
    comment = _text(satisfaction_comment, "satisfaction_comment", errors, max_length=1000)
    if comment and satisfaction is None and "satisfaction" not in errors:
        errors["satisfaction"] = _("Give the satisfaction score that goes with the comment.")
    note = _text(note, "note", errors, max_length=3000)
    _version(expected_version)
    _raise(errors)
    _plan_of(plan)
    now = timezone.now()
    with transaction.atomic():
        _claim(plan, expected_version, kind="closure")
        _create_assessment(plan, moment=AssessmentMoment.CLOSURE, assessed_on=assessed_on, assessor=assessor,
                           scores=clean_scores)
        Plan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.CLOSED, closed_at=now, closure_reason=reason, satisfaction=satisfaction,
            satisfaction_comment=comment, next_evaluation_on=None)
        plan.refresh_from_db()
        _keep_version(actor, plan, kind="closure", note=note)
        _record_write(actor, plan, event=AccessEvent.UPDATE, kind="closure", object_id=plan.pk, verb="close",
                      fields=["closure_reason", "satisfaction", "status"], version=plan.version)
    return plan


# --- Breakthroughs (doorbraak) --------------------------------------------------------------------


def deciding_municipality_ids(actor) -> set[int]:
    """Municipalities whose breakthroughs this actor may see (without personal data) and decide:
    policy officers and functional administrators of a municipality organisation."""
    user = getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)
    if user is None or not getattr(user, "is_active", False):
        return set()
    memberships = Membership.objects.filter(
        user=user, active=True, role__in=[Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN],
        organisation__kind=OrganisationKind.MUNICIPALITY, organisation__municipality__isnull=False)
    if _is_token(actor):
        if not ({"households:read", "households:write"} & set(actor.scopes)):
            return set()
        memberships = memberships.filter(organisation_id=actor.organisation_id)
    return set(memberships.values_list("organisation__municipality_id", flat=True))


def raise_breakthrough(actor, plan: Plan, *, obstacle: str, rule: str) -> Breakthrough:
    """The coordinator escalates a case stuck on rules (doorbraak)."""
    _require_coordinator(actor, plan, event=AccessEvent.CREATE, purpose="raise breakthrough")
    errors: dict = {}
    obstacle = _text(obstacle, "obstacle", errors, max_length=2000, required=True)
    rule = _text(rule, "rule", errors, max_length=300, required=True)
    _raise(errors)
    _plan_of(plan)
    user = policy.acting_professional(actor)
    with transaction.atomic():
        breakthrough = Breakthrough.objects.create(plan=plan, municipality_id=plan.municipality_id, raised_by=user,
                                                   obstacle=obstacle, rule=rule)
        _record_write(actor, plan, event=AccessEvent.CREATE, kind="breakthrough", object_id=breakthrough.pk,
                      verb="create", fields=["obstacle", "rule"], version=0)
    return breakthrough


def decide_breakthrough(actor, breakthrough: Breakthrough, *, decision: str, budget_granted=None) -> Breakthrough:
    """A policy officer or functional administrator of the municipality records the tailored decision,
    seeing only the rule, dates, status and budget (never the household or the obstacle)."""
    purpose = "decide breakthrough"
    user = getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)
    if breakthrough.municipality_id not in deciding_municipality_ids(actor) or (
            _is_token(actor) and "households:write" not in set(actor.scopes)):
        log.record_denied(actor, event=AccessEvent.UPDATE, subject_type="breakthrough", subject_id=breakthrough.pk,
                          municipality_id=breakthrough.municipality_id, purpose=purpose)
        raise PermissionDenied(_("Only a policy officer or administrator of the municipality decides on a "
                                 "breakthrough."))
    errors: dict = {}
    decision = _text(decision, "decision", errors, max_length=2000, required=True)
    granted = _money(budget_granted, "budget_granted", errors, required=False)
    _raise(errors)
    with transaction.atomic():
        updated = Breakthrough.objects.filter(pk=breakthrough.pk, status=BreakthroughStatus.OPEN).update(
            decision=decision, budget_granted=granted, status=BreakthroughStatus.DECIDED, decided_at=timezone.now())
        if not updated:
            raise ValidationError(_("A decision on this breakthrough has already been recorded."))
        organisation = Membership.objects.filter(
            user=user, active=True, organisation__municipality_id=breakthrough.municipality_id,
            organisation__kind=OrganisationKind.MUNICIPALITY).select_related("organisation").first()
        log.record(actor, event=AccessEvent.UPDATE, subject_type="breakthrough", subject_id=breakthrough.pk,
                   municipality_id=breakthrough.municipality_id, purpose=purpose,
                   organisation=organisation.organisation if organisation else None,
                   detail=f"breakthrough:{breakthrough.pk}:decide:budget_granted,decision,status:v0")
    breakthrough.refresh_from_db()
    return breakthrough


def close_breakthrough(actor, breakthrough: Breakthrough, *, follow_up: str) -> Breakthrough:
    """The coordinator records the follow-up and closes the breakthrough."""
    plan = breakthrough.plan
    _require_coordinator(actor, plan, event=AccessEvent.UPDATE, purpose="close breakthrough")
    errors: dict = {}
    follow_up = _text(follow_up, "follow_up", errors, max_length=2000, required=True)
    _raise(errors)
    with transaction.atomic():
        updated = Breakthrough.objects.filter(pk=breakthrough.pk).exclude(status=BreakthroughStatus.CLOSED).update(
            follow_up=follow_up, status=BreakthroughStatus.CLOSED)
        if not updated:
            raise ValidationError(_("This breakthrough is already closed."))
        _record_write(actor, plan, event=AccessEvent.UPDATE, kind="breakthrough", object_id=breakthrough.pk,
                      verb="close", fields=["follow_up", "status"], version=0)
    breakthrough.refresh_from_db()
    return breakthrough


def budget_totals(plan: Plan, lines) -> dict[str, Decimal]:
    """Totals and what remains, never shown as a negative amount (a shortfall is named as such)."""
    zero = Decimal("0.00")
    allocated = sum((line.allocated for line in lines), zero)
    committed = sum((line.committed for line in lines), zero)
    spent = sum((line.spent for line in lines), zero)
    unallocated = plan.budget_total - allocated
    remaining = allocated - committed - spent
    return {
        "budget_total": plan.budget_total, "allocated": allocated, "committed": committed, "spent": spent,
        "unallocated": max(unallocated, zero), "over_allocated": max(-unallocated, zero),
        "remaining": max(remaining, zero), "overspent": max(-remaining, zero),
    }


__all__ = [
    "PlanConflict", "OverspendWarning", "Change", "create_plan", "update_plan", "record_strengths", "add_goal",
    "update_goal", "add_action", "update_action", "add_budget_line", "update_budget_line", "hand_over_coordinator",
    "can_hand_over", "evaluate", "record_assessment", "close_plan", "raise_breakthrough", "decide_breakthrough",
    "close_breakthrough", "deciding_municipality_ids", "budget_totals", "snapshot", "changes_since", "active_plan",
]
