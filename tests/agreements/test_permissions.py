"""Who may do what: every write allowed for the right person and forbidden for the others."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenkracht.accounts.tokens import issue_token
from samenkracht.agreements import permissions as may
from samenkracht.agreements import services
from samenkracht.agreements.models import Agreement, ManualValue, Party
from samenkracht.network.permissions import AnonymousActor, TokenActor
from tests.agreements.conftest import actor


def token(organisation, *scopes):
    raw_token, _raw = issue_token(organisation=organisation, name="t", scopes=list(scopes))
    return TokenActor(token=raw_token, organisation_id=organisation.pk, scopes=frozenset(scopes))


def test_everyone_in_the_network_reads_but_not_outsiders(people):
    assert may.can_read(actor(people.professional))
    assert may.can_read(actor(people.privacy))
    assert not may.can_read(actor(people.outsider))
    assert not may.can_read(AnonymousActor())


def test_coordinator_manages_agreements_of_own_organisation_only(world, people):
    coordinator = actor(people.coordinator)
    services.add_commitment(coordinator, world.partnership, kind="substantive", text="Samen scholen.")
    with pytest.raises(PermissionDenied):
        services.add_commitment(coordinator, world.alliance, kind="substantive", text="Samen scholen.")
    with pytest.raises(PermissionDenied):
        services.add_commitment(actor(people.professional), world.partnership, kind="practical", text="x")


def test_functional_admin_manages_every_agreement_but_assignments_only_of_own_municipality(world, people):
    admin = actor(people.admin)
    services.add_commitment(admin, world.alliance, kind="practical", text="Werkplekken delen.")
    with pytest.raises(PermissionDenied):
        services.add_work_plan(admin, world.assignment, title="Werkplan 2")
    with pytest.raises(PermissionDenied):
        services.add_commitment(admin, world.assignment.agreement, kind="practical", text="x")


def test_policy_officer_manages_own_municipality_assignments_not_partnerships(world, people):
    policy = actor(people.policy)
    services.add_work_plan(policy, world.assignment, title="Werkplan 2")
    services.add_result_agreement(policy, world.assignment, indicator="satisfaction", target=Decimal("7"),
                                  period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                                  responsible_party=world.lead)
    with pytest.raises(PermissionDenied):
        services.add_commitment(policy, world.partnership, kind="practical", text="x")
    for other in ("coordinator", "mee_coordinator", "professional", "privacy"):
        with pytest.raises(PermissionDenied):
            services.add_result_agreement(actor(people.by_name(other)), world.assignment, indicator="satisfaction",
                                          target=Decimal("7"), period_start=date(2026, 1, 1),
                                          period_end=date(2026, 12, 31), responsible_party=world.lead)


def test_manual_values_by_municipality_and_responsible_party(world, people):
    services.report_value(actor(people.coordinator), world.manual, period_start=date(2026, 1, 1),
                          period_end=date(2026, 3, 31), value=Decimal("1"))
    services.report_value(actor(people.policy), world.manual, period_start=date(2026, 4, 1),
                          period_end=date(2026, 6, 30), value=Decimal("2"))
    for other in ("admin", "mee_coordinator", "professional"):
        with pytest.raises(PermissionDenied):
            services.report_value(actor(people.by_name(other)), world.manual, period_start=date(2026, 7, 1),
                                  period_end=date(2026, 9, 30), value=Decimal("1"))
    assert [v.reported_by for v in ManualValue.objects.order_by("period_start")] == [people.coordinator, people.policy]


def test_create_agreement_requires_own_party_or_own_municipality(network, people):
    coordinator = actor(people.coordinator)
    before = Agreement.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_agreement(coordinator, kind="partnership", title="Zonder ons",
                                  parties=[{"organisation": network.mee}])
    assert "parties" in error.value.message_dict
    assert Agreement.objects.count() == before
    services.create_agreement(coordinator, kind="partnership", title="Met ons",
                              parties=[{"organisation": network.de_kern}])
    policy = actor(people.policy)
    services.create_agreement(policy, kind="assignment", title="Opdracht", municipality=network.meierijstad)
    with pytest.raises(ValidationError):
        services.create_agreement(policy, kind="assignment", title="Opdracht Zwolle", municipality=network.zwolle)
    with pytest.raises(PermissionDenied):
        services.create_agreement(actor(people.professional), kind="partnership", title="x",
                                  parties=[{"organisation": network.mee}])


def test_accession_asked_by_own_coordinator_and_answered_per_party(world, network, people):
    with pytest.raises(PermissionDenied):
        services.request_accession(actor(people.mee_coordinator), world.alliance, network.de_kern)
    mee_party = Party.objects.get(agreement=world.alliance, organisation=network.mee)
    other_party = Party.objects.get(agreement=world.alliance, organisation=world.meierij)
    with pytest.raises(PermissionDenied):
        services.answer_accession(actor(people.mee_coordinator), world.accession, other_party, approve=True)
    with pytest.raises(PermissionDenied):
        services.answer_accession(actor(people.coordinator), world.accession, mee_party, approve=True)
    services.answer_accession(actor(people.mee_coordinator), world.accession, mee_party, approve=True)


def test_follow_up_updated_by_owner_organisation(world, people):
    services.update_follow_up(actor(people.coordinator), world.follow_up, status="done")
    with pytest.raises(PermissionDenied):
        services.update_follow_up(actor(people.mee_coordinator), world.follow_up, status="open")


def test_tokens_read_write_own_and_municipality(world, network):
    reader = token(network.de_kern, "network:read")
    writer = token(network.de_kern, "network:write")
    assert may.can_read(reader) and not may.can_manage_agreement(reader, world.partnership)
    assert may.can_manage_agreement(writer, world.partnership)
    assert not may.can_manage_agreement(writer, world.alliance)
    assert may.can_report_value(writer, world.manual)
    assert not may.can_manage_assignment(writer, world.assignment)
    municipality = token(network.gemeente_meierijstad, "network:write")
    assert may.can_manage_assignment(municipality, world.assignment)
    zwolle_admin = token(network.gemeente_zwolle, "network:admin")
    assert may.can_manage_agreement(zwolle_admin, world.alliance)
    assert not may.can_manage_assignment(zwolle_admin, world.assignment)
    assert not may.can_manage_assignment(token(network.gemeente_meierijstad, "network:read"), world.assignment)
