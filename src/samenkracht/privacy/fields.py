"""Model fields that keep their contents encrypted at rest.

The database holds only the Fernet token; Python code sees the plain value. Encrypted fields cannot be
searched or sorted in SQL: keep a keyed hash beside them where an exact lookup is needed (see crypto).
"""

from __future__ import annotations

from django.db import models
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_variables

from samenkracht.privacy import crypto


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. `max_length` limits the plain text (checked by validation)."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    @method_decorator(sensitive_variables("value"))
    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def to_python(self, value):
        return value

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "samenkracht.privacy.fields.EncryptedTextField", args, kwargs


class EncryptedCharField(EncryptedTextField):
    """Short encrypted text (names, phone numbers, BSN) with a plain-text length limit; rendered as a line."""

    def formfield(self, **kwargs):
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "samenkracht.privacy.fields.EncryptedCharField", args, kwargs
