from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samenkracht.network.importers import DEFAULT_MUNICIPALITY_FILE, ImportFailed, import_municipalities


class Command(BaseCommand):
    help = "Load the CBS municipality list (code,naam). Without a path: the list shipped with Samenkracht."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_MUNICIPALITY_FILE))

    def handle(self, *args, path, **options):
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        try:
            report = import_municipalities(text, file=file.name)
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(f"{failure.file}: {problem}")
            raise CommandError(f"{len(failure.problems)} problem(s) in {failure.file}; nothing was stored.") from None
        self.stdout.write(
            f"Municipalities: {report.created} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.deactivated)} marked inactive{': ' + ', '.join(report.deactivated) if report.deactivated else ''}."
        )
