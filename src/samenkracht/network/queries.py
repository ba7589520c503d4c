"""Reads of the partner network, shaped for lists and detail pages with a fixed number of queries.

The network holds no resident data, so any actor that may view the network reads all of it.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from samenkracht.network.models import (
    Location,
    Municipality,
    Neighbourhood,
    Organisation,
    Region,
    ServiceArea,
    Team,
    TeamMember,
)


def municipalities(*, q: str | None = None, include_inactive: bool = False) -> QuerySet[Municipality]:
    qs = Municipality.objects.all()
    if not include_inactive:
        qs = qs.filter(active=True)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return qs.annotate(organisation_count=Count("service_areas__organisation", distinct=True)).order_by("name")


def regions() -> QuerySet[Region]:
    return Region.objects.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    )


def neighbourhoods(*, municipality: Municipality | None = None) -> QuerySet[Neighbourhood]:
    qs = Neighbourhood.objects.select_related("municipality")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs


def organisations(
    *,
    kind: str | None = None,
    serves: Municipality | None = None,
    q: str | None = None,
    association_id: int | None = None,
) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("municipality").prefetch_related(
        "associations",
        Prefetch(
            "service_areas",
            queryset=ServiceArea.objects.select_related("municipality", "neighbourhood").order_by(
                "municipality__name"
            ),
        ),
    )
    if kind:
        qs = qs.filter(kind=kind)
    if serves is not None:
        qs = qs.filter(pk__in=ServiceArea.objects.filter(municipality=serves).values("organisation_id"))
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if association_id:
        qs = qs.filter(associations__id=association_id)
    return qs.order_by("name")


def organisation_detail(pk: int) -> Organisation:
    return (
        organisations()
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.select_related("municipality")),
            Prefetch("teams", queryset=Team.objects.select_related("municipality")),
        )
        .get(pk=pk)
    )


def overlap(selected: list[Organisation]) -> QuerySet[Municipality]:
    """Municipalities that every selected organisation serves (whole or in part)."""
    ids = {o.pk for o in selected}
    return (
        Municipality.objects.filter(service_areas__organisation__in=ids)
        .annotate(served_by=Count("service_areas__organisation", distinct=True))
        .filter(served_by=len(ids))
        .order_by("name")
    )


def locations(*, municipality: Municipality | None = None) -> QuerySet[Location]:
    qs = Location.objects.select_related("municipality", "neighbourhood").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name"))
    )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs


def teams(*, municipality: Municipality | None = None, kind: str | None = None) -> QuerySet[Team]:
    qs = Team.objects.select_related("municipality", "location").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("name")),
        Prefetch("members", queryset=TeamMember.objects.select_related("user", "organisation")),
    )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if kind:
        qs = qs.filter(kind=kind)
    return qs
