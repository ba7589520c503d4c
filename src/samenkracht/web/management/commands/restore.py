"""samenkracht restore <path>: restore a backup into the configured database and verify every table."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from samenkracht.web import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `samenkracht backup` into the configured (empty) database, then compare "
            "every table's row count and content hash with the backup's manifest.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument("--force", action="store_true",
                            help="replace the contents of a database that is not empty")

    def handle(self, *args, path, force, **options):
        connection.close()  # the restore works on the database itself, not through this connection
        try:
            result = backup.restore(path, connection.settings_dict, connection.vendor, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(backup.report(result.comparisons))
        if not result.ok:
            raise CommandError("The restored database does NOT match the backup (see the tables marked above).")
        self.stdout.write(f"Restored the backup of {result.manifest['created_at']} and verified it.")
