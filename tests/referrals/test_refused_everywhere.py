"""The referral relation ends everywhere at once: a professional of an organisation without a relation, the
receiving professional after the resident withdrew consent, and after the referral expired are refused on the
web pages, the API, the household lists (the resident-data searches) and the subject-access exports.

Beside each refusal, the allowed case: the same receiving professional while the referral is open and its
basis valid reads the shared view on web and API (and still never the household list or the exports)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samenkracht.referrals import services
from samenkracht.referrals.models import BasisKind, Referral, Status
from tests.api_helpers import api_with_token
from tests.conftest import sign_in
from tests.referrals.conftest import actor

pytestmark = pytest.mark.django_db

SURNAME = "Jansma"  # the synthetic resident of tests.privacy.conftest.case


def _withdrawn(ref, consent) -> tuple[Referral, object]:
    referral = ref.make(Status.IN_PROGRESS, basis_kind=BasisKind.CONSENT, consent=consent, legal_basis=None)
    services.withdraw_consent(actor(ref.sender), consent)
    return referral, ref.receiver_pro


def _expired(ref, consent) -> tuple[Referral, object]:
    referral = ref.make(Status.SENT)
    services.expire_overdue(now=timezone.now() + timedelta(days=30))
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED
    return referral, ref.receiver_pro


def _no_relation(ref, consent) -> tuple[Referral, object]:
    return ref.make(Status.ACCEPTED), ref.case.stranger


def _api(user, organisation):
    api = api_with_token(Client(), organisation, "households:read", "households:write")
    api.headers["HTTP_X_ON_BEHALF_OF"] = user.email
    return api


def _organisation_of(user):
    return user.memberships.select_related("organisation").first().organisation


@pytest.mark.parametrize("situation", [_withdrawn, _expired, _no_relation],
                         ids=["consent withdrawn", "referral expired", "no relation"])
def test_refused_on_web_api_lists_and_exports(client, ref, consent, situation):
    referral, user = situation(ref, consent)
    household, person = ref.case.household, ref.case.household.members.order_by("id").first()
    sign_in(client, user)
    web = [
        reverse("referrals:detail", args=[referral.pk]),
        reverse("plans:household_detail", args=[household.pk]),
        reverse("rights:export_json", args=[person.pk]),
        reverse("rights:export_pdf", args=[person.pk]),
    ]
    for url in web:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert SURNAME not in response.content.decode(errors="replace"), url
    listing = client.get(reverse("plans:household_list"))
    assert listing.status_code == 200 and SURNAME not in listing.content.decode()

    api = _api(user, _organisation_of(user))
    for path in (f"/referrals/{referral.pk}", f"/plans/households/{household.pk}",
                 f"/rights/persons/{person.pk}/access"):
        response = api.get(path)
        assert response.status_code in (403, 404), (path, response.status_code)
        assert SURNAME not in response.content.decode(), path
    households = api.get("/plans/households")
    assert households.status_code == 200
    assert household.pk not in [item["id"] for item in households.json()["items"]]


def test_allowed_while_open_with_a_valid_basis_but_only_the_shared_view(client, ref, consent):
    referral = ref.make(Status.IN_PROGRESS, basis_kind=BasisKind.CONSENT, consent=consent, legal_basis=None)
    sign_in(client, ref.receiver_pro)
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 200 and SURNAME in response.content.decode()
    api = _api(ref.receiver_pro, ref.receiver)
    detail = api.get(f"/referrals/{referral.pk}")
    assert detail.status_code == 200 and set(detail.json()["shared"]) == {"contact", "question"}
    # The relation reaches the shared view only: never the household file, its list or the exports.
    assert client.get(reverse("plans:household_detail", args=[ref.case.household.pk])).status_code == 403
    assert api.get(f"/plans/households/{ref.case.household.pk}").status_code == 403
    person = ref.case.household.members.order_by("id").first()
    assert client.get(reverse("rights:export_json", args=[person.pk])).status_code in (403, 404)
