"""Web forms of agreements and assignments. They only collect input; the rules live on the models and
services, whose messages the views show inline."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.agreements.models import (
    AgreementKind,
    AgreementStatus,
    Breakdown,
    CommitmentKind,
    CommitmentTheme,
    DecisionOption,
    FollowUpStatus,
    PartyRole,
    ReportingFrequency,
)
from samenkracht.network.models import Association, Municipality, Organisation
from samenkracht.reports.indicators import CATALOGUE


def _date(label, required=False, help_text=""):
    return forms.DateField(label=label, required=required, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _organisations():
    return Organisation.objects.order_by("name")


def _municipalities():
    return Municipality.objects.filter(active=True).order_by("name")


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgreementKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *AgreementStatus.choices])
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, queryset=Organisation.objects.none(),
                                          empty_label=_("All organisations"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          queryset=Municipality.objects.none(), empty_label=_("All municipalities"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations().filter(agreement_parties__isnull=False).distinct()
        self.fields["municipality"].queryset = _municipalities()


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=4000, widget=forms.Textarea)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), required=False, queryset=Municipality.objects.none(),
        help_text=_("The municipality that gives the assignment or subsidy, or whose agreement this is."))
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Area covered"), required=False, queryset=Municipality.objects.none(),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."))
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices, initial=AgreementStatus.DRAFT)
    signed_on = _date(_("Signed on"))
    occasion = forms.CharField(label=_("Signing occasion"), required=False, max_length=300)
    start_on = _date(_("Start"))
    end_on = _date(_("End"))
    decision_deadline = _date(_("Decision deadline"), help_text=_("Explorations only."))
    decision_options = forms.MultipleChoiceField(label=_("Options explored"), required=False,
                                                 choices=DecisionOption.choices, widget=forms.CheckboxSelectMultiple)
    decision_taken = forms.ChoiceField(label=_("Decision taken"), required=False,
                                       choices=[("", "–"), *DecisionOption.choices])
    decided_on = _date(_("Decided on"))
    open_alliance = forms.BooleanField(label=_("Open alliance: other organisations may ask to join"), required=False)
    amount = forms.DecimalField(label=_("Amount (euro)"), required=False, min_value=0, max_digits=12, decimal_places=2)
    parties = forms.ModelMultipleChoiceField(
        label=_("Signing organisations"), required=False, queryset=Organisation.objects.none(),
        help_text=_("Include your own organisation. More parties, associations and roles can be added later."))

    EDIT_ONLY_EXCLUDED = ("kind", "status", "parties")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _municipalities()
        self.fields["municipalities"].queryset = _municipalities()
        self.fields["parties"].queryset = _organisations()
        if editing:
            for name in self.EDIT_ONLY_EXCLUDED:
                del self.fields[name]


class AssignmentForm(forms.Form):
    reporting_frequency = forms.ChoiceField(label=_("Accountability"), choices=ReportingFrequency.choices)
    accountability = forms.CharField(label=_("How the work is accounted for"), required=False, max_length=2000,
                                     widget=forms.Textarea)
    budget = forms.DecimalField(label=_("Budget (euro)"), required=False, min_value=0, max_digits=12,
                                decimal_places=2)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    signed_on = _date(_("Signed on"), help_text=_("Needed when the agreement is signed."))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(AgreementStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in agreement.next_statuses()]


class PartyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False, queryset=Organisation.objects.none())
    association = forms.ModelChoiceField(label=_("Or a national association"), required=False,
                                         queryset=Association.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=PartyRole.choices)
    signed_on = _date(_("Signed on"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.fields["association"].queryset = Association.objects.order_by("name")


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitmentKind.choices)
    theme = forms.ChoiceField(label=_("Theme"), choices=CommitmentTheme.choices)
    text = forms.CharField(label=_("Commitment"), max_length=1000, widget=forms.Textarea)


class RenewalForm(forms.Form):
    new_end = _date(_("New end"), required=True)
    decided_on = _date(_("Decided on"), required=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class AccessionRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation that asks to join"),
                                          queryset=Organisation.objects.none())
    motivation = forms.CharField(label=_("Motivation"), required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AccessionAnswerForm(forms.Form):
    party = forms.ModelChoiceField(label=_("Answer on behalf of"), queryset=None)
    approve = forms.TypedChoiceField(label=_("Answer"), coerce=lambda v: v == "yes",
                                     choices=[("yes", _("Approve")), ("no", _("Decline"))],
                                     widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties


class DecisionLogForm(forms.Form):
    meeting_on = _date(_("Meeting date"), required=True)
    title = forms.CharField(label=_("Meeting"), max_length=200,
                            help_text=_("For example: combined meeting of both management teams."))
    participants = forms.ModelMultipleChoiceField(label=_("Participating organisations"), required=False,
                                                  queryset=Organisation.objects.none(),
                                                  widget=forms.CheckboxSelectMultiple)
    decisions = forms.CharField(label=_("Decisions"), max_length=4000, widget=forms.Textarea)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = organisations


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Organisation.objects.none())
    due_on = _date(_("Due date"), required=True)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    done_on = _date(_("Done on"))


def indicator_choices():
    return [(code, f"{indicator.label} ({code})") for code, indicator in CATALOGUE.items()]


class ResultAgreementForm(forms.Form):
    sub_assignment = forms.ModelChoiceField(label=_("Sub-assignment"), required=False, queryset=None,
                                            empty_label=_("The assignment as a whole"))
    indicator = forms.ChoiceField(label=_("Indicator"), choices=())
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=12, decimal_places=2,
                                help_text=_("In the unit of the indicator."))
    period_start = _date(_("Period start"))
    period_end = _date(_("Period end"))
    responsible_party = forms.ModelChoiceField(label=_("Responsible party"), required=False, queryset=None)
    breakdown = forms.ChoiceField(label=_("Breakdown"), required=False, choices=[("", "–"), *Breakdown.choices])
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        from samenkracht.agreements.models import Party, SubAssignment

        self.fields["indicator"].choices = indicator_choices()
        self.fields["sub_assignment"].queryset = SubAssignment.objects.filter(work_plan__assignment=assignment)
        self.fields["responsible_party"].queryset = Party.objects.filter(
            agreement_id=assignment.agreement_id).select_related("organisation", "association")


class WorkPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    agreed_on = _date(_("Agreed on"))
    description = forms.CharField(label=_("Description"), required=False, max_length=4000, widget=forms.Textarea)


class SubAssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=forms.Textarea)
    responsible_party = forms.ModelChoiceField(label=_("Responsible party"), required=False, queryset=None)

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        from samenkracht.agreements.models import Party

        self.fields["responsible_party"].queryset = Party.objects.filter(
            agreement_id=assignment.agreement_id).select_related("organisation", "association")


class ManualValueForm(forms.Form):
    period_start = _date(_("Period start"), required=True)
    period_end = _date(_("Period end"), required=True)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
