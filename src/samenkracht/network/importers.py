"""Import of the CBS municipality list (columns `code,naam`), all-or-nothing.

A newer CBS list in the same format loads without code changes: new municipalities are added, names
are updated, and municipalities missing from the new list are marked inactive (never deleted, since
the network and later resident data refer to them).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from samenkracht.network.models import Municipality
from samenkracht.network.validators import validate_municipality_code

DEFAULT_MUNICIPALITY_FILE = Path(__file__).resolve().parent / "data" / "gemeenten.csv"
EXPECTED_COLUMNS = ["code", "naam"]


@dataclass
class ImportProblem:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, field {self.field}: {self.reason}"


class ImportFailed(Exception):
    def __init__(self, file: str, problems: list[ImportProblem]):
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: {len(problems)} problem(s); nothing was stored")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: list[str] = field(default_factory=list)


def read_municipality_rows(text: str, file: str = "gemeenten.csv") -> list[tuple[str, str]]:
    """Parse and check every row first; raise ImportFailed listing row, field and reason."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _checked_rows(reader, file)
    except csv.Error as error:
        # A file that is not CSV at all (a stray quote or carriage return): report the line, store nothing.
        raise ImportFailed(file, [ImportProblem(reader.line_num or 1, "file", f"not readable as CSV ({error})")])


def _checked_rows(reader: csv.DictReader, file: str) -> list[tuple[str, str]]:
    if reader.fieldnames is None or [c.strip() for c in reader.fieldnames] != EXPECTED_COLUMNS:
        raise ImportFailed(file, [ImportProblem(1, "header", f"expected columns {','.join(EXPECTED_COLUMNS)}")])
    problems: list[ImportProblem] = []
    rows: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(reader, start=2):
        code = (record.get("code") or "").strip()
        name = (record.get("naam") or "").strip()
        try:
            validate_municipality_code(code)
        except ValidationError:
            problems.append(ImportProblem(number, "code", f"{code!r} is not a CBS code like GM0193"))
        if not name:
            problems.append(ImportProblem(number, "naam", "empty"))
        elif len(name) > 100:
            problems.append(ImportProblem(number, "naam", "longer than 100 characters"))
        if code in seen:
            problems.append(ImportProblem(number, "code", f"{code} appears again (first on row {seen[code]})"))
        seen.setdefault(code, number)
        rows.append((code, name))
    if not rows and not problems:
        problems.append(ImportProblem(2, "code", "the file has no municipalities"))
    if problems:
        raise ImportFailed(file, problems)
    return rows


@transaction.atomic
def import_municipalities(text: str, file: str = "gemeenten.csv") -> ImportReport:
    rows = read_municipality_rows(text, file)
    report = ImportReport()
    existing = {m.code: m for m in Municipality.objects.all()}
    new_codes = set()
    for code, name in rows:
        new_codes.add(code)
        current = existing.get(code)
        if current is None:
            Municipality.objects.create(code=code, name=name, active=True)
            report.created += 1
        elif current.name != name or not current.active:
            current.name, current.active = name, True
            current.save(update_fields=["name", "active"])
            report.updated += 1
        else:
            report.unchanged += 1
    for code, municipality in existing.items():
        if code not in new_codes and municipality.active:
            municipality.active = False
            municipality.save(update_fields=["active"])
            report.deactivated.append(code)
    return report


def import_default_municipalities() -> ImportReport:
    return import_municipalities(DEFAULT_MUNICIPALITY_FILE.read_text(encoding="utf-8"))
