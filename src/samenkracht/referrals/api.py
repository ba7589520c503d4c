"""REST API of referrals under /api/v1/referrals/.

Like /api/v1/plans/: a token with ``households:read`` (reads) or ``households:write`` (changes) acting
``X-On-Behalf-Of`` one of its organisation's professionals, whose relations decide (privacy.policy): the
sending side through the household, the receiving side through the REFERRAL relation (only the shared
data categories, while the referral is open and its basis valid). A transition the life cycle does not
allow gets 409 with the allowed next states; one of the other side gets 403; bad input 422 naming the field.
"""


from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from samenkracht.frontdoor.models import Triage
from samenkracht.network.models import Organisation, Team
from samenkracht.pagination import Pagination
from samenkracht.plans.models import Action, Household, Person
from samenkracht.referrals import queries, services
from samenkracht.referrals.models import (
    BasisKind,
    Consent,
    ContactChannel,
    DataCategory,
    LegalBasis,
    Outcome,
    Purpose,
    Reason,
    Referral,
    Status as ReferralStatus,
    TargetKind,
)
from samenkracht.socialmap.models import Service
from samenkracht.volunteers.models import VolunteerPool

router = Router(tags=["referrals"])


def Text(max_length: int):  # noqa: N802 - reads like a type in the schemas below
    return Annotated[str, StringConstraints(max_length=max_length)]


def _reader(request):
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


def _get(model, pk, field: str | None = None):
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        if field:
            raise ValidationError({field: f"Unknown {field} {pk}."})
        raise Http404
    return obj


class Error(Schema):
    detail: str


class TransitionRefused(Schema):
    detail: str
    status: str
    to: str
    allowed: list[str]


class Ref(Schema):
    id: int
    name: str


class EventOut(Schema):
    at: datetime
    from_status: str
    to_status: str
    by: str | None
    organisation: str | None
    reason: str
    note: str


class ReferralListItem(Schema):
    id: int
    status: ReferralStatus
    household: int | None = Field(None, description="Only for the sending side.")
    target_kind: TargetKind
    target: str
    receiving_organisation: Ref
    receiving_team: Ref | None
    sender_organisation: Ref
    sent_at: datetime | None
    answer_due_at: datetime | None
    overdue: bool
    outcome: str
    loop_closed: bool


class ReferralOut(ReferralListItem):
    side: str
    triage: int | None
    action: int | None
    previous: int | None
    purpose: Purpose
    data_categories: list[str]
    basis_kind: str
    consent: int | None
    legal_basis: str | None
    basis_valid: bool
    handover_note: str
    contact_channel: ContactChannel
    contact_times: str
    rejection_reason: str
    outcome_reason: str
    accepted_at: datetime | None
    completed_at: datetime | None
    sender_seen_outcome_at: datetime | None
    allowed_next: list[str]
    shared: dict[str, Any]
    events: list[EventOut]


def _ref(obj) -> dict | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def _list_item(referral: Referral, *, sender_side: bool) -> dict:
    return {
        "id": referral.pk, "status": referral.status, "household": referral.household_id if sender_side else None,
        "target_kind": referral.target_kind, "target": referral.target_label(),
        "receiving_organisation": _ref(referral.receiving_organisation), "receiving_team": _ref(referral.receiving_team),
        "sender_organisation": _ref(referral.sender_organisation), "sent_at": referral.sent_at,
        "answer_due_at": referral.answer_due_at, "overdue": referral.is_overdue, "outcome": referral.outcome,
        "loop_closed": referral.loop_closed,
    }


def _detail(actor, pk: int) -> dict:
    page = queries.referral_page(actor, pk)
    r = page.referral
    return {
        **_list_item(r, sender_side=page.side == "sender"), "side": page.side, "triage": r.triage_id,
        "action": r.action_id, "previous": r.previous_id, "purpose": r.purpose, "data_categories": r.data_categories,
        "basis_kind": r.basis_kind, "consent": r.consent_id,
        "legal_basis": r.legal_basis.label if r.legal_basis_id else None, "basis_valid": page.basis_valid,
        "handover_note": r.handover_note, "contact_channel": r.contact_channel, "contact_times": r.contact_times,
        "rejection_reason": r.rejection_reason, "outcome_reason": r.outcome_reason, "accepted_at": r.accepted_at,
        "completed_at": r.completed_at, "sender_seen_outcome_at": r.sender_seen_outcome_at,
        "allowed_next": page.actions,
        "shared": _jsonable(page.shared),
        "events": [{"at": e.at, "from_status": e.from_status, "to_status": e.to_status,
                    "by": e.by.full_name if e.by_id else None,
                    "organisation": e.by_organisation.name if e.by_organisation_id else None,
                    "reason": e.reason, "note": e.note} for e in page.events],
    }


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


class ReferralIn(Schema):
    triage: int | None = Field(None, description="id of the triage it starts from (or action)")
    action: int | None = Field(None, description="id of the plan action it starts from (or triage)")
    target_kind: TargetKind
    target_service: str | None = Field(None, description="id (UUID) of a social-map service")
    target_organisation: int | None = Field(None, description="id of the organisation or citizen initiative")
    target_pool: int | None = Field(None, description="id of the volunteer pool")
    receiving_team: int | None = None
    handover_note: Text(3000) = ""
    contact_channel: ContactChannel = ContactChannel.PHONE
    contact_times: Text(200) = ""
    data_categories: list[DataCategory] = []
    purpose: Purpose = Purpose.REFERRAL
    basis_kind: BasisKind | None = None
    consent: int | None = None
    legal_basis: int | None = None
    send: bool = Field(False, description="Send at once (needs a valid basis); otherwise a draft.")


class TransitionIn(Schema):
    to: ReferralStatus
    reason: Reason | None = None
    outcome: Outcome | None = None
    note: Text(2000) = ""


class ConsentIn(Schema):
    household: int
    person: int | None = None
    given_by_note: Text(150) = ""
    organisations: list[int]
    data_categories: list[DataCategory]
    purposes: list[Purpose]
    given_on: date | None = None
    valid_until: date


class ConsentOut(Schema):
    id: int
    household: int
    organisations: list[int]
    data_categories: list[str]
    purposes: list[str]
    given_on: date
    valid_until: date
    withdrawn_at: datetime | None
    valid: bool


def _consent_out(consent: Consent) -> dict:
    return {"id": consent.pk, "household": consent.household_id,
            "organisations": sorted(o.pk for o in consent.organisations.all()),
            "data_categories": consent.data_categories, "purposes": consent.purposes, "given_on": consent.given_on,
            "valid_until": consent.valid_until, "withdrawn_at": consent.withdrawn_at, "valid": consent.is_valid()}


class TransitionOut(Schema):
    id: int
    status: ReferralStatus
    outcome: str
    outcome_reason: str
    rejection_reason: str
    loop_closed: bool
    allowed_next: list[str] = Field(description="All next statuses of the life cycle from the new status.")


def _transition_out(referral: Referral) -> dict:
    return {"id": referral.pk, "status": referral.status, "outcome": referral.outcome,
            "outcome_reason": referral.outcome_reason, "rejection_reason": referral.rejection_reason,
            "loop_closed": referral.loop_closed, "allowed_next": referral.allowed_next()}


R = {403: Error, 404: Error}
W = {403: Error, 404: Error, 409: TransitionRefused, 422: dict}


@router.get("/", response=list[ReferralListItem], summary="Received (inbox) or sent referrals of the professional")
@paginate(Pagination)
def list_referrals(request, box: Literal["inbox", "sent"] = "inbox",
                   state: Literal["open", "closed", "all"] = "open", organisation: int | None = None,
                   team: int | None = None):
    actor = _reader(request)
    if box == "sent":
        return [_list_item(r, sender_side=True) for r in queries.sent(actor)]
    return [_list_item(r, sender_side=False)
            for r in queries.inbox(actor, organisation_id=organisation, team_id=team, state=state)]


@router.post("/", response={201: ReferralOut, **W}, summary="Create a referral (draft, or sent at once)")
def create_referral(request, payload: ReferralIn):
    actor = _writer(request)
    triage = _get(Triage, payload.triage, "triage")
    action = _get(Action, payload.action, "action")
    referral = services.create_draft(
        actor, triage=triage, action=action, target_kind=payload.target_kind,
        target_service=_get(Service, payload.target_service, "target_service") if payload.target_service else None,
        target_organisation=_get(Organisation, payload.target_organisation, "target_organisation"),
        target_pool=_get(VolunteerPool, payload.target_pool, "target_pool"),
        receiving_team=_get(Team, payload.receiving_team, "receiving_team"),
        handover_note=payload.handover_note, contact_channel=payload.contact_channel,
        contact_times=payload.contact_times, data_categories=[str(c) for c in payload.data_categories],
        purpose=payload.purpose, basis_kind=payload.basis_kind or "",
        consent=_get(Consent, payload.consent, "consent"), legal_basis=_get(LegalBasis, payload.legal_basis,
                                                                              "legal_basis"),
        send_now=payload.send)
    return Status(201, _detail(actor, referral.pk))


@router.post("/consents", response={201: ConsentOut, **R, 422: dict}, summary="Record a resident's consent")
def create_consent(request, payload: ConsentIn):
    actor = _writer(request)
    household = _get(Household, payload.household)
    person = _get(Person, payload.person, "person")
    organisations = list(Organisation.objects.filter(pk__in=payload.organisations))
    if len(organisations) != len(set(payload.organisations)):
        raise ValidationError({"organisations": "Unknown organisation in the list."})
    consent = services.record_consent(
        actor, household, person=person, given_by_note=payload.given_by_note, organisations=organisations,
        data_categories=[str(c) for c in payload.data_categories], purposes=[str(p) for p in payload.purposes],
        valid_until=payload.valid_until, given_on=payload.given_on)
    return Status(201, _consent_out(consent))


@router.post("/consents/{consent_id}/withdraw", response={200: ConsentOut, **R, 422: dict},
             summary="Withdraw a consent: sharing on it stops at once")
def withdraw_consent(request, consent_id: int):
    actor = _writer(request)
    consent = services.withdraw_consent(actor, _get(Consent, consent_id))
    return _consent_out(consent)


@router.get("/{referral_id}", response={200: ReferralOut, **R})
def get_referral(request, referral_id: int):
    actor = _reader(request)
    return _detail(actor, referral_id)


@router.post("/{referral_id}/transition", response={200: TransitionOut, **W},
             summary="Move the referral to a next status of its life cycle")
def transition(request, referral_id: int, payload: TransitionIn):
    actor = _writer(request)
    referral = _get(Referral, referral_id)
    try:
        referral = services.transition(actor, referral, str(payload.to), reason=str(payload.reason or ""),
                                       outcome=str(payload.outcome or ""), note=payload.note)
    except services.TransitionNotAllowed as refused:
        return Status(409, refused.as_dict())
    return _transition_out(referral)


@router.post("/{referral_id}/acknowledge", response={200: TransitionOut, **R, 422: dict},
             summary="The sender has seen the outcome (closes the loop)")
def acknowledge(request, referral_id: int):
    actor = _writer(request)
    return _transition_out(services.acknowledge_outcome(actor, _get(Referral, referral_id)))
