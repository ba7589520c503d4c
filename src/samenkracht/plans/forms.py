"""Web forms of households and plans. They collect input; the rules live in plans.services.

Every form that changes the plan carries the plan version the page was opened with (hidden field
``version``), so that a save on top of someone else's change becomes a conflict, never an overwrite.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Membership, Organisation
from samenkracht.plans.models import (
    ActionStatus,
    AssessmentMoment,
    ClosureReason,
    FundingSource,
    GoalStatus,
    Performer,
    ZRM_SCORES,
)
from samenkracht.privacy.policy import CARE_ROLES
from samenkracht.socialmap.models import LifeDomain

SCORE_ERRORS = {"invalid_choice": _("Choose a score from 1 to 5."), "required": _("Choose a score from 1 to 5.")}


def money_field(label, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_digits=10, decimal_places=2, localize=True,
        help_text=help_text, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Enter an amount in euros, for example 125,50."),
                        "min_value": _("An amount cannot be negative.")},
    )


def score_field(label, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=required, coerce=int, empty_value=None,
                                  choices=[("", _("not scored")), *ZRM_SCORES], error_messages=SCORE_ERRORS)


def date_field(label, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                 error_messages={"required": _("The plan version is missing; reload the page."),
                                                 "invalid": _("The plan version is missing; reload the page.")})


class OverspendMixin(forms.Form):
    confirm_overspend = forms.BooleanField(
        label=_("I have seen the warning and still want to save"), required=False)


class MembershipChoiceField(forms.ModelChoiceField):
    """A professional at an organisation (one choice gives both)."""

    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.full_name} – {obj.organisation.name}"


def care_memberships():
    return (Membership.objects.filter(active=True, role__in=CARE_ROLES, user__is_active=True)
            .select_related("user", "organisation").order_by("user__full_name", "organisation__name"))


class StrengthsForm(forms.Form):
    strengths = forms.CharField(
        label=_("Own strengths"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the household does itself and does well. Recorded first, before goals and actions."))
    informal_network = forms.CharField(
        label=_("Informal network"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Family, neighbours, friends who help or could help."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PlanCreateForm(forms.Form):
    coordinator = MembershipChoiceField(
        label=_("Coordinator"), queryset=Membership.objects.none(),
        help_text=_("One coordinator, who may come from any organisation."))
    summary = forms.CharField(label=_("What the household wants to achieve"), required=False, max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = care_memberships()


class PlanForm(OverspendMixin, VersionedForm):
    summary = forms.CharField(label=_("What the household wants to achieve"), required=False, max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    budget_total = money_field(_("Budget (euros)"), help_text=_("The one budget of this plan."))
    next_evaluation_on = date_field(_("Next evaluation"))


class GoalForm(VersionedForm):
    life_domain = forms.ModelChoiceField(label=_("Life domain"), queryset=LifeDomain.objects.order_by("position"))
    description = forms.CharField(label=_("Goal"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("In the household's own words where possible."))
    current_score = score_field(_("Current ZRM score"))
    target_score = score_field(_("Target ZRM score"))
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN)


class ActionForm(VersionedForm):
    goal = forms.ModelChoiceField(label=_("For goal"), queryset=None, required=False, empty_label=_("(no goal)"))
    what = forms.CharField(label=_("What"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    performer = forms.ChoiceField(label=_("Who"), choices=Performer.choices,
                                  help_text=_("The household itself and its own network come first."))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.order_by("name"),
                                          required=False, help_text=_("When an organisation or a volunteer "
                                                                      "organisation carries it out."))
    professional = MembershipChoiceField(label=_("Professional"), queryset=Membership.objects.none(), required=False)
    performer_name = forms.CharField(label=_("Name (volunteer or own network)"), required=False, max_length=100,
                                     help_text=_("For example 'neighbour Els' or 'sister Fatima'."))
    due_on = date_field(_("When"))
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.select_related("life_domain") if plan else None
        self.fields["goal"].label_from_instance = lambda g: f"{g.life_domain.name}: {g.description[:60]}"
        self.fields["professional"].queryset = care_memberships()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        membership = data.pop("professional", None)
        data["professional"] = membership.user if membership else None
        if membership and data.get("performer") == Performer.PROFESSIONAL:
            data["organisation"] = membership.organisation
        return data


class BudgetLineForm(OverspendMixin, VersionedForm):
    action = forms.ModelChoiceField(label=_("For action"), queryset=None, required=False, empty_label=_("(no action)"))
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    allocated = money_field(_("Allocated (euros)"))
    committed = money_field(_("Committed (euros)"), required=False)
    spent = money_field(_("Spent (euros)"), required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = plan.actions.all() if plan else None
        self.fields["action"].label_from_instance = lambda a: a.what[:70]


class HandoverForm(VersionedForm):
    to = MembershipChoiceField(label=_("New coordinator"), queryset=Membership.objects.none(),
                               help_text=_("From any organisation."))
    note = forms.CharField(label=_("Hand-over note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("What the new coordinator needs to know for a warm hand-over."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = care_memberships()


class EvaluationForm(VersionedForm):
    note = forms.CharField(label=_("Evaluation"), required=False, max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("What went well, what changes. The plan as it stands now is kept as a version."))
    next_evaluation_on = date_field(_("Next evaluation"))


class ScoresMixin:
    """One score field per ZRM domain: score_<code>, each 1-5 or left empty."""

    def add_score_fields(self) -> None:
        for domain in LifeDomain.objects.order_by("position"):
            self.fields[f"score_{domain.code}"] = score_field(domain.name, required=False)

    def scores(self) -> dict[str, int | None]:
        return {name[len("score_"):]: value for name, value in self.cleaned_data.items()
                if name.startswith("score_")}

    @property
    def score_fields(self):
        return [self[name] for name in self.fields if name.startswith("score_")]

    @property
    def other_fields(self):
        return [self[name] for name in self.fields if not name.startswith("score_") and name != "version"]


class AssessmentForm(ScoresMixin, forms.Form):
    moment = forms.ChoiceField(label=_("Moment"), choices=[c for c in AssessmentMoment.choices if c[0] != "closure"])
    assessed_on = date_field(_("Date"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_score_fields()


class CloseForm(ScoresMixin, VersionedForm):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=ClosureReason.choices)
    assessed_on = date_field(_("Date of the closing ZRM assessment"), required=True)
    satisfaction = forms.TypedChoiceField(
        label=_("Resident's satisfaction (1-10)"), required=False, coerce=int, empty_value=None,
        choices=[("", _("not given"))] + [(i, str(i)) for i in range(1, 11)],
        error_messages={"invalid_choice": _("The resident's satisfaction is a whole number from 1 to 10.")})
    satisfaction_comment = forms.CharField(label=_("Resident's comment"), required=False, max_length=1000,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Closing note"), required=False, max_length=3000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_score_fields()


class BreakthroughForm(forms.Form):
    rule = forms.CharField(label=_("The rule that blocks"), max_length=300,
                           help_text=_("Name the rule or regulation, not the person: the municipality sees this "
                                       "text. For example 'Participatiewet art. 18: no exception for debts'."))
    obstacle = forms.CharField(label=_("What is stuck"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("Only people with a relation to the household see this."))


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision (tailored deviation)"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 5}),
                               help_text=_("The deviation from the rule that the municipality allows."))
    budget_granted = money_field(_("Budget granted (euros)"), required=False)


class BreakthroughCloseForm(forms.Form):
    follow_up = forms.CharField(label=_("Follow-up"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class EmergencyForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for emergency access"), min_length=20, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mandatory. Every emergency access is reviewed afterwards by the privacy officer."))
