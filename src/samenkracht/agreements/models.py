"""Agreements between organisations and with municipalities, and assignments with result agreements.

An *agreement* is a partnership, covenant, exploration, assignment (performance contract) or multi-year
subsidy, with its parties, commitments, renewals, status history, accession requests (open alliances) and
decision logs of joint meetings. A municipality's *assignment* is an agreement of kind `assignment` with one
`Assignment` row beside it (one-to-one) that holds what only assignments have: the work plans with their
sub-assignments, the result agreements (indicator from `reports.indicators`, target, period, responsible
party) and the values reported by hand for indicators that are not computed from registered work.

No resident data and no personal data lives here: parties, owners and participants are organisations.
The only people recorded are the professionals who changed something (`changed_by`, `reported_by`).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Association, Municipality, Organisation
from samenkracht.reports.indicators import get_indicator


class AgreementKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("partnership agreement")
    COVENANT = "covenant", _("covenant")
    EXPLORATION = "exploration", _("exploration")
    ASSIGNMENT = "assignment", _("assignment or performance contract")
    SUBSIDY = "subsidy", _("multi-year subsidy")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    EXPLORING = "exploring", _("exploring")
    SIGNED = "signed", _("signed")
    EXTENDED = "extended", _("extended")
    ENDED = "ended", _("ended")


# The life of an agreement: which status may follow which. `extended` is reached by a renewal.
STATUS_FLOW: dict[str, set[str]] = {
    AgreementStatus.DRAFT: {AgreementStatus.EXPLORING, AgreementStatus.SIGNED, AgreementStatus.ENDED},
    AgreementStatus.EXPLORING: {AgreementStatus.SIGNED, AgreementStatus.ENDED},
    AgreementStatus.SIGNED: {AgreementStatus.EXTENDED, AgreementStatus.ENDED},
    AgreementStatus.EXTENDED: {AgreementStatus.EXTENDED, AgreementStatus.ENDED},
    AgreementStatus.ENDED: set(),
}


class DecisionOption(models.TextChoices):
    PROJECTS = "projects", _("collaboration in projects")
    INTEGRATED = "integrated", _("integrated organisation of independent bodies")
    MERGER = "merger", _("merger")
    NONE = "none", _("no strategic collaboration")


class Agreement(models.Model):
    """A signed (or explored, or draft) arrangement between organisations, associations and municipalities."""

    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="agreements",
        verbose_name=_("municipality"),
        help_text=_("The municipality that gives the assignment or subsidy, or whose agreement this is."),
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="covered_by_agreements", verbose_name=_("area covered"),
    )
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices,
                              default=AgreementStatus.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    occasion = models.CharField(_("signing occasion"), max_length=300, blank=True)
    start_on = models.DateField(_("start"), null=True, blank=True)
    end_on = models.DateField(_("end"), null=True, blank=True)
    decision_deadline = models.DateField(_("decision deadline"), null=True, blank=True)
    decision_options = models.JSONField(_("options explored"), default=list, blank=True)
    decision_taken = models.CharField(_("decision taken"), max_length=20, choices=DecisionOption.choices,
                                      blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    open_alliance = models.BooleanField(
        _("open alliance"), default=False,
        help_text=_("Other organisations may ask to join; the parties decide."),
    )
    amount = models.DecimalField(_("amount (euro)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0"))])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(start_on__isnull=True)
                                   | Q(end_on__gt=models.F("start_on")), name="agreement_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.title:
            self.title = " ".join(self.title.split())
        if self.start_on and self.end_on and self.end_on <= self.start_on:
            errors["end_on"] = gettext("The end date must be after the start date.")
        if self.kind == AgreementKind.ASSIGNMENT and not self.municipality_id:
            errors["municipality"] = gettext("An assignment is given by a municipality: choose the municipality.")
        options = list(self.decision_options or [])
        if self.kind == AgreementKind.EXPLORATION:
            if not self.decision_deadline:
                errors["decision_deadline"] = gettext("An exploration needs the date by which the parties decide.")
            unknown = [o for o in options if o not in DecisionOption.values]
            if unknown:
                errors["decision_options"] = gettext("Unknown option: %(option)s.") % {"option": unknown[0]}
            elif not options:
                errors["decision_options"] = gettext("Name at least one option the exploration looks at.")
            if self.decision_taken and self.decision_taken not in options and "decision_options" not in errors:
                errors["decision_taken"] = gettext("The decision taken must be one of the options explored.")
            if self.decision_taken and not self.decided_on:
                errors["decided_on"] = gettext("Give the date of the decision.")
        elif self.decision_deadline or options or self.decision_taken or self.decided_on:
            errors["decision_deadline"] = gettext("Only an exploration has a decision deadline, options and a "
                                                  "decision.")
        if self.open_alliance and self.kind not in (AgreementKind.PARTNERSHIP, AgreementKind.COVENANT):
            errors["open_alliance"] = gettext("Only a partnership or covenant can be an open alliance.")
        if self.status in (AgreementStatus.SIGNED, AgreementStatus.EXTENDED) and not self.signed_on:
            errors["signed_on"] = gettext("A signed agreement needs its signing date.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_exploration(self) -> bool:
        return self.kind == AgreementKind.EXPLORATION

    def decision_option_labels(self) -> list[str]:
        labels = dict(DecisionOption.choices)
        return [str(labels.get(o, o)) for o in self.decision_options or []]

    def next_statuses(self) -> list[str]:
        allowed = STATUS_FLOW.get(self.status, set()) - {AgreementStatus.EXTENDED}
        return [value for value in AgreementStatus.values if value in allowed]


class StatusChange(models.Model):
    """One step in the life of an agreement (history, never edited)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="status_changes",
                                  verbose_name=_("agreement"))
    from_status = models.CharField(_("from"), max_length=20, choices=AgreementStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=AgreementStatus.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("signatory")
    LEAD_PARTY = "lead_party", _("lead party (penvoerder)")
    WITNESS = "witness", _("witness")


class Party(models.Model):
    """An organisation or national association that is party to an agreement, in a role."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties",
                                  verbose_name=_("agreement"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="agreement_parties", verbose_name=_("organisation"))
    association = models.ForeignKey(Association, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="agreement_parties", verbose_name=_("association"))
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices, default=PartyRole.SIGNATORY)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    joined_through = models.OneToOneField(
        "AccessionRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="resulting_party",
        verbose_name=_("joined through accession request"),
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, association__isnull=True)
                | Q(organisation__isnull=True, association__isnull=False),
                name="party_organisation_or_association"),
            models.UniqueConstraint(fields=["agreement", "organisation"], condition=Q(organisation__isnull=False),
                                    name="party_unique_organisation"),
            models.UniqueConstraint(fields=["agreement", "association"], condition=Q(association__isnull=False),
                                    name="party_unique_association"),
            models.UniqueConstraint(fields=["agreement"], condition=Q(role="lead_party"),
                                    name="party_one_lead_party"),
        ]

    @property
    def name(self) -> str:
        return str(self.organisation or self.association or "")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if bool(self.organisation_id) == bool(self.association_id):
            raise ValidationError({"organisation": gettext("Choose either an organisation or an association.")})
        if not self.agreement_id:
            return
        others = Party.objects.filter(agreement_id=self.agreement_id).exclude(pk=self.pk)
        if self.organisation_id and others.filter(organisation_id=self.organisation_id).exists():
            raise ValidationError({"organisation": gettext("%(name)s is already a party to this agreement.")
                                   % {"name": self.organisation.name}})
        if self.association_id and others.filter(association_id=self.association_id).exists():
            raise ValidationError({"association": gettext("%(name)s is already a party to this agreement.")
                                   % {"name": self.association.name}})
        if self.role == PartyRole.LEAD_PARTY:
            lead = others.filter(role=PartyRole.LEAD_PARTY).select_related("organisation", "association").first()
            if lead is not None:
                raise ValidationError({"role": gettext("This agreement already has a lead party: %(name)s.")
                                       % {"name": lead.name}})


class Renewal(models.Model):
    """An extension of an agreement's term, kept as history."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="renewals",
                                  verbose_name=_("agreement"))
    old_end = models.DateField(_("previous end"))
    new_end = models.DateField(_("new end"))
    decided_on = models.DateField(_("decided on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal")
        verbose_name_plural = _("renewals")
        ordering = ["new_end", "pk"]

    def __str__(self) -> str:
        return f"{self.old_end} → {self.new_end}"

    def clean(self) -> None:
        if self.old_end and self.new_end and self.new_end <= self.old_end:
            raise ValidationError({"new_end": gettext("The new end date must be after the current end date.")})


class CommitmentKind(models.TextChoices):
    PRACTICAL = "practical", _("practical")
    SUBSTANTIVE = "substantive", _("substantive")


class CommitmentTheme(models.TextChoices):
    HOUSING = "housing", _("shared housing and workspace")
    TRAINING = "training", _("joint training")
    STANDING_IN = "standing_in", _("standing in for each other in networks")
    ALIGNING_OFFER = "aligning_offer", _("aligning the offer to municipalities")
    DOUBLE_WORK = "double_work", _("avoiding double work")
    SOCIAL_DOMAIN = "social_domain", _("working together in the social domain")
    PREVENTION = "prevention", _("prevention and own strength")
    EDUCATION = "education", _("inclusive education and schools")
    ACCOUNTABILITY = "accountability", _("assignments and accountability")
    OPENNESS = "openness", _("open to new partners")
    OTHER = "other", _("other")


class Commitment(models.Model):
    """What the parties promise each other: practical (housing) or substantive (training, standing in)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments",
                                  verbose_name=_("agreement"))
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    theme = models.CharField(_("theme"), max_length=20, choices=CommitmentTheme.choices,
                             default=CommitmentTheme.OTHER)
    text = models.TextField(_("commitment"), max_length=1000)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.text is not None:
            self.text = self.text.strip()
        if not self.text:
            raise ValidationError({"text": gettext("Describe the commitment.")})


class AccessionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting the parties")
    APPROVED = "approved", _("approved")
    DECLINED = "declined", _("declined")


class AccessionRequest(models.Model):
    """An organisation asks to join an open alliance; the parties approve (each for itself)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="accession_requests",
                                  verbose_name=_("agreement"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="accession_requests",
                                     verbose_name=_("organisation"))
    motivation = models.TextField(_("motivation"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AccessionStatus.choices,
                              default=AccessionStatus.PENDING)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("requested by"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("accession request")
        verbose_name_plural = _("accession requests")
        ordering = ["-requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], condition=Q(status="pending"),
                                    name="accession_one_pending_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.agreement}"

    def clean(self) -> None:
        if not (self.agreement_id and self.organisation_id):
            return
        if not self.agreement.open_alliance:
            raise ValidationError({"agreement": gettext("Only an open alliance accepts requests to join.")})
        if self.agreement.status == AgreementStatus.ENDED:
            raise ValidationError({"agreement": gettext("This agreement has ended.")})
        if self.pk is None:
            if Party.objects.filter(agreement_id=self.agreement_id, organisation_id=self.organisation_id).exists():
                raise ValidationError({"organisation": gettext("%(name)s is already a party to this agreement.")
                                       % {"name": self.organisation.name}})
            if AccessionRequest.objects.filter(agreement_id=self.agreement_id, organisation_id=self.organisation_id,
                                               status=AccessionStatus.PENDING).exists():
                raise ValidationError({"organisation": gettext("%(name)s has already asked to join; the parties "
                                                               "have not yet decided.")
                                       % {"name": self.organisation.name}})


class AccessionApproval(models.Model):
    """One party's answer to an accession request."""

    request = models.ForeignKey(AccessionRequest, on_delete=models.CASCADE, related_name="approvals",
                                verbose_name=_("accession request"))
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="accession_approvals",
                              verbose_name=_("party"))
    approved = models.BooleanField(_("approved"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["decided_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "party"], name="approval_one_per_party")]

    def clean(self) -> None:
        if self.request_id and self.party_id:
            if self.party.agreement_id != self.request.agreement_id:
                raise ValidationError({"party": gettext("This party is not a party to the agreement.")})
            if AccessionApproval.objects.filter(request_id=self.request_id, party_id=self.party_id).exclude(
                    pk=self.pk).exists():
                raise ValidationError({"party": gettext("%(name)s has already answered this request.")
                                       % {"name": self.party.name}})


class DecisionLog(models.Model):
    """The decisions of a (joint) management meeting of the parties (besluitenlijst)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="decision_logs",
                                  verbose_name=_("agreement"))
    meeting_on = models.DateField(_("meeting date"))
    title = models.CharField(_("meeting"), max_length=200,
                             help_text=_("For example: combined meeting of both management teams."))
    participants = models.ManyToManyField(Organisation, blank=True, related_name="+",
                                          verbose_name=_("participating organisations"))
    decisions = models.TextField(_("decisions"), max_length=4000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision log")
        verbose_name_plural = _("decision logs")
        ordering = ["-meeting_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.meeting_on})"

    def clean(self) -> None:
        if self.decisions is not None:
            self.decisions = self.decisions.strip()
        if not self.decisions:
            raise ValidationError({"decisions": gettext("Record at least one decision.")})


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FollowUp(models.Model):
    """An action that follows from a decision: what, which organisation, by when."""

    decision_log = models.ForeignKey(DecisionLog, on_delete=models.CASCADE, related_name="follow_ups",
                                     verbose_name=_("decision log"))
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner"))
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices,
                              default=FollowUpStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action

    def clean(self) -> None:
        errors = {}
        if self.decision_log_id and self.due_on and self.due_on < self.decision_log.meeting_on:
            errors["due_on"] = gettext("The due date cannot be before the meeting.")
        if self.status == FollowUpStatus.DONE and not self.done_on:
            errors["done_on"] = gettext("Give the date the action was done.")
        if errors:
            raise ValidationError(errors)


# --- Assignments ----------------------------------------------------------------------------------


class ReportingFrequency(models.TextChoices):
    QUARTERLY = "quarterly", _("every quarter")
    HALF_YEARLY = "half_yearly", _("every half year")
    YEARLY = "yearly", _("every year")


class Assignment(models.Model):
    """A municipality's assignment or performance contract to its partners (one-to-one with an agreement of
    kind `assignment`). The agreement holds the parties (the lead party is the penvoerder) and the term."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="assignment",
                                     verbose_name=_("agreement"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="assignments",
                                     verbose_name=_("municipality"))
    reporting_frequency = models.CharField(_("accountability"), max_length=20, choices=ReportingFrequency.choices,
                                           default=ReportingFrequency.QUARTERLY)
    accountability = models.TextField(
        _("how the work is accounted for"), max_length=2000, blank=True,
        help_text=_("Agreed wording of assignments and how the partners account for their work."),
    )
    budget = models.DecimalField(_("budget (euro)"), max_digits=12, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0"))])

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["municipality__name", "agreement__title"]

    def __str__(self) -> str:
        return self.agreement.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:assignment_detail", args=[self.pk])

    def clean(self) -> None:
        if not self.agreement_id:
            return
        if self.agreement.kind != AgreementKind.ASSIGNMENT:
            raise ValidationError({"agreement": gettext("Only an agreement of kind assignment has an assignment.")})
        if self.municipality_id != self.agreement.municipality_id:
            raise ValidationError({"municipality": gettext("The assignment belongs to the agreement's "
                                                           "municipality.")})

    @property
    def title(self) -> str:
        return self.agreement.title

    def lead_party(self):
        return next((p for p in self.agreement.parties.all() if p.role == PartyRole.LEAD_PARTY), None)


class WorkPlan(models.Model):
    """The partners' plan for carrying out an assignment (werkplan), made of sub-assignments."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="work_plans",
                                   verbose_name=_("assignment"))
    title = models.CharField(_("title"), max_length=200)
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assignment", "title"], name="work_plan_unique_title")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.title:
            self.title = " ".join(self.title.split())
            if self.assignment_id and WorkPlan.objects.filter(
                    assignment_id=self.assignment_id, title__iexact=self.title).exclude(pk=self.pk).exists():
                raise ValidationError({"title": gettext("This assignment already has a work plan with this title.")})


def _party_of(agreement_id: int | None, party: Party | None, field: str) -> dict:
    if party is not None and agreement_id and party.agreement_id != agreement_id:
        return {field: gettext("%(name)s is not a party to this agreement.") % {"name": party.name}}
    return {}


class SubAssignment(models.Model):
    """A part of the work plan (deelopdracht), with the party responsible for it."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sub_assignments",
                                  verbose_name=_("work plan"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    responsible_party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="sub_assignments", verbose_name=_("responsible party"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sub-assignment")
        verbose_name_plural = _("sub-assignments")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.work_plan_id:
            errors = _party_of(self.work_plan.assignment.agreement_id, self.responsible_party, "responsible_party")
            if errors:
                raise ValidationError(errors)


class Breakdown(models.TextChoices):
    MUNICIPALITY = "municipality", _("per municipality")
    NEIGHBOURHOOD = "neighbourhood", _("per neighbourhood")
    ORGANISATION = "organisation", _("per organisation")
    LIFE_DOMAIN = "life_domain", _("per life domain")
    CHANNEL = "channel", _("per channel")


UNIT_LABELS = {
    "count": _("count"), "percent": _("percentage"), "days": _("days"), "points": _("points"),
    "score": _("score (1-10)"), "hours": _("hours"),
}


class ResultAgreement(models.Model):
    """What an assignment (or one of its sub-assignments) must achieve: an indicator of the catalogue, a
    target in the indicator's unit, a period and the party responsible."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="result_agreements",
                                   verbose_name=_("assignment"))
    sub_assignment = models.ForeignKey(SubAssignment, on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="result_agreements", verbose_name=_("sub-assignment"))
    indicator = models.CharField(_("indicator"), max_length=60)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, editable=False)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    responsible_party = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="result_agreements", verbose_name=_("responsible party"))
    breakdown = models.CharField(_("breakdown"), max_length=20, choices=Breakdown.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("result agreement")
        verbose_name_plural = _("result agreements")
        ordering = ["period_start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gt=models.F("period_start")),
                                   name="result_agreement_end_after_start"),
        ]

    def __str__(self) -> str:
        definition = get_indicator(self.indicator)
        return str(definition.label) if definition else self.indicator

    @property
    def definition(self):
        return get_indicator(self.indicator)

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS.get(self.unit, self.unit))

    @property
    def is_manual(self) -> bool:
        definition = self.definition
        return bool(definition and definition.source == "manual")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        definition = get_indicator(self.indicator or "")
        if definition is None:
            errors["indicator"] = gettext("Unknown indicator %(code)s: choose one from the catalogue.") % {
                "code": self.indicator or "-"}
        else:
            self.unit = definition.unit
        if self.target is None:
            errors["target"] = gettext("A result agreement needs a target.")
        elif self.target < 0:
            errors["target"] = gettext("The target cannot be negative.")
        elif definition is not None and definition.unit == "percent" and self.target > 100:
            errors["target"] = gettext("A percentage target lies between 0 and 100.")
        if not self.period_start:
            errors["period_start"] = gettext("A result agreement needs the start of its period.")
        if not self.period_end:
            errors["period_end"] = gettext("A result agreement needs the end of its period.")
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = gettext("The end date must be after the start date.")
        if self.assignment_id:
            agreement = self.assignment.agreement
            if self.sub_assignment_id and self.sub_assignment.work_plan.assignment_id != self.assignment_id:
                errors["sub_assignment"] = gettext("This sub-assignment belongs to another assignment.")
            if self.responsible_party_id is None:
                errors["responsible_party"] = gettext("Choose the party responsible for this result.")
            else:
                errors.update(_party_of(agreement.pk, self.responsible_party, "responsible_party"))
            if "period_end" not in errors and self.period_start and agreement.start_on and (
                    self.period_start < agreement.start_on):
                errors["period_start"] = gettext("The period starts before the assignment does.")
            if "period_end" not in errors and self.period_end and agreement.end_on and (
                    self.period_end > agreement.end_on):
                errors["period_end"] = gettext("The period ends after the assignment does.")
        if errors:
            raise ValidationError(errors)


class ManualValue(models.Model):
    """A value reported by hand for an indicator whose work is not registered in the platform."""

    result_agreement = models.ForeignKey(ResultAgreement, on_delete=models.CASCADE, related_name="manual_values",
                                         verbose_name=_("result agreement"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0"))])
    note = models.CharField(_("note"), max_length=300, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("reported by"))
    reported_for = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("reported on behalf of"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        ordering = ["period_start", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["result_agreement", "period_start", "period_end"],
                                    name="manual_value_one_per_period"),
        ]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = gettext("The end date must be after the start date.")
        if self.result_agreement_id:
            agreement = self.result_agreement
            if not agreement.is_manual:
                errors["result_agreement"] = gettext("This indicator is computed from the registered work; only "
                                                     "indicators reported by hand take reported values.")
            elif self.period_start and self.period_end and "period_end" not in errors and (
                    self.period_start < agreement.period_start or self.period_end > agreement.period_end):
                errors["period_start"] = gettext("The period lies outside the period of the result agreement.")
            elif self.period_start and self.period_end and ManualValue.objects.filter(
                    result_agreement_id=self.result_agreement_id, period_start=self.period_start,
                    period_end=self.period_end).exclude(pk=self.pk).exists():
                errors["period_start"] = gettext("A value for this period has already been reported.")
        if errors:
            raise ValidationError(errors)
