"""Forms of reports: they only collect input; the services check and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Organisation
from samenkracht.reports.models import NominationOutcome


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())


class NominationForm(forms.Form):
    nominating_organisation = forms.ModelChoiceField(Organisation.objects.order_by("name"),
                                                     label=_("Nominating organisation"))
    nominated_on = forms.DateField(label=_("Nominated on"), widget=DateInput())
    outcome = forms.ChoiceField(label=_("Outcome"), choices=NominationOutcome.choices, initial="pending")
    outcome_on = forms.DateField(label=_("Outcome on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    note = forms.CharField(label=_("What was visited"), required=False, max_length=300)
