"""Reads for volunteer lists, details, matching and figures, each in a fixed number of queries.

Lists of volunteers are personal data: callers check the actor first (volunteers.access) and log the list
as one SEARCH entry with the number of rows (`log_list`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from samenkracht.network.models import Neighbourhood
from samenkracht.privacy.models import AccessEvent
from samenkracht.socialmap.geo import distance_km, parse_postcode
from samenkracht.socialmap.models import LifeDomain, PostcodeCentroid
from samenkracht.volunteers import access
from samenkracht.volunteers.models import (
    ALL_SLOTS,
    DayPart,
    HoursEntry,
    MatchStatus,
    Volunteer,
    VolunteerMatch,
    VolunteerPool,
    VolunteerStatus,
    slot_bit,
)
from samenkracht.socialmap.models import Weekday

# Referral statuses in which the receiving side deploys a volunteer.
MATCHABLE_REFERRAL_STATUSES = ("accepted", "in_progress")


# --- Pools ----------------------------------------------------------------------------------------


def pools(*, organisation_ids=None, active_only: bool = False) -> QuerySet[VolunteerPool]:
    """Pools with their counts (no personal data), one query."""
    queryset = VolunteerPool.objects.select_related("organisation", "municipality").annotate(
        active_count=Count("volunteers", filter=Q(volunteers__status=VolunteerStatus.ACTIVE), distinct=True),
        volunteer_count=Count("volunteers", filter=~Q(volunteers__status=VolunteerStatus.LEFT), distinct=True),
    ).order_by("organisation__name", "name", "id")
    if organisation_ids is not None:
        queryset = queryset.filter(organisation_id__in=organisation_ids)
    if active_only:
        queryset = queryset.filter(active=True)
    return queryset


def my_pools(actor) -> QuerySet[VolunteerPool]:
    """Pools of the organisations the actor works for in any role."""
    organisation_ids = set(getattr(actor, "organisation_ids", set()) or set()) | access.seeing_organisation_ids(actor)
    return pools(organisation_ids=organisation_ids)


def get_pool(pk: int) -> VolunteerPool:
    pool = VolunteerPool.objects.select_related("organisation", "municipality").filter(pk=pk).first()
    if pool is None:
        raise Http404
    return pool


# --- Volunteers -----------------------------------------------------------------------------------


@dataclass
class VolunteerFilters:
    status: str = ""
    domain: str = ""
    language: str = ""
    neighbourhood: int | None = None
    weekday: int | None = None
    part: int | None = None
    free_only: bool = False


def _running() -> Count:
    return Count("matches", filter=Q(matches__status=MatchStatus.ACTIVE), distinct=True)


def volunteers(pool: VolunteerPool, filters: VolunteerFilters | None = None) -> list[Volunteer]:
    """The pool's volunteers with skills, neighbourhoods and running matches: three queries.

    Status, life domain, neighbourhood, day-part and free capacity filter in SQL; language (a JSON list,
    not portably searchable) is filtered on the fetched rows.
    """
    filters = filters or VolunteerFilters()
    queryset = Volunteer.objects.filter(pool=pool).annotate(running=_running()).prefetch_related(
        Prefetch("skills", queryset=LifeDomain.objects.order_by("position")),
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.order_by("name")),
    ).order_by("id")
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    else:
        queryset = queryset.exclude(status=VolunteerStatus.LEFT)
    if filters.domain:
        queryset = queryset.filter(skills__code=filters.domain)
    if filters.neighbourhood:
        queryset = queryset.filter(neighbourhoods__pk=filters.neighbourhood)
    if filters.weekday and filters.part is not None:
        queryset = queryset.annotate(slot=F("availability").bitand(slot_bit(filters.weekday, filters.part))).filter(
            slot__gt=0)
    if filters.free_only:
        queryset = queryset.filter(running__lt=F("capacity"))
    rows = list(queryset.distinct())
    if filters.language:
        rows = [v for v in rows if filters.language.lower() in (v.languages or [])]
    return rows


def get_volunteer(pk: int) -> Volunteer:
    volunteer = Volunteer.objects.select_related("pool", "pool__organisation", "pool__municipality").annotate(
        running=_running()).filter(pk=pk).first()
    if volunteer is None:
        raise Http404
    return volunteer


def volunteer_page(actor, pk: int, *, purpose: str = "volunteer details") -> tuple[Volunteer, list[VolunteerMatch]]:
    """One volunteer and their matches (hours summed), read and logged; PermissionDenied is logged too."""
    volunteer = get_volunteer(pk)
    access.require_see(actor, volunteer.pool, subject_type="volunteer", subject_id=volunteer.pk, purpose=purpose)
    matches = list(VolunteerMatch.objects.filter(volunteer=volunteer).select_related("referral").annotate(
        total_hours=Sum("hours__hours")).order_by("-started_on", "-id"))
    return volunteer, matches


def log_list(actor, pool: VolunteerPool, count: int, *, purpose: str) -> None:
    access.record(actor, pool, event=AccessEvent.SEARCH, subject_type="volunteer", subject_id=f"{count} rows",
                  purpose=purpose)


def availability_slots(mask: int) -> list[tuple[int, int]]:
    return [(day, part) for day, part in ALL_SLOTS if mask & slot_bit(day, part)]


def availability_label(mask: int) -> str:
    labels = [f"{Weekday(day).label} {DayPart(part).label}" for day, part in availability_slots(mask)]
    return ", ".join(labels) if labels else "—"


# --- Matches and hours ----------------------------------------------------------------------------


def get_match(pk: int) -> VolunteerMatch:
    match = VolunteerMatch.objects.select_related(
        "volunteer", "volunteer__pool", "volunteer__pool__organisation", "volunteer__pool__municipality", "referral",
    ).annotate(total_hours=Sum("hours__hours")).filter(pk=pk).first()
    if match is None:
        raise Http404
    return match


def match_hours(match: VolunteerMatch) -> list[HoursEntry]:
    return list(HoursEntry.objects.filter(match=match).order_by("-date", "-id"))


def pool_matches(pool: VolunteerPool, *, running_only: bool = False) -> list[VolunteerMatch]:
    """Matches of a pool with their volunteer and hours: one query."""
    queryset = VolunteerMatch.objects.filter(volunteer__pool=pool).select_related("volunteer", "referral").annotate(
        total_hours=Sum("hours__hours")).order_by("-started_on", "-id")
    if running_only:
        queryset = queryset.filter(status=MatchStatus.ACTIVE)
    return list(queryset)


def assignable_referrals(actor) -> list:
    """Accepted or running referrals to the pools the actor coordinates, with their running matches:
    two queries. This is the coordinator's list of "deploy a volunteer"."""
    from samenkracht.volunteers import referral_link

    organisation_ids = access.managing_organisation_ids(actor)
    if not organisation_ids:
        return []
    return referral_link.referrals_to_pools(organisation_ids, MATCHABLE_REFERRAL_STATUSES)


# --- Matching -------------------------------------------------------------------------------------


@dataclass
class Needs:
    """What the resident needs, as far as the referral shares it or the coordinator enters it."""

    domains: set[str] = field(default_factory=set)
    origin: tuple[float, float] | None = None
    origin_label: str = ""
    availability: int = 0
    language: str = ""


@dataclass
class Candidate:
    volunteer: Volunteer
    score: float
    distance: float | None
    domain_fit: list[str]
    overlap: int
    running: int
    reasons: list[str]
    warnings: list[str]


def _area_points(rows: list[Volunteer]) -> dict[int, tuple[float, float]]:
    """Where each volunteer lives (roughly): their PC4 centre, else their neighbourhoods' centre. Two queries."""
    pc4s = {v.postcode_area for v in rows if v.postcode_area}
    centroids = {c.pc4: (c.latitude, c.longitude) for c in PostcodeCentroid.objects.filter(pc4__in=pc4s)}
    missing = pc4s - set(centroids)
    if missing:
        query = Q()
        for pc4 in missing:
            query |= Q(postcode__startswith=pc4)
        by_pc4: dict[str, list[tuple[float, float]]] = {}
        for postcode, lat, lon in Neighbourhood.objects.filter(query, latitude__isnull=False,
                                                               longitude__isnull=False).values_list(
                "postcode", "latitude", "longitude"):
            by_pc4.setdefault(postcode[:4], []).append((lat, lon))
        for pc4, points in by_pc4.items():
            centroids[pc4] = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    points: dict[int, tuple[float, float]] = {}
    for volunteer in rows:
        if volunteer.postcode_area in centroids:
            points[volunteer.pk] = centroids[volunteer.postcode_area]
            continue
        located = [(n.latitude, n.longitude) for n in volunteer.neighbourhoods.all()
                   if n.latitude is not None and n.longitude is not None]
        if located:
            points[volunteer.pk] = (sum(p[0] for p in located) / len(located),
                                    sum(p[1] for p in located) / len(located))
    return points


def origin_for(postcode: str = "", neighbourhood: Neighbourhood | None = None) -> tuple[float, float] | None:
    from samenkracht.socialmap.geo import locate_neighbourhood, origin_for_postcode

    if postcode and parse_postcode(postcode):
        point = origin_for_postcode(postcode)
        if point is not None:
            return point
    if neighbourhood is not None:
        place = locate_neighbourhood(neighbourhood.pk)
        return None if place is None else place.point
    return None


def rank_volunteers(pool: VolunteerPool, needs: Needs) -> tuple[list[Candidate], list[Candidate]]:
    """Active volunteers of the pool ranked by life-domain fit, distance and availability overlap.

    Returns (ranked, at capacity): those already at capacity are left out of the ranking and listed apart
    so the coordinator sees why. Score: 3 per matching life domain, up to 2 for availability overlap (share
    of the wanted day-parts), up to 2 for distance (2 at 0 km, 0 from 20 km), 1 for the wanted language;
    ties by distance, then fewer running matches, then registration order. A fixed number of queries.
    """
    rows = volunteers(pool, VolunteerFilters(status=VolunteerStatus.ACTIVE))
    points = _area_points(rows) if needs.origin is not None else {}
    domain_names = dict(LifeDomain.objects.values_list("code", "name"))
    wanted_slots = bin(needs.availability).count("1")
    ranked, full = [], []
    for volunteer in rows:
        reasons, warnings = [], []
        skills = {d.code for d in volunteer.skills.all()}
        fit = sorted(needs.domains & skills)
        score = 3.0 * len(fit)
        if needs.domains:
            if fit:
                reasons.append(_("Life domains: %(names)s") % {"names": ", ".join(domain_names.get(c, c) for c in fit)})
            else:
                warnings.append(_("No matching life domain"))
        overlap = bin(needs.availability & volunteer.availability).count("1")
        if wanted_slots:
            score += 2.0 * overlap / wanted_slots
            if overlap:
                reasons.append(_("Available on %(count)s of the %(total)s wanted day-parts") % {
                    "count": overlap, "total": wanted_slots})
            else:
                warnings.append(_("Not available at the wanted times"))
        distance = None
        if needs.origin is not None:
            point = points.get(volunteer.pk)
            if point is None:
                warnings.append(_("Distance unknown (no postcode area or neighbourhood)"))
            else:
                distance = distance_km(needs.origin, point)
                score += max(0.0, 2.0 * (1 - distance / 20.0))
                reasons.append(_("About %(km)s km away") % {"km": f"{distance:.1f}".replace(".", ",")})
                if volunteer.max_distance_km is not None and distance > volunteer.max_distance_km:
                    warnings.append(_("Further than the %(km)s km the volunteer wants to travel") % {
                        "km": volunteer.max_distance_km})
        if needs.language:
            if needs.language in (volunteer.languages or []):
                score += 1.0
                reasons.append(_("Speaks the wanted language"))
            else:
                warnings.append(_("Does not speak the wanted language"))
        candidate = Candidate(volunteer=volunteer, score=round(score, 3), distance=distance, domain_fit=fit,
                              overlap=overlap, running=volunteer.running, reasons=reasons, warnings=warnings)
        if volunteer.running >= volunteer.capacity:
            candidate.warnings = [_("At capacity: %(running)s of %(capacity)s matches running") % {
                "running": volunteer.running, "capacity": volunteer.capacity}]
            full.append(candidate)
        else:
            ranked.append(candidate)
    ranked.sort(key=lambda c: (-c.score, c.distance if c.distance is not None else 10**6, c.running,
                               c.volunteer.pk))
    return ranked, full


# --- Figures --------------------------------------------------------------------------------------


def volunteer_figures(municipality_ids, start: date, end: date) -> list[dict]:
    """Per organisation and municipality: volunteers active during [start, end], hours recorded and
    matches started in that period. Aggregates only, no personal data; three queries.

    A volunteer counts as active in the period when they became active on or before `end` (rows without that
    date: active or leaving and registered by then) and had not left before `start`.
    """
    municipality_ids = list(municipality_ids)
    became_active = Q(active_since__isnull=False, active_since__lte=end) | Q(  # rows without the date: registration
        active_since__isnull=True, status__in=[VolunteerStatus.ACTIVE, VolunteerStatus.LEAVING], registered_on__lte=end)
    active = Volunteer.objects.filter(municipality_id__in=municipality_ids).filter(became_active).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)).values(
        "pool__organisation_id", "pool__organisation__name", "municipality_id", "municipality__name",
    ).annotate(n=Count("id"))
    hours = HoursEntry.objects.filter(
        municipality_id__in=municipality_ids, date__gte=start, date__lte=end,
    ).values("match__volunteer__pool__organisation_id", "municipality_id").annotate(total=Sum("hours"))
    started = VolunteerMatch.objects.filter(
        municipality_id__in=municipality_ids, started_on__gte=start, started_on__lte=end,
    ).values("volunteer__pool__organisation_id", "municipality_id").annotate(n=Count("id"))
    rows: dict[tuple[int, int], dict] = {}
    for row in active:
        key = (row["pool__organisation_id"], row["municipality_id"])
        rows[key] = {"organisation_id": key[0], "organisation": row["pool__organisation__name"],
                     "municipality_id": key[1], "municipality": row["municipality__name"],
                     "active_volunteers": row["n"], "hours": Decimal("0"), "matches_started": 0}
    missing = set()
    for row in hours:
        key = (row["match__volunteer__pool__organisation_id"], row["municipality_id"])
        rows.setdefault(key, None)
        if rows[key] is None:
            missing.add(key)
            rows[key] = {"organisation_id": key[0], "municipality_id": key[1], "active_volunteers": 0,
                         "hours": Decimal("0"), "matches_started": 0}
        rows[key]["hours"] = row["total"] or Decimal("0")
    for row in started:
        key = (row["volunteer__pool__organisation_id"], row["municipality_id"])
        if rows.get(key) is None:
            missing.add(key)
            rows[key] = {"organisation_id": key[0], "municipality_id": key[1], "active_volunteers": 0,
                         "hours": Decimal("0"), "matches_started": 0}
        rows[key]["matches_started"] = row["n"]
    if missing:  # names for organisations with hours but no active volunteer in the period (rare)
        from samenkracht.network.models import Municipality, Organisation

        organisations = dict(Organisation.objects.filter(pk__in={k[0] for k in missing}).values_list("pk", "name"))
        municipalities = dict(Municipality.objects.filter(pk__in={k[1] for k in missing}).values_list("pk", "name"))
        for key in missing:
            rows[key]["organisation"] = organisations.get(key[0], "")
            rows[key]["municipality"] = municipalities.get(key[1], "")
    return sorted(rows.values(), key=lambda r: (r["municipality"], r["organisation"], r["organisation_id"]))

