"""Web forms of referrals and consent. They collect input; the rules live in referrals.services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Organisation, OrganisationKind, Team
from samenkracht.referrals.models import (
    BasisKind,
    ContactChannel,
    DataCategory,
    Outcome,
    Purpose,
    Reason,
    TargetKind,
)
from samenkracht.socialmap.models import Service
from samenkracht.volunteers.models import VolunteerPool


class ReferralForm(forms.Form):
    target_kind = forms.ChoiceField(label=_("Refer to"), choices=TargetKind.choices, widget=forms.RadioSelect,
                                    initial=TargetKind.ORGANISATION)
    target_service = forms.ModelChoiceField(label=_("Service on the social map"), required=False,
                                            queryset=Service.objects.none())
    target_organisation = forms.ModelChoiceField(
        label=_("Organisation or citizen initiative"), required=False, queryset=Organisation.objects.none())
    target_pool = forms.ModelChoiceField(label=_("Volunteer pool"), required=False,
                                         queryset=VolunteerPool.objects.none())
    receiving_team = forms.ModelChoiceField(label=_("Receiving team (optional)"), required=False,
                                            queryset=Team.objects.none())
    handover_note = forms.CharField(label=_("Warm hand-over note"), required=False, max_length=3000,
                                    widget=forms.Textarea(attrs={"rows": 4}),
                                    help_text=_("What the receiving side should know to start well."))
    contact_channel = forms.ChoiceField(label=_("The resident prefers contact"), choices=ContactChannel.choices)
    contact_times = forms.CharField(label=_("Best times to reach the resident"), required=False, max_length=200)
    data_categories = forms.MultipleChoiceField(label=_("Data shared with the receiving side"), required=False,
                                                choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    basis_kind = forms.ChoiceField(label=_("Basis for sharing"), required=False, widget=forms.RadioSelect,
                                   choices=BasisKind.choices,
                                   help_text=_("Choose one: the resident's recorded consent, or a legal basis of "
                                               "the municipality."))
    consent = forms.ModelChoiceField(label=_("Consent"), required=False, queryset=Organisation.objects.none())
    legal_basis = forms.ModelChoiceField(label=_("Legal basis"), required=False, queryset=Organisation.objects.none())

    def __init__(self, *args, household, consents, legal_bases, **kwargs):
        super().__init__(*args, **kwargs)
        from samenkracht.referrals.models import Consent, LegalBasis

        self.fields["target_service"].queryset = Service.objects.visible_to_residents().select_related(
            "organisation").order_by("name")
        self.fields["target_service"].label_from_instance = lambda s: f"{s.name} ({s.organisation.name})"
        self.fields["target_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["target_pool"].queryset = VolunteerPool.objects.filter(active=True).select_related(
            "organisation").order_by("name")
        self.fields["target_pool"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"
        self.fields["receiving_team"].queryset = Team.objects.filter(
            municipality_id=household.municipality_id).order_by("name")
        self.fields["consent"].queryset = Consent.objects.filter(pk__in=[c.pk for c in consents])
        self.fields["consent"].label_from_instance = lambda c: _consent_label(c)
        self.fields["legal_basis"].queryset = LegalBasis.objects.filter(pk__in=[b.pk for b in legal_bases])


def _consent_label(consent) -> str:
    from django.utils import formats

    return "%s – %s" % (", ".join(o.name for o in consent.organisations.all()),
                        formats.date_format(consent.valid_until, "SHORT_DATE_FORMAT"))


class TransitionForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), required=False, choices=[("", "—"), *Reason.choices])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", "—"), *Outcome.choices])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Given by (member of the household)"), required=False,
                                    queryset=Organisation.objects.none())
    given_by_note = forms.CharField(label=_("Given on behalf of the resident by"), required=False, max_length=150,
                                    help_text=_("Only when a representative gave consent, e.g. a guardian."))
    organisations = forms.ModelMultipleChoiceField(label=_("Organisations"), queryset=Organisation.objects.none(),
                                                   required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    data_categories = forms.MultipleChoiceField(label=_("Data categories"), required=False,
                                                choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple)
    purposes = forms.MultipleChoiceField(label=_("Purposes"), required=False, choices=Purpose.choices,
                                         widget=forms.CheckboxSelectMultiple)
    given_on = forms.DateField(label=_("Given on"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        from samenkracht.plans.models import Person

        self.fields["person"].queryset = Person.objects.filter(household=household).order_by("id")
        self.fields["person"].label_from_instance = lambda p: f"{p.given_name} {p.family_name}"
        self.fields["organisations"].queryset = Organisation.objects.filter(
            ~Q(kind=OrganisationKind.MUNICIPALITY) | Q(municipality_id=household.municipality_id)).order_by("name")
        self.fields["given_on"].initial = timezone.localdate()
