"""REST routes of the front door under /api/v1/frontdoor/: schemas, then thin routes over queries and services.

Resident data: a token needs the scope households:read (reads) or households:write (reads and writes) and
acts on behalf of one professional of its own organisation, named by e-mail in the X-On-Behalf-Of header;
that professional's relations decide (privacy.policy). Without them every route answers 403. Every read
and write is written to the access log with the token and the professional. A BSN goes in, never out: the
household answers say only whether one is recorded, and no error message repeats it.
"""


from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError as InputError
from ninja.pagination import paginate
from pydantic import SecretStr, StringConstraints

from samenkracht.pagination import Pagination
from samenkracht.frontdoor import queries, services
from samenkracht.frontdoor.models import (
    Channel,
    HelpRequest,
    Law,
    RequestStatus,
    SignalSource,
    Triage,
    TriageOutcome,
    Urgency,
)
from samenkracht.network.models import Neighbourhood, Team, TeamMember
from samenkracht.plans.models import Household, HouseholdRole, PlanStatus
from samenkracht.privacy import policy
from samenkracht.socialmap.models import Service

router = Router(tags=["front door"])


def Text(max_length: int):  # noqa: N802 - reads like a type
    return Annotated[str, StringConstraints(strip_whitespace=True, max_length=max_length)]


# --- Access ---------------------------------------------------------------------------------------


def _actor(request, *, write: bool = False):
    """The token's actor, when it may handle resident data on behalf of a professional (403 otherwise)."""
    actor = request.auth
    scopes = set(getattr(actor, "scopes", ()))
    if not ({"households:read", "households:write"} & scopes):
        raise PermissionDenied("This token may not read resident data (scope households:read or households:write).")
    if write and "households:write" not in scopes:
        raise PermissionDenied("This token may not change resident data (scope households:write).")
    if policy.acting_professional(actor) is None:
        raise PermissionDenied("Name the professional this call acts for in the X-On-Behalf-Of header: "
                               "the e-mail address of an active professional of the token's organisation.")
    return actor


def _loc(field: str) -> list:
    """'members.0.bsn' → ["body", "members", 0, "bsn"]; '__all__' → ["body"]."""
    if field == "__all__":
        return ["body"]
    return ["body", *(int(part) if part.isdigit() else part for part in field.split("."))]


def _input_error(error: ValidationError) -> InputError:
    if hasattr(error, "error_dict"):
        details = [{"loc": _loc(field), "msg": message, "type": "value_error"}
                   for field, messages in error.message_dict.items() for message in messages]
    else:
        details = [{"loc": ["body"], "msg": message, "type": "value_error"} for message in error.messages]
    return InputError(details)


def _invalid(field: str, message: str, where: str = "body") -> InputError:
    return InputError([{"loc": [where, field], "msg": message, "type": "value_error"}])


def _one(model, pk, field: str, **filters):
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **filters).first()
    if found is None:
        raise _invalid(field, f"Unknown {field}: {pk}.")
    return found


def _team_user(help_request: HelpRequest, email: str | None, field: str):
    """A member of the request's team, by e-mail address."""
    if not email:
        return None
    member = (TeamMember.objects.filter(team_id=help_request.team_id, user__email__iexact=email.strip())
              .select_related("user").first())
    if member is None:
        raise _invalid(field, "No member of the request's team has this e-mail address.")
    return member.user


# --- Schemas --------------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class MunicipalityRef(Schema):
    code: str
    name: str


class ProfessionalRef(Schema):
    name: str
    email: str
    organisation: Ref


class HelpRequestItem(Schema):
    """A row of a worklist: what the request is about, without the question or contact details."""

    id: int
    reference: str
    municipality: MunicipalityRef
    team: Ref
    channel: Channel
    signal_source: str
    signal_topic: str
    urgency: Urgency
    status: RequestStatus
    crisis: bool = Field(description="A crisis that has not been triaged yet (flagged until it is).")
    neighbourhood: Ref | None
    life_domains: list[str] = Field(description="Codes of the ZRM life domains.")
    registered_at: datetime
    triage_due_at: datetime
    overdue: bool
    waiting_minutes: int = Field(description="Minutes since registration.")
    household: int | None = Field(description="Id of the household, once registered or linked.")

    @staticmethod
    def resolve_crisis(obj: HelpRequest) -> bool:
        return obj.urgency == Urgency.CRISIS and obj.status == RequestStatus.NEW

    @staticmethod
    def resolve_life_domains(obj: HelpRequest) -> list[str]:
        return [d.code for d in obj.life_domains.all()]

    @staticmethod
    def resolve_overdue(obj: HelpRequest) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_waiting_minutes(obj: HelpRequest) -> int:
        return max(0, int((timezone.now() - obj.registered_at).total_seconds() // 60))

    @staticmethod
    def resolve_household(obj: HelpRequest) -> int | None:
        return obj.household_id


class TriageOut(Schema):
    id: int
    outcome: TriageOutcome
    held_at: datetime
    professional_a: ProfessionalRef
    professional_b: ProfessionalRef
    notes: str
    service: UUID | None = Field(description="Open-access service of the social map (referral outcome).")
    law: str
    handed_to_decision_at: datetime | None
    plan: int | None = Field(description="The household's plan (plan outcome).")

    @staticmethod
    def resolve_professional_a(obj: Triage) -> dict:
        return {"name": obj.professional_a.full_name, "email": obj.professional_a.email,
                "organisation": obj.organisation_a}

    @staticmethod
    def resolve_professional_b(obj: Triage) -> dict:
        return {"name": obj.professional_b.full_name, "email": obj.professional_b.email,
                "organisation": obj.organisation_b}

    @staticmethod
    def resolve_service(obj: Triage) -> UUID | None:
        return obj.service_id

    @staticmethod
    def resolve_plan(obj: Triage) -> int | None:
        if obj.outcome != TriageOutcome.PLAN or not obj.help_request.household_id:
            return None
        plan = obj.help_request.household.plans.filter(status=PlanStatus.ACTIVE).first()
        return plan.pk if plan else None


class HelpRequestOut(HelpRequestItem):
    question: str
    contact_name: str
    contact_phone: str
    contact_email: str
    triage: TriageOut | None

    @staticmethod
    def resolve_triage(obj: HelpRequest) -> Triage | None:
        return queries.triage_of(obj)


class HelpRequestIn(Schema):
    team: int = Field(description="Id of the team or access point where the request is registered; the "
                                  "professional must be a member.")
    channel: Channel = Field(description="walk_in, phone, email or signal (online_form is for residents).")
    question: Text(4000) = Field(description="The question in the resident's own words.")
    life_domains: list[str] = Field(default_factory=list, description="Codes of ZRM life domains.")
    neighbourhood: int | None = None
    urgency: Urgency = Urgency.NORMAL
    signal_source: SignalSource | None = Field(None, description="Who gave the early signal (required for "
                                                                 "channel signal).")
    signal_topic: Text(100) = ""
    contact_name: Text(150) = ""
    contact_phone: Text(30) = ""
    contact_email: Text(254) = ""


class MemberIn(Schema):
    given_name: Text(100)
    family_name: Text(100)
    date_of_birth: date | None = None
    role: HouseholdRole = HouseholdRole.APPLICANT
    phone: Text(30) = ""
    email: Text(254) = ""
    bsn: SecretStr = Field(SecretStr(""), max_length=20,
                           description="Optional; nine digits passing the 11-test. Write-only: never returned, "
                                       "and masked wherever the request is shown.")


class HouseholdIn(Schema):
    members: list[MemberIn] = Field(min_length=1, max_length=12)
    address: Text(200) = ""
    postcode: Text(7) = ""
    neighbourhood: int | None = None
    confirm_new: bool = Field(False, description="Create a new household although possible duplicates were "
                                                 "found (after a 409).")
    link_to: int | None = Field(None, description="Link the request to this household, one of the duplicates "
                                                  "a 409 named for these members, instead of creating one.")


class PersonOut(Schema):
    id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    role: HouseholdRole
    has_bsn: bool

    @staticmethod
    def resolve_has_bsn(obj) -> bool:
        return bool(obj.bsn_hash)


class HouseholdOut(Schema):
    id: int
    created: bool
    holding_team: Ref | None
    neighbourhood: Ref | None
    members: list[PersonOut] = Field(description="Empty when the professional has no relation with a "
                                                 "household the request was linked to.")


class DuplicateOut(Schema):
    household: int
    team: str
    matched_on: str = Field(description="bsn or name_and_birth_date")
    member: int = Field(description="Index of the submitted member that matched.")


class DuplicatesOut(Schema):
    detail: str
    duplicates: list[DuplicateOut]


class TriageIn(Schema):
    second_professional: Text(254) = Field(description="E-mail address of the second professional: a member "
                                                       "of the request's team from another organisation.")
    outcome: TriageOutcome
    notes: Text(4000) = ""
    service: UUID | None = Field(None, description="Open-access service (outcome open_access).")
    law: Law | None = Field(None, description="wmo or jeugdwet (outcome tailored).")
    coordinator: Text(254) | None = Field(None, description="E-mail address of the plan's coordinator, a member "
                                                            "of the team (outcome plan).")


class Error(Schema):
    detail: str


# --- Routes ---------------------------------------------------------------------------------------


@router.get("/worklist", response={200: list[HelpRequestItem], 403: Error, 422: dict},
            summary="New requests waiting for triage: crises first, then by due date")
@paginate(Pagination)
def worklist(request, team: int | None = None):
    actor = _actor(request)
    chosen = None
    if team is not None:
        chosen = Team.objects.filter(pk=team).first()
        if chosen is None:
            raise _invalid("team", f"Unknown team: {team}.", where="query")
    requests, _summary = queries.worklist(actor, team=chosen)
    return requests


@router.post("/requests", response={201: HelpRequestOut, 403: Error, 422: dict}, summary="Register a help request")
@sensitive_variables()
def create_request(request, payload: HelpRequestIn):
    actor = _actor(request, write=True)
    data = payload.dict()
    data["team"] = _one(Team, data["team"], "team")
    data["neighbourhood"] = _one(Neighbourhood, data["neighbourhood"], "neighbourhood")
    data["signal_source"] = data["signal_source"] or ""
    try:
        help_request = services.register_help_request(actor, **data)
    except ValidationError as error:
        raise _input_error(error) from None
    return Status(201, queries.help_request_for(actor, help_request.pk, purpose="answer to registration"))


@router.get("/requests/{request_id}", response={200: HelpRequestOut, 403: Error, 404: Error},
            summary="One help request (read is logged)")
def get_request(request, request_id: int):
    actor = _actor(request)
    return queries.help_request_for(actor, request_id, purpose="open help request (API)")


def _household_answer(actor, household: Household, created: bool) -> dict:
    found = queries.household_for(actor, household, purpose="answer to household registration")
    shown = found or household
    return {
        "id": household.pk, "created": created,
        "holding_team": shown.holding_team if shown.holding_team_id else None,
        "neighbourhood": shown.neighbourhood if shown.neighbourhood_id else None,
        "members": list(found.members.all()) if found else [],
    }


@router.post("/requests/{request_id}/household",
             response={200: HouseholdOut, 201: HouseholdOut, 403: Error, 404: Error, 409: DuplicatesOut, 422: dict},
             summary="Register the household of a request (or link it to a duplicate found)")
@sensitive_variables()
def create_household(request, request_id: int, payload: HouseholdIn):
    actor = _actor(request, write=True)
    help_request = queries.help_request_for(actor, request_id, purpose="register household (API)")
    data = payload.dict()
    members = [{**m, "bsn": m["bsn"].get_secret_value()} for m in data.pop("members")]
    try:
        if data["link_to"] is not None:
            household = _one(Household, data["link_to"], "link_to")
            candidates = {d.household_id for d in services.find_duplicates(actor, help_request, members)}
            services.link_household(actor, help_request, household, candidates=candidates)
            return Status(200, _household_answer(actor, household, created=False))
        household = services.register_household_for_request(
            actor, help_request, members=members, address=data["address"], postcode=data["postcode"],
            neighbourhood=_one(Neighbourhood, data["neighbourhood"], "neighbourhood"),
            confirm_new=data["confirm_new"],
        )
    except services.DuplicateHouseholds as found:
        return Status(409, {
            "detail": "This household may be known already: link the request to one of these households "
                      "(link_to) or confirm a new household (confirm_new).",
            "duplicates": [{"household": d.household_id, "team": d.team_name, "matched_on": d.matched_on,
                            "member": d.member_index} for d in found.duplicates],
        })
    except ValidationError as error:
        raise _input_error(error) from None
    return Status(201, _household_answer(actor, household, created=True))


@router.post("/requests/{request_id}/triage", response={201: TriageOut, 403: Error, 404: Error, 422: dict},
             summary="Record the joint triage of a request")
@sensitive_variables()
def record_triage(request, request_id: int, payload: TriageIn):
    actor = _actor(request, write=True)
    help_request = queries.help_request_for(actor, request_id, purpose="joint triage (API)")
    service = None
    if payload.service is not None:
        service = Service.objects.filter(pk=payload.service).first()
        if service is None:
            raise _invalid("service", f"Unknown service: {payload.service}.")
    try:
        services.record_triage(
            actor, help_request,
            second_professional=_team_user(help_request, payload.second_professional, "second_professional"),
            outcome=payload.outcome, notes=payload.notes, service=service, law=payload.law or "",
            coordinator=_team_user(help_request, payload.coordinator, "coordinator"),
        )
    except ValidationError as error:
        raise _input_error(error) from None
    return Status(201, queries.triage_of(help_request))
