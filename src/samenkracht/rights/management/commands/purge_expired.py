"""samenkracht purge_expired [--dry-run]: delete records whose retention period has ended (rights/retention.py).

All or nothing; every deleted record leaves a tombstone and an access-log entry (source cli). The report
lists per kind of record how many expired and the oldest end date.
"""

from django.core.management.base import BaseCommand

from samenkracht.network.permissions import SystemActor
from samenkracht.rights import retention


class Command(BaseCommand):
    help = "Delete resident records whose retention period has ended (use --dry-run to see the report only)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="report only; change nothing")

    def handle(self, *args, dry_run=False, **options):
        periods = retention.periods()
        report = retention.purge(SystemActor(), dry_run=dry_run)
        self.stdout.write(("Dry run: nothing is deleted.\n" if dry_run else "")
                          + f"{'kind':<18} {'years':>5} {'expired':>8}  oldest end")
        total = 0
        for kind, found in report.items():
            oldest = found.oldest.date().isoformat() if found.oldest else "-"
            self.stdout.write(f"{kind:<18} {periods[kind]:>5} {found.count:>8}  {oldest}")
            total += found.count
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(self.style.SUCCESS(f"{total} record(s) {verb}."))
