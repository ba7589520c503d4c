"""Who may do what with agreements and assignments. Deny by default; builds on network.permissions actors.

- Read: everyone in the network (`can_view_network`): agreements hold no personal data.
- Agreements: functional administrators (network-wide, like the rest of the network), coordinators of an
  organisation that is a party, and the managers of the agreement's municipality. Tokens: `network:admin`,
  or `network:write` of a party organisation.
- Assignments, their work plans and result agreements: only the municipality's managers, i.e. policy
  officers and functional administrators of an organisation of kind municipality of that municipality.
  Tokens: `network:write` or `network:admin` of that municipality's own organisation.
- Reported values of manual indicators: the municipality's managers and the coordinators of the party
  responsible for the result (tokens: `network:write` of that party).
- Accession to an open alliance: the coordinator of the organisation asks; each party answers for itself.
"""

from __future__ import annotations

from samenkracht.agreements.models import Agreement, AgreementKind, Assignment, Party, ResultAgreement
from samenkracht.network.models import Membership, Organisation, OrganisationKind, Role
from samenkracht.network.permissions import PersonActor, SystemActor, TokenActor


def is_system(actor) -> bool:
    return isinstance(actor, SystemActor)


def can_read(actor) -> bool:
    return bool(getattr(actor, "can_view_network", False))


def managed_municipality_ids(actor) -> set[int] | None:
    """Municipalities whose assignments the actor manages; None means every municipality (the system)."""
    if is_system(actor):
        return None
    cached = getattr(actor, "_agreements_municipalities", None)
    if cached is not None:
        return cached
    result: set[int] = set()
    if isinstance(actor, PersonActor):
        if actor.user is not None and actor.user.is_active:
            result = set(Membership.objects.filter(
                user=actor.user, active=True, role__in=[Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN],
                organisation__kind=OrganisationKind.MUNICIPALITY, organisation__municipality__isnull=False,
            ).values_list("organisation__municipality_id", flat=True))
    elif isinstance(actor, TokenActor):
        if {"network:write", "network:admin"} & set(actor.scopes):
            result = set(Organisation.objects.filter(
                pk=actor.organisation_id, kind=OrganisationKind.MUNICIPALITY, municipality__isnull=False,
            ).values_list("municipality_id", flat=True))
    try:
        actor._agreements_municipalities = result
    except AttributeError:  # pragma: no cover - actors without attributes (AnonymousActor)
        pass
    return result


def manages_municipality(actor, municipality_id: int | None) -> bool:
    managed = managed_municipality_ids(actor)
    if managed is None:
        return True
    return municipality_id is not None and municipality_id in managed


def can_manage_any_municipality(actor) -> bool:
    managed = managed_municipality_ids(actor)
    return managed is None or bool(managed)


def acts_for_organisation_ids(actor) -> set[int] | None:
    """Organisations the actor may speak for in agreements; None = all (administrators and the system)."""
    if is_system(actor):
        return None
    if isinstance(actor, PersonActor):
        if actor.can_manage_network:
            return None
        return actor.coordinated_organisation_ids
    if isinstance(actor, TokenActor):
        if "network:admin" in actor.scopes:
            return None
        return {actor.organisation_id} if "network:write" in actor.scopes else set()
    return set()


def acts_for(actor, organisation_id: int | None) -> bool:
    ids = acts_for_organisation_ids(actor)
    return ids is None or (organisation_id is not None and organisation_id in ids)


def can_create_agreement(actor) -> bool:
    ids = acts_for_organisation_ids(actor)
    return ids is None or bool(ids) or can_manage_any_municipality(actor)


def _party_organisation_ids(agreement: Agreement) -> set[int]:
    # Uses the prefetched parties when the query fetched them.
    return {p.organisation_id for p in agreement.parties.all() if p.organisation_id}


def can_manage_agreement(actor, agreement: Agreement) -> bool:
    if agreement.kind == AgreementKind.ASSIGNMENT:
        return manages_municipality(actor, agreement.municipality_id)
    ids = acts_for_organisation_ids(actor)
    if ids is None:
        return True
    if ids & _party_organisation_ids(agreement):
        return True
    return agreement.municipality_id is not None and manages_municipality(actor, agreement.municipality_id)


def can_answer_for_party(actor, party: Party) -> bool:
    return party.organisation_id is not None and acts_for(actor, party.organisation_id)


def can_request_accession(actor, organisation: Organisation) -> bool:
    return acts_for(actor, organisation.pk)


def can_manage_assignment(actor, assignment: Assignment) -> bool:
    return manages_municipality(actor, assignment.municipality_id)


def can_report_value(actor, result_agreement: ResultAgreement) -> bool:
    if manages_municipality(actor, result_agreement.assignment.municipality_id):
        return True
    party = result_agreement.responsible_party
    return party is not None and party.organisation_id is not None and acts_for(actor, party.organisation_id) and (
        acts_for_organisation_ids(actor) is not None)
