"""Every write to referrals, consents and legal bases: one function per use case, one transaction each.

- Sides. The *sender side* is the referring professional, or a care professional of the sender's
  organisation who has a relation with the household (a colleague taking over). The *receiving side* is
  every professional or coordinator of the receiving organisation (an API token: of that organisation).
  Only the sender side sends, cancels, marks as entered in error, refers elsewhere and acknowledges the
  outcome; only the receiving side accepts, rejects, starts, holds, resumes and completes. The system
  (``expire_overdue``, the ``expire_referrals`` command) expires unanswered referrals.
- The life cycle is ``models.TRANSITIONS``. A transition the table does not allow from the current status
  raises ``TransitionNotAllowed`` (API 409 with the allowed next states; an inline message on the web);
  a transition of the other side raises PermissionDenied. Nothing changes in either case. The status is
  claimed with one conditional UPDATE, so of two concurrent transitions exactly one wins.
- Basis. Sending records why sharing is allowed: a valid consent that covers the receiving organisation,
  every shared data category and the purpose, or an active legal basis of the municipality covering the
  categories. Withdrawing a consent stops sharing at once: the policy checks the basis at every access.
- Every write and refusal is in the access log (subject ``referral`` / ``consent``), never with content.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.network.models import Membership, Organisation, OrganisationKind, Team
from samenkracht.privacy import log, policy
from samenkracht.privacy.models import AccessEvent, Outcome
from samenkracht.referrals.models import (
    REFER_ELSEWHERE_FROM,
    STATUS_TIMESTAMP,
    TRANSITIONS,
    BasisKind,
    Consent,
    ContactChannel,
    DataCategory,
    LegalBasis,
    Purpose,
    Reason,
    Referral,
    ReferralEvent,
    Side,
    Status,
    TargetKind,
)
from samenkracht.referrals.models import Outcome as ReferralOutcome
from samenkracht.referrals.workdays import add_working_days


class TransitionNotAllowed(Exception):
    """The life cycle does not allow this transition from the referral's current status. Nothing changed."""

    def __init__(self, referral: Referral, to: str):
        self.referral_id = referral.pk
        self.status = referral.status
        self.to = to
        self.allowed = list(TRANSITIONS.get(referral.status, {}))
        super().__init__(_("A referral that is %(status)s cannot become %(to)s. Possible next steps: %(allowed)s.") % {
            "status": Status(referral.status).label, "to": Status(to).label if to in Status.values else to,
            "allowed": ", ".join(str(Status(s).label) for s in self.allowed) or _("none")})

    @property
    def message(self) -> str:
        return str(self)

    def as_dict(self) -> dict:
        return {"detail": self.message, "status": self.status, "to": self.to, "allowed": self.allowed}


# --- Sides and logging ----------------------------------------------------------------------------


def _user(actor):
    return policy.acting_professional(actor)


def _is_token(actor) -> bool:
    return getattr(actor, "token", None) is not None


def organisation_of(actor, user):
    if _is_token(actor):
        return actor.token.organisation
    membership = Membership.objects.filter(user=user, active=True, role__in=policy.CARE_ROLES).select_related(
        "organisation").order_by("id").first()
    return membership.organisation if membership else None


def is_receiving_side(actor, referral: Referral) -> bool:
    user = _user(actor)
    if user is None:
        return False
    if _is_token(actor):
        return actor.organisation_id == referral.receiving_organisation_id
    return Membership.objects.filter(user=user, organisation_id=referral.receiving_organisation_id, active=True,
                                     role__in=policy.CARE_ROLES).exists()


def is_sender_side(actor, referral: Referral) -> bool:
    user = _user(actor)
    if user is None:
        return False
    if _is_token(actor) and actor.organisation_id != referral.sender_organisation_id:
        return False
    if user.pk == referral.sender_id:
        return True
    return Membership.objects.filter(user=user, organisation_id=referral.sender_organisation_id, active=True,
                                     role__in=policy.CARE_ROLES).exists() and bool(
        policy.relation_to_household(actor, referral.household))


def side_of(actor, referral: Referral) -> str | None:
    if is_sender_side(actor, referral):
        return Side.SENDER
    if is_receiving_side(actor, referral):
        return Side.RECEIVER
    return None


def _record(actor, *, event: str, subject_type: str, subject_id, municipality_id, purpose: str,
            outcome: str = Outcome.ALLOWED, detail: str = "") -> None:
    user = _user(actor)
    log.record(actor, event=event, subject_type=subject_type, subject_id=subject_id, municipality_id=municipality_id,
               purpose=purpose, outcome=outcome, organisation=organisation_of(actor, user) if user else None,
               detail=detail)


def _refuse(actor, message: str, *, event: str, subject_type: str, subject_id, municipality_id, purpose: str):
    _record(actor, event=event, subject_type=subject_type, subject_id=subject_id, municipality_id=municipality_id,
            purpose=purpose, outcome=Outcome.DENIED)
    raise PermissionDenied(message)


def _require_write_scope(actor, *, subject_type: str, subject_id, municipality_id, purpose: str) -> None:
    if _is_token(actor) and "households:write" not in set(actor.scopes):
        _refuse(actor, _("This token may not change resident data (scope households:write)."),
                event=AccessEvent.UPDATE, subject_type=subject_type, subject_id=subject_id,
                municipality_id=municipality_id, purpose=f"{purpose} (no households:write)")
    if _user(actor) is None:
        _refuse(actor, _("Only professionals make and handle referrals."), event=AccessEvent.UPDATE,
                subject_type=subject_type, subject_id=subject_id, municipality_id=municipality_id, purpose=purpose)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- Drafts ---------------------------------------------------------------------------------------


def _origin(triage, action):
    """(household, municipality_id) of the origin; exactly one of triage and action."""
    if (triage is None) == (action is None):
        raise ValidationError(_("A referral starts from a triage or from a plan action."))
    if triage is not None:
        household = triage.help_request.household
        if household is None:
            raise ValidationError(_("Register the household of this request first: a referral belongs to a "
                                    "household."))
        return household
    return action.plan.household


def _target(kind: str, *, service, organisation, pool, errors: dict) -> Organisation | None:
    if kind not in TargetKind.values:
        errors["target_kind"] = _("Choose what to refer to.")
        return None
    if kind == TargetKind.SERVICE:
        if service is None:
            errors["target_service"] = _("Choose the service.")
            return None
        return service.organisation
    if kind == TargetKind.VOLUNTEER_POOL:
        if pool is None:
            errors["target_pool"] = _("Choose the volunteer pool.")
            return None
        return pool.organisation
    if organisation is None:
        errors["target_organisation"] = _("Choose the organisation.")
        return None
    if kind == TargetKind.CITIZEN_INITIATIVE and organisation.kind != OrganisationKind.CITIZEN_INITIATIVE:
        errors["target_organisation"] = _("This organisation is not a citizen initiative.")
    return organisation


def _text(value, field: str, max_length: int, errors: dict) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        errors[field] = _("Use at most %(count)s characters.") % {"count": max_length}
    return value


def _fill(referral: Referral, *, target_kind, target_service, target_organisation, target_pool, receiving_team,
          handover_note, contact_channel, contact_times, data_categories, purpose, basis_kind, consent,
          legal_basis, errors: dict) -> None:
    receiving = _target(target_kind, service=target_service, organisation=target_organisation, pool=target_pool,
                        errors=errors)
    referral.target_kind = target_kind
    referral.target_service = target_service if target_kind == TargetKind.SERVICE else None
    referral.target_organisation = (target_organisation if target_kind in (TargetKind.ORGANISATION,
                                                                           TargetKind.CITIZEN_INITIATIVE) else None)
    referral.target_pool = target_pool if target_kind == TargetKind.VOLUNTEER_POOL else None
    if receiving is not None:
        referral.receiving_organisation = receiving
    referral.receiving_team = receiving_team
    referral.handover_note = _text(handover_note, "handover_note", 3000, errors)
    if contact_channel not in ContactChannel.values:
        errors["contact_channel"] = _("Choose how the resident prefers to be contacted.")
    referral.contact_channel = contact_channel
    referral.contact_times = _text(contact_times, "contact_times", 200, errors)
    referral.data_categories = list(dict.fromkeys(data_categories or []))
    if set(referral.data_categories) - set(DataCategory.values):
        errors["data_categories"] = _("Choose data categories from the list.")
    if purpose not in Purpose.values:
        errors["purpose"] = _("Choose the purpose from the list.")
    referral.purpose = purpose
    if basis_kind and basis_kind not in BasisKind.values:
        errors["basis_kind"] = _("Choose consent or a legal basis.")
    referral.basis_kind = basis_kind or ""
    referral.consent = consent if basis_kind == BasisKind.CONSENT else None
    referral.legal_basis = legal_basis if basis_kind == BasisKind.LEGAL_BASIS else None


def create_draft(actor, *, triage=None, action=None, target_kind: str, target_service=None, target_organisation=None,
                 target_pool=None, receiving_team: Team | None = None, handover_note: str = "",
                 contact_channel: str = ContactChannel.PHONE, contact_times: str = "", data_categories=(),
                 purpose: str = Purpose.REFERRAL, basis_kind: str = "", consent: Consent | None = None,
                 legal_basis: LegalBasis | None = None, previous: Referral | None = None,
                 send_now: bool = False) -> Referral:
    """A draft referral from a triage or a plan action, by a professional with a relation to the household.
    With ``send_now`` it is sent at once, and nothing is saved when its basis does not allow the sharing."""
    purpose_text = "create referral draft"
    household = _origin(triage, action)
    _require_write_scope(actor, subject_type="household", subject_id=household.pk,
                         municipality_id=household.municipality_id, purpose=purpose_text)
    policy.require_household(actor, household, event=AccessEvent.CREATE, purpose=purpose_text)
    user = _user(actor)
    errors: dict = {}
    referral = Referral(municipality_id=household.municipality_id, household=household, triage=triage, action=action,
                        sender=user, sender_organisation=organisation_of(actor, user), previous=previous,
                        status=Status.DRAFT)
    _fill(referral, target_kind=target_kind, target_service=target_service, target_organisation=target_organisation,
          target_pool=target_pool, receiving_team=receiving_team, handover_note=handover_note,
          contact_channel=contact_channel, contact_times=contact_times, data_categories=data_categories,
          purpose=purpose, basis_kind=basis_kind, consent=consent, legal_basis=legal_basis, errors=errors)
    _validate(referral, errors)
    if send_now:
        _raise(basis_errors(referral))
    with transaction.atomic():
        referral.save()
        ReferralEvent.objects.create(referral=referral, municipality_id=referral.municipality_id, from_status="",
                                     to_status=Status.DRAFT, by=user, by_organisation=referral.sender_organisation,
                                     side=Side.SENDER)
        _record(actor, event=AccessEvent.CREATE, subject_type="referral", subject_id=referral.pk,
                municipality_id=referral.municipality_id, purpose=purpose_text,
                detail=f"household:{household.pk}:to:{referral.receiving_organisation_id}")
        if send_now:
            referral = send(actor, referral)
    return referral


def _validate(referral: Referral, errors: dict) -> None:
    if not hasattr(referral, "receiving_organisation") or referral.receiving_organisation_id is None:
        _raise(errors or {"target_kind": _("Choose what to refer to.")})
    try:
        referral.full_clean(exclude=[f for f in errors] + ["household", "sender", "municipality"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if referral.consent_id and referral.consent.household_id != referral.household_id:
        errors["consent"] = _("Choose a consent of this household.")
    if referral.legal_basis_id and referral.legal_basis.municipality_id != referral.municipality_id:
        errors["legal_basis"] = _("Choose a legal basis of the household's municipality.")
    _raise(errors)


def basis_errors(referral: Referral) -> dict:
    """Why the recorded basis does not allow this sharing now; empty when it does."""
    if referral.basis_kind == BasisKind.CONSENT:
        consent = referral.consent
        if consent is None:
            return {"consent": _("Choose the resident's consent.")}
        if consent.withdrawn_at is not None:
            return {"consent": _("This consent was withdrawn; nothing may be shared on it.")}
        if not consent.is_valid():
            return {"consent": _("This consent is no longer valid (its end date has passed).")}
        if referral.receiving_organisation_id not in {o.pk for o in consent.organisations.all()}:
            return {"consent": _("This consent does not cover %(organisation)s.") % {
                "organisation": referral.receiving_organisation.name}}
        missing = [c for c in referral.data_categories if c not in consent.data_categories]
        if missing:
            return {"consent": _("This consent does not cover: %(categories)s.") % {
                "categories": ", ".join(str(DataCategory(c).label) for c in missing)}}
        if referral.purpose not in consent.purposes:
            return {"consent": _("This consent does not cover the purpose %(purpose)s.") % {
                "purpose": Purpose(referral.purpose).label}}
        return {}
    if referral.basis_kind == BasisKind.LEGAL_BASIS:
        basis = referral.legal_basis
        if basis is None:
            return {"legal_basis": _("Choose the legal basis.")}
        if not basis.active or basis.municipality_id != referral.municipality_id:
            return {"legal_basis": _("This legal basis is not active in the household's municipality.")}
        missing = [c for c in referral.data_categories if c not in basis.data_categories]
        if missing:
            return {"legal_basis": _("This legal basis does not cover: %(categories)s.") % {
                "categories": ", ".join(str(DataCategory(c).label) for c in missing)}}
        return {}
    return {"basis_kind": _("Choose the basis for sharing: the resident's consent or a legal basis. "
                            "A referral is not sent without one.")}


# --- Transitions ----------------------------------------------------------------------------------


def _check_transition(actor, referral: Referral, to: str, purpose: str) -> str:
    """The acting side, after checking the actor, the table and the side (logged when refused)."""
    user = _user(actor)
    if _is_token(actor) and "households:write" not in set(actor.scopes):
        _refuse(actor, _("This token may not change resident data (scope households:write)."),
                event=AccessEvent.UPDATE, subject_type="referral", subject_id=referral.pk,
                municipality_id=referral.municipality_id, purpose=f"{purpose} (no households:write)")
    side = side_of(actor, referral) if user else None
    if side is None:
        _refuse(actor, _("You are neither on the sending nor on the receiving side of this referral."),
                event=AccessEvent.UPDATE, subject_type="referral", subject_id=referral.pk,
                municipality_id=referral.municipality_id, purpose=purpose)
    if to not in TRANSITIONS.get(referral.status, {}):
        raise TransitionNotAllowed(referral, to)
    needed = TRANSITIONS[referral.status][to]
    if needed == Side.SENDER and not is_sender_side(actor, referral):
        _refuse(actor, _("Only the sending side may do this."), event=AccessEvent.UPDATE, subject_type="referral",
                subject_id=referral.pk, municipality_id=referral.municipality_id, purpose=purpose)
    if needed == Side.RECEIVER and not is_receiving_side(actor, referral):
        _refuse(actor, _("Only the receiving side may do this."), event=AccessEvent.UPDATE, subject_type="referral",
                subject_id=referral.pk, municipality_id=referral.municipality_id, purpose=purpose)
    if needed == Side.SYSTEM:
        _refuse(actor, _("Only the system expires referrals."), event=AccessEvent.UPDATE, subject_type="referral",
                subject_id=referral.pk, municipality_id=referral.municipality_id, purpose=purpose)
    return needed


def _apply(actor, referral: Referral, to: str, *, side: str, changes: dict, reason: str = "", note: str = "",
           now=None) -> Referral:
    """Claim the status with one conditional UPDATE, write the event and the log entry."""
    now = now or timezone.now()
    user = _user(actor) if side != Side.SYSTEM else None
    from_status = referral.status
    values = {"status": to, "updated_at": now, STATUS_TIMESTAMP[to]: now, **changes}
    with transaction.atomic():
        claimed = Referral.objects.filter(pk=referral.pk, status=from_status).update(**values)
        if not claimed:
            referral.refresh_from_db()
            raise TransitionNotAllowed(referral, to)
        ReferralEvent.objects.create(referral=referral, municipality_id=referral.municipality_id,
                                     from_status=from_status, to_status=to, by=user,
                                     by_organisation=organisation_of(actor, user) if user else None, side=side,
                                     at=now, reason=reason, note=note)
        if side == Side.SYSTEM:
            log.record(actor, event=AccessEvent.UPDATE, subject_type="referral", subject_id=referral.pk,
                       municipality_id=referral.municipality_id, purpose=f"referral {to}",
                       detail=f"{from_status}->{to}")
        else:
            _record(actor, event=AccessEvent.UPDATE, subject_type="referral", subject_id=referral.pk,
                    municipality_id=referral.municipality_id, purpose=f"referral {to}",
                    detail=f"{from_status}->{to}")
    referral.refresh_from_db()
    return referral


def transition(actor, referral: Referral, to: str, *, reason: str = "", outcome: str = "", note: str = "") -> Referral:
    """Any transition of the table, by the side it belongs to, with what it needs (reason, outcome)."""
    purpose = f"referral {to}"
    if to == Status.SENT:
        return send(actor, referral)
    side = _check_transition(actor, referral, to, purpose)
    errors: dict = {}
    note = _text(note, "note", 2000, errors)
    changes: dict = {}
    if to == Status.REJECTED:
        if reason not in Reason.values:
            errors["reason"] = _("Give the reason for rejecting.")
        changes["rejection_reason"] = reason
    elif to == Status.COMPLETED:
        if outcome not in ReferralOutcome.values:
            errors["outcome"] = _("Say whether the resident was helped.")
        elif outcome == ReferralOutcome.NOT_HELPED and reason not in Reason.values:
            errors["reason"] = _("Give the reason the resident was not helped.")
        elif reason and reason not in Reason.values:
            errors["reason"] = _("Choose a reason from the list.")
        changes.update(outcome=outcome, outcome_reason=reason if reason in Reason.values else "")
    elif reason and reason not in Reason.values:
        errors["reason"] = _("Choose a reason from the list.")
    _raise(errors)
    if to == Status.ACCEPTED:
        changes["accepted_by"] = _user(actor)
    if to in (Status.CANCELLED, Status.ENTERED_IN_ERROR):
        # The sender made this ending themselves: there is no outcome left to see.
        changes["sender_seen_outcome_at"] = timezone.now()
    return _apply(actor, referral, to, side=side, changes=changes, reason=reason if reason in Reason.values else "",
                  note=note)


def send(actor, referral: Referral) -> Referral:
    """Draft → sent: only with a valid basis; sets the answer deadline in working days."""
    purpose = "referral sent"
    side = _check_transition(actor, referral, Status.SENT, purpose)
    errors = basis_errors(referral)
    if errors:
        _record(actor, event=AccessEvent.UPDATE, subject_type="referral", subject_id=referral.pk,
                municipality_id=referral.municipality_id, purpose=f"{purpose}: no valid basis", outcome=Outcome.DENIED)
        raise ValidationError(errors)
    now = timezone.now()
    return _apply(actor, referral, Status.SENT, side=side, now=now,
                  changes={"answer_due_at": add_working_days(now, settings.REFERRAL_ANSWER_WORKING_DAYS)})


def accept(actor, referral, note: str = ""):
    return transition(actor, referral, Status.ACCEPTED, note=note)


def reject(actor, referral, *, reason: str, note: str = ""):
    return transition(actor, referral, Status.REJECTED, reason=reason, note=note)


def start(actor, referral, note: str = ""):
    return transition(actor, referral, Status.IN_PROGRESS, note=note)


def hold(actor, referral, note: str = ""):
    return transition(actor, referral, Status.ON_HOLD, note=note)


def resume(actor, referral, note: str = ""):
    return transition(actor, referral, Status.IN_PROGRESS, note=note)


def complete(actor, referral, *, outcome: str, reason: str = "", note: str = ""):
    return transition(actor, referral, Status.COMPLETED, outcome=outcome, reason=reason, note=note)


def cancel(actor, referral, note: str = ""):
    return transition(actor, referral, Status.CANCELLED, note=note)


def mark_entered_in_error(actor, referral, note: str = ""):
    return transition(actor, referral, Status.ENTERED_IN_ERROR, note=note)


def acknowledge_outcome(actor, referral: Referral) -> Referral:
    """The sender has seen how it ended: with a final status this closes the loop."""
    purpose = "referral outcome seen"
    if not is_sender_side(actor, referral):
        _refuse(actor, _("Only the sending side acknowledges the outcome."), event=AccessEvent.UPDATE,
                subject_type="referral", subject_id=referral.pk, municipality_id=referral.municipality_id,
                purpose=purpose)
    if not referral.is_final:
        raise ValidationError(_("The referral has no outcome yet."))
    if referral.sender_seen_outcome_at is None:
        with transaction.atomic():
            Referral.objects.filter(pk=referral.pk, sender_seen_outcome_at__isnull=True).update(
                sender_seen_outcome_at=timezone.now())
            _record(actor, event=AccessEvent.UPDATE, subject_type="referral", subject_id=referral.pk,
                    municipality_id=referral.municipality_id, purpose=purpose)
        referral.refresh_from_db()
    return referral


def refer_elsewhere(actor, referral: Referral, **fields) -> Referral:
    """After a rejection, expiry, cancellation or completion: a new draft linked to this one (``previous``)."""
    purpose = "refer elsewhere"
    if not is_sender_side(actor, referral):
        _refuse(actor, _("Only the sending side refers elsewhere."), event=AccessEvent.CREATE,
                subject_type="referral", subject_id=referral.pk, municipality_id=referral.municipality_id,
                purpose=purpose)
    if referral.status not in REFER_ELSEWHERE_FROM:
        raise TransitionNotAllowed(referral, Status.DRAFT)
    defaults = {"handover_note": referral.handover_note, "contact_channel": referral.contact_channel,
                "contact_times": referral.contact_times, "data_categories": referral.data_categories,
                "purpose": referral.purpose}
    defaults.update(fields)
    return create_draft(actor, triage=referral.triage, action=referral.action, previous=referral, **defaults)


def expire_overdue(now=None, actor=None) -> list[Referral]:
    """Sent referrals not answered before their deadline expire; their senders see the alert."""
    from samenkracht.network.permissions import SystemActor

    actor = actor or SystemActor()
    now = now or timezone.now()
    expired = []
    for referral in Referral.objects.filter(status=Status.SENT, answer_due_at__lt=now).order_by("id"):
        try:
            expired.append(_apply(actor, referral, Status.EXPIRED, side=Side.SYSTEM, now=now, changes={},
                                  note=""))
        except TransitionNotAllowed:
            continue  # answered in the meantime
    return expired


# --- Consent --------------------------------------------------------------------------------------


def record_consent(actor, household, *, organisations, data_categories, purposes, valid_until: date | None,
                   person=None, given_by_note: str = "", given_on: date | None = None) -> Consent:
    """Record the resident's explicit consent with its scope. By a professional with a relation."""
    purpose = "record consent"
    _require_write_scope(actor, subject_type="household", subject_id=household.pk,
                         municipality_id=household.municipality_id, purpose=purpose)
    policy.require_household(actor, household, event=AccessEvent.CREATE, purpose=purpose)
    user = _user(actor)
    errors: dict = {}
    organisations = list(organisations or [])
    if not organisations:
        errors["organisations"] = _("Choose at least one organisation.")
    if valid_until is None:
        errors["valid_until"] = _("Say until when the consent is valid.")
    consent = Consent(municipality_id=household.municipality_id, household=household, person=person,
                      given_by_note=_text(given_by_note, "given_by_note", 150, errors),
                      data_categories=list(data_categories or []), purposes=list(purposes or []),
                      given_on=given_on or timezone.localdate(), valid_until=valid_until or timezone.localdate(),
                      recorded_by=user, recorded_organisation=organisation_of(actor, user))
    try:
        consent.full_clean(exclude=["household", "recorded_by", "recorded_organisation", "municipality",
                                    *[f for f in errors]])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    _raise(errors)
    with transaction.atomic():
        consent.save()
        consent.organisations.set(organisations)
        _record(actor, event=AccessEvent.CREATE, subject_type="consent", subject_id=consent.pk,
                municipality_id=consent.municipality_id, purpose=purpose, detail=f"household:{household.pk}")
    return consent


def withdraw_consent(actor, consent: Consent) -> Consent:
    """Withdrawal stops sharing at once: open referrals on this consent lose access, new sends are refused."""
    purpose = "withdraw consent"
    household = consent.household
    _require_write_scope(actor, subject_type="consent", subject_id=consent.pk,
                         municipality_id=consent.municipality_id, purpose=purpose)
    policy.require_household(actor, household, event=AccessEvent.UPDATE, purpose=purpose)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    with transaction.atomic():
        Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=_user(actor))
        affected = Referral.objects.filter(consent=consent, status__in=[
            Status.DRAFT, Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS, Status.ON_HOLD]).count()
        _record(actor, event=AccessEvent.UPDATE, subject_type="consent", subject_id=consent.pk,
                municipality_id=consent.municipality_id, purpose=purpose,
                detail=f"household:{household.pk}:open referrals losing access:{affected}")
    consent.refresh_from_db()
    return consent
