"""The access policy for resident data. Deny by default; one place for web, API, search and exports.

A professional reaches a household only through a relation the policy knows:

- TEAM         member of the team holding the household's file
- ASSIGNED     explicitly assigned to the household (while the assignment runs)
- COORDINATOR  coordinator of the household's plan
- TRIAGE       one of the two professionals who triaged one of its help requests
- EMERGENCY    emergency access with a mandatory reason, time-limited, reviewed afterwards
- REFERRAL     a receiving organisation's assigned professional of a referral: sees only the data categories
               the referral shares (its shared view, never the household or plan), only while the referral
               is open (sent, accepted, in progress, on hold) and its basis (consent or legal basis) is
               valid. Assigned: while the referral is sent and not yet accepted, the care professionals of
               the receiving organisation (or only those of the receiving team, when one is named) who decide
               on it; once accepted, the professional who accepted it and the receiving team's members.
               This relation never reaches `require_household` / `visible_households`.

Only people with a professional or coordinator role can have relations; municipality policy officers,
privacy officers and functional administrators never see personal data through this policy (policy
officers get aggregates only). API tokens act on behalf of one professional of their own organisation
(header `X-On-Behalf-Of`), whose relations then apply, and only with a `households:*` scope.

Every decision that lets someone see or change resident data is written to the access log, and so is
every refusal. Callers use `require_household` / `require_help_request` before touching a row, and
`visible_households` / `visible_help_requests` for lists and searches (and log the list as a SEARCH).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from samenkracht.network.models import Membership, Role
from samenkracht.privacy import log
from samenkracht.privacy.models import AccessEvent, EmergencyAccess


class Relation(models.TextChoices):
    TEAM = "team", "team member"
    ASSIGNED = "assigned", "assigned professional"
    COORDINATOR = "coordinator", "coordinator"
    TRIAGE = "triage", "triage participant"
    EMERGENCY = "emergency", "emergency access"
    REFERRAL = "referral", "receiving professional of a referral"


CARE_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR)


def acting_professional(actor):
    """The person whose relations count for this actor, or None (no personal data at all)."""
    user = getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)
    if user is None or not getattr(user, "is_active", False):
        return None
    token = getattr(actor, "token", None)
    if token is not None and not ({"households:read", "households:write"} & set(actor.scopes)):
        return None
    memberships = Membership.objects.filter(user=user, active=True, role__in=CARE_ROLES)
    if token is not None:
        memberships = memberships.filter(organisation_id=actor.organisation_id)
    return user if memberships.exists() else None


def _household_q(user, now) -> Q:
    """The households a professional has a relation with, as one subquery per relation, OR-ed.

    Each relation is looked up in its own table (a small index scan per relation) instead of one OR across
    five joins, which made the database join every household to every relation table first
    (bench/policy_cost.py: policy/direct 3.05 before, see docs/performance.md).
    """
    from samenkracht.frontdoor.models import HelpRequest
    from samenkracht.network.models import TeamMember
    from samenkracht.plans.models import Assignment, Plan
    from samenkracht.privacy.models import EmergencyAccess

    triaged = HelpRequest.objects.filter(
        Q(triage__professional_a=user) | Q(triage__professional_b=user), household__isnull=False)
    return (
        Q(holding_team__in=TeamMember.objects.filter(user=user).values("team_id"))
        | Q(pk__in=Assignment.objects.filter(user=user, ended_at__isnull=True).values("household_id"))
        | Q(pk__in=Plan.objects.filter(coordinator=user).values("household_id"))
        | Q(pk__in=triaged.values("household_id"))
        | Q(pk__in=EmergencyAccess.objects.filter(user=user, expires_at__gt=now).values("household_id"))
    )


def visible_households(actor) -> QuerySet:
    from samenkracht.plans.models import Household

    user = acting_professional(actor)
    if user is None:
        return Household.objects.none()
    ids = Household.objects.filter(_household_q(user, timezone.now())).values("pk")
    return Household.objects.filter(pk__in=ids)


def visible_help_requests(actor) -> QuerySet:
    """Requests of the teams the professional works in, those they triaged, and those of visible households."""
    from samenkracht.frontdoor.models import HelpRequest

    user = acting_professional(actor)
    if user is None:
        return HelpRequest.objects.none()
    now = timezone.now()
    ids = HelpRequest.objects.filter(
        Q(team__members__user=user)
        | Q(triage__professional_a=user) | Q(triage__professional_b=user)
        | Q(household__in=_household_ids(user, now))
    ).values("pk")
    return HelpRequest.objects.filter(pk__in=ids)


def _household_ids(user, now) -> QuerySet:
    from samenkracht.plans.models import Household

    return Household.objects.filter(_household_q(user, now)).values("pk")


def relation_to_household(actor, household) -> Relation | None:
    user = acting_professional(actor)
    if user is None:
        return None
    now = timezone.now()
    if household.holding_team_id and household.holding_team.members.filter(user=user).exists():
        return Relation.TEAM
    if household.assignments.filter(user=user, ended_at__isnull=True).exists():
        return Relation.ASSIGNED
    if household.plans.filter(coordinator=user).exists():
        return Relation.COORDINATOR
    if household.help_requests.filter(Q(triage__professional_a=user) | Q(triage__professional_b=user)).exists():
        return Relation.TRIAGE
    if household.emergency_accesses.filter(user=user, expires_at__gt=now).exists():
        return Relation.EMERGENCY
    return None


def relation_to_help_request(actor, help_request) -> Relation | None:
    user = acting_professional(actor)
    if user is None:
        return None
    if help_request.team.members.filter(user=user).exists():
        return Relation.TEAM
    triage = getattr(help_request, "triage", None) if hasattr(help_request, "triage") else None
    if triage is not None and user.pk in (triage.professional_a_id, triage.professional_b_id):
        return Relation.TRIAGE
    if help_request.household_id:
        return relation_to_household(actor, help_request.household)
    return None


def _organisation_for(actor, user):
    if getattr(actor, "token", None) is not None:
        return actor.token.organisation
    membership = Membership.objects.filter(user=user, active=True, role__in=CARE_ROLES).select_related(
        "organisation").first()
    return membership.organisation if membership else None


def _log(actor, *, event, subject_type, subject_id, municipality_id, purpose, outcome, relation=None):
    user = acting_professional(actor)
    organisation = _organisation_for(actor, user) if user else None
    detail = f"relation: {relation}" if relation else ""
    return log.record(actor, event=event, subject_type=subject_type, subject_id=subject_id,
                      municipality_id=municipality_id, purpose=purpose, outcome=outcome,
                      organisation=organisation, detail=detail)


def require_household(actor, household, *, event: str, purpose: str) -> Relation:
    """Allow and log, or log the refusal and raise PermissionDenied. Call before opening a transaction."""
    relation = relation_to_household(actor, household)
    outcome = "allowed" if relation else "denied"
    _log(actor, event=event, subject_type="household", subject_id=household.pk,
         municipality_id=household.municipality_id, purpose=purpose, outcome=outcome, relation=relation)
    if relation is None:
        raise PermissionDenied(gettext("You have no relation with this household."))
    return relation


def require_help_request(actor, help_request, *, event: str, purpose: str) -> Relation:
    relation = relation_to_help_request(actor, help_request)
    outcome = "allowed" if relation else "denied"
    _log(actor, event=event, subject_type="help_request", subject_id=help_request.pk,
         municipality_id=help_request.municipality_id, purpose=purpose, outcome=outcome, relation=relation)
    if relation is None:
        raise PermissionDenied(gettext("You have no relation with this help request."))
    return relation


def log_search(actor, *, subject_type: str, municipality_id: int | None, purpose: str, count: int) -> None:
    """A list or search over resident data is logged once, with the number of rows shown."""
    user = acting_professional(actor)
    log.record(actor, event=AccessEvent.SEARCH, subject_type=subject_type, subject_id=f"{count} rows",
               municipality_id=municipality_id, purpose=purpose,
               outcome="allowed" if user else "denied",
               organisation=_organisation_for(actor, user) if user else None)


def start_emergency_access(actor, household, *, reason: str) -> EmergencyAccess:
    """The noodknop: access outside the normal relation, with a mandatory reason, flagged for review."""
    user = acting_professional(actor)
    if user is None:
        _log(actor, event=AccessEvent.EMERGENCY, subject_type="household", subject_id=household.pk,
             municipality_id=household.municipality_id, purpose="emergency access refused", outcome="denied")
        raise PermissionDenied(gettext("Only professionals can use emergency access."))
    access = EmergencyAccess(
        user=user, organisation=_organisation_for(actor, user), household=household,
        municipality_id=household.municipality_id, reason=(reason or "").strip(),
        expires_at=timezone.now() + timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    access.full_clean(exclude=["user", "organisation", "household", "municipality"])
    with transaction.atomic():
        access.save()
        _log(actor, event=AccessEvent.EMERGENCY, subject_type="household", subject_id=household.pk,
             municipality_id=household.municipality_id, purpose=f"emergency: {access.reason}"[:300],
             outcome="allowed", relation=Relation.EMERGENCY)
    return access


# --- Referrals: the shared view for the receiving side --------------------------------------------


def _receiving_member_q(user) -> Q:
    """Referrals whose receiving organisation (or receiving team, on behalf of it) this user works for."""
    return Q(receiving_organisation__memberships__user=user, receiving_organisation__memberships__active=True,
             receiving_organisation__memberships__role__in=CARE_ROLES)


def _referral_relation_q(user) -> Q:
    from samenkracht.referrals.models import Status

    in_team = Q(receiving_team__members__user=user,
                receiving_team__members__organisation=models.F("receiving_organisation"))
    deciding = Q(status=Status.SENT) & (Q(receiving_team__isnull=True) | in_team)
    assigned = Q(status__in=[Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD]) & (Q(accepted_by=user) | in_team)
    return _receiving_member_q(user) & (deciding | assigned)


def _token_limits(actor, queryset):
    token = getattr(actor, "token", None)
    if token is not None:
        queryset = queryset.filter(receiving_organisation_id=actor.organisation_id)
    return queryset


def visible_referrals_shared(actor) -> QuerySet:
    """Referrals whose shared view this actor may read now (relation REFERRAL); the basis is checked per row
    by `referral_relation`, since a consent can be withdrawn or run out at any moment."""
    from samenkracht.referrals.models import Referral

    user = acting_professional(actor)
    if user is None:
        return Referral.objects.none()
    ids = _token_limits(actor, Referral.objects.filter(_referral_relation_q(user))).values("pk")
    return Referral.objects.filter(pk__in=ids)


def referral_relation(actor, referral) -> Relation | None:
    """REFERRAL when the actor is an assigned receiving professional, the referral is open and its basis valid."""
    user = acting_professional(actor)
    if user is None or not referral.is_open:
        return None
    token = getattr(actor, "token", None)
    if token is not None and actor.organisation_id != referral.receiving_organisation_id:
        return None
    from samenkracht.referrals.models import Referral

    if not Referral.objects.filter(pk=referral.pk).filter(_referral_relation_q(user)).exists():
        return None
    if not referral.basis_is_valid():
        return None
    return Relation.REFERRAL


def require_referral(actor, referral, *, event: str, purpose: str) -> Relation:
    """The receiving side's access to a referral's shared view: allow and log, or log and refuse."""
    relation = referral_relation(actor, referral)
    outcome = "allowed" if relation else "denied"
    _log(actor, event=event, subject_type="referral", subject_id=referral.pk,
         municipality_id=referral.municipality_id, purpose=purpose, outcome=outcome, relation=relation)
    if relation is None:
        raise PermissionDenied(gettext("You have no open referral for this household, or its basis for sharing "
                                       "is no longer valid."))
    return relation


__all__ = [
    "Relation", "visible_households", "visible_help_requests", "relation_to_household", "relation_to_help_request",
    "require_household", "require_help_request", "log_search", "start_emergency_access", "acting_professional",
    "ValidationError", "visible_referrals_shared", "referral_relation", "require_referral",
]
