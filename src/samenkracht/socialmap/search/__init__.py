"""One search interface for the social map, two backends (PostgreSQL full-text, SQLite FTS5).

CONTRACT (used by the web pages, /api/v1 and /api/hsds; implemented in this package):

    search_services(params: SearchParams) -> SearchResult
    index_services(service_ids: Iterable[UUID]) -> None     # (re)index these services; call after every write
    remove_from_index(service_ids: Iterable[UUID]) -> None
    rebuild_index(progress: Callable[[int, int], None] | None = None) -> int

The backend is chosen from the database vendor. Text is normalised in Python (lower case, accents
removed) on both backends; see backends.py and thesaurus.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID


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


def search_services(params: SearchParams) -> SearchResult:  # pragma: no cover - replaced by the implementation
    raise NotImplementedError


def index_services(service_ids) -> None:  # pragma: no cover - replaced by the implementation
    raise NotImplementedError


def remove_from_index(service_ids) -> None:  # pragma: no cover - replaced by the implementation
    raise NotImplementedError


def rebuild_index(progress=None) -> int:  # pragma: no cover - replaced by the implementation
    raise NotImplementedError


__all__ = ["SearchParams", "SearchResult", "Facet", "search_services", "index_services", "remove_from_index",
           "rebuild_index", "UUID"]
