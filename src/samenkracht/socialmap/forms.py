"""Web forms of the social map. Validation rules live on the models and in services.py; forms collect input.

The search forms turn the query string into the search contract's SearchParams, so the public page,
the professional view and the API search all ask the same question the same way.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samenkracht.network.models import Location, Municipality, Neighbourhood, Organisation, OrganisationKind
from samenkracht.network.validators import normalise_postcode
from samenkracht.socialmap.languages import parse_language_list, validate_languages
from samenkracht.socialmap.models import (
    AccessType,
    LifeDomain,
    Schedule,
    Service,
    ServiceStatus,
    TargetGroup,
    Weekday,
)
from samenkracht.socialmap.search import SearchParams

MAX_TAGS = 20


def _comma_list(text: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in (text or "").split(",") if part.strip()))


class LocationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Location) -> str:
        return f"{obj.name} – {obj.address}"


class NeighbourhoodChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Neighbourhood) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class ServiceForm(forms.ModelForm):
    """A service of one organisation. Coverage, locations and relations are handed to services.py."""

    languages = forms.CharField(
        label=_("Languages"), required=False, max_length=200,
        help_text=_("Two-letter ISO 639-1 codes separated by commas, for example: nl, en, ar, tr."),
    )
    tags = forms.CharField(
        label=_("Search words"), required=False, max_length=600,
        help_text=_("Everyday words residents might use, separated by commas (at most 20)."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Offered in these municipalities (as a whole)"), queryset=Municipality.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    neighbourhoods = NeighbourhoodChoiceField(
        label=_("Or only in these neighbourhoods or village cores"), queryset=Neighbourhood.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    locations = LocationChoiceField(
        label=_("Where residents can go"), queryset=Location.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            "name", "alternate_name", "description", "life_domains", "target_groups", "access_type",
            "eligibility_description", "minimum_age", "maximum_age", "application_process", "cost_kind",
            "cost_amount", "fees_description", "schedule_description", "languages", "tags", "url", "email",
            "phone",
        ]
        widgets = {
            "life_domains": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "access_type": forms.RadioSelect,
            "cost_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        service = self.instance
        stored = service.pk is not None and not service._state.adding
        coverage = list(service.coverage.all()) if stored else []
        current_locations = list(service.service_at_locations.values_list("location_id", flat=True)) if stored else []

        served = Municipality.objects.filter(service_areas__organisation=organisation).values("pk")
        covered = [c.municipality_id for c in coverage]
        municipalities = Municipality.objects.filter(Q(pk__in=served) | Q(pk__in=covered)).order_by("name")
        if not municipalities.exists():
            # An organisation without a recorded service area may choose from every municipality.
            municipalities = Municipality.objects.filter(active=True).order_by("name")
            self.fields["municipalities"].widget = forms.SelectMultiple()
            self.fields["municipalities"].help_text = _("Hold Ctrl (or Cmd) to choose more than one.")
        self.fields["municipalities"].queryset = municipalities
        self.fields["neighbourhoods"].queryset = (
            Neighbourhood.objects.filter(municipality__in=municipalities.values("pk"))
            .select_related("municipality").order_by("municipality__name", "name")
        )
        self.fields["locations"].queryset = (
            Location.objects.filter(
                Q(organisations=organisation) | Q(municipality__in=municipalities.values("pk"))
                | Q(pk__in=current_locations)
            ).distinct().order_by("name")
        )
        self.fields["life_domains"].queryset = LifeDomain.objects.order_by("position")
        self.fields["target_groups"].queryset = TargetGroup.objects.order_by("position")
        if stored:
            self.initial["municipalities"] = [c.municipality_id for c in coverage if c.neighbourhood_id is None]
            self.initial["neighbourhoods"] = [c.neighbourhood_id for c in coverage if c.neighbourhood_id]
            self.initial["locations"] = current_locations
        self.initial["languages"] = ", ".join(service.languages or [])
        self.initial["tags"] = ", ".join(service.tags or [])

    def clean_languages(self) -> list[str]:
        codes = parse_language_list(self.cleaned_data.get("languages", ""))
        validate_languages(codes)
        return codes

    def clean_tags(self) -> list[str]:
        tags = _comma_list(self.cleaned_data.get("tags", ""))
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("Give at most %(count)s search words.") % {"count": MAX_TAGS})
        return tags

    RELATIONS = ("life_domains", "target_groups", "municipalities", "neighbourhoods", "locations")

    def service_arguments(self) -> dict:
        """Keyword arguments for services.create_service / update_service."""
        data = dict(self.cleaned_data)
        return {key: (list(value) if key in self.RELATIONS else value) for key, value in data.items()}


class ScheduleForm(forms.ModelForm):
    """One row of weekly opening hours; the model checks that closing comes after opening."""

    class Meta:
        model = Schedule
        fields = ["weekday", "opens_at", "closes_at", "description"]
        widgets = {
            "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=2, can_delete=True, max_num=28, validate_max=True)


def schedule_initial(service: Service) -> list[dict]:
    return [
        {"weekday": s.weekday, "opens_at": s.opens_at, "closes_at": s.closes_at, "description": s.description}
        for s in service.schedules.order_by("weekday", "opens_at")
    ]


def schedule_rows(formset) -> list[dict]:
    """The filled-in rows of a valid formset, without the ones marked for removal."""
    return [
        {key: form.cleaned_data[key] for key in ("weekday", "opens_at", "closes_at", "description")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ServiceStatus.choices, widget=forms.RadioSelect)


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("What needs to change?"), max_length=500, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The organisation sees this note with the service."),
    )


# --- Search ---------------------------------------------------------------------------------------


class PublicSearchForm(forms.Form):
    """'Wat is er in mijn buurt?' — every field is optional; an empty form lists everything."""

    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
                        help_text=_("In your own words, for example: forgetful, bills, lonely, child care."))
    postcode = forms.CharField(label=_("Your postcode"), required=False, max_length=7,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code", "size": 8}),
                               help_text=_("To show the distance, for example 1271 AB."))
    life_domain = forms.ModelChoiceField(label=_("Subject"), queryset=LifeDomain.objects.none(),
                                         to_field_name="code", required=False, empty_label=_("All subjects"))
    target_group = forms.ModelChoiceField(label=_("For whom"), queryset=TargetGroup.objects.none(),
                                          to_field_name="code", required=False, empty_label=_("Everyone"))
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120,
                             widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(),
                                          to_field_name="code", required=False,
                                          empty_label=_("All municipalities"))
    open_on = forms.TypedChoiceField(label=_("Open on"), required=False, coerce=int, empty_value=None,
                                     choices=[("", _("Any day")), *Weekday.choices])
    access_type = forms.ChoiceField(label=_("Access"), required=False,
                                    choices=[("", _("With or without a decision")), *AccessType.choices])
    provider_kind = forms.ChoiceField(label=_("Provider"), required=False,
                                      choices=[("", _("All providers")), *OrganisationKind.choices])
    free = forms.BooleanField(label=_("Free of charge only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = LifeDomain.objects.order_by("position")
        self.fields["target_group"].queryset = TargetGroup.objects.order_by("position")
        self.fields["municipality"].queryset = Municipality.objects.filter(active=True).order_by("name")

    def clean_postcode(self) -> str:
        """A full postcode ('1271 ab' -> '1271AB') or only its four digits ('1271')."""
        postcode = (self.cleaned_data.get("postcode") or "").strip()
        if not postcode:
            return ""
        if len(postcode) == 4 and postcode.isdigit() and postcode[0] != "0":
            return postcode
        return normalise_postcode(postcode)

    def to_params(self, *, page: int = 1, per_page: int = 20, include_unpublished: bool = False) -> SearchParams:
        """The valid part of the input as search parameters (invalid fields are left out and shown)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        life_domain = data.get("life_domain")
        target_group = data.get("target_group")
        municipality = data.get("municipality")
        return SearchParams(
            text=data.get("q") or "",
            postcode=data.get("postcode") or None,
            life_domains=[life_domain.code] if life_domain else [],
            target_groups=[target_group.code] if target_group else [],
            age=data.get("age"),
            municipality=municipality.code if municipality else None,
            open_on=data.get("open_on"),
            free=True if data.get("free") else None,
            access_type=data.get("access_type") or None,
            provider_kinds=[data["provider_kind"]] if data.get("provider_kind") else [],
            include_unpublished=include_unpublished,
            page=page,
            per_page=per_page,
        )


class ProfessionalSearchForm(PublicSearchForm):
    """The same search for professionals; reviewers may include what is not (yet) published."""

    include_unpublished = forms.BooleanField(label=_("Include services that are not published"), required=False)

    def __init__(self, *args, may_include_unpublished: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_include_unpublished:
            del self.fields["include_unpublished"]
