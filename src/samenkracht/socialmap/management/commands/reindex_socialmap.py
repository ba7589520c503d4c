"""samenkracht reindex_socialmap: rebuild the search index of the social map, with progress."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from samenkracht.socialmap.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Index every service of the social map again (in batches; searches keep working meanwhile) and drop "
        "documents of deleted services. Run after migrating a database that already holds services."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        last_report = [0.0]

        def progress(done: int, total: int) -> None:
            # One line per batch when writing to a terminal would flood it: report at most twice a second.
            now = time.monotonic()
            if done >= total or now - last_report[0] >= 0.5:
                last_report[0] = now
                self.stdout.write(f"Indexed {done} of {total} services ({100 * done // max(total, 1)}%).")

        count = rebuild_index(progress=progress)
        self.stdout.write(f"Search index rebuilt: {count} services in {time.monotonic() - started:.1f} s.")
