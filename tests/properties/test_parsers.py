"""Property tests for the parsers that take what people and files type: postcode, BSN, KvK, the CBS
municipality CSV and HSDS documents.

Each property says what must hold for every input Hypothesis can think of, not just the examples in the
unit tests: valid input is accepted and normalised the same way every time; anything else is refused
with a ValidationError or an import report naming the row and field, never with another exception.
"""

from __future__ import annotations

import csv
import io
import json
import string

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samenkracht.network.importers import ImportFailed, read_municipality_rows
from samenkracht.network.validators import normalise_postcode, validate_kvk_number
from samenkracht.plans.identity import validate_bsn

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

letters = st.sampled_from(string.ascii_letters)
postcode_parts = st.tuples(st.integers(1000, 9999), letters, letters).filter(
    lambda p: (p[1] + p[2]).upper() not in {"SA", "SD", "SS"})


@FAST
@given(postcode_parts, st.sampled_from(["", " "]), st.sampled_from(["", " ", "  "]))
def test_every_valid_postcode_normalises_to_four_digits_and_two_capitals(parts, gap, padding):
    digits, first, second = parts
    typed = f"{padding}{digits}{gap}{first}{second}{padding}"
    normal = normalise_postcode(typed)
    assert normal == f"{digits}{first.upper()}{second.upper()}"
    assert normalise_postcode(normal) == normal  # idempotent


@FAST
@given(st.text(max_size=12))
def test_any_text_is_a_postcode_or_a_validation_error(text):
    try:
        normal = normalise_postcode(text)
    except ValidationError as error:
        assert error.code == "invalid_postcode"
    else:
        assert len(normal) == 6 and normal[:4].isdigit() and normal[4:].isupper() and normal[0] != "0"


@FAST
@given(st.integers(1000, 9999), st.sampled_from(["SA", "SD", "SS", "sa", "Sd"]))
def test_postcodes_never_end_in_sa_sd_or_ss(digits, suffix):
    with pytest.raises(ValidationError):
        normalise_postcode(f"{digits}{suffix}")


def _with_check_digit(first_eight: str) -> str | None:
    """The ninth digit that makes the 11-test pass, or None when no single digit can."""
    weighted = sum(int(d) * w for d, w in zip(first_eight, range(9, 1, -1)))
    check = weighted % 11
    return None if check == 10 else first_eight + str(check)


eight_digits = st.text(alphabet=string.digits, min_size=8, max_size=8)


@FAST
@given(eight_digits)
def test_a_number_built_to_pass_the_eleven_test_is_a_valid_bsn(first_eight):
    bsn = _with_check_digit(first_eight)
    if bsn is None:
        # No check digit completes these eight: every ninth digit fails the 11-test.
        for last in string.digits:
            with pytest.raises(ValidationError):
                validate_bsn(first_eight + last)
        return
    if bsn == "000000000":
        with pytest.raises(ValidationError):
            validate_bsn(bsn)
        return
    validate_bsn(bsn)
    validate_bsn(f" {bsn} ")  # surrounding spaces are typing noise


@FAST
@given(eight_digits, st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_of_a_valid_bsn_is_always_caught(first_eight, position, delta):
    bsn = _with_check_digit(first_eight)
    if bsn is None or bsn == "000000000":
        return
    changed = bsn[:position] + str((int(bsn[position]) + delta) % 10) + bsn[position + 1:]
    with pytest.raises(ValidationError) as error:
        validate_bsn(changed)
    assert error.value.code == "invalid_bsn"


@FAST
@given(st.text(max_size=15))
def test_any_text_is_a_bsn_or_a_validation_error(text):
    try:
        validate_bsn(text)
    except ValidationError as error:
        assert error.code == "invalid_bsn"
    else:
        digits = text.strip()
        assert len(digits) == 9 and digits.isdigit()


@FAST
@given(st.text(alphabet=string.digits, min_size=8, max_size=8).filter(lambda k: k != "00000000"))
def test_every_eight_digit_kvk_number_is_accepted(number):
    validate_kvk_number(number)


@FAST
@given(st.text(max_size=12).filter(lambda k: not (len(k) == 8 and k.isascii() and k.isdigit())))
def test_anything_else_is_refused_as_a_kvk_number(text):
    with pytest.raises(ValidationError) as error:
        validate_kvk_number(text)
    assert error.value.code == "invalid_kvk"


municipality_names = st.text(
    alphabet=st.characters(categories=["L", "Zs"], include_characters="-'."), min_size=1, max_size=40,
).map(str.strip).filter(bool)
municipality_rows = st.lists(
    st.tuples(st.integers(0, 9999).map(lambda n: f"GM{n:04d}"), municipality_names),
    min_size=1, max_size=30, unique_by=lambda row: row[0],
)


def _csv(rows, header=("code", "naam")) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@FAST
@given(municipality_rows)
def test_a_valid_municipality_file_reads_back_exactly(rows):
    assert read_municipality_rows(_csv(rows)) == rows


@FAST
@given(municipality_rows, st.data())
def test_one_bad_cell_is_reported_with_its_row_and_field(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    field = data.draw(st.sampled_from(["code", "naam"]))
    bad = list(rows)
    code, name = bad[index]
    bad[index] = ("GM12", name) if field == "code" else (code, "   ")
    with pytest.raises(ImportFailed) as failure:
        read_municipality_rows(_csv(bad))
    assert (index + 2, field) in {(p.row, p.field) for p in failure.value.problems}


@FAST
@given(st.text(max_size=300))
def test_any_text_is_read_or_refused_with_a_report(text):
    try:
        read_municipality_rows(text)
    except ImportFailed as failure:
        assert failure.problems and all(p.row >= 1 and p.field for p in failure.problems)


# HSDS documents: anything JSON-shaped is imported or refused with problems that name where; nothing is
# stored when refused. Uses the database, so fewer examples.

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
hsds_keys = st.sampled_from(["id", "name", "description", "status", "organization_id", "email", "url",
                             "minimum_age", "maximum_age", "services", "locations", "phones", "schedules",
                             "service_at_locations", "organization"])
hsds_like = st.dictionaries(hsds_keys, json_values, max_size=8)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.one_of(hsds_like, st.lists(hsds_like, max_size=3)))
def test_any_hsds_like_document_is_imported_or_refused_with_problems(tmp_path, document):
    from samenkracht.socialmap.hsds.importer import ImportFailed as HsdsImportFailed
    from samenkracht.socialmap.hsds.importer import import_path
    from samenkracht.socialmap.models import Service

    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = Service.objects.count()
    try:
        import_path(path)
    except HsdsImportFailed as failure:
        assert failure.problems, "a refused import names at least one problem"
        assert all(str(problem) for problem in failure.problems)
        assert Service.objects.count() == before, "a refused import stores nothing"
