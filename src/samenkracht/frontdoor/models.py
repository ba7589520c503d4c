"""The one front door: help requests (hulpvragen) through every channel, and joint triage in pairs.

Resident data: the question in the resident's own words and the contact details are encrypted at rest;
every row carries `municipality` (tenant key). Reads go through privacy.policy, writes through
frontdoor.services.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Municipality, Neighbourhood, Organisation, Team
from samenkracht.privacy.fields import EncryptedCharField, EncryptedTextField
from samenkracht.socialmap.models import LifeDomain, Service


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("walk-in")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    ONLINE_FORM = "online_form", _("online form")
    SIGNAL = "signal", _("early signal")


class SignalSource(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    SCHOOL = "school", _("school")
    GP = "gp", _("general practitioner")
    VOLUNTEER = "volunteer", _("trained volunteer")
    OTHER = "other", _("other")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent (within a week)")
    CRISIS = "crisis", _("crisis (triage today)")


class RequestStatus(models.TextChoices):
    NEW = "new", _("new")
    TRIAGED = "triaged", _("triaged")
    CLOSED = "closed", _("closed")


class HelpRequest(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="help_requests",
                             verbose_name=_("access point or team"))
    household = models.ForeignKey("plans.Household", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="help_requests")
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    signal_source = models.CharField(_("signal from"), max_length=12, choices=SignalSource.choices, blank=True)
    signal_topic = models.CharField(_("signal about"), max_length=100, blank=True,
                                    help_text=_("For example debts or dementia."))
    question = EncryptedTextField(_("question in the resident's own words"), max_length=4000)
    life_domains = models.ManyToManyField(LifeDomain, blank=True, related_name="+", verbose_name=_("life domains"))
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=8, choices=RequestStatus.choices, default=RequestStatus.NEW)
    contact_name = EncryptedCharField(_("name"), max_length=150, blank=True)
    contact_phone = EncryptedCharField(_("phone number"), max_length=30, blank=True)
    contact_email = EncryptedCharField(_("e-mail address"), max_length=254, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    registered_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                                related_name="+")
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    triage_due_at = models.DateTimeField(_("triage due"), db_index=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["municipality", "team", "status"], name="request_worklist_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        if self.channel == Channel.SIGNAL and not self.signal_source:
            raise ValidationError({"signal_source": gettext("Say who gave the early signal.")})

    @staticmethod
    def due_for(urgency: str, registered_at: datetime) -> datetime:
        """Crisis: the same day; urgent: within 5 days; normal: within 10 days."""
        local = timezone.localtime(registered_at)
        if urgency == Urgency.CRISIS:
            return local.replace(hour=23, minute=59, second=0, microsecond=0)
        days = 5 if urgency == Urgency.URGENT else 10
        end = timezone.make_aware(datetime.combine((local + timedelta(days=days)).date(), time(17, 0)))
        return end

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.NEW and timezone.now() > self.triage_due_at


class TriageOutcome(models.TextChoices):
    ADVICE = "advice", _("information or advice only")
    OPEN_ACCESS = "open_access", _("referral to open-access help")
    PLAN = "plan", _("a plan with a coordinator")
    TAILORED = "tailored", _("request for a tailored provision (Wmo / Jeugdwet)")
    CRISIS = "crisis", _("crisis escalation")


class Law(models.TextChoices):
    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")


class Triage(models.Model):
    """Two professionals from different organisations assess a help request together."""

    help_request = models.OneToOneField(HelpRequest, on_delete=models.CASCADE, related_name="triage")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    professional_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation_a = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    professional_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation_b = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=TriageOutcome.choices)
    notes = EncryptedTextField(_("considerations"), max_length=4000, blank=True)
    service = models.ForeignKey(Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("open-access service"))
    law = models.CharField(_("law"), max_length=10, choices=Law.choices, blank=True)
    handed_to_decision_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("triage")
        verbose_name_plural = _("triages")

    def clean(self) -> None:
        errors = {}
        if self.organisation_a_id and self.organisation_a_id == self.organisation_b_id:
            errors["organisation_b"] = gettext("Triage is done by two professionals from different organisations.")
        if self.professional_a_id and self.professional_a_id == self.professional_b_id:
            errors["professional_b"] = gettext("Choose a second professional.")
        if self.outcome == TriageOutcome.TAILORED and not self.law:
            errors["law"] = gettext("Say under which law the provision is requested.")
        if errors:
            raise ValidationError(errors)


class PublicSubmission(models.Model):
    """One recent submission of the public online form, counted for the rate limit (PUBLIC_FORM_RATE).

    Holds only a keyed hash of the sender's IP address (privacy.crypto.keyed_hash), never the address
    itself, and the time; rows older than the rate's window are deleted as new submissions arrive.
    """

    sender_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["sender_hash", "at"], name="public_submission_rate_idx")]
