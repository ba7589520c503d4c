"""The rights pages and API: allowed with a relation, forbidden without; exports logged; restriction blocks
writes on web and API; erasure removes the household from lists; the worklist takes a fixed number of
queries."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenkracht.plans.models import Household
from samenkracht.privacy.models import AccessLogEntry
from samenkracht.rights import services
from samenkracht.rights.models import Correction, RightsRequest
from tests.api_helpers import api_with_token, assert_invalid
from tests.conftest import sign_in
from tests.rights.conftest import pdf_text

pytestmark = pytest.mark.django_db


def for_person(api, user):
    api.headers["HTTP_X_ON_BEHALF_OF"] = user.email
    return api


@pytest.fixture
def mee_api(case, network):
    from django.test import Client

    return for_person(api_with_token(Client(), network.mee, "households:read", "households:write"),
                      case.coordinator_user)


@pytest.fixture
def stranger_api(case, network):
    from django.test import Client

    return for_person(api_with_token(Client(), network.de_kern, "households:read", "households:write"), case.stranger)


def test_rights_page_with_and_without_relation(client, case, person):
    sign_in(client, case.coordinator_user)
    response = client.get(reverse("rights:household", args=[case.household.pk]))
    assert response.status_code == 200
    assert "Rechten van de inwoner" in response.content.decode() and "Sanne" in response.content.decode()
    detail = client.get(reverse("plans:household_detail", args=[case.household.pk])).content.decode()
    assert reverse("rights:household", args=[case.household.pk]) in detail
    sign_in(client, case.stranger)
    assert client.get(reverse("rights:household", args=[case.household.pk])).status_code == 403


def test_pdf_download_is_logged_as_export(client, case, person):
    sign_in(client, case.coordinator_user)
    response = client.get(reverse("rights:export_pdf", args=[person.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and "Jansma" in pdf_text(response.content)
    assert AccessLogEntry.objects.filter(event="export", outcome="allowed", source="web",
                                         subject_id=str(case.household.pk)).exists()
    sign_in(client, case.stranger)
    assert client.get(reverse("rights:export_json", args=[person.pk])).status_code == 403
    assert AccessLogEntry.objects.filter(event="export", outcome="denied", user_id_value=case.stranger.pk).exists()


def test_register_and_handle_request_on_the_web(client, case, person):
    sign_in(client, case.coordinator_user)
    url = reverse("rights:request_create", args=[case.household.pk])
    response = client.post(url, {"kind": "access", "received_via": "bogus"})
    assert response.status_code == 200 and not RightsRequest.objects.exists()
    response = client.post(url, {"kind": "access", "received_via": "letter", "person": person.pk})
    assert response.status_code == 302
    rr = RightsRequest.objects.get()
    page = client.post(reverse("rights:request_detail", args=[rr.pk]), {"status": "refused"})
    assert page.status_code == 200 and "reden" in page.content.decode().lower()
    client.post(reverse("rights:request_detail", args=[rr.pk]), {"status": "carried_out"})
    rr.refresh_from_db()
    assert rr.status == "carried_out"


def test_correction_form_and_history(client, case, person):
    sign_in(client, case.coordinator_user)
    url = reverse("rights:correct", args=[person.pk])
    response = client.post(url, {"given_name": "Sanne", "family_name": "Jansen", "bsn": "", "address": "Kerkstraat 1",
                                 "postcode": "8011AA"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Jansma" in page and "Jansen" in page  # old and new value, to those with a relation
    response = client.post(url, {"given_name": "Sanne", "family_name": "Jansen", "bsn": "123456789",
                                 "address": "Kerkstraat 1", "postcode": "8011AA"})
    assert response.status_code == 200 and Correction.objects.count() == 1
    sign_in(client, case.stranger)
    assert client.get(url).status_code == 403


def test_restriction_blocks_writes_on_web_and_api(client, case, mee_api):
    plan = case.household.plans.get()
    sign_in(client, case.coordinator_user)
    response = client.post(reverse("rights:restriction", args=[case.household.pk]),
                           {"reason": "Inwoner betwist de gegevens"})
    assert response.status_code == 302
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]),
                           {"summary": "Nieuw", "budget_total": "100", "version": plan.version})
    assert response.status_code == 200 and "AVG artikel 18" in response.content.decode()
    response = mee_api.send("PATCH", f"/plans/{plan.pk}", {"version": plan.version, "summary": "Via API"})
    assert response.status_code == 422 and "artikel 18" in json.dumps(response.json(), ensure_ascii=False)
    plan.refresh_from_db()
    assert plan.summary == ""
    client.post(reverse("rights:restriction", args=[case.household.pk]), {})
    response = mee_api.send("PATCH", f"/plans/{plan.pk}", {"version": plan.version, "summary": "Via API"})
    assert response.status_code == 200


def test_erasure_removes_the_household_from_lists_and_api(client, case, person, mee_api):
    sign_in(client, case.coordinator_user)
    assert mee_api.get("/plans/households").json()["count"] == 1
    rr = services.register_request(services_actor(case), case.household, kind="erasure", received_via="letter")
    response = client.post(reverse("rights:erase", args=[rr.pk]), {"scope": "household"})
    assert response.status_code == 200  # the confirmation is required
    response = client.post(reverse("rights:erase", args=[rr.pk]), {"scope": "household", "confirm": "on"})
    assert response.status_code == 302
    assert not Household.objects.filter(pk=case.household.pk).exists()
    listing = client.get(reverse("plans:household_list")).content.decode()
    assert "Sanne" not in listing
    assert mee_api.get("/plans/households").json()["count"] == 0
    assert mee_api.get(f"/rights/persons/{person.pk}/access").status_code == 404
    worklist = client.get(reverse("frontdoor:worklist")).content.decode()
    assert "HV-TEST-1" not in worklist
    detail = client.get(reverse("rights:request_detail", args=[rr.pk])).content.decode()
    assert "gewist" in detail.lower()


def services_actor(case):
    from tests.rights.conftest import actor

    return actor(case.coordinator_user)


def test_api_requests_and_subject_access(case, person, mee_api, stranger_api):
    response = mee_api.post("/rights/requests", {"household": case.household.pk, "kind": "erasure",
                                                 "received_via": "email", "person": person.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "received" and body["deadline"] > body["received_at"]
    assert_invalid(mee_api.post("/rights/requests", {"household": case.household.pk, "kind": "x",
                                                     "received_via": "email"}), "body", "kind")
    assert stranger_api.post("/rights/requests", {"household": case.household.pk, "kind": "access",
                                                  "received_via": "email"}).status_code == 403
    listing = mee_api.get("/rights/requests").json()
    assert listing["count"] == 1 and listing["items"][0]["household"] == case.household.pk
    assert stranger_api.get("/rights/requests").json()["count"] == 0  # De Kern handles none
    access = mee_api.get(f"/rights/persons/{person.pk}/access")
    assert access.status_code == 200 and access.json()["sections"]["plans"]["person"]["voornaam"] == "Sanne"
    assert AccessLogEntry.objects.filter(event="export", source="api", outcome="allowed").exists()
    assert stranger_api.get(f"/rights/persons/{person.pk}/access").status_code == 403


def test_read_only_token_cannot_register(client, case, network):
    api = for_person(api_with_token(client, network.mee, "households:read"), case.coordinator_user)
    response = api.post("/rights/requests", {"household": case.household.pk, "kind": "access",
                                             "received_via": "email"})
    assert response.status_code == 403 and not RightsRequest.objects.exists()


def _requests(case, network, n):
    for _i in range(n):
        RightsRequest.objects.create(municipality=network.zwolle, organisation=network.mee, household=case.household,
                                     household_number=case.household.pk, kind="access", received_via="letter")


def test_worklist_query_count_does_not_grow(client, case, network, mee_api, people):
    sign_in(client, case.coordinator_user)
    _requests(case, network, 2)
    url = reverse("rights:worklist")
    mee_api.get("/rights/requests")  # the token's first use records its last use once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few_api:
        assert mee_api.get("/rights/requests").status_code == 200
    _requests(case, network, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    with CaptureQueriesContext(connection) as many_api:
        assert mee_api.get("/rights/requests").json()["count"] == 22
    assert response.content.decode().count("AVG-verzoek ") >= 22
    assert len(many) == len(few) and len(many_api) == len(few_api)
    assert len(many) <= 20
    # the privacy officer of Zwolle sees the municipality's requests, the policy officer of Meierijstad none
    sign_in(client, people.privacy)
    assert client.get(url).status_code == 200
    sign_in(client, people.policy)
    assert client.get(url).status_code == 403


def test_rights_household_page_query_count(client, case, person, django_assert_max_num_queries):
    sign_in(client, case.coordinator_user)
    url = reverse("rights:household", args=[case.household.pk])
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
