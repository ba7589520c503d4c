"""REST API of volunteers: scopes and X-On-Behalf-Of, 422 naming the field, capacity, logging, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samenkracht.privacy.models import AccessLogEntry
from samenkracht.volunteers.models import HoursEntry, Volunteer, VolunteerMatch
from tests.api_helpers import api_with_token, assert_invalid
from tests.volunteers.conftest import make_volunteer

pytestmark = pytest.mark.django_db


def for_person(api, user):
    api.headers["HTTP_X_ON_BEHALF_OF"] = user.email
    return api


@pytest.fixture
def kern_api(client, world, network, people):
    """De Kern's system on behalf of its coordinator (Cas)."""
    return for_person(api_with_token(client, network.de_kern, "households:read", "households:write"),
                      people.coordinator)


BODY = {"given_name": "Sam", "family_name": "Synthetisch", "skills": ["financien"], "languages": ["nl"],
        "postcode_area": "8011", "availability": [{"weekday": 2, "part": "afternoon"}], "capacity": 2,
        "status": "active"}


def test_pools_are_listed_with_a_network_scope(client, world, network):
    api = api_with_token(client, network.mee, "network:read")
    response = api.get("/volunteers/pools")
    assert response.status_code == 200
    names = [item["name"] for item in response.json()["items"]]
    assert names == ["Maatjes Zwolle", "Thuisadministratie MEE"]
    assert api.get("/volunteers/pools", {"organisation": network.de_kern.pk}).json()["count"] == 1


def test_register_list_and_change_on_behalf_of_the_coordinator(kern_api, world):
    response = kern_api.post(f"/volunteers/pools/{world.pool.pk}/volunteers", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "active" and body["availability"] == [{"weekday": 2, "part": "afternoon"}]
    assert body["skills"] == ["financien"] and body["running_matches"] == 0
    listed = kern_api.get(f"/volunteers/pools/{world.pool.pk}/volunteers").json()
    assert [item["given_name"] for item in listed["items"]] == ["Sam"]
    response = kern_api.patch(f"/volunteers/volunteers/{body['id']}", {"capacity": 3, "status": "leaving"})
    assert response.status_code == 200, response.content
    assert response.json()["capacity"] == 3 and response.json()["status"] == "leaving"
    events = set(AccessLogEntry.objects.filter(subject_type="volunteer").values_list("event", flat=True))
    assert {"create", "search", "update"} <= events
    assert AccessLogEntry.objects.filter(subject_type="volunteer", source="api").exists()


def test_bad_input_is_422_naming_the_field_and_saves_nothing(kern_api, world):
    assert_invalid(kern_api.post(f"/volunteers/pools/{world.pool.pk}/volunteers",
                                 {**BODY, "postcode_area": "12"}), "body", "postcode_area")
    assert_invalid(kern_api.post(f"/volunteers/pools/{world.pool.pk}/volunteers",
                                 {**BODY, "skills": ["geen-domein"]}), "body", "skills")
    assert_invalid(kern_api.post(f"/volunteers/pools/{world.pool.pk}/volunteers",
                                 {**BODY, "availability": [{"weekday": 9, "part": "morning"}]}), "body",
                   "availability")
    assert not Volunteer.objects.exists()


def test_without_households_scope_or_on_behalf_of_the_wrong_person_it_is_refused(client, world, network, people):
    make_volunteer(world.pool)
    url = f"/volunteers/pools/{world.pool.pk}/volunteers"
    assert api_with_token(client, network.de_kern, "network:write").get(url).status_code == 403
    nobody = api_with_token(client, network.de_kern, "households:read", "households:write")
    assert nobody.get(url).status_code == 403
    other = for_person(api_with_token(client, network.mee, "households:read", "households:write"),
                       people.mee_coordinator)
    assert other.get(url).status_code == 403
    assert other.post(url, BODY).status_code == 403
    reader = for_person(api_with_token(client, network.de_kern, "households:read"), people.coordinator)
    assert reader.get(url).status_code == 200
    assert reader.post(url, BODY).status_code == 403
    assert Volunteer.objects.count() == 1
    assert AccessLogEntry.objects.filter(subject_type="volunteer", outcome="denied").exists()


def test_match_and_hours_with_capacity_refusal(kern_api, world, people):
    volunteer = make_volunteer(world.pool, capacity=1)
    referral = world.referral("accepted", accepted_by=people.coordinator)
    response = kern_api.post("/volunteers/matches", {"referral": referral.pk, "volunteer": volunteer.pk})
    assert response.status_code == 201, response.content
    match_id = response.json()["id"]
    second = world.referral("accepted")
    response = kern_api.post("/volunteers/matches", {"referral": second.pk, "volunteer": volunteer.pk})
    assert_invalid(response, "body", "volunteer")
    assert "capaciteit" in response.json()["detail"][0]["msg"]
    assert VolunteerMatch.objects.count() == 1
    today = timezone.localdate()
    assert kern_api.post(f"/volunteers/matches/{match_id}/hours", {"date": today.isoformat(), "hours": "1.5"}
                         ).status_code == 201
    assert_invalid(kern_api.post(f"/volunteers/matches/{match_id}/hours", {"date": today.isoformat(), "hours": "0"}),
                   "body", "hours")
    assert_invalid(kern_api.post(f"/volunteers/matches/{match_id}/hours",
                                 {"date": (today + timedelta(days=2)).isoformat(), "hours": "1"}), "body", "date")
    assert HoursEntry.objects.count() == 1
    assert kern_api.post("/volunteers/matches/99999/hours", {"date": today.isoformat(), "hours": "1"}
                         ).status_code == 404


def test_volunteer_list_query_count_does_not_grow(kern_api, world):
    for i in range(3):
        make_volunteer(world.pool, given_name=f"A{i}", skills=["financien"])
    url = f"/volunteers/pools/{world.pool.pk}/volunteers"
    kern_api.get(url)
    few, _response = kern_api.count_queries(url)
    for i in range(12):
        make_volunteer(world.pool, given_name=f"B{i}", skills=["financien", "sociaal-netwerk"])
    many, response = kern_api.count_queries(url)
    assert response.json()["count"] == 15
    assert many == few
