"""`samenkracht hsds_import PATH [--dry-run]`: import HSDS 3.0 (JSON file, datapackage folder or zip).

All-or-nothing: on any problem nothing is stored, every problem is printed as "file, row, field: reason"
on stderr and the command exits with status 1. Progress (rows and rows per second) goes to stderr.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from samenkracht.socialmap.hsds.importer import ImportFailed, import_path

MAX_PROBLEMS_SHOWN = 500


class Progress:
    """Progress lines on a stream: rewritten in place on a terminal, every few seconds otherwise."""

    def __init__(self, stream, interval: float | None = None):
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.interval = interval if interval is not None else (0.25 if self.tty else 2.0)
        self.started = time.perf_counter()
        self.stage_started: dict[str, float] = {}
        self.last = 0.0
        self.previous_end = self.started
        self.open_line = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        first = stage not in self.stage_started
        finished = done >= total
        # A stage reported only when it is done (reading) counts from the end of the previous one.
        began = self.stage_started.setdefault(stage, self.previous_end if first and finished else now)
        if not (first or finished) and now - self.last < self.interval:
            return
        if self.tty and first and self.open_line:
            self.stream.write("\n")
        self.last = now
        if finished:
            self.previous_end = now
        rate = done / (now - began) if now > began else 0.0
        line = f"{stage}: {done:,}/{total:,} rows ({rate:,.0f} rows/s)"
        if self.tty:
            self.stream.write("\r" + line.ljust(70) + ("\n" if finished else ""))
            self.open_line = not finished
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.open_line:
            self.stream.write("\n")
            self.open_line = False


class Command(BaseCommand):
    help = ("Import HSDS 3.0 data: a .json file (one object, a list, a page or the tabular shape), or a folder "
            "or .zip with datapackage.json and CSV files. Nothing is stored when anything is wrong.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .json file, or a folder or .zip with datapackage.json and CSV files")
        parser.add_argument("--dry-run", action="store_true", help="check and report, store nothing")
        parser.add_argument("--quiet", action="store_true", help="no progress lines")

    def handle(self, *args, path: str, dry_run: bool, quiet: bool, **options):
        progress = None if quiet else Progress(self.stderr._out)  # raw stream: lines end as Progress decides
        try:
            report = import_path(path, dry_run=dry_run, progress=progress)
        except ImportFailed as failure:
            if progress:
                progress.close()
            for problem in failure.problems[:MAX_PROBLEMS_SHOWN]:
                self.stderr.write(str(problem))
            hidden = len(failure.problems) - MAX_PROBLEMS_SHOWN
            if hidden > 0:
                self.stderr.write(f"... and {hidden} more problem(s)")
            raise CommandError(f"{len(failure.problems)} problem(s) in {path}; nothing was stored.") from None
        if progress:
            progress.close()
        for line in report.warning_lines():
            self.stderr.write(f"warning: {line}")
        self.stdout.write(report.summary())
