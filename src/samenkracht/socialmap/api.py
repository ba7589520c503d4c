"""/api/v1 routes for maintaining services on the social map: schemas, then thin routes.

Reading needs a token that may read the network (network:read) or a social map scope; writing needs
socialmap:write for the token's own organisation; approving and sending back needs socialmap:review.
Validation errors are 422 with the field in ``detail[*].loc`` (see samenkracht/api.py).
"""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as InputError
from ninja.pagination import paginate
from pydantic import StringConstraints

from samenkracht.pagination import Pagination
from samenkracht.network.models import Location, Municipality, Neighbourhood, Organisation, OrganisationKind
from samenkracht.socialmap import queries, services
from samenkracht.socialmap.models import (
    AccessType,
    CostKind,
    LifeDomain,
    Publication,
    Service,
    ServiceStatus,
    TargetGroup,
    Weekday,
)

router = Router(tags=["social map"])

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(max_length=200)]
Text = Annotated[str, StringConstraints(max_length=5000)]
LongerText = Annotated[str, StringConstraints(max_length=2000)]


# --- Schemas --------------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class CodeName(Schema):
    code: str
    name: str


class OrganisationRef(Schema):
    id: int
    name: str
    kind: OrganisationKind
    informal: bool


class CoverageOut(Schema):
    municipality: CodeName
    neighbourhood: str | None

    @staticmethod
    def resolve_neighbourhood(obj) -> str | None:
        return obj.neighbourhood.name if obj.neighbourhood_id else None


class LocationOut(Schema):
    id: int
    name: str
    address: str
    municipality: str | None = Field(None, description="CBS code")
    latitude: float | None
    longitude: float | None


class ScheduleOut(Schema):
    weekday: Weekday
    opens_at: time
    closes_at: time
    description: str


class ServiceOut(Schema):
    id: UUID
    organisation: OrganisationRef
    name: str
    alternate_name: str
    description: str
    url: str
    email: str
    phone: str
    status: ServiceStatus
    access_type: AccessType
    eligibility_description: str
    minimum_age: int | None
    maximum_age: int | None
    application_process: str
    cost_kind: CostKind
    cost_amount: Decimal | None
    fees_description: str
    languages: list[str]
    schedule_description: str
    life_domains: list[CodeName]
    target_groups: list[CodeName]
    tags: list[str]
    coverage: list[CoverageOut]
    locations: list[LocationOut]
    schedules: list[ScheduleOut]
    publication: Publication
    review_note: str
    assured_date: date | None
    stale: bool
    last_modified: datetime

    @staticmethod
    def resolve_life_domains(obj: Service) -> list:
        return list(obj.life_domains.all())

    @staticmethod
    def resolve_target_groups(obj: Service) -> list:
        return list(obj.target_groups.all())

    @staticmethod
    def resolve_coverage(obj: Service) -> list:
        return list(obj.coverage.all())

    @staticmethod
    def resolve_locations(obj: Service) -> list:
        return [
            {"id": sal.location.pk, "name": sal.location.name, "address": sal.location.address,
             "municipality": sal.location.municipality.code if sal.location.municipality_id else None,
             "latitude": sal.location.latitude, "longitude": sal.location.longitude}
            for sal in obj.service_at_locations.all()
        ]

    @staticmethod
    def resolve_schedules(obj: Service) -> list:
        return list(obj.schedules.all())

    @staticmethod
    def resolve_stale(obj: Service) -> bool:
        return obj.is_stale


class ScheduleIn(Schema):
    weekday: int = Field(description="1 (Monday) to 7 (Sunday)")
    opens_at: time
    closes_at: time
    description: Short = ""


class ServiceFields(Schema):
    """Fields shared by creating and changing a service (all optional when changing)."""

    alternate_name: Short | None = None
    description: Text | None = None
    url: Annotated[str, StringConstraints(max_length=300)] | None = None
    email: Annotated[str, StringConstraints(max_length=254)] | None = None
    phone: Annotated[str, StringConstraints(max_length=30)] | None = None
    status: ServiceStatus | None = None
    access_type: AccessType | None = None
    eligibility_description: LongerText | None = None
    minimum_age: int | None = Field(None, ge=0, le=120)
    maximum_age: int | None = Field(None, ge=0, le=120)
    application_process: LongerText | None = None
    cost_kind: CostKind | None = None
    cost_amount: Decimal | None = Field(None, max_digits=8, decimal_places=2)
    fees_description: Annotated[str, StringConstraints(max_length=500)] | None = None
    languages: list[str] | None = Field(None, description="ISO 639-1 codes, e.g. ['nl', 'en']")
    schedule_description: Annotated[str, StringConstraints(max_length=300)] | None = None
    tags: list[str] | None = None
    life_domains: list[str] | None = Field(None, description="life domain codes, e.g. ['financien']")
    target_groups: list[str] | None = Field(None, description="target group codes, e.g. ['ouderen']")
    municipalities: list[str] | None = Field(None, description="CBS codes of municipalities covered as a whole")
    neighbourhoods: list[int] | None = Field(None, description="ids of single neighbourhoods covered")
    locations: list[int] | None = Field(None, description="ids of locations where the service is offered")
    schedules: list[ScheduleIn] | None = Field(None, description="weekly opening hours (replace all)")


class ServiceIn(ServiceFields):
    name: Name
    organisation: int | None = Field(None, description="id of the provider; default: the token's organisation")
    submit: bool = Field(False, description="submit for review at once (reviewers' tokens publish directly)")


class ServicePatch(ServiceFields):
    name: Name | None = None


class RejectIn(Schema):
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class ServiceFilters(Schema):
    organisation: int | None = Field(None, description="id of the provider")
    publication: Publication | None = None
    stale: bool | None = Field(None, description="true: only services not confirmed for too long")


# --- Helpers --------------------------------------------------------------------------------------


def _reader(request):
    actor = request.auth
    if not queries.can_read_services(actor):
        raise PermissionDenied("This token may not read the social map (scope network:read or socialmap:*).")
    return actor


def _service(actor, service_id: UUID) -> Service:
    service = queries.with_details(queries.visible_services(actor)).filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


def _reload(service: Service) -> Service:
    return queries.with_details(Service.objects.all()).get(pk=service.pk)


def _many(model, keys: list, field: str, key: str = "pk") -> list:
    keys = list(dict.fromkeys(keys))
    found = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": keys})}
    missing = [k for k in keys if k not in found]
    if missing:
        raise ValidationError({field: f"Unknown {field}: {', '.join(map(str, missing))}."})
    return [found[k] for k in keys]


RELATED = {
    "life_domains": (LifeDomain, "code"),
    "target_groups": (TargetGroup, "code"),
    "municipalities": (Municipality, "code"),
    "neighbourhoods": (Neighbourhood, "pk"),
    "locations": (Location, "pk"),
}


def _arguments(data: dict) -> dict:
    """Schema values -> keyword arguments of the services: references resolved, unset left out."""
    arguments = {}
    for name, value in data.items():
        if name in RELATED and value is not None:
            model, key = RELATED[name]
            arguments[name] = _many(model, value, name, key)
        elif name == "schedules" and value is not None:
            arguments[name] = [dict(entry) for entry in value]
        elif value is not None or name in {"minimum_age", "maximum_age", "cost_amount"}:
            arguments[name] = value
    for name in ("alternate_name", "description", "url", "email", "phone", "eligibility_description",
                 "application_process", "fees_description", "schedule_description"):
        if name in data and data[name] is None:
            arguments[name] = ""  # an explicit null clears a text field
    for name in ("languages", "tags"):
        if name in data and data[name] is None:
            arguments[name] = []
    return arguments


NOT_NULL = ("name", "status", "access_type", "cost_kind")


# --- Routes ---------------------------------------------------------------------------------------

WRITE_RESPONSES = {403: Error, 404: Error, 422: dict}


@router.get("/services", response=list[ServiceOut], summary="List services (professional view, with drafts "
            "of the own organisation; reviewers see everything)")
@paginate(Pagination)
def list_services(request, filters: Query[ServiceFilters]):
    actor = _reader(request)
    if filters.organisation is not None and not Organisation.objects.filter(pk=filters.organisation).exists():
        raise InputError([{"loc": ["query", "organisation"], "msg": "Unknown organisation.", "type": "value_error"}])
    return queries.service_list(actor, organisation_id=filters.organisation, publication=filters.publication,
                                stale=filters.stale)


@router.get("/services/{service_id}", response={200: ServiceOut, 403: Error, 404: Error})
def get_service(request, service_id: UUID):
    return _service(_reader(request), service_id)


@router.post("/services", response={201: ServiceOut, **WRITE_RESPONSES})
def create_service(request, payload: ServiceIn):
    actor = request.auth
    data = payload.dict(exclude_unset=True)
    organisation_id = data.pop("organisation", None) or getattr(actor, "organisation_id", None)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise ValidationError({"organisation": "Unknown organisation."})
    if not actor.can_maintain_services(organisation):
        raise PermissionDenied("This token may not maintain services of this organisation (scope socialmap:write).")
    submit = data.pop("submit", False)
    service = services.create_service(actor, organisation, submit=submit, **_arguments(data))
    return Status(201, _reload(service))


@router.patch("/services/{service_id}", response={200: ServiceOut, **WRITE_RESPONSES})
def update_service(request, service_id: UUID, payload: ServicePatch):
    actor = request.auth
    service = _service(actor, service_id)
    if not actor.can_maintain_services(service.organisation):
        raise PermissionDenied("This token may not maintain services of this organisation (scope socialmap:write).")
    data = payload.dict(exclude_unset=True)
    cleared = [name for name in NOT_NULL if name in data and data[name] is None]
    if cleared:
        raise ValidationError({name: "This field cannot be empty." for name in cleared})
    services.update_service(actor, service, **_arguments(data))
    return _reload(service)


@router.post("/services/{service_id}/confirm", response={200: ServiceOut, **WRITE_RESPONSES},
             summary="Confirm that the service is still up to date")
def confirm_service(request, service_id: UUID):
    actor = request.auth
    service = _service(actor, service_id)
    services.confirm_current(actor, service)
    return _reload(service)


@router.post("/services/{service_id}/submit", response={200: ServiceOut, **WRITE_RESPONSES},
             summary="Submit a draft (or a service sent back) for review")
def submit_service(request, service_id: UUID):
    actor = request.auth
    service = _service(actor, service_id)
    services.submit_for_review(actor, service)
    return _reload(service)


@router.post("/services/{service_id}/approve", response={200: ServiceOut, **WRITE_RESPONSES},
             summary="Publish a service awaiting review")
def approve_service(request, service_id: UUID):
    actor = request.auth
    if not actor.can_review_services:
        raise PermissionDenied("This token may not review services (scope socialmap:review).")
    service = _service(actor, service_id)
    services.approve(actor, service)
    return _reload(service)


@router.post("/services/{service_id}/reject", response={200: ServiceOut, **WRITE_RESPONSES},
             summary="Send a service awaiting review back with a note")
def reject_service(request, service_id: UUID, payload: RejectIn):
    actor = request.auth
    if not actor.can_review_services:
        raise PermissionDenied("This token may not review services (scope socialmap:review).")
    service = _service(actor, service_id)
    try:
        services.reject(actor, service, payload.note)
    except ValidationError as error:
        if hasattr(error, "error_dict") and "review_note" in error.error_dict:
            raise ValidationError({"note": error.error_dict["review_note"]}) from None
        raise
    return _reload(service)
