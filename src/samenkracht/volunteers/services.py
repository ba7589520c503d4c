"""Every write to volunteer pools, volunteers, matches and hours: one function per use case.

Each function checks the actor first (volunteers.access: the pool organisation's coordinators; a refusal
is logged before any transaction opens), validates with the model's full_clean (so the web form, the API
and the demo builder give the same message), and writes in one transaction together with its access-log
entry (subject "volunteer", "volunteer_match" or "volunteer_hours"; ids only, never names).

Capacity: a volunteer has at most `capacity` running matches. The check runs inside the transaction with
the volunteer's row locked (select_for_update on PostgreSQL; SQLite transactions are BEGIN IMMEDIATE, so
writers queue), so two coordinators cannot both fill the last place.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.network.models import Organisation
from samenkracht.privacy.models import AccessEvent
from samenkracht.volunteers import access
from samenkracht.volunteers.models import (
    AVAILABILITY_FULL,
    Volunteer,
    VolunteerPool,
    VolunteerStatus,
)

POOL_FIELDS = ("name", "kind", "description", "active")
VOLUNTEER_FIELDS = ("given_name", "family_name", "phone", "email", "notes", "languages", "postcode_area",
                    "max_distance_km", "availability", "capacity")
# Status changes a coordinator may make: from -> allowed next statuses.
STATUS_TRANSITIONS = {
    VolunteerStatus.REGISTERED: (VolunteerStatus.ACTIVE, VolunteerStatus.LEFT),
    VolunteerStatus.ACTIVE: (VolunteerStatus.LEAVING, VolunteerStatus.LEFT),
    VolunteerStatus.LEAVING: (VolunteerStatus.ACTIVE, VolunteerStatus.LEFT),
    VolunteerStatus.LEFT: (),
}


def _changed(instance, data: dict, names) -> list[str]:
    changed = []
    for name in names:
        if name in data and getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed.append(name)
    return changed


# --- Pools ----------------------------------------------------------------------------------------


def create_pool(actor, *, organisation: Organisation, municipality, name: str, kind: str,
                description: str = "", active: bool = True) -> VolunteerPool:
    if not access.can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("Only the coordinators of an organisation manage its volunteer pools."))
    pool = VolunteerPool(organisation=organisation, municipality=municipality, name=name, kind=kind,
                         description=description or "", active=active)
    pool.full_clean()
    with transaction.atomic():
        pool.save()
    return pool


def update_pool(actor, pool: VolunteerPool, **data) -> VolunteerPool:
    if not access.can_manage_pool(actor, pool):
        raise PermissionDenied(_("Only the coordinators of an organisation manage its volunteer pools."))
    changed = _changed(pool, data, POOL_FIELDS)
    pool.full_clean()
    if changed:
        with transaction.atomic():
            pool.save(update_fields=changed)
    return pool


# --- Volunteers -----------------------------------------------------------------------------------


def _clean_availability(value) -> int:
    try:
        value = int(value or 0)
    except (TypeError, ValueError):
        raise ValidationError({"availability": _("Availability is a set of weekly day-parts.")}) from None
    if value < 0 or value > AVAILABILITY_FULL:
        raise ValidationError({"availability": _("Availability is a set of weekly day-parts.")})
    return value


def _normalise(volunteer: Volunteer) -> None:
    """Keep only the four digits of a postcode (a full postcode is more than the distance needs)."""
    from samenkracht.socialmap.geo import parse_postcode

    value = (volunteer.postcode_area or "").strip()
    pc4 = parse_postcode(value) if value else ""
    # An invalid value keeps at most 4 characters, so the model's own message (not a length error) reports it.
    volunteer.postcode_area = pc4 if pc4 is not None else (value[:3] if len(value) >= 4 else value)


def _set_relations(volunteer: Volunteer, skills, neighbourhoods) -> list[str]:
    changed = []
    if skills is not None:
        volunteer.skills.set(skills)
        changed.append("skills")
    if neighbourhoods is not None:
        volunteer.neighbourhoods.set(neighbourhoods)
        changed.append("neighbourhoods")
    return changed


def _check_neighbourhoods(pool: VolunteerPool, neighbourhoods) -> None:
    if neighbourhoods and any(n.municipality_id != pool.municipality_id for n in neighbourhoods):
        raise ValidationError({"neighbourhoods": _("Choose neighbourhoods in the municipality of the pool.")})


def register_volunteer(actor, pool: VolunteerPool, *, skills=None, neighbourhoods=None, **data) -> Volunteer:
    """A new volunteer in the pool, with status registered (or active when asked)."""
    access.require_manage(actor, pool, subject_type="volunteer", subject_id="new", purpose="register volunteer",
                          event=AccessEvent.CREATE)
    if not pool.active:
        raise ValidationError({"pool": _("This pool is closed; it takes no new volunteers.")})
    status = data.pop("status", VolunteerStatus.REGISTERED) or VolunteerStatus.REGISTERED
    if status not in (VolunteerStatus.REGISTERED, VolunteerStatus.ACTIVE):
        raise ValidationError({"status": _("A new volunteer is registered or active.")})
    volunteer = Volunteer(pool=pool, municipality_id=pool.municipality_id, status=status)
    _changed(volunteer, data, VOLUNTEER_FIELDS + ("registered_on",))
    volunteer.availability = _clean_availability(volunteer.availability)
    _normalise(volunteer)
    if status == VolunteerStatus.ACTIVE:
        volunteer.active_since = volunteer.registered_on or timezone.localdate()
    neighbourhoods = list(neighbourhoods) if neighbourhoods is not None else None
    _check_neighbourhoods(pool, neighbourhoods)
    volunteer.full_clean()
    with transaction.atomic():
        volunteer.save()
        _set_relations(volunteer, skills, neighbourhoods)
        access.record(actor, pool, event=AccessEvent.CREATE, subject_type="volunteer", subject_id=volunteer.pk,
                      purpose="register volunteer")
    return volunteer


def update_volunteer(actor, volunteer: Volunteer, *, skills=None, neighbourhoods=None, **data) -> Volunteer:
    pool = volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer", subject_id=volunteer.pk,
                          purpose="change volunteer", event=AccessEvent.UPDATE)
    if volunteer.status == VolunteerStatus.LEFT:
        raise ValidationError({"status": _("This volunteer has left; their data can no longer be changed.")})
    changed = _changed(volunteer, data, VOLUNTEER_FIELDS)
    volunteer.availability = _clean_availability(volunteer.availability)
    _normalise(volunteer)
    neighbourhoods = list(neighbourhoods) if neighbourhoods is not None else None
    _check_neighbourhoods(pool, neighbourhoods)
    volunteer.full_clean()
    if "capacity" in changed:
        running = volunteer.running_matches_count()
        if volunteer.capacity < running:
            raise ValidationError({"capacity": _(
                "This volunteer has %(count)s running matches; the capacity cannot be lower.") % {"count": running}})
    with transaction.atomic():
        volunteer.updated_at = timezone.now()
        volunteer.save()
        changed += _set_relations(volunteer, skills, neighbourhoods)
        access.record(actor, pool, event=AccessEvent.UPDATE, subject_type="volunteer", subject_id=volunteer.pk,
                      purpose="change volunteer", detail=("fields: " + ", ".join(changed)) if changed else "")
    return volunteer


def change_status(actor, volunteer: Volunteer, *, status: str, on: date | None = None) -> Volunteer:
    """registered → active → leaving → left (or left at once); leaving may turn back to active."""
    pool = volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer", subject_id=volunteer.pk,
                          purpose="change volunteer status", event=AccessEvent.UPDATE)
    allowed = STATUS_TRANSITIONS.get(volunteer.status, ())
    if status not in allowed:
        labels = ", ".join(str(VolunteerStatus(s).label) for s in allowed) or "—"
        raise ValidationError({"status": _("From %(current)s the status can become: %(allowed)s.") % {
            "current": VolunteerStatus(volunteer.status).label, "allowed": labels}})
    on = on or timezone.localdate()
    if status == VolunteerStatus.LEFT and volunteer.running_matches_count():
        raise ValidationError({"status": _("End this volunteer's running matches before they leave.")})
    if status == VolunteerStatus.ACTIVE:
        if volunteer.status == VolunteerStatus.REGISTERED or volunteer.active_since is None:
            volunteer.active_since = on
        volunteer.leaving_on = None
    elif status == VolunteerStatus.LEAVING:
        volunteer.leaving_on = on
    elif status == VolunteerStatus.LEFT:
        volunteer.left_on = on
    previous = volunteer.status
    volunteer.status = status
    volunteer.full_clean()
    with transaction.atomic():
        volunteer.updated_at = timezone.now()
        volunteer.save()
        access.record(actor, pool, event=AccessEvent.UPDATE, subject_type="volunteer", subject_id=volunteer.pk,
                      purpose="change volunteer status", detail=f"status: {previous} -> {status}")
    return volunteer


def parse_hours(value) -> Decimal:
    try:
        hours = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("Enter the number of hours, for example 1.5.")}) from None
    return hours


# --- Matches --------------------------------------------------------------------------------------


def _user(actor):
    return getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)


def create_match(actor, referral, volunteer: Volunteer, *, started_on: date | None = None,
                 note: str = "") -> "VolunteerMatch":
    """Deploy a volunteer for an accepted (or running) referral to their pool.

    Refused with a clear message and nothing changed when the referral is not for this pool, is not
    accepted or running, its basis for sharing is no longer valid, the volunteer is not active, already
    supports this referral, or is at capacity. An accepted referral moves to in progress.
    """
    from samenkracht.volunteers import referral_link
    from samenkracht.volunteers.models import MatchStatus, VolunteerMatch

    pool = volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer_match", subject_id=f"referral {referral.pk}",
                          purpose="deploy volunteer", event=AccessEvent.CREATE)
    if referral.target_kind != "volunteer_pool" or referral.target_pool_id != pool.pk:
        raise ValidationError({"volunteer": _("This referral is not for the pool of this volunteer.")})
    if referral.status not in ("accepted", "in_progress"):
        raise ValidationError({"referral": _(
            "A volunteer is deployed only for an accepted or running referral (this one is %(status)s).") % {
            "status": referral.get_status_display()}})
    if not referral.basis_is_valid():
        raise ValidationError({"referral": _("The basis for sharing of this referral is no longer valid.")})
    match = VolunteerMatch(referral=referral, volunteer=volunteer, municipality_id=pool.municipality_id,
                           started_on=started_on or timezone.localdate(), note=note or "", created_by=_user(actor))
    match.full_clean(exclude=["referral", "volunteer", "municipality", "created_by"])
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if locked.status != VolunteerStatus.ACTIVE:
            raise ValidationError({"volunteer": _("Only an active volunteer can be deployed (this one is %(status)s).")
                                   % {"status": locked.get_status_display()}})
        if VolunteerMatch.objects.filter(referral=referral, volunteer=locked, status=MatchStatus.ACTIVE).exists():
            raise ValidationError({"volunteer": _("This volunteer already supports this resident.")})
        running = VolunteerMatch.objects.filter(volunteer=locked, status=MatchStatus.ACTIVE).count()
        if running >= locked.capacity:
            raise ValidationError({"volunteer": _(
                "This volunteer is at capacity: %(running)s of %(capacity)s matches are running. End a match or "
                "raise the capacity first.") % {"running": running, "capacity": locked.capacity}})
        match.save()
        access.record(actor, pool, event=AccessEvent.CREATE, subject_type="volunteer_match", subject_id=match.pk,
                      purpose="deploy volunteer", detail=f"referral {referral.pk}, volunteer {volunteer.pk}")
        referral_link.mark_started(actor, referral)
    return match


def end_match(actor, match, *, ended_on: date | None = None) -> "VolunteerMatch":
    from samenkracht.volunteers.models import MatchStatus

    pool = match.volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer_match", subject_id=match.pk, purpose="end match",
                          event=AccessEvent.UPDATE)
    if match.status != MatchStatus.ACTIVE:
        raise ValidationError({"status": _("This match has already ended.")})
    match.status = MatchStatus.ENDED
    match.ended_on = ended_on or timezone.localdate()
    match.full_clean(exclude=["referral", "volunteer", "municipality", "created_by"])
    with transaction.atomic():
        match.save(update_fields=["status", "ended_on"])
        access.record(actor, pool, event=AccessEvent.UPDATE, subject_type="volunteer_match", subject_id=match.pk,
                      purpose="end match")
    return match


# --- Hours ----------------------------------------------------------------------------------------


def record_hours(actor, match, *, date: date, hours, note: str = "") -> "HoursEntry":
    """Hours of one day on a match: more than 0 and at most 24, not in the future, within the match."""
    from samenkracht.volunteers.models import HoursEntry

    pool = match.volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer_hours", subject_id=f"match {match.pk}",
                          purpose="record hours", event=AccessEvent.CREATE)
    entry = HoursEntry(match=match, municipality_id=match.municipality_id, date=date, hours=parse_hours(hours),
                       note=note or "", created_by=_user(actor))
    entry.full_clean(exclude=["match", "municipality", "created_by"])
    day_total = sum(HoursEntry.objects.filter(match__volunteer_id=match.volunteer_id, date=date).values_list(
        "hours", flat=True), Decimal("0"))
    if day_total + entry.hours > Decimal("24"):
        raise ValidationError({"hours": _("This volunteer already has %(hours)s hours on this day; a day has 24.")
                               % {"hours": day_total}})
    with transaction.atomic():
        entry.save()
        access.record(actor, pool, event=AccessEvent.CREATE, subject_type="volunteer_hours", subject_id=entry.pk,
                      purpose="record hours", detail=f"match {match.pk}")
    return entry
