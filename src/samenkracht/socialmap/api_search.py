"""/api/v1 route for searching the social map (public: no token needed).

GET /api/v1/socialmap/search takes every field of the search contract (socialmap/search/__init__.py) as
a query parameter; lists are repeated parameters (``life_domains=financien&life_domains=justitie``).
Only what residents may see is searched: drafts and withdrawn services are never returned here, so the
contract's ``include_unpublished`` is not offered. ``page_size`` is the paging parameter of every list in
this API; ``per_page`` (the contract's name) means the same and may be used instead.

Bad input is a 422 naming the parameter in ``detail[*].loc`` (["query", name]), like every route of
/api/v1. The route reads only; the number of queries does not depend on the page size.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from django.utils.html import strip_tags
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError as InputError
from pydantic import StringConstraints

from samenkracht.network.models import OrganisationKind
from samenkracht.socialmap.models import AccessType
from samenkracht.socialmap.search import MAX_PER_PAGE, MAX_TEXT, SearchParams, check_params, search_services

router = Router(tags=["social map search"])

DETAIL_PATH = "/sociale-kaart/aanbod/{id}/"
DEFAULT_PAGE_SIZE = 20


# --- Schemas --------------------------------------------------------------------------------------


class SearchFilters(Schema):
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = Field(
        "", description="The resident's question in their own words, e.g. 'ik kan mijn rekeningen niet betalen'.")
    life_domains: list[str] = Field(default_factory=list, description="ZRM life-domain codes (any of), e.g. financien.")
    target_groups: list[str] = Field(default_factory=list, description="Target-group codes (any of), e.g. ouderen.")
    age: int | None = Field(None, ge=0, le=120, description="Only services whose age range includes this age.")
    municipality: str | None = Field(None, description="CBS code (GM0406): services offered in that municipality.")
    neighbourhood: int | None = Field(None, description="Neighbourhood id: offered there or in its whole municipality.")
    open_on: int | None = Field(None, ge=1, le=7, description="Weekday 1 (Monday) to 7 (Sunday): open that day.")
    free: bool | None = Field(None, description="true: only free of charge; false: only with costs.")
    access_type: AccessType | None = Field(None, description="open (no referral needed) or decision (Wmo, Jeugdwet).")
    # Plain strings, checked by check_params: a list of enums would be reported at ["query", "query", ...].
    provider_kinds: list[str] = Field(default_factory=list, description="Kinds of provider (any of): "
                                      + ", ".join(OrganisationKind.values) + ".")
    organisation_id: int | None = Field(None, description="Only services of this organisation.")
    postcode: str | None = Field(None, max_length=10, description="Dutch postcode (1271 AB or 1271): origin for distance.")
    near: str | None = Field(None, max_length=40, description="Origin as 'latitude,longitude'; wins over postcode.")
    radius_km: float | None = Field(None, gt=0, le=500, description="Only services with a location within this radius.")
    modified_after: date | None = Field(None, description="Only services changed on or after this date.")
    page: int = Field(1, ge=1)
    page_size: int | None = Field(None, ge=1, le=MAX_PER_PAGE, description=f"Results per page (default {DEFAULT_PAGE_SIZE}).")
    per_page: int | None = Field(None, ge=1, le=MAX_PER_PAGE, description="Same as page_size.")
    facets: bool = Field(True, description="false: leave out the facet counts (saves five queries).")


class OrganisationRef(Schema):
    id: int
    name: str


class SearchItem(Schema):
    id: UUID
    name: str
    organisation: OrganisationRef
    description: str
    access_type: AccessType
    free: bool
    distance_km: float | None
    life_domains: list[str]
    url: str
    score: float


class FacetOut(Schema):
    code: str
    label: str
    count: int


class Origin(Schema):
    latitude: float
    longitude: float


class SearchOut(Schema):
    items: list[SearchItem]
    count: int
    page: int
    per_page: int
    facets: dict[str, list[FacetOut]]
    notices: list[str]
    origin: Origin | None
    life_domain_hints: list[str] = Field(description="Life-domain codes the thesaurus found in the question.")


# --- Helpers --------------------------------------------------------------------------------------


def _invalid(problems: dict[str, str]) -> InputError:
    return InputError([{"loc": ["query", name], "msg": message, "type": "value_error"}
                       for name, message in problems.items()])


def _near(value: str | None) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        latitude, longitude = (float(part) for part in value.split(","))
    except ValueError:
        raise _invalid({"near": "Give the origin as 'latitude,longitude', for example 52.2990,5.2420."}) from None
    return (latitude, longitude)


def to_params(query: SearchFilters) -> SearchParams:
    """The contract's SearchParams for the query string; raises a 422 naming every bad parameter."""
    if query.page_size and query.per_page and query.page_size != query.per_page:
        raise _invalid({"per_page": "per_page and page_size differ; give one of them."})
    params = SearchParams(
        text=query.text, life_domains=list(query.life_domains), target_groups=list(query.target_groups),
        age=query.age, municipality=query.municipality, neighbourhood=query.neighbourhood, open_on=query.open_on,
        free=query.free, access_type=query.access_type.value if query.access_type else None,
        provider_kinds=list(query.provider_kinds), organisation_id=query.organisation_id,
        postcode=query.postcode, near=_near(query.near), radius_km=query.radius_km,
        modified_after=query.modified_after, page=query.page,
        per_page=query.page_size or query.per_page or DEFAULT_PAGE_SIZE, with_facets=query.facets,
    )
    problems = check_params(params, check_references=True)
    if problems:
        raise _invalid(problems)
    return params


def _item(service) -> dict:
    return {
        "id": service.pk,
        "name": service.name,
        "organisation": {"id": service.organisation.pk, "name": service.organisation.name},
        "description": strip_tags(service.description),
        "access_type": service.access_type,
        "free": service.is_free,
        "distance_km": service.distance_km,
        "life_domains": [domain.code for domain in service.life_domains.all()],   # prefetched by the search
        "url": DETAIL_PATH.format(id=service.pk),
        "score": round(service.score, 4),
    }


# --- Route ----------------------------------------------------------------------------------------


@router.get("/search", response={200: SearchOut}, auth=None, summary="Search the social map",
            description="Full-text search that understands everyday Dutch, with filters, facet counts, distance "
                        "from a postcode and paging. Public: no token needed.")
def search(request, query: Query[SearchFilters]):
    params = to_params(query)
    result = search_services(params)
    return {
        "items": [_item(service) for service in result.items],
        "count": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "facets": {name: [vars(f) for f in facets] for name, facets in result.facets.items()},
        "notices": result.notices,
        "origin": None if result.origin is None else {"latitude": result.origin[0], "longitude": result.origin[1]},
        "life_domain_hints": result.life_domain_hints,
    }
