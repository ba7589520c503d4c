"""The sociale kaart: services (aanbod) of organisations, volunteer groups and citizen initiatives.

Modelled on Open Referral HSDS 3.0 (service, service_at_location, schedule, cost option, service
area, taxonomy terms) with what a Dutch social map needs on top: access type (open access /
voorliggend veld, or a municipal decision), the 13 ZRM life domains, target groups, publication
review and assurance (last confirmed, by whom). No resident data lives here.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Location, Municipality, Neighbourhood, Organisation
from samenkracht.socialmap.domains import hsds_uuid


class LifeDomain(models.Model):
    """One of the 13 domains of the Zelfredzaamheid-Matrix (2017)."""

    code = models.SlugField(_("code"), primary_key=True, max_length=40)
    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    @property
    def uid(self) -> uuid.UUID:
        return hsds_uuid("life-domain", self.code)


class TargetGroup(models.Model):
    code = models.SlugField(_("code"), primary_key=True, max_length=40)
    name = models.CharField(_("name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name

    @property
    def uid(self) -> uuid.UUID:
        return hsds_uuid("target-group", self.code)


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    DEFUNCT = "defunct", _("defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")


class AccessType(models.TextChoices):
    OPEN = "open", _("open access (no referral or decision needed)")
    DECISION = "decision", _("needs a municipal decision (Wmo, Jeugdwet)")


class CostKind(models.TextChoices):
    FREE = "free", _("free of charge")
    CONTRIBUTION = "contribution", _("own contribution")
    AMOUNT = "amount", _("fixed amount")


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    PENDING_REVIEW = "pending_review", _("awaiting review")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("sent back")


class ServiceQuerySet(models.QuerySet):
    def published(self) -> "ServiceQuerySet":
        return self.filter(publication=Publication.PUBLISHED)

    def visible_to_residents(self) -> "ServiceQuerySet":
        """What the public page shows: published and not defunct or inactive."""
        return self.published().filter(status__in=[ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED])

    def stale(self, today: date | None = None) -> "ServiceQuerySet":
        limit = stale_before(today)
        return self.filter(models.Q(assured_date__isnull=True) | models.Q(assured_date__lt=limit))


def stale_before(today: date | None = None) -> date:
    """Services confirmed before this date are stale (SOCIALMAP_STALE_MONTHS, default 6)."""
    today = today or timezone.localdate()
    return today - timedelta(days=round(settings.SOCIALMAP_STALE_MONTHS * 30.44))


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    url = models.URLField(_("website"), blank=True, max_length=300)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    access_type = models.CharField(_("access"), max_length=10, choices=AccessType.choices, default=AccessType.OPEN)
    eligibility_description = models.TextField(_("who is it for"), max_length=2000, blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True,
                                                   validators=[MaxValueValidator(120)])
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True,
                                                   validators=[MaxValueValidator(120)])
    application_process = models.TextField(_("how to apply"), max_length=2000, blank=True)
    cost_kind = models.CharField(_("costs"), max_length=15, choices=CostKind.choices, default=CostKind.FREE)
    cost_amount = models.DecimalField(_("amount (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    fees_description = models.CharField(_("explanation of costs"), max_length=500, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True,
                                 help_text=_("ISO 639-1 codes, for example nl, en, ar, tr, pl."))
    schedule_description = models.CharField(_("opening hours in words"), max_length=300, blank=True,
                                            help_text=_("For example: 8 day-parts a week."))
    life_domains = models.ManyToManyField(LifeDomain, blank=True, related_name="services",
                                          verbose_name=_("life domains"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="services",
                                           verbose_name=_("target groups"))
    tags = models.JSONField(_("tags"), default=list, blank=True)
    publication = models.CharField(_("publication"), max_length=20, choices=Publication.choices,
                                   default=Publication.DRAFT)
    review_note = models.CharField(_("note from the reviewer"), max_length=500, blank=True)
    assured_date = models.DateField(_("last confirmed on"), null=True, blank=True)
    assurer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("confirmed by"))
    assurer_email = models.EmailField(_("confirmed by (e-mail)"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_modified = models.DateTimeField(_("last modified"), default=timezone.now, db_index=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["publication", "status"], name="service_visible_idx"),
            models.Index(fields=["assured_date"], name="service_assured_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True) | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range",
                violation_error_message=_("The minimum age is above the maximum age."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.minimum_age is not None and self.maximum_age is not None and self.minimum_age > self.maximum_age:
            errors["maximum_age"] = gettext("The maximum age must not be below the minimum age.")
        if self.cost_kind == CostKind.FREE and self.cost_amount:
            errors["cost_amount"] = gettext("A free service has no amount.")
        if self.cost_kind == CostKind.AMOUNT and self.cost_amount is None:
            errors["cost_amount"] = gettext("Give the amount.")
        if self.cost_amount is not None and self.cost_amount < 0:
            errors["cost_amount"] = gettext("An amount cannot be negative.")
        if not isinstance(self.languages, list) or not all(
            isinstance(code, str) and len(code) == 2 and code.isalpha() and code.islower() for code in self.languages
        ):
            errors["languages"] = gettext("Languages are two-letter ISO 639-1 codes such as nl or en.")
        if not isinstance(self.tags, list) or not all(isinstance(t, str) and 0 < len(t) <= 50 for t in self.tags):
            errors["tags"] = gettext("Tags are short words of at most 50 characters.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_free(self) -> bool:
        return self.cost_kind == CostKind.FREE

    @property
    def is_stale(self) -> bool:
        return self.assured_date is None or self.assured_date < stale_before()


class ServiceCoverage(models.Model):
    """A municipality, or one neighbourhood of it, where the service is offered (HSDS service_area)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="coverage")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="+")

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        indexes = [models.Index(fields=["municipality", "service"], name="coverage_municipality_idx")]
        # Two constraints instead of one with nulls_distinct=False, which SQLite does not support (W047):
        # a neighbourhood at most once per service, and the whole municipality (no neighbourhood) at most
        # once per service, as a partial unique index. The same guarantee on PostgreSQL and SQLite.
        constraints = [
            models.UniqueConstraint(fields=["service", "municipality", "neighbourhood"], name="coverage_unique",
                                    condition=models.Q(neighbourhood__isnull=False),
                                    violation_error_message=_("This service already covers this area.")),
            models.UniqueConstraint(fields=["service", "municipality"], name="coverage_unique_whole",
                                    condition=models.Q(neighbourhood__isnull=True),
                                    violation_error_message=_("This service already covers this area.")),
        ]

    def __str__(self) -> str:
        return str(self.neighbourhood or self.municipality)


class ServiceAtLocation(models.Model):
    """Where a service is offered (HSDS service_at_location)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_at_location_unique")]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class Schedule(models.Model):
    """Weekly opening hours of a service (optionally at one of its locations); HSDS schedule, freq WEEKLY."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True,
                                            related_name="schedules")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        indexes = [models.Index(fields=["weekday", "service"], name="schedule_weekday_idx")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            raise ValidationError({"closes_at": gettext("Closing time must be after opening time.")})

    @property
    def day_parts(self) -> int:
        """Morning (until 12:00), afternoon (12:00-17:00) and evening (from 17:00) parts covered."""
        bounds = [(0, 12 * 60), (12 * 60, 17 * 60), (17 * 60, 24 * 60)]
        start = self.opens_at.hour * 60 + self.opens_at.minute
        end = self.closes_at.hour * 60 + self.closes_at.minute
        return sum(1 for low, high in bounds if start < high and end > low)


class ServiceChange(models.Model):
    """History of every change to a service: who, when, which field, old and new value."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    changed_by_label = models.CharField(max_length=200, blank=True, help_text="who, when not a person (import, API)")
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.service_id} {self.field} @ {self.changed_at:%Y-%m-%d %H:%M}"


class PostcodeCentroid(models.Model):
    """Centre of a four-digit postcode area (PC4), the starting point for "near my postcode" searches.

    Loaded from a CSV ``pc4,latitude,longitude`` with ``samenkracht load_postcode_centroids``; see
    socialmap/geo.py for what is used when a PC4 area is not in this table.
    """

    pc4 = models.CharField(_("postcode area"), max_length=4, primary_key=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["pc4"]

    def __str__(self) -> str:
        return self.pc4
