"""Storage of the social map search index, different per database (see socialmap/search/backends.py).

PostgreSQL: table socialmap_search_document (service_id uuid primary key, document tsvector, name_text)
with a GIN index on the document. SQLite: FTS5 table socialmap_search_fts with pre-stemmed words and
socialmap_search_key mapping its rowids to service ids. Other databases get nothing (search is not
supported there).

The index starts empty: after migrating a database that already holds services, run
`samenkracht reindex_socialmap`. The DDL is kept here, not imported from the live code, so that this
migration keeps doing the same thing when the code moves on.
"""

from django.db import migrations

POSTGRES = [
    "CREATE TABLE IF NOT EXISTS socialmap_search_document ("
    " service_id uuid PRIMARY KEY, document tsvector NOT NULL, name_text text NOT NULL)",
    "CREATE INDEX IF NOT EXISTS socialmap_search_document_gin ON socialmap_search_document USING gin (document)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS socialmap_search_document"]

SQLITE = [
    "CREATE TABLE IF NOT EXISTS socialmap_search_key ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, service_id CHAR(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS socialmap_search_fts USING fts5("
    " name, keywords, body, context, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS socialmap_search_fts", "DROP TABLE IF EXISTS socialmap_search_key"]


def _run(schema_editor, statements_by_vendor: dict) -> None:
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement, params=None)


def create(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES, "sqlite": SQLITE})


def drop(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("socialmap", "0002_reference_data")]
    operations = [migrations.RunPython(create, drop)]
