"""The public online form: no account, the right access point, a reference and what happens next — and a
friendly refusal that stores nothing when one connection sends too many questions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from samenkracht.accounts.models import User
from samenkracht.frontdoor import services
from samenkracht.frontdoor.models import HelpRequest, PublicSubmission
from samenkracht.privacy.crypto import keyed_hash
from samenkracht.privacy.models import AccessLogEntry

FORM = "/hulp-vragen/"
SENT = "/hulp-vragen/verstuurd/"


def question(**fields) -> dict:
    data = {"question": "Mijn moeder wordt vergeetachtig en ik weet niet waar ik moet beginnen.",
            "postcode": "7607 AB", "team": "", "contact_name": "Sam", "contact_phone": "0546 123456",
            "contact_email": ""}
    data.update(fields)
    return data


def test_a_resident_asks_without_an_account_and_sees_the_reference_and_next_steps(client, front):
    users = User.objects.count()
    page = client.get(FORM)
    assert page.status_code == 200 and b'name="question"' in page.content
    response = client.post(FORM, question())
    assert response.status_code == 302 and response["Location"] == SENT
    created = HelpRequest.objects.get()
    assert (created.channel, created.team, created.neighbourhood, created.registered_by) == (
        "online_form", front.toegang, front.centrum, None)
    assert created.contact_phone == "0546 123456" and created.status == "new"
    confirmation = client.get(SENT)
    text = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert created.reference in text and "Toegang Almelo" in text
    assert created.reference not in response["Location"]  # not in the URL
    assert User.objects.count() == users  # no account
    entry = AccessLogEntry.objects.get(event="create", subject_id=str(created.pk))
    assert (entry.user_label, entry.outcome, entry.source) == ("resident (online form)", "allowed", "web")


def test_the_request_appears_in_the_access_points_worklist(client, front):
    from samenkracht.frontdoor import queries
    from samenkracht.network.permissions import actor_for_user

    client.post(FORM, question())
    rows, summary = queries.worklist(actor_for_user(front.balie))
    assert summary.total == 1 and rows[0].channel == "online_form"


def test_the_resident_may_choose_the_access_point(client, front):
    response = client.post(FORM, question(postcode="", team=str(front.toegang.pk)))
    assert response.status_code == 302
    assert HelpRequest.objects.get().team == front.toegang


def test_a_team_that_is_not_an_access_point_cannot_be_chosen(front):
    with pytest.raises(ValidationError) as excinfo:
        services.submit_public_request(address="10.1.1.1", question="Vraag", team=front.wijkteam,
                                       contact_phone="0546 123456")
    assert list(excinfo.value.message_dict) == ["team"]
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize("fields, field, message", [
    ({"postcode": "9999 ZZ"}, "postcode", "loket"),
    ({"postcode": ""}, "postcode", "postcode"),
    ({"postcode": "12 AB"}, "postcode", "postcode"),
    ({"question": ""}, "question", ""),
    ({"contact_phone": "", "contact_email": ""}, "contact_phone", "telefoonnummer of een e-mailadres"),
])
def test_bad_input_gets_an_inline_message_and_stores_nothing(client, front, fields, field, message):
    response = client.post(FORM, question(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert not HelpRequest.objects.exists() and not PublicSubmission.objects.exists()


def test_the_rate_limit_refuses_kindly_and_stores_nothing(client, front, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    for _ in range(2):
        assert client.post(FORM, question()).status_code == 302
    before = (HelpRequest.objects.count(), PublicSubmission.objects.count(), AccessLogEntry.objects.count())
    refused = client.post(FORM, question(question="Nog een vraag"))
    assert refused.status_code == 429
    assert b'data-testid="rate-limited"' in refused.content
    assert (HelpRequest.objects.count(), PublicSubmission.objects.count(), AccessLogEntry.objects.count()) == before
    # another connection is not affected
    assert client.post(FORM, question(), REMOTE_ADDR="192.0.2.44").status_code == 302


def test_the_window_slides_and_old_counts_are_removed(client, front, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    assert client.post(FORM, question()).status_code == 302
    assert client.post(FORM, question()).status_code == 429
    PublicSubmission.objects.update(at=PublicSubmission.objects.get().at - timedelta(hours=2))
    assert client.post(FORM, question()).status_code == 302
    assert PublicSubmission.objects.count() == 1  # the expired one was deleted


def test_only_a_keyed_hash_of_the_address_is_kept(client, front):
    client.post(FORM, question(), REMOTE_ADDR="198.51.100.7")
    row = PublicSubmission.objects.get()
    assert row.sender_hash == keyed_hash("198.51.100.7", "public-form-sender")
    assert "198.51.100.7" not in str(PublicSubmission.objects.values().get())
    assert not AccessLogEntry.objects.filter(detail__contains="198.51").exists()


def test_the_confirmation_without_a_question_says_so(client, db):
    response = client.get(SENT)
    assert response.status_code == 200 and response.context["sent"] is None
    assert b'data-testid="reference"' not in response.content


@pytest.mark.parametrize("rate, expected", [("5/h", (5, 3600)), ("10/15m", (10, 900)), ("100/d", (100, 86400))])
def test_rate_settings(rate, expected):
    count, window = services.parse_rate(rate)
    assert (count, window.total_seconds()) == expected


@pytest.mark.parametrize("rate", ["", "5", "0/h", "5/w", "many/h"])
def test_bad_rate_settings_are_refused(rate):
    with pytest.raises(ImproperlyConfigured):
        services.parse_rate(rate)


def test_a_functional_administrator_can_release_a_blocked_connection(client, front, people, settings):
    from tests.conftest import sign_in

    settings.PUBLIC_FORM_RATE = "1/h"
    client.post(FORM, question())
    row = PublicSubmission.objects.get()
    sign_in(client, people.admin)
    assert client.get("/beheer/frontdoor/publicsubmission/").status_code == 200
    assert client.get(f"/beheer/frontdoor/publicsubmission/{row.pk}/change/").status_code == 200
    client.post(f"/beheer/frontdoor/publicsubmission/{row.pk}/delete/", {"post": "yes"})
    assert not PublicSubmission.objects.exists()
    assert not services.is_rate_limited("127.0.0.1")


def test_help_requests_are_not_in_the_admin(client, people, db):
    from tests.conftest import sign_in

    sign_in(client, people.admin)
    assert client.get("/beheer/frontdoor/helprequest/").status_code == 404
