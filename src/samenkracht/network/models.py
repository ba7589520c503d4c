"""The partner network of a municipality's social domain.

Municipalities (CBS list), regions, neighbourhoods, national associations, organisations of every
kind, the areas they serve, the locations they share, the teams they form, and the memberships
(person + organisation + role) that decide what each professional may see and do.
No resident data lives here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network import validators


class Municipality(models.Model):
    """A Dutch municipality (gemeente), identified by its CBS code."""

    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[validators.validate_municipality_code]
    )
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(
        _("active"), default=True,
        help_text=_("False when a newer CBS list no longer contains it (for example after a merger)."),
    )
    population = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("network:municipality_detail", args=[self.code])

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A named group of municipalities working together, e.g. Midden-Limburg (7 municipalities)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    municipalities = models.ManyToManyField(
        Municipality, related_name="regions", verbose_name=_("municipalities")
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("network:region_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name


class NeighbourhoodKind(models.TextChoices):
    DISTRICT = "district", _("district")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")
    VILLAGE = "village", _("village core")


class Neighbourhood(models.Model):
    """An area inside a municipality: a district (wijk), neighbourhood (buurt) or village core (kern)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="neighbourhoods",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=NeighbourhoodKind.choices)
    cbs_code = models.CharField(
        _("CBS code"), max_length=10, blank=True, validators=[validators.validate_neighbourhood_code]
    )
    postcode = models.CharField(
        _("postcode of the centre"), max_length=7, blank=True, validators=[validators.validate_postcode]
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="neighbourhood_unique_name"),
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~Q(cbs_code=""), name="neighbourhood_unique_cbs_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality.name})"

    def clean(self) -> None:
        if self.postcode:
            self.postcode = validators.normalise_postcode(self.postcode)
        _unique_name_in_municipality(self, gettext("This municipality already has an area with this name."))


def _unique_name_in_municipality(instance, message: str) -> None:
    """Name clashes within a municipality reported on the name field (not as a form-wide error)."""
    if instance.name and instance.municipality_id:
        clash = type(instance).objects.filter(municipality_id=instance.municipality_id, name__iexact=instance.name)
        if clash.exclude(pk=instance.pk).exists():
            raise ValidationError({"name": message})


class Association(models.Model):
    """A national body with member organisations (MEE Nederland, Sociaal Werk Nederland)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    former_names = models.JSONField(_("former names"), default=list, blank=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    WELFARE = "welfare", _("welfare and social work")
    CLIENT_SUPPORT = "client_support", _("client support (MEE)")
    SOCIAL_WORK = "social_work", _("social services (maatschappelijk werk)")
    YOUTH = "youth", _("youth and family (CJG)")
    MENTAL_HEALTH = "mental_health", _("mental health care (GGZ)")
    PUBLIC_HEALTH = "public_health", _("public health service (GGD)")
    DEBT_HELP = "debt_help", _("debt help")
    MUNICIPALITY = "municipality", _("municipality")
    VOLUNTEER_ORGANISATION = "volunteer_organisation", _("volunteer organisation")
    CITIZEN_INITIATIVE = "citizen_initiative", _("citizen initiative")
    SCHOOL = "school", _("school")
    HOUSING_CORPORATION = "housing_corporation", _("housing corporation")
    POLICE = "police", _("police")
    EMPLOYER = "employer", _("employer")
    CARE_PROVIDER = "care_provider", _("care provider")
    SPORTS = "sports", _("sports and culture")
    OTHER = "other", _("other")


class Organisation(models.Model):
    """Any organisation in the network, including informal citizen initiatives without legal entity."""

    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False,
                           help_text=_("Stable identifier in exchanges such as HSDS."))
    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    informal = models.BooleanField(
        _("no legal entity"), default=False,
        help_text=_("An informal initiative of residents, without foundation or association."),
    )
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validators.validate_kvk_number]
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="based_organisations",
        verbose_name=_("home municipality"),
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    website = models.URLField(_("website"), blank=True, max_length=200)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    associations = models.ManyToManyField(
        Association, blank=True, related_name="members", verbose_name=_("member of")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("network:organisation_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.name:
            self.name = " ".join(self.name.split())
            clash = Organisation.objects.filter(name__iexact=self.name).exclude(pk=self.pk)
            if clash.exists():
                errors["name"] = gettext("An organisation with this name already exists.")
        if self.informal and self.kvk_number:
            errors["kvk_number"] = gettext("An initiative without legal entity has no KvK number.")
        if errors:
            raise ValidationError(errors)


class ServiceArea(models.Model):
    """A municipality, or one neighbourhood of it, that an organisation serves. Overlaps are normal."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="service_areas", verbose_name=_("organisation")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="service_areas", verbose_name=_("municipality")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, null=True, blank=True, related_name="service_areas",
        verbose_name=_("neighbourhood"),
    )

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "municipality"], condition=Q(neighbourhood__isnull=True),
                name="service_area_unique_municipality",
            ),
            models.UniqueConstraint(
                fields=["organisation", "neighbourhood"], condition=Q(neighbourhood__isnull=False),
                name="service_area_unique_neighbourhood",
            ),
        ]

    def __str__(self) -> str:
        return str(self.neighbourhood or self.municipality)

    def clean(self) -> None:
        if self.neighbourhood_id and self.neighbourhood.municipality_id != self.municipality_id:
            raise ValidationError({"neighbourhood": gettext("This neighbourhood lies in another municipality.")})


class Location(models.Model):
    """An address where one or more organisations work (shared housing, wijkcentrum, Startpunt)."""

    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    street = models.CharField(_("street"), max_length=100)
    house_number = models.CharField(_("house number"), max_length=12, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("place"), max_length=80)
    country = models.CharField(_("country"), max_length=2, default="NL",
                               help_text=_("ISO 3166-1 code; Dutch addresses are checked strictly."))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="locations", verbose_name=_("municipality"),
        null=True, blank=True,
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations",
        verbose_name=_("neighbourhood"),
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    organisations = models.ManyToManyField(
        Organisation, related_name="locations", blank=True, verbose_name=_("organisations under this roof")
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="location_unique_name"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("network:location_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.country = (self.country or "NL").upper()
        if self.country == "NL":
            errors = {}
            try:
                self.postcode = validators.normalise_postcode(self.postcode)
            except ValidationError as error:
                errors["postcode"] = error.messages
            if not self.house_number:
                errors["house_number"] = [gettext("A Dutch address needs a house number.")]
            if self.municipality_id is None:
                errors["municipality"] = [gettext("A Dutch address lies in a municipality.")]
            if errors:
                raise ValidationError(errors)
        if self.neighbourhood_id and self.municipality_id and (
            self.neighbourhood.municipality_id != self.municipality_id
        ):
            raise ValidationError({"neighbourhood": gettext("This neighbourhood lies in another municipality.")})

    @property
    def address(self) -> str:
        if self.country == "NL":
            return f"{self.street} {self.house_number}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"
        return f"{self.street} {self.house_number}, {self.postcode} {self.city} ({self.country})".replace("  ", " ")


class TeamKind(models.TextChoices):
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("social neighbourhood team (wijkteam)")
    AREA_TEAM = "area_team", _("area team (gebiedsteam)")
    SOCIAL_TEAM = "social_team", _("social team")
    YOUTH_FAMILY_CENTRE = "youth_family_centre", _("youth and family centre (CJG)")
    ACCESS_POINT = "access_point", _("access point (Toegang, Loket, Startpunt)")


class Team(models.Model):
    """Professionals from several organisations serving an area, or the one front door."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=TeamKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("municipality")
    )
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="teams", verbose_name=_("neighbourhoods")
    )
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams",
        verbose_name=_("location"),
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="teams", blank=True, verbose_name=_("participating organisations")
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("network:team_detail", args=[self.pk])

    def clean(self) -> None:
        _unique_name_in_municipality(self, gettext("This municipality already has a team with this name."))
        if self.location_id and self.municipality_id and self.location.municipality_id not in (None, self.municipality_id):
            raise ValidationError({"location": gettext("This location lies in another municipality.")})

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FUNCTIONAL_ADMIN = "functional_admin", _("functional administrator")
    COORDINATOR = "coordinator", _("organisation coordinator")
    PROFESSIONAL = "professional", _("professional")
    POLICY_OFFICER = "policy_officer", _("municipality policy officer")
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")


class Membership(models.Model):
    """A person works for an organisation in a role. Roles decide what they may see and do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    job_title = models.CharField(
        _("job title"), max_length=100, blank=True,
        help_text=_("For example wijkcoach, Wmo-consulent or MEE client supporter."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class TeamMember(models.Model):
    """A professional in a team, on behalf of one of the team's organisations."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("on behalf of")
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"

    def clean(self) -> None:
        if not Membership.objects.filter(
            user_id=self.user_id, organisation_id=self.organisation_id, active=True
        ).exists():
            raise ValidationError({"user": gettext("This person does not work for the chosen organisation.")})
