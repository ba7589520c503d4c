"""The front door over the REST API: a token acting on behalf of a professional (X-On-Behalf-Of)."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.plans.models import Household, Plan
from samenkracht.privacy.models import AccessLogEntry
from tests.api_helpers import assert_invalid
from tests.frontdoor.conftest import INVALID_BSN, VALID_BSN, register, token_api


def new_request(front, **fields) -> dict:
    body = {"team": front.wijkteam.pk, "channel": "phone",
            "question": "Meneer belt over zijn huur: er dreigt een ontruiming.",
            "life_domains": ["huisvesting", "financien"], "neighbourhood": front.centrum.pk, "urgency": "urgent"}
    body.update(fields)
    return body


def test_a_round_trip_on_behalf_of_a_professional(client, front):
    api = token_api(client, front)
    created = api.post("/frontdoor/requests", new_request(front))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["reference"].startswith("HV-") and body["channel"] == "phone" and body["urgency"] == "urgent"
    assert set(body["life_domains"]) == {"huisvesting", "financien"}
    assert body["team"] == {"id": front.wijkteam.pk, "name": front.wijkteam.name}
    assert body["question"].startswith("Meneer") and body["triage"] is None and body["crisis"] is False
    request_id = body["id"]

    listed = api.get("/frontdoor/worklist", {"team": front.wijkteam.pk})
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [i["id"] for i in items] == [request_id] and "question" not in items[0]
    assert items[0]["waiting_minutes"] == 0

    household = api.post(f"/frontdoor/requests/{request_id}/household", {
        "members": [{"given_name": "Henk", "family_name": "Bakker", "date_of_birth": "1961-09-12",
                     "bsn": VALID_BSN}],
        "postcode": "7607AA",
    })
    assert household.status_code == 201, household.content
    assert household.json()["members"][0]["has_bsn"] is True
    assert VALID_BSN not in household.content.decode()

    triaged = api.post(f"/frontdoor/requests/{request_id}/triage", {
        "second_professional": "wmo@example.test", "outcome": "plan", "coordinator": "wijkcoach@example.test",
        "notes": "Samen met de woningcorporatie afspraken maken."})
    assert triaged.status_code == 201, triaged.content
    plan = Plan.objects.get()
    assert triaged.json()["plan"] == plan.pk and triaged.json()["professional_b"]["organisation"]["name"] == (
        "Gemeente Almelo")

    fetched = api.get(f"/frontdoor/requests/{request_id}")
    assert fetched.status_code == 200 and fetched.json()["status"] == "triaged"
    assert fetched.json()["triage"]["outcome"] == "plan" and fetched.json()["household"] == household.json()["id"]

    entries = AccessLogEntry.objects.filter(source="api")
    assert entries.exists() and all(e.on_behalf_of == "wijkcoach@example.test" for e in entries)
    assert {"create", "read", "search", "update"} <= set(entries.values_list("event", flat=True))


@pytest.mark.parametrize("scopes, on_behalf_of", [
    (["network:read"], "wijkcoach@example.test"),
    (["households:read", "households:write"], None),
    (["households:read", "households:write"], "onbekend@example.test"),
])
def test_without_scope_or_professional_every_route_is_forbidden(client, front, scopes, on_behalf_of):
    request = register(front)
    api = token_api(client, front, *scopes, on_behalf_of=on_behalf_of)
    assert api.get("/frontdoor/worklist").status_code == 403
    assert api.get(f"/frontdoor/requests/{request.pk}").status_code == 403
    assert api.post("/frontdoor/requests", new_request(front)).status_code == 403
    assert HelpRequest.objects.count() == 1


def test_a_read_scope_reads_but_does_not_write(client, front):
    request = register(front)
    api = token_api(client, front, "households:read")
    assert api.get(f"/frontdoor/requests/{request.pk}").status_code == 200
    assert api.post("/frontdoor/requests", new_request(front)).status_code == 403
    assert api.post(f"/frontdoor/requests/{request.pk}/triage",
                    {"second_professional": "wmo@example.test", "outcome": "advice"}).status_code == 403


def test_a_professional_of_another_organisation_cannot_be_named(client, front):
    """X-On-Behalf-Of names a professional of the token's own organisation only."""
    api = token_api(client, front, on_behalf_of="wmo@example.test")  # token of DNO, Wendy works for the municipality
    assert api.get("/frontdoor/worklist").status_code == 403


def test_a_request_without_relation_is_refused_and_logged(client, front, people):
    request = register(front, user=front.balie, team=front.toegang)
    api = token_api(client, front)
    response = api.get(f"/frontdoor/requests/{request.pk}")
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(subject_id=str(request.pk), outcome="denied", source="api").exists()
    assert api.get("/frontdoor/requests/999999").status_code == 404


@pytest.mark.parametrize("fields, loc", [
    ({"channel": "signal"}, "signal_source"),
    ({"life_domains": ["geluk"]}, "life_domains"),
    ({"channel": "online_form"}, "channel"),
    ({"channel": "fax"}, "channel"),
    ({"team": 999999}, "team"),
    ({"neighbourhood": 999999}, "neighbourhood"),
    ({"question": ""}, "question"),
    ({"contact_email": "nee"}, "contact_email"),
])
def test_bad_input_is_a_422_naming_the_field_and_saves_nothing(client, front, fields, loc):
    api = token_api(client, front)
    response = api.post("/frontdoor/requests", new_request(front, **fields))
    assert_invalid(response, "body", loc)
    assert not HelpRequest.objects.exists()


def test_a_team_the_professional_is_not_in_is_forbidden(client, front):
    api = token_api(client, front)
    assert api.post("/frontdoor/requests", new_request(front, team=front.toegang.pk,
                                                       neighbourhood=None)).status_code == 403
    assert api.get("/frontdoor/worklist", {"team": front.toegang.pk}).status_code == 403
    assert_invalid(api.get("/frontdoor/worklist", {"team": 999999}), "query", "team")


@pytest.mark.parametrize("person, field", [
    ({"bsn": INVALID_BSN}, "bsn"),
    ({"bsn": "12345678901234567890"}, "bsn"),
    ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
    ({"role": "opa"}, "role"),
])
def test_household_errors_never_echo_the_bsn(client, front, caplog, person, field):
    caplog.set_level(logging.DEBUG)
    request = register(front)
    api = token_api(client, front)
    data = {"given_name": "Henk", "family_name": "Bakker", "date_of_birth": "1961-09-12", **person}
    response = api.post(f"/frontdoor/requests/{request.pk}/household", {"members": [data]})
    assert_invalid(response, "body", field)
    text = response.content.decode()
    assert INVALID_BSN not in text and "12345678901234567890" not in text
    assert INVALID_BSN not in caplog.text and "12345678901234567890" not in caplog.text
    assert any(e["loc"][0] == "body" and e["loc"][-3:] == ["members", 0, field] for e in response.json()["detail"])
    assert not Household.objects.exists()


def test_duplicates_answer_409_then_link_or_confirm(client, front):
    api = token_api(client, front)
    first = register(front)
    person = {"given_name": "Henk", "family_name": "Bakker", "date_of_birth": "1961-09-12", "bsn": VALID_BSN}
    assert api.post(f"/frontdoor/requests/{first.pk}/household", {"members": [person]}).status_code == 201
    existing = Household.objects.get()

    second = register(front)
    conflict = api.post(f"/frontdoor/requests/{second.pk}/household", {"members": [person]})
    assert conflict.status_code == 409
    assert conflict.json()["duplicates"] == [{"household": existing.pk, "team": front.wijkteam.name,
                                              "matched_on": "bsn", "member": 0}]
    assert Household.objects.count() == 1

    stranger = Household.objects.create(municipality=front.wijkteam.municipality)
    refused = api.post(f"/frontdoor/requests/{second.pk}/household", {"members": [person], "link_to": stranger.pk})
    assert_invalid(refused, "body", "household")
    linked = api.post(f"/frontdoor/requests/{second.pk}/household", {"members": [person], "link_to": existing.pk})
    assert linked.status_code == 200 and linked.json() | {"members": []} == {
        "id": existing.pk, "created": False, "holding_team": {"id": front.wijkteam.pk, "name": front.wijkteam.name},
        "neighbourhood": None, "members": []}

    third = register(front)
    confirmed = api.post(f"/frontdoor/requests/{third.pk}/household", {"members": [person], "confirm_new": True})
    assert confirmed.status_code == 201 and Household.objects.count() == 3


def test_triage_errors_name_their_field(client, front):
    request = register(front)
    api = token_api(client, front)
    same = api.post(f"/frontdoor/requests/{request.pk}/triage",
                    {"second_professional": "collega@example.test", "outcome": "advice"})
    assert_invalid(same, "body", "second_professional")
    unknown = api.post(f"/frontdoor/requests/{request.pk}/triage",
                       {"second_professional": "niemand@example.test", "outcome": "advice"})
    assert_invalid(unknown, "body", "second_professional")
    no_service = api.post(f"/frontdoor/requests/{request.pk}/triage",
                          {"second_professional": "wmo@example.test", "outcome": "open_access",
                           "service": "00000000-0000-0000-0000-000000000000"})
    assert_invalid(no_service, "body", "service")
    assert not Triage.objects.exists()
    ok = api.post(f"/frontdoor/requests/{request.pk}/triage",
                  {"second_professional": "wmo@example.test", "outcome": "open_access",
                   "service": str(front.buurtmaatjes.pk)})
    assert ok.status_code == 201 and ok.json()["service"] == str(front.buurtmaatjes.pk)


def test_the_worklist_api_uses_a_constant_number_of_queries(client, front):
    api = token_api(client, front)

    def add(count):
        for i in range(count):
            register(front, urgency=["normal", "crisis"][i % 2], life_domains=["financien", "huisvesting"])

    add(5)
    api.get("/frontdoor/worklist")
    with CaptureQueriesContext(connection) as five:
        assert api.get("/frontdoor/worklist").json()["count"] == 5
    add(25)
    with CaptureQueriesContext(connection) as thirty:
        response = api.get("/frontdoor/worklist")
    assert response.json()["count"] == 30 and len(response.json()["items"]) == 30
    assert len(thirty) == len(five)
    assert response.json()["items"][0]["crisis"] is True


def test_an_error_report_of_the_household_route_holds_no_bsn(client, front, monkeypatch):
    import sys

    from django.core.signals import got_request_exception
    from django.views.debug import ExceptionReporter

    caught = {}

    def remember(sender, request, **kwargs):
        caught["request"], caught["exc_info"] = request, sys.exc_info()

    def crash(self, *args, **kwargs):
        raise RuntimeError("database went away")

    request = register(front)
    api = token_api(client, front)
    monkeypatch.setattr(Household, "full_clean", crash)
    got_request_exception.connect(remember)
    try:
        with pytest.raises(RuntimeError):
            api.post(f"/frontdoor/requests/{request.pk}/household", {"members": [
                {"given_name": "Henk", "family_name": "Bakker", "bsn": VALID_BSN}]})
    finally:
        got_request_exception.disconnect(remember)
    report = ExceptionReporter(caught["request"], *caught["exc_info"])
    text, html = report.get_traceback_text(), report.get_traceback_html()
    assert "database went away" in text and VALID_BSN not in text and VALID_BSN not in html
