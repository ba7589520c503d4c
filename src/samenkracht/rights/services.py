"""Every write of rights: one function per use case, one transaction each, the actor checked first.

- ``register_request`` / ``advance_request``  rights requests (AVG art. 15-18): received → in progress →
  carried out | refused (with a reason); the deadline is one month after receipt (art. 12(3)).
- ``subject_access`` / ``subject_access_pdf``  inzage: everything the registered collectors hold about a
  person, including who accessed the file and when; logged as an EXPORT before anything is collected.
- ``correct_person``  correction (art. 16) with history: each changed field leaves a Correction row with the
  old and new value (encrypted); the person is validated by the plans model's own rules.
- ``restrict`` / ``lift_restriction``  restriction (art. 18): the household's data stays stored, but the
  write services of plans and front door refuse (``ensure_not_restricted``).
- ``erase``  erasure (art. 17): deletes the person or the whole household with everything that cascades,
  keeps a Tombstone without personal data and an access-log entry.

Access: a professional (or a token with households:* acting for one) with a relation to the household,
through ``privacy.policy.require_household``; refusals are logged. Writes by tokens need households:write.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenkracht.network.models import Membership, Organisation
from samenkracht.plans.models import Household, Person
from samenkracht.privacy import log, policy
from samenkracht.privacy.models import AccessEvent
from samenkracht.rights import registry
from samenkracht.rights.models import (
    FINAL,
    NEXT_STATES,
    Correction,
    ErasureCause,
    ReceivedVia,
    RequestKind,
    RequestStatus,
    RightsRequest,
    Tombstone,
)

PERSON_FIELDS = ("given_name", "family_name", "date_of_birth", "phone", "email", "bsn")
HOUSEHOLD_FIELDS = ("address", "postcode")
CORRECTABLE = PERSON_FIELDS + HOUSEHOLD_FIELDS
SENSITIVE = {"bsn"}


# --- Restriction guard (called by the write services of plans and the front door) ---------------------


class Restricted(ValidationError):
    """The household's processing is restricted (AVG art. 18): nothing may be changed until it is lifted."""


def is_restricted(household) -> bool:
    return household is not None and household.restricted_at is not None


def ensure_not_restricted(household) -> None:
    """Refuse a write to a restricted household with a clear message. `household` may be None (no-op)."""
    if household is None:
        return
    restricted_at = Household.objects.filter(pk=household.pk).values_list("restricted_at", flat=True).first()
    if restricted_at is not None:
        raise Restricted(_(
            "Processing of this household's data is restricted at the resident's request (AVG article 18) "
            "since %(date)s. The data is kept but may not be changed until the restriction is lifted on the "
            "page 'Rights of the resident'.") % {"date": timezone.localtime(restricted_at).strftime("%d-%m-%Y")})


# --- Helpers ------------------------------------------------------------------------------------------


def _is_token(actor) -> bool:
    return getattr(actor, "token", None) is not None


def organisation_of(actor) -> Organisation | None:
    user = policy.acting_professional(actor)
    if user is None:
        return None
    if _is_token(actor):
        return actor.token.organisation
    membership = Membership.objects.filter(user=user, active=True, role__in=policy.CARE_ROLES).select_related(
        "organisation").order_by("id").first()
    return membership.organisation if membership else None


def _check(actor, household: Household, *, event: str, purpose: str, write: bool = True) -> policy.Relation:
    if write and _is_token(actor) and "households:write" not in set(actor.scopes):
        log.record_denied(actor, event=event, subject_type="household", subject_id=household.pk,
                          municipality_id=household.municipality_id, purpose=f"{purpose} (no households:write)",
                          organisation=actor.token.organisation)
        raise PermissionDenied(_("This token may not change resident data (scope households:write)."))
    return policy.require_household(actor, household, event=event, purpose=purpose)


def _record(actor, *, event, subject_type, subject_id, municipality_id, purpose, detail="") -> None:
    log.record(actor, event=event, subject_type=subject_type, subject_id=subject_id,
               municipality_id=municipality_id, purpose=purpose, organisation=organisation_of(actor), detail=detail)


def _choice(value, choices, name: str, errors: dict) -> str:
    if value not in choices.values:
        errors[name] = _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}
        return ""
    return value


# --- Rights requests ----------------------------------------------------------------------------------


def register_request(actor, household: Household, *, kind: str, received_via: str, received_at=None,
                     person: Person | None = None) -> RightsRequest:
    purpose = "register rights request"
    _check(actor, household, event=AccessEvent.CREATE, purpose=purpose)
    errors: dict = {}
    kind = _choice(kind, RequestKind, "kind", errors)
    received_via = _choice(received_via, ReceivedVia, "received_via", errors)
    if received_at in (None, ""):
        received_at = timezone.now()
    elif isinstance(received_at, date) and not isinstance(received_at, datetime):
        received_at = timezone.make_aware(datetime.combine(received_at, datetime.min.time().replace(hour=12)))
    elif isinstance(received_at, datetime) and timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if person is not None and person.household_id != household.pk:
        errors["person"] = _("This person is not a member of the household.")
    if errors:
        raise ValidationError(errors)
    user = policy.acting_professional(actor)
    rights_request = RightsRequest(
        municipality_id=household.municipality_id, organisation=organisation_of(actor), household=household,
        household_number=household.pk, person=person, kind=kind, received_via=received_via,
        received_at=received_at, registered_by=user)
    rights_request.full_clean(exclude=["deadline", "organisation", "registered_by"])
    with transaction.atomic():
        rights_request.save()
        _record(actor, event=AccessEvent.CREATE, subject_type="household", subject_id=household.pk,
                municipality_id=household.municipality_id, purpose=f"{purpose}: {kind}",
                detail=f"rights_request:{rights_request.pk}")
    return rights_request


def _check_request(actor, rights_request: RightsRequest, *, event: str, purpose: str, write: bool = True) -> None:
    """A request of an existing household: the relation decides. After erasure (no household any more):
    the professionals of the organisation handling it."""
    if rights_request.household_id:
        _check(actor, rights_request.household, event=event, purpose=purpose, write=write)
        return
    organisation = organisation_of(actor)
    allowed = organisation is not None and organisation.pk == rights_request.organisation_id and not (
        write and _is_token(actor) and "households:write" not in set(actor.scopes))
    log.record(actor, event=event, subject_type="rights_request", subject_id=rights_request.pk,
               municipality_id=rights_request.municipality_id, purpose=purpose,
               outcome="allowed" if allowed else "denied", organisation=organisation)
    if not allowed:
        raise PermissionDenied(_("This rights request is handled by another organisation."))


def advance_request(actor, rights_request: RightsRequest, *, status: str, refusal_reason: str = "") -> RightsRequest:
    """Move a request on: received → in progress → carried out | refused (reason required)."""
    purpose = "handle rights request"
    _check_request(actor, rights_request, event=AccessEvent.UPDATE, purpose=purpose)
    allowed = NEXT_STATES.get(rights_request.status, [])
    if status not in allowed:
        names = ", ".join(str(RequestStatus(s).label) for s in allowed) or _("none (the request is final)")
        raise ValidationError({"status": _("This step is not possible now; possible next steps: %(next)s.")
                               % {"next": names}})
    if status == RequestStatus.CARRIED_OUT and rights_request.kind == RequestKind.ERASURE:
        raise ValidationError({"status": _("An erasure request is carried out with 'Carry out the erasure', "
                                           "which deletes the data and records what was erased.")})
    reason = (refusal_reason or "").strip()
    if status == RequestStatus.REFUSED and not reason:
        raise ValidationError({"refusal_reason": _("Give the reason for refusing the request.")})
    if len(reason) > 2000:
        raise ValidationError({"refusal_reason": _("Use at most %(max)d characters (now %(length)d).")
                               % {"max": 2000, "length": len(reason)}})
    with transaction.atomic():
        _set_status(actor, rights_request, status, reason if status == RequestStatus.REFUSED else "")
        _record(actor, event=AccessEvent.UPDATE, subject_type="rights_request", subject_id=rights_request.pk,
                municipality_id=rights_request.municipality_id, purpose=f"{purpose}: {status}")
    return rights_request


def _set_status(actor, rights_request: RightsRequest, status: str, reason: str = "") -> None:
    rights_request.status = status
    rights_request.handled_by = policy.acting_professional(actor)
    rights_request.refusal_reason = reason
    rights_request.completed_at = timezone.now() if status in FINAL else None
    rights_request.save(update_fields=["status", "handled_by", "refusal_reason", "completed_at"])


def _open_request(rights_request: RightsRequest | None, kind: str, household: Household) -> None:
    if rights_request is None:
        return
    if rights_request.kind != kind or not rights_request.is_open or rights_request.household_id != household.pk:
        raise ValidationError({"request": _("Choose an open %(kind)s request of this household.")
                               % {"kind": RequestKind(kind).label}})


# --- Subject access -------------------------------------------------------------------------------------


def subject_access(actor, person: Person, *, fmt: str = "json") -> dict:
    """Everything held about the person, logged as an export (also a refusal) before it is collected."""
    _check(actor, person.household, event=AccessEvent.EXPORT, purpose=f"subject access (inzage) {fmt}",
           write=False)
    with translation.override("nl"):
        sections = registry.collect(person)
        return {
            "title": _("Everything Samenkracht holds about person %(number)s") % {"number": person.pk},
            "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "person": person.pk, "household": person.household_id,
            "sections": sections,
        }


def subject_access_pdf(actor, person: Person) -> bytes:
    from samenkracht.rights.pdf import render

    return render(subject_access(actor, person, fmt="pdf"))


# --- Correction -----------------------------------------------------------------------------------------


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def correct_person(actor, person: Person, *, changes: dict, rights_request: RightsRequest | None = None,
                   ) -> list[Correction]:
    """Correct a person's name, date of birth, contact details, BSN or the household's address.

    Only fields that really change are written; each leaves a Correction (old and new value encrypted).
    Allowed while processing is restricted: correcting is what a restriction often waits for."""
    household = person.household
    purpose = "correction (AVG art. 16)"
    _check(actor, household, event=AccessEvent.UPDATE, purpose=purpose)
    errors: dict = {}
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        errors["__all__"] = _("These fields cannot be corrected here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))}
    _open_request(rights_request, RequestKind.CORRECTION, household)
    clean: dict = {}
    for name, new in changes.items():
        if name in unknown:
            continue
        if isinstance(new, str):
            new = new.strip()
        if name == "date_of_birth" and new not in (None, "") and not isinstance(new, date):
            try:
                new = date.fromisoformat(str(new))
            except ValueError:
                errors[name] = _("Enter a valid date (YYYY-MM-DD).")
                continue
        if name == "bsn" and isinstance(new, str):
            new = new.replace(" ", "").replace(".", "")
        if name == "email" and new:
            try:
                validate_email(new)
            except ValidationError:
                errors[name] = _("Enter a valid e-mail address.")
                continue
        if name in ("given_name", "family_name") and not new:
            errors[name] = _("This field is required.")
            continue
        target = household if name in HOUSEHOLD_FIELDS else person
        old = getattr(target, name)
        if (old or None) != (new or None):
            clean[name] = (old, new or (None if name == "date_of_birth" else ""))
    if errors:
        raise ValidationError(errors)
    if not clean:
        raise ValidationError({"__all__": _("Nothing was changed: the values are the same as before.")})
    for name, (_old, new) in clean.items():
        setattr(household if name in HOUSEHOLD_FIELDS else person, name, new)
    try:
        person.full_clean(exclude=["household", "municipality"])
        if set(clean) & set(HOUSEHOLD_FIELDS):
            household.full_clean(exclude=["municipality", "neighbourhood", "holding_team", "holding_organisation"])
    except ValidationError:
        person.refresh_from_db()
        household.refresh_from_db()
        raise
    user = policy.acting_professional(actor)
    with transaction.atomic():
        person.save()
        if set(clean) & set(HOUSEHOLD_FIELDS):
            household.save(update_fields=[n for n in clean if n in HOUSEHOLD_FIELDS])
        rows = Correction.objects.bulk_create([
            Correction(person=person, municipality_id=person.municipality_id, field=name, old_value=_shown(old),
                       new_value=_shown(new), by=user, request=rights_request)
            for name, (old, new) in clean.items()])
        _record(actor, event=AccessEvent.UPDATE, subject_type="person", subject_id=person.pk,
                municipality_id=person.municipality_id, purpose=purpose, detail="fields:" + ",".join(sorted(clean)))
        if rights_request is not None:
            _set_status(actor, rights_request, RequestStatus.CARRIED_OUT)
    return rows


def correction_history(person: Person) -> list[Correction]:
    """For pages that have checked the relation already."""
    return list(Correction.objects.filter(person=person).select_related("by", "request"))


# --- Restriction ----------------------------------------------------------------------------------------


def restrict(actor, household: Household, *, reason: str, rights_request: RightsRequest | None = None) -> Household:
    purpose = "restriction of processing (AVG art. 18)"
    _check(actor, household, event=AccessEvent.UPDATE, purpose=purpose)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the restriction (for example: the resident "
                                           "contests the accuracy of the data).")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Use at most %(max)d characters (now %(length)d).")
                               % {"max": 500, "length": len(reason)}})
    if household.restricted_at is not None:
        raise ValidationError(_("Processing of this household's data is already restricted."))
    _open_request(rights_request, RequestKind.RESTRICTION, household)
    with transaction.atomic():
        household.restricted_at = timezone.now()
        household.restriction_reason = reason
        household.save(update_fields=["restricted_at", "restriction_reason"])
        _record(actor, event=AccessEvent.UPDATE, subject_type="household", subject_id=household.pk,
                municipality_id=household.municipality_id, purpose=purpose, detail="restricted")
        if rights_request is not None:
            _set_status(actor, rights_request, RequestStatus.CARRIED_OUT)
    return household


def lift_restriction(actor, household: Household) -> Household:
    purpose = "restriction of processing lifted"
    _check(actor, household, event=AccessEvent.UPDATE, purpose=purpose)
    if household.restricted_at is None:
        raise ValidationError(_("Processing of this household's data is not restricted."))
    with transaction.atomic():
        household.restricted_at = None
        household.restriction_reason = ""
        household.save(update_fields=["restricted_at", "restriction_reason"])
        _record(actor, event=AccessEvent.UPDATE, subject_type="household", subject_id=household.pk,
                municipality_id=household.municipality_id, purpose=purpose, detail="restriction lifted")
    return household


# --- Erasure --------------------------------------------------------------------------------------------


def delete_with_cascade(obj, *, owner_field: str = "household_id", owner_id=None) -> dict[str, int]:
    """Delete `obj` and everything that cascades from it. Rows of other apps that PROTECT a cascaded row but
    belong to the same household (``owner_field`` = ``owner_id``) are deleted first. Returns counts per model."""
    counts: dict[str, int] = {}
    for _attempt in range(10):
        try:
            _total, per_model = obj.delete()
        except ProtectedError as error:
            blockers = [o for o in error.protected_objects if getattr(o, owner_field, None) == owner_id]
            if owner_id is None or len(blockers) != len(error.protected_objects):
                raise
            for blocker in blockers:
                if not type(blocker).objects.filter(pk=blocker.pk).exists():
                    continue  # deleted already with an earlier blocker
                more = delete_with_cascade(blocker, owner_field=owner_field, owner_id=owner_id)
                for label, number in more.items():
                    counts[label] = counts.get(label, 0) + number
            continue
        for label, number in per_model.items():
            counts[label] = counts.get(label, 0) + number
        return {label: n for label, n in sorted(counts.items()) if n}
    raise ProtectedError("records of other apps protect this household", set())


def erase(actor, rights_request: RightsRequest, *, scope: str = "household") -> Tombstone:
    """Carry out an erasure request: the person (scope "person", the request's person) or the whole
    household with everything of every app that cascades from it. Leaves a tombstone (request, date, kinds
    and counts of records) and an access-log entry; access-log entries themselves stay (ids, no personal data)."""
    purpose = "erasure (AVG art. 17)"
    if rights_request.household_id is None:
        raise ValidationError(_("The household of this request no longer exists."))
    household = rights_request.household
    _check(actor, household, event=AccessEvent.DELETE, purpose=purpose)
    if rights_request.kind != RequestKind.ERASURE or not rights_request.is_open:
        raise ValidationError({"request": _("Only an open erasure request can be carried out.")})
    if scope not in ("household", "person"):
        raise ValidationError({"scope": _("Choose what to erase: the person or the whole household.")})
    if scope == "person" and rights_request.person_id is None:
        raise ValidationError({"scope": _("This request names no person; erase the household or register the "
                                          "request for one person.")})
    with transaction.atomic():
        if scope == "person":
            person = rights_request.person
            subject_type, subject_id = "person", person.pk
            counts = delete_with_cascade(person, owner_field="person_id", owner_id=person.pk)
        else:
            subject_type, subject_id = "household", household.pk
            counts = delete_with_cascade(household, owner_id=household.pk)
        tombstone = Tombstone.objects.create(
            municipality_id=rights_request.municipality_id, cause=ErasureCause.REQUEST, request=rights_request,
            subject_type=subject_type, subject_id=subject_id, counts=counts)
        if scope == "household":
            rights_request.household = None
        rights_request.person = None
        rights_request.save(update_fields=["household", "person"])
        _set_status(actor, rights_request, RequestStatus.CARRIED_OUT)
        _record(actor, event=AccessEvent.DELETE, subject_type=subject_type, subject_id=subject_id,
                municipality_id=rights_request.municipality_id, purpose=purpose,
                detail=f"rights_request:{rights_request.pk}:tombstone:{tombstone.pk}")
    return tombstone


__all__ = [
    "Restricted", "is_restricted", "ensure_not_restricted", "register_request", "advance_request",
    "subject_access", "subject_access_pdf", "correct_person", "correction_history", "restrict",
    "lift_restriction", "erase", "CORRECTABLE",
]
