"""Models of reports: the nomination record of the Gouden sociale Gemeente predicate.

Reports themselves are computed from the registered work (see `reports.compute`) and never stored. The only
thing kept here is the record of a municipality's nomination: who nominated it, the visits of the jury and
the outcome. No resident data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Municipality, Organisation


class NominationOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    AWARDED = "awarded", _("predicate awarded")
    NOT_AWARDED = "not_awarded", _("not awarded")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Nomination(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="nominations",
                                     verbose_name=_("municipality"))
    nominating_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                                verbose_name=_("nominating organisation"))
    nominated_on = models.DateField(_("nominated on"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=NominationOutcome.choices,
                               default=NominationOutcome.PENDING)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-nominated_on", "-pk"]

    def __str__(self) -> str:
        return gettext("Nomination of %(municipality)s") % {"municipality": self.municipality}

    def clean(self) -> None:
        errors = {}
        if self.outcome in (NominationOutcome.AWARDED, NominationOutcome.NOT_AWARDED) and not self.outcome_on:
            errors["outcome_on"] = gettext("Give the date of the outcome.")
        if self.outcome_on and self.nominated_on and self.outcome_on < self.nominated_on:
            errors["outcome_on"] = gettext("The outcome cannot be before the nomination.")
        if errors:
            raise ValidationError(errors)


class NominationVisit(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="visits",
                                   verbose_name=_("nomination"))
    visited_on = models.DateField(_("visited on"))
    note = models.CharField(_("what was visited"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["visited_on", "pk"]

    def __str__(self) -> str:
        return str(self.visited_on)

    def clean(self) -> None:
        if self.nomination_id and self.visited_on and self.visited_on < self.nomination.nominated_on:
            raise ValidationError({"visited_on": gettext("A visit cannot be before the nomination.")})
