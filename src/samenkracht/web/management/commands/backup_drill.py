"""samenkracht backup_drill: back up, restore into an empty database, compare, and check the copy."""

import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from samenkracht.web import backup


class Command(BaseCommand):
    help = ("Drill: back up the configured database, restore the backup into a new empty database (a fresh "
            "SQLite file or a new PostgreSQL database), compare per-table row counts and content hashes, and "
            "verify the access log's hash chains on the copy.")

    def add_arguments(self, parser):
        parser.add_argument("--target", default="",
                            help="PostgreSQL: name of the database to create for the copy (default: <name>_drill); "
                                 "SQLite: path of the new file (default: a temporary file)")
        parser.add_argument("--keep", action="store_true", help="keep the backup file and the copy")

    def handle(self, *args, target, keep, **options):
        vendor = connection.vendor
        work = Path(tempfile.mkdtemp(prefix="samenkracht-drill-"))
        archive = work / "drill.backup"
        settings = dict(connection.settings_dict)
        try:
            started = time.monotonic()
            manifest = backup.backup(archive, connection)
            backed_up = time.monotonic()
            if vendor == "postgresql":
                target_settings = backup.create_pg_database(settings, target or f"{settings['NAME']}_drill")
            else:
                target_settings = {**settings, "NAME": target or str(work / "restored.sqlite3")}
                if Path(target_settings["NAME"]).exists():
                    raise CommandError(f"{target_settings['NAME']} exists already; name a new file.")
            result = backup.restore(archive, target_settings, vendor)
            restored = time.monotonic()
            entries, problems = backup.verify_access_log_of(target_settings, vendor)
            checked = time.monotonic()
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        finally:
            if not keep and vendor == "postgresql" and "target_settings" in locals():
                backup.drop_pg_database(settings, target_settings["NAME"])
        self.stdout.write(backup.report(result.comparisons))
        self.stdout.write(f"engine: {backup.ENGINES[vendor]}; backup file: {archive.stat().st_size} bytes; "
                          f"backup {backed_up - started:.2f} s, restore + verify {restored - backed_up:.2f} s, "
                          f"access log check on the copy {checked - restored:.2f} s")
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"access log on the copy: {entries} entries checked, "
                          + ("hash chains intact" if not problems else f"{len(problems)} PROBLEMS"))
        if keep:
            self.stdout.write(f"kept: {archive} and the copy {target_settings['NAME']}")
        else:
            archive.unlink(missing_ok=True)
            Path(work / "restored.sqlite3").unlink(missing_ok=True)
            work.rmdir() if not any(work.iterdir()) else None
        if not result.ok or problems:
            raise CommandError("The drill FAILED: the copy differs from the backup or its access log is broken.")
        self.stdout.write(f"Drill passed: {manifest['engine']} backup restored into an empty database and verified.")
