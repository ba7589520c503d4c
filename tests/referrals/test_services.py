"""The life cycle (every transition allowed and forbidden, by side and role), the basis for sharing, consent
withdrawal, expiry over working days, refer elsewhere, closing the loop, and what the access log records."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from samenkracht.privacy.models import AccessLogEntry
from samenkracht.referrals import services
from samenkracht.referrals.models import (
    FINAL_STATUSES,
    TRANSITIONS,
    BasisKind,
    Referral,
    ReferralEvent,
    Side,
    Status,
)
from samenkracht.referrals.workdays import add_working_days
from tests.referrals.conftest import actor

pytestmark = pytest.mark.django_db

SETUP_STATUSES = [Status.DRAFT, Status.SENT, Status.ACCEPTED, Status.REJECTED, Status.IN_PROGRESS, Status.ON_HOLD,
                  Status.COMPLETED, Status.CANCELLED, Status.EXPIRED, Status.ENTERED_IN_ERROR]
EXTRA = {Status.REJECTED: {"reason": "not_eligible"}, Status.COMPLETED: {"outcome": "helped"}}


def _side_actor(ref, side):
    return actor(ref.sender) if side == Side.SENDER else actor(ref.receiver_pro)


ALLOWED = [(frm, to, side) for frm, targets in TRANSITIONS.items() for to, side in targets.items()
           if side != Side.SYSTEM]


@pytest.mark.parametrize("frm, to, side", ALLOWED, ids=[f"{f}->{t}" for f, t, _ in ALLOWED])
def test_every_allowed_transition_by_its_side(ref, frm, to, side):
    referral = ref.make(frm)
    before = ReferralEvent.objects.filter(referral=referral).count()
    result = services.transition(_side_actor(ref, side), referral, to, **EXTRA.get(to, {}))
    assert result.status == to
    assert getattr(result, {"sent": "sent_at", "accepted": "accepted_at", "rejected": "rejected_at",
                            "in_progress": "started_at", "on_hold": "on_hold_at", "completed": "completed_at",
                            "cancelled": "cancelled_at", "entered_in_error": "entered_in_error_at"}[to]) is not None
    event = ReferralEvent.objects.filter(referral=referral).order_by("-id").first()
    assert ReferralEvent.objects.filter(referral=referral).count() == before + 1
    assert (event.from_status, event.to_status, event.side) == (frm, to, side)


@pytest.mark.parametrize("frm", [s for s in TRANSITIONS if TRANSITIONS[s]])
def test_the_other_side_is_refused_and_nothing_changes(ref, frm):
    """Every allowed transition from this status, tried by the other side: 403, logged, nothing changed."""
    referral = ref.make(frm)
    for to, side in TRANSITIONS[frm].items():
        if side == Side.SYSTEM:
            continue
        other = actor(ref.receiver_pro) if side == Side.SENDER else actor(ref.sender)
        with pytest.raises(PermissionDenied):
            services.transition(other, referral, to, **EXTRA.get(to, {}))
        referral.refresh_from_db()
        assert referral.status == frm
    assert AccessLogEntry.objects.filter(subject_type="referral", subject_id=str(referral.pk),
                                         outcome="denied").exists()


RECEIVER_TARGETS = (Status.ACCEPTED, Status.REJECTED, Status.IN_PROGRESS, Status.ON_HOLD, Status.COMPLETED)


@pytest.mark.parametrize("frm", SETUP_STATUSES)
def test_transitions_outside_the_table_are_refused_with_the_allowed_states(ref, frm):
    """From every status, every status the table does not allow: 'not allowed' with the allowed next
    states, for either side; nothing changes (one referral per status: a refusal changes nothing)."""
    referral = ref.make(frm)
    forbidden = [to for to in Status.values if to not in TRANSITIONS[frm] and to != Status.DRAFT]
    assert forbidden
    for to in forbidden:
        who = actor(ref.receiver_pro) if to in RECEIVER_TARGETS and frm != Status.DRAFT else actor(ref.sender)
        with pytest.raises(services.TransitionNotAllowed) as refused:
            services.transition(who, referral, to, **EXTRA.get(to, {}))
        assert refused.value.allowed == list(TRANSITIONS[frm])
        assert refused.value.as_dict()["allowed"] == list(TRANSITIONS[frm])
        referral.refresh_from_db()
        assert referral.status == frm


def test_the_receiving_side_has_no_part_in_a_draft(ref):
    draft = ref.make(Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.send(actor(ref.receiver_pro), draft)


def test_outsiders_are_refused_for_every_transition(ref, people):
    referral = ref.make(Status.SENT)
    for user in (ref.case.stranger, people.policy, people.admin, people.outsider, ref.case.team_member):
        with pytest.raises(PermissionDenied):
            services.accept(actor(user), referral)
        with pytest.raises(PermissionDenied):
            services.cancel(actor(user), referral)
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_receiving_coordinator_and_colleague_are_the_receiving_side(ref):
    referral = ref.make(Status.SENT)
    services.accept(actor(ref.receiver_coordinator), referral)
    services.start(actor(ref.receiver_colleague), referral)
    referral.refresh_from_db()
    assert referral.status == Status.IN_PROGRESS and referral.accepted_by == ref.receiver_coordinator


def test_a_colleague_of_the_sender_with_a_relation_may_cancel(ref):
    referral = ref.make(Status.SENT)
    # Toos Toegewezen (MEE, assigned to the household) is the sending side too.
    services.cancel(actor(ref.case.assigned), referral)
    assert Referral.objects.get(pk=referral.pk).status == Status.CANCELLED


def test_reject_needs_a_reason_and_complete_an_outcome(ref):
    referral = ref.make(Status.SENT)
    with pytest.raises(ValidationError) as error:
        services.transition(actor(ref.receiver_pro), referral, Status.REJECTED)
    assert "reason" in error.value.message_dict
    referral = ref.make(Status.IN_PROGRESS)
    with pytest.raises(ValidationError) as error:
        services.complete(actor(ref.receiver_pro), referral, outcome="")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.complete(actor(ref.receiver_pro), referral, outcome="not_helped")
    assert "reason" in error.value.message_dict
    services.complete(actor(ref.receiver_pro), referral, outcome="not_helped", reason="resident_declined")
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.outcome_reason) == ("completed", "not_helped",
                                                                             "resident_declined")


def test_a_concurrent_second_accept_is_refused(ref):
    referral = ref.make(Status.SENT)
    stale = Referral.objects.get(pk=referral.pk)
    services.accept(actor(ref.receiver_pro), referral)
    with pytest.raises(services.TransitionNotAllowed):
        services.reject(actor(ref.receiver_colleague), stale, reason="no_capacity")
    assert Referral.objects.get(pk=referral.pk).status == Status.ACCEPTED


# --- Basis ----------------------------------------------------------------------------------------


def test_no_basis_no_send(ref):
    referral = ref.make(Status.DRAFT, basis_kind="", legal_basis=None)
    with pytest.raises(ValidationError) as error:
        services.send(actor(ref.sender), referral)
    assert "basis_kind" in error.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == Status.DRAFT


def test_send_now_without_basis_saves_nothing(ref):
    before = Referral.objects.count()
    with pytest.raises(ValidationError):
        services.create_draft(actor(ref.sender), action=ref.action, target_kind="organisation",
                              target_organisation=ref.receiver, data_categories=["contact"], send_now=True)
    assert Referral.objects.count() == before


def test_legal_basis_must_cover_the_categories_and_be_active(ref):
    ref.legal_basis.data_categories = ["contact"]
    ref.legal_basis.save()
    referral = ref.make(Status.DRAFT, data_categories=["contact", "zrm"])
    with pytest.raises(ValidationError) as error:
        services.send(actor(ref.sender), referral)
    assert "legal_basis" in error.value.message_dict
    ref.legal_basis.data_categories = ["contact", "zrm"]
    ref.legal_basis.active = False
    ref.legal_basis.save()
    with pytest.raises(ValidationError):
        services.send(actor(ref.sender), referral)
    ref.legal_basis.active = True
    ref.legal_basis.save()
    assert services.send(actor(ref.sender), referral).status == Status.SENT


def test_consent_scope_organisation_categories_and_purpose(ref, consent, network):
    kwargs = {"basis_kind": BasisKind.CONSENT, "consent": consent, "legal_basis": None}
    too_much = ref.make(Status.DRAFT, data_categories=["contact", "zrm"], **kwargs)
    with pytest.raises(ValidationError) as error:
        services.send(actor(ref.sender), too_much)
    assert "consent" in error.value.message_dict
    other_purpose = ref.make(Status.DRAFT, purpose="volunteer", **kwargs)
    with pytest.raises(ValidationError):
        services.send(actor(ref.sender), other_purpose)
    other_org = services.create_draft(actor(ref.sender), action=ref.action, target_kind="organisation",
                                      target_organisation=network.de_kern, data_categories=["contact"], **kwargs)
    with pytest.raises(ValidationError):
        services.send(actor(ref.sender), other_org)
    fitting = ref.make(Status.DRAFT, **kwargs)
    assert services.send(actor(ref.sender), fitting).status == Status.SENT


def test_expired_consent_is_no_basis(ref, consent):
    referral = ref.make(Status.DRAFT, basis_kind=BasisKind.CONSENT, consent=consent, legal_basis=None)
    type(consent).objects.filter(pk=consent.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    referral.refresh_from_db()
    with pytest.raises(ValidationError):
        services.send(actor(ref.sender), referral)


def test_withdrawal_stops_sharing_at_once(ref, consent):
    open_referral = ref.make(Status.ACCEPTED, basis_kind=BasisKind.CONSENT, consent=consent, legal_basis=None)
    draft = ref.make(Status.DRAFT, basis_kind=BasisKind.CONSENT, consent=consent, legal_basis=None)
    assert open_referral.basis_is_valid()
    services.withdraw_consent(actor(ref.sender), consent)
    open_referral.refresh_from_db()
    assert not open_referral.basis_is_valid()
    with pytest.raises(ValidationError) as error:
        services.send(actor(ref.sender), draft)
    assert "consent" in error.value.message_dict
    assert "ingetrokken" in str(error.value) or "withdrawn" in str(error.value)
    with pytest.raises(ValidationError):
        services.withdraw_consent(actor(ref.sender), consent)


def test_consent_bad_input_saves_nothing(ref):
    from samenkracht.referrals.models import Consent

    with pytest.raises(ValidationError) as error:
        services.record_consent(actor(ref.sender), ref.case.household, organisations=[], data_categories=["x"],
                                purposes=[], valid_until=timezone.localdate() - timedelta(days=1))
    assert {"organisations", "data_categories", "purposes", "valid_until"} <= set(error.value.message_dict)
    assert not Consent.objects.exists()


def test_only_professionals_with_a_relation_record_consent(ref, people):
    for user in (ref.case.stranger, ref.receiver_pro, people.policy):
        with pytest.raises(PermissionDenied):
            services.record_consent(actor(user), ref.case.household, organisations=[ref.receiver],
                                    data_categories=["contact"], purposes=["referral"],
                                    valid_until=timezone.localdate() + timedelta(days=5))


# --- Drafts: bad input --------------------------------------------------------------------------


def test_bad_drafts_name_the_field(ref, network):
    sender = actor(ref.sender)
    cases = [
        ({"target_kind": "organisation"}, "target_organisation"),
        ({"target_kind": "service"}, "target_service"),
        ({"target_kind": "volunteer_pool"}, "target_pool"),
        ({"target_kind": "citizen_initiative", "target_organisation": ref.receiver}, "target_organisation"),
        ({"target_kind": "organisation", "target_organisation": network.mee}, "target_organisation"),
        ({"target_kind": "organisation", "target_organisation": ref.receiver, "receiving_team": ref.case.team},
         "receiving_team"),
        ({"target_kind": "organisation", "target_organisation": ref.receiver, "data_categories": ["bsn"]},
         "data_categories"),
        ({"target_kind": "organisation", "target_organisation": ref.receiver, "contact_channel": "pigeon"},
         "contact_channel"),
        ({"target_kind": "organisation", "target_organisation": ref.receiver, "handover_note": "x" * 3001},
         "handover_note"),
        ({"target_kind": "nowhere"}, "target_kind"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as error:
            services.create_draft(sender, action=ref.action, **fields)
        assert field in error.value.message_dict, (fields, error.value.message_dict)
    assert not Referral.objects.exists()


def test_a_triage_without_household_cannot_refer(ref):
    request = ref.case.help_request
    type(request).objects.filter(pk=request.pk).update(household=None)
    ref.triage.help_request.refresh_from_db()
    with pytest.raises(ValidationError):
        services.create_draft(actor(ref.case.triage_a), triage=ref.triage, target_kind="organisation",
                              target_organisation=ref.receiver)


def test_the_sender_needs_a_relation_with_the_household(ref):
    with pytest.raises(PermissionDenied):
        services.create_draft(actor(ref.case.stranger), action=ref.action, target_kind="organisation",
                              target_organisation=ref.receiver)
    assert AccessLogEntry.objects.filter(subject_type="household", outcome="denied").exists()


# --- Expiry ---------------------------------------------------------------------------------------


def _aware(*args):
    return timezone.make_aware(datetime(*args))


def test_working_days_skip_the_weekend():
    friday = _aware(2026, 11, 20, 10, 0)
    assert add_working_days(friday, 1) == _aware(2026, 11, 23, 10, 0)          # Monday
    assert add_working_days(friday, 5) == _aware(2026, 11, 27, 10, 0)          # next Friday
    saturday = _aware(2026, 11, 21, 15, 0)
    assert add_working_days(saturday, 1) == _aware(2026, 11, 24, 0, 0)         # counted from Monday 00:00
    wednesday = _aware(2026, 11, 18, 9, 0)
    assert add_working_days(wednesday, 3) == _aware(2026, 11, 23, 9, 0)        # Thu, Fri, Mon


@override_settings(REFERRAL_ANSWER_WORKING_DAYS=2)
def test_unanswered_referrals_expire_after_working_days(ref):
    referral = ref.make(Status.SENT)
    friday = _aware(2026, 11, 20, 10, 0)
    Referral.objects.filter(pk=referral.pk).update(sent_at=friday, answer_due_at=add_working_days(friday, 2))
    assert services.expire_overdue(now=_aware(2026, 11, 23, 18, 0)) == []       # Monday: one working day
    assert services.expire_overdue(now=_aware(2026, 11, 24, 10, 1)) != []       # Tuesday after 10:00
    referral.refresh_from_db()
    assert referral.status == Status.EXPIRED and referral.expired_at is not None
    event = referral.events.order_by("-id").first()
    assert (event.side, event.by_id) == (Side.SYSTEM, None)
    # The sender is alerted: an outcome not seen yet, on their sent view.
    assert referral.is_final and referral.sender_seen_outcome_at is None
    # Accepted ones never expire.
    accepted = ref.make(Status.ACCEPTED)
    services.expire_overdue(now=timezone.now() + timedelta(days=60))
    assert Referral.objects.get(pk=accepted.pk).status == Status.ACCEPTED


@override_settings(REFERRAL_ANSWER_WORKING_DAYS=3)
def test_send_sets_the_deadline_from_the_setting(ref):
    referral = ref.make(Status.SENT)
    assert referral.answer_due_at == add_working_days(referral.sent_at, 3)


def test_expire_command(ref, capsys):
    from django.core.management import call_command

    referral = ref.make(Status.SENT)
    Referral.objects.filter(pk=referral.pk).update(answer_due_at=timezone.now() - timedelta(minutes=1))
    call_command("expire_referrals")
    assert "1 referral(s) expired" in capsys.readouterr().out
    assert Referral.objects.get(pk=referral.pk).status == Status.EXPIRED


def test_the_system_alone_expires(ref):
    referral = ref.make(Status.SENT)
    for user in (ref.sender, ref.receiver_pro):
        with pytest.raises(PermissionDenied):
            services.transition(actor(user), referral, Status.EXPIRED)


# --- Elsewhere and the closed loop ------------------------------------------------------------------


def test_refer_elsewhere_links_a_new_referral(ref, network):
    rejected = ref.make(Status.REJECTED)
    new = services.refer_elsewhere(actor(ref.sender), rejected, target_kind="organisation",
                                   target_organisation=network.de_kern, basis_kind=BasisKind.LEGAL_BASIS,
                                   legal_basis=ref.legal_basis)
    assert new.previous == rejected and new.status == Status.DRAFT and new.action == ref.action
    assert new.handover_note == rejected.handover_note
    with pytest.raises(PermissionDenied):
        services.refer_elsewhere(actor(ref.receiver_pro), rejected, target_kind="organisation",
                                 target_organisation=network.de_kern)
    with pytest.raises(services.TransitionNotAllowed):
        services.refer_elsewhere(actor(ref.sender), ref.make(Status.ACCEPTED), target_kind="organisation",
                                 target_organisation=network.de_kern)


def test_loop_closes_when_the_sender_has_seen_the_final_outcome(ref):
    referral = ref.make(Status.COMPLETED)
    assert referral.is_final and not referral.loop_closed
    with pytest.raises(PermissionDenied):
        services.acknowledge_outcome(actor(ref.receiver_pro), referral)
    services.acknowledge_outcome(actor(ref.sender), referral)
    referral.refresh_from_db()
    assert referral.loop_closed
    with pytest.raises(ValidationError):
        services.acknowledge_outcome(actor(ref.sender), ref.make(Status.IN_PROGRESS))
    assert ref.make(Status.CANCELLED).loop_closed  # the sender ended it themselves


def test_every_final_status_is_final():
    assert set(FINAL_STATUSES) == {s for s, t in TRANSITIONS.items() if set(t) <= {Status.ENTERED_IN_ERROR}}


def test_writes_are_logged_without_content(ref):
    referral = ref.make(Status.COMPLETED)
    entries = AccessLogEntry.objects.filter(subject_type="referral", subject_id=str(referral.pk), outcome="allowed")
    purposes = set(entries.values_list("purpose", flat=True))
    assert {"create referral draft", "referral sent", "referral accepted", "referral completed"} <= purposes
    assert not entries.filter(detail__icontains="bellen").exists()


def test_subject_access_collector_lists_referrals_and_consents(ref, consent):
    from samenkracht.rights import registry

    ref.make(Status.COMPLETED)
    assert "referrals" in dict(registry.collectors())
    person = ref.case.household.members.get()
    section = dict(registry.collectors())["referrals"](person)
    assert len(section["referrals"]) == 1 and len(section["consents"]) == 1
    assert len(section["referrals"][0]["history"]) == 4  # draft, sent, accepted, completed
    import json

    json.dumps(section)


def test_organisation_referral_figures(ref):
    from samenkracht.referrals.queries import organisation_referral_figures

    sent = ref.make(Status.SENT)
    accepted = ref.make(Status.ACCEPTED)
    ref.make(Status.REJECTED)
    completed = ref.make(Status.COMPLETED)
    not_helped = ref.make(Status.IN_PROGRESS)
    services.complete(actor(ref.receiver_pro), not_helped, outcome="not_helped", reason="could_not_contact")
    services.acknowledge_outcome(actor(ref.sender), completed)
    base = timezone.now() - timedelta(days=1)
    for referral, hours in ((accepted, 2), (completed, 4), (not_helped, 30)):
        Referral.objects.filter(pk=referral.pk).update(sent_at=base, accepted_at=base + timedelta(hours=hours))
    Referral.objects.filter(pk=sent.pk).update(sent_at=base)
    figures = organisation_referral_figures(ref.receiver, timezone.localdate() - timedelta(days=7),
                                            timezone.localdate() + timedelta(days=1))
    assert figures["received"] == 5 and figures["accepted"] == 3 and figures["rejected"] == 1
    assert figures["acceptance_rate"] == 0.75 and figures["open"] == 2
    assert figures["hours_to_accept_median"] == 4.0 and figures["hours_to_accept_avg"] == 12.0
    assert (figures["completed"], figures["helped"], figures["not_helped"]) == (2, 1, 1)
    assert figures["completion_reasons"] == {"could_not_contact": 1} and figures["loops_closed"] == 1
    empty = organisation_referral_figures(ref.receiver, timezone.localdate() - timedelta(days=70),
                                          timezone.localdate() - timedelta(days=60))
    assert empty["received"] == 0 and empty["acceptance_rate"] is None
