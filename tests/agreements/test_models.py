"""Every model rule of agreements and assignments, through the services (same message for every entry path)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samenkracht.agreements import services
from samenkracht.agreements.models import (
    Agreement,
    AgreementStatus,
    Assignment,
    ManualValue,
    Party,
    Renewal,
    ResultAgreement,
    StatusChange,
)
from samenkracht.network.models import Association
from tests.agreements.factories import SYSTEM


def fields_of(error: ValidationError) -> set[str]:
    return set(error.message_dict)


def test_end_before_start_is_refused_and_nothing_saved(network):
    before = Agreement.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, kind="partnership", title="X", start_on=date(2026, 5, 1),
                                  end_on=date(2026, 4, 1), parties=[{"organisation": network.de_kern}])
    assert error.value.message_dict["end_on"] == ["De einddatum moet na de begindatum liggen."]
    assert Agreement.objects.count() == before


def test_assignment_needs_a_municipality_and_gets_its_assignment_row(network):
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, kind="assignment", title="Opdracht")
    assert "municipality" in fields_of(error.value)
    agreement = services.create_agreement(SYSTEM, kind="assignment", title="Opdracht",
                                          municipality=network.meierijstad)
    assert Assignment.objects.get(agreement=agreement).municipality == network.meierijstad


def test_exploration_needs_deadline_and_known_options_and_decision_among_them(network):
    base = {"kind": "exploration", "title": "Verkenning", "status": "exploring"}
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, **base)
    assert {"decision_deadline", "decision_options"} <= fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, **base, decision_deadline=date(2015, 4, 1), decision_options=["bogus"])
    assert "decision_options" in fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, **base, decision_deadline=date(2015, 4, 1), decision_options=["projects"],
                                  decision_taken="merger", decided_on=date(2015, 4, 1))
    assert "decision_taken" in fields_of(error.value)
    exploration = services.create_agreement(
        SYSTEM, **base, decision_deadline=date(2015, 4, 1), decision_options=["projects", "integrated", "merger"],
        parties=[{"association": network.mee_nederland}])
    assert exploration.status == "exploring"
    with pytest.raises(ValidationError) as error:
        services.update_agreement(SYSTEM, exploration, decision_taken="merger")
    assert "decided_on" in fields_of(error.value)


def test_only_explorations_have_a_deadline_and_only_partnerships_are_open(network):
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, kind="partnership", title="P", decision_deadline=date(2026, 1, 1))
    assert "decision_deadline" in fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, kind="subsidy", title="S", open_alliance=True)
    assert "open_alliance" in fields_of(error.value)


def test_signed_agreement_needs_its_signing_date(network):
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, kind="covenant", title="Convenant", status="signed")
    assert "signed_on" in fields_of(error.value)


def test_party_cannot_sign_twice(world, network):
    before = Party.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_party(SYSTEM, world.partnership, organisation=network.de_kern)
    assert error.value.message_dict["organisation"] == ["De Kern is al partij bij deze overeenkomst."]
    association = Association.objects.create(name="Sociaal Werk Nederland")
    services.add_party(SYSTEM, world.partnership, association=association)
    with pytest.raises(ValidationError) as error:
        services.add_party(SYSTEM, world.partnership, association=association)
    assert "association" in fields_of(error.value)
    assert Party.objects.count() == before + 1


def test_party_is_an_organisation_or_an_association_and_one_lead(world, network):
    with pytest.raises(ValidationError) as error:
        services.add_party(SYSTEM, world.partnership)
    assert "organisation" in fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.add_party(SYSTEM, world.assignment.agreement, organisation=network.mee, role="lead_party")
    assert error.value.message_dict["role"] == ["Deze overeenkomst heeft al een penvoerder: De Kern."]


def test_party_signing_twice_in_one_create_is_refused_whole(network):
    before = Agreement.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_agreement(SYSTEM, kind="partnership", title="Dubbel",
                                  parties=[{"organisation": network.mee}, {"organisation": network.mee}])
    assert "al partij" in error.value.message_dict["parties"][0]
    assert Agreement.objects.count() == before


def test_status_follows_the_life_of_an_agreement_with_history(world):
    agreement = services.create_agreement(SYSTEM, kind="covenant", title="Convenant gegevensdeling")
    with pytest.raises(ValidationError):
        services.change_status(SYSTEM, agreement, AgreementStatus.EXTENDED)
    with pytest.raises(ValidationError) as error:
        services.change_status(SYSTEM, agreement, AgreementStatus.SIGNED)
    assert "signed_on" in fields_of(error.value)
    services.change_status(SYSTEM, agreement, AgreementStatus.SIGNED, signed_on=date(2026, 1, 10))
    services.change_status(SYSTEM, agreement, AgreementStatus.ENDED, note="Opgezegd")
    with pytest.raises(ValidationError):
        services.change_status(SYSTEM, agreement, AgreementStatus.SIGNED)
    assert list(StatusChange.objects.filter(agreement=agreement).values_list("from_status", "to_status")) == [
        ("", "draft"), ("draft", "signed"), ("signed", "ended")]


def test_renewal_keeps_history_and_needs_a_later_end(network):
    agreement = services.create_agreement(
        SYSTEM, kind="partnership", title="Huwelijkse voorwaarden", status="signed", signed_on=date(2014, 12, 1),
        start_on=date(2015, 1, 1), end_on=date(2016, 12, 31))
    with pytest.raises(ValidationError) as error:
        services.renew(SYSTEM, agreement, new_end=date(2016, 6, 30), decided_on=date(2016, 11, 1))
    assert "new_end" in fields_of(error.value)
    services.renew(SYSTEM, agreement, new_end=date(2018, 12, 31), decided_on=date(2016, 11, 1), note="Twee jaar")
    agreement.refresh_from_db()
    assert (agreement.status, agreement.end_on) == ("extended", date(2018, 12, 31))
    assert list(Renewal.objects.values_list("old_end", "new_end")) == [(date(2016, 12, 31), date(2018, 12, 31))]
    draft = services.create_agreement(SYSTEM, kind="partnership", title="Concept", end_on=date(2027, 1, 1))
    with pytest.raises(ValidationError):
        services.renew(SYSTEM, draft, new_end=date(2028, 1, 1), decided_on=date(2026, 1, 1))


def test_commitment_needs_text(world):
    with pytest.raises(ValidationError) as error:
        services.add_commitment(SYSTEM, world.partnership, kind="practical", text="   ")
    assert "text" in fields_of(error.value)


def test_accession_needs_all_deciding_parties_and_records_the_new_party(world, network):
    alliance, request = world.alliance, world.accession
    parties = list(alliance.parties.all())
    services.answer_accession(SYSTEM, request, parties[0], approve=True)
    request.refresh_from_db()
    assert request.status == "pending"
    with pytest.raises(ValidationError):
        services.answer_accession(SYSTEM, request, parties[0], approve=True)
    services.answer_accession(SYSTEM, request, parties[1], approve=True)
    request.refresh_from_db()
    assert request.status == "approved"
    joined = Party.objects.get(agreement=alliance, organisation=network.de_kern)
    assert joined.joined_through == request and joined.role == "signatory"


def test_accession_declined_by_one_party_and_refused_on_closed_agreements(world, network):
    services.answer_accession(SYSTEM, world.accession, world.alliance.parties.first(), approve=False)
    world.accession.refresh_from_db()
    assert world.accession.status == "declined"
    assert not Party.objects.filter(agreement=world.alliance, organisation=network.de_kern).exists()
    with pytest.raises(ValidationError) as error:
        services.request_accession(SYSTEM, world.partnership, network.mee)
    assert "agreement" in fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.request_accession(SYSTEM, world.alliance, network.mee)
    assert "al partij" in error.value.message_dict["organisation"][0]


def test_decision_log_and_follow_up_rules(world, network):
    with pytest.raises(ValidationError) as error:
        services.add_decision_log(SYSTEM, world.partnership, meeting_on=date(2025, 6, 1), title="MT", decisions=" ")
    assert "decisions" in fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.add_follow_up(SYSTEM, world.log, action="Te vroeg", owner=network.de_kern, due_on=date(2025, 1, 1))
    assert "due_on" in fields_of(error.value)
    done = services.update_follow_up(SYSTEM, world.follow_up, status="done")
    assert done.done_on is not None


def _ra(world, **overrides):
    values = {"indicator": "satisfaction", "target": Decimal("7.5"), "period_start": date(2026, 1, 1),
              "period_end": date(2026, 12, 31), "responsible_party": world.lead}
    values.update(overrides)
    return services.add_result_agreement(SYSTEM, world.assignment, **values)


@pytest.mark.parametrize("overrides, field", [
    ({"indicator": "made_up"}, "indicator"),
    ({"target": None}, "target"),
    ({"target": Decimal("-1")}, "target"),
    ({"period_start": None}, "period_start"),
    ({"period_end": None}, "period_end"),
    ({"period_end": date(2025, 12, 31)}, "period_end"),
    ({"period_start": date(2025, 6, 1)}, "period_start"),
    ({"responsible_party": None}, "responsible_party"),
])
def test_result_agreement_rules(world, overrides, field):
    before = ResultAgreement.objects.count()
    with pytest.raises(ValidationError) as error:
        _ra(world, **overrides)
    assert field in fields_of(error.value)
    assert ResultAgreement.objects.count() == before


def test_result_agreement_messages_are_clear(world):
    with pytest.raises(ValidationError) as error:
        _ra(world, indicator="made_up", target=None)
    assert error.value.message_dict["indicator"] == ["Onbekende indicator made_up: kies er een uit de catalogus."]
    assert error.value.message_dict["target"] == ["Een resultaatafspraak heeft een streefwaarde nodig."]


def test_result_agreement_percent_target_and_party_of_other_agreement(world):
    with pytest.raises(ValidationError) as error:
        _ra(world, indicator="closed_loop_rate", target=Decimal("120"))
    assert "target" in fields_of(error.value)
    other_party = world.partnership.parties.first()
    with pytest.raises(ValidationError) as error:
        _ra(world, responsible_party=other_party)
    assert "responsible_party" in fields_of(error.value)


def test_result_agreement_takes_the_unit_of_its_indicator(world):
    assert world.computed.unit == "count"
    assert _ra(world, indicator="days_to_triage", target=Decimal("5")).unit == "days"


def test_manual_values_only_for_manual_indicators_inside_the_period_once(world, people):
    with pytest.raises(ValidationError) as error:
        services.report_value(SYSTEM, world.computed, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
                              value=Decimal("3"))
    assert "result_agreement" in fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.report_value(SYSTEM, world.manual, period_start=date(2025, 1, 1), period_end=date(2025, 3, 31),
                              value=Decimal("3"))
    assert "period_start" in fields_of(error.value)
    value = services.report_value(SYSTEM, world.manual, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
                                  value=Decimal("3"))
    assert value.reported_for == world.lead.organisation
    with pytest.raises(ValidationError) as error:
        services.report_value(SYSTEM, world.manual, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
                              value=Decimal("4"))
    assert "period_start" in fields_of(error.value)
    assert ManualValue.objects.count() == 1


def test_indicator_cannot_change_after_values_were_reported(world):
    services.report_value(SYSTEM, world.manual, period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
                          value=Decimal("1"))
    with pytest.raises(ValidationError) as error:
        services.update_result_agreement(SYSTEM, world.manual, indicator="activities_held")
    assert "indicator" in fields_of(error.value)


def test_sub_assignment_party_must_belong_to_the_agreement(world):
    with pytest.raises(ValidationError) as error:
        services.add_sub_assignment(SYSTEM, world.work_plan, title="X",
                                    responsible_party=world.partnership.parties.first())
    assert "responsible_party" in fields_of(error.value)
    with pytest.raises(ValidationError) as error:
        services.add_work_plan(SYSTEM, world.assignment, title="meer dan de som der delen")
    assert "title" in fields_of(error.value)


def test_party_responsible_for_results_cannot_be_removed(world, network):
    with pytest.raises(ValidationError):
        services.remove_party(SYSTEM, world.lead)
    extra = services.add_party(SYSTEM, world.partnership, organisation=network.mee, role="witness")
    services.remove_party(SYSTEM, extra)
    assert not Party.objects.filter(pk=extra.pk).exists()
