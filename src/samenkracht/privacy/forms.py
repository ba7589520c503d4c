from django import forms
from django.utils.translation import gettext_lazy as _

from samenkracht.privacy.models import AccessEvent, Outcome, ReviewOutcome


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


class EmergencyReviewForm(forms.Form):
    """The privacy officer's judgement of one emergency access. A note is required when it was not justified
    (checked in privacy.services, so web and any other entry point give the same message)."""

    review_outcome = forms.ChoiceField(label=_("Was the emergency access justified?"), widget=forms.RadioSelect,
                                       choices=ReviewOutcome.choices)
    review_note = forms.CharField(label=_("Note"), required=False, max_length=500,
                                  help_text=_("Required when the access was not justified. No personal data."),
                                  widget=forms.Textarea(attrs={"rows": 3}))
