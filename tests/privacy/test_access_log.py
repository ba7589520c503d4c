"""The access log: one entry per access, hash-chained, append-only, verifiable."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from samenkracht.network.permissions import SystemActor
from samenkracht.privacy import log
from samenkracht.privacy.models import AccessLogEntry


def write_entries(count: int, municipality_id: int = 7):
    return [
        log.record(SystemActor(), event="read", subject_type="household", subject_id=i,
                   municipality_id=municipality_id, purpose="test")
        for i in range(count)
    ]


def test_entries_form_a_chain_per_municipality(db):
    first, second = write_entries(2)
    other = write_entries(1, municipality_id=8)[0]
    assert (first.sequence, second.sequence, other.sequence) == (1, 2, 1)
    assert second.previous_hash == first.entry_hash
    assert other.previous_hash == "0" * 64
    checked, problems = log.verify()
    assert (checked, problems) == (3, [])


def test_the_model_refuses_to_change_or_delete(db):
    entry = write_entries(1)[0]
    entry.purpose = "changed"
    with pytest.raises(Exception, match="cannot be changed"):
        entry.save()
    with pytest.raises(Exception, match="cannot be deleted"):
        entry.delete()


def _tamper(sql: str, params: list):
    """Change the table behind the application's back (on PostgreSQL the trigger must be lifted first)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE privacy_accesslogentry DISABLE TRIGGER access_log_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE privacy_accesslogentry ENABLE TRIGGER access_log_append_only")


def test_verify_detects_an_edited_row(db):
    entries = write_entries(3)
    _tamper("UPDATE privacy_accesslogentry SET purpose = %s WHERE id = %s", ["something else", entries[1].pk])
    checked, problems = log.verify()
    assert [p.sequence for p in problems] == [2]
    assert "content was changed" in str(problems[0])
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_access_log")


def test_verify_detects_a_deleted_row_in_the_middle_and_at_the_end(db):
    entries = write_entries(4)
    _tamper("DELETE FROM privacy_accesslogentry WHERE id = %s", [entries[1].pk])
    problems = log.verify()[1]
    assert any("missing entries 2..2" in str(p) for p in problems)
    _tamper("DELETE FROM privacy_accesslogentry WHERE id = %s", [entries[3].pk])
    problems = log.verify()[1]
    assert any("newest entries are missing" in str(p) for p in problems)


def test_intact_log_passes_the_command(db, capsys):
    write_entries(5)
    call_command("verify_access_log")
    assert "intact: 5 entries" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_updates_and_deletes_of_the_log():
    if connection.vendor != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL only; SQLite relies on the hash chain")
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == "test"
