"""Rights requests, subject access (JSON and PDF), correction with history, restriction and erasure,
through the services: allowed with a relation, refused (and logged) without one."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from samenkracht.frontdoor.models import HelpRequest
from samenkracht.plans import services as plan_services
from samenkracht.plans.models import Goal, Household, Person, Plan
from samenkracht.privacy.models import AccessLogEntry
from samenkracht.rights import registry, services
from samenkracht.rights.models import Correction, RequestStatus, RightsRequest, Tombstone, add_one_month
from tests.rights.conftest import actor, pdf_text

pytestmark = pytest.mark.django_db


def test_register_request_sets_deadline_one_month_later(rita, case, person):
    received = timezone.make_aware(datetime(2026, 1, 31, 10, 0))
    rr = services.register_request(rita, case.household, kind="access", received_via="letter",
                                   received_at=received, person=person)
    assert rr.deadline.date().isoformat() == "2026-02-28"
    assert rr.status == RequestStatus.RECEIVED and rr.organisation.name == "MEE IJsseloevers"
    assert add_one_month(timezone.make_aware(datetime(2026, 3, 15))).day == 15


def test_register_request_without_relation_is_refused_and_logged(vera, case):
    with pytest.raises(PermissionDenied):
        services.register_request(vera, case.household, kind="access", received_via="letter")
    assert not RightsRequest.objects.exists()
    assert AccessLogEntry.objects.filter(subject_type="household", subject_id=str(case.household.pk),
                                         outcome="denied", user_id_value=case.stranger.pk).exists()


def test_register_request_bad_input_saves_nothing(rita, case):
    with pytest.raises(ValidationError) as error:
        services.register_request(rita, case.household, kind="forget-me", received_via="pigeon")
    assert {"kind", "received_via"} <= set(error.value.message_dict)
    future = timezone.now() + timezone.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.register_request(rita, case.household, kind="access", received_via="letter", received_at=future)
    assert "received_at" in error.value.message_dict
    assert not RightsRequest.objects.exists()


def test_request_life_cycle(rita, case):
    rr = services.register_request(rita, case.household, kind="access", received_via="email")
    services.advance_request(rita, rr, status="in_progress")
    with pytest.raises(ValidationError) as error:
        services.advance_request(rita, rr, status="refused")
    assert "refusal_reason" in error.value.message_dict
    services.advance_request(rita, rr, status="refused", refusal_reason="Identiteit niet vastgesteld")
    rr.refresh_from_db()
    assert rr.status == "refused" and rr.completed_at and rr.handled_by == case.coordinator_user
    with pytest.raises(ValidationError) as error:
        services.advance_request(rita, rr, status="in_progress")
    assert "status" in error.value.message_dict


def test_subject_access_needs_a_relation_and_is_logged_as_export(rita, vera, case, person):
    with pytest.raises(PermissionDenied):
        services.subject_access(vera, person)
    assert AccessLogEntry.objects.filter(event="export", outcome="denied", user_id_value=case.stranger.pk).exists()
    document = services.subject_access(rita, person)
    assert AccessLogEntry.objects.filter(event="export", outcome="allowed", subject_type="household",
                                         subject_id=str(case.household.pk),
                                         user_id_value=case.coordinator_user.pk).exists()
    sections = document["sections"]
    assert list(sections)[-1] == "access_log"
    assert sections["plans"]["person"]["voornaam"] == "Sanne"
    assert sections["frontdoor"]["items"][0]["vraag in de eigen woorden van de inwoner"].startswith("Ik kan")
    log_items = sections["access_log"]["items"]
    assert any(item["handeling"] == "exporteren" for item in log_items)
    assert set(log_items[0]) == {"tijdstip", "organisatie", "rol", "handeling", "doel of grondslag", "uitkomst"}


def test_subject_access_holds_no_other_residents_data(rita, case, person):
    Person.objects.create(household=case.household, municipality=case.household.municipality,
                          given_name="Bram", family_name="Huisgenoot")
    other = Person.objects.create(household=case.other_household, municipality=case.household.municipality,
                                  given_name="Olga", family_name="Anders")
    from samenkracht.privacy import log

    log.record(rita, event="read", subject_type="person", subject_id=other.pk,
               municipality_id=other.municipality_id, purpose="other file")
    text = str(services.subject_access(rita, person))
    assert "Sanne" in text and "Bram" not in text and "Olga" not in text and "other file" not in text


def test_pdf_is_a_pdf_with_the_name_and_an_access_entry(rita, case, person):
    data = services.subject_access_pdf(rita, person)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Sanne" in text and "Jansma" in text
    assert "Wie heeft dit dossier ingezien" in text or "ingezien" in text
    assert "exporteren" in text  # the export itself is in the access history
    assert "MEE IJsseloevers" in text


def test_registered_collector_appears_in_the_export(rita, person):
    registry.register("extra", lambda p: {"label": "Extra", "items": [{"nummer": p.pk}]})
    try:
        sections = services.subject_access(rita, person)["sections"]
        assert sections["extra"]["items"] == [{"nummer": person.pk}]
        assert list(sections)[-1] == "access_log"
    finally:
        registry.unregister("extra")


def test_correction_keeps_history_encrypted(rita, vera, case, person):
    rr = services.register_request(rita, case.household, kind="correction", received_via="letter", person=person)
    with pytest.raises(PermissionDenied):
        services.correct_person(vera, person, changes={"family_name": "Jansen"})
    rows = services.correct_person(rita, person, changes={"family_name": "Jansen", "given_name": "Sanne",
                                                          "address": "Kerkstraat 2"}, rights_request=rr)
    assert {r.field for r in rows} == {"family_name", "address"}
    person.refresh_from_db()
    assert person.family_name == "Jansen" and person.household.address == "Kerkstraat 2"
    history = services.correction_history(person)
    assert {(c.field, c.old_value, c.new_value) for c in history} == {
        ("family_name", "Jansma", "Jansen"), ("address", "Kerkstraat 1", "Kerkstraat 2")}
    with connection.cursor() as cursor:
        cursor.execute("SELECT old_value, new_value FROM rights_correction")
        raw = " ".join(v for row in cursor.fetchall() for v in row)
    assert "Jansma" not in raw and "Jansen" not in raw
    rr.refresh_from_db()
    assert rr.status == "carried_out"



def test_correction_bad_input_changes_nothing(rita, person):
    for changes, field in [({"bsn": "123456789"}, "bsn"), ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
                           ({"email": "geen-adres"}, "email"), ({"given_name": ""}, "given_name"),
                           ({"question": "x"}, "__all__"), ({"family_name": "Jansma"}, "__all__")]:
        with pytest.raises(ValidationError) as error:
            services.correct_person(rita, person, changes=changes)
        assert field in error.value.message_dict, changes
    person.refresh_from_db()
    assert person.family_name == "Jansma" and not person.bsn and not Correction.objects.exists()


def test_restriction_blocks_plan_and_frontdoor_writes(rita, case):
    plan = case.household.plans.get()
    services.restrict(rita, case.household, reason="Bewoner betwist de juistheid van de gegevens")
    with pytest.raises(services.Restricted) as error:
        plan_services.update_plan(rita, plan, expected_version=plan.version, summary="Nieuw doel")
    assert "artikel 18" in str(error.value.messages) or "article 18" in str(error.value.messages)
    with pytest.raises(ValidationError):
        plan_services.add_goal(rita, plan, expected_version=plan.version, life_domain="financien",
                               description="x", current_score=2, target_score=3)
    from samenkracht.frontdoor import services as frontdoor_services

    request = HelpRequest.objects.create(reference="HV-TEST-9", municipality=case.household.municipality,
                                         team=case.team, channel="phone", question="Hulp",
                                         triage_due_at=timezone.now())
    with pytest.raises(services.Restricted):
        frontdoor_services.link_household(actor(case.team_member), request, case.household,
                                          candidates=[case.household.pk])
    plan.refresh_from_db()
    assert plan.summary == "" and not Goal.objects.exists()
    request.refresh_from_db()
    assert request.household_id is None
    services.lift_restriction(rita, case.household)
    plan_services.update_plan(rita, plan, expected_version=plan.version, summary="Nieuw doel")


def test_restriction_refused_without_relation_or_reason(rita, vera, case):
    with pytest.raises(PermissionDenied):
        services.restrict(vera, case.household, reason="x")
    with pytest.raises(ValidationError) as error:
        services.restrict(rita, case.household, reason="  ")
    assert "reason" in error.value.message_dict
    case.household.refresh_from_db()
    assert case.household.restricted_at is None


def test_erasure_of_the_household(rita, vera, case, person):
    household_id = case.household.pk
    rr = services.register_request(rita, case.household, kind="erasure", received_via="letter")
    with pytest.raises(PermissionDenied):
        services.erase(vera, rr)
    log_before = AccessLogEntry.objects.filter(subject_type="household", subject_id=str(household_id)).count()
    tombstone = services.erase(rita, rr)
    assert not Household.objects.filter(pk=household_id).exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Plan.objects.filter(household_id=household_id).exists()
    assert not HelpRequest.objects.filter(reference="HV-TEST-1").exists()
    assert tombstone.counts["plans.Household"] == 1 and tombstone.counts["plans.Person"] == 1
    assert tombstone.counts["frontdoor.HelpRequest"] == 1 and tombstone.request_id == rr.pk
    assert "Sanne" not in str(Tombstone.objects.values_list("counts", flat=True)[0])
    rr.refresh_from_db()
    assert rr.status == "carried_out" and rr.household_id is None and rr.household_number == household_id
    # the access log keeps its entries, and gains the erasure
    assert AccessLogEntry.objects.filter(subject_type="household", subject_id=str(household_id)).count() > log_before
    assert AccessLogEntry.objects.filter(event="delete", subject_id=str(household_id)).exists()
    from samenkracht.privacy.log import verify

    assert verify()[1] == []


def test_erasure_of_one_person(rita, case, person):
    other = Person.objects.create(household=case.household, municipality=case.household.municipality,
                                  given_name="Bram", family_name="Huisgenoot")
    rr = services.register_request(rita, case.household, kind="erasure", received_via="email", person=other)
    tombstone = services.erase(rita, rr, scope="person")
    assert tombstone.counts == {"plans.Person": 1}
    assert Person.objects.filter(pk=person.pk).exists() and not Person.objects.filter(pk=other.pk).exists()


def test_erasure_needs_an_open_erasure_request(rita, case):
    rr = services.register_request(rita, case.household, kind="access", received_via="email")
    with pytest.raises(ValidationError):
        services.erase(rita, rr)
    assert Household.objects.filter(pk=case.household.pk).exists()


def test_budget_and_plan_content_in_export(rita, case, person):
    plan = case.household.plans.get()
    plan_services.update_plan(rita, plan, expected_version=plan.version, summary="Schulden op orde",
                              budget_total=Decimal("500"))
    sections = services.subject_access(rita, person)["sections"]
    [exported] = sections["plans"]["plans"]
    assert exported["wat het huishouden wil bereiken"] == "Schulden op orde"


def test_erasure_removes_referrals_that_protect_the_household_records(rita, case, network):
    """Referrals PROTECT their triage, plan action and previous referral; erasure of the household removes
    them first (they are the household's own records) and counts them in the tombstone."""
    from samenkracht.plans.models import Action
    from samenkracht.referrals.models import Referral

    plan = case.household.plans.get()
    action = Action.objects.create(plan=plan, municipality=network.zwolle, performer="organisation",
                                   what="Schuldhulp")
    common = {"municipality": network.zwolle, "household": case.household, "sender": case.coordinator_user,
              "sender_organisation": network.mee, "target_kind": "organisation",
              "target_organisation": network.de_kern, "receiving_organisation": network.de_kern}
    first = Referral.objects.create(triage=case.help_request.triage, **common)
    Referral.objects.create(triage=case.help_request.triage, previous=first, **common)
    Referral.objects.create(action=action, **common)
    # apps register their own collectors (referrals does, in its AppConfig.ready); JSON and PDF include them
    person = case.household.members.get()
    document = services.subject_access(rita, person)
    if "referrals" in document["sections"]:
        assert services.subject_access_pdf(rita, person).startswith(b"%PDF-")
    rr = services.register_request(rita, case.household, kind="erasure", received_via="letter")
    tombstone = services.erase(rita, rr)
    assert tombstone.counts["referrals.Referral"] == 3
    assert not Referral.objects.exists() and not Household.objects.filter(pk=case.household.pk).exists()


def test_erasure_request_cannot_be_marked_carried_out_by_hand(rita, case):
    rr = services.register_request(rita, case.household, kind="erasure", received_via="letter")
    with pytest.raises(ValidationError) as error:
        services.advance_request(rita, rr, status="carried_out")
    assert "status" in error.value.message_dict
    rr.refresh_from_db()
    assert rr.status == "received" and Household.objects.filter(pk=case.household.pk).exists()
