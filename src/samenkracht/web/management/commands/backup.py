"""samenkracht backup <path>: a verified backup of the whole database (see samenkracht.web.backup)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from samenkracht.web import backup


class Command(BaseCommand):
    help = ("Back up the database (PostgreSQL: pg_dump custom format; SQLite: online backup) into one file with "
            "a manifest of per-table row counts and content hashes.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write (replaced when it exists)")

    def handle(self, *args, path, **options):
        try:
            manifest = backup.backup(path, connection)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"Backup of the {backup.ENGINES[manifest['engine']]} database written to {path}: "
                          f"{len(manifest['tables'])} tables, {rows} rows, {manifest['data_bytes']} bytes of data.")
