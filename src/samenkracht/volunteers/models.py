"""Volunteer pools of organisations and their volunteers.

A pool (buddy, home administration, companion, transport) belongs to one organisation and works in one
municipality (the tenant key). A volunteer is a person but not a user: they never sign in and never see a
plan. Their name and contact details are personal data, encrypted at rest (privacy.fields); only the pool
organisation's coordinators and professionals see them (volunteers.policy), and every read and write of them
is logged (privacy.log, subject_type "volunteer").

Availability is a set of weekly day-parts (morning, afternoon, evening per weekday, like the socialmap
schedules' day parts) kept as a bit mask: bit ``(weekday - 1) * 3 + part``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Municipality, Neighbourhood, Organisation
from samenkracht.privacy.fields import EncryptedCharField, EncryptedTextField
from samenkracht.socialmap.models import LifeDomain, Weekday


class PoolKind(models.TextChoices):
    BUDDY = "buddy", _("buddy")
    HOME_ADMINISTRATION = "home_administration", _("home administration")
    COMPANION = "companion", _("companion")
    TRANSPORT = "transport", _("transport")
    OTHER = "other", _("other")


class VolunteerPool(models.Model):
    """A group of volunteers of one organisation in one municipality, managed by its coordinators."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="volunteer_pools",
                                     verbose_name=_("organisation"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=PoolKind.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer pool")
        verbose_name_plural = _("volunteer pools")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="volunteer_pool_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.name:
            self.name = " ".join(self.name.split())
            if self.organisation_id:
                clash = VolunteerPool.objects.filter(organisation_id=self.organisation_id, name__iexact=self.name)
                if clash.exclude(pk=self.pk).exists():
                    raise ValidationError({"name": gettext("This organisation already has a pool with this name.")})


class DayPart(models.IntegerChoices):
    MORNING = 0, _("morning")
    AFTERNOON = 1, _("afternoon")
    EVENING = 2, _("evening")


def slot_bit(weekday: int, part: int) -> int:
    """The bit of one weekly day-part in an availability mask."""
    return 1 << ((int(weekday) - 1) * 3 + int(part))


ALL_SLOTS = [(day, part) for day in Weekday.values for part in DayPart.values]
AVAILABILITY_FULL = sum(slot_bit(day, part) for day, part in ALL_SLOTS)


class VolunteerStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    ACTIVE = "active", _("active")
    LEAVING = "leaving", _("leaving")
    LEFT = "left", _("left")


class Volunteer(models.Model):
    """A volunteer of a pool. Not a user: no account, no access to any resident file."""

    pool = models.ForeignKey(VolunteerPool, on_delete=models.PROTECT, related_name="volunteers",
                             verbose_name=_("pool"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    given_name = EncryptedCharField(_("first name"), max_length=100)
    family_name = EncryptedCharField(_("surname"), max_length=100)
    phone = EncryptedCharField(_("phone number"), max_length=30, blank=True)
    email = EncryptedCharField(_("e-mail address"), max_length=254, blank=True)
    notes = EncryptedTextField(_("notes"), max_length=2000, blank=True,
                               help_text=_("Experience and preferences; never health or other special data."))
    skills = models.ManyToManyField(LifeDomain, blank=True, related_name="+", verbose_name=_("life domains"))
    languages = models.JSONField(_("languages"), default=list, blank=True,
                                 help_text=_("ISO 639-1 codes, for example nl, en, ar, tr."))
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="+",
                                            verbose_name=_("neighbourhoods"))
    postcode_area = models.CharField(_("postcode area"), max_length=4, blank=True,
                                     help_text=_("Only the four digits of the postcode, used for distance."))
    max_distance_km = models.PositiveSmallIntegerField(_("maximum distance (km)"), null=True, blank=True,
                                                       validators=[MaxValueValidator(200)])
    availability = models.PositiveIntegerField(_("availability"), default=0,
                                               validators=[MaxValueValidator(AVAILABILITY_FULL)])
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1,
                                                validators=[MinValueValidator(1), MaxValueValidator(20)],
                                                help_text=_("Maximum number of residents at the same time."))
    status = models.CharField(_("status"), max_length=10, choices=VolunteerStatus.choices,
                              default=VolunteerStatus.REGISTERED)
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    active_since = models.DateField(_("active since"), null=True, blank=True)
    leaving_on = models.DateField(_("leaving on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["pool_id", "id"]
        indexes = [models.Index(fields=["pool", "status"], name="volunteer_pool_status_idx")]

    def __str__(self) -> str:
        return gettext("Volunteer %(number)s") % {"number": self.pk}

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def running_matches_count(self) -> int:
        """Matches running now (one query; 0 before the first save)."""
        if self.pk is None or not hasattr(self, "matches"):
            return 0
        return self.matches.filter(status="active").count()

    def has_slot(self, weekday: int, part: int) -> bool:
        return bool(self.availability & slot_bit(weekday, part))

    def clean(self) -> None:
        from samenkracht.socialmap.geo import parse_postcode

        errors: dict[str, list[str]] = {}
        if self.pool_id and self.municipality_id and self.pool.municipality_id != self.municipality_id:
            errors["municipality"] = [gettext("A volunteer works in the municipality of the pool.")]
        if self.postcode_area:
            pc4 = parse_postcode(self.postcode_area)
            if pc4 is None:
                errors["postcode_area"] = [gettext("Enter a Dutch postcode, for example 4141 or 4141 AB.")]
            else:
                self.postcode_area = pc4
        languages = self.languages or []
        if not isinstance(languages, list) or not all(
            isinstance(code, str) and code.isalpha() and 2 <= len(code) <= 3 for code in languages
        ):
            errors["languages"] = [gettext("Languages are two- or three-letter codes such as nl, en, ar.")]
        else:
            self.languages = sorted({code.lower() for code in languages})
        if self.leaving_on and self.active_since and self.leaving_on < self.active_since:
            errors["leaving_on"] = [gettext("Leaving cannot be before becoming active.")]
        if self.left_on and self.registered_on and self.left_on < self.registered_on:
            errors["left_on"] = [gettext("Leaving cannot be before registering.")]
        if errors:
            raise ValidationError(errors)


class MatchStatus(models.TextChoices):
    ACTIVE = "active", _("running")
    ENDED = "ended", _("ended")


class VolunteerMatch(models.Model):
    """A volunteer supports the resident of one referral to the volunteer's pool. The volunteer sees only
    what the referral shares (the match card); never the plan."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="volunteer_matches",
                                 verbose_name=_("referral"))
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="matches",
                                  verbose_name=_("volunteer"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    status = models.CharField(_("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.ACTIVE)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    note = EncryptedTextField(_("note for the volunteer"), max_length=1000, blank=True,
                              help_text=_("Practical agreements; nothing from the plan."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer match")
        verbose_name_plural = _("volunteer matches")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "volunteer"], condition=Q(status="active"),
                                    name="volunteer_match_one_running"),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="vol_match_status_idx")]

    def __str__(self) -> str:
        return gettext("Match %(number)s") % {"number": self.pk}

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = [gettext("A match cannot start in the future.")]
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = [gettext("A match cannot end before it started.")]
        if self.status == MatchStatus.ENDED and not self.ended_on:
            errors["ended_on"] = [gettext("Give the date the match ended.")]
        if errors:
            raise ValidationError(errors)


class HoursEntry(models.Model):
    """Hours a volunteer spent on one match on one day (more than 0, at most 24)."""

    match = models.ForeignKey(VolunteerMatch, on_delete=models.CASCADE, related_name="hours",
                              verbose_name=_("match"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("24"))])
    note = EncryptedTextField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("hours")
        verbose_name_plural = _("hours")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["municipality", "date"], name="vol_hours_tenant_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="volunteer_hours_range"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.hours}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.hours is not None and not (Decimal("0") < self.hours <= Decimal("24")):
            errors["hours"] = [gettext("Hours must be more than 0 and at most 24.")]
        if self.date:
            if self.date > timezone.localdate():
                errors["date"] = [gettext("Hours cannot be recorded for a day in the future.")]
            elif self.match_id and self.match.started_on and self.date < self.match.started_on:
                errors["date"] = [gettext("This day lies before the match started.")]
            elif self.match_id and self.match.ended_on and self.date > self.match.ended_on:
                errors["date"] = [gettext("This day lies after the match ended.")]
        if errors:
            raise ValidationError(errors)
