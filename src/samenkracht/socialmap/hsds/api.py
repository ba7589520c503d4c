"""The social map as an Open Referral HSDS 3.0 API under /api/hsds/ (public, read-only).

Operations and parameters follow the official API description (openapi.json of HSDS 3.0):

    GET /                                  version and the address of this API's OpenAPI document
    GET /services                          search, page, per_page, format, taxonomy_term_id, taxonomy_id,
                                           organization_id, modified_after, minimal, full
    GET /services/{id}                     a fully nested service
    GET /organizations                     search, full_service, full, page, per_page, format
    GET /organizations/{id}                full_service
    GET /service_at_locations              search, taxonomy_term_id, taxonomy_id, organization_id,
                                           modified_after, full, page, per_page, format, postcode, proximity
    GET /service_at_locations/{id}         fully nested, with the full service
    GET /taxonomies, /taxonomies/{id}      search, page, per_page, format
    GET /taxonomy_terms, /taxonomy_terms/{id}   search, page, per_page, format, taxonomy_id, top_only, parent_id

Lists come in the HSDS paging envelope (total_items, total_pages, page_number, size, first_page,
last_page, empty, contents); ``format=ndjson`` streams every result as one JSON object per line, without
paging. Only services visible to residents (published, active or temporarily closed) appear, and only
organisations and locations through which such a service is offered.

``search`` (full text) and ``postcode`` (distance) go through the search interface
(``samenkracht.socialmap.search.search_services``), together with the other filters; there,
``modified_after`` counts whole days, /service_at_locations considers the best SEARCH_WINDOW matching
services, and a page is gathered from as many search pages as it needs. ``proximity`` is in metres from
the centre of ``postcode`` (distances as the search computes them, socialmap/geo.py). Parameters the
search refuses (a postcode that is not Dutch, a radius above its maximum) give 422. Every other request is a
plain database query with a fixed number of queries per page, whatever the page size.

The mapping of fields is described in ``serializers.py``. Every operation only reads.
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from ninja import NinjaAPI, Query
from ninja.errors import HttpError

from samenkracht.network.models import Location, Organisation
from samenkracht.socialmap import geo
from samenkracht.socialmap import search as search_module
from samenkracht.socialmap.hsds import serializers as hsds
from samenkracht.socialmap.models import Publication, Service, ServiceAtLocation, ServiceStatus

hsds_api = NinjaAPI(
    title="Samenkracht HSDS 3.0 API",
    version="3.0",
    description="The sociale kaart as Open Referral HSDS 3.0 (read-only, no token needed).",
    urls_namespace="hsds",
    docs_url=None,
    auth=None,
)

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 500
SEARCH_WINDOW = 1000     # /service_at_locations with search or postcode: best matching services considered
VISIBLE_STATUSES = [ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED]

PAGE = Query(1, ge=1, description="Page number of paginated result.")
PER_PAGE = Query(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Number of results requested in a single page.")
FORMAT = Query("json", alias="format", description="json (default, paged) or ndjson (every result, one per line).")


# --- Helpers --------------------------------------------------------------------------------------


def envelope(contents: list, total: int, page: int, per_page: int) -> dict:
    """The HSDS paging envelope (components/schemas/Page of the official description) around ``contents``."""
    total_pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _format(value: str) -> str:
    value = (value or "json").lower()
    if value not in ("json", "ndjson"):
        raise HttpError(422, "format is json or ndjson")
    return value


def _ndjson(items) -> StreamingHttpResponse:
    """Every item as one line of JSON (HSDS format=ndjson)."""
    lines = (json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    return StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value).strip())
    except (ValueError, AttributeError):
        return None


def _visible(prefix: str = "") -> Q:
    return Q(**{f"{prefix}publication": Publication.PUBLISHED, f"{prefix}status__in": VISIBLE_STATUSES})


def _modified_after(value: str | None) -> datetime | None:
    """ISO date-time, or a date (from its start, in the platform's time zone)."""
    if not value:
        return None
    text = value.strip().replace(" ", "+")   # a "+01:00" offset arrives as " 01:00" when not URL-encoded
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise HttpError(422, "modified_after is a date-time (ISO 8601), for example 2024-05-01T00:00:00Z")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@dataclass
class Filters:
    """The HSDS filter parameters as a database condition and as search parameters."""

    q: Q = field(default_factory=Q)
    search: dict = field(default_factory=dict)
    nothing: bool = False                 # a filter that no service can meet (unknown term, organisation)
    not_searchable: str = ""              # a filter the search interface cannot apply

    def add(self, q: Q | None = None, **search) -> None:
        if q is not None:
            self.q &= q
        for key, value in search.items():
            if isinstance(value, list) and isinstance(self.search.get(key), list):
                self.search[key] = [v for v in self.search[key] if v in value]
            else:
                self.search[key] = value


def _linked_exists(through, prefix: str) -> Exists:
    return Exists(through.objects.filter(service_id=OuterRef(f"{prefix}pk" if not prefix else f"{prefix}id")))


def service_filters(prefix: str, terms: hsds.TermIndex | None, taxonomy_term_id: str | None,
                    taxonomy_id: str | None, organization_id: str | None, modified_after: str | None) -> Filters:
    """Filters on services, for querysets of services (prefix "") or of service_at_locations ("service__")."""
    filters = Filters()
    if taxonomy_term_id:
        term = terms.by_id.get(_uuid(taxonomy_term_id)) if terms else None
        if term is None:
            filters.nothing = True
        elif term.kind == hsds.LIFE_DOMAIN:
            filters.add(Q(**{f"{prefix}life_domains": term.code}), life_domains=[term.code])
        elif term.kind == hsds.TARGET_GROUP:
            filters.add(Q(**{f"{prefix}target_groups": term.code}), target_groups=[term.code])
        elif term.kind == hsds.ACCESS_TYPE:
            filters.add(Q(**{f"{prefix}access_type": term.code}), access_type=term.code)
        elif term.kind == hsds.ORGANISATION_KIND:
            filters.add(Q(**{f"{prefix}organisation__kind": term.code}), provider_kinds=[term.code])
        elif term.code == hsds.TAG:
            filters.add(~Q(**{f"{prefix}tags": []}))
            filters.not_searchable = "taxonomy_term_id (tag)"
        else:
            filters.nothing = True   # terms of organisations or locations, not of services
    if taxonomy_id:
        taxonomy = {t.id: t for t in hsds.TAXONOMIES}.get(_uuid(taxonomy_id))
        all_codes = lambda kind: [t.code for t in terms.by_id.values() if t.kind == kind]  # noqa: E731
        if taxonomy is None:
            filters.nothing = True
        elif taxonomy is hsds.LIFE_DOMAINS:
            filters.add(_linked_exists(Service.life_domains.through, prefix), life_domains=all_codes(hsds.LIFE_DOMAIN))
        elif taxonomy is hsds.TARGET_GROUPS:
            filters.add(_linked_exists(Service.target_groups.through, prefix),
                        target_groups=all_codes(hsds.TARGET_GROUP))
        elif taxonomy is hsds.VALUES:
            filters.add(~Q(**{f"{prefix}tags": []}))
            filters.not_searchable = "taxonomy_id (samenkracht-values)"
        # Every service has an access type and a provider kind: those taxonomies filter nothing out.
    if organization_id:
        uid = _uuid(organization_id)
        pk = Organisation.objects.filter(uid=uid).values_list("pk", flat=True).first() if uid else None
        if pk is None:
            filters.nothing = True
        else:
            filters.add(Q(**{f"{prefix}organisation_id": pk}), organisation_id=pk)
    moment = _modified_after(modified_after)
    if moment is not None:
        filters.add(Q(**{f"{prefix}last_modified__gte": moment}), modified_after=timezone.localdate(moment))
    return filters


def _needs_terms(taxonomy_term_id, taxonomy_id) -> bool:
    return bool(taxonomy_term_id or taxonomy_id)


def _radius_km(proximity: str | None) -> float | None:
    if not proximity:
        return None
    try:
        radius_km = float(proximity) / 1000
    except ValueError:
        radius_km = math.nan
    if not math.isfinite(radius_km) or radius_km <= 0:
        raise HttpError(422, "proximity is a distance in metres, for example 2500")
    return radius_km


def _search(text: str | None, postcode: str | None, proximity: str | None, filters: Filters, offset: int,
            limit: int) -> tuple[list[Service], int, tuple[float, float] | None]:
    """Results offset..offset+limit of the search interface (text, distance and the other filters).

    The search interface pages by at most search.MAX_PER_PAGE, so a larger slice takes several calls.
    Returns (services in rank order, total, origin of the distances).
    """
    if filters.not_searchable:
        raise HttpError(422, f"{filters.not_searchable} cannot be combined with search or postcode")
    size = getattr(search_module, "MAX_PER_PAGE", 100)
    first = offset // size + 1
    page, items = first, []
    while True:
        params = search_module.SearchParams(
            text=(text or "").strip(), postcode=(postcode or "").strip() or None, radius_km=_radius_km(proximity),
            page=page, per_page=size, with_facets=False, **filters.search)
        try:
            result = search_module.search_services(params)
        except search_module.InvalidSearch as error:
            raise HttpError(422, str(error)) from None
        items.extend(result.items)
        if len(result.items) < size or page * size >= offset + limit:
            break
        page += 1
    start = offset - (first - 1) * size
    return items[start:start + limit], result.total, result.origin


def _search_mode(search: str | None, postcode: str | None, proximity: str | None) -> bool:
    if proximity and not (postcode or "").strip():
        raise HttpError(422, "proximity needs a postcode")
    return bool((search or "").strip() or (postcode or "").strip())


# --- Operations -----------------------------------------------------------------------------------


@hsds_api.get("/", operation_id="getAPIMetaInformation", summary="Information about this API and HSDS")
def meta(request):
    return {"version": hsds.HSDS_VERSION, "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json"))}


@hsds_api.get("/services", operation_id="getPaginatedListOfServices", summary="Paginated list of services")
def list_services(
    request,
    search: str | None = Query(None, description="Full text search."),
    page: int = PAGE,
    per_page: int = PER_PAGE,
    response_format: str = FORMAT,
    taxonomy_term_id: str | None = Query(None, description="Only services with this taxonomy term."),
    taxonomy_id: str | None = Query(None, description="Only services with any term of this taxonomy."),
    organization_id: str | None = Query(None, description="Only services of this organization."),
    modified_after: str | None = Query(None, description="Only services modified on or after this date-time."),
    minimal: bool = Query(False, description="Only id and last_modified of each service."),
    full: bool = Query(False, description="Fully nested services."),
):
    response_format = _format(response_format)
    terms = hsds.TermIndex.load() if (full or _needs_terms(taxonomy_term_id, taxonomy_id)) else None
    filters = service_filters("", terms, taxonomy_term_id, taxonomy_id, organization_id, modified_after)

    def render(service: Service) -> dict:
        if minimal:
            return {"id": str(service.id), "last_modified": hsds.datetime_text(service.last_modified)}
        return hsds.service_full(service, terms) if full else hsds.service_basic(service)

    def queryset():
        base = Service.objects.filter(_visible())
        return hsds.with_service_relations(base) if full else base.select_related("organisation")

    if _search_mode(search, None, None):
        if filters.nothing:
            return envelope([], 0, page, per_page)
        if response_format == "ndjson":
            found, _total, _origin = _search(search, None, None, filters, 0, 10 ** 9)
        else:
            found, total, _origin = _search(search, None, None, filters, (page - 1) * per_page, per_page)
        services = queryset().in_bulk([s.id for s in found])
        contents = [render(services[s.id]) for s in found if s.id in services]
        if response_format == "ndjson":
            return _ndjson(contents)
        return envelope(contents, total, page, per_page)

    services = queryset().filter(filters.q).order_by("name", "id")
    if filters.nothing:
        services = services.none()
    if response_format == "ndjson":
        return _ndjson(render(s) for s in services.iterator(chunk_size=500))
    total = services.count()
    offset = (page - 1) * per_page
    return envelope([render(s) for s in services[offset:offset + per_page]], total, page, per_page)


@hsds_api.get("/services/{id}", operation_id="getFullyNestedServiceById", summary="A fully nested service")
def get_service(request, id: str):
    uid = _uuid(id)
    service = hsds.with_service_relations(Service.objects.filter(_visible(), id=uid)).first() if uid else None
    if service is None:
        raise HttpError(404, "Not found")
    return hsds.service_full(service, hsds.TermIndex.load())


def _organisations_with_services(full_service: bool):
    """Organisations offering a visible service, with those services (and what serialising them needs)."""
    services = Service.objects.filter(_visible()).order_by("name", "id")
    services = hsds.with_service_relations(services) if full_service else services.prefetch_related(
        Prefetch("service_at_locations", queryset=hsds.with_location_relations(
            ServiceAtLocation.objects.all(), "location__").select_related("location")))
    return Organisation.objects.filter(Exists(Service.objects.filter(_visible(), organisation_id=OuterRef("pk")))) \
        .select_related("municipality") \
        .prefetch_related(Prefetch("services", queryset=services, to_attr="visible_services"))


def _organisation_json(organisation: Organisation, terms: hsds.TermIndex, full_service: bool) -> dict:
    locations: dict[int, Location] = {}
    for service in organisation.visible_services:
        for sal in service.service_at_locations.all():
            locations.setdefault(sal.location.pk, sal.location)
    return hsds.organization_full(
        organisation, terms,
        services=[hsds.service_full(s, terms, with_organization=False) if full_service
                  else hsds.service_basic(s, with_organization=False) for s in organisation.visible_services],
        locations=[hsds.location_full(location, terms)
                   for location in sorted(locations.values(), key=lambda loc: (loc.name, loc.pk))],
    )


def _text_filter(search: str | None, *fields: str) -> Q:
    q = Q()
    for word in (search or "").split():
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        q &= any_field
    return q


@hsds_api.get("/organizations", operation_id="getPaginatedListOfOrganizations",
              summary="Paginated list of organizations")
def list_organizations(
    request,
    search: str | None = Query(None, description="Words in the name or description."),
    full_service: bool = Query(False, description="With fully nested services (implies full)."),
    full: bool = Query(False, description="Fully nested organizations."),
    page: int = PAGE,
    per_page: int = PER_PAGE,
    response_format: str = FORMAT,
):
    response_format = _format(response_format)
    full = full or full_service
    if full:
        organisations = _organisations_with_services(full_service)
        terms = hsds.TermIndex.load()
    else:
        organisations = Organisation.objects.filter(
            Exists(Service.objects.filter(_visible(), organisation_id=OuterRef("pk"))))
        terms = None
    organisations = organisations.filter(_text_filter(search, "name", "description")).order_by("name", "pk")

    def render(organisation: Organisation) -> dict:
        return _organisation_json(organisation, terms, full_service) if full else hsds.organization_basic(organisation)

    if response_format == "ndjson":
        return _ndjson(render(o) for o in organisations.iterator(chunk_size=200))
    total = organisations.count()
    offset = (page - 1) * per_page
    return envelope([render(o) for o in organisations[offset:offset + per_page]], total, page, per_page)


@hsds_api.get("/organizations/{id}", operation_id="getOrganizationById", summary="A fully nested organization")
def get_organization(request, id: str, full_service: bool = Query(False, description="With fully nested services.")):
    uid = _uuid(id)
    organisation = _organisations_with_services(full_service).filter(uid=uid).first() if uid else None
    if organisation is None:
        raise HttpError(404, "Not found")
    return _organisation_json(organisation, hsds.TermIndex.load(), full_service)


def _service_at_locations(full: bool):
    sals = ServiceAtLocation.objects.filter(_visible("service__"))
    if full:
        return hsds.with_location_relations(hsds.with_service_relations(sals, "service__"), "location__")
    return hsds.with_location_relations(sals, "location__").select_related("service__organisation")


@hsds_api.get("/service_at_locations", operation_id="getPaginatedListOfServiceAtLocation",
              summary="Paginated list of services at locations")
def list_service_at_locations(
    request,
    search: str | None = Query(None, description="Full text search."),
    taxonomy_term_id: str | None = Query(None, description="Only services with this taxonomy term."),
    taxonomy_id: str | None = Query(None, description="Only services with any term of this taxonomy."),
    organization_id: str | None = Query(None, description="Only services of this organization."),
    modified_after: str | None = Query(None, description="Only services modified on or after this date-time."),
    full: bool = Query(False, description="Fully nested service_at_locations."),
    page: int = PAGE,
    per_page: int = PER_PAGE,
    response_format: str = FORMAT,
    postcode: str | None = Query(None, description="Nearest first, from the centre of this postcode."),
    proximity: str | None = Query(None, description="Only within this many metres of the postcode's centre."),
):
    response_format = _format(response_format)
    terms = hsds.TermIndex.load() if (full or _needs_terms(taxonomy_term_id, taxonomy_id)) else None
    filters = service_filters("service__", terms, taxonomy_term_id, taxonomy_id, organization_id, modified_after)

    def render(sal: ServiceAtLocation) -> dict:
        return hsds.service_at_location_full(sal, terms) if full else hsds.service_at_location_list_item(sal)

    if _search_mode(search, postcode, proximity):
        if filters.nothing:
            return envelope([], 0, page, per_page)
        service_filter = service_filters("", terms, taxonomy_term_id, taxonomy_id, organization_id, modified_after)
        found, _total, origin = _search(search, postcode, proximity, service_filter, 0, SEARCH_WINDOW)
        rank = {s.id: index for index, s in enumerate(found)}
        sals = list(_service_at_locations(full).filter(service_id__in=list(rank)))
        radius_km = _radius_km(proximity)
        distance: dict = {}
        if origin is not None:
            for sal in sals:
                if sal.location.latitude is not None and sal.location.longitude is not None:
                    distance[sal.id] = geo.distance_km(origin, (sal.location.latitude, sal.location.longitude))
            if radius_km is not None:
                sals = [sal for sal in sals if distance.get(sal.id, math.inf) <= radius_km]
        if postcode and origin is not None:
            sals.sort(key=lambda sal: (distance.get(sal.id, math.inf), rank[sal.service_id], str(sal.id)))
        else:
            sals.sort(key=lambda sal: (rank[sal.service_id], sal.location.name, str(sal.id)))
        if response_format == "ndjson":
            return _ndjson(render(sal) for sal in sals)
        offset = (page - 1) * per_page
        return envelope([render(sal) for sal in sals[offset:offset + per_page]], len(sals), page, per_page)

    sals = _service_at_locations(full).filter(filters.q).order_by("service__name", "location__name", "id")
    if filters.nothing:
        sals = sals.none()
    if response_format == "ndjson":
        return _ndjson(render(sal) for sal in sals.iterator(chunk_size=500))
    total = sals.count()
    offset = (page - 1) * per_page
    return envelope([render(sal) for sal in sals[offset:offset + per_page]], total, page, per_page)


@hsds_api.get("/service_at_locations/{id}", operation_id="getServiceAtLocationWithNestedDataById",
              summary="A fully nested service_at_location")
def get_service_at_location(request, id: str):
    uid = _uuid(id)
    sal = _service_at_locations(full=True).filter(id=uid).first() if uid else None
    if sal is None:
        raise HttpError(404, "Not found")
    return hsds.service_at_location_full(sal, hsds.TermIndex.load())


def _paged_static(items: list[dict], response_format: str, page: int, per_page: int):
    if _format(response_format) == "ndjson":
        return _ndjson(items)
    offset = (page - 1) * per_page
    return envelope(items[offset:offset + per_page], len(items), page, per_page)


def _matches(item: dict, search: str | None, fields: tuple[str, ...]) -> bool:
    text = " ".join(str(item.get(name, "")) for name in fields).lower()
    return all(word.lower() in text for word in (search or "").split())


@hsds_api.get("/taxonomies", operation_id="getPaginatedListOfTaxonomies", summary="Paginated list of taxonomies")
def list_taxonomies(
    request,
    search: str | None = Query(None, description="Words in the name or description."),
    page: int = PAGE,
    per_page: int = PER_PAGE,
    response_format: str = FORMAT,
):
    items = [hsds.taxonomy_json(t) for t in hsds.TAXONOMIES]
    items = [item for item in items if _matches(item, search, ("name", "description"))]
    return _paged_static(items, response_format, page, per_page)


@hsds_api.get("/taxonomies/{id}", operation_id="getTaxonomyById", summary="A taxonomy")
def get_taxonomy(request, id: str):
    taxonomy = {t.id: t for t in hsds.TAXONOMIES}.get(_uuid(id))
    if taxonomy is None:
        raise HttpError(404, "Not found")
    return hsds.taxonomy_json(taxonomy)


@hsds_api.get("/taxonomy_terms", operation_id="getPaginatedListOfTaxonomyTerms",
              summary="Paginated list of taxonomy terms")
def list_taxonomy_terms(
    request,
    search: str | None = Query(None, description="Words in the code, name or description."),
    page: int = PAGE,
    per_page: int = PER_PAGE,
    response_format: str = FORMAT,
    taxonomy_id: str | None = Query(None, description="Only terms of this taxonomy."),
    top_only: bool = Query(False, description="Only terms without a parent (all terms here are)."),
    parent_id: str | None = Query(None, description="Only terms with this parent (none here have one)."),
):
    terms = hsds.taxonomy_terms()
    if taxonomy_id:
        wanted = _uuid(taxonomy_id)
        terms = [t for t in terms if t.taxonomy.id == wanted]
    if parent_id:
        terms = []   # the platform's taxonomies are flat
    items = [hsds.taxonomy_term_json(t) for t in terms]
    items = [item for item in items if _matches(item, search, ("code", "name", "description"))]
    return _paged_static(items, response_format, page, per_page)


@hsds_api.get("/taxonomy_terms/{id}", operation_id="getTaxonomyTermById", summary="A taxonomy term")
def get_taxonomy_term(request, id: str):
    term = hsds.TermIndex.load().by_id.get(_uuid(id))
    if term is None:
        raise HttpError(404, "Not found")
    return hsds.taxonomy_term_json(term)
