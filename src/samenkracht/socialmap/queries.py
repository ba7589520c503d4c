"""Reads of the social map for the maintenance pages and the API, with a fixed number of queries.

Who sees what (the social map holds no resident data, but unpublished entries are work in progress):
- everyone, also without an account: published services that are active or temporarily closed;
- everyone in the network (any role, or a token that may read): every published service;
- the organisation's maintainers (coordinator, functional administrator, its socialmap:write token):
  also its drafts, services awaiting review and services sent back;
- reviewers (functional administrators, policy officers, socialmap:review tokens): everything.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from samenkracht.network.models import Organisation
from samenkracht.network.permissions import Actor
from samenkracht.socialmap.models import (
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    ServiceCoverage,
    stale_before,
)


def maintained_organisation_ids(actor: Actor) -> set[int]:
    """Organisations whose services the actor maintains (not counting functional administrators' reach)."""
    ids = set(getattr(actor, "coordinated_organisation_ids", set()))
    own = getattr(actor, "organisation_id", None)  # a token acts for its own organisation
    if own is not None and actor.can_maintain_services(Organisation(pk=own)):
        ids.add(own)
    return ids


def can_read_services(actor: Actor) -> bool:
    """May use the professional view and the API list (any role in the network, or a social map token)."""
    return bool(actor.can_view_network or actor.can_review_services or maintained_organisation_ids(actor))


def with_details(services: QuerySet) -> QuerySet:
    """Everything a detail page or API answer shows, in a fixed number of queries."""
    return services.select_related("organisation", "assurer").prefetch_related(
        "life_domains",
        "target_groups",
        Prefetch("coverage", queryset=ServiceCoverage.objects.select_related("municipality", "neighbourhood")),
        Prefetch("service_at_locations",
                 queryset=ServiceAtLocation.objects.select_related("location", "location__municipality")
                 .order_by("location__name")),
        Prefetch("schedules", queryset=Schedule.objects.order_by("weekday", "opens_at")),
    )


def visible_services(actor: Actor) -> QuerySet:
    """The services this actor may see at all (see the module docstring)."""
    services = Service.objects.all()
    if actor.can_review_services:
        return services
    shown = Q(pk__in=Service.objects.visible_to_residents().values("pk"))
    if can_read_services(actor):
        shown |= Q(publication=Publication.PUBLISHED)
    own = maintained_organisation_ids(actor)
    if own:
        shown |= Q(organisation_id__in=own)
    return services.filter(shown)


def can_see(actor: Actor, service: Service) -> bool:
    return visible_services(actor).filter(pk=service.pk).exists()


def service_list(actor: Actor, *, organisation_id: int | None = None, publication: str | None = None,
                 stale: bool | None = None) -> QuerySet:
    services = with_details(visible_services(actor)).order_by("name", "id")
    if organisation_id is not None:
        services = services.filter(organisation_id=organisation_id)
    if publication:
        services = services.filter(publication=publication)
    if stale is True:
        services = services.filter(pk__in=Service.objects.stale().values("pk"))
    elif stale is False:
        services = services.exclude(pk__in=Service.objects.stale().values("pk"))
    return services


def dashboard_services(organisation: Organisation) -> list[Service]:
    """The organisation's services: stale ones first (longest unconfirmed first), then by name."""
    services = list(
        Service.objects.filter(organisation=organisation).select_related("assurer").prefetch_related("life_domains")
        .order_by("name", "id")
    )
    limit = stale_before()
    stale = sorted((s for s in services if s.assured_date is None or s.assured_date < limit),
                   key=lambda s: (s.assured_date is not None, s.assured_date))
    current = [s for s in services if not (s.assured_date is None or s.assured_date < limit)]
    return stale + current


def review_queue() -> QuerySet:
    return (Service.objects.filter(publication=Publication.PENDING_REVIEW)
            .select_related("organisation").prefetch_related("life_domains").order_by("last_modified", "id"))


def recent_changes(days: int = 30, limit: int = 100) -> QuerySet:
    """Changes to published services in the last ``days`` days, newest first (for reviewers)."""
    since = timezone.now() - timedelta(days=days)
    return (ServiceChange.objects.filter(changed_at__gte=since, service__publication=Publication.PUBLISHED)
            .select_related("service", "service__organisation", "changed_by")
            .order_by("-changed_at", "-id")[:limit])


def history(service: Service) -> QuerySet:
    return service.changes.select_related("changed_by").order_by("-changed_at", "-id")
