"""The volunteer pages: allowed and forbidden per role and organisation, inline errors, the match card."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenkracht.privacy.models import AccessLogEntry
from samenkracht.volunteers.models import HoursEntry, Volunteer, VolunteerMatch
from tests.conftest import sign_in
from tests.volunteers.conftest import make_volunteer

pytestmark = pytest.mark.django_db


def test_pool_list_shows_the_pools_of_my_organisation(client, world, people):
    sign_in(client, people.coordinator)
    page = client.get(reverse("volunteers:pool_list")).content.decode()
    assert "Maatjes Zwolle" in page and "Thuisadministratie MEE" not in page
    sign_in(client, people.professional)
    page = client.get(reverse("volunteers:pool_list")).content.decode()
    assert "Thuisadministratie MEE" in page and "Maatjes Zwolle" not in page


def test_pool_page_shows_volunteers_to_the_organisation_only_and_logs(client, world, people):
    make_volunteer(world.pool, given_name="Femke", family_name="Fictief")
    url = reverse("volunteers:pool_detail", args=[world.pool.pk])
    sign_in(client, people.coordinator)
    response = client.get(url)
    assert response.status_code == 200 and "Femke Fictief" in response.content.decode()
    assert AccessLogEntry.objects.filter(subject_type="volunteer", event="search", outcome="allowed").exists()
    for persona in ("mee_coordinator", "professional", "admin", "policy", "privacy"):
        client.logout()
        sign_in(client, people.by_name(persona))
        response = client.get(url)
        assert response.status_code == 403, persona
        assert "Femke" not in response.content.decode()
    assert AccessLogEntry.objects.filter(subject_type="volunteer", outcome="denied").count() == 5


def test_professional_of_the_pool_organisation_sees_but_does_not_manage(client, world, people):
    volunteer = make_volunteer(world.mee_pool, given_name="Henk")
    sign_in(client, people.professional)
    assert client.get(reverse("volunteers:volunteer_detail", args=[volunteer.pk])).status_code == 200
    assert client.get(reverse("volunteers:volunteer_edit", args=[volunteer.pk])).status_code == 403
    assert client.post(reverse("volunteers:volunteer_create", args=[world.mee_pool.pk]),
                       {"given_name": "X", "family_name": "Y", "capacity": 1}).status_code == 403
    assert Volunteer.objects.count() == 1


def test_register_edit_and_leave_a_volunteer(client, world, people):
    sign_in(client, people.coordinator)
    response = client.post(reverse("volunteers:volunteer_create", args=[world.pool.pk]), {
        "given_name": "Karin", "family_name": "Klaassen", "phone": "06-98765432", "skills": ["financien"],
        "languages": "nl, EN", "postcode_area": "8011 AB", "availability": ["2-1", "4-2"], "capacity": "2",
    })
    volunteer = Volunteer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:volunteer_detail",
                                                                            args=[volunteer.pk])
    assert volunteer.postcode_area == "8011" and volunteer.languages == ["en", "nl"]
    assert volunteer.has_slot(2, 1) and volunteer.has_slot(4, 2) and not volunteer.has_slot(1, 0)
    page = client.get(response["Location"]).content.decode()
    assert "Karin Klaassen" in page and "06-98765432" in page
    response = client.post(reverse("volunteers:volunteer_edit", args=[volunteer.pk]), {
        "given_name": "Karin", "family_name": "Klaassen", "capacity": "3", "availability": ["1-0"]})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.capacity == 3 and volunteer.availability == 1 and volunteer.phone == ""
    url = reverse("volunteers:volunteer_status", args=[volunteer.pk])
    assert client.post(url, {"status": "active", "on": timezone.localdate().isoformat()}).status_code == 302
    assert client.post(url, {"status": "left", "on": timezone.localdate().isoformat()}).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == "left" and volunteer.left_on == timezone.localdate()


def test_bad_input_is_shown_inline_and_nothing_is_saved(client, world, people):
    sign_in(client, people.coordinator)
    response = client.post(reverse("volunteers:volunteer_create", args=[world.pool.pk]), {
        "given_name": "Karin", "family_name": "Klaassen", "postcode_area": "12", "capacity": "1"})
    assert response.status_code == 422
    assert "Nederlandse postcode" in response.content.decode() or "Dutch postcode" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_deploy_a_volunteer_for_an_accepted_referral(client, world, people):
    volunteer = make_volunteer(world.pool, given_name="Joke", skills=["sociaal-netwerk"], postcode_area="8012")
    referral = world.referral("accepted", accepted_by=people.coordinator)
    sign_in(client, people.coordinator)
    page = client.get(reverse("volunteers:assign_list")).content.decode()
    match_url = reverse("volunteers:match_referral", args=[referral.pk])
    assert match_url in page
    page = client.get(match_url).content.decode()
    assert "Joke" in page and "Sociaal netwerk" in page  # ranked with the reason from the shared plan goal
    response = client.post(match_url, {"volunteer": volunteer.pk, "started_on": timezone.localdate().isoformat(),
                                       "note": "Dinsdag om 14 uur"})
    match = VolunteerMatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:match_detail", args=[match.pk])
    referral.refresh_from_db()
    assert referral.status == "in_progress"


def test_capacity_refusal_on_the_web_changes_nothing(client, world, people):
    volunteer = make_volunteer(world.pool, capacity=1)
    VolunteerMatch.objects.create(referral=world.referral("in_progress"), volunteer=volunteer,
                                  municipality_id=volunteer.municipality_id)
    referral = world.referral("accepted")
    sign_in(client, people.coordinator)
    url = reverse("volunteers:match_referral", args=[referral.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="at-capacity"' in page
    response = client.post(url, {"volunteer": volunteer.pk, "started_on": timezone.localdate().isoformat()})
    assert response.status_code == 422
    assert "capaciteit" in response.content.decode() or "capacity" in response.content.decode()
    assert VolunteerMatch.objects.count() == 1
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_other_coordinators_cannot_deploy_for_de_kerns_pool(client, world, people):
    volunteer = make_volunteer(world.pool)
    referral = world.referral("accepted")
    sign_in(client, people.mee_coordinator)
    url = reverse("volunteers:match_referral", args=[referral.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"volunteer": volunteer.pk, "started_on": timezone.localdate().isoformat()}
                       ).status_code == 403
    assert not VolunteerMatch.objects.exists()
    assert url not in client.get(reverse("volunteers:assign_list")).content.decode()


def test_hours_on_the_web(client, world, people):
    volunteer = make_volunteer(world.pool, capacity=2)
    match = VolunteerMatch.objects.create(referral=world.referral("in_progress"), volunteer=volunteer,
                                          municipality_id=volunteer.municipality_id,
                                          started_on=timezone.localdate() - timedelta(days=3))
    sign_in(client, people.coordinator)
    url = reverse("volunteers:match_hours", args=[match.pk])
    assert client.post(url, {"date": timezone.localdate().isoformat(), "hours": "25"}).status_code == 422
    assert client.post(url, {"date": timezone.localdate().isoformat(), "hours": "0"}).status_code == 422
    assert not HoursEntry.objects.exists()
    assert client.post(url, {"date": timezone.localdate().isoformat(), "hours": "2,5"}).status_code == 302
    page = client.get(reverse("volunteers:match_detail", args=[match.pk])).content.decode()
    assert "2,50" in page or "2.50" in page
    client.logout()
    sign_in(client, people.mee_coordinator)
    assert client.post(url, {"date": timezone.localdate().isoformat(), "hours": "1"}).status_code == 403
    assert HoursEntry.objects.count() == 1


def test_match_card_shows_only_what_the_referral_shares(client, world, people, second_coordinator):
    volunteer = make_volunteer(world.pool, given_name="Joke", family_name="Jager")
    referral = world.referral("in_progress", accepted_by=people.coordinator)
    match = VolunteerMatch.objects.create(referral=referral, volunteer=volunteer,
                                          municipality_id=volunteer.municipality_id, note="Dinsdagmiddag")
    url = reverse("volunteers:match_card", args=[match.pk])
    sign_in(client, people.coordinator)  # accepted the referral: the REFERRAL relation
    page = client.get(url).content.decode()
    assert "Joke Jager" in page and "Sanne Jansma" in page and "06-11112222" in page
    assert "Weer mensen ontmoeten" not in page  # plan goals are never on a volunteer's card
    assert AccessLogEntry.objects.filter(subject_type="referral", subject_id=str(referral.pk),
                                         outcome="allowed").exists()
    assert AccessLogEntry.objects.filter(subject_type="volunteer_match", event="export").exists()
    client.logout()
    sign_in(client, second_coordinator)  # same organisation, not assigned to the referral
    page = client.get(url).content.decode()
    assert "Joke Jager" in page and "Sanne" not in page and 'data-testid="pool-data-only"' in page


def test_pool_page_query_count_does_not_grow(client, world, people, django_assert_max_num_queries):
    sign_in(client, people.coordinator)
    url = reverse("volunteers:pool_detail", args=[world.pool.pk])
    for i in range(3):
        make_volunteer(world.pool, given_name=f"A{i}", skills=["financien"])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(12):
        make_volunteer(world.pool, given_name=f"B{i}", skills=["financien", "sociaal-netwerk"])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("volunteers:pool_list"))


def test_create_and_edit_a_pool(client, world, people, network):
    sign_in(client, people.coordinator)
    url = reverse("volunteers:pool_create")
    page = client.get(url).content.decode()
    assert "De Kern" in page and "MEE IJsseloevers" not in page  # only organisations the person coordinates
    response = client.post(url, {"organisation": network.de_kern.pk, "municipality": network.kampen.pk,
                                 "name": "Vervoer Kampen", "kind": "transport", "active": "on"})
    from samenkracht.volunteers.models import VolunteerPool

    pool = VolunteerPool.objects.get(name="Vervoer Kampen")
    assert response.status_code == 302 and pool.municipality == network.kampen
    response = client.post(url, {"organisation": network.mee.pk, "municipality": network.zwolle.pk,
                                 "name": "Niet van mij", "kind": "other"})
    assert response.status_code == 422 and not VolunteerPool.objects.filter(name="Niet van mij").exists()
    response = client.post(reverse("volunteers:pool_edit", args=[pool.pk]),
                           {"name": "Maatjes Zwolle", "kind": "transport"})  # name taken in De Kern
    assert response.status_code == 422
    assert client.post(reverse("volunteers:pool_edit", args=[pool.pk]),
                       {"name": "Vervoer Kampen", "kind": "transport"}).status_code == 302
    pool.refresh_from_db()
    assert pool.active is False


def test_end_a_match(client, world, people):
    volunteer = make_volunteer(world.pool)
    match = VolunteerMatch.objects.create(referral=world.referral("in_progress"), volunteer=volunteer,
                                          municipality_id=volunteer.municipality_id)
    url = reverse("volunteers:match_end", args=[match.pk])
    sign_in(client, people.mee_coordinator)
    assert client.post(url, {"ended_on": timezone.localdate().isoformat()}).status_code == 403
    client.logout()
    sign_in(client, people.coordinator)
    assert client.post(url, {"ended_on": timezone.localdate().isoformat()}).status_code == 302
    match.refresh_from_db()
    assert match.status == "ended" and match.ended_on == timezone.localdate()
