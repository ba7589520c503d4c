"""Every read of the front door goes through the access policy and is written to the access log.

Lists (the worklists) come from ``policy.visible_help_requests`` and are logged once per list as a
SEARCH with the number of rows; a single request is opened with ``policy.require_help_request`` (READ),
which also logs a refusal. The number of queries of a list does not grow with its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from samenkracht.frontdoor.models import HelpRequest, RequestStatus, Triage, Urgency
from samenkracht.network.models import Membership, Team, TeamKind, TeamMember
from samenkracht.plans.models import Household
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessEvent
from samenkracht.socialmap.models import AccessType, LifeDomain, Service


@dataclass
class WorklistSummary:
    total: int
    crises: int
    overdue: int
    due_today: int


def end_of_today(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time.min)) - timedelta(microseconds=1)


def teams_of(actor) -> list[TeamMember]:
    """The teams the acting professional is a member of (with the organisation they are there for)."""
    user = policy.acting_professional(actor)
    if user is None:
        return []
    return list(TeamMember.objects.filter(user=user).select_related("team__municipality", "organisation")
                .order_by("team__name", "team_id"))


def open_requests(actor, *, team: Team | None = None) -> QuerySet:
    """New (not yet triaged) requests the actor may see: crises first, then by triage due date, oldest first."""
    requests = policy.visible_help_requests(actor).filter(status=RequestStatus.NEW)
    if team is not None:
        requests = requests.filter(team=team)
    return (
        requests.annotate(crisis_rank=Case(When(urgency=Urgency.CRISIS, then=Value(0)), default=Value(1),
                                           output_field=IntegerField()))
        .select_related("team", "neighbourhood", "municipality")
        .prefetch_related(Prefetch("life_domains", queryset=LifeDomain.objects.order_by("position")))
        .order_by("crisis_rank", "triage_due_at", "registered_at", "pk")
    )


def summarise(requests: QuerySet, now: datetime | None = None) -> WorklistSummary:
    now = now or timezone.now()
    figures = requests.order_by().aggregate(
        total=Count("pk"),
        crises=Count("pk", filter=Q(urgency=Urgency.CRISIS)),
        overdue=Count("pk", filter=Q(triage_due_at__lt=now)),
        due_today=Count("pk", filter=Q(triage_due_at__gte=now, triage_due_at__lte=end_of_today(now))),
    )
    return WorklistSummary(**figures)


def worklist(actor, *, team: Team | None = None, now: datetime | None = None) -> tuple[QuerySet, WorklistSummary]:
    """The worklist of a professional (every team they are in, and requests of households they relate to),
    or of one of their teams. Logged once as a search; PermissionDenied for a team they are not in."""
    user = policy.acting_professional(actor)
    if user is None:
        policy.log_search(actor, subject_type="help_request", municipality_id=team.municipality_id if team else None,
                          purpose="front-door worklist", count=0)
        raise PermissionDenied(gettext("Only professionals have a worklist."))
    if team is not None and not TeamMember.objects.filter(team=team, user=user).exists():
        policy.log_search(actor, subject_type="help_request", municipality_id=team.municipality_id,
                          purpose=f"front-door worklist of team {team.pk} (not a member)", count=0)
        raise PermissionDenied(gettext("You are not a member of this team."))
    requests = open_requests(actor, team=team)
    summary = summarise(requests, now)
    policy.log_search(actor, subject_type="help_request", municipality_id=team.municipality_id if team else None,
                      purpose=f"front-door worklist of team {team.pk}" if team else "front-door worklist",
                      count=summary.total)
    return requests, summary


def waiting(help_request: HelpRequest, now: datetime | None = None) -> timedelta:
    return (now or timezone.now()) - help_request.registered_at


def help_request_for(actor, pk: int, *, purpose: str = "open help request",
                     event: str = AccessEvent.READ) -> HelpRequest:
    """One request, read through the policy (logged; a refusal too). 404 when it does not exist."""
    help_request = (
        HelpRequest.objects.select_related("team__municipality", "neighbourhood", "municipality", "household",
                                           "registered_by", "registered_organisation")
        .prefetch_related(Prefetch("life_domains", queryset=LifeDomain.objects.order_by("position")))
        .filter(pk=pk).first()
    )
    if help_request is None:
        raise Http404
    policy.require_help_request(actor, help_request, event=event, purpose=purpose)
    return help_request


def triage_of(help_request: HelpRequest) -> Triage | None:
    return (Triage.objects.select_related("professional_a", "organisation_a", "professional_b", "organisation_b",
                                          "service").filter(help_request=help_request).first())


def household_for(actor, household: Household, *, purpose: str) -> Household | None:
    """The household with its members when the actor has a relation with it (logged either way), else None."""
    try:
        policy.require_household(actor, household, event=AccessEvent.READ, purpose=purpose)
    except PermissionDenied:
        return None
    return Household.objects.select_related("neighbourhood", "holding_team").prefetch_related("members").get(
        pk=household.pk)


def triage_partners(help_request: HelpRequest, user) -> QuerySet:
    """Members of the request's team from another organisation than the acting professional's there."""
    own = TeamMember.objects.filter(team_id=help_request.team_id, user=user).values("organisation_id")
    return _care_members(help_request.team_id).exclude(user=user).exclude(organisation_id__in=own)


def team_professionals(help_request: HelpRequest) -> QuerySet:
    return _care_members(help_request.team_id)


def _care_members(team_id: int) -> QuerySet:
    works_there = Membership.objects.filter(user=OuterRef("user"), organisation=OuterRef("organisation"),
                                            active=True, role__in=policy.CARE_ROLES)
    return (TeamMember.objects.filter(Exists(works_there), team_id=team_id, user__is_active=True)
            .select_related("user", "organisation").order_by("user__full_name", "pk"))


def open_access_services(municipality_id: int) -> QuerySet:
    """Published services that need no municipal decision and are offered in the municipality."""
    return (Service.objects.visible_to_residents().filter(access_type=AccessType.OPEN,
                                                          coverage__municipality_id=municipality_id)
            .select_related("organisation").distinct().order_by("name"))


def access_points() -> QuerySet:
    return Team.objects.filter(kind=TeamKind.ACCESS_POINT).select_related("municipality").order_by(
        "municipality__name", "name")
