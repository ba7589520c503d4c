"""Households, their members, and the one plan per household: one coordinator, one budget.

Resident data: every table carries `municipality` (the tenant key), free text and identifying fields are
encrypted at rest (privacy.fields), BSN and name + birth date have keyed hashes for duplicate checks.
Only the access policy (privacy.policy) decides who reads these rows; only plans.services writes them.
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

from samenkracht.network.models import Municipality, Neighbourhood, Organisation, Team
from samenkracht.privacy.fields import EncryptedCharField, EncryptedTextField
from samenkracht.socialmap.models import LifeDomain

ZRM_SCORES = [(1, _("1 acute")), (2, _("2 not self-reliant")), (3, _("3 limited")), (4, _("4 sufficient")),
              (5, _("5 fully self-reliant"))]
score_validators = [MinValueValidator(1), MaxValueValidator(5)]
money_validators = [MinValueValidator(Decimal("0"))]


class Household(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("neighbourhood"))
    holding_team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name=_("team holding the file"))
    holding_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                             related_name="+", verbose_name=_("organisation holding the file"))
    address = EncryptedCharField(_("address"), max_length=200, blank=True)
    postcode = EncryptedCharField(_("postcode"), max_length=7, blank=True)
    strengths = EncryptedTextField(_("own strengths"), max_length=3000, blank=True,
                                   help_text=_("What the household does itself and does well."))
    informal_network = EncryptedTextField(_("informal network"), max_length=3000, blank=True,
                                          help_text=_("Family, neighbours, friends who help or could help."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Restriction of processing (AVG art. 18), set only by samenkracht.rights.services: stored, not processed.
    restricted_at = models.DateTimeField(_("processing restricted since"), null=True, blank=True)
    restriction_reason = EncryptedCharField(_("reason for the restriction"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["municipality", "holding_team"], name="household_tenant_team_idx")]

    def __str__(self) -> str:
        return gettext("Household %(number)s") % {"number": self.pk}


class HouseholdRole(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    PARTNER = "partner", _("partner")
    CHILD = "child", _("child")
    OTHER = "other", _("other member")


class Person(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    given_name = EncryptedCharField(_("first name"), max_length=100)
    family_name = EncryptedCharField(_("surname"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    role = models.CharField(_("role in the household"), max_length=12, choices=HouseholdRole.choices,
                            default=HouseholdRole.APPLICANT)
    phone = EncryptedCharField(_("phone number"), max_length=30, blank=True)
    email = EncryptedCharField(_("e-mail address"), max_length=254, blank=True)
    bsn = EncryptedCharField(_("BSN"), max_length=9, blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    identity_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False,
                                     help_text="keyed hash of normalised name + date of birth")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return gettext("Person %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        """Keep the lookup hashes in step with the encrypted values they stand for."""
        from samenkracht.plans.identity import bsn_hash, identity_hash

        self.bsn_hash = bsn_hash(self.bsn) if self.bsn else ""
        self.identity_hash = identity_hash(self.given_name, self.family_name, self.date_of_birth)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from samenkracht.plans.identity import validate_bsn

        errors = {}
        if self.bsn:
            try:
                validate_bsn(self.bsn)
            except ValidationError as error:
                errors["bsn"] = error.messages
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = [gettext("A date of birth cannot lie in the future.")]
        if errors:
            raise ValidationError(errors)


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("goals reached")
    REFERRED = "referred", _("continued elsewhere")
    MOVED = "moved", _("moved away")
    DECLINED = "declined", _("resident stopped")
    OTHER = "other", _("other")


class Plan(models.Model):
    """One household, one plan, one coordinator, one budget. `version` guards against lost updates."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="plans")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coordinated_plans",
                                    verbose_name=_("coordinator"))
    coordinator_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                                 verbose_name=_("coordinator's organisation"))
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    summary = EncryptedTextField(_("what the household wants to achieve"), max_length=3000, blank=True)
    budget_total = models.DecimalField(_("budget"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                       validators=money_validators)
    version = models.PositiveIntegerField(default=1)
    next_evaluation_on = models.DateField(_("next evaluation"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closure_reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("resident's satisfaction (1-10)"), null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(10)])
    satisfaction_comment = EncryptedTextField(_("resident's comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=Q(status="active"), name="one_active_plan"),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="plan_tenant_status_idx")]

    def __str__(self) -> str:
        return gettext("Plan %(number)s") % {"number": self.pk}


class PlanVersion(models.Model):
    """A snapshot kept at every evaluation moment (and at closure)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=[("evaluation", _("evaluation")), ("closure", _("closure"))])
    snapshot = EncryptedTextField()
    note = EncryptedTextField(blank=True, max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]


class CoordinatorHandover(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="handovers")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    note = EncryptedTextField(blank=True, max_length=2000)
    at = models.DateTimeField(default=timezone.now)


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    REACHED = "reached", _("reached")
    DROPPED = "dropped", _("dropped")


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+", verbose_name=_("life domain"))
    description = EncryptedTextField(_("goal"), max_length=1000)
    current_score = models.PositiveSmallIntegerField(_("current ZRM score"), choices=ZRM_SCORES, validators=score_validators)
    target_score = models.PositiveSmallIntegerField(_("target ZRM score"), choices=ZRM_SCORES, validators=score_validators)
    status = models.CharField(_("status"), max_length=8, choices=GoalStatus.choices, default=GoalStatus.OPEN)

    class Meta:
        ordering = ["life_domain__position", "id"]


class Performer(models.TextChoices):
    ORGANISATION = "organisation", _("organisation")
    PROFESSIONAL = "professional", _("professional")
    VOLUNTEER = "volunteer", _("volunteer")
    OWN_NETWORK = "own_network", _("own network (family, neighbour)")
    RESIDENT = "resident", _("the resident")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    performer = models.CharField(_("who"), max_length=14, choices=Performer.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    performer_name = EncryptedCharField(_("name (network or volunteer)"), max_length=100, blank=True)
    what = EncryptedTextField(_("what"), max_length=1000)
    due_on = models.DateField(_("when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    class Meta:
        ordering = ["due_on", "id"]


class FundingSource(models.TextChoices):
    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    SPECIAL_ASSISTANCE = "special_assistance", _("special assistance (bijzondere bijstand)")
    DEBT_HELP = "debt_help", _("debt help")
    SUBSIDY = "subsidy", _("subsidy")


class BudgetLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_lines")
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    allocated = models.DecimalField(_("allocated"), max_digits=10, decimal_places=2, validators=money_validators)
    committed = models.DecimalField(_("committed"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                    validators=money_validators)
    spent = models.DecimalField(_("spent"), max_digits=10, decimal_places=2, default=Decimal("0"),
                                validators=money_validators)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(allocated__gte=0) & Q(committed__gte=0) & Q(spent__gte=0),
                                   name="budget_never_negative"),
        ]


class AssessmentMoment(models.TextChoices):
    INTAKE = "intake", _("intake")
    EVALUATION = "evaluation", _("evaluation")
    CLOSURE = "closure", _("closure")


class Assessment(models.Model):
    """A ZRM assessment (13 domains, scores 1-5) of the household's applicant or another member."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assessments")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    moment = models.CharField(_("moment"), max_length=10, choices=AssessmentMoment.choices)
    assessed_on = models.DateField(_("date"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["assessed_on", "id"]


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    life_domain = models.ForeignKey(LifeDomain, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(choices=ZRM_SCORES, validators=score_validators)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "life_domain"], name="one_score_per_domain")]


class BreakthroughStatus(models.TextChoices):
    OPEN = "open", _("open")
    DECIDED = "decided", _("decided")
    CLOSED = "closed", _("closed")


class Breakthrough(models.Model):
    """A case stuck on rules, escalated by the coordinator; records the tailored decision."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="breakthroughs")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    obstacle = EncryptedTextField(_("what is stuck"), max_length=2000)
    rule = models.CharField(_("the rule that blocks"), max_length=300)
    decision = EncryptedTextField(_("decision (tailored deviation)"), max_length=2000, blank=True)
    budget_granted = models.DecimalField(_("budget granted"), max_digits=10, decimal_places=2, null=True, blank=True,
                                         validators=money_validators)
    follow_up = EncryptedTextField(_("follow-up"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=BreakthroughStatus.choices,
                              default=BreakthroughStatus.OPEN)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "status"], name="breakthrough_tenant_idx")]


class Assignment(models.Model):
    """A professional explicitly assigned to a household (besides team members and the coordinator)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assignments")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="household_assignments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "ended_at"], name="assignment_user_idx")]
