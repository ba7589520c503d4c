"""Pools, volunteers, matches and hours through the services: who may, what is refused, what is logged."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samenkracht.privacy.models import AccessLogEntry
from samenkracht.socialmap.models import LifeDomain
from samenkracht.volunteers import queries, services
from samenkracht.volunteers.models import HoursEntry, MatchStatus, Volunteer, VolunteerMatch, VolunteerStatus
from tests.volunteers.conftest import actor, make_volunteer

pytestmark = pytest.mark.django_db


def _register(user, pool, **extra):
    data = {"given_name": "Noor", "family_name": "Vrijwillig", "phone": "06-12345678", "capacity": 2}
    data.update(extra)
    return services.register_volunteer(actor(user), pool, **data)


# --- Registering and changing volunteers ----------------------------------------------------------


def test_the_pools_coordinator_registers_a_volunteer_encrypted_and_logged(world, people):
    volunteer = _register(people.coordinator, world.pool, skills=list(LifeDomain.objects.filter(code="financien")),
                          languages=["NL", "en"], postcode_area="8011 AB")
    volunteer.refresh_from_db()
    assert volunteer.status == VolunteerStatus.REGISTERED and volunteer.municipality_id == world.pool.municipality_id
    assert volunteer.postcode_area == "8011" and volunteer.languages == ["en", "nl"]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, phone FROM volunteers_volunteer WHERE id = %s", [volunteer.pk])
        stored_name, stored_phone = cursor.fetchone()
    assert "Noor" not in stored_name and "06-12345678" not in stored_phone
    entry = AccessLogEntry.objects.filter(subject_type="volunteer", subject_id=str(volunteer.pk)).get()
    assert entry.event == "create" and entry.outcome == "allowed" and entry.organisation_label == "De Kern"
    assert "Noor" not in entry.detail + entry.purpose


@pytest.mark.parametrize("persona", ["mee_coordinator", "professional", "admin", "policy", "privacy", "outsider"])
def test_others_cannot_register_in_de_kerns_pool_and_the_refusal_is_logged(world, people, persona):
    with pytest.raises(PermissionDenied):
        _register(people.by_name(persona), world.pool)
    assert not Volunteer.objects.exists()
    assert AccessLogEntry.objects.filter(subject_type="volunteer", outcome="denied").count() == 1


def test_bad_input_gives_the_field_and_saves_nothing(world, people):
    with pytest.raises(ValidationError) as error:
        _register(people.coordinator, world.pool, postcode_area="99", capacity=0, languages=["dutch!"])
    assert {"postcode_area", "capacity", "languages"} <= set(error.value.message_dict)
    assert not Volunteer.objects.exists()


def test_neighbourhoods_must_lie_in_the_pools_municipality(world, people, network):
    from samenkracht.network.models import Neighbourhood

    kampen = Neighbourhood.objects.create(municipality=network.kampen, name="Brunnepe", kind="district")
    with pytest.raises(ValidationError) as error:
        _register(people.coordinator, world.pool, neighbourhoods=[kampen])
    assert "neighbourhoods" in error.value.message_dict
    assert not Volunteer.objects.exists()


def test_status_registered_active_leaving_left(world, people):
    volunteer = _register(people.coordinator, world.pool, registered_on=date(2026, 1, 1))
    coordinator = actor(people.coordinator)
    services.change_status(coordinator, volunteer, status="active", on=date(2026, 1, 5))
    assert volunteer.active_since == date(2026, 1, 5)
    services.change_status(coordinator, volunteer, status="leaving", on=date(2026, 3, 1))
    services.change_status(coordinator, volunteer, status="left", on=date(2026, 3, 1))
    volunteer.refresh_from_db()
    assert volunteer.status == "left" and volunteer.left_on == date(2026, 3, 1)
    with pytest.raises(ValidationError) as error:
        services.change_status(coordinator, volunteer, status="active")
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.update_volunteer(coordinator, volunteer, phone="06-00000000")


def test_mee_coordinator_cannot_change_de_kerns_volunteer(world, people):
    volunteer = make_volunteer(world.pool)
    with pytest.raises(PermissionDenied):
        services.update_volunteer(actor(people.mee_coordinator), volunteer, given_name="Anders")
    with pytest.raises(PermissionDenied):
        services.change_status(actor(people.mee_coordinator), volunteer, status="left")
    volunteer.refresh_from_db()
    assert volunteer.given_name == "Vera" and volunteer.status == "active"


# --- Matches and capacity -------------------------------------------------------------------------


def test_deploying_a_volunteer_starts_an_accepted_referral(world, people):
    volunteer = make_volunteer(world.pool, capacity=2)
    referral = world.referral("accepted", accepted_by=people.coordinator)
    match = services.create_match(actor(people.coordinator), referral, volunteer, note="Dinsdag kennismaken")
    referral.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE and match.municipality_id == referral.municipality_id
    assert referral.status == "in_progress"
    assert AccessLogEntry.objects.filter(subject_type="volunteer_match", subject_id=str(match.pk),
                                         event="create").exists()


def test_a_volunteer_at_capacity_is_refused_with_a_clear_message_and_nothing_changes(world, people):
    volunteer = make_volunteer(world.pool, capacity=1)
    coordinator = actor(people.coordinator)
    services.create_match(coordinator, world.referral("in_progress"), volunteer)
    second = world.referral("accepted")
    with pytest.raises(ValidationError) as error:
        services.create_match(coordinator, second, volunteer)
    assert "capaciteit" in error.value.message_dict["volunteer"][0]  # "zit vol (maximale capaciteit)"
    assert VolunteerMatch.objects.count() == 1
    second.refresh_from_db()
    assert second.status == "accepted"


@pytest.mark.parametrize("status", ["sent", "completed", "cancelled", "rejected"])
def test_only_accepted_or_running_referrals_get_a_volunteer(world, people, status):
    volunteer = make_volunteer(world.pool)
    with pytest.raises(ValidationError) as error:
        services.create_match(actor(people.coordinator), world.referral(status), volunteer)
    assert "referral" in error.value.message_dict
    assert not VolunteerMatch.objects.exists()


def test_a_referral_to_another_pool_or_an_inactive_volunteer_is_refused(world, people):
    coordinator = actor(people.coordinator)
    registered = make_volunteer(world.pool, status=VolunteerStatus.REGISTERED)
    with pytest.raises(ValidationError):
        services.create_match(coordinator, world.referral("accepted"), registered)
    other_pool_volunteer = make_volunteer(world.mee_pool)
    with pytest.raises(PermissionDenied):  # MEE's pool: not De Kern's coordinator's
        services.create_match(coordinator, world.referral("accepted"), other_pool_volunteer)
    with pytest.raises(ValidationError):
        services.create_match(actor(people.mee_coordinator), world.referral("accepted"), other_pool_volunteer)
    assert not VolunteerMatch.objects.exists()


def test_a_referral_whose_basis_is_no_longer_valid_gets_no_volunteer(world, people):
    volunteer = make_volunteer(world.pool)
    referral = world.referral("accepted")
    world.legal_basis.active = False
    world.legal_basis.save()
    with pytest.raises(ValidationError):
        services.create_match(actor(people.coordinator), referral, volunteer)
    assert not VolunteerMatch.objects.exists()


def test_leaving_with_a_running_match_is_refused_until_it_ends(world, people):
    volunteer = make_volunteer(world.pool, capacity=2)
    coordinator = actor(people.coordinator)
    match = services.create_match(coordinator, world.referral("accepted"), volunteer)
    other = services.create_match(coordinator, world.referral("accepted"), volunteer)
    with pytest.raises(ValidationError):
        services.change_status(coordinator, volunteer, status="left")
    with pytest.raises(ValidationError) as error:  # capacity below the running matches
        services.update_volunteer(coordinator, volunteer, capacity=1)
    assert "capacity" in error.value.message_dict
    assert Volunteer.objects.get(pk=volunteer.pk).capacity == 2
    services.end_match(coordinator, match)
    services.end_match(coordinator, other)
    services.change_status(coordinator, volunteer, status="left")
    assert Volunteer.objects.get(pk=volunteer.pk).status == "left"


# --- Hours ----------------------------------------------------------------------------------------


@pytest.fixture
def match(world, people):
    volunteer = make_volunteer(world.pool, capacity=3)
    return services.create_match(actor(people.coordinator), world.referral("accepted"), volunteer,
                                 started_on=timezone.localdate() - timedelta(days=10))


def test_hours_are_recorded_by_the_coordinator(match, people):
    entry = services.record_hours(actor(people.coordinator), match, date=timezone.localdate(), hours="1,5",
                                  note="Samen post geopend")
    assert entry.hours == Decimal("1.5")
    assert queries.get_match(match.pk).total_hours == Decimal("1.5")


@pytest.mark.parametrize("hours, field", [("0", "hours"), ("-1", "hours"), ("24.5", "hours"), ("abc", "hours"),
                                          ("1.555", "hours")])
def test_hours_must_be_more_than_zero_and_at_most_24(match, people, hours, field):
    with pytest.raises(ValidationError) as error:
        services.record_hours(actor(people.coordinator), match, date=timezone.localdate(), hours=hours)
    assert field in error.value.message_dict
    assert not HoursEntry.objects.exists()


def test_hours_not_in_the_future_nor_before_the_match_nor_over_24_a_day(match, people):
    coordinator = actor(people.coordinator)
    today = timezone.localdate()
    for day in (today + timedelta(days=1), today - timedelta(days=30)):
        with pytest.raises(ValidationError) as error:
            services.record_hours(coordinator, match, date=day, hours="2")
        assert "date" in error.value.message_dict
    services.record_hours(coordinator, match, date=today, hours="20")
    with pytest.raises(ValidationError) as error:
        services.record_hours(coordinator, match, date=today, hours="5")
    assert "hours" in error.value.message_dict
    assert HoursEntry.objects.count() == 1


@pytest.mark.parametrize("persona", ["mee_coordinator", "professional", "admin", "outsider"])
def test_others_cannot_record_hours(match, people, persona):
    with pytest.raises(PermissionDenied):
        services.record_hours(actor(people.by_name(persona)), match, date=timezone.localdate(), hours="1")
    assert not HoursEntry.objects.exists()


# --- Pools ----------------------------------------------------------------------------------------


def test_pools_are_created_by_the_organisations_coordinator_only(world, people, network):
    pool = services.create_pool(actor(people.coordinator), organisation=network.de_kern, municipality=network.kampen,
                                name="Vervoer Kampen", kind="transport")
    assert pool.pk
    with pytest.raises(ValidationError) as error:  # same name within the organisation
        services.create_pool(actor(people.coordinator), organisation=network.de_kern, municipality=network.zwolle,
                             name="vervoer  kampen", kind="transport")
    assert "name" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.create_pool(actor(people.mee_coordinator), organisation=network.de_kern,
                             municipality=network.zwolle, name="Iets", kind="other")
    with pytest.raises(PermissionDenied):
        services.update_pool(actor(people.admin), pool, active=False)


def test_a_closed_pool_takes_no_new_volunteers(world, people):
    services.update_pool(actor(people.coordinator), world.pool, active=False)
    with pytest.raises(ValidationError):
        _register(people.coordinator, world.pool)
    assert not Volunteer.objects.exists()
