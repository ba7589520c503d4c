"""REST API of agreements under /api/v1/agreements/: schemas, then thin routes.

Reading needs a token that may read the network (network:read, network:write or network:admin); there is no
personal data here. Changing an agreement needs network:admin, or network:write of an organisation that is a
party. Assignments, work plans and result agreements are changed by the municipality's own organisation
(network:write or network:admin of a token of that municipality organisation). Reported values for manual
indicators also by the responsible party (network:write). Bad input gets 422 naming the field.
"""


from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as InputError
from ninja.pagination import paginate
from pydantic import StringConstraints

from samenkracht.agreements import permissions as may
from samenkracht.agreements import queries, services
from samenkracht.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Assignment,
    Breakdown,
    CommitmentKind,
    CommitmentTheme,
    DecisionOption,
    FollowUpStatus,
    PartyRole,
    ReportingFrequency,
    ResultAgreement,
    SubAssignment,
)
from samenkracht.network.models import Association, Municipality, Organisation
from samenkracht.pagination import Pagination

router = Router(tags=["agreements"])


def Text(max_length: int, min_length: int = 0):  # noqa: N802 - reads like a type in the schemas below
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)]


# --- Helpers --------------------------------------------------------------------------------------


def _reader(request):
    actor = request.auth
    if not may.can_read(actor):
        raise PermissionDenied("This token may not read the network (scope network:read).")
    return actor


def _allowed(allowed: bool, message: str = "This token may not make this change.") -> None:
    if not allowed:
        raise PermissionDenied(message)


def _invalid(field: str, message: str, in_query: bool = False) -> Exception:
    if in_query:
        return InputError([{"loc": ["query", field], "msg": message, "type": "value_error"}])
    return ValidationError({field: message})


def _municipality(code: str | None, field: str, *, in_query: bool = False) -> Municipality | None:
    if code is None:
        return None
    found = Municipality.objects.filter(code=code).first()
    if found is None:
        raise _invalid(field, f"Unknown CBS municipality code {code!r}.", in_query)
    return found


def _organisation(pk: int | None, field: str, *, in_query: bool = False) -> Organisation | None:
    if pk is None:
        return None
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise _invalid(field, f"Unknown organisation {pk}.", in_query)
    return found


def _association(pk: int | None, field: str) -> Association | None:
    if pk is None:
        return None
    found = Association.objects.filter(pk=pk).first()
    if found is None:
        raise _invalid(field, f"Unknown association {pk}.")
    return found


def _agreement(pk: int) -> Agreement:
    try:
        return queries.agreement_detail(pk)
    except Agreement.DoesNotExist:
        raise Http404 from None


def _assignment(pk: int) -> Assignment:
    try:
        return queries.assignment_detail(pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


def _result(pk: int) -> ResultAgreement:
    try:
        return queries.result_agreement(pk)
    except ResultAgreement.DoesNotExist:
        raise Http404 from None


def _party_of(agreement: Agreement, pk: int | None, field: str):
    if pk is None:
        return None
    found = next((p for p in agreement.parties.all() if p.pk == pk), None)
    if found is None:
        raise _invalid(field, f"Party {pk} is not a party to this agreement.")
    return found


# --- Schemas --------------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class MunicipalityRef(Schema):
    code: str
    name: str


class PartyOut(Schema):
    id: int
    name: str
    organisation_id: int | None
    association_id: int | None
    role: PartyRole
    signed_on: date | None
    joined_through_id: int | None


class PartyIn(Schema):
    organisation: int | None = Field(None, description="Organisation id (or give an association)")
    association: int | None = Field(None, description="Association id (or give an organisation)")
    role: PartyRole = PartyRole.SIGNATORY
    signed_on: date | None = None


class CommitmentOut(Schema):
    id: int
    kind: CommitmentKind
    theme: CommitmentTheme
    text: str


class CommitmentIn(Schema):
    kind: CommitmentKind
    theme: CommitmentTheme = CommitmentTheme.OTHER
    text: Text(1000, 1)


class RenewalOut(Schema):
    old_end: date
    new_end: date
    decided_on: date
    note: str


class FollowUpOut(Schema):
    id: int
    action: str
    owner_id: int
    due_on: date
    status: FollowUpStatus
    done_on: date | None


class FollowUpIn(Schema):
    action: Text(300, 1)
    owner: int = Field(description="Organisation id")
    due_on: date


class DecisionLogOut(Schema):
    id: int
    meeting_on: date
    title: str
    participants: list[int]
    decisions: str
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_participants(obj) -> list[int]:
        return [o.pk for o in obj.participants.all()]

    @staticmethod
    def resolve_follow_ups(obj) -> list:
        return list(obj.follow_ups.all())


class DecisionLogIn(Schema):
    meeting_on: date
    title: Text(200, 1)
    participants: list[int] = Field(default_factory=list, description="Organisation ids")
    decisions: Text(4000)
    follow_ups: list[FollowUpIn] = Field(default_factory=list)


class AgreementOut(Schema):
    id: int
    kind: AgreementKind
    title: str
    description: str
    municipality: MunicipalityRef | None
    status: AgreementStatus
    signed_on: date | None
    occasion: str
    start_on: date | None
    end_on: date | None
    decision_deadline: date | None
    decision_options: list[DecisionOption]
    decision_taken: str
    decided_on: date | None
    open_alliance: bool
    amount: Decimal | None
    parties: list[PartyOut]
    assignment_id: int | None

    @staticmethod
    def resolve_parties(obj) -> list:
        return list(obj.parties.all())

    @staticmethod
    def resolve_assignment_id(obj) -> int | None:
        assignment = getattr(obj, "assignment", None) if obj.kind == AgreementKind.ASSIGNMENT else None
        return assignment.pk if assignment else None


class AgreementDetailOut(AgreementOut):
    municipalities: list[MunicipalityRef]
    commitments: list[CommitmentOut]
    renewals: list[RenewalOut]
    decision_logs: list[DecisionLogOut]

    @staticmethod
    def resolve_municipalities(obj) -> list:
        return list(obj.municipalities.all())

    @staticmethod
    def resolve_commitments(obj) -> list:
        return list(obj.commitments.all())

    @staticmethod
    def resolve_renewals(obj) -> list:
        return list(obj.renewals.all())

    @staticmethod
    def resolve_decision_logs(obj) -> list:
        return list(obj.decision_logs.all())


class AgreementIn(Schema):
    kind: AgreementKind
    title: Text(200, 1)
    description: Text(4000) = ""
    municipality: str | None = Field(None, description="CBS code, e.g. GM1948 (required for an assignment)")
    municipalities: list[str] = Field(default_factory=list, description="CBS codes of the area covered")
    status: AgreementStatus = AgreementStatus.DRAFT
    signed_on: date | None = None
    occasion: Text(300) = ""
    start_on: date | None = None
    end_on: date | None = None
    decision_deadline: date | None = None
    decision_options: list[DecisionOption] = Field(default_factory=list)
    decision_taken: DecisionOption | None = None
    decided_on: date | None = None
    open_alliance: bool = False
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    parties: list[PartyIn] = Field(default_factory=list)
    reporting_frequency: ReportingFrequency | None = None
    accountability: Text(2000) = ""
    budget: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)


class AgreementFilters(Schema):
    kind: AgreementKind | None = None
    status: AgreementStatus | None = None
    organisation: int | None = None
    municipality: str | None = Field(None, description="CBS code")
    open_alliance: bool | None = None


class SubAssignmentOut(Schema):
    id: int
    title: str
    description: str
    responsible_party_id: int | None


class WorkPlanOut(Schema):
    id: int
    title: str
    agreed_on: date | None
    description: str
    sub_assignments: list[SubAssignmentOut]

    @staticmethod
    def resolve_sub_assignments(obj) -> list:
        return list(obj.sub_assignments.all())


class ManualValueOut(Schema):
    id: int
    period_start: date
    period_end: date
    value: Decimal
    note: str
    reported_for_id: int | None
    reported_at: datetime


class ManualValueIn(Schema):
    period_start: date
    period_end: date
    value: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    note: Text(300) = ""


class ResultAgreementOut(Schema):
    id: int
    assignment_id: int
    sub_assignment_id: int | None
    indicator: str
    indicator_label: str
    source: str
    target: Decimal | None
    unit: str
    period_start: date | None
    period_end: date | None
    responsible_party_id: int | None
    breakdown: str
    note: str

    @staticmethod
    def resolve_indicator_label(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_source(obj) -> str:
        definition = obj.definition
        return definition.source if definition else ""


class ResultAgreementIn(Schema):
    sub_assignment: int | None = None
    indicator: Text(60, 1) = Field(description="A code of the indicator catalogue")
    target: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    period_start: date | None = None
    period_end: date | None = None
    responsible_party: int | None = Field(None, description="Party id of the assignment's agreement")
    breakdown: Breakdown | None = None
    note: Text(300) = ""


class AssignmentOut(Schema):
    id: int
    agreement_id: int
    title: str
    municipality: MunicipalityRef
    status: str
    lead_party: PartyOut | None
    reporting_frequency: ReportingFrequency
    budget: Decimal | None

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.agreement.status

    @staticmethod
    def resolve_lead_party(obj):
        return obj.lead_party()


class AssignmentDetailOut(AssignmentOut):
    accountability: str
    parties: list[PartyOut]
    work_plans: list[WorkPlanOut]
    result_agreements: list[ResultAgreementOut]

    @staticmethod
    def resolve_parties(obj) -> list:
        return list(obj.agreement.parties.all())

    @staticmethod
    def resolve_work_plans(obj) -> list:
        return list(obj.work_plans.all())

    @staticmethod
    def resolve_result_agreements(obj) -> list:
        return list(obj.result_agreements.all())


WRITE = {403: Error, 404: Error, 422: dict}
READ = {403: Error, 404: Error}


# --- Agreements -----------------------------------------------------------------------------------


@router.get("", response=list[AgreementOut], summary="List agreements")
@paginate(Pagination)
def list_agreements(request, filters: Query[AgreementFilters]):
    _reader(request)
    return queries.agreements(
        kind=filters.kind, status=filters.status, open_alliance=filters.open_alliance,
        organisation=_organisation(filters.organisation, "organisation", in_query=True),
        municipality=_municipality(filters.municipality, "municipality", in_query=True))


@router.post("", response={201: AgreementDetailOut, **WRITE}, summary="Add an agreement")
def create_agreement(request, payload: AgreementIn):
    actor = _reader(request)
    _allowed(may.can_create_agreement(actor), "This token may not add agreements (network:write or network:admin).")
    data = payload.dict()
    data["municipality"] = _municipality(data["municipality"], "municipality")
    data["municipalities"] = [_municipality(code, "municipalities") for code in data["municipalities"]]
    data["decision_taken"] = data["decision_taken"] or ""
    data["parties"] = [{
        "organisation": _organisation(p["organisation"], "parties"), "association": _association(
            p["association"], "parties"), "role": p["role"], "signed_on": p["signed_on"]} for p in data["parties"]]
    agreement = services.create_agreement(actor, **data)
    return Status(201, _agreement(agreement.pk))


@router.get("/assignments", response=list[AssignmentOut], summary="List assignments")
@paginate(Pagination)
def list_assignments(request, municipality: str | None = None, organisation: int | None = None):
    _reader(request)
    return queries.assignments(municipality=_municipality(municipality, "municipality", in_query=True),
                               organisation=_organisation(organisation, "organisation", in_query=True))


@router.get("/assignments/{assignment_id}", response={200: AssignmentDetailOut, **READ})
def get_assignment(request, assignment_id: int):
    _reader(request)
    return _assignment(assignment_id)


@router.get("/assignments/{assignment_id}/result-agreements", response={200: list[ResultAgreementOut], **READ})
def list_result_agreements(request, assignment_id: int):
    _reader(request)
    if not Assignment.objects.filter(pk=assignment_id).exists():
        raise Http404
    return list(queries.result_agreements(assignment_id))


@router.post("/assignments/{assignment_id}/result-agreements", response={201: ResultAgreementOut, **WRITE})
def create_result_agreement(request, assignment_id: int, payload: ResultAgreementIn):
    actor = _reader(request)
    assignment = _assignment(assignment_id)
    _allowed(may.can_manage_assignment(actor, assignment),
             "Only the municipality's own organisation manages its assignments (network:write).")
    data = payload.dict()
    data["responsible_party"] = _party_of(assignment.agreement, data["responsible_party"], "responsible_party")
    if data["sub_assignment"] is not None:
        sub = SubAssignment.objects.filter(pk=data["sub_assignment"], work_plan__assignment=assignment).first()
        if sub is None:
            raise _invalid("sub_assignment", f"Sub-assignment {data['sub_assignment']} is not part of this assignment.")
        data["sub_assignment"] = sub
    data["breakdown"] = data["breakdown"] or ""
    result = services.add_result_agreement(actor, assignment, **data)
    return Status(201, queries.result_agreement(result.pk))


@router.get("/result-agreements/{result_agreement_id}", response={200: ResultAgreementOut, **READ})
def get_result_agreement(request, result_agreement_id: int):
    _reader(request)
    return _result(result_agreement_id)


@router.get("/result-agreements/{result_agreement_id}/values", response={200: list[ManualValueOut], **READ})
def list_manual_values(request, result_agreement_id: int):
    _reader(request)
    return list(_result(result_agreement_id).manual_values.all())


@router.post("/result-agreements/{result_agreement_id}/values", response={201: ManualValueOut, **WRITE})
def report_value(request, result_agreement_id: int, payload: ManualValueIn):
    actor = _reader(request)
    result = _result(result_agreement_id)
    _allowed(may.can_report_value(actor, result),
             "Only the municipality or the responsible party reports values (network:write).")
    return Status(201, services.report_value(actor, result, **payload.dict()))


@router.get("/{agreement_id}", response={200: AgreementDetailOut, **READ})
def get_agreement(request, agreement_id: int):
    _reader(request)
    return _agreement(agreement_id)


@router.get("/{agreement_id}/parties", response={200: list[PartyOut], **READ})
def list_parties(request, agreement_id: int):
    _reader(request)
    return list(_agreement(agreement_id).parties.all())


@router.post("/{agreement_id}/parties", response={201: PartyOut, **WRITE})
def add_party(request, agreement_id: int, payload: PartyIn):
    actor = _reader(request)
    agreement = _agreement(agreement_id)
    _allowed(may.can_manage_agreement(actor, agreement))
    data = payload.dict()
    data["organisation"] = _organisation(data["organisation"], "organisation")
    data["association"] = _association(data["association"], "association")
    return Status(201, services.add_party(actor, agreement, **data))


@router.get("/{agreement_id}/commitments", response={200: list[CommitmentOut], **READ})
def list_commitments(request, agreement_id: int):
    _reader(request)
    return list(_agreement(agreement_id).commitments.all())


@router.post("/{agreement_id}/commitments", response={201: CommitmentOut, **WRITE})
def add_commitment(request, agreement_id: int, payload: CommitmentIn):
    actor = _reader(request)
    agreement = _agreement(agreement_id)
    _allowed(may.can_manage_agreement(actor, agreement))
    return Status(201, services.add_commitment(actor, agreement, **payload.dict()))


@router.get("/{agreement_id}/decision-logs", response={200: list[DecisionLogOut], **READ})
def list_decision_logs(request, agreement_id: int):
    _reader(request)
    return list(_agreement(agreement_id).decision_logs.all())


@router.post("/{agreement_id}/decision-logs", response={201: DecisionLogOut, **WRITE})
def add_decision_log(request, agreement_id: int, payload: DecisionLogIn):
    actor = _reader(request)
    agreement = _agreement(agreement_id)
    _allowed(may.can_manage_agreement(actor, agreement))
    data = payload.dict()
    participants = [_organisation(pk, "participants") for pk in data.pop("participants")]
    follow_ups = [{**f, "owner": _organisation(f["owner"], "follow_ups")} for f in data.pop("follow_ups")]
    log = services.add_decision_log(actor, agreement, participants=participants, follow_ups=follow_ups, **data)
    return Status(201, log)
