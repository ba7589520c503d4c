"""Reads of agreements and assignments, shaped for lists and details with a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from samenkracht.agreements.models import (
    AccessionRequest,
    Agreement,
    Assignment,
    DecisionLog,
    Party,
    ResultAgreement,
    SubAssignment,
    WorkPlan,
)

_PARTIES = Prefetch("parties", queryset=Party.objects.select_related("organisation", "association"))


def agreements(*, kind: str | None = None, status: str | None = None, organisation=None, municipality=None,
               q: str | None = None, open_alliance: bool | None = None) -> QuerySet[Agreement]:
    rows = Agreement.objects.select_related("municipality", "assignment").prefetch_related(_PARTIES)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    if organisation is not None:
        rows = rows.filter(parties__organisation=organisation)
    if municipality is not None:
        rows = rows.filter(Q(municipality=municipality) | Q(municipalities=municipality))
    if q:
        rows = rows.filter(title__icontains=q)
    if open_alliance is not None:
        rows = rows.filter(open_alliance=open_alliance)
    if organisation is not None or municipality is not None:
        rows = rows.distinct()
    return rows.order_by("title", "pk")


def open_alliances() -> QuerySet[Agreement]:
    pending = AccessionRequest.objects.filter(status="pending").select_related("organisation")
    return (agreements(open_alliance=True).prefetch_related(
        Prefetch("accession_requests", queryset=pending, to_attr="pending_requests"), "municipalities"))


def agreement_detail(pk: int) -> Agreement:
    """One agreement with everything its page shows (raises Agreement.DoesNotExist)."""
    logs = DecisionLog.objects.prefetch_related("participants", "follow_ups__owner")
    requests = AccessionRequest.objects.select_related("organisation").prefetch_related(
        "approvals__party__organisation", "approvals__party__association")
    return (Agreement.objects.select_related("municipality", "assignment")
            .prefetch_related(_PARTIES, "parties__joined_through", "municipalities", "commitments", "renewals",
                              "status_changes__changed_by", Prefetch("decision_logs", queryset=logs),
                              Prefetch("accession_requests", queryset=requests))
            .get(pk=pk))


def assignments(*, municipality=None, organisation=None) -> QuerySet[Assignment]:
    rows = Assignment.objects.select_related("municipality", "agreement").prefetch_related(
        Prefetch("agreement__parties", queryset=Party.objects.select_related("organisation", "association")))
    if municipality is not None:
        rows = rows.filter(municipality=municipality)
    if organisation is not None:
        rows = rows.filter(agreement__parties__organisation=organisation).distinct()
    return rows.order_by("municipality__name", "agreement__title", "pk")


def _results() -> QuerySet[ResultAgreement]:
    return ResultAgreement.objects.select_related(
        "sub_assignment", "responsible_party__organisation", "responsible_party__association",
    ).prefetch_related("manual_values")


def assignment_detail(pk: int) -> Assignment:
    """One assignment with its work plans, sub-assignments and result agreements (raises DoesNotExist)."""
    subs = SubAssignment.objects.select_related("responsible_party__organisation",
                                                "responsible_party__association")
    plans = WorkPlan.objects.prefetch_related(Prefetch("sub_assignments", queryset=subs))
    return (Assignment.objects.select_related("municipality", "agreement__municipality")
            .prefetch_related(Prefetch("agreement__parties", queryset=Party.objects.select_related(
                "organisation", "association")),
                Prefetch("work_plans", queryset=plans),
                Prefetch("result_agreements", queryset=_results()))
            .get(pk=pk))


def result_agreements(assignment_id: int) -> QuerySet[ResultAgreement]:
    return _results().filter(assignment_id=assignment_id)


def result_agreement(pk: int) -> ResultAgreement:
    return (_results().select_related("assignment__agreement", "assignment__municipality",
                                      "sub_assignment__work_plan").get(pk=pk))
