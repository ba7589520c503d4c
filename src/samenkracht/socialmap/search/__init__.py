"""One search interface for the social map, two backends (PostgreSQL full-text, SQLite FTS5).

CONTRACT (used by the web pages, /api/v1 and /api/hsds; implemented in this package):

    search_services(params: SearchParams) -> SearchResult
    index_services(service_ids: Iterable[UUID]) -> None     # (re)index these services; call after every write
    remove_from_index(service_ids: Iterable[UUID]) -> None
    rebuild_index(progress: Callable[[int, int], None] | None = None) -> int

The backend is chosen from the database vendor. Text is normalised in Python (lower case, accents
removed) on both backends; see backends.py and thesaurus.py.

How a search runs (search_services):

1. ``check_params`` rejects impossible values (``InvalidSearch`` names the field).
2. The origin for distances: ``near``, else ``postcode`` (socialmap/geo.py), else the centroid of the
   ``neighbourhood`` filter. Unknown → a notice, no distance.
3. The question is expanded with the thesaurus into OR-groups of words plus life-domain hints.
4. ``backends.SearchQuery.run`` runs ONE statement that returns the ranked ids of the page, the total and
   every facet count (the text match runs once, materialised; see ``SearchQuery.sql``), then loads the
   page's services with their organisation (1 query) and life domains and target groups (2 prefetches).
   The number of queries does not depend on the page size: 4 (+ 1 for a postcode origin); 1 when the
   page is empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _


@dataclass
class SearchParams:
    text: str = ""
    life_domains: list[str] = field(default_factory=list)      # LifeDomain codes (any of)
    target_groups: list[str] = field(default_factory=list)     # TargetGroup codes (any of)
    age: int | None = None                                     # services whose age range includes this age
    municipality: str | None = None                            # CBS code: services offered there
    neighbourhood: int | None = None                           # Neighbourhood id: offered there (or whole municipality)
    open_on: int | None = None                                 # weekday 1 (Monday) .. 7 (Sunday)
    free: bool | None = None                                   # True: only free of charge
    access_type: str | None = None                             # "open" | "decision"
    provider_kinds: list[str] = field(default_factory=list)    # OrganisationKind values (any of)
    organisation_id: int | None = None
    postcode: str | None = None                                # origin for distance (resolved via geo.py)
    near: tuple[float, float] | None = None                    # origin (lat, lon), wins over postcode
    radius_km: float | None = None                             # only services with a location within radius
    modified_after: date | None = None
    include_unpublished: bool = False                          # professionals' maintenance views only
    page: int = 1
    per_page: int = 20
    with_facets: bool = True                                   # False saves the five facet queries


@dataclass
class Facet:
    code: str
    label: str
    count: int


@dataclass
class SearchResult:
    items: list                      # Service objects, each with .score (float) and .distance_km (float | None)
    total: int
    page: int
    per_page: int
    facets: dict[str, list[Facet]] = field(default_factory=dict)  # life_domains, target_groups, access_type, provider_kind, free
    origin: tuple[float, float] | None = None
    notices: list[str] = field(default_factory=list)               # e.g. "postcode unknown: no distance"
    life_domain_hints: list[str] = field(default_factory=list)     # life-domain codes the question is about


MAX_PER_PAGE = 100
MAX_TEXT = 200


class InvalidSearch(ValueError):
    """Search parameters that cannot be searched; ``problems`` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems.items()))


def check_params(params: SearchParams, *, check_references: bool = False) -> dict[str, str]:
    """What is wrong with the parameters, per field (English, for API clients); {} when all is well.

    Without ``check_references`` nothing is read from the database. With it, an unknown municipality
    code or neighbourhood id is a problem too (one query each, only when given).
    """
    from samenkracht.network.models import Municipality, Neighbourhood, OrganisationKind
    from samenkracht.network.validators import validate_municipality_code
    from samenkracht.socialmap import geo
    from samenkracht.socialmap.models import AccessType
    from samenkracht.socialmap.thesaurus import LIFE_DOMAIN_CODES, TARGET_GROUP_CODES

    problems: dict[str, str] = {}
    if len(params.text or "") > MAX_TEXT:
        problems["text"] = f"At most {MAX_TEXT} characters."
    unknown = [c for c in params.life_domains if c not in LIFE_DOMAIN_CODES]
    if unknown:
        problems["life_domains"] = f"Unknown life domain code(s): {', '.join(unknown)}."
    unknown = [c for c in params.target_groups if c not in TARGET_GROUP_CODES]
    if unknown:
        problems["target_groups"] = f"Unknown target group code(s): {', '.join(unknown)}."
    if params.age is not None and not 0 <= params.age <= 120:
        problems["age"] = "An age is a number from 0 to 120."
    if params.municipality is not None:
        try:
            validate_municipality_code(params.municipality)
        except Exception:  # noqa: BLE001 - ValidationError; the message below is the API's
            problems["municipality"] = f"Not a CBS municipality code (GM and four digits): {params.municipality!r}."
        else:
            if check_references and not Municipality.objects.filter(code=params.municipality).exists():
                problems["municipality"] = f"Unknown CBS municipality code {params.municipality!r}."
    if params.neighbourhood is not None:
        if params.neighbourhood < 1 or (
            check_references and not Neighbourhood.objects.filter(pk=params.neighbourhood).exists()
        ):
            problems["neighbourhood"] = f"Unknown neighbourhood {params.neighbourhood}."
    if params.open_on is not None and not 1 <= params.open_on <= 7:
        problems["open_on"] = "A weekday is 1 (Monday) to 7 (Sunday)."
    if params.access_type is not None and params.access_type not in AccessType.values:
        problems["access_type"] = f"Access type is one of: {', '.join(AccessType.values)}."
    unknown = [k for k in params.provider_kinds if k not in OrganisationKind.values]
    if unknown:
        problems["provider_kinds"] = f"Unknown provider kind(s): {', '.join(unknown)}."
    if params.postcode is not None and geo.parse_postcode(params.postcode) is None:
        problems["postcode"] = "A Dutch postcode is four digits, optionally followed by two letters (1271 AB)."
    if params.near is not None:
        latitude, longitude = params.near
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            problems["near"] = "Latitude is -90..90 and longitude -180..180."
    if params.radius_km is not None and not 0 < params.radius_km <= 500:
        problems["radius_km"] = "A radius is more than 0 and at most 500 km."
    if params.page < 1:
        problems["page"] = "Pages start at 1."
    if not 1 <= params.per_page <= MAX_PER_PAGE:
        problems["per_page"] = f"Between 1 and {MAX_PER_PAGE} results per page."
    return problems


def _origin(params: SearchParams, notices: list[str]):
    """The place distances are measured from (geo.Place or None); adds a notice when the resident gave a
    postcode we cannot place."""
    from samenkracht.socialmap import geo

    if params.near is not None:
        return geo.Place(float(params.near[0]), float(params.near[1]))
    if params.postcode:
        place = geo.locate_postcode(params.postcode)
        if place is None:
            notices.append(_("Postcode %(postcode)s is not known here, so results are not sorted by distance.")
                           % {"postcode": params.postcode.strip().upper()})
        return place
    if params.neighbourhood is not None:
        return geo.locate_neighbourhood(params.neighbourhood)
    return None


def search_services(params: SearchParams) -> SearchResult:
    """Search the social map. Reads only (the access log is not involved: no resident data here).

    Raises InvalidSearch for impossible parameters (see check_params; references are not checked here:
    an unknown municipality simply finds nothing).
    """
    from samenkracht.socialmap.search.backends import FACETS, Filters, SearchQuery, get_backend
    from samenkracht.socialmap.thesaurus import QueryPlan, expand_query

    problems = check_params(params)
    if problems:
        raise InvalidSearch(problems)
    notices: list[str] = []
    origin = _origin(params, notices)
    plan = expand_query(params.text) if (params.text or "").strip() else QueryPlan()
    if (params.text or "").strip() and plan.empty:
        notices.append(_("Your search only has very common words, so all services are shown."))
    if params.radius_km is not None and origin is None:
        notices.append(_("A maximum distance needs a postcode or a place to start from; it was not applied."))
    filters = Filters(
        life_domains=list(dict.fromkeys(params.life_domains)),
        target_groups=list(dict.fromkeys(params.target_groups)),
        age=params.age, municipality=params.municipality, neighbourhood=params.neighbourhood,
        open_on=params.open_on, free=params.free, access_type=params.access_type,
        provider_kinds=list(dict.fromkeys(params.provider_kinds)), organisation_id=params.organisation_id,
        radius_km=params.radius_km, modified_after=params.modified_after,
        include_unpublished=params.include_unpublished,
    )
    query = SearchQuery(get_backend(), filters, plan, origin)
    items, total, counts = query.run(params.page, params.per_page, with_facets=params.with_facets)
    facets: dict[str, list[Facet]] = {}
    if params.with_facets:
        selected = {
            "life_domains": set(filters.life_domains), "target_groups": set(filters.target_groups),
            "access_type": {params.access_type}, "provider_kind": set(filters.provider_kinds),
            "free": {None if params.free is None else ("true" if params.free else "false")},
        }
        for name in FACETS:
            facets[name] = [
                Facet(code=code, label=label, count=count)
                for code, label, count in counts[name]
                if count or code in selected[name]
            ]
    return SearchResult(
        items=items, total=total, page=params.page, per_page=params.per_page, facets=facets,
        origin=None if origin is None else origin.point,
        notices=notices, life_domain_hints=list(plan.life_domains),
    )


def _ids(service_ids: Iterable) -> list[UUID]:
    return list(dict.fromkeys(i if isinstance(i, UUID) else UUID(str(i)) for i in service_ids))


def index_services(service_ids: Iterable) -> None:
    """(Re)index these services; ids of services that no longer exist are removed from the index.

    Call after every write to a service (or its domains, groups, coverage, locations or provider name).
    Writes only the search tables; runs inside the caller's transaction when there is one.
    """
    from samenkracht.socialmap.search.backends import BATCH_SIZE, build_documents, get_backend

    ids = _ids(service_ids)
    backend = get_backend()
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start:start + BATCH_SIZE]
        with transaction.atomic():
            documents, missing = build_documents(batch)
            backend.store(documents)
            backend.delete(missing)


# Fields of network rows that go into the search documents (see backends.build_documents).
ORGANISATION_FIELDS = frozenset({"name"})
LOCATION_FIELDS = frozenset({"name", "city", "neighbourhood", "neighbourhood_id"})


def index_services_of(*, organisation_id: int | None = None, location_id: int | None = None,
                      changed: Iterable[str] | None = None) -> int:
    """Reindex the services of an organisation, or the services offered at a location, after the
    organisation or location was changed (their names are part of the search documents).

    ``changed``: the names of the fields that were changed; when none of them is in a document, nothing
    is done. Returns the number of services reindexed. Writes only the search tables. Called by
    network/services.py (update_organisation, update_location).
    """
    from samenkracht.socialmap.models import Service

    if organisation_id is not None:
        if changed is not None and not ORGANISATION_FIELDS & set(changed):
            return 0
        ids = list(Service.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True))
    elif location_id is not None:
        if changed is not None and not LOCATION_FIELDS & set(changed):
            return 0
        ids = list(Service.objects.filter(service_at_locations__location_id=location_id)
                   .values_list("pk", flat=True).distinct())
    else:
        return 0
    index_services(ids)
    return len(ids)


def remove_from_index(service_ids: Iterable) -> None:
    """Remove these services from the index (after deleting them). Writes only the search tables."""
    from samenkracht.socialmap.search.backends import BATCH_SIZE, get_backend

    ids = _ids(service_ids)
    backend = get_backend()
    for start in range(0, len(ids), BATCH_SIZE):
        backend.delete(ids[start:start + BATCH_SIZE])


def rebuild_index(progress: Callable[[int, int], None] | None = None) -> int:
    """Index every service again, in batches, and drop documents of deleted services. Returns the count.

    Each batch is its own transaction, so searches keep working during a rebuild (they see old documents
    for services not yet done) and SQLite writers are never blocked for long. ``progress(done, total)`` is
    called after every batch. Writes only the search tables.
    """
    from samenkracht.socialmap.models import Service
    from samenkracht.socialmap.search.backends import BATCH_SIZE, build_documents, get_backend

    backend = get_backend()
    total = Service.objects.count()
    done = 0
    last_id = None
    while True:
        # Keyset pagination on the primary key: constant cost per batch, also at 100,000 services.
        batch_query = Service.objects.order_by("pk").values_list("pk", flat=True)
        if last_id is not None:
            batch_query = batch_query.filter(pk__gt=last_id)
        batch = list(batch_query[:BATCH_SIZE])
        if not batch:
            break
        with transaction.atomic():
            documents, _missing = build_documents(batch)
            backend.store(documents)
        done += len(documents)
        last_id = batch[-1]
        if progress is not None:
            progress(done, max(total, done))
    with transaction.atomic():
        backend.purge_orphans()
    backend.optimise()
    return done


__all__ = ["SearchParams", "SearchResult", "Facet", "InvalidSearch", "check_params", "search_services",
           "index_services_of",
           "index_services", "remove_from_index", "rebuild_index", "UUID"]
