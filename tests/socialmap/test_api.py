"""/api/v1/socialmap/: scopes, visibility, paging, constant queries, bad input (422 naming the field)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from samenkracht.socialmap.models import Service, ServiceChange
from tests.api_helpers import Api, api_with_token, assert_invalid
from tests.socialmap.helpers import make_service, social_map_state, writer_token


@pytest.fixture
def kern_api(client, network) -> Api:
    """De Kern's own system: maintains De Kern's services."""
    return api_with_token(client, network.de_kern, "socialmap:write")


@pytest.fixture
def read_api(client, network) -> Api:
    return api_with_token(client, network.mee, "network:read")


@pytest.fixture
def review_api(client, network) -> Api:
    return api_with_token(client, network.gemeente_zwolle, "socialmap:review")


def new_service(**overrides) -> dict:
    body = {
        "name": "Formulierenhulp",
        "description": "Hulp bij formulieren.",
        "life_domains": ["financien"],
        "target_groups": ["iedereen"],
        "municipalities": ["GM0193"],
        "languages": ["nl", "en"],
        "cost_kind": "free",
        "schedules": [{"weekday": 3, "opens_at": "10:00", "closes_at": "12:00"}],
    }
    body.update(overrides)
    return body


def test_create_returns_201_with_everything_and_a_draft_for_a_coordinators_system(kern_api, network):
    response = kern_api.post("/socialmap/services", new_service())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"]["name"] == "De Kern" and body["publication"] == "draft"
    assert [d["code"] for d in body["life_domains"]] == ["financien"]
    assert body["coverage"] == [{"municipality": {"code": "GM0193", "name": "Zwolle"}, "neighbourhood": None}]
    assert body["schedules"] == [{"weekday": 3, "opens_at": "10:00:00", "closes_at": "12:00:00", "description": ""}]
    assert body["stale"] is False and body["assured_date"] == timezone.localdate().isoformat()
    change = ServiceChange.objects.get(service_id=body["id"], field="created")
    assert change.changed_by is None and change.changed_by_label.startswith("token ")

    submitted = kern_api.post("/socialmap/services", new_service(name="Meteen indienen", submit=True))
    assert submitted.json()["publication"] == "pending_review"


@pytest.mark.parametrize("overrides, field", [
    ({"minimum_age": 65, "maximum_age": 18}, "maximum_age"),
    ({"cost_kind": "amount", "cost_amount": "-5"}, "cost_amount"),
    ({"cost_kind": "free", "cost_amount": "5"}, "cost_amount"),
    ({"languages": ["nl", "xx"]}, "languages"),
    ({"name": "x" * 201}, "name"),
    ({"name": ""}, "name"),
    ({"life_domains": ["bogus"]}, "life_domains"),
    ({"municipalities": ["GM9999"]}, "municipalities"),
    ({"locations": [999999]}, "locations"),
    ({"status": "gone"}, "status"),
    ({"schedules": [{"weekday": 1, "opens_at": "14:00", "closes_at": "09:00"}]}, "schedules"),
    ({"schedules": [{"weekday": 8, "opens_at": "09:00", "closes_at": "12:00"}]}, "schedules"),
    ({"url": "javascript:alert(1)"}, "url"),
])
def test_bad_input_is_422_naming_the_field_and_saves_nothing(kern_api, network, overrides, field):
    before = social_map_state()
    response = kern_api.post("/socialmap/services", new_service(**overrides))
    assert_invalid(response, "body", field)
    assert social_map_state() == before


def test_create_for_another_organisation_is_403_and_saves_nothing(kern_api, network):
    before = social_map_state()
    response = kern_api.post("/socialmap/services", new_service(organisation=network.mee.pk))
    assert response.status_code == 403
    assert social_map_state() == before


def test_patch_changes_fields_and_records_history(kern_api, network):
    service = make_service(network.de_kern)
    response = kern_api.patch(f"/socialmap/services/{service.pk}",
                              {"phone": "038-1234567", "languages": ["nl", "tr"], "life_domains": ["financien"]})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "038-1234567" and response.json()["publication"] == "published"
    recorded = set(ServiceChange.objects.filter(service=service).exclude(field__in=["created", "publication"])
                   .values_list("field", flat=True))
    assert recorded == {"phone", "languages"}


def test_patch_refuses_clearing_a_required_field(kern_api, network):
    service = make_service(network.de_kern)
    before = social_map_state()
    assert_invalid(kern_api.patch(f"/socialmap/services/{service.pk}", {"name": None}), "body", "name")
    assert_invalid(kern_api.patch(f"/socialmap/services/{service.pk}", {"minimum_age": 70, "maximum_age": 12}),
                   "body", "maximum_age")
    assert social_map_state() == before


def test_patch_of_another_organisations_service_is_403(kern_api, network):
    service = make_service(network.mee)
    before = social_map_state()
    assert kern_api.patch(f"/socialmap/services/{service.pk}", {"name": "Gekaapt"}).status_code == 403
    assert social_map_state() == before


def test_confirm_makes_a_stale_service_current(kern_api, network):
    service = make_service(network.de_kern, assured_date=timezone.localdate() - timedelta(days=300))
    response = kern_api.post(f"/socialmap/services/{service.pk}/confirm", {})
    assert response.status_code == 200 and response.json()["stale"] is False
    other = make_service(network.mee, assured_date=timezone.localdate() - timedelta(days=300))
    assert kern_api.post(f"/socialmap/services/{other.pk}/confirm", {}).status_code == 403


def test_review_flow_over_the_api(kern_api, review_api, network):
    created = kern_api.post("/socialmap/services", new_service(submit=True)).json()
    assert kern_api.post(f"/socialmap/services/{created['id']}/approve", {}).status_code == 403

    assert_invalid(review_api.post(f"/socialmap/services/{created['id']}/reject", {"note": " "}), "body", "note")
    sent_back = review_api.post(f"/socialmap/services/{created['id']}/reject", {"note": "Kosten ontbreken."})
    assert sent_back.status_code == 200 and sent_back.json()["publication"] == "rejected"
    assert sent_back.json()["review_note"] == "Kosten ontbreken."

    resubmitted = kern_api.post(f"/socialmap/services/{created['id']}/submit", {})
    assert resubmitted.json()["publication"] == "pending_review"
    approved = review_api.post(f"/socialmap/services/{created['id']}/approve", {})
    assert approved.status_code == 200 and approved.json()["publication"] == "published"
    assert_invalid(review_api.post(f"/socialmap/services/{created['id']}/approve", {}), "body", "publication")


def test_list_shows_published_services_and_own_drafts_only(kern_api, read_api, review_api, network):
    make_service(network.de_kern, name="Gepubliceerd")
    make_service(network.de_kern, name="Eigen concept", actor=writer_token(network.de_kern), submit=False)
    make_service(network.mee, name="Concept van MEE", actor=writer_token(network.mee), submit=False)

    def listed(api, **params):
        response = api.get("/socialmap/services", params)
        assert response.status_code == 200, response.content
        return {item["name"] for item in response.json()["items"]}

    assert listed(kern_api) == {"Gepubliceerd", "Eigen concept"}
    assert listed(read_api) == {"Gepubliceerd"}
    assert listed(review_api) == {"Gepubliceerd", "Eigen concept", "Concept van MEE"}
    assert listed(review_api, publication="draft", organisation=network.mee.pk) == {"Concept van MEE"}
    concept = Service.objects.get(name="Concept van MEE")
    assert kern_api.get(f"/socialmap/services/{concept.pk}").status_code == 404


def test_list_filters_stale_services(read_api, network):
    make_service(network.de_kern, name="Oud", assured_date=timezone.localdate() - timedelta(days=300))
    make_service(network.de_kern, name="Nieuw")
    stale = read_api.get("/socialmap/services", {"stale": "true"}).json()["items"]
    assert [item["name"] for item in stale] == ["Oud"] and stale[0]["stale"] is True
    assert [i["name"] for i in read_api.get("/socialmap/services", {"stale": "false"}).json()["items"]] == ["Nieuw"]


@pytest.mark.parametrize("params, field", [
    ({"publication": "bogus"}, "publication"),
    ({"organisation": 999999}, "organisation"),
    ({"stale": "perhaps"}, "stale"),
])
def test_bad_list_filters_are_422_in_the_query(read_api, network, params, field):
    assert_invalid(read_api.get("/socialmap/services", params), "query", field)


def test_list_uses_a_constant_number_of_queries(review_api, network):
    def add(start, count):
        for number in range(start, start + count):
            make_service(network.de_kern if number % 2 else network.mee, name=f"Dienst {number:03d}",
                         municipalities=[network.kampen], neighbourhoods=[network.stadshagen] if number % 3 else [],
                         submit=bool(number % 4))

    add(0, 5)
    review_api.get("/socialmap/services")
    few, _response = review_api.count_queries("/socialmap/services")
    add(5, 25)
    many, response = review_api.count_queries("/socialmap/services")
    assert response.json()["count"] == 30 and len(response.json()["items"]) == 30
    assert many == few
