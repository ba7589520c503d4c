"""Closed-loop referrals (doorverwijzingen) and the basis for sharing a household's data (grondslag).

A referral passes a household from a triage or a plan action to a service of the sociale kaart, an
organisation (also a citizen initiative or a volunteer organisation) or a volunteer pool, with a warm
hand-over note and the resident's contact preference. Its life cycle is one table (``TRANSITIONS``):

    draft → sent → accepted | rejected → in_progress ⇄ on_hold → completed (helped / not helped)
    cancelled (by the sender), expired (no answer within N working days), entered_in_error

Every referral shares named categories of the household's data, and records why that is allowed: a
valid consent of the resident covering the receiving organisation, the categories and the purpose, or an
active legal basis configured by the municipality. Resident data: every table carries ``municipality``
(tenant key); free text is encrypted at rest. Reads go through ``privacy.policy`` (relation REFERRAL),
writes through ``referrals.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Municipality, Organisation, OrganisationKind, Team
from samenkracht.privacy.fields import EncryptedCharField, EncryptedTextField


class DataCategory(models.TextChoices):
    """The fixed list of what a referral can share with the receiving side."""

    CONTACT = "contact", _("contact details")
    QUESTION = "question", _("the question")
    HOUSEHOLD = "household", _("household composition")
    PLAN_GOALS = "plan_goals", _("plan goals")
    ZRM = "zrm", _("ZRM scores")


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("referral for help and support")
    VOLUNTEER = "volunteer", _("support by a volunteer")
    COORDINATION = "coordination", _("coordination within the plan")


def _clean_categories(values, field: str, errors: dict) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = [v for v in values if v not in DataCategory.values]
    if unknown:
        errors[field] = gettext("Unknown data category: %(value)s.") % {"value": ", ".join(map(str, unknown))}
    return values


class LegalBasis(models.Model):
    """A legal ground for sharing, configured per municipality (e.g. 'Wmo 2015 art. 5.2.x')."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    label = models.CharField(_("label"), max_length=150, help_text=_("For example: Wmo 2015 art. 5.2.x."))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    data_categories = models.JSONField(_("data categories"), default=list, blank=True,
                                       help_text=_("Which data categories this basis allows to share."))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["municipality__name", "label"]
        constraints = [models.UniqueConstraint(fields=["municipality", "label"], name="legal_basis_unique_label")]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        errors: dict = {}
        self.data_categories = _clean_categories(self.data_categories, "data_categories", errors)
        if not errors and not self.data_categories:
            errors["data_categories"] = gettext("Choose at least one data category.")
        if errors:
            raise ValidationError(errors)

    def covers(self, categories) -> bool:
        return self.active and set(categories) <= set(self.data_categories)


class Consent(models.Model):
    """The resident's explicit consent, with its scope: organisations, data categories, purposes, until when."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("plans.Household", on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey("plans.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("given by"))
    given_by_note = EncryptedCharField(_("given on behalf of the resident by"), max_length=150, blank=True,
                                       help_text=_("Only when a representative gave consent, e.g. a guardian."))
    organisations = models.ManyToManyField(Organisation, related_name="+", verbose_name=_("organisations"))
    data_categories = models.JSONField(_("data categories"), default=list, blank=True)
    purposes = models.JSONField(_("purposes"), default=list, blank=True)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["municipality", "household"], name="consent_tenant_household_idx")]

    def __str__(self) -> str:
        return gettext("Consent %(number)s") % {"number": self.pk}

    def clean(self) -> None:
        errors: dict = {}
        self.data_categories = _clean_categories(self.data_categories, "data_categories", errors)
        if "data_categories" not in errors and not self.data_categories:
            errors["data_categories"] = gettext("Choose at least one data category.")
        self.purposes = list(dict.fromkeys(self.purposes or []))
        if not self.purposes:
            errors["purposes"] = gettext("Choose at least one purpose.")
        elif set(self.purposes) - set(Purpose.values):
            errors["purposes"] = gettext("Choose purposes from the list.")
        if self.valid_until and self.given_on and self.valid_until < self.given_on:
            errors["valid_until"] = gettext("A consent cannot end before it was given.")
        elif self.valid_until and self.valid_until < timezone.localdate() and not self.pk:
            errors["valid_until"] = gettext("This date has passed: the consent would not be valid.")
        if self.person_id and self.household_id and self.person.household_id != self.household_id:
            errors["person"] = gettext("Choose a member of this household.")
        if errors:
            raise ValidationError(errors)

    def category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.data_categories if c in DataCategory.values]

    def purpose_labels(self) -> list[str]:
        return [str(Purpose(p).label) for p in self.purposes if p in Purpose.values]

    def is_valid(self, at=None) -> bool:
        at = at or timezone.now()
        return self.withdrawn_at is None and timezone.localdate(at) <= self.valid_until

    def covers(self, organisation_id: int, categories, purpose: str, at=None, organisation_ids=None) -> bool:
        """Valid and its scope includes the organisation, every category and the purpose."""
        if organisation_ids is None:
            organisation_ids = {o.pk for o in self.organisations.all()}
        return (self.is_valid(at) and organisation_id in organisation_ids
                and set(categories) <= set(self.data_categories) and purpose in self.purposes)


class TargetKind(models.TextChoices):
    SERVICE = "service", _("service on the social map")
    ORGANISATION = "organisation", _("organisation")
    VOLUNTEER_POOL = "volunteer_pool", _("volunteer pool")
    CITIZEN_INITIATIVE = "citizen_initiative", _("citizen initiative")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("by phone")
    EMAIL = "email", _("by e-mail")
    LETTER = "letter", _("by letter")
    VIA_PROFESSIONAL = "via_professional", _("through the referring professional")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    IN_PROGRESS = "in_progress", _("in progress")
    ON_HOLD = "on_hold", _("on hold")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")
    EXPIRED = "expired", _("expired")
    ENTERED_IN_ERROR = "entered_in_error", _("entered in error")


class Outcome(models.TextChoices):
    HELPED = "helped", _("helped")
    NOT_HELPED = "not_helped", _("not helped")


class Reason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("no capacity")
    NOT_ELIGIBLE = "not_eligible", _("not eligible")
    COULD_NOT_CONTACT = "could_not_contact", _("could not contact the resident")
    RESIDENT_DECLINED = "resident_declined", _("the resident declined")
    NO_LONGER_NEEDED = "no_longer_needed", _("no longer needed")
    OTHER = "other", _("other")


class BasisKind(models.TextChoices):
    CONSENT = "consent", _("the resident's consent")
    LEGAL_BASIS = "legal_basis", _("a legal basis")


class Side(models.TextChoices):
    SENDER = "sender", _("sender")
    RECEIVER = "receiver", _("receiving side")
    SYSTEM = "system", _("system")


S = Status
# The life cycle in one place: from → {to: who may make the transition}.
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.SENT: Side.SENDER, S.CANCELLED: Side.SENDER, S.ENTERED_IN_ERROR: Side.SENDER},
    S.SENT: {S.ACCEPTED: Side.RECEIVER, S.REJECTED: Side.RECEIVER, S.CANCELLED: Side.SENDER,
             S.EXPIRED: Side.SYSTEM, S.ENTERED_IN_ERROR: Side.SENDER},
    S.ACCEPTED: {S.IN_PROGRESS: Side.RECEIVER, S.ON_HOLD: Side.RECEIVER, S.COMPLETED: Side.RECEIVER,
                 S.CANCELLED: Side.SENDER, S.ENTERED_IN_ERROR: Side.SENDER},
    S.IN_PROGRESS: {S.ON_HOLD: Side.RECEIVER, S.COMPLETED: Side.RECEIVER, S.CANCELLED: Side.SENDER,
                    S.ENTERED_IN_ERROR: Side.SENDER},
    S.ON_HOLD: {S.IN_PROGRESS: Side.RECEIVER, S.COMPLETED: Side.RECEIVER, S.CANCELLED: Side.SENDER,
                S.ENTERED_IN_ERROR: Side.SENDER},
    S.REJECTED: {S.ENTERED_IN_ERROR: Side.SENDER},
    S.COMPLETED: {S.ENTERED_IN_ERROR: Side.SENDER},
    S.CANCELLED: {S.ENTERED_IN_ERROR: Side.SENDER},
    S.EXPIRED: {S.ENTERED_IN_ERROR: Side.SENDER},
    S.ENTERED_IN_ERROR: {},
}
OPEN_STATUSES = (S.SENT, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD)
FINAL_STATUSES = (S.REJECTED, S.COMPLETED, S.CANCELLED, S.EXPIRED, S.ENTERED_IN_ERROR)
# A new linked referral may be made after these ("referred elsewhere").
REFER_ELSEWHERE_FROM = (S.REJECTED, S.EXPIRED, S.CANCELLED, S.COMPLETED)
# The timestamp field each status sets.
STATUS_TIMESTAMP = {
    S.SENT: "sent_at", S.ACCEPTED: "accepted_at", S.REJECTED: "rejected_at", S.IN_PROGRESS: "started_at",
    S.ON_HOLD: "on_hold_at", S.COMPLETED: "completed_at", S.CANCELLED: "cancelled_at", S.EXPIRED: "expired_at",
    S.ENTERED_IN_ERROR: "entered_in_error_at",
}


class Referral(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("plans.Household", on_delete=models.CASCADE, related_name="referrals")
    # Where it came from: exactly one of a triage or a plan action.
    triage = models.ForeignKey("frontdoor.Triage", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="referrals")
    action = models.ForeignKey("plans.Action", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="referrals")
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_referrals",
                                 verbose_name=_("referred elsewhere from"))
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_referrals")
    sender_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Where it goes.
    target_kind = models.CharField(_("refer to"), max_length=20, choices=TargetKind.choices)
    target_service = models.ForeignKey("socialmap.Service", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("service"))
    target_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("organisation"))
    target_pool = models.ForeignKey("volunteers.VolunteerPool", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="referrals", verbose_name=_("volunteer pool"))
    receiving_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                               related_name="received_referrals",
                                               verbose_name=_("receiving organisation"))
    receiving_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("receiving team"))
    # The warm hand-over and the resident's contact preference.
    handover_note = EncryptedTextField(_("warm hand-over note"), max_length=3000, blank=True)
    contact_channel = models.CharField(_("the resident prefers contact"), max_length=20,
                                       choices=ContactChannel.choices, default=ContactChannel.PHONE)
    contact_times = EncryptedCharField(_("best times to reach the resident"), max_length=200, blank=True)
    # What is shared and why that is allowed.
    data_categories = models.JSONField(_("data shared"), default=list, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.REFERRAL)
    basis_kind = models.CharField(_("basis for sharing"), max_length=12, choices=BasisKind.choices, blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals")
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="referrals")
    # Life cycle.
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    answer_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    on_hold_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    entered_in_error_at = models.DateTimeField(null=True, blank=True)
    sender_seen_outcome_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(triage__isnull=False, action__isnull=True) | Q(triage__isnull=True, action__isnull=False)),
                name="referral_one_origin"),
        ]
        indexes = [
            models.Index(fields=["receiving_organisation", "status"], name="referral_inbox_idx"),
            models.Index(fields=["sender", "status"], name="referral_sent_idx"),
            models.Index(fields=["municipality", "status"], name="referral_tenant_status_idx"),
        ]

    def __str__(self) -> str:
        return gettext("Referral %(number)s") % {"number": self.pk}

    # --- derived ---

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def loop_closed(self) -> bool:
        return self.is_final and self.sender_seen_outcome_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.status == Status.SENT and self.answer_due_at is not None and timezone.now() > self.answer_due_at

    def data_category_labels(self) -> list[str]:
        return [str(DataCategory(c).label) for c in self.data_categories if c in DataCategory.values]

    def allowed_next(self) -> list[str]:
        return list(TRANSITIONS.get(self.status, {}))

    def target_label(self) -> str:
        if self.target_kind == TargetKind.SERVICE and self.target_service_id:
            return f"{self.target_service.name} ({self.receiving_organisation.name})"
        if self.target_kind == TargetKind.VOLUNTEER_POOL and self.target_pool_id:
            return f"{self.target_pool.name} ({self.receiving_organisation.name})"
        return self.receiving_organisation.name

    def basis_is_valid(self, at=None) -> bool:
        """The basis recorded for this referral still allows sharing (checked at every access)."""
        if self.basis_kind == BasisKind.CONSENT and self.consent_id:
            return self.consent.covers(self.receiving_organisation_id, self.data_categories, self.purpose, at)
        if self.basis_kind == BasisKind.LEGAL_BASIS and self.legal_basis_id:
            return (self.legal_basis.municipality_id == self.municipality_id
                    and self.legal_basis.covers(self.data_categories))
        return False

    def clean(self) -> None:
        errors: dict = {}
        if bool(self.triage_id) == bool(self.action_id):
            errors["__all__"] = gettext("A referral starts from a triage or from a plan action.")
        self.data_categories = _clean_categories(self.data_categories, "data_categories", errors)
        kind = self.target_kind
        if kind == TargetKind.SERVICE and not self.target_service_id:
            errors["target_service"] = gettext("Choose the service.")
        if kind == TargetKind.VOLUNTEER_POOL and not self.target_pool_id:
            errors["target_pool"] = gettext("Choose the volunteer pool.")
        if kind in (TargetKind.ORGANISATION, TargetKind.CITIZEN_INITIATIVE) and not self.target_organisation_id:
            errors["target_organisation"] = gettext("Choose the organisation.")
        if (kind == TargetKind.CITIZEN_INITIATIVE and self.target_organisation_id
                and self.target_organisation.kind != OrganisationKind.CITIZEN_INITIATIVE):
            errors["target_organisation"] = gettext("This organisation is not a citizen initiative.")
        if self.receiving_organisation_id and self.receiving_organisation_id == self.sender_organisation_id:
            errors.setdefault("target_organisation", gettext(
                "A referral goes to another organisation than your own."))
        if self.receiving_team_id and self.receiving_organisation_id and not self.receiving_team.organisations.filter(
                pk=self.receiving_organisation_id).exists():
            errors["receiving_team"] = gettext("The receiving organisation does not take part in this team.")
        if self.status == Status.REJECTED and not self.rejection_reason:
            errors["rejection_reason"] = gettext("Give the reason for rejecting.")
        if self.status == Status.COMPLETED:
            if not self.outcome:
                errors["outcome"] = gettext("Say whether the resident was helped.")
            elif self.outcome == Outcome.NOT_HELPED and not self.outcome_reason:
                errors["outcome_reason"] = gettext("Give the reason the resident was not helped.")
        if errors:
            raise ValidationError(errors)


class ReferralEvent(models.Model):
    """One transition in a referral's history: from, to, by whom, when, why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices)
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    note = EncryptedTextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["at", "id"]
