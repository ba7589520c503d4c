"""Web forms of the front door. They collect input; the rules live in the models and in frontdoor.services.

The BSN field never shows a submitted value again (not after an error, not after a duplicate warning), so
it cannot end up in a page, a cache or a screenshot of an error.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.frontdoor.models import Channel, Law, SignalSource, TriageOutcome, Urgency
from samenkracht.frontdoor.services import PROFESSIONAL_CHANNELS
from samenkracht.network.models import Neighbourhood, Team
from samenkracht.plans.models import HouseholdRole
from samenkracht.socialmap.models import LifeDomain


class NeverShownInput(forms.TextInput):
    """A text field that is empty whenever the page is shown again (for the BSN)."""

    def format_value(self, value):
        return None


def _life_domain_choices():
    return [(d.code, d.name) for d in LifeDomain.objects.order_by("position")]


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        return f"{team.name} ({team.municipality.name})"


class HelpRequestForm(forms.Form):
    """One screen: everything a typical request needs, in the order a conversation goes."""

    team = TeamChoiceField(label=_("Registered at"), queryset=Team.objects.none(), empty_label=None)
    channel = forms.ChoiceField(label=_("How did the question come in?"), widget=forms.RadioSelect,
                                choices=[(c.value, c.label) for c in Channel if c in PROFESSIONAL_CHANNELS])
    signal_source = forms.ChoiceField(label=_("Signal from"), required=False,
                                      choices=[("", _("(only for an early signal)")), *SignalSource.choices])
    signal_topic = forms.CharField(label=_("Signal about"), required=False, max_length=100,
                                   help_text=_("For example debts or dementia."))
    question = forms.CharField(label=_("The question in the resident's own words"), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 5}))
    life_domains = forms.MultipleChoiceField(label=_("Life domains"), required=False,
                                             widget=forms.CheckboxSelectMultiple, choices=())
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), required=False,
                                           queryset=Neighbourhood.objects.none(), empty_label=_("(unknown)"))
    urgency = forms.ChoiceField(label=_("Urgency"), widget=forms.RadioSelect, choices=Urgency.choices,
                                initial=Urgency.NORMAL)
    contact_name = forms.CharField(label=_("Name"), required=False, max_length=150)
    contact_phone = forms.CharField(label=_("Phone number"), required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    contact_email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254,
                                     widget=forms.EmailInput(attrs={"autocomplete": "off"}))

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        team_ids = [t.pk for t in teams]
        self.fields["team"].queryset = Team.objects.filter(pk__in=team_ids).select_related("municipality").order_by(
            "name")
        self._only_team = teams[0] if len(team_ids) == 1 else None
        if self._only_team is not None:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].initial = team_ids[0]
            self.fields["team"].required = False
        self.fields["life_domains"].choices = _life_domain_choices()
        municipalities = {t.municipality_id for t in teams}
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            municipality_id__in=municipalities).select_related("municipality").order_by("municipality__name", "name")
        if len(municipalities) <= 1:
            self.fields["neighbourhood"].label_from_instance = lambda n: n.name

    def clean_team(self):
        return self.cleaned_data.get("team") or self._only_team


class PublicRequestForm(forms.Form):
    question = forms.CharField(label=_("What is your question?"), max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("Tell it in your own words. You do not need to know which help exists."))
    postcode = forms.CharField(label=_("Your postcode"), required=False, max_length=7,
                               help_text=_("So that your question reaches the access point of your municipality."),
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    team = TeamChoiceField(label=_("Or choose your access point"), required=False, queryset=Team.objects.none(),
                           empty_label=_("(find it from my postcode)"))
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=150,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_phone = forms.CharField(label=_("Phone number"), required=False, max_length=30,
                                    widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    contact_email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254,
                                     widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                                     help_text=_("Give a phone number, an e-mail address or both."))

    def __init__(self, *args, access_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = access_points


class HouseholdForm(forms.Form):
    address = forms.CharField(label=_("Address"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7,
                               widget=forms.TextInput(attrs={"autocomplete": "off"}))
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), required=False,
                                           queryset=Neighbourhood.objects.none(),
                                           empty_label=_("(from the postcode, if known)"))
    confirm_new = forms.BooleanField(label=_("I have looked at the possible duplicates: register a new household"),
                                     required=False)

    def __init__(self, *args, municipality_id, show_confirm=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            municipality_id=municipality_id).order_by("name")
        if not show_confirm:
            del self.fields["confirm_new"]


class MemberForm(forms.Form):
    """One member of the household. Only what the work needs: name, date of birth, role, contact, BSN."""

    given_name = forms.CharField(label=_("First name"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "off"}))
    family_name = forms.CharField(label=_("Surname"), max_length=100,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    role = forms.ChoiceField(label=_("Role in the household"), choices=HouseholdRole.choices,
                             initial=HouseholdRole.APPLICANT)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=30,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    bsn = forms.CharField(label=_("BSN (optional)"), required=False, max_length=11,
                          help_text=_("Nine digits. Only when the work needs it. It is never shown again."),
                          widget=NeverShownInput(attrs={"autocomplete": "off", "inputmode": "numeric",
                                                        "spellcheck": "false"}))

    def __init__(self, *args, first: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not first:  # a second member is seldom the applicant; make the role a conscious choice
            self.fields["role"].initial = HouseholdRole.OTHER


class BaseMemberFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "first": index == 0}

    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() and form.cleaned_data for form in self.forms):
            raise forms.ValidationError(_("Register at least one member of the household."))


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=3, max_num=12,
                                      validate_max=True)


class MemberChoiceField(forms.ModelChoiceField):
    """A team member, shown with the organisation they are in the team for."""

    def label_from_instance(self, member):
        return f"{member.user.full_name} ({member.organisation.name})"


class TriageForm(forms.Form):
    second_professional = MemberChoiceField(label=_("Triaged together with"), queryset=None,
                                            empty_label=_("(choose a colleague of another organisation)"))
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect, choices=TriageOutcome.choices)
    service = forms.ModelChoiceField(label=_("Open-access service (for a referral)"), required=False,
                                     queryset=None, empty_label=_("(none)"))
    law = forms.ChoiceField(label=_("Law (for a tailored provision)"), required=False,
                            choices=[("", _("(none)")), *Law.choices])
    coordinator = MemberChoiceField(label=_("Coordinator (for a plan)"), required=False, queryset=None,
                                    empty_label=_("(none)"))
    notes = forms.CharField(label=_("Considerations"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, partners, coordinators, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_professional"].queryset = partners
        self.fields["coordinator"].queryset = coordinators
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.organisation.name})"


class WorklistFilterForm(forms.Form):
    team = TeamChoiceField(label=_("Team"), required=False, queryset=Team.objects.none(),
                           empty_label=_("All my teams"))

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[t.pk for t in teams]).select_related(
            "municipality").order_by("name")
