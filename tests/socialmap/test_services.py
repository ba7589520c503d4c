"""services.py: every write checks the actor, validates, records its history and re-indexes the service."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from samenkracht.network.models import Location
from samenkracht.socialmap import search, services
from samenkracht.socialmap.models import (
    CostKind,
    LifeDomain,
    Publication,
    Service,
    ServiceChange,
    ServiceStatus,
    TargetGroup,
    stale_before,
)
from samenkracht.socialmap.search import SearchParams, search_services
from tests.socialmap.helpers import SYSTEM, make_service, person, social_map_state, writer_token


def dutch(label) -> str:
    with translation.override("nl"):
        return str(label)


def changes(service) -> dict[str, tuple[str, str]]:
    """The latest recorded change per field: (old value, new value)."""
    rows = ServiceChange.objects.filter(service=service).order_by("changed_at", "id")
    return {c.field: (c.old_value, c.new_value) for c in rows}


@pytest.fixture
def office(network):
    location = Location.objects.create(name="Kantoor De Kern", street="Markt", house_number="1", postcode="8011AA",
                                       city="Zwolle", municipality=network.zwolle)
    location.organisations.add(network.de_kern)
    return location


# --- History ----------------------------------------------------------------------------------------


def test_update_records_one_history_row_per_changed_field_as_readable_text(network, people, office):
    service = make_service(network.de_kern)
    ServiceChange.objects.all().delete()
    coordinator = person(people.coordinator)

    services.update_service(
        coordinator, service,
        name="Op Orde", cost_kind="amount", cost_amount=Decimal("12.5"), languages=["nl", "ar"],
        description="Een vrijwilliger helpt je thuis met je papieren.",  # unchanged: no row
        life_domains=[LifeDomain.objects.get(code="financien"), LifeDomain.objects.get(code="instrumentele-adl")],
        target_groups=[TargetGroup.objects.get(code="schulden")],  # unchanged: no row
        municipalities=[network.kampen], neighbourhoods=[network.stadshagen],
        locations=[office],
        schedules=[{"weekday": 1, "opens_at": time(9, 30), "closes_at": time(12), "description": "inloop"}],
    )

    rows = ServiceChange.objects.filter(service=service)
    assert {row.field for row in rows} == {
        "name", "cost_kind", "cost_amount", "languages", "life_domains", "coverage", "locations", "schedules",
    }
    recorded = changes(service)
    assert recorded["name"] == ("Hulp bij de thuisadministratie", "Op Orde")
    # Choices as their labels in the platform language (Dutch), whatever the language of the request.
    assert recorded["cost_kind"] == (dutch(CostKind.FREE.label), dutch(CostKind.AMOUNT.label)) != ("free", "amount")
    assert recorded["cost_amount"] == ("", "12.50")
    assert recorded["languages"] == ("nl", "nl, ar")
    assert recorded["life_domains"] == ("Financiën", "Financiën, Instrumentele ADL")
    assert recorded["coverage"] == ("Zwolle", "Kampen; Zwolle: Stadshagen")
    assert recorded["locations"] == ("", "Kantoor De Kern (Zwolle)")
    assert recorded["schedules"] == ("dinsdag 09:00-12:00", "maandag 09:30-12:00 (inloop)")
    assert all(row.changed_by == people.coordinator and row.changed_by_label == "Cas Coördinator" for row in rows)
    assert len({row.changed_at for row in rows}) == 1
    service.refresh_from_db()
    assert service.publication == Publication.PUBLISHED  # an edit keeps a published service published


def test_an_update_without_changes_records_nothing(network):
    service = make_service(network.de_kern)
    before = ServiceChange.objects.count()
    services.update_service(SYSTEM, service, name=service.name, languages=["nl"])
    assert ServiceChange.objects.count() == before


def test_history_names_a_token_when_no_person_acted(network):
    service = make_service(network.de_kern)
    services.update_service(writer_token(network.de_kern), service, phone="038-1234567")
    row = ServiceChange.objects.get(service=service, field="phone")
    assert row.changed_by is None and row.changed_by_label == "token koppeling"
    assert (row.old_value, row.new_value) == ("", "038-1234567")


def test_create_records_who_created_it(network, people):
    service = make_service(network.de_kern, actor=person(people.coordinator), submit=False)
    created = ServiceChange.objects.get(service=service, field=services.CREATED)
    assert created.changed_by == people.coordinator and created.new_value == service.name


# --- Publication and review --------------------------------------------------------------------------


def test_coordinator_service_goes_from_draft_to_review_to_published(network, people):
    coordinator, reviewer = person(people.coordinator), person(people.policy)
    service = make_service(network.de_kern, actor=coordinator, submit=False)
    assert service.publication == Publication.DRAFT
    assert search_services(SearchParams(text="thuisadministratie")).total == 0  # drafts are not public

    services.submit_for_review(coordinator, service)
    assert service.publication == Publication.PENDING_REVIEW
    with pytest.raises(PermissionDenied):
        services.approve(coordinator, service)  # nobody approves their own work without the reviewer role

    services.approve(reviewer, service)
    service.refresh_from_db()
    assert service.publication == Publication.PUBLISHED
    assert search_services(SearchParams(text="thuisadministratie")).total == 1
    assert changes(service)["publication"] == (dutch(Publication.PENDING_REVIEW.label), dutch(Publication.PUBLISHED.label))


def test_reviewer_sends_back_with_a_note_and_coordinator_resubmits(network, people):
    coordinator, reviewer = person(people.coordinator), person(people.admin)
    service = make_service(network.de_kern, actor=coordinator, submit=True)
    assert service.publication == Publication.PENDING_REVIEW

    with pytest.raises(ValidationError) as error:
        services.reject(reviewer, service, "   ")
    assert "review_note" in error.value.message_dict
    services.reject(reviewer, service, "Vermeld ook de openingstijden op woensdag.")
    service.refresh_from_db()
    assert service.publication == Publication.REJECTED
    assert service.review_note == "Vermeld ook de openingstijden op woensdag."

    services.submit_for_review(coordinator, service)
    assert service.publication == Publication.PENDING_REVIEW
    with pytest.raises(ValidationError):
        services.submit_for_review(coordinator, service)  # already waiting


def test_reviewers_own_services_and_services_without_review_publish_directly(network, people, settings):
    admin_service = make_service(network.de_kern, actor=person(people.admin), submit=True, name="Van de beheerder")
    assert admin_service.publication == Publication.PUBLISHED
    settings.SOCIALMAP_REVIEW_REQUIRED = False
    service = make_service(network.de_kern, actor=person(people.coordinator), submit=True, name="Zonder review")
    assert service.publication == Publication.PUBLISHED


def test_only_services_awaiting_review_can_be_approved_or_sent_back(network, people):
    service = make_service(network.de_kern)  # published
    with pytest.raises(ValidationError):
        services.approve(person(people.policy), service)
    with pytest.raises(ValidationError):
        services.reject(person(people.policy), service, "nee")


# --- Stale and confirm -------------------------------------------------------------------------------


def test_service_not_confirmed_for_six_months_is_stale_until_confirmed(network, people, settings):
    old = timezone.localdate() - timedelta(days=200)
    service = make_service(network.de_kern, assured_date=old)
    assert service.is_stale and Service.objects.stale().filter(pk=service.pk).exists()

    services.confirm_current(person(people.coordinator), service)
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate() and not service.is_stale
    assert service.assurer == people.coordinator and service.assurer_email == people.coordinator.email
    assert changes(service)["assured_date"] == (old.isoformat(), timezone.localdate().isoformat())


def test_stale_period_is_configurable(network, settings):
    service = make_service(network.de_kern, assured_date=timezone.localdate() - timedelta(days=100))
    assert not service.is_stale
    settings.SOCIALMAP_STALE_MONTHS = 3
    assert service.assured_date < stale_before() and service.is_stale


def test_confirm_by_token_keeps_no_person(network):
    service = make_service(network.de_kern, assured_date=timezone.localdate() - timedelta(days=400))
    services.confirm_current(writer_token(network.de_kern), service)
    service.refresh_from_db()
    assert service.assurer is None and service.assurer_email == "" and not service.is_stale


# --- Status ------------------------------------------------------------------------------------------


def test_status_changes_are_recorded_and_defunct_services_leave_the_public_search(network, people):
    service = make_service(network.de_kern)
    services.set_status(person(people.coordinator), service, "temporarily closed")
    assert search_services(SearchParams(text="thuisadministratie")).total == 1
    services.set_status(person(people.coordinator), service, "defunct")
    assert search_services(SearchParams(text="thuisadministratie")).total == 0
    assert changes(service)["status"] == (dutch(ServiceStatus.TEMPORARILY_CLOSED.label), dutch(ServiceStatus.DEFUNCT.label))
    with pytest.raises(ValidationError):
        services.set_status(person(people.coordinator), service, "gone")


# --- Permissions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["professional", "mee_coordinator", "policy", "privacy", "outsider"])
def test_only_maintainers_of_the_organisation_write(network, people, who):
    service = make_service(network.de_kern)
    before = social_map_state()
    actor = person(people.by_name(who))
    for call in [
        lambda: services.create_service(actor, network.de_kern, name="Nieuw"),
        lambda: services.update_service(actor, service, name="Gekaapt"),
        lambda: services.confirm_current(actor, service),
        lambda: services.set_status(actor, service, "defunct"),
        lambda: services.submit_for_review(actor, service),
    ]:
        with pytest.raises(PermissionDenied):
            call()
    assert social_map_state() == before


def test_a_token_writes_only_for_its_own_organisation(network):
    service = make_service(network.mee)
    with pytest.raises(PermissionDenied):
        services.update_service(writer_token(network.de_kern), service, name="Gekaapt")
    with pytest.raises(PermissionDenied):
        services.approve(writer_token(network.de_kern), service)


# --- Validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize("overrides, field", [
    ({"minimum_age": 65, "maximum_age": 18}, "maximum_age"),
    ({"cost_kind": "amount", "cost_amount": Decimal("-1")}, "cost_amount"),
    ({"cost_kind": "free", "cost_amount": Decimal("5")}, "cost_amount"),
    ({"languages": ["nl", "xx"]}, "languages"),
    ({"name": "x" * 201}, "name"),
    ({"schedules": [{"weekday": 1, "opens_at": time(12), "closes_at": time(9)}]}, "schedules"),
    ({"schedules": [{"weekday": 9, "opens_at": time(9), "closes_at": time(12)}]}, "schedules"),
])
def test_bad_input_is_refused_with_the_field_and_saves_nothing(network, overrides, field):
    before = social_map_state()
    with pytest.raises(ValidationError) as error:
        make_service(network.de_kern, **overrides)
    assert field in error.value.message_dict
    assert social_map_state() == before


def test_a_neighbourhood_inside_a_covered_municipality_is_refused(network):
    service = make_service(network.de_kern)
    before = social_map_state()
    with pytest.raises(ValidationError) as error:
        services.update_service(SYSTEM, service, municipalities=[network.zwolle], neighbourhoods=[network.stadshagen])
    assert "neighbourhoods" in error.value.message_dict
    assert social_map_state() == before


def test_unknown_language_message_names_the_code(network):
    with pytest.raises(ValidationError) as error:
        make_service(network.de_kern, languages=["nl", "qq"])
    assert "qq" in " ".join(error.value.message_dict["languages"])


# --- Search index ------------------------------------------------------------------------------------


def test_every_write_reindexes_the_service(network, people, monkeypatch):
    indexed = []
    monkeypatch.setattr(search, "index_services", lambda ids: indexed.append(list(ids)))
    coordinator, reviewer = person(people.coordinator), person(people.admin)
    service = make_service(network.de_kern, actor=coordinator, submit=False)
    services.update_service(coordinator, service, name="Op Orde")
    services.submit_for_review(coordinator, service)
    services.approve(reviewer, service)
    services.set_status(coordinator, service, "temporarily closed")
    Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate() - timedelta(days=300))
    services.confirm_current(coordinator, service)
    assert indexed == [[service.pk]] * 6


def test_the_index_follows_an_edit_of_the_text(network):
    service = make_service(network.de_kern)
    assert search_services(SearchParams(text="kwartetspel")).total == 0
    services.update_service(SYSTEM, service, description="Na afloop een kwartetspel met koffie.")
    found = search_services(SearchParams(text="kwartetspel"))
    assert [s.pk for s in found.items] == [service.pk]
