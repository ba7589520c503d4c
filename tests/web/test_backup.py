"""Backup and restore (samenkracht.web.backup) on the configured engine: run once on SQLite and once on
PostgreSQL (DATABASE_URL=postgres://...). On PostgreSQL the copy goes into a database named after the test
database with `_restore`, created and dropped here."""

from __future__ import annotations

import tarfile
import uuid
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from samenkracht.network.permissions import SystemActor
from samenkracht.plans.models import Household, Person
from samenkracht.privacy import log
from samenkracht.privacy.models import EmergencyAccess
from samenkracht.web import backup
from tests.conftest import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(network):
    household = Household.objects.create(municipality=network.zwolle, address="Backupstraat 1", postcode="8011AA")
    Person.objects.create(household=household, municipality=network.zwolle, given_name="Bea", family_name="Backup",
                          bsn="111222333")
    user = make_person("nood.backup@example.test", "Nood Backup", [(network.de_kern, "professional")])
    EmergencyAccess.objects.create(user=user, organisation=network.de_kern, household=household,
                                   municipality=network.zwolle, reason="Crisis: woning onbewoonbaar na brand",
                                   expires_at=timezone.now() + timedelta(hours=4))
    for i in range(5):
        log.record(SystemActor(), event="read", subject_type="household", subject_id=household.pk,
                   municipality_id=network.zwolle.pk, purpose=f"backup test {i}")
    return household


@pytest.fixture
def target(tmp_path):
    """Settings of an empty database of the same engine; dropped afterwards (PostgreSQL)."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        yield {**settings, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{settings['NAME']}_restore"
    yield backup.create_pg_database(settings, name)
    backup.drop_pg_database(settings, name)


def verify_access_log(settings_dict) -> int:
    """`privacy.log.verify` on the restored copy; returns the number of entries checked, fails on a problem."""
    checked, problems = backup.verify_access_log_of(settings_dict, connection.vendor)
    assert problems == []
    return checked


def test_round_trip_restores_every_table_and_the_access_log(data, tmp_path, target):
    archive = tmp_path / "samenkracht.backup"
    manifest = backup.backup(archive, connection)
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["privacy_accesslogentry"]["rows"] == 5
    assert manifest["tables"]["plans_person"]["rows"] == 1
    with tarfile.open(archive, "r:*") as members:
        assert sorted(members.getnames()) == sorted([backup.MANIFEST, manifest["data"]])
    assert b"111222333" not in archive.read_bytes()  # the BSN is stored encrypted, also in the backup

    result = backup.restore(archive, target, connection.vendor)
    assert result.ok, backup.report(result.comparisons, only_problems=True)
    assert {c.table for c in result.comparisons} == set(manifest["tables"])
    assert verify_access_log(target) == 5


def test_a_non_empty_target_is_refused_unless_forced(data, tmp_path, target):
    archive = tmp_path / "samenkracht.backup"
    backup.backup(archive, connection)
    assert backup.restore(archive, target, connection.vendor).ok
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(archive, target, connection.vendor)
    result = backup.restore(archive, target, connection.vendor, force=True)
    assert result.ok, backup.report(result.comparisons, only_problems=True)
    assert verify_access_log(target) == 5


def test_the_restore_command_refuses_the_configured_database_when_it_holds_data(data, tmp_path):
    archive = tmp_path / "samenkracht.backup"
    call_command("backup", str(archive))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_an_engine_mismatch_is_refused_with_a_clear_message(data, tmp_path, target):
    archive = tmp_path / "samenkracht.backup"
    backup.backup(archive, connection)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    with pytest.raises(backup.BackupError) as error:
        backup.restore(archive, target, other)
    message = str(error.value)
    assert "This backup was made from" in message and "same engine" in message
    assert backup.ENGINES[connection.vendor] in message and backup.ENGINES[other] in message


def test_a_damaged_or_foreign_file_is_refused(data, tmp_path, target):
    foreign = tmp_path / "not-a-backup"
    foreign.write_text("hello")
    with pytest.raises(backup.BackupError, match="not a Samenkracht backup"):
        backup.restore(foreign, target, connection.vendor)
    archive = tmp_path / "samenkracht.backup"
    manifest = backup.backup(archive, connection)
    manifest["data_sha256"] = "0" * 64
    damaged = tmp_path / "damaged.backup"
    with tarfile.open(archive, "r:*") as source, tarfile.open(damaged, "w") as copy:
        import io
        import json

        encoded = json.dumps(manifest).encode()
        info = tarfile.TarInfo(backup.MANIFEST)
        info.size = len(encoded)
        copy.addfile(info, io.BytesIO(encoded))
        member = source.getmember(manifest["data"])
        copy.addfile(member, source.extractfile(member))
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.restore(damaged, target, connection.vendor)


def test_a_changed_row_shows_up_per_table(data, tmp_path, target):
    archive = tmp_path / "samenkracht.backup"
    manifest = backup.backup(archive, connection)
    assert backup.restore(archive, target, connection.vendor).ok
    with connection.cursor() as cursor:
        cursor.execute("UPDATE network_organisation SET name = 'Gewijzigd' WHERE name = 'De Kern'")
        changed = backup.content(cursor, connection.vendor)
    comparisons = backup.compare(manifest["tables"], changed)
    assert [c.table for c in comparisons if not c.ok] == ["network_organisation"]
    assert "DIFFERENT" in backup.report(comparisons, only_problems=True)


def test_values_normalise_the_same_on_both_engines():
    when = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=dt_timezone.utc)
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    pairs = [  # (SQLite's raw value, PostgreSQL's raw value, field kind, decimal places)
        (1, True, "BooleanField", None),
        ("2026-01-02 03:04:05.600000", when, "DateTimeField", None),
        ("2026-01-02", when.date(), "DateField", None),
        (500, Decimal("500.00"), "DecimalField", 2),
        (12.5, Decimal("12.50"), "DecimalField", 2),
        ('{"b": 1, "a": [1, 2]}', {"a": [1, 2], "b": 1}, "JSONField", None),
        (key.hex, key, "UUIDField", None),
        (3600000000, timedelta(hours=1), "DurationField", None),
    ]
    for sqlite_value, pg_value, kind, places in pairs:
        assert backup._normal(sqlite_value, kind, places) == backup._normal(pg_value, kind, places), kind


def test_the_drill_restores_and_compares(data, capsys):
    call_command("backup_drill")
    out = capsys.readouterr().out
    assert "all counts and content hashes match" in out
    assert "access log on the copy: 5 entries checked, hash chains intact" in out
    assert "Drill passed" in out


def test_the_copy_keeps_the_append_only_guard_and_the_chain_catches_edits(data, tmp_path, target):
    archive = tmp_path / "samenkracht.backup"
    backup.backup(archive, connection)
    assert backup.restore(archive, target, connection.vendor).ok
    edit = "UPDATE privacy_accesslogentry SET purpose = 'changed' WHERE sequence = 2"
    if connection.vendor == "postgresql":
        import psycopg

        with backup._pg_connect(target) as copy:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                copy.execute(edit)  # the restored trigger refuses it
            copy.execute("ALTER TABLE privacy_accesslogentry DISABLE TRIGGER access_log_append_only")
            copy.execute(edit)
    else:
        copy = backup._sqlite_connect(target["NAME"])
        copy.execute(edit)
        copy.commit()
        copy.close()
    checked, problems = backup.verify_access_log_of(target, connection.vendor)
    assert checked == 5 and any("entry 2" in p and "content was changed" in p for p in problems)
