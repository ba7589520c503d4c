"""Who may see and manage volunteers. Deny by default; every decision about personal data is logged.

- Pools are organisation data: every signed-in member of the network (and tokens with a network scope)
  sees which pools exist; only the pool organisation's coordinators create and change them.
- Volunteers are people: their names and contact details are seen only by the coordinators and
  professionals of the pool's organisation, and changed (registration, status, matches, hours) only by its
  coordinators. Functional administrators, policy and privacy officers and other organisations see no
  volunteer personal data; policy officers get figures only (queries.volunteer_figures).
- API tokens reach volunteers only with a `households:read` (reads) or `households:write` (changes)
  scope and `X-On-Behalf-Of` a person of the token's own organisation, whose roles there then apply.

Every read, write and refusal of volunteer data writes an access-log entry (subject type "volunteer",
"volunteer_match" or "volunteer_hours").
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from samenkracht.network.models import Membership, Organisation, Role
from samenkracht.privacy import log
from samenkracht.privacy.models import AccessEvent, Outcome

READ_SCOPES = {"households:read", "households:write"}
WRITE_SCOPE = "households:write"


def _person(actor):
    user = getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)
    if user is None or not getattr(user, "is_active", False):
        return None
    return user


def organisation_roles(actor) -> dict[str, set[int]]:
    """Role -> organisation ids that count for volunteer data (tokens: the on-behalf-of person's roles in
    the token's organisation, and only with a households:* scope)."""
    token = getattr(actor, "token", None)
    if token is None:
        return {role: set(ids) for role, ids in (getattr(actor, "roles", None) or {}).items()}
    user = _person(actor)
    if user is None or not (READ_SCOPES & set(actor.scopes)):
        return {}
    cached = getattr(actor, "_volunteer_roles", None)
    if cached is not None:
        return cached
    roles: dict[str, set[int]] = {}
    for role, organisation_id in Membership.objects.filter(
        user=user, active=True, organisation_id=actor.organisation_id
    ).values_list("role", "organisation_id"):
        roles.setdefault(role, set()).add(organisation_id)
    try:
        actor._volunteer_roles = roles
    except AttributeError:  # frozen actors simply recompute
        pass
    return roles


def seeing_organisation_ids(actor) -> set[int]:
    """Organisations whose volunteers this actor may see (coordinators and professionals)."""
    roles = organisation_roles(actor)
    return set(roles.get(Role.COORDINATOR, set())) | set(roles.get(Role.PROFESSIONAL, set()))


def managing_organisation_ids(actor) -> set[int]:
    """Organisations whose pools, volunteers, matches and hours this actor manages (coordinators)."""
    if getattr(actor, "token", None) is not None and WRITE_SCOPE not in actor.scopes:
        return set()
    return set(organisation_roles(actor).get(Role.COORDINATOR, set()))


def can_see_pool_people(actor, pool) -> bool:
    return pool.organisation_id in seeing_organisation_ids(actor)


def can_manage_pool(actor, pool) -> bool:
    return pool.organisation_id in managing_organisation_ids(actor)


def can_manage_organisation(actor, organisation: Organisation) -> bool:
    return organisation.pk in managing_organisation_ids(actor)


def can_view_pools(actor) -> bool:
    """Pools (no personal data) are visible to everyone in the network and to tokens with a network scope."""
    return bool(getattr(actor, "can_view_network", False)) or bool(seeing_organisation_ids(actor))


def _role_label(actor, organisation_id: int) -> str:
    roles = organisation_roles(actor)
    for role in (Role.COORDINATOR, Role.PROFESSIONAL):
        if organisation_id in roles.get(role, set()):
            return role
    return ""


class _Logged:
    """The actor as privacy.log sees it, with the role it acts in for this organisation."""

    def __init__(self, actor, role: str):
        self._actor = actor
        self.acting_role = role

    def __getattr__(self, name):
        return getattr(self._actor, name)


def record(actor, pool, *, event: str, subject_type: str, subject_id, purpose: str,
           outcome: str = Outcome.ALLOWED, detail: str = "") -> None:
    """One access-log entry about volunteer data of a pool (ids only, never names)."""
    log.record(_Logged(actor, _role_label(actor, pool.organisation_id)), event=event, subject_type=subject_type,
               subject_id=subject_id, municipality_id=pool.municipality_id, purpose=purpose, outcome=outcome,
               organisation=pool.organisation, detail=detail)


def require_see(actor, pool, *, subject_type: str, subject_id, purpose: str,
                event: str = AccessEvent.READ) -> None:
    """Allow and log, or log the refusal and raise PermissionDenied. Call outside a write transaction."""
    allowed = can_see_pool_people(actor, pool)
    record(actor, pool, event=event, subject_type=subject_type, subject_id=subject_id, purpose=purpose,
           outcome=Outcome.ALLOWED if allowed else Outcome.DENIED)
    if not allowed:
        raise PermissionDenied(gettext("Only the coordinators and professionals of the pool's organisation "
                                       "see its volunteers."))


def require_manage(actor, pool, *, subject_type: str, subject_id, purpose: str, event: str) -> None:
    """Refuse (logged) unless the actor coordinates the pool's organisation. The allowed write is logged by
    the service inside its transaction."""
    if can_manage_pool(actor, pool):
        return
    log.record_denied(_Logged(actor, _role_label(actor, pool.organisation_id)), event=event,
                      subject_type=subject_type, subject_id=subject_id, municipality_id=pool.municipality_id,
                      purpose=purpose, organisation=pool.organisation)
    raise PermissionDenied(gettext("Only the coordinators of the pool's organisation manage its volunteers."))
