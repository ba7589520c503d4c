"""Models of rights: rights requests of residents (AVG art. 15-18), corrections with history, and the
non-personal tombstones that erasures and retention purges leave behind.

Resident data: every table carries `municipality` (tenant key); old and new values of a correction and the
reason of a refusal are encrypted at rest. Requests and tombstones outlive the household they were about
(the foreign keys are SET_NULL): they hold ids, kinds, dates and counts, never names or BSN.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Municipality, Organisation
from samenkracht.privacy.fields import EncryptedCharField, EncryptedTextField


class RequestKind(models.TextChoices):
    ACCESS = "access", _("access (inzage)")
    CORRECTION = "correction", _("correction")
    RESTRICTION = "restriction", _("restriction of processing")
    ERASURE = "erasure", _("erasure")


class ReceivedVia(models.TextChoices):
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    ONLINE = "online", _("online form")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", _("in progress")
    CARRIED_OUT = "carried_out", _("carried out")
    REFUSED = "refused", _("refused")


FINAL = (RequestStatus.CARRIED_OUT, RequestStatus.REFUSED)
NEXT_STATES = {
    RequestStatus.RECEIVED: [RequestStatus.IN_PROGRESS, RequestStatus.CARRIED_OUT, RequestStatus.REFUSED],
    RequestStatus.IN_PROGRESS: [RequestStatus.CARRIED_OUT, RequestStatus.REFUSED],
    RequestStatus.CARRIED_OUT: [],
    RequestStatus.REFUSED: [],
}


def add_one_month(moment):
    """AVG art. 12(3): one month after receipt; the same day number of the next month, or its last day."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


class RightsRequest(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation handling the request"))
    household = models.ForeignKey("plans.Household", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="rights_requests")
    person = models.ForeignKey("plans.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("person"))
    household_number = models.PositiveBigIntegerField(_("household number"), help_text="kept after erasure")
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_via = models.CharField(_("received via"), max_length=10, choices=ReceivedVia.choices)
    deadline = models.DateTimeField(_("deadline"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices,
                              default=RequestStatus.RECEIVED)
    refusal_reason = EncryptedTextField(_("reason for refusal"), max_length=2000, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("handled by"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["organisation", "status", "deadline"], name="rights_worklist_idx")]

    def __str__(self) -> str:
        return gettext("Rights request %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        if self.received_at and not self.deadline:
            self.deadline = add_one_month(self.received_at)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.received_at and self.received_at > timezone.now() + timedelta(minutes=5):
            errors["received_at"] = gettext("The date of receipt cannot lie in the future.")
        if self.status == RequestStatus.REFUSED and not (self.refusal_reason or "").strip():
            errors["refusal_reason"] = gettext("Give the reason for refusing the request.")
        if self.person_id and self.household_id and self.person.household_id != self.household_id:
            errors["person"] = gettext("This person is not a member of the household.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status not in FINAL

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.now() > self.deadline


class Correction(models.Model):
    """One corrected field of a person: old and new value (encrypted), who, when, on which request."""

    person = models.ForeignKey("plans.Person", on_delete=models.CASCADE, related_name="corrections")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("field"), max_length=40)
    old_value = EncryptedCharField(_("old value"), max_length=300, blank=True)
    new_value = EncryptedCharField(_("new value"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("corrected at"), default=timezone.now)
    request = models.ForeignKey(RightsRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="corrections")

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-at", "-id"]


class ErasureCause(models.TextChoices):
    REQUEST = "request", _("erasure request")
    RETENTION = "retention", _("retention period expired")


class Tombstone(models.Model):
    """What remains of an erasure or purge: no personal data, only what kind of records went and how many."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    cause = models.CharField(_("cause"), max_length=10, choices=ErasureCause.choices)
    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="tombstones")
    subject_type = models.CharField(_("subject type"), max_length=20)
    subject_id = models.PositiveBigIntegerField(_("subject"))
    retention_kind = models.CharField(_("kind of record"), max_length=30, blank=True)
    counts = models.JSONField(_("records erased"), default=dict)
    at = models.DateTimeField(_("erased at"), default=timezone.now)

    class Meta:
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        ordering = ["-at", "-id"]
