"""`samenkracht hsds_export PATH --format json|datapackage`: export the social map as HSDS 3.0.

json: one file with a list of fully nested organizations. datapackage: a folder (or a .zip when PATH
ends in .zip) with the standard HSDS CSV files and datapackage.json. Progress goes to stderr.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenkracht.socialmap.hsds import exporter
from samenkracht.socialmap.management.commands.hsds_import import Progress


class Command(BaseCommand):
    help = "Export the published services of the social map as HSDS 3.0 (JSON or the CSV datapackage)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="target file (json) or folder / .zip (datapackage)")
        parser.add_argument("--format", choices=["json", "datapackage"], default="json", dest="output_format")
        parser.add_argument("--quiet", action="store_true", help="no progress lines")

    def handle(self, *args, path: str, output_format: str, quiet: bool, **options):
        target = Path(path)
        progress = None if quiet else Progress(self.stderr._out)
        if output_format == "json":
            if target.is_dir():
                raise CommandError(f"{path} is a folder; give a file name for the JSON export.")
            with open(target, "w", encoding="utf-8") as handle:
                count = exporter.write_json(handle, progress)
            summary = f"{count} organization(s) written to {target}"
        else:
            if target.exists() and target.is_file() and target.suffix.lower() != ".zip":
                raise CommandError(f"{path} is a file; give a folder or a .zip for the datapackage.")
            counts = exporter.write_datapackage(target, progress)
            summary = f"datapackage written to {target}: " + ", ".join(
                f"{table} {n}" for table, n in counts.items() if n)
        if progress:
            progress.close()
        self.stdout.write(summary)
