"""Reads of rights: the worklist of rights requests (no personal data), and one household's rights page.

The worklist shows request numbers, kinds, household numbers, dates, deadlines and statuses only, so it
may be shown to everyone who handles or supervises requests: the care roles and coordinators of the
organisation handling them, and the privacy officers and functional administrators of the municipality.
Pages about one household go through the access policy (``privacy.policy.require_household``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from samenkracht.network.models import Membership, OrganisationKind, Role
from samenkracht.plans.models import Household, Person
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessEvent
from samenkracht.rights.models import Correction, RightsRequest, Tombstone

SUPERVISING_ROLES = (Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN)
HANDLING_ROLES = (Role.PROFESSIONAL, Role.COORDINATOR)


def _user(actor):
    user = getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)
    return user if user is not None and getattr(user, "is_active", False) else None


def worklist_scope(actor) -> Q | None:
    """Which requests this actor's worklist holds, or None when it has none."""
    user = _user(actor)
    if user is None:
        return None
    memberships = Membership.objects.filter(user=user, active=True)
    if getattr(actor, "token", None) is not None:
        if not ({"households:read", "households:write"} & set(actor.scopes)):
            return None
        memberships = memberships.filter(organisation_id=actor.organisation_id)
    organisations = set(memberships.filter(role__in=HANDLING_ROLES).values_list("organisation_id", flat=True))
    municipalities = set(memberships.filter(
        role__in=SUPERVISING_ROLES, organisation__kind=OrganisationKind.MUNICIPALITY,
        organisation__municipality__isnull=False).values_list("organisation__municipality_id", flat=True))
    if not organisations and not municipalities:
        return None
    return Q(organisation_id__in=organisations) | Q(municipality_id__in=municipalities)


def worklist(actor, *, status: str = "open") -> QuerySet[RightsRequest]:
    scope = worklist_scope(actor)
    if scope is None:
        raise PermissionDenied(_("Only professionals, coordinators and privacy officers see rights requests."))
    rows = RightsRequest.objects.filter(scope).select_related("organisation", "handled_by").order_by("deadline", "id")
    if status == "open":
        rows = rows.filter(status__in=["received", "in_progress"])
    elif status:
        rows = rows.filter(status=status)
    return rows


def get_request(actor, pk: int) -> RightsRequest:
    """One request: those in the actor's worklist (no personal data on it)."""
    scope = worklist_scope(actor)
    if scope is None:
        raise PermissionDenied(_("Only professionals, coordinators and privacy officers see rights requests."))
    rights_request = RightsRequest.objects.select_related("organisation", "handled_by", "household").filter(
        pk=pk).first()
    if rights_request is None:
        raise Http404
    if not RightsRequest.objects.filter(scope, pk=pk).exists():
        raise PermissionDenied(_("This rights request belongs to another organisation."))
    return rights_request


def get_household(actor, pk: int, *, purpose: str, event: str = AccessEvent.READ) -> Household:
    if policy.acting_professional(actor) is None:
        raise PermissionDenied(_("Only professionals with a relation to a household see resident data."))
    household = Household.objects.select_related("municipality").filter(pk=pk).first()
    if household is None:
        raise Http404
    policy.require_household(actor, household, event=event, purpose=purpose)
    return household


def get_person(actor, pk: int, *, purpose: str, event: str = AccessEvent.READ) -> Person:
    """A person, after the access check of their household (logged by the caller's service or here)."""
    if policy.acting_professional(actor) is None:
        raise PermissionDenied(_("Only professionals with a relation to a household see resident data."))
    person = Person.objects.select_related("household", "household__municipality").filter(pk=pk).first()
    if person is None:
        raise Http404
    if event is not None:
        policy.require_household(actor, person.household, event=event, purpose=purpose)
    return person


def household_rights(household: Household) -> dict:
    """What the rights page of a household shows (after the access check), in a fixed number of queries."""
    members = list(household.members.order_by("id"))
    corrections = list(Correction.objects.filter(person__household=household).select_related("by", "request"))
    by_person: dict[int, list] = {}
    for correction in corrections:
        by_person.setdefault(correction.person_id, []).append(correction)
    requests = list(RightsRequest.objects.filter(household=household).select_related("organisation", "handled_by")
                    .order_by("-received_at", "-id"))
    return {"members": [(m, by_person.get(m.pk, [])) for m in members], "requests": requests}


def tombstones(actor) -> QuerySet[Tombstone]:
    scope = worklist_scope(actor)
    if scope is None:
        return Tombstone.objects.none()
    return Tombstone.objects.filter(Q(request__in=RightsRequest.objects.filter(scope)))
