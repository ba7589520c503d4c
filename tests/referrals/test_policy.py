"""The access policy's REFERRAL relation: the receiving side's assigned professionals see the categories a
referral shares while it is open and its basis valid; nothing more (not the household, not the plan, not in
the household list or search), and never after. Every decision is in the access log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessLogEntry
from samenkracht.referrals import queries, services
from samenkracht.referrals.models import BasisKind, Status
from tests.referrals.conftest import actor

pytestmark = pytest.mark.django_db


def _can_read(user, referral) -> bool:
    return policy.referral_relation(actor(user), referral) == policy.Relation.REFERRAL


@pytest.mark.parametrize("status", [Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD])
def test_open_referral_shares_only_its_categories(ref, status):
    referral = ref.make(status)
    reader = ref.receiver_pro
    assert _can_read(reader, referral)
    page = queries.referral_page(actor(reader), referral.pk)
    assert page.side == "receiver"
    assert set(page.shared) == {"contact", "question"}
    assert page.shared["contact"]["name"] == "Sanne Jansma"
    assert page.shared["question"] == "Maatje zoeken voor de post"
    # Never the household or its plan.
    with pytest.raises(PermissionDenied):
        policy.require_household(actor(reader), ref.case.household, event="read", purpose="test")
    assert policy.relation_to_household(actor(reader), ref.case.household) is None
    assert not policy.visible_households(actor(reader)).exists()
    assert not policy.visible_help_requests(actor(reader)).exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REJECTED, Status.COMPLETED, Status.CANCELLED,
                                    Status.EXPIRED, Status.ENTERED_IN_ERROR])
def test_never_before_sending_or_after_the_end(ref, status):
    referral = ref.make(status)
    assert not _can_read(ref.receiver_pro, referral)
    with pytest.raises(PermissionDenied):
        queries.referral_page(actor(ref.receiver_pro), referral.pk)
    assert AccessLogEntry.objects.filter(subject_type="referral", subject_id=str(referral.pk), outcome="denied",
                                         user_id_value=ref.receiver_pro.pk).exists()


def test_after_acceptance_only_the_accepting_professional(ref):
    referral = ref.make(Status.SENT)
    assert _can_read(ref.receiver_colleague, referral)       # deciding on it: the organisation's intake
    services.accept(actor(ref.receiver_pro), referral)
    referral.refresh_from_db()
    assert _can_read(ref.receiver_pro, referral)
    assert not _can_read(ref.receiver_colleague, referral)
    assert not _can_read(ref.receiver_coordinator, referral)


def test_with_a_receiving_team_only_its_members_and_the_acceptor(ref):
    referral = ref.make(Status.SENT, team=True)
    assert _can_read(ref.team_pro, referral)
    assert not _can_read(ref.receiver_pro, referral)
    services.accept(actor(ref.receiver_coordinator), referral)  # the organisation's coordinator may decide
    referral.refresh_from_db()
    assert _can_read(ref.team_pro, referral) and _can_read(ref.receiver_coordinator, referral)
    assert not _can_read(ref.receiver_pro, referral)


def test_nobody_else_reads_the_shared_view(ref, people):
    referral = ref.make(Status.ACCEPTED)
    for user in (ref.case.stranger, ref.case.team_member, people.policy, people.privacy, people.admin,
                 people.outsider, people.coordinator):
        assert not _can_read(user, referral)


def test_withdrawn_consent_ends_access_at_once(ref, consent):
    referral = ref.make(Status.IN_PROGRESS, basis_kind=BasisKind.CONSENT, consent=consent, legal_basis=None)
    assert _can_read(ref.receiver_pro, referral)
    services.withdraw_consent(actor(ref.sender), consent)
    referral.refresh_from_db()
    assert not _can_read(ref.receiver_pro, referral)
    with pytest.raises(PermissionDenied):
        policy.require_referral(actor(ref.receiver_pro), referral, event="read", purpose="test")


def test_inactive_legal_basis_ends_access(ref):
    referral = ref.make(Status.ACCEPTED)
    ref.legal_basis.active = False
    ref.legal_basis.save()
    referral.refresh_from_db()
    assert not _can_read(ref.receiver_pro, referral)


def test_reads_are_logged_with_the_relation(ref):
    referral = ref.make(Status.ACCEPTED)
    queries.referral_page(actor(ref.receiver_pro), referral.pk)
    entry = AccessLogEntry.objects.filter(subject_type="referral", subject_id=str(referral.pk), event="read",
                                          outcome="allowed").get()
    assert entry.detail == "relation: referral"
    assert entry.user_id_value == ref.receiver_pro.pk and entry.organisation_label == "Buurtmaatjes Zwolle"


def test_the_sender_reads_through_the_household_relation(ref):
    referral = ref.make(Status.COMPLETED)
    page = queries.referral_page(actor(ref.sender), referral.pk)
    assert page.side == "sender" and page.can_acknowledge
    assert AccessLogEntry.objects.filter(subject_type="household", subject_id=str(ref.case.household.pk),
                                         purpose="referral detail", outcome="allowed").exists()


def test_visible_referrals_shared_matches_the_relation(ref):
    open_one = ref.make(Status.ACCEPTED)
    ref.make(Status.COMPLETED)
    ref.make(Status.DRAFT)
    assert list(policy.visible_referrals_shared(actor(ref.receiver_pro))) == [open_one]
    assert not policy.visible_referrals_shared(actor(ref.case.stranger)).exists()
