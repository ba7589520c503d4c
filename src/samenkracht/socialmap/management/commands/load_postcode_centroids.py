"""samenkracht load_postcode_centroids FILE: centres of four-digit postcode areas, for distance search.

The CSV has the columns pc4,latitude,longitude (a header row with those names is optional), for example
derived from the CBS "kerncijfers per postcode" or any PC4 centroid list. Rows replace earlier values of
the same PC4 area. The whole file is checked first: with any problem nothing is stored.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samenkracht.socialmap.models import PostcodeCentroid

_PC4 = re.compile(r"^[1-9][0-9]{3}$")
HEADER = ["pc4", "latitude", "longitude"]


def parse_centroids(text: str) -> tuple[list[PostcodeCentroid], list[str]]:
    """PostcodeCentroid objects (unsaved) and problems ("line 3: ..."). Touches nothing."""
    rows = list(csv.reader(io.StringIO(text)))
    problems: list[str] = []
    found: dict[str, PostcodeCentroid] = {}
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not cells or not any(cells):
            continue
        if number == 1 and [c.lower() for c in cells] == HEADER:
            continue
        if len(cells) != 3:
            problems.append(f"line {number}: expected 3 columns (pc4,latitude,longitude), found {len(cells)}")
            continue
        pc4, latitude, longitude = cells
        if not _PC4.match(pc4):
            problems.append(f"line {number}: {pc4!r} is not a four-digit postcode area")
            continue
        try:
            lat, lon = float(latitude), float(longitude)
        except ValueError:
            problems.append(f"line {number}: latitude and longitude must be numbers")
            continue
        # The Netherlands (with a margin): catches swapped columns and missing decimal points.
        if not (50.0 <= lat <= 54.0 and 3.0 <= lon <= 7.5):
            problems.append(f"line {number}: {lat},{lon} lies outside the Netherlands (latitude first)")
            continue
        if pc4 in found:
            problems.append(f"line {number}: postcode area {pc4} appears twice")
            continue
        found[pc4] = PostcodeCentroid(pc4=pc4, latitude=lat, longitude=lon)
    return list(found.values()), problems


class Command(BaseCommand):
    help = "Load centres of four-digit postcode areas from a CSV pc4,latitude,longitude."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        centroids, problems = parse_centroids(text)
        if problems:
            for problem in problems:
                self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(f"{len(problems)} problem(s) in {file.name}; nothing was stored.")
        existing = set(PostcodeCentroid.objects.filter(pc4__in=[c.pc4 for c in centroids]).values_list("pc4", flat=True))
        with transaction.atomic():
            PostcodeCentroid.objects.bulk_create(
                centroids, batch_size=1000, update_conflicts=True, unique_fields=["pc4"],
                update_fields=["latitude", "longitude"],
            )
        self.stdout.write(
            f"Postcode areas: {len(centroids) - len(existing)} added, {len(existing)} updated."
        )
