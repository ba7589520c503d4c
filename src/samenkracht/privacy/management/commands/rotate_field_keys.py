"""Re-encrypt every encrypted field under the first key of SAMENKRACHT_FIELD_KEYS (key rotation)."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from samenkracht.privacy import crypto
from samenkracht.privacy.fields import EncryptedTextField


def encrypted_fields():
    for model in apps.get_models():
        names = [f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields with the current (first) key; afterwards older keys can be removed."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        total = 0
        for model, columns in encrypted_fields():
            table, pk = model._meta.db_table, model._meta.pk.column
            quote = connection.ops.quote_name
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)}")
                    rows = cursor.fetchall()
                for start in range(0, len(rows), batch_size):
                    with connection.cursor() as cursor:
                        for row in rows[start:start + batch_size]:
                            values = [crypto.rotate(v) if v else v for v in row[1:]]
                            assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
                            cursor.execute(f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s",
                                           [*values, row[0]])
            total += len(rows)
            self.stdout.write(f"{model._meta.label}: {len(rows)} rows re-encrypted")
        self.stdout.write(f"Done: {total} rows under the current key.")
