"""Every write to the partner network: one function per use case, one transaction each.

Each function checks the actor first (deny by default), validates the whole object with the model's
own rules (``full_clean``), and saves nothing when anything is wrong. Views, API routes and commands
call these; none of them saves network models themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samenkracht.network.models import (
    Location,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Region,
    ServiceArea,
    Team,
    TeamMember,
)
from samenkracht.network.permissions import Actor


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this part of the network."))


def _nullable(instance, name: str) -> bool:
    try:
        return instance._meta.get_field(name).null
    except FieldDoesNotExist:
        return True


def _save(instance, fields: dict[str, Any]):
    # full_clean lets None through for blank text fields; an explicit null is a mistake, not "empty".
    nulls = {name: _("This field cannot be empty (null).") for name, value in fields.items()
             if value is None and not _nullable(instance, name)}
    if nulls:
        raise ValidationError(nulls)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def create_organisation(actor: Actor, *, associations: Iterable = (), **fields: Any) -> Organisation:
    _require(actor.can_manage_network)
    organisation = _save(Organisation(), fields)
    organisation.associations.set(list(associations))
    return organisation


@transaction.atomic
def update_organisation(
    actor: Actor, organisation: Organisation, *, associations: Iterable | None = None, **fields: Any
) -> Organisation:
    _require(actor.can_edit_organisation(organisation))
    _save(organisation, fields)
    if associations is not None:
        organisation.associations.set(list(associations))
    from samenkracht.socialmap.search import index_services_of  # search documents hold the name
    index_services_of(organisation_id=organisation.pk, changed=fields)
    return organisation


@transaction.atomic
def set_service_area(
    actor: Actor,
    organisation: Organisation,
    *,
    municipalities: Iterable[Municipality],
    neighbourhoods: Iterable[Neighbourhood] = (),
) -> list[ServiceArea]:
    """Replace the organisation's service area by whole municipalities and single neighbourhoods."""
    _require(actor.can_edit_organisation(organisation))
    whole = {m.pk: m for m in municipalities}
    parts = {n.pk: n for n in neighbourhoods}
    inside_whole = [n for n in parts.values() if n.municipality_id in whole]
    if inside_whole:
        raise ValidationError(
            {"neighbourhoods": _("%(name)s already lies in a municipality served as a whole.")
             % {"name": inside_whole[0].name}}
        )
    organisation.service_areas.all().delete()
    areas = [ServiceArea(organisation=organisation, municipality=m) for m in whole.values()]
    areas += [
        ServiceArea(organisation=organisation, municipality_id=n.municipality_id, neighbourhood=n)
        for n in parts.values()
    ]
    return ServiceArea.objects.bulk_create(areas)


@transaction.atomic
def create_location(actor: Actor, *, organisations: Iterable[Organisation] = (), **fields: Any) -> Location:
    organisations = list(organisations)
    _require(actor.can_manage_network or (organisations and all(actor.can_edit_organisation(o) for o in organisations)))
    location = _save(Location(), fields)
    location.organisations.set(organisations)
    return location


@transaction.atomic
def update_location(
    actor: Actor, location: Location, *, organisations: Iterable[Organisation] | None = None, **fields: Any
) -> Location:
    current = list(location.organisations.all())
    _require(actor.can_manage_network or any(actor.can_edit_organisation(o) for o in current))
    if organisations is not None:
        organisations = list(organisations)
        changed = set(current).symmetric_difference(organisations)
        # A coordinator may add or remove only their own organisation under a shared roof.
        _require(actor.can_manage_network or all(actor.can_edit_organisation(o) for o in changed))
    _save(location, fields)
    if organisations is not None:
        location.organisations.set(organisations)
    from samenkracht.socialmap.search import index_services_of  # search documents hold name and place
    index_services_of(location_id=location.pk, changed=fields)
    return location


@transaction.atomic
def create_team(
    actor: Actor,
    *,
    organisations: Iterable[Organisation] = (),
    neighbourhoods: Iterable[Neighbourhood] = (),
    **fields: Any,
) -> Team:
    _require(actor.can_manage_network)
    team = _save(Team(), fields)
    _set_team_relations(team, list(organisations), list(neighbourhoods))
    return team


@transaction.atomic
def update_team(
    actor: Actor,
    team: Team,
    *,
    organisations: Iterable[Organisation] | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    **fields: Any,
) -> Team:
    _require(actor.can_manage_network)
    _save(team, fields)
    _set_team_relations(
        team,
        list(team.organisations.all()) if organisations is None else list(organisations),
        list(team.neighbourhoods.all()) if neighbourhoods is None else list(neighbourhoods),
    )
    return team


def _set_team_relations(team: Team, organisations: list, neighbourhoods: list) -> None:
    elsewhere = [n for n in neighbourhoods if n.municipality_id != team.municipality_id]
    if elsewhere:
        raise ValidationError(
            {"neighbourhoods": _("%(name)s lies outside the team's municipality.") % {"name": elsewhere[0].name}}
        )
    team.organisations.set(organisations)
    team.neighbourhoods.set(neighbourhoods)


@transaction.atomic
def add_team_member(actor: Actor, team: Team, *, user, organisation: Organisation) -> TeamMember:
    _require(actor.can_manage_network or actor.can_edit_organisation(organisation))
    if not team.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("This organisation does not take part in the team.")})
    return _save(TeamMember(team=team), {"user": user, "organisation": organisation})


@transaction.atomic
def remove_team_member(actor: Actor, member: TeamMember) -> None:
    _require(actor.can_manage_network or actor.can_edit_organisation(member.organisation))
    member.delete()


@transaction.atomic
def create_region(actor: Actor, *, municipalities: Iterable[Municipality] = (), **fields: Any) -> Region:
    _require(actor.can_manage_network)
    region = _save(Region(), fields)
    region.municipalities.set(list(municipalities))
    return region


@transaction.atomic
def update_region(
    actor: Actor, region: Region, *, municipalities: Iterable[Municipality] | None = None, **fields: Any
) -> Region:
    _require(actor.can_manage_network)
    _save(region, fields)
    if municipalities is not None:
        region.municipalities.set(list(municipalities))
    return region


@transaction.atomic
def create_neighbourhood(actor: Actor, **fields: Any) -> Neighbourhood:
    _require(actor.can_manage_network)
    return _save(Neighbourhood(), fields)


@transaction.atomic
def grant_membership(actor: Actor, *, user, organisation: Organisation, role: str, job_title: str = "") -> Membership:
    """Give a person a role in an organisation. Only functional administrators hand out roles."""
    _require(actor.can_manage_network)
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"job_title": job_title}
    )
    return _save(membership, {"job_title": job_title, "active": True})
