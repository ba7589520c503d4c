"""Forms of the rights pages: they only collect input; the services validate and decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.rights.models import ReceivedVia, RequestKind, RequestStatus


class DateInput(forms.DateInput):
    input_type = "date"


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, required=False, empty_value=None,
                                    help_text=_("Leave empty when the request is about the whole household."))
    received_via = forms.ChoiceField(label=_("Received via"), choices=ReceivedVia.choices)
    received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput,
                                  help_text=_("Empty: today. The deadline is one month later (AVG article 12)."))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("the whole household"))] + [
            (m.pk, f"{m.given_name} {m.family_name}") for m in members]


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[
        (RequestStatus.IN_PROGRESS, RequestStatus.IN_PROGRESS.label),
        (RequestStatus.CARRIED_OUT, RequestStatus.CARRIED_OUT.label),
        (RequestStatus.REFUSED, RequestStatus.REFUSED.label)])
    refusal_reason = forms.CharField(label=_("Reason for refusal"), required=False, max_length=2000,
                                     widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    given_name = forms.CharField(label=_("first name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("surname"), max_length=100, required=False)
    date_of_birth = forms.DateField(label=_("date of birth"), required=False, widget=DateInput)
    phone = forms.CharField(label=_("phone number"), max_length=30, required=False)
    email = forms.CharField(label=_("e-mail address"), max_length=254, required=False)
    bsn = forms.CharField(label=_("BSN"), max_length=11, required=False, widget=forms.TextInput(
        attrs={"autocomplete": "off", "inputmode": "numeric"}))
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    postcode = forms.CharField(label=_("postcode"), max_length=7, required=False)
    request = forms.TypedChoiceField(label=_("On request"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [("", _("no registered request"))] + [
            (r.pk, str(r)) for r in requests]


class RestrictionForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the restriction"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    request = forms.TypedChoiceField(label=_("On request"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].choices = [("", _("no registered request"))] + [
            (r.pk, str(r)) for r in requests]


class ErasureForm(forms.Form):
    scope = forms.ChoiceField(label=_("What to erase"), choices=[
        ("household", _("the whole household with everything recorded about it")),
        ("person", _("only the person named in the request"))])
    confirm = forms.BooleanField(label=_("I have checked that no legal obligation requires keeping this data."),
                                 required=True)
