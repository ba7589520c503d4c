"""On PostgreSQL the database itself refuses to change or delete access log entries.

The trigger raises for every UPDATE and DELETE on privacy_accesslogentry, whoever the application is.
(In production also revoke UPDATE, DELETE and TRUNCATE on the table from the application's role; see
docs/privacy.md. SQLite has no such guard; there the hash chain still reveals any change.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION samenkracht_access_log_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION samenkracht_access_log_is_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS access_log_append_only ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS samenkracht_access_log_is_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
