from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.privacy.models import AccessEvent, Outcome


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=_("User (e-mail contains)"), required=False, max_length=200)
    subject_id = forms.CharField(label=_("Subject id"), required=False, max_length=64)
    event = forms.ChoiceField(label=_("Event"), required=False, choices=[("", _("All events")), *AccessEvent.choices])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", _("All outcomes")), *Outcome.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date lies before the start date."))
        return cleaned
