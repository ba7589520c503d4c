"""Who may do what in the partner network. Deny by default.

An *actor* is whoever acts: a signed-in person (their active memberships give their roles) or an
organisation's system holding an API token (its scopes). Views, API routes and services ask the
actor; none of them inspects roles or scopes directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from samenkracht.network.models import Membership, Organisation, Role


class Actor(Protocol):
    label: str
    source: str

    @property
    def can_view_network(self) -> bool: ...

    @property
    def can_manage_network(self) -> bool: ...

    def can_edit_organisation(self, organisation: Organisation) -> bool: ...

    def can_maintain_services(self, organisation: Organisation) -> bool: ...

    @property
    def can_review_services(self) -> bool: ...


@dataclass
class PersonActor:
    """A signed-in professional; roles come from their active memberships."""

    user: object
    source: str = "web"
    roles: dict[str, set[int]] = field(default_factory=dict)  # role -> organisation ids
    superuser: bool = False

    @property
    def label(self) -> str:
        return str(self.user)

    def has_role(self, role: str) -> bool:
        return self.superuser or bool(self.roles.get(role))

    @property
    def can_view_network(self) -> bool:
        return self.superuser or any(self.roles.values())

    @property
    def can_manage_network(self) -> bool:
        return self.has_role(Role.FUNCTIONAL_ADMIN)

    def can_edit_organisation(self, organisation: Organisation) -> bool:
        return self.can_manage_network or organisation.pk in self.roles.get(Role.COORDINATOR, set())

    def can_maintain_services(self, organisation: Organisation) -> bool:
        """Edit the organisation's services on the social map."""
        return self.can_edit_organisation(organisation)

    @property
    def can_review_services(self) -> bool:
        """Review and publish services of every organisation (network editors)."""
        return self.has_role(Role.FUNCTIONAL_ADMIN) or self.has_role(Role.POLICY_OFFICER)

    @property
    def can_read_access_log(self) -> bool:
        return bool(self.roles.get(Role.PRIVACY_OFFICER))

    @property
    def coordinated_organisation_ids(self) -> set[int]:
        return set(self.roles.get(Role.COORDINATOR, set()))

    @property
    def organisation_ids(self) -> set[int]:
        return set().union(*self.roles.values()) if self.roles else set()


@dataclass
class TokenActor:
    """An organisation's system calling the API with a token; scopes decide."""

    token: object
    organisation_id: int
    scopes: frozenset[str]
    source: str = "api"
    on_behalf_of_user: object = None  # the professional named in X-On-Behalf-Of (resident data only)

    @property
    def label(self) -> str:
        return f"token {self.token}"

    @property
    def can_view_network(self) -> bool:
        return bool({"network:read", "network:write", "network:admin"} & self.scopes)

    @property
    def can_manage_network(self) -> bool:
        return "network:admin" in self.scopes

    def can_edit_organisation(self, organisation: Organisation) -> bool:
        if self.can_manage_network:
            return True
        return "network:write" in self.scopes and organisation.pk == self.organisation_id

    def can_maintain_services(self, organisation: Organisation) -> bool:
        return "socialmap:write" in self.scopes and organisation.pk == self.organisation_id

    @property
    def can_review_services(self) -> bool:
        return "socialmap:review" in self.scopes


class AnonymousActor:
    label = "anonymous"
    source = "web"
    can_view_network = False
    can_manage_network = False
    can_review_services = False

    def can_edit_organisation(self, organisation: Organisation) -> bool:
        return False

    def can_maintain_services(self, organisation: Organisation) -> bool:
        return False


def actor_for_user(user, source: str = "web") -> PersonActor | AnonymousActor:
    """The actor for a user, computed once per request and cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return AnonymousActor()
    cached = getattr(user, "_samenkracht_actor", None)
    if cached is not None:
        return cached
    roles: dict[str, set[int]] = {}
    for role, organisation_id in Membership.objects.filter(user=user, active=True).values_list(
        "role", "organisation_id"
    ):
        roles.setdefault(role, set()).add(organisation_id)
    actor = PersonActor(user=user, source=source, roles=roles, superuser=user.is_superuser)
    user._samenkracht_actor = actor
    return actor


class SystemActor:
    """The platform itself, for command-line jobs run by an operator (imports, demo data)."""

    label = "system"
    source = "cli"
    can_view_network = True
    can_manage_network = True
    can_review_services = True

    def can_edit_organisation(self, organisation: Organisation) -> bool:
        return True

    def can_maintain_services(self, organisation: Organisation) -> bool:
        return True
