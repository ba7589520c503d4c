"""REST API of referrals: tokens acting for a professional, the 409 with the allowed next states, 403 for the
other side, 422 naming the field, consent create/withdraw, the receiving side's shared view only while open,
and query counts of the lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from samenkracht.privacy.models import AccessLogEntry
from samenkracht.referrals.models import Consent, Referral, Status
from tests.api_helpers import api_with_token, assert_invalid

pytestmark = pytest.mark.django_db


def for_person(api, user):
    api.headers["HTTP_X_ON_BEHALF_OF"] = user.email
    return api


@pytest.fixture
def sender_api(client, ref, network):
    return for_person(api_with_token(client, network.mee, "households:read", "households:write"), ref.sender)


@pytest.fixture
def receiver_api(ref):
    return for_person(api_with_token(Client(), ref.receiver, "households:read", "households:write"),
                      ref.receiver_pro)


def _body(ref, **extra):
    body = {"action": ref.action.pk, "target_kind": "organisation", "target_organisation": ref.receiver.pk,
            "handover_note": "Warm", "data_categories": ["contact", "question"], "basis_kind": "legal_basis",
            "legal_basis": ref.legal_basis.pk, "send": True}
    body.update(extra)
    return body


def test_create_send_accept_complete_acknowledge(sender_api, receiver_api, ref):
    response = sender_api.post("/referrals/", _body(ref))
    assert response.status_code == 201, response.content
    referral = response.json()
    assert referral["status"] == "sent" and referral["side"] == "sender" and referral["basis_valid"]
    pk = referral["id"]
    inbox = receiver_api.get("/referrals/", {"box": "inbox"}).json()
    assert [item["id"] for item in inbox["items"]] == [pk] and inbox["items"][0]["household"] is None
    detail = receiver_api.get(f"/referrals/{pk}").json()
    assert detail["side"] == "receiver" and set(detail["shared"]) == {"contact", "question"}
    assert detail["allowed_next"] == ["accepted", "rejected"]
    assert receiver_api.post(f"/referrals/{pk}/transition", {"to": "accepted"}).json()["status"] == "accepted"
    response = receiver_api.post(f"/referrals/{pk}/transition", {"to": "completed", "outcome": "helped"})
    assert response.status_code == 200 and response.json()["status"] == "completed"
    assert receiver_api.get(f"/referrals/{pk}").status_code == 403     # never after
    sent = sender_api.get("/referrals/", {"box": "sent"}).json()["items"]
    assert sent[0]["loop_closed"] is False and sent[0]["household"] == ref.case.household.pk
    assert sender_api.post(f"/referrals/{pk}/acknowledge", {}).json()["loop_closed"] is True


def test_disallowed_transition_is_409_with_the_allowed_states(sender_api, receiver_api, ref):
    referral = ref.make(Status.ACCEPTED)
    response = receiver_api.post(f"/referrals/{referral.pk}/transition", {"to": "rejected", "reason": "other"})
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "accepted"
    assert body["allowed"] == ["in_progress", "on_hold", "completed", "cancelled", "entered_in_error"]
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED


def test_the_other_side_gets_403(sender_api, receiver_api, ref):
    referral = ref.make(Status.SENT)
    assert sender_api.post(f"/referrals/{referral.pk}/transition", {"to": "accepted"}).status_code == 403
    assert receiver_api.post(f"/referrals/{referral.pk}/transition", {"to": "cancelled"}).status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_bad_input_names_the_field(sender_api, receiver_api, ref):
    assert_invalid(sender_api.post("/referrals/", _body(ref, target_kind="nowhere")), "body", "target_kind")
    assert_invalid(sender_api.post("/referrals/", _body(ref, target_organisation=None)), "body", "target_organisation")
    assert_invalid(sender_api.post("/referrals/", _body(ref, basis_kind=None, legal_basis=None)), "body", "basis_kind")
    assert_invalid(sender_api.post("/referrals/", _body(ref, data_categories=["bsn"])), "body", "data_categories")
    assert_invalid(sender_api.post("/referrals/", _body(ref, legal_basis=99999)), "body", "legal_basis")
    assert not Referral.objects.exists()
    referral = ref.make(Status.IN_PROGRESS)
    response = receiver_api.post(f"/referrals/{referral.pk}/transition", {"to": "completed", "outcome": "not_helped"})
    assert_invalid(response, "body", "reason")
    assert_invalid(receiver_api.post(f"/referrals/{referral.pk}/transition", {"to": "done"}), "body", "to")
    assert Referral.objects.get(pk=referral.pk).status == Status.IN_PROGRESS


def test_tokens_without_scope_or_person_are_refused(client, ref, network):
    referral = ref.make(Status.SENT)
    read_only = for_person(api_with_token(client, ref.receiver, "households:read"), ref.receiver_pro)
    assert read_only.get(f"/referrals/{referral.pk}").status_code == 200
    assert read_only.post(f"/referrals/{referral.pk}/transition", {"to": "accepted"}).status_code == 403
    nobody = api_with_token(Client(), ref.receiver, "households:read", "households:write")
    assert nobody.get("/referrals/").status_code == 403
    other_org = for_person(api_with_token(Client(), network.de_kern, "households:read"), ref.receiver_pro)
    assert other_org.get("/referrals/").status_code == 403   # the person does not work for De Kern


def test_consent_create_and_withdraw_ends_the_shared_view(sender_api, receiver_api, ref):
    response = sender_api.post("/referrals/consents", {
        "household": ref.case.household.pk, "organisations": [ref.receiver.pk],
        "data_categories": ["contact", "question"], "purposes": ["referral"],
        "valid_until": (timezone.localdate() + timedelta(days=60)).isoformat()})
    assert response.status_code == 201, response.content
    consent_id = response.json()["id"]
    pk = sender_api.post("/referrals/", _body(ref, basis_kind="consent", consent=consent_id,
                                             legal_basis=None)).json()["id"]
    assert receiver_api.get(f"/referrals/{pk}").status_code == 200
    response = sender_api.post(f"/referrals/consents/{consent_id}/withdraw", {})
    assert response.status_code == 200 and response.json()["valid"] is False
    assert receiver_api.get(f"/referrals/{pk}").status_code == 403
    assert sender_api.get(f"/referrals/{pk}").json()["basis_valid"] is False
    assert receiver_api.post(f"/referrals/consents/{consent_id}/withdraw", {}).status_code == 403
    assert_invalid(sender_api.post("/referrals/consents", {
        "household": ref.case.household.pk, "organisations": [ref.receiver.pk], "data_categories": ["contact"],
        "purposes": ["referral"], "valid_until": "2000-01-01"}), "body", "valid_until")
    assert Consent.objects.count() == 1


def test_receiver_never_reaches_the_household_through_the_api(receiver_api, ref):
    ref.make(Status.ACCEPTED)
    assert receiver_api.get("/plans/households").json()["count"] == 0
    assert receiver_api.get(f"/plans/households/{ref.case.household.pk}").status_code == 403


def test_list_queries_do_not_grow(receiver_api, ref):
    ref.make(Status.SENT)
    few, _ = receiver_api.count_queries("/referrals/", {"box": "inbox"})
    for status in (Status.SENT, Status.ACCEPTED, Status.ON_HOLD):
        ref.make(status)
    more, response = receiver_api.count_queries("/referrals/", {"box": "inbox"})
    assert response.json()["count"] == 4
    assert more <= few
    assert AccessLogEntry.objects.filter(subject_type="referral", event="search").exists()
