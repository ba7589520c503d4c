"""Web forms of the partner network. Validation rules live on the models; forms only collect input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import (
    Association,
    Location,
    Municipality,
    Neighbourhood,
    Organisation,
    OrganisationKind,
    Team,
    TeamKind,
)


def _active_municipalities():
    return Municipality.objects.filter(active=True).order_by("name")


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "informal", "kvk_number", "municipality", "description", "website", "email",
                  "phone", "associations"]
        widgets = {"associations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _active_municipalities()
        self.fields["associations"].queryset = Association.objects.order_by("name")


class ServiceAreaForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities served as a whole"), queryset=Municipality.objects.none(), required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Single neighbourhoods or village cores"), queryset=Neighbourhood.objects.none(), required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = _active_municipalities()
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.select_related("municipality")


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "street", "house_number", "postcode", "city", "municipality", "neighbourhood",
                  "description", "organisations"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _active_municipalities()
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.select_related("municipality")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["organisations"].help_text = _("Hold Ctrl (or Cmd) to choose more than one.")


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "kind", "municipality", "neighbourhoods", "location", "organisations", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _active_municipalities()
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.select_related("municipality")
        self.fields["location"].queryset = Location.objects.order_by("name")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *OrganisationKind.choices])
    serves = forms.ModelChoiceField(label=_("Serves municipality"), required=False,
                                    queryset=Municipality.objects.none(), empty_label=_("All municipalities"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serves"].queryset = _active_municipalities()


class TeamFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *TeamKind.choices])
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          queryset=Municipality.objects.none(), empty_label=_("All municipalities"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(teams__isnull=False).distinct()


class OverlapForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"), queryset=Organisation.objects.none(),
        help_text=_("Choose two or more organisations; hold Ctrl (or Cmd) to choose more than one."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")

    def clean_organisations(self):
        chosen = self.cleaned_data["organisations"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least two organisations."))
        return chosen
