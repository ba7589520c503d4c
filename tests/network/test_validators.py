import pytest
from django.core.exceptions import ValidationError

from samenkracht.network.validators import (
    normalise_postcode,
    validate_kvk_number,
    validate_municipality_code,
    validate_neighbourhood_code,
)


@pytest.mark.parametrize("raw, expected", [("8011AB", "8011AB"), ("8011 ab", "8011AB"), (" 1234 Xy ", "1234XY")])
def test_postcodes_are_normalised(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["0123AB", "123AB", "12345AB", "1234A", "1234SA", "1234SD", "1234ss", "ABCDEF", ""])
def test_bad_postcodes_are_refused(raw):
    with pytest.raises(ValidationError):
        normalise_postcode(raw)


@pytest.mark.parametrize("raw", ["12345678", "00000001", "90000005"])
def test_kvk_numbers_with_eight_digits_pass(raw):
    validate_kvk_number(raw)


@pytest.mark.parametrize("raw", ["1234567", "123456789", "1234567a", "00000000", "", "1234 5678"])
def test_bad_kvk_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        validate_kvk_number(raw)


def test_cbs_codes():
    validate_municipality_code("GM0193")
    validate_neighbourhood_code("WK019301")
    validate_neighbourhood_code("BU01930101")
    for bad in ["gm0193", "GM193", "GM01934"]:
        with pytest.raises(ValidationError):
            validate_municipality_code(bad)
    for bad in ["WK0193", "BU0193010", "XX01930101"]:
        with pytest.raises(ValidationError):
            validate_neighbourhood_code(bad)
