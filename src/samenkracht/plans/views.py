"""Web pages of households and plans, under /plannen/. Thin: read through queries, write through services.

Every page with resident data is for professionals with a relation to the household (the access policy
decides and logs); municipality policy officers see only the breakthrough overview, without personal data.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samenkracht.network.permissions import actor_for_user
from samenkracht.plans import charts, queries, services
from samenkracht.plans.forms import (
    ActionForm,
    AssessmentForm,
    BreakthroughCloseForm,
    BreakthroughForm,
    BudgetLineForm,
    CloseForm,
    DecisionForm,
    EmergencyForm,
    EvaluationForm,
    GoalForm,
    HandoverForm,
    PlanCreateForm,
    PlanForm,
    StrengthsForm,
)
from samenkracht.plans.models import (
    Action,
    ActionStatus,
    Breakthrough,
    BreakthroughStatus,
    BudgetLine,
    FundingSource,
    Goal,
    GoalStatus,
    Household,
    Performer,
    PlanStatus,
    PlanVersion,
)
from samenkracht.privacy import policy

PAGE_SIZE = 50

KIND_LABELS = {
    "plan": gettext_lazy("the plan"), "goal": gettext_lazy("a goal"), "action": gettext_lazy("an action"),
    "budget_line": gettext_lazy("a budget line"), "strengths": gettext_lazy("own strengths and network"),
    "handover": gettext_lazy("the coordinator (hand-over)"), "evaluation": gettext_lazy("an evaluation"),
    "closure": gettext_lazy("the closure"),
}
VERB_LABELS = {"create": gettext_lazy("added"), "update": gettext_lazy("changed"), "close": gettext_lazy("closed")}
FIELD_LABELS = {
    "summary": gettext_lazy("what the household wants to achieve"), "budget_total": gettext_lazy("budget"),
    "next_evaluation_on": gettext_lazy("next evaluation"), "life_domain": gettext_lazy("life domain"),
    "description": gettext_lazy("goal"), "current_score": gettext_lazy("current ZRM score"),
    "target_score": gettext_lazy("target ZRM score"), "status": gettext_lazy("status"),
    "goal": gettext_lazy("goal"), "performer": gettext_lazy("who"), "organisation": gettext_lazy("organisation"),
    "professional": gettext_lazy("professional"), "performer_name": gettext_lazy("name"),
    "what": gettext_lazy("what"), "due_on": gettext_lazy("when"), "action": gettext_lazy("action"),
    "funding_source": gettext_lazy("funding source"), "allocated": gettext_lazy("allocated"),
    "committed": gettext_lazy("committed"), "spent": gettext_lazy("spent"),
    "strengths": gettext_lazy("own strengths"), "informal_network": gettext_lazy("informal network"),
    "coordinator": gettext_lazy("coordinator"), "coordinator_organisation": gettext_lazy("coordinator's organisation"),
    "note": gettext_lazy("note"), "closure_reason": gettext_lazy("reason for closing"),
    "satisfaction": gettext_lazy("satisfaction"),
}
RELATION_LABELS = {
    policy.Relation.TEAM: gettext_lazy("member of the team holding the file"),
    policy.Relation.ASSIGNED: gettext_lazy("assigned professional"),
    policy.Relation.COORDINATOR: gettext_lazy("coordinator"),
    policy.Relation.TRIAGE: gettext_lazy("took part in the triage"),
    policy.Relation.EMERGENCY: gettext_lazy("emergency access"),
}
CHOICE_LABELS = {**dict(GoalStatus.choices), **dict(ActionStatus.choices), **dict(Performer.choices),
                 **dict(FundingSource.choices)}


# --- Helpers --------------------------------------------------------------------------------------


def _actor(request):
    return actor_for_user(request.user)


def _professional(request):
    actor = _actor(request)
    queries.require_professional(actor)
    return actor


def _household_url(household_id: int, anchor: str = "") -> str:
    return reverse("plans:household_detail", args=[household_id]) + (f"#{anchor}" if anchor else "")


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"€ {formats.number_format(value, 2, use_l10n=True, force_grouping=True)}"
    if isinstance(value, (date, datetime)):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, str) and value in CHOICE_LABELS:
        return str(CHOICE_LABELS[value])
    return str(value)


def conflict_context(conflict: services.PlanConflict) -> dict:
    """The other person's change, for the conflict message: who, when, what, and current vs. yours."""
    changes = [{
        "at": change.at, "by": change.by,
        "what": _("%(what)s %(verb)s") % {"what": KIND_LABELS.get(change.kind, change.kind),
                                          "verb": VERB_LABELS.get(change.verb, change.verb)},
        "fields": ", ".join(str(FIELD_LABELS.get(f, f)) for f in change.fields),
    } for change in conflict.changes]
    names = list(dict.fromkeys([*conflict.current, *conflict.submitted]))
    rows = [{"label": FIELD_LABELS.get(name, name), "current": _display(conflict.current.get(name)),
             "yours": _display(conflict.submitted.get(name)),
             "differs": name in conflict.current and conflict.current.get(name) != conflict.submitted.get(name)}
            for name in names if name in conflict.current]
    return {"changes": changes, "rows": rows, "current_version": conflict.current_version,
            "your_version": conflict.expected_version}


def _add_errors(form, error: ValidationError, field_map: dict | None = None) -> None:
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        target = field_map.get(name, name)
        if name.startswith("scores."):
            target = "score_" + name.split(".", 1)[1]
        if target not in form.fields:
            label = FIELD_LABELS.get(name, name)
            form.add_error(None, [f"{label}: {message}" for message in errors])
        else:
            form.add_error(target, errors)


def _attempt(form, call, context: dict, *, field_map: dict | None = None):
    """Run a service call for a valid form. Conflicts, overspend warnings and validation errors end up in
    the form or the context; the page is shown again with the person's input kept."""
    try:
        return call()
    except services.PlanConflict as conflict:
        context["conflict"] = conflict_context(conflict)
        context["status"] = 409
        form.data = form.data.copy()
        form.data["version"] = str(conflict.current_version)  # saving again is now a deliberate choice
    except services.OverspendWarning as warning:
        context["warnings"] = warning.warnings
    except ValidationError as error:
        _add_errors(form, error, field_map)
    return None


def _form_page(request, form, context: dict, template: str = "plans/form.html"):
    context.setdefault("form", form)
    return render(request, template, context, status=context.pop("status", 200))


def _saved(request, message: str, household_id: int, anchor: str = ""):
    messages.success(request, message)
    return redirect(_household_url(household_id, anchor))


# --- Households -----------------------------------------------------------------------------------


@require_GET
def household_list(request):
    actor = _professional(request)
    page = Paginator(queries.households(actor), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    queries.log_list(actor, rows, purpose="households list")
    items = [{"household": h, "applicant": queries.applicant(h), "plan": (h.active_plans or [None])[0]} for h in rows]
    return render(request, "plans/household_list.html", {"page": page, "items": items})


@require_GET
def household_detail(request, pk: int):
    actor = _actor(request)
    try:
        page = queries.household_page(actor, pk)
    except PermissionDenied as denied:
        return render(request, "plans/no_access.html", {
            "household_id": pk, "message": str(denied),
            "can_use_emergency": policy.acting_professional(actor) is not None,
        }, status=403)
    chart = charts.zrm_chart(page.domains, page.zrm)
    return render(request, "plans/household_detail.html", {
        "page": page, "household": page.household, "plan": page.plan, "chart": chart,
        "relation_label": RELATION_LABELS.get(page.relation, page.relation),
        "zrm_rows": [(d, [c.scores.get(d.code) for c in page.zrm]) for d in page.domains],
        "active": page.plan is not None and page.plan.status == PlanStatus.ACTIVE,
    })


@require_http_methods(["GET", "POST"])
def strengths_edit(request, pk: int):
    actor = _professional(request)
    household, _relation = queries.get_household(actor, pk, purpose="edit strengths")
    plan = services.active_plan(household)
    form = StrengthsForm(request.POST or None, initial={
        "strengths": household.strengths, "informal_network": household.informal_network,
        "version": plan.version if plan else None})
    context = {"title": _("Own strengths and network"), "household": household}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _attempt(form, lambda: services.record_strengths(
            actor, household, strengths=data["strengths"], informal_network=data["informal_network"],
            expected_version=data["version"] if plan else None), context)
        if done is not None:
            return _saved(request, _("Own strengths and network have been saved."), household.pk, "eigen-kracht")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def plan_create(request, pk: int):
    actor = _professional(request)
    household, _relation = queries.get_household(actor, pk, purpose="start plan")
    form = PlanCreateForm(request.POST or None)
    context = {"title": _("Start the plan"), "household": household}
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["coordinator"]
        plan = _attempt(form, lambda: services.create_plan(
            actor, household=household, coordinator=membership.user,
            coordinator_organisation=membership.organisation, summary=form.cleaned_data["summary"]), context,
            field_map={"household": "coordinator"})
        if plan is not None:
            return _saved(request, _("The plan has been started."), household.pk, "plan")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk: int):
    actor = _professional(request)
    plan = queries.get_plan(actor, pk, purpose="edit plan")
    form = PlanForm(request.POST or None, initial={
        "summary": plan.summary, "budget_total": plan.budget_total,
        "next_evaluation_on": plan.next_evaluation_on, "version": plan.version})
    context = {"title": _("Edit the plan"), "household": plan.household, "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, confirm = data.pop("version"), data.pop("confirm_overspend")
        if _attempt(form, lambda: services.update_plan(actor, plan, expected_version=version,
                                                       confirm_overspend=confirm, **data), context):
            return _saved(request, _("The plan has been saved."), plan.household_id, "plan")
    return _form_page(request, form, context)


def _goal_page(request, actor, plan, goal=None):
    initial = {"version": plan.version}
    if goal is not None:
        initial.update(life_domain=goal.life_domain_id, description=goal.description, status=goal.status,
                       current_score=goal.current_score, target_score=goal.target_score)
    form = GoalForm(request.POST or None, initial=initial)
    context = {"title": _("Edit goal") if goal else _("New goal"), "household": plan.household, "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if goal is None:
            call = lambda: services.add_goal(actor, plan, expected_version=version, **data)  # noqa: E731
        else:
            call = lambda: services.update_goal(actor, goal, expected_version=version, **data)  # noqa: E731
        if _attempt(form, call, context):
            return _saved(request, _("The goal has been saved."), plan.household_id, "doelen")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def goal_create(request, pk: int):
    actor = _professional(request)
    return _goal_page(request, actor, queries.get_plan(actor, pk, purpose="add goal"))


@require_http_methods(["GET", "POST"])
def goal_edit(request, pk: int):
    actor = _professional(request)
    goal = queries.get_plan_part(actor, Goal, pk, purpose="edit goal")
    return _goal_page(request, actor, goal.plan, goal)


def _action_page(request, actor, plan, action=None):
    initial = {"version": plan.version}
    if action is not None:
        professional = None
        if action.professional_id:
            professional = action.professional.memberships.filter(organisation_id=action.organisation_id).first()
        initial.update(goal=action.goal_id, what=action.what, performer=action.performer,
                       organisation=action.organisation_id, professional=professional.pk if professional else None,
                       performer_name=action.performer_name, due_on=action.due_on, status=action.status)
    form = ActionForm(request.POST or None, initial=initial, plan=plan)
    context = {"title": _("Edit action") if action else _("New action"), "household": plan.household, "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        version = form.cleaned_data["version"]
        if action is None:
            call = lambda: services.add_action(actor, plan, expected_version=version, **data)  # noqa: E731
        else:
            call = lambda: services.update_action(actor, action, expected_version=version, **data)  # noqa: E731
        if _attempt(form, call, context):
            return _saved(request, _("The action has been saved."), plan.household_id, "acties")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def action_create(request, pk: int):
    actor = _professional(request)
    return _action_page(request, actor, queries.get_plan(actor, pk, purpose="add action"))


@require_http_methods(["GET", "POST"])
def action_edit(request, pk: int):
    actor = _professional(request)
    action = queries.get_plan_part(actor, Action, pk, purpose="edit action")
    return _action_page(request, actor, action.plan, action)


def _budget_page(request, actor, plan, line=None):
    initial = {"version": plan.version}
    if line is not None:
        initial.update(action=line.action_id, funding_source=line.funding_source, allocated=line.allocated,
                       committed=line.committed, spent=line.spent)
    form = BudgetLineForm(request.POST or None, initial=initial, plan=plan)
    context = {"title": _("Edit budget line") if line else _("New budget line"), "household": plan.household,
               "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, confirm = data.pop("version"), data.pop("confirm_overspend")
        for name in ("committed", "spent"):
            if data[name] is None:
                data[name] = Decimal("0")
        if line is None:
            call = lambda: services.add_budget_line(  # noqa: E731
                actor, plan, expected_version=version, confirm_overspend=confirm, **data)
        else:
            call = lambda: services.update_budget_line(  # noqa: E731
                actor, line, expected_version=version, confirm_overspend=confirm, **data)
        if _attempt(form, call, context):
            return _saved(request, _("The budget line has been saved."), plan.household_id, "budget")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def budget_line_create(request, pk: int):
    actor = _professional(request)
    return _budget_page(request, actor, queries.get_plan(actor, pk, purpose="add budget line"))


@require_http_methods(["GET", "POST"])
def budget_line_edit(request, pk: int):
    actor = _professional(request)
    line = queries.get_plan_part(actor, BudgetLine, pk, purpose="edit budget line")
    return _budget_page(request, actor, line.plan, line)


@require_http_methods(["GET", "POST"])
def handover(request, pk: int):
    actor = _professional(request)
    plan = queries.plan_for_handover(actor, pk)
    if not services.can_hand_over(actor, plan):
        raise PermissionDenied
    form = HandoverForm(request.POST or None, initial={"version": plan.version})
    context = {"title": _("Hand over coordination of plan %(number)s") % {"number": plan.pk}, "plan": plan,
               "handover": True}
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["to"]
        done = _attempt(form, lambda: services.hand_over_coordinator(
            actor, plan, expected_version=form.cleaned_data["version"], to_user=membership.user,
            to_organisation=membership.organisation, note=form.cleaned_data["note"]), context,
            field_map={"to_user": "to"})
        if done is not None:
            messages.success(request, _("Coordination has been handed over to %(name)s.") % {"name": membership.user})
            if policy.relation_to_household(actor, plan.household) is not None:
                return redirect(_household_url(plan.household_id, "regie"))
            if queries.coordinated_organisation_ids(actor):
                return redirect("plans:coordination")
            return redirect("plans:household_list")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def evaluate(request, pk: int):
    actor = _professional(request)
    plan = queries.get_plan(actor, pk, purpose="evaluate plan")
    form = EvaluationForm(request.POST or None, initial={"version": plan.version,
                                                         "next_evaluation_on": plan.next_evaluation_on})
    context = {"title": _("Evaluation"), "household": plan.household, "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.evaluate(actor, plan, expected_version=data["version"], note=data["note"],
                                                    next_evaluation_on=data["next_evaluation_on"]), context):
            return _saved(request, _("The evaluation has been recorded and this version of the plan kept."),
                          plan.household_id, "versies")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def assessment_create(request, pk: int):
    actor = _professional(request)
    plan = queries.get_plan(actor, pk, purpose="record ZRM assessment")
    form = AssessmentForm(request.POST or None)
    context = {"title": _("ZRM assessment"), "household": plan.household, "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.record_assessment(
                actor, plan, moment=data["moment"], assessed_on=data["assessed_on"], scores=form.scores()), context):
            return _saved(request, _("The ZRM assessment has been recorded."), plan.household_id, "zrm")
    return _form_page(request, form, context, "plans/scores_form.html")


@require_http_methods(["GET", "POST"])
def plan_close(request, pk: int):
    actor = _professional(request)
    plan = queries.get_plan(actor, pk, purpose="close plan")
    form = CloseForm(request.POST or None, initial={"version": plan.version})
    context = {"title": _("Close the plan"), "household": plan.household, "plan": plan}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.close_plan(
                actor, plan, expected_version=data["version"], reason=data["reason"],
                assessed_on=data["assessed_on"], scores=form.scores(), satisfaction=data["satisfaction"],
                satisfaction_comment=data["satisfaction_comment"], note=data["note"]), context):
            return _saved(request, _("The plan has been closed."), plan.household_id, "plan")
    return _form_page(request, form, context, "plans/scores_form.html")


@require_GET
def version_detail(request, pk: int):
    actor = _professional(request)
    version = queries.get_plan_part(actor, PlanVersion, pk, purpose="plan version")
    return render(request, "plans/version_detail.html", {
        "version": version, "plan": version.plan, "household": version.plan.household,
        "snapshot": queries.version_snapshot(version)})


@require_http_methods(["GET", "POST"])
def breakthrough_create(request, pk: int):
    actor = _professional(request)
    plan = queries.get_plan(actor, pk, purpose="raise breakthrough")
    user = policy.acting_professional(actor)
    if plan.coordinator_id != user.pk:
        raise PermissionDenied
    form = BreakthroughForm(request.POST or None)
    context = {"title": _("Raise a breakthrough"), "household": plan.household, "plan": plan,
               "intro": _("A breakthrough (doorbraak) asks the municipality for a tailored deviation when rules "
                          "block the plan. The municipality sees the rule, dates, status and budget, never the "
                          "household or what is stuck; you explain the situation in the breakthrough session.")}
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.raise_breakthrough(actor, plan, **form.cleaned_data), context):
            return _saved(request, _("The breakthrough has been raised."), plan.household_id, "doorbraken")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def breakthrough_close(request, pk: int):
    actor = _professional(request)
    breakthrough = queries.get_plan_part(actor, Breakthrough, pk, purpose="close breakthrough")
    if breakthrough.plan.coordinator_id != policy.acting_professional(actor).pk:
        raise PermissionDenied
    form = BreakthroughCloseForm(request.POST or None, initial={"follow_up": breakthrough.follow_up})
    context = {"title": _("Close breakthrough"), "household": breakthrough.plan.household,
               "plan": breakthrough.plan, "breakthrough": breakthrough}
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.close_breakthrough(actor, breakthrough, **form.cleaned_data), context):
            return _saved(request, _("The breakthrough has been closed."), breakthrough.plan.household_id,
                          "doorbraken")
    return _form_page(request, form, context)


@require_http_methods(["GET", "POST"])
def emergency_access(request, pk: int):
    """The noodknop: access outside the normal relation with a mandatory reason, reviewed afterwards."""
    actor = _professional(request)
    household = get_object_or_404(Household.objects.only("id", "municipality_id"), pk=pk)
    relation = policy.relation_to_household(actor, household)
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy.start_emergency_access(actor, household, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.warning(request, _("Emergency access is active. It is logged and reviewed afterwards."))
            return redirect(_household_url(household.pk))
    return render(request, "plans/emergency.html", {"form": form, "household_id": household.pk,
                                                    "relation": relation})


# --- Municipality: breakthroughs without personal data --------------------------------------------


@require_GET
def breakthrough_overview(request):
    actor = _actor(request)
    show = request.GET.get("status", BreakthroughStatus.OPEN)
    if show not in BreakthroughStatus.values and show != "all":
        show = BreakthroughStatus.OPEN
    rows = queries.breakthrough_overview(actor, status=None if show == "all" else show)
    return render(request, "plans/breakthrough_overview.html", {
        "rows": rows, "show": show, "statuses": BreakthroughStatus.choices})


@require_http_methods(["GET", "POST"])
def breakthrough_decide(request, pk: int):
    actor = _actor(request)
    summary = queries.breakthrough_summary(actor, pk)
    form = DecisionForm(request.POST or None)
    context = {"title": _("Decision on breakthrough %(number)s") % {"number": pk}, "summary": summary}
    if request.method == "POST" and form.is_valid():
        breakthrough = Breakthrough.objects.only("id", "municipality_id", "status").get(pk=pk)
        if _attempt(form, lambda: services.decide_breakthrough(actor, breakthrough, **form.cleaned_data), context):
            messages.success(request, _("The decision has been recorded."))
            return redirect("plans:breakthrough_overview")
    return _form_page(request, form, context, "plans/breakthrough_decide.html")


# --- Organisation coordinators: who coordinates which plan ----------------------------------------


@require_GET
def coordination(request):
    actor = _actor(request)
    return render(request, "plans/coordination.html", {"rows": queries.coordination_overview(actor)})

