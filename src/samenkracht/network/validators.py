"""Validation and normalisation of Dutch identifiers used in the network.

Each function takes what a person or a file typed and returns the canonical form, or raises a
ValidationError whose message says what is wrong in Dutch (via gettext).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
_FORBIDDEN_POSTCODE_LETTERS = {"SA", "SD", "SS"}
_KVK = re.compile(r"^[0-9]{8}$")
_MUNICIPALITY_CODE = re.compile(r"^GM[0-9]{4}$")
_NEIGHBOURHOOD_CODE = re.compile(r"^(WK[0-9]{6}|BU[0-9]{8})$")


def normalise_postcode(value: str) -> str:
    """'1234 ab' → '1234AB'. Dutch postcodes: four digits (not starting with 0) and two letters."""
    match = _POSTCODE.match((value or "").strip())
    if not match:
        raise ValidationError(
            _("Enter a Dutch postcode of four digits and two letters, for example 1234 AB."),
            code="invalid_postcode",
        )
    digits, letters = match.group(1), match.group(2).upper()
    if letters in _FORBIDDEN_POSTCODE_LETTERS:
        raise ValidationError(
            _("Postcodes never end in SA, SD or SS; check the letters."), code="invalid_postcode"
        )
    return f"{digits}{letters}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)


def validate_kvk_number(value: str) -> None:
    """A KvK (Chamber of Commerce) number has exactly eight digits."""
    if not _KVK.match(value or "") or value == "00000000":
        raise ValidationError(
            _("A KvK number has exactly eight digits, for example 12345678."), code="invalid_kvk"
        )


def validate_municipality_code(value: str) -> None:
    if not _MUNICIPALITY_CODE.match(value or ""):
        raise ValidationError(
            _("A CBS municipality code is GM followed by four digits, for example GM0193."),
            code="invalid_municipality_code",
        )


def validate_neighbourhood_code(value: str) -> None:
    if not _NEIGHBOURHOOD_CODE.match(value or ""):
        raise ValidationError(
            _("A CBS district code is WK plus six digits; a neighbourhood code BU plus eight digits."),
            code="invalid_neighbourhood_code",
        )
