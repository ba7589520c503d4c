"""Encryption at rest, keyed hashes, BSN validation, key rotation."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.db import connection

from samenkracht.plans.identity import bsn_hash, identity_hash, validate_bsn
from samenkracht.plans.models import Household, Person
from samenkracht.privacy import crypto


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_sensitive_fields_are_ciphertext_in_the_database(network):
    household = Household.objects.create(municipality=network.zwolle, address="Kerkstraat 12")
    person = Person.objects.create(household=household, municipality=network.zwolle, given_name="Sanne",
                                   family_name="Jansma", bsn="111222333")
    stored = raw_column("plans_person", "bsn", person.pk)
    assert "111222333" not in stored and stored.startswith("gAAAA")
    assert "Jansma" not in raw_column("plans_person", "family_name", person.pk)
    assert "Kerkstraat" not in raw_column("plans_household", "address", household.pk)
    again = Person.objects.get(pk=person.pk)
    assert (again.given_name, again.family_name, again.bsn) == ("Sanne", "Jansma", "111222333")


def test_rotation_keeps_old_values_readable_and_moves_them_to_the_new_key(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    token = crypto.encrypt("geheim")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert crypto.decrypt(token) == "geheim"
    rotated = crypto.rotate(token)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert crypto.decrypt(rotated) == "geheim"


def test_keyed_hash_depends_on_the_secret_and_the_purpose(settings):
    first = bsn_hash("111222333")
    assert first == bsn_hash(" 111222333 ") and len(first) == 64
    assert crypto.keyed_hash("111222333", "identity") != first
    settings.FIELD_HASH_KEY = "another-secret-another-secret-another"
    assert bsn_hash("111222333") != first


def test_identity_hash_ignores_case_accents_and_spaces():
    from datetime import date

    a = identity_hash("Anaïs", "de  Vries", date(1980, 5, 1))
    assert a == identity_hash("anais", "De Vries", date(1980, 5, 1))
    assert a != identity_hash("anais", "De Vries", date(1980, 5, 2))
    assert identity_hash("anais", "De Vries", None) == ""


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_valid_bsn_numbers_pass_the_11_test(bsn):
    validate_bsn(bsn)


@pytest.mark.parametrize("bsn", ["123456789", "11122233", "1112223334", "11122233a", "000000000", ""])
def test_invalid_bsn_numbers_are_refused(bsn):
    with pytest.raises(ValidationError):
        validate_bsn(bsn)


def test_rotate_command_moves_every_encrypted_value_to_the_new_key(network, settings):
    from django.core.management import call_command

    household = Household.objects.create(municipality=network.zwolle, address="Kerkstraat 12")
    Person.objects.create(household=household, municipality=network.zwolle, given_name="Sanne", family_name="Jansma")
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_field_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: everything must still read
    assert Household.objects.get(pk=household.pk).address == "Kerkstraat 12"
    assert Person.objects.get(household=household).family_name == "Jansma"


def test_rehash_command_follows_a_new_hash_key(network, settings):
    from django.core.management import call_command

    household = Household.objects.create(municipality=network.zwolle)
    person = Person.objects.create(household=household, municipality=network.zwolle, given_name="A",
                                   family_name="B", bsn="111222333")
    settings.FIELD_HASH_KEY = "a-brand-new-hash-key-of-enough-length!"
    assert Person.objects.get(pk=person.pk).bsn_hash != bsn_hash("111222333")
    call_command("rehash_identities")
    assert Person.objects.get(pk=person.pk).bsn_hash == bsn_hash("111222333")
