"""The access log (in the spirit of NEN 7513) and emergency access.

Access log entries are append-only and hash-chained: every entry carries the hash of the previous entry
of its chain (one chain per municipality, so the chains can be distributed with the tenant data), and its
own hash over all its fields. `samenkracht verify_access_log` recomputes the chains; an edited, inserted or
deleted row breaks them. On PostgreSQL a trigger refuses every UPDATE and DELETE of the table.
Entries hold no personal data: ids and labels of actors, the subject's id, never names, BSN or text.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.TextChoices):
    CREATE = "create", _("create")
    READ = "read", _("read")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    SEARCH = "search", _("search")
    EXPORT = "export", _("export")
    EMERGENCY = "emergency", _("emergency access")


class Outcome(models.TextChoices):
    ALLOWED = "allowed", _("allowed")
    DENIED = "denied", _("denied")


class Source(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    CLI = "cli", _("command line")


class AccessLogEntry(models.Model):
    chain = models.PositiveIntegerField(_("chain"), help_text="municipality id, or 0 for entries without one")
    sequence = models.PositiveBigIntegerField(_("number in chain"))
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    event = models.CharField(_("event"), max_length=12, choices=AccessEvent.choices)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    source = models.CharField(_("source"), max_length=4, choices=Source.choices)
    user_id_value = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    user_label = models.CharField(_("user"), max_length=200, blank=True)
    organisation_id_value = models.BigIntegerField(_("organisation id"), null=True, blank=True, db_index=True)
    organisation_label = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=40, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=200, blank=True)
    subject_type = models.CharField(_("subject type"), max_length=40)
    subject_id = models.CharField(_("subject"), max_length=64, db_index=True)
    municipality_id_value = models.BigIntegerField(_("municipality id"), null=True, blank=True, db_index=True)
    purpose = models.CharField(_("purpose or basis"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "sequence"], name="access_log_chain_sequence")]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"], name="access_log_subject_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event} {self.subject_type}:{self.subject_id} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Access log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Access log entries cannot be deleted.")

    def hash_fields(self) -> dict:
        return {
            "chain": self.chain, "sequence": self.sequence, "at": self.at.isoformat(), "event": self.event,
            "outcome": self.outcome, "source": self.source, "user": self.user_id_value,
            "user_label": self.user_label, "organisation": self.organisation_id_value,
            "organisation_label": self.organisation_label, "role": self.role, "on_behalf_of": self.on_behalf_of,
            "subject_type": self.subject_type, "subject_id": self.subject_id,
            "municipality": self.municipality_id_value, "purpose": self.purpose, "detail": self.detail,
            "previous_hash": self.previous_hash,
        }


class AccessLogChainHead(models.Model):
    """The newest entry of each chain; locked while an entry is added, so the chain stays a line."""

    chain = models.PositiveIntegerField(primary_key=True)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("justified")
    UNJUSTIFIED = "unjustified", _("not justified")


class EmergencyAccess(models.Model):
    """Access outside the normal relation ("noodknop"): a reason is mandatory, it expires, and a privacy
    officer reviews every use afterwards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("plans.Household", on_delete=models.CASCADE, related_name="emergency_accesses")
    municipality = models.ForeignKey("network.Municipality", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=1000)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    review_outcome = models.CharField(_("review"), max_length=12, choices=ReviewOutcome.choices, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "household", "expires_at"], name="emergency_active_idx")]

    def clean(self) -> None:
        if len((self.reason or "").strip()) < 20:
            raise ValidationError({"reason": gettext("Describe the emergency in at least 20 characters.")})

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()
