"""Use cases of the privacy officer: reviewing emergency accesses. Reads for the pages are here too.

Privacy officers see no personal data: an emergency access is shown with who used it (professional and
organisation), when, until when, the reason the professional gave, the household's record id, and the
access-log entries of that professional for that household during the access window.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from samenkracht.network.models import Membership, Role
from samenkracht.privacy import log
from samenkracht.privacy.models import AccessEvent, AccessLogEntry, EmergencyAccess, ReviewOutcome


def officer_municipality_ids(user) -> set[int]:
    """Municipalities a privacy officer works for: the home municipalities of their organisations."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        Membership.objects.filter(user=user, active=True, role=Role.PRIVACY_OFFICER,
                                  organisation__municipality__isnull=False)
        .values_list("organisation__municipality_id", flat=True)
    )


def _officer_organisation(user, municipality_id: int):
    membership = (Membership.objects.filter(user=user, active=True, role=Role.PRIVACY_OFFICER,
                                            organisation__municipality_id=municipality_id)
                  .select_related("organisation").first())
    return membership.organisation if membership else None


def require_officer(user, municipality_id: int | None = None) -> set[int]:
    """The officer's municipalities; PermissionDenied when not a privacy officer (of this municipality)."""
    municipalities = officer_municipality_ids(user)
    if not municipalities or (municipality_id is not None and municipality_id not in municipalities):
        raise PermissionDenied(gettext("Only a privacy officer of this municipality may review emergency access."))
    return municipalities


# --- Reads ----------------------------------------------------------------------------------------


def emergency_accesses(municipality_ids):
    """Emergency accesses of these municipalities, unreviewed first, newest first."""
    return (EmergencyAccess.objects.filter(municipality_id__in=municipality_ids)
            .select_related("user", "organisation", "reviewed_by", "municipality")
            .order_by(F("reviewed_at").asc(nulls_first=True), "-started_at", "-id"))


def unreviewed_count(municipality_ids) -> int:
    return EmergencyAccess.objects.filter(municipality_id__in=municipality_ids, reviewed_at__isnull=True).count()


def attach_log_entries(accesses) -> list:
    """Give each access `.log_entries`: what its user did with its household during the window (one query)."""
    accesses = list(accesses)
    if not accesses:
        return accesses
    condition = Q()
    for access in accesses:
        condition |= Q(user_id_value=access.user_id, subject_id=str(access.household_id),
                       at__gte=access.started_at, at__lte=access.expires_at)
    found = defaultdict(list)
    entries = AccessLogEntry.objects.filter(condition, subject_type="household").order_by("at", "id")
    for entry in entries:
        for access in accesses:
            if (entry.user_id_value == access.user_id and entry.subject_id == str(access.household_id)
                    and access.started_at <= entry.at <= access.expires_at):
                found[access.pk].append(entry)
    for access in accesses:
        access.log_entries = found[access.pk]
    return accesses


# --- Writes ---------------------------------------------------------------------------------------


def review_emergency_access(user, access: EmergencyAccess, *, outcome: str, note: str,
                            source: str = "web") -> EmergencyAccess:
    """Record the privacy officer's judgement of one emergency access, with an access-log entry."""
    from samenkracht.network.permissions import actor_for_user

    require_officer(user, access.municipality_id)
    note = (note or "").strip()
    errors = {}
    if outcome not in ReviewOutcome.values:
        errors["review_outcome"] = [gettext("Choose whether the emergency access was justified.")]
    elif outcome == ReviewOutcome.UNJUSTIFIED and not note:
        errors["review_note"] = [gettext("Explain why the emergency access was not justified.")]
    if len(note) > 500:
        errors["review_note"] = [gettext("Keep the note to 500 characters at most.")]
    if errors:
        raise ValidationError(errors)
    actor = actor_for_user(user, source=source)
    with transaction.atomic():
        locked = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if locked.reviewed_at is not None:
            raise ValidationError({"review_outcome": [gettext("This emergency access has already been reviewed.")]})
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = user
        locked.review_outcome = outcome
        locked.review_note = note
        locked.save(update_fields=["reviewed_at", "reviewed_by", "review_outcome", "review_note"])
        log.record(actor, event=AccessEvent.UPDATE, subject_type="emergency_access", subject_id=locked.pk,
                   municipality_id=locked.municipality_id,
                   purpose=f"review of emergency access: {outcome}",
                   organisation=_officer_organisation(user, locked.municipality_id),
                   detail=f"household {locked.household_id}")
    return locked
