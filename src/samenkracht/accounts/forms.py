from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            # The request goes along so that django-axes can count failures per user and IP.
            self.user = authenticate(self.request, username=username.lower(), password=password)
            if self.user is None or not self.user.is_active:
                raise forms.ValidationError(
                    _("This combination of e-mail address and password is not known."), code="invalid_login"
                )
        return cleaned


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code from your authenticator app"), regex=r"^\s*\d{6}\s*$", max_length=10,
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What is the token for?"), max_length=100,
                           help_text=_("For example: link with our client registration system."))
    scopes = forms.MultipleChoiceField(label=_("Permissions"), widget=forms.CheckboxSelectMultiple, choices=())
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=730, initial=365)

    def __init__(self, *args, allow_admin_scope: bool = False, **kwargs):
        from samenkracht.accounts.models import ApiScope

        super().__init__(*args, **kwargs)
        administrators_only = {ApiScope.NETWORK_ADMIN, ApiScope.SOCIALMAP_REVIEW}
        self.fields["scopes"].choices = [
            (value, label) for value, label in ApiScope.choices
            if allow_admin_scope or value not in administrators_only
        ]
