"""REST API of volunteers under /api/v1/volunteers/.

- Pools (no personal data): any token with a network scope, or a households scope.
- Volunteers are personal data: a token with `households:read` (list) or `households:write` (register,
  change, deploy, hours) acting `X-On-Behalf-Of` a person of its own organisation, who must be a
  professional or coordinator (reads) or a coordinator (writes) of the pool's organisation. Every read,
  write and refusal is logged (subject "volunteer", "volunteer_match", "volunteer_hours").
- Bad input is 422 naming the field, with nothing saved; a volunteer at capacity is 422 on `volunteer`.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from samenkracht.network.models import Neighbourhood
from samenkracht.pagination import Pagination
from samenkracht.privacy.models import AccessEvent
from samenkracht.socialmap.models import LifeDomain
from samenkracht.volunteers import access, queries, referral_link, services
from samenkracht.volunteers.models import DayPart, PoolKind, VolunteerStatus, slot_bit

router = Router(tags=["volunteers"])

PART_NAMES = {"morning": DayPart.MORNING, "afternoon": DayPart.AFTERNOON, "evening": DayPart.EVENING}
PART_CODES = {value: name for name, value in PART_NAMES.items()}


class Error(Schema):
    detail: str


class Slot(Schema):
    weekday: int = Field(ge=1, le=7, description="1 = Monday … 7 = Sunday")
    part: Literal["morning", "afternoon", "evening"]


class PoolOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    organisation: int
    organisation_name: str
    municipality: str
    active: bool
    active_volunteers: int


class VolunteerOut(Schema):
    id: int
    pool: int
    status: str
    given_name: str
    family_name: str
    phone: str
    email: str
    notes: str
    skills: list[str]
    languages: list[str]
    neighbourhoods: list[int]
    postcode_area: str
    max_distance_km: int | None
    availability: list[Slot]
    capacity: int
    running_matches: int
    registered_on: dt.date
    active_since: dt.date | None
    leaving_on: dt.date | None
    left_on: dt.date | None


class VolunteerIn(Schema):
    given_name: str = Field(max_length=100)
    family_name: str = Field(max_length=100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    notes: str = Field("", max_length=2000)
    skills: list[str] = Field(default_factory=list, description="Life-domain codes (see the social map).")
    languages: list[str] = Field(default_factory=list)
    neighbourhoods: list[int] = Field(default_factory=list)
    postcode_area: str = Field("", max_length=7)
    max_distance_km: int | None = None
    availability: list[Slot] = Field(default_factory=list)
    capacity: int = 1
    status: Literal["registered", "active"] = "registered"


class VolunteerPatch(Schema):
    given_name: str | None = Field(None, max_length=100)
    family_name: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    notes: str | None = Field(None, max_length=2000)
    skills: list[str] | None = None
    languages: list[str] | None = None
    neighbourhoods: list[int] | None = None
    postcode_area: str | None = Field(None, max_length=7)
    max_distance_km: int | None = None
    availability: list[Slot] | None = None
    capacity: int | None = None
    status: Literal["active", "leaving", "left"] | None = Field(None, description="A status change.")
    status_on: dt.date | None = Field(None, description="The date of the status change (default today).")


class MatchIn(Schema):
    referral: int
    volunteer: int
    started_on: dt.date | None = None
    note: str = Field("", max_length=1000)


class MatchOut(Schema):
    id: int
    referral: int
    volunteer: int
    status: str
    started_on: dt.date
    ended_on: dt.date | None


class HoursIn(Schema):
    date: dt.date
    hours: Decimal
    note: str = Field("", max_length=500)


class HoursOut(Schema):
    id: int
    match: int
    date: dt.date
    hours: Decimal


def _pool_out(pool) -> dict:
    return {"id": pool.pk, "name": pool.name, "kind": pool.kind, "description": pool.description,
            "organisation": pool.organisation_id, "organisation_name": pool.organisation.name,
            "municipality": pool.municipality.code, "active": pool.active,
            "active_volunteers": getattr(pool, "active_count", 0)}


def _mask(slots) -> int:
    mask = 0
    for slot in slots or []:
        mask |= slot_bit(slot.weekday, PART_NAMES[slot.part])
    return mask


def _slots(mask: int) -> list[dict]:
    return [{"weekday": day, "part": PART_CODES[part]} for day, part in queries.availability_slots(mask)]


def _volunteer_out(volunteer) -> dict:
    running = getattr(volunteer, "running", None)
    return {
        "id": volunteer.pk, "pool": volunteer.pool_id, "status": volunteer.status,
        "given_name": volunteer.given_name, "family_name": volunteer.family_name, "phone": volunteer.phone,
        "email": volunteer.email, "notes": volunteer.notes,
        "skills": [d.code for d in volunteer.skills.all()], "languages": volunteer.languages or [],
        "neighbourhoods": [n.pk for n in volunteer.neighbourhoods.all()],
        "postcode_area": volunteer.postcode_area, "max_distance_km": volunteer.max_distance_km,
        "availability": _slots(volunteer.availability), "capacity": volunteer.capacity,
        "running_matches": running if running is not None else volunteer.running_matches_count(),
        "registered_on": volunteer.registered_on, "active_since": volunteer.active_since,
        "leaving_on": volunteer.leaving_on, "left_on": volunteer.left_on,
    }


def _skills(codes):
    if codes is None:
        return None
    found = list(LifeDomain.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {d.code for d in found})
    if unknown:
        raise ValidationError({"skills": f"Unknown life domain: {', '.join(unknown)}."})
    return found


def _neighbourhoods(ids):
    if ids is None:
        return None
    found = list(Neighbourhood.objects.filter(pk__in=ids))
    unknown = sorted(set(ids) - {n.pk for n in found})
    if unknown:
        raise ValidationError({"neighbourhoods": f"Unknown neighbourhood: {', '.join(map(str, unknown))}."})
    return found


def _reader(request):
    actor = request.auth
    if not access.seeing_organisation_ids(actor):
        raise PermissionDenied("Volunteers are personal data: this needs households:read and X-On-Behalf-Of a "
                               "professional or coordinator of the pool's organisation.")
    return actor


def _writer(request):
    actor = request.auth
    if not access.managing_organisation_ids(actor):
        raise PermissionDenied("Changing volunteers needs households:write and X-On-Behalf-Of a coordinator of "
                               "the pool's organisation.")
    return actor


@router.get("/pools", response=list[PoolOut], summary="Volunteer pools (no personal data)")
@paginate(Pagination)
def list_pools(request, organisation: int | None = None, kind: PoolKind | None = None, active: bool | None = None):
    if not access.can_view_pools(request.auth):
        raise PermissionDenied("This token may not read the network (network:read).")
    rows = queries.pools(organisation_ids=None if organisation is None else [organisation])
    if kind:
        rows = rows.filter(kind=kind)
    if active is not None:
        rows = rows.filter(active=active)
    return [_pool_out(pool) for pool in rows]


@router.get("/pools/{pool_id}/volunteers", response=list[VolunteerOut],
            summary="Volunteers of a pool (personal data, logged)")
@paginate(Pagination)
def list_volunteers(request, pool_id: int, status: VolunteerStatus | None = None, domain: str = "",
                    language: str = ""):
    actor = _reader(request)
    pool = queries.get_pool(pool_id)
    access.require_see(actor, pool, subject_type="volunteer", subject_id=f"pool {pool.pk}",
                       purpose="volunteers of pool (API)", event=AccessEvent.SEARCH)
    rows = queries.volunteers(pool, queries.VolunteerFilters(status=status or "", domain=domain,
                                                             language=language.strip().lower()))
    queries.log_list(actor, pool, len(rows), purpose="volunteers of pool (API)")
    return [_volunteer_out(v) for v in rows]


@router.post("/pools/{pool_id}/volunteers", response={201: VolunteerOut, 403: Error, 404: Error, 422: dict},
             summary="Register a volunteer")
def create_volunteer(request, pool_id: int, payload: VolunteerIn):
    actor = _writer(request)
    pool = queries.get_pool(pool_id)
    data = payload.dict()
    data["availability"] = _mask(payload.availability)
    data["skills"] = _skills(payload.skills)
    data["neighbourhoods"] = _neighbourhoods(payload.neighbourhoods)
    volunteer = services.register_volunteer(actor, pool, **data)
    return Status(201, _volunteer_out(queries.get_volunteer(volunteer.pk)))


@router.patch("/volunteers/{volunteer_id}", response={200: VolunteerOut, 403: Error, 404: Error, 422: dict},
              summary="Change a volunteer (and their status: active, leaving, left)")
def update_volunteer(request, volunteer_id: int, payload: VolunteerPatch):
    actor = _writer(request)
    volunteer = queries.get_volunteer(volunteer_id)
    data = payload.dict(exclude_unset=True)
    status, status_on = data.pop("status", None), data.pop("status_on", None)
    if "availability" in data:
        data["availability"] = _mask(payload.availability)
    skills = _skills(data.pop("skills", None))
    neighbourhoods = _neighbourhoods(data.pop("neighbourhoods", None))
    for name in ("phone", "email", "notes", "postcode_area"):
        if name in data and data[name] is None:
            data[name] = ""
    if data or skills is not None or neighbourhoods is not None:
        services.update_volunteer(actor, volunteer, skills=skills, neighbourhoods=neighbourhoods, **data)
    if status:
        services.change_status(actor, volunteer, status=status, on=status_on)
    if not (data or skills is not None or neighbourhoods is not None or status):
        access.require_see(actor, volunteer.pool, subject_type="volunteer", subject_id=volunteer.pk,
                           purpose="volunteer (API)")
    return _volunteer_out(queries.get_volunteer(volunteer.pk))


@router.post("/matches", response={201: MatchOut, 403: Error, 404: Error, 422: dict},
             summary="Deploy a volunteer for an accepted referral to their pool")
def create_match(request, payload: MatchIn):
    actor = _writer(request)
    referral = referral_link.get_referral(payload.referral)
    volunteer = queries.get_volunteer(payload.volunteer)
    match = services.create_match(actor, referral, volunteer, started_on=payload.started_on, note=payload.note)
    return Status(201, {"id": match.pk, "referral": match.referral_id, "volunteer": match.volunteer_id,
                        "status": match.status, "started_on": match.started_on, "ended_on": match.ended_on})


@router.post("/matches/{match_id}/hours", response={201: HoursOut, 403: Error, 404: Error, 422: dict},
             summary="Record a volunteer's hours on a match")
def create_hours(request, match_id: int, payload: HoursIn):
    actor = _writer(request)
    match = queries.get_match(match_id)
    entry = services.record_hours(actor, match, date=payload.date, hours=payload.hours, note=payload.note)
    return Status(201, {"id": entry.pk, "match": entry.match_id, "date": entry.date, "hours": entry.hours})
