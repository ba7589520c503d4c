"""REST routes of the partner network: schemas, then thin routes that call queries and services."""


from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as InputError
from ninja.pagination import paginate
from pydantic import StringConstraints

from samenkracht.pagination import Pagination
from samenkracht.network import queries, services
from samenkracht.network.models import (
    Association,
    Location,
    Municipality,
    Neighbourhood,
    NeighbourhoodKind,
    Organisation,
    OrganisationKind,
    Region,
    Team,
    TeamKind,
)

router = Router(tags=["network"])

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
Text = Annotated[str, StringConstraints(max_length=2000)]


def _allowed(allowed: bool) -> None:
    """Check permission before resolving references, so a forbidden caller learns nothing (403 first)."""
    if not allowed:
        raise PermissionDenied("This token may not make this change.")


def _actor(request):
    actor = request.auth
    if not actor.can_view_network:
        raise PermissionDenied("This token may not read the network (scope network:read).")
    return actor


def _invalid(field: str, message: str, in_query: bool) -> Exception:
    """A bad value: located in the query string like ninja's own errors (["query", field]), else in the body."""
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


def _many(model, ids: list, field: str, key: str = "pk", *, in_query: bool = False) -> list:
    found = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": ids})}
    missing = [i for i in ids if i not in found]
    if missing:
        raise _invalid(field, f"Unknown {field}: {', '.join(map(str, missing))}.", in_query)
    return [found[i] for i in ids]


# --- Schemas --------------------------------------------------------------------------------------


class MunicipalityRef(Schema):
    code: str
    name: str


class MunicipalityOut(Schema):
    code: str
    name: str
    active: bool
    population: int | None


class RegionOut(Schema):
    id: int
    name: str
    description: str
    municipalities: list[MunicipalityRef]

    @staticmethod
    def resolve_municipalities(obj: Region) -> list:
        return list(obj.municipalities.all())


class NeighbourhoodOut(Schema):
    id: int
    name: str
    kind: NeighbourhoodKind
    municipality: MunicipalityRef
    cbs_code: str
    postcode: str


class NeighbourhoodIn(Schema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    kind: NeighbourhoodKind
    municipality: str = Field(description="CBS code, e.g. GM0193")
    cbs_code: Annotated[str, StringConstraints(max_length=10)] = ""
    postcode: Annotated[str, StringConstraints(max_length=7)] = ""


class AssociationOut(Schema):
    id: int
    name: str
    description: str
    former_names: list[str]


class ServiceAreaOut(Schema):
    municipality: MunicipalityRef
    neighbourhood: str | None

    @staticmethod
    def resolve_neighbourhood(obj) -> str | None:
        return obj.neighbourhood.name if obj.neighbourhood_id else None


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    informal: bool
    kvk_number: str
    municipality: MunicipalityRef | None
    description: str
    website: str
    email: str
    phone: str
    associations: list[str]
    service_area: list[ServiceAreaOut]

    @staticmethod
    def resolve_associations(obj: Organisation) -> list[str]:
        return [a.name for a in obj.associations.all()]

    @staticmethod
    def resolve_service_area(obj: Organisation) -> list:
        return list(obj.service_areas.all())


class OrganisationIn(Schema):
    name: Name
    kind: OrganisationKind
    informal: bool = False
    kvk_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=8)] = ""
    municipality: str | None = Field(None, description="CBS code of the home municipality")
    description: Text = ""
    website: Annotated[str, StringConstraints(max_length=200)] = ""
    email: Annotated[str, StringConstraints(max_length=254)] = ""
    phone: Annotated[str, StringConstraints(max_length=20)] = ""
    associations: list[int] = Field(default_factory=list, description="ids of associations")


class OrganisationPatch(Schema):
    name: Name | None = None
    kind: OrganisationKind | None = None
    informal: bool | None = None
    kvk_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=8)] | None = None
    municipality: str | None = None
    description: Text | None = None
    website: Annotated[str, StringConstraints(max_length=200)] | None = None
    email: Annotated[str, StringConstraints(max_length=254)] | None = None
    phone: Annotated[str, StringConstraints(max_length=20)] | None = None
    associations: list[int] | None = None


class ServiceAreaIn(Schema):
    municipalities: list[str] = Field(default_factory=list, description="CBS codes served as a whole")
    neighbourhoods: list[int] = Field(default_factory=list, description="ids of single neighbourhoods")


class OrganisationRef(Schema):
    id: int
    name: str


class LocationOut(Schema):
    id: int
    name: str
    street: str
    house_number: str
    postcode: str
    city: str
    country: str
    municipality: MunicipalityRef | None
    neighbourhood: str | None
    description: str
    organisations: list[OrganisationRef]

    @staticmethod
    def resolve_neighbourhood(obj: Location) -> str | None:
        return obj.neighbourhood.name if obj.neighbourhood_id else None

    @staticmethod
    def resolve_organisations(obj: Location) -> list:
        return list(obj.organisations.all())


class LocationIn(Schema):
    name: Name
    street: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    house_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=12)]
    postcode: Annotated[str, StringConstraints(strip_whitespace=True, max_length=7)]
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    municipality: str
    neighbourhood: int | None = None
    description: Text = ""
    organisations: list[int] = Field(default_factory=list)


class LocationPatch(Schema):
    name: Name | None = None
    street: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] | None = None
    house_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=12)] | None = None
    postcode: Annotated[str, StringConstraints(strip_whitespace=True, max_length=7)] | None = None
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)] | None = None
    description: Text | None = None
    organisations: list[int] | None = None


class LocationRef(Schema):
    id: int
    name: str


class TeamMemberOut(Schema):
    name: str
    organisation: OrganisationRef

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.full_name


class TeamOut(Schema):
    id: int
    name: str
    kind: TeamKind
    municipality: MunicipalityRef
    location: LocationRef | None
    description: str
    neighbourhoods: list[str]
    organisations: list[OrganisationRef]
    members: list[TeamMemberOut]

    @staticmethod
    def resolve_neighbourhoods(obj: Team) -> list[str]:
        return [n.name for n in obj.neighbourhoods.all()]

    @staticmethod
    def resolve_organisations(obj: Team) -> list:
        return list(obj.organisations.all())

    @staticmethod
    def resolve_members(obj: Team) -> list:
        return list(obj.members.all())


class TeamIn(Schema):
    name: Name
    kind: TeamKind
    municipality: str
    location: int | None = None
    description: Text = ""
    neighbourhoods: list[int] = Field(default_factory=list)
    organisations: list[int] = Field(default_factory=list)


class Error(Schema):
    detail: str


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = None
    serves: str | None = Field(None, description="CBS code: organisations serving this municipality")
    q: Annotated[str, StringConstraints(max_length=100)] | None = None
    association: int | None = None


# --- Routes ---------------------------------------------------------------------------------------

RESPONSES_READ = {403: Error, 404: Error}


@router.get("/municipalities", response=list[MunicipalityOut], summary="List municipalities")
@paginate(Pagination)
def list_municipalities(request, q: Annotated[str, StringConstraints(max_length=100)] | None = None,
                        include_inactive: bool = False):
    _actor(request)
    return queries.municipalities(q=q, include_inactive=include_inactive)


@router.get("/municipalities/{code}", response={200: MunicipalityOut, **RESPONSES_READ})
def get_municipality(request, code: str):
    _actor(request)
    return get_object_or_404(Municipality, code=code)


@router.get("/regions", response=list[RegionOut])
@paginate(Pagination)
def list_regions(request):
    _actor(request)
    return queries.regions()


@router.get("/regions/{region_id}", response={200: RegionOut, **RESPONSES_READ})
def get_region(request, region_id: int):
    _actor(request)
    return get_object_or_404(queries.regions(), pk=region_id)


@router.get("/neighbourhoods", response=list[NeighbourhoodOut])
@paginate(Pagination)
def list_neighbourhoods(request, municipality: str | None = None):
    _actor(request)
    return queries.neighbourhoods(municipality=_municipality(municipality, "municipality", in_query=True))


@router.post("/neighbourhoods", response={201: NeighbourhoodOut, 403: Error, 422: dict})
def create_neighbourhood(request, payload: NeighbourhoodIn):
    actor = _actor(request)
    _allowed(actor.can_manage_network)
    data = payload.dict()
    data["municipality"] = _municipality(data["municipality"], "municipality")
    return Status(201, services.create_neighbourhood(actor, **data))


@router.get("/associations", response=list[AssociationOut])
@paginate(Pagination)
def list_associations(request):
    _actor(request)
    return Association.objects.all()


@router.get("/organisations", response=list[OrganisationOut])
@paginate(Pagination)
def list_organisations(request, filters: Query[OrganisationFilters]):
    _actor(request)
    return queries.organisations(
        kind=filters.kind,
        serves=_municipality(filters.serves, "serves", in_query=True),
        q=filters.q,
        association_id=filters.association,
    )


@router.get("/organisations/overlap", response=list[MunicipalityRef],
            summary="Municipalities that all given organisations serve")
def organisations_overlap(request, organisation: Query[list[int]]):
    _actor(request)
    if len(set(organisation)) < 2:
        raise _invalid("organisation", "Give at least two different organisation ids.", in_query=True)
    selected = _many(Organisation, list(dict.fromkeys(organisation)), "organisation", in_query=True)
    return list(queries.overlap(selected))


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **RESPONSES_READ})
def get_organisation(request, organisation_id: int):
    _actor(request)
    return get_object_or_404(queries.organisations(), pk=organisation_id)


def _organisation_fields(data: dict) -> dict:
    if "municipality" in data:
        data["municipality"] = _municipality(data["municipality"], "municipality")
    if data.get("associations") is not None:
        data["associations"] = _many(Association, data["associations"], "associations")
    return data


@router.post("/organisations", response={201: OrganisationOut, 403: Error, 422: dict})
def create_organisation(request, payload: OrganisationIn):
    actor = _actor(request)
    _allowed(actor.can_manage_network)
    organisation = services.create_organisation(actor, **_organisation_fields(payload.dict()))
    return Status(201, queries.organisations().get(pk=organisation.pk))


@router.patch("/organisations/{organisation_id}", response={200: OrganisationOut, 403: Error, 404: Error, 422: dict})
def update_organisation(request, organisation_id: int, payload: OrganisationPatch):
    actor = _actor(request)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    _allowed(actor.can_edit_organisation(organisation))
    services.update_organisation(actor, organisation, **_organisation_fields(payload.dict(exclude_unset=True)))
    return queries.organisations().get(pk=organisation.pk)


@router.put("/organisations/{organisation_id}/service-area",
            response={200: list[ServiceAreaOut], 403: Error, 404: Error, 422: dict})
def set_service_area(request, organisation_id: int, payload: ServiceAreaIn):
    actor = _actor(request)
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    _allowed(actor.can_edit_organisation(organisation))
    services.set_service_area(
        actor, organisation,
        municipalities=_many(Municipality, list(dict.fromkeys(payload.municipalities)), "municipalities", key="code"),
        neighbourhoods=_many(Neighbourhood, list(dict.fromkeys(payload.neighbourhoods)), "neighbourhoods"),
    )
    return list(queries.organisations().get(pk=organisation.pk).service_areas.all())


@router.get("/locations", response=list[LocationOut])
@paginate(Pagination)
def list_locations(request, municipality: str | None = None):
    _actor(request)
    return queries.locations(municipality=_municipality(municipality, "municipality", in_query=True))


@router.get("/locations/{location_id}", response={200: LocationOut, **RESPONSES_READ})
def get_location(request, location_id: int):
    _actor(request)
    return get_object_or_404(queries.locations(), pk=location_id)


def _location_fields(data: dict) -> dict:
    if "municipality" in data:
        data["municipality"] = _municipality(data["municipality"], "municipality")
    if data.get("neighbourhood") is not None:
        data["neighbourhood"] = _many(Neighbourhood, [data["neighbourhood"]], "neighbourhood")[0]
    if data.get("organisations") is not None:
        data["organisations"] = _many(Organisation, list(dict.fromkeys(data["organisations"])), "organisations")
    return data


@router.post("/locations", response={201: LocationOut, 403: Error, 422: dict})
def create_location(request, payload: LocationIn):
    actor = _actor(request)
    location = services.create_location(actor, **_location_fields(payload.dict()))
    return Status(201, queries.locations().get(pk=location.pk))


@router.patch("/locations/{location_id}", response={200: LocationOut, 403: Error, 404: Error, 422: dict})
def update_location(request, location_id: int, payload: LocationPatch):
    actor = _actor(request)
    location = get_object_or_404(Location, pk=location_id)
    services.update_location(actor, location, **_location_fields(payload.dict(exclude_unset=True)))
    return queries.locations().get(pk=location.pk)


@router.get("/teams", response=list[TeamOut])
@paginate(Pagination)
def list_teams(request, municipality: str | None = None, kind: TeamKind | None = None):
    _actor(request)
    return queries.teams(municipality=_municipality(municipality, "municipality", in_query=True), kind=kind)


@router.get("/teams/{team_id}", response={200: TeamOut, **RESPONSES_READ})
def get_team(request, team_id: int):
    _actor(request)
    return get_object_or_404(queries.teams(), pk=team_id)


@router.post("/teams", response={201: TeamOut, 403: Error, 422: dict})
def create_team(request, payload: TeamIn):
    actor = _actor(request)
    _allowed(actor.can_manage_network)
    data = payload.dict()
    data["municipality"] = _municipality(data["municipality"], "municipality")
    if data["location"] is not None:
        data["location"] = _many(Location, [data["location"]], "location")[0]
    data["neighbourhoods"] = _many(Neighbourhood, list(dict.fromkeys(data["neighbourhoods"])), "neighbourhoods")
    data["organisations"] = _many(Organisation, list(dict.fromkeys(data["organisations"])), "organisations")
    team = services.create_team(actor, **data)
    return Status(201, queries.teams().get(pk=team.pk))
