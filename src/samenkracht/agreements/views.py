"""Web pages of agreements and assignments under /afspraken/. Thin: read through queries, write through
services; validation errors of services become inline form errors. No personal data on these pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenkracht.agreements import permissions as may
from samenkracht.agreements import queries, services
from samenkracht.agreements.forms import (
    AccessionAnswerForm,
    AccessionRequestForm,
    AgreementFilterForm,
    AgreementForm,
    AssignmentForm,
    CommitmentForm,
    DecisionLogForm,
    FollowUpForm,
    FollowUpStatusForm,
    ManualValueForm,
    PartyForm,
    RenewalForm,
    ResultAgreementForm,
    StatusForm,
    SubAssignmentForm,
    WorkPlanForm,
)
from samenkracht.agreements.models import (
    AccessionRequest,
    AccessionStatus,
    Agreement,
    AgreementKind,
    Assignment,
    DecisionLog,
    FollowUp,
    PartyRole,
    ResultAgreement,
    WorkPlan,
)
from samenkracht.network.models import Organisation
from samenkracht.network.permissions import actor_for_user

PAGE_SIZE = 50


def _reader(request):
    actor = actor_for_user(request.user)
    if not may.can_read(actor):
        raise PermissionDenied
    return actor


def _attempt(form, call):
    """Run a service call; its validation errors become inline errors on the matching fields."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _form_page(request, form, title: str, back: str, *, intro: str = ""):
    return render(request, "agreements/form.html", {"form": form, "title": title, "back": back, "intro": intro})


def _agreement(pk: int) -> Agreement:
    try:
        return queries.agreement_detail(pk)
    except Agreement.DoesNotExist:
        raise Http404 from None


def _managed_agreement(request, pk: int):
    actor = _reader(request)
    agreement = _agreement(pk)
    if not may.can_manage_agreement(actor, agreement):
        raise PermissionDenied
    return actor, agreement


def _assignment(pk: int) -> Assignment:
    try:
        return queries.assignment_detail(pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


def _managed_assignment(request, pk: int):
    actor = _reader(request)
    assignment = _assignment(pk)
    if not may.can_manage_assignment(actor, assignment):
        raise PermissionDenied
    return actor, assignment


def report_url(assignment_pk: int) -> str | None:
    """The accountability report page (built in the reports app) when it exists."""
    try:
        return reverse("reports:assignment_report", args=[assignment_pk])
    except NoReverseMatch:
        return None


# --- Agreements -----------------------------------------------------------------------------------


@require_GET
def agreement_list(request):
    actor = _reader(request)
    form = AgreementFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = queries.agreements(kind=filters.get("kind") or None, status=filters.get("status") or None,
                              organisation=filters.get("organisation"), municipality=filters.get("municipality"),
                              q=filters.get("q") or None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "agreements/agreement_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "can_create": may.can_create_agreement(actor)})


@require_GET
def open_alliances(request):
    actor = _reader(request)
    alliances = list(queries.open_alliances())
    own = may.acts_for_organisation_ids(actor)
    return render(request, "agreements/open_alliances.html", {
        "alliances": alliances, "can_ask": own is None or bool(own)})


@require_GET
def agreement_detail(request, pk: int):
    actor = _reader(request)
    agreement = _agreement(pk)
    can_manage = may.can_manage_agreement(actor, agreement)
    answerable = [p for p in services.deciding_parties(agreement) if may.can_answer_for_party(actor, p)]
    own = may.acts_for_organisation_ids(actor)
    party_ids = {p.organisation_id for p in agreement.parties.all()}
    can_ask = agreement.open_alliance and (own is None or bool(set(own) - party_ids))
    assignment = getattr(agreement, "assignment", None) if agreement.kind == AgreementKind.ASSIGNMENT else None
    return render(request, "agreements/agreement_detail.html", {
        "agreement": agreement, "can_manage": can_manage, "can_answer": bool(answerable), "can_ask": can_ask,
        "assignment": assignment, "pending": AccessionStatus.PENDING,
        "lead": next((p for p in agreement.parties.all() if p.role == PartyRole.LEAD_PARTY), None),
    })


def _agreement_fields(data: dict) -> dict:
    fields = dict(data)
    for name in ("decision_taken",):
        fields[name] = fields.get(name) or ""
    return fields


@require_http_methods(["GET", "POST"])
def agreement_create(request):
    actor = _reader(request)
    if not may.can_create_agreement(actor):
        raise PermissionDenied
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in AgreementKind.values else {}
    form = AgreementForm(request.POST or None, initial=initial)
    extra = AssignmentForm(request.POST or None, prefix="assignment")
    if request.method == "POST" and form.is_valid() and extra.is_valid():
        fields = _agreement_fields(form.cleaned_data)
        organisations = fields.pop("parties")
        municipalities = fields.pop("municipalities")
        assignment_fields = extra.cleaned_data if fields["kind"] == AgreementKind.ASSIGNMENT else {}
        agreement = _attempt(form, lambda: services.create_agreement(
            actor, parties=[{"organisation": o, "role": PartyRole.SIGNATORY} for o in organisations],
            municipalities=municipalities, **assignment_fields, **fields))
        if agreement:
            messages.success(request, _("The agreement has been added."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return render(request, "agreements/agreement_form.html", {
        "form": form, "extra": extra, "title": _("New agreement"), "back": reverse("agreements:agreement_list")})


@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk: int):
    actor, agreement = _managed_agreement(request, pk)
    initial = {name: getattr(agreement, name) for name in services.EDITABLE_AGREEMENT_FIELDS}
    initial["municipalities"] = list(agreement.municipalities.all())
    form = AgreementForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = _agreement_fields(form.cleaned_data)
        municipalities = fields.pop("municipalities")
        if _attempt(form, lambda: services.update_agreement(actor, agreement, municipalities=municipalities,
                                                            **fields)):
            messages.success(request, _("The changes have been saved."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, _("Edit %(title)s") % {"title": agreement.title}, agreement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def agreement_status(request, pk: int):
    actor, agreement = _managed_agreement(request, pk)
    form = StatusForm(request.POST or None, agreement=agreement, initial={"signed_on": agreement.signed_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.change_status(actor, agreement, data["status"], note=data["note"],
                                                         signed_on=data["signed_on"])):
            messages.success(request, _("The status has been changed."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, _("Status of %(title)s") % {"title": agreement.title},
                      agreement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def party_add(request, pk: int):
    actor, agreement = _managed_agreement(request, pk)
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.add_party(actor, agreement, **form.cleaned_data)):
            messages.success(request, _("The party has been added."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, _("Add a party to %(title)s") % {"title": agreement.title},
                      agreement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def commitment_add(request, pk: int):
    actor, agreement = _managed_agreement(request, pk)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.add_commitment(actor, agreement, **form.cleaned_data)):
            messages.success(request, _("The commitment has been added."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, _("Add a commitment to %(title)s") % {"title": agreement.title},
                      agreement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def agreement_renew(request, pk: int):
    actor, agreement = _managed_agreement(request, pk)
    form = RenewalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.renew(actor, agreement, **form.cleaned_data)):
            messages.success(request, _("The renewal has been recorded."))
            return redirect("agreements:agreement_detail", agreement.pk)
    intro = _("Current end: %(end)s") % {"end": agreement.end_on or "–"}
    return _form_page(request, form, _("Extend %(title)s") % {"title": agreement.title},
                      agreement.get_absolute_url(), intro=intro)


@require_http_methods(["GET", "POST"])
def accession_request(request, pk: int):
    actor = _reader(request)
    agreement = _agreement(pk)
    if not agreement.open_alliance:
        raise Http404
    own = may.acts_for_organisation_ids(actor)
    party_ids = [p.organisation_id for p in agreement.parties.all() if p.organisation_id]
    organisations = Organisation.objects.exclude(pk__in=party_ids).order_by("name")
    if own is not None:
        organisations = organisations.filter(pk__in=own)
    if own is not None and not organisations.exists():
        raise PermissionDenied
    form = AccessionRequestForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.request_accession(actor, agreement, data["organisation"],
                                                             motivation=data["motivation"])):
            messages.success(request, _("The request to join has been sent to the parties."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, _("Ask to join %(title)s") % {"title": agreement.title},
                      agreement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def accession_answer(request, pk: int):
    actor = _reader(request)
    accession = get_object_or_404(AccessionRequest.objects.select_related("agreement", "organisation"), pk=pk)
    agreement = _agreement(accession.agreement_id)
    parties = [p for p in services.deciding_parties(agreement) if may.can_answer_for_party(actor, p)]
    if not parties:
        raise PermissionDenied
    from samenkracht.agreements.models import Party

    form = AccessionAnswerForm(request.POST or None, parties=Party.objects.filter(
        pk__in=[p.pk for p in parties]).select_related("organisation", "association"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.answer_accession(actor, accession, data["party"], approve=data["approve"],
                                                            note=data["note"])):
            messages.success(request, _("Your answer has been recorded."))
            return redirect("agreements:agreement_detail", agreement.pk)
    intro = _("%(organisation)s asks to join. Motivation: %(motivation)s") % {
        "organisation": accession.organisation.name, "motivation": accession.motivation or "–"}
    return _form_page(request, form, _("Request to join %(title)s") % {"title": agreement.title},
                      agreement.get_absolute_url(), intro=intro)


def _party_organisations(agreement: Agreement):
    ids = [p.organisation_id for p in agreement.parties.all() if p.organisation_id]
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@require_http_methods(["GET", "POST"])
def decision_log_add(request, pk: int):
    actor, agreement = _managed_agreement(request, pk)
    form = DecisionLogForm(request.POST or None, organisations=_party_organisations(agreement))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        participants = data.pop("participants")
        log = _attempt(form, lambda: services.add_decision_log(actor, agreement, participants=participants, **data))
        if log:
            messages.success(request, _("The decision log has been added."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, _("Decision log for %(title)s") % {"title": agreement.title},
                      agreement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def follow_up_add(request, pk: int):
    actor = _reader(request)
    log = get_object_or_404(DecisionLog.objects.select_related("agreement"), pk=pk)
    agreement = _agreement(log.agreement_id)
    if not may.can_manage_agreement(actor, agreement):
        raise PermissionDenied
    form = FollowUpForm(request.POST or None, organisations=_party_organisations(agreement))
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.add_follow_up(actor, log, **form.cleaned_data)):
            messages.success(request, _("The follow-up has been added."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, _("Follow-up of %(meeting)s") % {"meeting": log.title},
                      agreement.get_absolute_url())


@require_http_methods(["GET", "POST"])
def follow_up_update(request, pk: int):
    actor = _reader(request)
    follow_up = get_object_or_404(FollowUp.objects.select_related("decision_log__agreement", "owner"), pk=pk)
    agreement = _agreement(follow_up.decision_log.agreement_id)
    if not (may.can_manage_agreement(actor, agreement) or may.acts_for(actor, follow_up.owner_id)):
        raise PermissionDenied
    form = FollowUpStatusForm(request.POST or None, initial={"status": follow_up.status, "done_on": follow_up.done_on})
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.update_follow_up(actor, follow_up, **form.cleaned_data)):
            messages.success(request, _("The changes have been saved."))
            return redirect("agreements:agreement_detail", agreement.pk)
    return _form_page(request, form, follow_up.action, agreement.get_absolute_url())


# --- Assignments ----------------------------------------------------------------------------------


@require_GET
def assignment_list(request):
    actor = _reader(request)
    rows = queries.assignments()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "agreements/assignment_list.html", {
        "page": page, "can_create": may.can_manage_any_municipality(actor)})


@require_GET
def assignment_detail(request, pk: int):
    actor = _reader(request)
    assignment = _assignment(pk)
    results = list(assignment.result_agreements.all())
    by_sub: dict = {}
    for result in results:
        by_sub.setdefault(result.sub_assignment_id, []).append(result)
    reportable = {r.pk for r in results if r.is_manual and may.can_report_value(actor, r)}
    return render(request, "agreements/assignment_detail.html", {
        "assignment": assignment, "agreement": assignment.agreement, "results": results,
        "whole_results": by_sub.get(None, []), "results_by_sub": by_sub, "reportable": reportable,
        "can_manage": may.can_manage_assignment(actor, assignment), "lead": assignment.lead_party(),
        "report_url": report_url(assignment.pk),
    })


@require_http_methods(["GET", "POST"])
def assignment_edit(request, pk: int):
    actor, assignment = _managed_assignment(request, pk)
    form = AssignmentForm(request.POST or None, initial={
        "reporting_frequency": assignment.reporting_frequency, "accountability": assignment.accountability,
        "budget": assignment.budget})
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.update_assignment(actor, assignment, **form.cleaned_data)):
            messages.success(request, _("The changes have been saved."))
            return redirect("agreements:assignment_detail", assignment.pk)
    return _form_page(request, form, _("Edit %(title)s") % {"title": assignment.title}, assignment.get_absolute_url())


@require_http_methods(["GET", "POST"])
def work_plan_add(request, pk: int):
    actor, assignment = _managed_assignment(request, pk)
    form = WorkPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.add_work_plan(actor, assignment, **form.cleaned_data)):
            messages.success(request, _("The work plan has been added."))
            return redirect("agreements:assignment_detail", assignment.pk)
    return _form_page(request, form, _("Work plan for %(title)s") % {"title": assignment.title},
                      assignment.get_absolute_url())


@require_http_methods(["GET", "POST"])
def sub_assignment_add(request, pk: int):
    actor = _reader(request)
    work_plan = get_object_or_404(WorkPlan.objects.select_related("assignment__agreement"), pk=pk)
    assignment = work_plan.assignment
    if not may.can_manage_assignment(actor, assignment):
        raise PermissionDenied
    form = SubAssignmentForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.add_sub_assignment(actor, work_plan, **form.cleaned_data)):
            messages.success(request, _("The sub-assignment has been added."))
            return redirect("agreements:assignment_detail", assignment.pk)
    return _form_page(request, form, _("Sub-assignment in %(title)s") % {"title": work_plan.title},
                      assignment.get_absolute_url())


def _result_fields(data: dict) -> dict:
    fields = dict(data)
    fields["breakdown"] = fields.get("breakdown") or ""
    return fields


@require_http_methods(["GET", "POST"])
def result_agreement_add(request, pk: int):
    actor, assignment = _managed_assignment(request, pk)
    form = ResultAgreementForm(request.POST or None, assignment=assignment, initial={
        "period_start": assignment.agreement.start_on, "period_end": assignment.agreement.end_on})
    if request.method == "POST" and form.is_valid():
        fields = _result_fields(form.cleaned_data)
        if _attempt(form, lambda: services.add_result_agreement(actor, assignment, **fields)):
            messages.success(request, _("The result agreement has been added."))
            return redirect("agreements:assignment_detail", assignment.pk)
    return _form_page(request, form, _("Result agreement for %(title)s") % {"title": assignment.title},
                      assignment.get_absolute_url())


def _result(pk: int) -> ResultAgreement:
    try:
        return queries.result_agreement(pk)
    except ResultAgreement.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def result_agreement_edit(request, pk: int):
    actor = _reader(request)
    result = _result(pk)
    assignment = result.assignment
    if not may.can_manage_assignment(actor, assignment):
        raise PermissionDenied
    names = ("sub_assignment", "indicator", "target", "period_start", "period_end", "responsible_party",
             "breakdown", "note")
    form = ResultAgreementForm(request.POST or None, assignment=assignment,
                               initial={name: getattr(result, name) for name in names})
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.update_result_agreement(actor, result, **_result_fields(form.cleaned_data))):
            messages.success(request, _("The changes have been saved."))
            return redirect("agreements:assignment_detail", assignment.pk)
    return _form_page(request, form, _("Edit result agreement"), assignment.get_absolute_url())


@require_http_methods(["GET", "POST"])
def manual_value_add(request, pk: int):
    actor = _reader(request)
    result = _result(pk)
    if not may.can_report_value(actor, result):
        raise PermissionDenied
    form = ManualValueForm(request.POST or None, initial={"period_start": result.period_start,
                                                          "period_end": result.period_end})
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.report_value(actor, result, **form.cleaned_data)):
            messages.success(request, _("The value has been recorded."))
            return redirect("agreements:assignment_detail", result.assignment_id)
    intro = _("%(indicator)s, target %(target)s (%(unit)s)") % {
        "indicator": str(result), "target": result.target, "unit": result.unit_label}
    return _form_page(request, form, _("Report a value"), result.assignment.get_absolute_url(), intro=intro)

