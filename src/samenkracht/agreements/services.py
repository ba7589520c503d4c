"""Every write to agreements and assignments: one function per use case, one transaction each.

Each function checks the actor first (deny by default, see agreements/permissions.py), validates with the
model's own rules (`full_clean`) so the web form, the API and the demo builder give the same message for the
same mistake, and saves nothing when anything is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.agreements import permissions as may
from samenkracht.agreements.models import (
    STATUS_FLOW,
    AccessionApproval,
    AccessionRequest,
    AccessionStatus,
    Agreement,
    AgreementKind,
    AgreementStatus,
    Assignment,
    Commitment,
    DecisionLog,
    FollowUp,
    FollowUpStatus,
    ManualValue,
    Party,
    PartyRole,
    Renewal,
    ResultAgreement,
    StatusChange,
    SubAssignment,
    WorkPlan,
)
from samenkracht.network.models import Organisation

AGREEMENT_FIELDS = {"kind", "title", "description", "municipality", "status", "signed_on", "occasion", "start_on",
                    "end_on", "decision_deadline", "decision_options", "decision_taken", "decided_on",
                    "open_alliance", "amount"}
EDITABLE_AGREEMENT_FIELDS = AGREEMENT_FIELDS - {"kind", "status"}
ASSIGNMENT_FIELDS = {"reporting_frequency", "accountability", "budget"}


def _require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not change this agreement."))


def _user(actor):
    user = getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _save(instance, fields: dict[str, Any], allowed: set[str] | None = None):
    for name, value in fields.items():
        if allowed is not None and name not in allowed:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(instance, name, value)
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # a race past clean(): same rule, same message shape
        raise ValidationError(_("This conflicts with a change saved at the same time; please try again.")) from error
    return instance


# --- Agreements -----------------------------------------------------------------------------------


@transaction.atomic
def create_agreement(actor, *, parties: Iterable[dict] = (), municipalities: Iterable = (),
                     reporting_frequency: str | None = None, accountability: str = "", budget=None,
                     **fields: Any) -> Agreement:
    """A new agreement with its first parties ({"organisation"|"association": obj, "role", "signed_on"}).

    The actor must be able to manage the result: coordinators add their own organisation as a party,
    municipality managers set their municipality. An agreement of kind assignment gets its Assignment."""
    _require(may.can_create_agreement(actor), _("You may not add agreements."))
    status = fields.pop("status", AgreementStatus.DRAFT) or AgreementStatus.DRAFT
    agreement = Agreement(status=status)
    _save(agreement, fields, AGREEMENT_FIELDS)
    agreement.municipalities.set(list(municipalities))
    StatusChange.objects.create(agreement=agreement, from_status="", to_status=status, changed_by=_user(actor),
                                note=_("created"))
    for index, party in enumerate(parties):
        try:
            _save(Party(agreement=agreement), dict(party))
        except ValidationError as error:
            raise ValidationError({"parties": _("Party %(number)s: %(problem)s") % {
                "number": index + 1, "problem": " ".join(error.messages)}}) from error
    agreement = Agreement.objects.prefetch_related("parties").get(pk=agreement.pk)
    if not may.can_manage_agreement(actor, agreement):
        raise ValidationError({"parties": _("Add your own organisation as a party (or choose your municipality), "
                                            "otherwise you could not maintain this agreement.")})
    if agreement.kind == AgreementKind.ASSIGNMENT:
        extra = {"accountability": accountability, "budget": budget}
        if reporting_frequency:
            extra["reporting_frequency"] = reporting_frequency
        _save(Assignment(agreement=agreement, municipality_id=agreement.municipality_id), extra)
    return agreement


@transaction.atomic
def update_agreement(actor, agreement: Agreement, *, municipalities: Iterable | None = None,
                     **fields: Any) -> Agreement:
    _require(may.can_manage_agreement(actor, agreement))
    if "municipality" in fields and agreement.kind == AgreementKind.ASSIGNMENT:
        new = fields["municipality"]
        if (new.pk if new else None) != agreement.municipality_id:
            raise ValidationError({"municipality": _("The municipality of an assignment cannot change.")})
    _save(agreement, fields, EDITABLE_AGREEMENT_FIELDS)
    if municipalities is not None:
        agreement.municipalities.set(list(municipalities))
    return agreement


@transaction.atomic
def change_status(actor, agreement: Agreement, status: str, *, note: str = "",
                  signed_on: date | None = None) -> Agreement:
    """Move the agreement to the next stage of its life; `extended` goes through `renew`."""
    _require(may.can_manage_agreement(actor, agreement))
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if status == AgreementStatus.EXTENDED:
        raise ValidationError({"status": _("An agreement is extended by recording a renewal.")})
    if status not in STATUS_FLOW.get(current.status, set()):
        raise ValidationError({"status": _("An agreement cannot go from %(old)s to %(new)s.") % {
            "old": AgreementStatus(current.status).label, "new": AgreementStatus(status).label
            if status in AgreementStatus.values else status}})
    fields: dict[str, Any] = {"status": status}
    if signed_on is not None:
        fields["signed_on"] = signed_on
    old = current.status
    _save(current, fields)
    StatusChange.objects.create(agreement=current, from_status=old, to_status=status, changed_by=_user(actor),
                                note=note[:300])
    return current


@transaction.atomic
def renew(actor, agreement: Agreement, *, new_end: date, decided_on: date, note: str = "") -> Renewal:
    """Extend the term: keeps the old and new end as history and marks the agreement extended."""
    _require(may.can_manage_agreement(actor, agreement))
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if current.status not in (AgreementStatus.SIGNED, AgreementStatus.EXTENDED):
        raise ValidationError({"new_end": _("Only a signed agreement can be extended.")})
    if not current.end_on:
        raise ValidationError({"new_end": _("Record the current end date of the agreement first.")})
    renewal = _save(Renewal(agreement=current, old_end=current.end_on, recorded_by=_user(actor)),
                    {"new_end": new_end, "decided_on": decided_on, "note": note})
    old = current.status
    _save(current, {"end_on": new_end, "status": AgreementStatus.EXTENDED})
    StatusChange.objects.create(agreement=current, from_status=old, to_status=AgreementStatus.EXTENDED,
                                changed_by=_user(actor), note=(note or _("renewed"))[:300])
    agreement.refresh_from_db()
    return renewal


@transaction.atomic
def add_party(actor, agreement: Agreement, **fields: Any) -> Party:
    _require(may.can_manage_agreement(actor, agreement))
    return _save(Party(agreement=agreement), fields, {"organisation", "association", "role", "signed_on"})


@transaction.atomic
def remove_party(actor, party: Party) -> None:
    _require(may.can_manage_agreement(actor, party.agreement))
    if party.result_agreements.exists() or party.sub_assignments.exists():
        raise ValidationError(_("%(name)s is responsible for results of this agreement; choose another party "
                                "for those first.") % {"name": party.name})
    party.delete()


@transaction.atomic
def add_commitment(actor, agreement: Agreement, **fields: Any) -> Commitment:
    _require(may.can_manage_agreement(actor, agreement))
    if "position" not in fields:
        fields["position"] = agreement.commitments.count() + 1
    return _save(Commitment(agreement=agreement), fields, {"kind", "theme", "text", "position"})


# --- Open alliances -------------------------------------------------------------------------------


@transaction.atomic
def request_accession(actor, agreement: Agreement, organisation: Organisation, *,
                      motivation: str = "") -> AccessionRequest:
    _require(may.can_request_accession(actor, organisation),
             _("Only a coordinator of the organisation may ask to join on its behalf."))
    return _save(AccessionRequest(agreement=agreement, organisation=organisation, requested_by=_user(actor)),
                 {"motivation": motivation})


def deciding_parties(agreement: Agreement) -> list[Party]:
    """The parties whose consent an accession needs: signatories and the lead party, not witnesses."""
    return [p for p in agreement.parties.all() if p.role != PartyRole.WITNESS]


@transaction.atomic
def answer_accession(actor, request: AccessionRequest, party: Party, *, approve: bool,
                     note: str = "") -> AccessionRequest:
    """One party's answer. One refusal declines the request; when every deciding party approved, the
    organisation becomes a signatory party, recorded with the request it came through."""
    _require(may.can_answer_for_party(actor, party), _("You may only answer for your own organisation."))
    current = (AccessionRequest.objects.select_for_update().select_related("agreement", "organisation")
               .get(pk=request.pk))
    if current.status != AccessionStatus.PENDING:
        raise ValidationError(_("The parties have already decided on this request."))
    _save(AccessionApproval(request=current, party=party, decided_by=_user(actor)),
          {"approved": approve, "note": note})
    today = timezone.localdate()
    if not approve:
        _save(current, {"status": AccessionStatus.DECLINED, "decided_on": today})
    else:
        agreed = set(current.approvals.filter(approved=True).values_list("party_id", flat=True))
        needed = {p.pk for p in deciding_parties(current.agreement)}
        if needed <= agreed:
            _save(current, {"status": AccessionStatus.APPROVED, "decided_on": today})
            _save(Party(agreement=current.agreement, organisation=current.organisation, role=PartyRole.SIGNATORY,
                        signed_on=today, joined_through=current), {})
    request.refresh_from_db()
    return current


# --- Decision logs --------------------------------------------------------------------------------


@transaction.atomic
def add_decision_log(actor, agreement: Agreement, *, participants: Iterable[Organisation] = (),
                     follow_ups: Iterable[dict] = (), **fields: Any) -> DecisionLog:
    _require(may.can_manage_agreement(actor, agreement))
    log = _save(DecisionLog(agreement=agreement), fields, {"meeting_on", "title", "decisions"})
    log.participants.set(list(participants))
    for index, follow_up in enumerate(follow_ups):
        try:
            _save(FollowUp(decision_log=log), dict(follow_up), {"action", "owner", "due_on", "status", "done_on"})
        except ValidationError as error:
            raise ValidationError({"follow_ups": _("Follow-up %(number)s: %(problem)s") % {
                "number": index + 1, "problem": " ".join(error.messages)}}) from error
    return log


@transaction.atomic
def add_follow_up(actor, log: DecisionLog, **fields: Any) -> FollowUp:
    _require(may.can_manage_agreement(actor, log.agreement))
    return _save(FollowUp(decision_log=log), fields, {"action", "owner", "due_on", "status", "done_on"})


@transaction.atomic
def update_follow_up(actor, follow_up: FollowUp, *, status: str, done_on: date | None = None) -> FollowUp:
    """The agreement's managers or the owning organisation mark an action done or cancelled."""
    _require(may.can_manage_agreement(actor, follow_up.decision_log.agreement)
             or may.acts_for(actor, follow_up.owner_id))
    if status == FollowUpStatus.DONE and done_on is None:
        done_on = timezone.localdate()
    if status != FollowUpStatus.DONE:
        done_on = None
    return _save(follow_up, {"status": status, "done_on": done_on})


# --- Assignments ----------------------------------------------------------------------------------


@transaction.atomic
def update_assignment(actor, assignment: Assignment, **fields: Any) -> Assignment:
    _require(may.can_manage_assignment(actor, assignment), _("Only the municipality manages its assignments."))
    return _save(assignment, fields, ASSIGNMENT_FIELDS)


@transaction.atomic
def add_work_plan(actor, assignment: Assignment, **fields: Any) -> WorkPlan:
    _require(may.can_manage_assignment(actor, assignment), _("Only the municipality manages its assignments."))
    return _save(WorkPlan(assignment=assignment), fields, {"title", "agreed_on", "description"})


@transaction.atomic
def add_sub_assignment(actor, work_plan: WorkPlan, **fields: Any) -> SubAssignment:
    _require(may.can_manage_assignment(actor, work_plan.assignment),
             _("Only the municipality manages its assignments."))
    if "position" not in fields:
        fields["position"] = work_plan.sub_assignments.count() + 1
    return _save(SubAssignment(work_plan=work_plan), fields, {"title", "description", "responsible_party", "position"})


RESULT_FIELDS = {"sub_assignment", "indicator", "target", "period_start", "period_end", "responsible_party",
                 "breakdown", "note"}


@transaction.atomic
def add_result_agreement(actor, assignment: Assignment, **fields: Any) -> ResultAgreement:
    _require(may.can_manage_assignment(actor, assignment), _("Only the municipality manages its assignments."))
    return _save(ResultAgreement(assignment=assignment), fields, RESULT_FIELDS)


@transaction.atomic
def update_result_agreement(actor, result: ResultAgreement, **fields: Any) -> ResultAgreement:
    _require(may.can_manage_assignment(actor, result.assignment), _("Only the municipality manages its assignments."))
    if "indicator" in fields and fields["indicator"] != result.indicator and result.manual_values.exists():
        raise ValidationError({"indicator": _("Values have been reported for this indicator; it cannot change.")})
    return _save(result, fields, RESULT_FIELDS)


@transaction.atomic
def report_value(actor, result: ResultAgreement, **fields: Any) -> ManualValue:
    """A value for a manual indicator, with who reported it and for which organisation."""
    _require(may.can_report_value(actor, result),
             _("Only the municipality or the party responsible for this result reports its values."))
    party = result.responsible_party
    value = ManualValue(result_agreement=result, reported_by=_user(actor),
                        reported_for=party.organisation if party and party.organisation_id else None)
    return _save(value, fields, {"period_start", "period_end", "value", "note"})
