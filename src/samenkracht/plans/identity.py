"""BSN validation (11-test) and the keyed hashes used to find duplicate persons."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from samenkracht.privacy.crypto import keyed_hash


@sensitive_variables("value", "digits", "total")
def validate_bsn(value: str) -> None:
    """A BSN has 9 digits and passes the 11-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11."""
    digits = (value or "").strip()
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(gettext("A BSN has exactly nine digits."), code="invalid_bsn")
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    if total % 11 != 0 or digits == "000000000":
        raise ValidationError(gettext("This is not a valid BSN (it fails the 11-test)."), code="invalid_bsn")


@sensitive_variables("value")
def bsn_hash(value: str) -> str:
    return keyed_hash(value.strip(), "bsn")


def _normal(text: str) -> str:
    stripped = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in stripped if not unicodedata.combining(c)).lower().split())


def identity_hash(given_name: str, family_name: str, date_of_birth: date | None) -> str:
    if not date_of_birth:
        return ""
    return keyed_hash(f"{_normal(given_name)}|{_normal(family_name)}|{date_of_birth.isoformat()}", "identity")
