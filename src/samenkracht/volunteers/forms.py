"""Forms of the volunteer pages. They only collect input; services validate (model full_clean)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Neighbourhood
from samenkracht.socialmap.models import LifeDomain, Weekday
from samenkracht.volunteers.models import ALL_SLOTS, DayPart, PoolKind, VolunteerStatus, slot_bit

SLOT_CHOICES = [(f"{day}-{part}", format_lazy("{} {}", Weekday(day).label, DayPart(part).label))
                for day, part in ALL_SLOTS]


def mask_from_slots(values) -> int:
    mask = 0
    for value in values or []:
        day, _sep, part = str(value).partition("-")
        mask |= slot_bit(int(day), int(part))
    return mask


def slots_from_mask(mask: int) -> list[str]:
    return [f"{day}-{part}" for day, part in ALL_SLOTS if mask & slot_bit(day, part)]


def parse_languages(text: str) -> list[str]:
    return [part.strip().lower() for part in (text or "").replace(";", ",").split(",") if part.strip()]


class PoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=PoolKind.choices)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False, widget=forms.Textarea)
    active = forms.BooleanField(label=_("Takes new volunteers and referrals"), required=False, initial=True)


class VolunteerForm(forms.Form):
    given_name = forms.CharField(label=_("First name"), max_length=100)
    family_name = forms.CharField(label=_("Surname"), max_length=100)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False)
    skills = forms.ModelMultipleChoiceField(label=_("Life domains the volunteer helps with"), required=False,
                                            queryset=LifeDomain.objects.order_by("position"),
                                            widget=forms.CheckboxSelectMultiple)
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False,
                                help_text=_("Codes separated by commas, for example: nl, en, ar."))
    postcode_area = forms.CharField(label=_("Postcode area"), max_length=7, required=False,
                                    help_text=_("Only the four digits are kept, to compute distances."))
    neighbourhoods = forms.ModelMultipleChoiceField(label=_("Neighbourhoods"), required=False,
                                                    queryset=Neighbourhood.objects.none())
    max_distance_km = forms.IntegerField(label=_("Maximum distance (km)"), required=False, min_value=0,
                                         max_value=200)
    availability = forms.MultipleChoiceField(label=_("Available"), required=False, choices=SLOT_CHOICES,
                                             widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=20, initial=1,
                                  help_text=_("Maximum number of residents at the same time."))
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea,
                            help_text=_("Experience and preferences; never health or other special data."))

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(
            municipality_id=pool.municipality_id).order_by("name")

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["availability"] = mask_from_slots(data.get("availability"))
        data["languages"] = parse_languages(data.get("languages"))
        data["phone"] = data.get("phone") or ""
        data["email"] = data.get("email") or ""
        data["notes"] = data.get("notes") or ""
        data["postcode_area"] = (data.get("postcode_area") or "").strip()
        data["skills"] = list(data.get("skills") or [])
        data["neighbourhoods"] = list(data.get("neighbourhoods") or [])
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    on = forms.DateField(label=_("Date"), initial=timezone.localdate,
                         widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, VolunteerStatus(s).label) for s in allowed]


class VolunteerFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("all except left")), *VolunteerStatus.choices])
    domain = forms.ModelChoiceField(label=_("Life domain"), required=False, to_field_name="code",
                                    queryset=LifeDomain.objects.order_by("position"), empty_label=_("all"))
    language = forms.CharField(label=_("Language"), max_length=3, required=False)
    neighbourhood = forms.ModelChoiceField(label=_("Neighbourhood"), required=False,
                                           queryset=Neighbourhood.objects.none(), empty_label=_("all"))
    slot = forms.ChoiceField(label=_("Available on"), required=False, choices=[("", _("any time")), *SLOT_CHOICES])
    free_only = forms.BooleanField(label=_("Only with free capacity"), required=False)

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = Neighbourhood.objects.filter(
            municipality_id=pool.municipality_id).order_by("name")


class NeedsForm(forms.Form):
    """What the coordinator adds to what the referral shares, to rank the volunteers."""

    domains = forms.ModelMultipleChoiceField(label=_("Life domains"), required=False, to_field_name="code",
                                             queryset=LifeDomain.objects.order_by("position"),
                                             widget=forms.CheckboxSelectMultiple)
    postcode = forms.CharField(label=_("Resident's postcode area"), max_length=7, required=False,
                               help_text=_("Four digits are enough; used only for the distance."))
    availability = forms.MultipleChoiceField(label=_("Wanted times"), required=False, choices=SLOT_CHOICES,
                                             widget=forms.CheckboxSelectMultiple)
    language = forms.CharField(label=_("Language"), max_length=3, required=False)


class MatchForm(forms.Form):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)
    started_on = forms.DateField(label=_("Starts on"), initial=timezone.localdate,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note for the volunteer"), max_length=1000, required=False,
                           widget=forms.Textarea, help_text=_("Practical agreements; nothing from the plan."))


class HoursForm(forms.Form):
    date = forms.DateField(label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.CharField(label=_("Hours"), max_length=6, help_text=_("More than 0 and at most 24, e.g. 1,5."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class EndMatchForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), initial=timezone.localdate,
                               widget=forms.DateInput(attrs={"type": "date"}))
