"""Web pages of referrals: inbox and sent list (query counts that do not grow), the detail with only the
shared categories for the receiving side, transitions as buttons (an inline message when not allowed,
nothing changed), creating from an action and a triage, consent recording and withdrawal, and the one-line
additions to the household page and the help request page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samenkracht.privacy.models import AccessLogEntry
from samenkracht.referrals.models import Consent, Referral, Status
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_inbox_lists_received_referrals_without_personal_data(client, ref):
    referral = ref.make(Status.SENT)
    Referral.objects.filter(pk=referral.pk).update(answer_due_at=timezone.now() - timedelta(hours=1))
    sign_in(client, ref.receiver_pro)
    response = client.get(reverse("referrals:inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Doorverwijzing {referral.pk}" in html
    assert "badge-overdue" in html
    assert "Jansma" not in html and "Kerkstraat" not in html
    assert AccessLogEntry.objects.filter(subject_type="referral", event="search", purpose="referral inbox").exists()


def test_inbox_filters_by_team_and_state(client, ref):
    in_team = ref.make(Status.SENT, team=True)
    other = ref.make(Status.SENT)
    done = ref.make(Status.COMPLETED)
    sign_in(client, ref.team_pro)
    html = client.get(reverse("referrals:inbox"), {"team": ref.receiving_team.pk}).content.decode()
    assert reverse("referrals:detail", args=[in_team.pk]) in html
    assert reverse("referrals:detail", args=[other.pk]) not in html
    html = client.get(reverse("referrals:inbox"), {"state": "closed"}).content.decode()
    assert reverse("referrals:detail", args=[done.pk]) in html
    assert reverse("referrals:detail", args=[other.pk]) not in html


def test_inbox_and_sent_queries_do_not_grow(client, ref, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ref.make(Status.SENT)
    sign_in(client, ref.receiver_pro)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("referrals:inbox")).status_code == 200
    for status in (Status.ACCEPTED, Status.IN_PROGRESS, Status.SENT, Status.ON_HOLD):
        ref.make(status)
    with django_assert_max_num_queries(len(few)):
        assert client.get(reverse("referrals:inbox")).status_code == 200
    sign_in(client, ref.sender)
    with CaptureQueriesContext(connection) as few_sent:
        assert client.get(reverse("referrals:sent")).status_code == 200
    for status in (Status.COMPLETED, Status.REJECTED, Status.DRAFT):
        ref.make(status)
    with django_assert_max_num_queries(len(few_sent)):
        assert client.get(reverse("referrals:sent")).status_code == 200


def test_receiving_side_detail_shows_only_the_shared_categories(client, ref):
    referral = ref.make(Status.ACCEPTED)
    sign_in(client, ref.receiver_pro)
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sanne Jansma" in html and "Maatje zoeken voor de post" in html and "Graag bellen na 10 uur." in html
    assert "Goed netwerk van buren" not in html        # strengths: not shared
    assert "Rekeningen op tijd betalen" not in html    # plan goals: not shared
    assert 'data-testid="action-in_progress"' in html and 'data-testid="action-completed"' in html
    assert 'data-testid="action-cancelled"' not in html
    # The full household stays closed to them, and out of their household list.
    assert client.get(reverse("plans:household_detail", args=[ref.case.household.pk])).status_code == 403
    listing = client.get(reverse("plans:household_list"))
    assert listing.status_code == 200 and "Jansma" not in listing.content.decode()
    assert reverse("plans:household_detail", args=[ref.case.household.pk]) not in listing.content.decode()


def test_after_completion_the_receiving_side_is_refused(client, ref):
    referral = ref.make(Status.COMPLETED)
    sign_in(client, ref.receiver_pro)
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 403
    assert "Jansma" not in response.content.decode()


def test_outsiders_are_refused(client, ref, people):
    referral = ref.make(Status.SENT)
    for user in (ref.case.stranger, people.policy, people.coordinator):
        sign_in(client, user)
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403


def test_transition_buttons_and_the_inline_refusal(client, ref):
    referral = ref.make(Status.SENT)
    sign_in(client, ref.receiver_pro)
    url = reverse("referrals:transition", args=[referral.pk])
    response = client.post(url, {"to": "accepted", "note": "Ik bel morgen."})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    response = client.post(url, {"to": "accepted"})
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="transition-error"' in html
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    response = client.post(url, {"to": "completed", "outcome": "not_helped"})
    assert response.status_code == 422
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    response = client.post(url, {"to": "cancelled"})
    assert response.status_code == 403
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    response = client.post(url, {"to": "completed", "outcome": "helped"})
    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Status.COMPLETED


def test_sender_sees_the_outcome_and_closes_the_loop(client, ref):
    referral = ref.make(Status.COMPLETED)
    sign_in(client, ref.sender)
    html = client.get(reverse("referrals:sent")).content.decode()
    assert 'data-testid="unseen-outcomes"' in html
    response = client.post(reverse("referrals:acknowledge", args=[referral.pk]), {"next": "sent"})
    assert response.status_code == 302 and response["Location"] == reverse("referrals:sent")
    assert Referral.objects.get(pk=referral.pk).loop_closed
    html = client.get(reverse("referrals:sent")).content.decode()
    assert 'data-testid="unseen-outcomes"' not in html


def test_the_receiving_side_cannot_acknowledge(client, ref):
    referral = ref.make(Status.REJECTED)
    sign_in(client, ref.receiver_pro)
    assert client.post(reverse("referrals:acknowledge", args=[referral.pk])).status_code == 403
    assert not Referral.objects.get(pk=referral.pk).loop_closed


def _form(ref, **extra):
    data = {"target_kind": "organisation", "target_organisation": ref.receiver.pk, "handover_note": "Warm",
            "contact_channel": "phone", "data_categories": ["contact"], "purpose": "referral",
            "basis_kind": "legal_basis", "legal_basis": ref.legal_basis.pk, "send": "1"}
    data.update(extra)
    return data


def test_create_from_an_action_and_send(client, ref):
    sign_in(client, ref.sender)
    url = reverse("referrals:create_from_action", args=[ref.action.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(ref))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Status.SENT and referral.action == ref.action


def test_create_without_basis_shows_the_error_and_saves_nothing(client, ref):
    sign_in(client, ref.sender)
    response = client.post(reverse("referrals:create_from_action", args=[ref.action.pk]),
                           _form(ref, basis_kind="", legal_basis=""))
    assert response.status_code == 200
    assert 'data-testid="form-errors"' in response.content.decode()
    assert not Referral.objects.exists()


def test_create_as_draft_from_the_triage(client, ref):
    sign_in(client, ref.case.triage_a)
    data = _form(ref)
    del data["send"]
    data["draft"] = "1"
    response = client.post(reverse("referrals:create_from_triage", args=[ref.triage.pk]), data)
    assert response.status_code == 302
    assert Referral.objects.get().status == Status.DRAFT


def test_create_forms_are_refused_without_a_relation(client, ref):
    sign_in(client, ref.case.stranger)
    assert client.get(reverse("referrals:create_from_action", args=[ref.action.pk])).status_code == 403
    assert client.post(reverse("referrals:create_from_action", args=[ref.action.pk]), _form(ref)).status_code == 403
    assert not Referral.objects.exists()


def test_refer_elsewhere_page(client, ref, network):
    rejected = ref.make(Status.REJECTED)
    sign_in(client, ref.sender)
    url = reverse("referrals:refer_elsewhere", args=[rejected.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _form(ref, target_organisation=network.de_kern.pk))
    assert response.status_code == 302
    assert Referral.objects.get(previous=rejected).status == Status.SENT
    sign_in(client, ref.receiver_pro)
    assert client.get(url).status_code == 403


def test_consent_page_records_and_withdraws(client, ref):
    sign_in(client, ref.sender)
    url = reverse("referrals:consents", args=[ref.case.household.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisations": [ref.receiver.pk], "data_categories": ["contact", "question"],
                                 "purposes": ["referral"],
                                 "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    consent = Consent.objects.get()
    response = client.post(url, {"organisations": [], "data_categories": [], "purposes": []})
    assert response.status_code == 200 and Consent.objects.count() == 1
    assert client.post(reverse("referrals:consent_withdraw", args=[consent.pk])).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    sign_in(client, ref.receiver_pro)
    assert client.get(url).status_code == 403
    assert client.post(reverse("referrals:consent_withdraw", args=[consent.pk])).status_code == 403


def test_household_page_shows_the_referral_history_and_refer_links(client, ref):
    referral = ref.make(Status.ACCEPTED)
    sign_in(client, ref.sender)
    html = client.get(reverse("plans:household_detail", args=[ref.case.household.pk])).content.decode()
    assert 'data-testid="household-referrals"' in html
    assert reverse("referrals:detail", args=[referral.pk]) in html
    assert reverse("referrals:create_from_action", args=[ref.action.pk]) in html


def test_help_request_page_has_the_refer_link(client, ref):
    sign_in(client, ref.case.triage_a)
    html = client.get(reverse("frontdoor:request_detail", args=[ref.case.help_request.pk])).content.decode()
    assert reverse("referrals:create_from_triage", args=[ref.triage.pk]) in html
