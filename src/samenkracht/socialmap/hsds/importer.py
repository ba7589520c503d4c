"""Import of HSDS 3.0 data: JSON (any of the official shapes) or the tabular datapackage (CSV files).

What it accepts
    * a ``.json`` file holding one object (service, organization, location, service_at_location,
      taxonomy, taxonomy term), a list of them, a paging envelope ({"contents": [...]}), a collection
      ({"organizations": [...], "services": [...], ...}) or the tabular shape ({"services.csv": [...]});
    * a folder or ``.zip`` with ``datapackage.json`` and the CSV files it lists (standard names when the
      datapackage.json is only a link placeholder, as in the official examples).

How it works (all-or-nothing)
    1. read: every file is parsed into flat tables (nested JSON is flattened; an object that occurs
       several times, such as a location nested in several places, is merged by id);
    2. check: every row we keep is converted and checked with the models' own rules (organisations and
       locations: clean_fields and clean; services: each field's checks and Service.clean; opening hours:
       Schedule.clean's rule and the column limits) plus the rules that span rows (references, unique
       names, duplicates). Every problem is collected as "file, row, field: reason"; when there is any,
       ImportFailed is raised and nothing has been written;
    3. write: one transaction; multi-row INSERT ... ON CONFLICT DO UPDATE statements (up to BATCH_SIZE
       rows each, plain SQL that SQLite and PostgreSQL share); references resolved with maps held in
       memory; at the end one call to ``search.index_services(ids)``. A database error rolls everything
       back and is reported the same way. ``dry_run`` does all of this and rolls back.

Speed (bench/hsds_import.py): 100,000 services with their opening hours, areas, locations and
classifications take about 35 s of CPU time for reading, checking and writing on SQLite; the search
index adds what ``index_services`` needs. Child rows are plain tuples rather than model instances and
UUID texts are parsed once, because per-object overhead dominates at that size.

Re-import updates by id (organization.id = Organisation.uid, location.id = Location.uid, service.id =
Service.id, ...) and never duplicates. For a service in the file its opening hours, service areas,
locations, life domains and target groups are replaced by the file's; services that are not in the file
are left alone. Every stored service is PUBLISHED: an import is an operator action, and the source is
trusted as a whole (the change history records "created"/field changes with the file name).

What is kept, and how it maps, is described in ``serializers.py``. Valid HSDS that the platform cannot
represent is not an error but a warning, and is left out: schedules that are not weekly, service areas
without a CBS code, taxonomy terms of other taxonomies, languages without an ISO 639-1 code, amounts in
other currencies than EUR, coordinates out of range, virtual locations and locations without an address,
and the HSDS tables the platform has no place for (contacts, funding, programs, ...). Values that are
invalid (malformed ids, dates, numbers, statuses, addresses, references to unknown records, texts that
are too long) are errors. Texts are stored as given (trimmed); they are never rendered as markup.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time as clock
import uuid
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from samenkracht.network.models import Location, Municipality, Neighbourhood, Organisation, OrganisationKind
from samenkracht.socialmap import search
from samenkracht.socialmap.hsds import serializers as hsds
from samenkracht.socialmap.languages import ISO_639_1
from samenkracht.socialmap.models import (
    AccessType,
    CostKind,
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    ServiceCoverage,
    ServiceStatus,
)

BATCH_SIZE = 2000      # rows per INSERT ... ON CONFLICT statement
QUERY_CHUNK = 5000     # ids per "IN (...)" lookup
CREATED = "created"    # ServiceChange.field of a service created by the import (as in services.py)

# Tables the platform keeps (some partly) and tables it has no place for (counted in the report).
KEPT_TABLES = [
    "organizations", "organization_identifiers", "locations", "addresses", "services", "service_at_locations",
    "phones", "schedules", "service_areas", "languages", "cost_options", "attributes", "taxonomies",
    "taxonomy_terms",
]
NOT_KEPT_TABLES = ["contacts", "funding", "programs", "required_documents", "accessibility", "metadata",
                   "meta_table_descriptions"]
# CSV file name (datapackage) -> table; all others are "<table>.csv".
FILE_TABLE = {"service_at_location.csv": "service_at_locations"}
TABLE_FILE = {table: f"{table}.csv" for table in KEPT_TABLES + NOT_KEPT_TABLES} | {
    "service_at_locations": "service_at_location.csv"}

# Object kind -> table, and nested HSDS structure (list children and object children) for flattening.
KIND_TABLE = {
    "organization": "organizations", "service": "services", "location": "locations",
    "service_at_location": "service_at_locations", "phone": "phones", "schedule": "schedules",
    "service_area": "service_areas", "language": "languages", "cost_option": "cost_options",
    "attribute": "attributes", "organization_identifier": "organization_identifiers", "taxonomy": "taxonomies",
    "taxonomy_term": "taxonomy_terms", "address": "addresses", "contact": "contacts", "funding": "funding",
    "program": "programs", "required_document": "required_documents", "accessibility": "accessibility",
    "metadata": "metadata", "meta_table_description": "meta_table_descriptions",
}
TABLE_KIND = {table: kind for kind, table in KIND_TABLE.items()}
# For each kind: list key -> (child kind, {child field: parent field, or "=constant"}).
LIST_CHILDREN: dict[str, dict[str, tuple[str, dict[str, str]]]] = {
    "organization": {
        "phones": ("phone", {"organization_id": "id"}),
        "locations": ("location", {"organization_id": "id"}),
        "services": ("service", {"organization_id": "id"}),
        "organization_identifiers": ("organization_identifier", {"organization_id": "id"}),
        "attributes": ("attribute", {"link_id": "id", "link_entity": "=organization"}),
        "contacts": ("contact", {"organization_id": "id"}),
        "funding": ("funding", {"organization_id": "id"}),
        "programs": ("program", {"organization_id": "id"}),
        "metadata": ("metadata", {"resource_id": "id"}),
    },
    "service": {
        "phones": ("phone", {"service_id": "id"}),
        "schedules": ("schedule", {"service_id": "id"}),
        "service_areas": ("service_area", {"service_id": "id"}),
        "service_at_locations": ("service_at_location", {"service_id": "id"}),
        "languages": ("language", {"service_id": "id"}),
        "cost_options": ("cost_option", {"service_id": "id"}),
        "attributes": ("attribute", {"link_id": "id", "link_entity": "=service"}),
        "funding": ("funding", {"service_id": "id"}),
        "required_documents": ("required_document", {"service_id": "id"}),
        "contacts": ("contact", {"service_id": "id"}),
        "metadata": ("metadata", {"resource_id": "id"}),
    },
    "service_at_location": {
        "schedules": ("schedule", {"service_at_location_id": "id", "service_id": "service_id"}),
        "phones": ("phone", {"service_at_location_id": "id"}),
        "contacts": ("contact", {"service_at_location_id": "id"}),
        "attributes": ("attribute", {"link_id": "id", "link_entity": "=service_at_location"}),
        "metadata": ("metadata", {"resource_id": "id"}),
    },
    "location": {
        "addresses": ("address", {"location_id": "id"}),
        "phones": ("phone", {"location_id": "id"}),
        "schedules": ("schedule", {"location_id": "id"}),
        "languages": ("language", {"location_id": "id"}),
        "attributes": ("attribute", {"link_id": "id", "link_entity": "=location"}),
        "contacts": ("contact", {"location_id": "id"}),
        "accessibility": ("accessibility", {"location_id": "id"}),
        "metadata": ("metadata", {"resource_id": "id"}),
    },
    "phone": {"languages": ("language", {"phone_id": "id"})},
    "contact": {"phones": ("phone", {"contact_id": "id"})},
}
# For each kind: object key -> (child kind, parent field that receives the child's id).
OBJECT_CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "service": {"organization": ("organization", "organization_id"), "program": ("program", "program_id")},
    "service_at_location": {"location": ("location", "location_id"), "service": ("service", "service_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}
COLLECTION_KEYS = {"organizations": "organization", "services": "service", "locations": "location",
                   "service_at_locations": "service_at_location", "taxonomies": "taxonomy",
                   "taxonomy_terms": "taxonomy_term"}

ISO_639_2 = {  # three-letter codes seen in practice -> ISO 639-1
    "eng": "en", "nld": "nl", "dut": "nl", "fry": "fy", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr",
    "spa": "es", "ita": "it", "por": "pt", "pol": "pl", "ron": "ro", "rum": "ro", "bul": "bg", "hun": "hu",
    "tur": "tr", "ara": "ar", "fas": "fa", "per": "fa", "pus": "ps", "kur": "ku", "tir": "ti", "amh": "am",
    "som": "so", "swa": "sw", "ukr": "uk", "rus": "ru", "srp": "sr", "hrv": "hr", "bos": "bs", "sqi": "sq",
    "alb": "sq", "zho": "zh", "chi": "zh", "hin": "hi", "urd": "ur", "vie": "vi", "tha": "th", "ind": "id",
    "jpn": "ja", "kor": "ko", "heb": "he", "pap": "pap",
}
RRULE_PARTS_NOT_KEPT = ["valid_from", "valid_to", "dtstart", "timezone", "until", "count", "wkst", "byweekno",
                        "bymonthday", "byyearday"]
_ORDINAL_DAY = re.compile(r"^[+-]?\d{1,2}(MO|TU|WE|TH|FR|SA|SU)$")
_HOUSE_NUMBER = re.compile(r"^(?P<street>.*\S)\s+(?P<number>\d+\S*(?:\s+[A-Za-z]{1,4})?)$")
_AREA_CODE = re.compile(r"\b(GM\d{4}|WK\d{6}|BU\d{8})\b", re.IGNORECASE)
_TOOI_MUNICIPALITY = re.compile(r"/tooi/id/gemeente/(gm\d{4})$", re.IGNORECASE)
_LINK_PLACEHOLDER = re.compile(r"^[\w./-]+\.json$")

ProgressCallback = Callable[[str, int, int], None]   # (stage, done, total)

# Plain values of the choices used in the loops below (attribute access on enums is slow).
STATUSES = list(ServiceStatus.values)
FREE, CONTRIBUTION, AMOUNT = CostKind.FREE.value, CostKind.CONTRIBUTION.value, CostKind.AMOUNT.value
COST_KINDS = {FREE, CONTRIBUTION, AMOUNT}
OPEN_ACCESS, PUBLISHED = AccessType.OPEN.value, Publication.PUBLISHED.value


# --- Results and problems -------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    file: str
    row: str   # CSV: the row number (header = 1); JSON: the path of the object, e.g. "$[0].schedules[1]"


@dataclass
class Problem:
    file: str
    row: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, {self.field}: {self.reason}"


class ImportFailed(Exception):
    """Nothing was stored; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was stored")


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    warnings: list[tuple[Problem, int]] = field(default_factory=list)   # (first occurrence, how many)
    not_kept: Counter = field(default_factory=Counter)                    # HSDS tables without a place here
    service_ids: list[uuid.UUID] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        kinds = ["organisations", "locations", "services", "service_at_locations"]
        parts = [f"{kind}: {self.created[kind]} new, {self.updated[kind]} updated" for kind in kinds
                 if self.created[kind] or self.updated[kind]]
        # Opening hours and service areas of the imported services are replaced as a whole.
        parts += [f"{kind}: {self.created[kind]} stored" for kind in ("schedules", "service_areas")
                  if self.created[kind]]
        head = "Dry run, nothing was stored. " if self.dry_run else ""
        return head + ("; ".join(parts) or "nothing to import") + f" ({self.seconds:.1f} s)"

    def warning_lines(self) -> list[str]:
        lines = []
        for problem, count in self.warnings:
            more = f" (and {count - 1} more like this)" if count > 1 else ""
            lines.append(f"{problem}{more}")
        if self.not_kept:
            listing = ", ".join(f"{table} ({n})" for table, n in sorted(self.not_kept.items()))
            lines.append(f"not kept (the platform has no place for them): {listing}")
        return lines


class _FieldError(Exception):
    """A value that cannot be used; the message is the reason shown to the operator."""


# --- Reading: files into flat tables --------------------------------------------------------------


def id_key(value: Any) -> str:
    """An id as a lookup key: trimmed, lower case, and a UUID written without hyphens gets them."""
    text = str(value).strip().lower()
    if len(text) == 32 and "-" not in text:
        text = f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text


class Row:
    """One record of one HSDS table, with where it came from."""

    __slots__ = ("data", "origin")

    def __init__(self, data: dict[str, Any], origin: Origin):
        self.data = data
        self.origin = origin

    def get(self, name: str) -> Any:
        """The value, or None for a missing or empty one ("" in CSV, null in JSON; texts are trimmed on reading)."""
        value = self.data.get(name)
        return None if value is None or value == "" else value


@dataclass
class Tables:
    """Flat HSDS tables; rows of the same table with the same id are merged (first value wins)."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    by_id: dict[str, dict[str, Row]] = field(default_factory=lambda: defaultdict(dict))
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, table: str, data: dict[str, Any], origin: Origin, *, merge: bool = True) -> Row:
        key = data.get("id")
        key = id_key(key) if key not in (None, "") else None
        if key is not None:
            existing = self.by_id[table].get(key)
            if existing is not None:
                if not merge:
                    self.problems.append(Problem(origin.file, origin.row, "id",
                                                 f"{data.get('id')} appears again (first at row {existing.origin.row})"))
                    return existing
                for name, value in data.items():
                    if value in (None, ""):
                        continue
                    current = existing.get(name)
                    if current is None:
                        existing.data[name] = value
                    elif name.endswith("_id") and id_key(current) != id_key(value):
                        self.problems.append(Problem(
                            origin.file, origin.row, name,
                            f"{data.get('id')} appears again (first at {existing.origin.row}) with another {name}: "
                            f"{value} instead of {current}"))
                return existing
        row = Row(data, origin)
        self.rows[table].append(row)
        if key is not None:
            self.by_id[table][key] = row
        return row

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def _scalars(obj: dict) -> dict:
    """The scalar fields of an object; texts trimmed (so that only spaces count as empty)."""
    return {k: (v.strip() if v.__class__ is str else v) for k, v in obj.items() if not isinstance(v, (dict, list))}


def flatten(obj: dict, kind: str, tables: Tables, file: str, path: str, links: dict[str, Any] | None = None) -> Row | None:
    """Add a nested HSDS object and everything inside it to ``tables``; returns the object's row.

    ``links`` are fields set from the parent when the object lacks them (e.g. service_id of a schedule).
    Touches only ``tables``.
    """
    if not isinstance(obj, dict):
        tables.problems.append(Problem(file, path or "-", "-", f"expected an object ({kind}), found {type(obj).__name__}"))
        return None
    data = _scalars(obj)
    for name, value in (links or {}).items():
        if data.get(name) in (None, "") and value not in (None, ""):
            data[name] = value
    for key, (child_kind, parent_field) in OBJECT_CHILDREN.get(kind, {}).items():
        child = obj.get(key)
        if isinstance(child, dict):
            child_row = flatten(child, child_kind, tables, file, f"{path}.{key}")
            if child_row is not None and child_row.get("id") is not None and data.get(parent_field) in (None, ""):
                data[parent_field] = child_row.data["id"]
    row = tables.add(KIND_TABLE[kind], data, Origin(file, path or "-"))
    for key, (child_kind, link_spec) in LIST_CHILDREN.get(kind, {}).items():
        children = obj.get(key)
        if children is None:
            continue
        if not isinstance(children, list):
            tables.problems.append(Problem(file, path or "-", key, "expected a list"))
            continue
        child_links = {name: (source[1:] if source.startswith("=") else row.data.get(source))
                       for name, source in link_spec.items()}
        for index, child in enumerate(children):
            flatten(child, child_kind, tables, file, f"{path}.{key}[{index}]", child_links)
    return row


def detect_kind(obj: dict) -> str | None:
    """Which HSDS object (or container) a JSON object is, from the fields it has."""
    keys = set(obj)
    if isinstance(obj.get("contents"), list):
        return "page"
    if any(isinstance(k, str) and k.endswith(".csv") for k in keys):
        return "tabular"
    if keys & set(COLLECTION_KEYS) and all(isinstance(obj[k], list) for k in keys & set(COLLECTION_KEYS)) \
            and "id" not in keys:
        return "collection"
    if "openapi_url" in keys and "id" not in keys:
        return "api_meta"
    if keys & {"location_type", "addresses", "accessibility", "transportation"}:
        return "location"
    if "status" in keys:
        return "service"
    if keys & {"location", "location_id"} or isinstance(obj.get("service"), dict):
        return "service_at_location"
    if keys & {"taxonomy_detail", "taxonomy_id", "parent_id", "term_uri", "code"}:
        return "taxonomy_term"
    if keys & {"services", "website", "email", "organization_identifiers", "locations", "legal_status", "tax_status",
               "tax_id", "year_incorporated", "logo", "parent_organization_id", "attributes", "phones", "funding"}:
        return "organization"
    if keys & {"version", "uri"}:
        return "taxonomy"
    return None


def _add_document(value: Any, tables: Tables, file: str, path: str = "") -> None:
    """One parsed JSON value: an object of any recognised kind, or a list of them."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            _add_document(item, tables, file, f"{path}[{index}]")
        return
    if not isinstance(value, dict):
        tables.problems.append(Problem(file, path or "-", "-", "expected an HSDS object or a list of them"))
        return
    kind = detect_kind(value)
    if kind == "page":
        _add_document(value["contents"], tables, file, f"{path}.contents")
    elif kind == "collection":
        for key, item_kind in COLLECTION_KEYS.items():
            for index, item in enumerate(value.get(key) or []):
                flatten(item, item_kind, tables, file, f"{path}.{key}[{index}]")
    elif kind == "tabular":
        for name, rows in value.items():
            table = FILE_TABLE.get(name, name.removesuffix(".csv"))
            if table not in KIND_TABLE.values():
                tables.warnings.append(Problem(file, name, "-", "not an HSDS table; not kept"))
                continue
            if not isinstance(rows, list):
                tables.problems.append(Problem(file, name, "-", "expected a list of rows"))
                continue
            for index, row in enumerate(rows):
                if isinstance(row, dict):
                    tables.add(table, _scalars(row), Origin(file, f"{name}[{index}]"), merge=False)
                else:
                    tables.problems.append(Problem(file, f"{name}[{index}]", "-", "expected an object"))
    elif kind == "api_meta":
        tables.warnings.append(Problem(file, path or "-", "-", "a description of an HSDS API, not data; nothing to import"))
    elif kind is None:
        tables.problems.append(Problem(file, path or "-", "-",
                                       "not an HSDS object: cannot tell whether it is a service, organization, "
                                       "location, service_at_location or taxonomy (term)"))
    else:
        flatten(value, kind, tables, file, path)


def read_json(text: str | bytes, file: str, tables: Tables | None = None) -> Tables:
    """Parse one JSON document into tables. Malformed JSON is a problem with line and column."""
    tables = tables or Tables()
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f"line {error.lineno} column {error.colno}" if isinstance(error, json.JSONDecodeError) else "-"
        tables.problems.append(Problem(file, where, "-", f"not valid JSON: {getattr(error, 'msg', error)}"))
        return tables
    _add_document(value, tables, file, "$")
    return tables


def read_csv(text: str, file: str, table: str, tables: Tables) -> None:
    """One CSV file of the datapackage into ``tables`` (row numbers count the header as row 1)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        tables.problems.append(Problem(file, "1", "header", f"not valid CSV: {error}"))
        return
    if not header:
        tables.problems.append(Problem(file, "1", "header", "the file is empty (no header row)"))
        return
    if "id" not in header:
        tables.problems.append(Problem(file, "1", "header", "no id column"))
        return
    width = len(header)
    number = 1
    try:
        for cells in reader:
            number += 1
            if len(cells) != width:
                if not cells:
                    continue   # an empty line
                if len(cells) > width:
                    tables.problems.append(Problem(file, str(number), "-", "more cells than the header has columns"))
                    continue
                cells += [""] * (width - len(cells))
            tables.add(table, dict(zip(header, [cell.strip() for cell in cells])), Origin(file, str(number)),
                       merge=False)
    except csv.Error as error:
        tables.problems.append(Problem(file, str(number + 1), "-", f"not valid CSV: {error}"))


class _Folder:
    """Files of a datapackage in a folder or a zip archive (members may sit in one sub-folder)."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path) if path.is_file() else None
        self.prefix = ""
        if self.zip is not None:
            names = [n for n in self.zip.namelist() if n.endswith("datapackage.json") or n.endswith(".csv")]
            package = sorted((n for n in names if n.endswith("datapackage.json")), key=len)
            first = package[0] if package else (sorted(names, key=len)[0] if names else "")
            self.prefix = first.rsplit("/", 1)[0] + "/" if "/" in first else ""

    def exists(self, name: str) -> bool:
        if self.zip is not None:
            return (self.prefix + name) in self.zip.namelist()
        return (self.path / name).is_file()

    def read(self, name: str) -> bytes:
        if self.zip is not None:
            return self.zip.read(self.prefix + name)
        return (self.path / name).read_bytes()


def read_datapackage(path: Path, tables: Tables | None = None) -> Tables:
    """A folder or zip with datapackage.json and CSV files into tables."""
    tables = tables or Tables()
    try:
        folder = _Folder(path)
    except zipfile.BadZipFile:
        tables.problems.append(Problem(path.name, "-", "-", "not a valid zip archive"))
        return tables
    files: dict[str, str] = {}   # table -> file name
    if folder.exists("datapackage.json"):
        raw = folder.read("datapackage.json").decode("utf-8-sig", errors="replace").strip()
        try:
            package = json.loads(raw)
        except json.JSONDecodeError as error:
            if _LINK_PLACEHOLDER.match(raw):
                tables.warnings.append(Problem("datapackage.json", "1", "-",
                                               f"only a link to {raw} (not present); reading the standard HSDS file names"))
                package = None
            else:
                tables.problems.append(Problem("datapackage.json", f"line {error.lineno} column {error.colno}", "-",
                                               f"not valid JSON: {error.msg}"))
                return tables
        if isinstance(package, dict):
            resources = package.get("resources")
            if not isinstance(resources, list):
                tables.problems.append(Problem("datapackage.json", "-", "resources", "expected a list of resources"))
                return tables
            for index, resource in enumerate(resources):
                name = resource.get("path") if isinstance(resource, dict) else None
                if not isinstance(name, str):
                    tables.problems.append(Problem("datapackage.json", f"resources[{index}]", "path",
                                                   "expected the name of a CSV file"))
                    continue
                table = FILE_TABLE.get(Path(name).name, Path(name).stem)
                if table not in TABLE_KIND:
                    continue
                if not folder.exists(name):
                    tables.problems.append(Problem("datapackage.json", f"resources[{index}]", "path",
                                                   f"{name} is listed but not in the package"))
                    continue
                files[table] = name
        elif package is not None:
            tables.problems.append(Problem("datapackage.json", "-", "-", "expected an object with resources"))
            return tables
    if not files:
        files = {table: name for table, name in TABLE_FILE.items() if folder.exists(name)}
    if not files:
        tables.problems.append(Problem(path.name, "-", "-", "no datapackage.json and no HSDS CSV files found"))
        return tables
    for table, name in files.items():
        try:
            text = folder.read(name).decode("utf-8-sig")
        except UnicodeDecodeError:
            tables.problems.append(Problem(name, "-", "-", "not UTF-8 text"))
            continue
        read_csv(text, Path(name).name, table, tables)
    return tables


def read_source(path: str | Path) -> Tables:
    """Any accepted input (JSON file, folder, zip) into tables; problems are collected, not raised."""
    path = Path(path)
    if not path.exists():
        tables = Tables()
        tables.problems.append(Problem(path.name, "-", "-", "no such file or folder"))
        return tables
    if path.is_dir() or path.suffix.lower() == ".zip":
        return read_datapackage(path)
    return read_json(path.read_bytes(), path.name)


# --- Checking: tables into model instances --------------------------------------------------------


def _chunks(items: list, size: int = QUERY_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class _Fast:
    """Model instances built positionally, as Django builds rows read from the database: several times
    cheaper than keyword construction, which matters for the hundreds of thousands of rows of a large
    import. Fields without a given value get their default."""

    def __init__(self, model):
        self.model = model
        self.fields = []   # (attname, constant default, default factory or None)
        for f in model._meta.concrete_fields:
            factory = f.default if f.has_default() and callable(f.default) else None
            self.fields.append((f.attname, None if factory else f.get_default(), factory))

    def new(self, values: dict[str, Any]):
        return self.model(*[values[name] if name in values else (factory() if factory else constant)
                            for name, constant, factory in self.fields])


_SERVICE = _Fast(Service)
# Service fields whose values the importer builds itself (parsed, constant, or checked by Service.clean);
# the model's field checks (length, URL, e-mail address, age range, amount) run on all the others.
SERVICE_FIELDS_BUILT = frozenset([
    "id", "organisation", "assurer", "status", "access_type", "publication", "last_modified", "assured_date",
    "languages", "tags", "cost_kind", "created_at", "review_note", "schedule_description"])
SERVICE_FIELDS_CHECKED = [f for f in Service._meta.concrete_fields if f.name not in SERVICE_FIELDS_BUILT]
SERVICE_TEXTS = ["name", "alternate_name", "description", "url", "email", "eligibility_description",
                 "application_process", "fees_description", "assurer_email"]


SCHEDULE_COLUMNS = ["id", "service_id", "service_at_location_id", "weekday", "opens_at", "closes_at", "description"]
COVERAGE_COLUMNS = ["id", "service_id", "municipality_id", "neighbourhood_id"]
SAL_COLUMNS = ["id", "service_id", "location_id", "description"]


@dataclass
class _Plan:
    """Everything the write step stores; built by _Checker, read by _write."""

    organisations: dict[uuid.UUID, Organisation] = field(default_factory=dict)
    locations: dict[uuid.UUID, Location] = field(default_factory=dict)
    location_organisations: dict[uuid.UUID, set[uuid.UUID]] = field(default_factory=dict)  # stated links only
    services: dict[uuid.UUID, Service] = field(default_factory=dict)
    service_organisation: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)          # service -> org uid
    life_domains: dict[uuid.UUID, list[str]] = field(default_factory=dict)
    target_groups: dict[uuid.UUID, list[str]] = field(default_factory=dict)
    sals: dict[uuid.UUID, tuple[uuid.UUID, str]] = field(default_factory=dict)          # sal -> (service, description)
    sal_location: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)                  # sal -> location uid
    schedules: list[tuple] = field(default_factory=list)   # SCHEDULE_COLUMNS
    coverage: list[tuple] = field(default_factory=list)    # COVERAGE_COLUMNS
    existing_services: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    existing_organisations: set[uuid.UUID] = field(default_factory=set)
    existing_locations: set[uuid.UUID] = field(default_factory=set)


class _Checker:
    """Turns tables into a _Plan, collecting every problem. Reads the database; writes nothing."""

    def __init__(self, tables: Tables, progress: ProgressCallback | None = None):
        self.tables = tables
        self.progress = progress
        self.problems: list[Problem] = list(tables.problems)
        self.warnings: dict[tuple[str, str, str], list] = {}
        self.not_kept: Counter = Counter()
        self.plan = _Plan()
        self.now = timezone.now()
        self.terms = hsds.TermIndex.load()
        self.uuids: dict[Any, uuid.UUID] = {}
        for warning in tables.warnings:
            self.warn(Origin(warning.file, warning.row), warning.field, warning.reason)

    # -- reporting

    def error(self, origin: Origin, name: str, reason: str) -> None:
        self.problems.append(Problem(origin.file, origin.row, name, reason))

    def warn(self, origin: Origin, name: str, reason: str, key: str | None = None) -> None:
        """A warning; equal warnings (same file, field and key) are counted, the first one is shown."""
        group = (origin.file, name, key or reason)
        if group in self.warnings:
            self.warnings[group][1] += 1
        else:
            self.warnings[group] = [Problem(origin.file, origin.row, name, reason), 1]

    # -- value conversion (raise _FieldError with the reason)

    @staticmethod
    def _text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
            raise _FieldError("expected text")
        return str(value).strip()

    def _uuid(self, value: Any) -> uuid.UUID:
        """A UUID; references repeat the same text many times, so each text is parsed once."""
        parsed = self.uuids.get(value)
        if parsed is None:
            try:
                parsed = uuid.UUID(str(value).strip())
            except (ValueError, AttributeError, TypeError):
                raise _FieldError(f"{value!r} is not a UUID") from None
            self.uuids[value] = parsed
        return parsed

    @staticmethod
    def _number(value: Any) -> Decimal:
        if isinstance(value, bool):
            raise _FieldError(f"{value!r} is not a number")
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise _FieldError(f"{value!r} is not a number") from None
        if not number.is_finite():
            raise _FieldError(f"{value!r} is not a number")
        return number

    def _whole(self, value: Any) -> int:
        number = self._number(value)
        if number != number.to_integral_value():
            raise _FieldError(f"{value!r} is not a whole number")
        return int(number)

    @staticmethod
    def _date(value: Any) -> date:
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise _FieldError(f"{value!r} is not a date (YYYY-MM-DD)") from None

    @staticmethod
    def _datetime(value: Any) -> datetime:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise _FieldError(f"{value!r} is not a date and time (ISO 8601, e.g. 2024-05-01T09:30:00Z)") from None
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    @staticmethod
    def _time(value: Any) -> time:
        try:
            return time.fromisoformat(str(value).strip()).replace(tzinfo=None)
        except ValueError:
            raise _FieldError(f"{value!r} is not a time (HH:MM or HH:MM:SS)") from None

    def value(self, row: Row, name: str, convert: Callable[[Any], Any], *, required: bool = False,
              reason_missing: str = "required") -> Any:
        """Convert one field of a row; a problem is recorded and None returned when it cannot be used."""
        raw = row.get(name)
        if raw is None:
            if required:
                self.error(row.origin, name, reason_missing)
            return None
        try:
            return convert(raw)
        except _FieldError as error:
            self.error(row.origin, name, str(error))
            return None

    def model_errors(self, instance, exclude: list[str], fields: dict[str, tuple[Origin, str]], origin: Origin,
                     run_clean: bool = True, reported: Iterable[str] = ()) -> bool:
        """The model's own rules (clean_fields, then clean); errors go to the HSDS field they came from.

        ``reported``: model fields whose problem was already reported in HSDS terms (not repeated).
        """
        errors: dict[str, list[str]] = {}
        try:
            instance.clean_fields(exclude=exclude)
        except ValidationError as error:
            errors.update(error.message_dict)
        if run_clean:
            try:
                instance.clean()
            except ValidationError as error:
                for model_field, messages in error.message_dict.items():
                    errors.setdefault(model_field, messages)
        for name in reported:
            errors.pop(name, None)
        for model_field, messages in errors.items():
            where, hsds_field = fields.get(model_field, (origin, model_field))
            for message in messages:
                self.error(where, hsds_field, message)
        return not errors

    def _max_length(self, origin: Origin, name: str, text: str, model, model_field: str) -> bool:
        """The model field's length limit, checked without building the whole clean_fields machinery."""
        limit = model._meta.get_field(model_field).max_length
        if len(text) > limit:
            self.error(origin, name, f"at most {limit} characters (this has {len(text)})")
            return False
        return True

    # -- the whole check

    def run(self) -> _Plan:
        t = self.tables
        for table in NOT_KEPT_TABLES:
            if t.rows.get(table):
                self.not_kept[table] = len(t.rows[table])
        self._load_database()
        self._group_children()
        self._check_terms()
        for row in t.rows.get("organizations", []):
            self._organisation(row)
        for row in t.rows.get("locations", []):
            self._location(row)
        services = t.rows.get("services", [])
        for index, row in enumerate(services, start=1):
            self._service(row)
            if self.progress and (index % 5000 == 0 or index == len(services)):
                self.progress("check", index, len(services))
        self._service_at_locations()
        self._schedules()
        return self.plan

    # -- database maps (reads only)

    def _ids(self, table: str) -> list[uuid.UUID]:
        ids = []
        for key in self.tables.by_id.get(table, {}):
            try:
                ids.append(uuid.UUID(key))
            except ValueError:
                pass
        return ids

    def _load_database(self) -> None:
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        self.municipality_names = {m.name.lower(): m for m in self.municipalities.values()}
        municipalities_by_pk = {m.pk: m for m in self.municipalities.values()}
        self.neighbourhoods_by_code: dict[str, Neighbourhood] = {}
        self.neighbourhoods_by_name: dict[tuple[int, str], Neighbourhood] = {}
        for n in Neighbourhood.objects.all():
            n.municipality = municipalities_by_pk[n.municipality_id]
            if n.cbs_code:
                self.neighbourhoods_by_code[n.cbs_code.upper()] = n
            self.neighbourhoods_by_name[(n.municipality_id, n.name.lower())] = n
        self.db_organisations = {o.uid: o for o in Organisation.objects.select_related("municipality")}
        self.db_organisation_names = {o.name.lower(): o.uid for o in self.db_organisations.values()}
        self.db_locations: dict[uuid.UUID, tuple[int | None, str]] = {
            uid: (municipality_id, name)
            for uid, municipality_id, name in Location.objects.values_list("uid", "municipality_id", "name")
        }
        self.db_location_names = {(m, name): uid for uid, (m, name) in self.db_locations.items() if m is not None}
        service_ids = self._ids("services")
        columns = [f.attname for f in Service._meta.concrete_fields]
        for chunk in _chunks(service_ids):
            for values in Service.objects.filter(id__in=chunk).values(*columns):
                self.plan.existing_services[values["id"]] = values
        self.file_services = set(service_ids)
        self.planned_organisation_names: dict[str, uuid.UUID] = {}
        self.planned_location_names: dict[tuple[int, str], uuid.UUID] = {}
        self.file_organisations = set(self._ids("organizations"))
        self.file_locations = set(self._ids("locations"))

    # -- children grouped by the record they belong to

    def _group_children(self) -> None:
        t = self.tables
        self.phones_of: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for row in t.rows.get("phones", []):
            for entity in ("service", "organization"):
                key = row.get(f"{entity}_id")
                if key is not None:
                    self.phones_of[(entity, id_key(key))].append(row)
            if row.get("service_id") is None and row.get("organization_id") is None:
                self.not_kept["phones (of locations, contacts)"] += 1
        self.by_service: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        for table in ("languages", "cost_options", "service_areas"):
            for row in t.rows.get(table, []):
                key = row.get("service_id")
                if key is None:
                    if table == "languages":
                        self.not_kept["languages (of locations, phones)"] += 1
                        continue
                    self.error(row.origin, "service_id", "required: which service this belongs to")
                    continue
                key = id_key(key)
                if key not in t.by_id.get("services", {}):
                    self.error(row.origin, "service_id", f"unknown service {key}: not in this import")
                    continue
                self.by_service[key][table].append(row)
        self.addresses_of: dict[str, list[Row]] = defaultdict(list)
        for row in t.rows.get("addresses", []):
            key = row.get("location_id")
            if key is None or id_key(key) not in t.by_id.get("locations", {}):
                self.error(row.origin, "location_id", f"unknown location {key}: not in this import")
                continue
            self.addresses_of[id_key(key)].append(row)
        self.identifiers_of: dict[str, list[Row]] = defaultdict(list)
        for row in t.rows.get("organization_identifiers", []):
            key = row.get("organization_id")
            if key is not None:
                self.identifiers_of[id_key(key)].append(row)

    # -- taxonomy terms and attributes

    def _check_terms(self) -> None:
        """Attributes grouped by (entity, id) as (row, Term); foreign terms are warned about and dropped."""
        t = self.tables
        file_terms = t.by_id.get("taxonomy_terms", {})
        entity_tables = {"service": "services", "organization": "organizations", "location": "locations"}
        aliases = {"services": "service", "organizations": "organization", "locations": "location",
                   "organisation": "organization"}
        self.attributes_of: dict[tuple[str, str], list[tuple[Row, hsds.Term]]] = defaultdict(list)
        parsed: dict[Any, uuid.UUID | None] = {}   # the same few term ids come back on every row
        for row in t.rows.get("attributes", []):
            term_key = row.get("taxonomy_term_id")
            if term_key is None:
                self.warn(row.origin, "taxonomy_term_id", "an attribute without a taxonomy term is not kept")
                continue
            if term_key not in parsed:
                try:
                    parsed[term_key] = uuid.UUID(str(term_key).strip())
                except ValueError:
                    parsed[term_key] = None
            term_uuid = parsed[term_key]
            if term_uuid is None:
                self.error(row.origin, "taxonomy_term_id", f"{term_key!r} is not a UUID")
                continue
            term = self.terms.by_id.get(term_uuid)
            if term is None:
                foreign = file_terms.get(str(term_uuid))
                if foreign is None:
                    self.error(row.origin, "taxonomy_term_id",
                               f"unknown taxonomy term {term_uuid}: not in this import and not one of the platform's")
                else:
                    label = foreign.get("name") or foreign.get("code") or str(term_uuid)
                    self.warn(row.origin, "taxonomy_term_id",
                              f"taxonomy term {label!r} is not one of the platform's taxonomies; not kept",
                              key=str(term_uuid))
                continue
            entity = str(row.get("link_entity") or "").strip().lower()
            entity = aliases.get(entity, entity)
            link = id_key(row.get("link_id") or "")
            if entity not in entity_tables:
                found = [e for e, table in entity_tables.items() if link in t.by_id.get(table, {})]
                if len(found) != 1:
                    self.warn(row.origin, "link_entity",
                              f"attribute of {row.get('link_entity')!r} {link or '-'}: not a service, organization "
                              "or location of this import; not kept")
                    continue
                entity = found[0]
            if link not in t.by_id.get(entity_tables[entity], {}):
                self.error(row.origin, "link_id", f"unknown {entity} {link or '-'}: not in this import")
                continue
            self.attributes_of[(entity, link)].append((row, term))
        # Foreign terms that are defined but unused need no mention; the platform's own are not stored.

    # -- organisations

    def _organisation(self, row: Row) -> None:
        uid = self.value(row, "id", self._uuid, required=True)
        name = self.value(row, "name", self._text, required=True)
        if uid is None or name is None:
            return
        key = str(uid)
        existing = self.db_organisations.get(uid)
        organisation = Organisation(uid=uid)
        if existing is not None:
            self.plan.existing_organisations.add(uid)
            for f in Organisation._meta.concrete_fields:
                if f.attname not in ("id", "uid"):
                    setattr(organisation, f.attname, getattr(existing, f.attname))
        else:
            organisation.kind = OrganisationKind.OTHER
        organisation.name = " ".join(name.split())
        organisation.description = self.value(row, "description", self._text) or ""
        organisation.website = self.value(row, "website", self._text) or ""
        organisation.email = self.value(row, "email", self._text) or ""
        origins = {"name": (row.origin, "name"), "description": (row.origin, "description"),
                   "website": (row.origin, "website"), "email": (row.origin, "email")}
        phones = self.phones_of.get(("organization", key), [])
        organisation.phone = _phone_number(phones[0].get("number")) if phones else ""
        if phones:
            origins["phone"] = (phones[0].origin, "number")
        # KvK number from organization_identifiers (scheme NL-KVK); kept as it is when the file has none
        # and is not a Samenkracht export.
        kvk = next((i for i in self.identifiers_of.get(key, [])
                    if str(i.get("identifier_scheme") or "").strip().upper() == hsds.KVK_SCHEME), None)
        if kvk is not None:
            organisation.kvk_number = self._text(kvk.get("identifier"))
            origins["kvk_number"] = (kvk.origin, "identifier")
        elif self._has_own_attributes("organization", key):
            organisation.kvk_number = ""
        # Kind, informal and home municipality from the platform's attributes.
        attributes = self.attributes_of.get(("organization", key), [])
        if self._has_own_attributes("organization", key):
            organisation.kind, organisation.informal, organisation.municipality = OrganisationKind.OTHER, False, None
            kinds = [(r, term) for r, term in attributes if term.kind == hsds.ORGANISATION_KIND]
            if len(kinds) > 1:
                self.error(kinds[1][0].origin, "taxonomy_term_id", "an organization has one kind")
            elif kinds:
                organisation.kind = kinds[0][1].code
            for attr_row, term in attributes:
                if term.kind == hsds.VALUE and term.code == hsds.INFORMAL:
                    organisation.informal = str(attr_row.get("value") or "true").strip().lower() in ("true", "1", "yes")
                elif term.kind == hsds.VALUE and term.code == hsds.HOME_MUNICIPALITY:
                    code = str(attr_row.get("value") or "").strip().upper()
                    municipality = self.municipalities.get(code)
                    if municipality is None:
                        self.error(attr_row.origin, "value", f"unknown municipality {code or '-'} (CBS code)")
                    organisation.municipality = municipality
                elif term.kind not in (hsds.ORGANISATION_KIND,):
                    self.warn(attr_row.origin, "taxonomy_term_id",
                              f"term {term.name!r} does not apply to an organization; not kept", key=f"org:{term.id}")
        # The model's rules (no database queries: names are checked against the maps below).
        if self.model_errors(organisation, ["id", "municipality"], origins, row.origin, run_clean=False):
            if organisation.informal and organisation.kvk_number:
                self.error(origins.get("kvk_number", (row.origin, "organization_identifiers"))[0], "identifier",
                           "an initiative without legal entity has no KvK number")
        lower = organisation.name.lower()
        other = self.db_organisation_names.get(lower)
        if other is not None and other != uid and other not in self.file_organisations:
            self.error(row.origin, "name", f"another organisation ({other}) already has this name")
        planned = self.planned_organisation_names.setdefault(lower, uid)
        if planned != uid:
            self.error(row.origin, "name", f"another organization in this import ({planned}) has this name")
        self.plan.organisations[uid] = organisation

    def _has_own_attributes(self, entity: str, key: str) -> bool:
        """True when the record carries attributes of the platform's taxonomies (as Samenkracht exports do)."""
        return bool(self.attributes_of.get((entity, key)))

    def _organisation_known(self, uid: uuid.UUID) -> bool:
        return uid in self.file_organisations or uid in self.db_organisations

    # -- locations

    def _location(self, row: Row) -> None:
        uid = self.value(row, "id", self._uuid, required=True)
        if uid is None:
            return
        key = str(uid)
        location_type = str(row.get("location_type") or "physical").strip().lower()
        if location_type not in ("physical", "postal", "virtual"):
            self.error(row.origin, "location_type", f"{location_type!r} is not physical, postal or virtual")
            return
        if location_type == "virtual":
            self.warn(row.origin, "location_type", "virtual locations are not kept (the platform keeps addresses)")
            return
        addresses = self.addresses_of.get(key, [])
        address = next((a for a in addresses if str(a.get("address_type") or "").lower() == "physical"),
                       addresses[0] if addresses else None)
        if address is None:
            self.warn(row.origin, "addresses", "a location without an address is not kept")
            return
        location = Location(uid=uid)
        if uid in self.db_locations:
            self.plan.existing_locations.add(uid)
        a = address.origin
        address_1 = self.value(address, "address_1", self._text, required=True) or ""
        match = _HOUSE_NUMBER.match(address_1)
        location.street, location.house_number = (match["street"], match["number"]) if match else (address_1, "")
        location.city = self.value(address, "city", self._text, required=True) or ""
        location.postcode = self.value(address, "postal_code", self._text, required=True) or ""
        country = self.value(address, "country", self._text, required=True) or ""
        if country and not (len(country) == 2 and country.isalpha()):
            self.error(a, "country", f"{country!r} is not a two-letter ISO 3166-1 country code")
        location.country = country.upper() or "NL"
        municipality_text = self.value(address, "state_province", self._text) or ""
        municipality = self.municipalities.get(municipality_text.upper()) or \
            self.municipality_names.get(municipality_text.lower())
        reported = []
        if municipality is None and municipality_text and location.country == "NL":
            self.error(a, "state_province", f"unknown municipality {municipality_text!r} (name or CBS code)")
            reported.append("municipality")
        location.municipality = municipality
        region = self.value(address, "region", self._text) or ""
        if region and municipality is not None:
            neighbourhood = self.neighbourhoods_by_code.get(region.upper()) or \
                self.neighbourhoods_by_name.get((municipality.pk, region.lower()))
            if neighbourhood is None or neighbourhood.municipality_id != municipality.pk:
                self.warn(a, "region", f"{region!r} is not a known area of {municipality.name}; not kept",
                          key="region")
            else:
                location.neighbourhood = neighbourhood
        location.name = self.value(row, "name", self._text) or address_1
        location.description = self.value(row, "description", self._text) or ""
        for axis, limit in (("latitude", 90), ("longitude", 180)):
            number = self.value(row, axis, self._number)
            if number is not None and abs(number) > limit:
                self.warn(row.origin, axis, f"{number} is out of range; coordinates not kept", key="coordinates")
                location.latitude = location.longitude = None
                break
            setattr(location, axis, float(number) if number is not None else None)
        origins = {"name": (row.origin, "name"), "description": (row.origin, "description"),
                   "street": (a, "address_1"), "house_number": (a, "address_1"), "postcode": (a, "postal_code"),
                   "city": (a, "city"), "country": (a, "country"), "municipality": (a, "state_province"),
                   "neighbourhood": (a, "region"), "latitude": (row.origin, "latitude"),
                   "longitude": (row.origin, "longitude")}
        self.model_errors(location, ["id", "municipality", "neighbourhood"], origins, row.origin, reported=reported)
        # Organisations under this roof: organization_id and "location-organisation" attributes.
        stated: set[uuid.UUID] = set()
        organisation_ref = row.get("organization_id")
        if organisation_ref is not None:
            try:
                organisation_uid = uuid.UUID(str(organisation_ref).strip())
            except ValueError:
                self.error(row.origin, "organization_id", f"{organisation_ref!r} is not a UUID")
            else:
                if self._organisation_known(organisation_uid):
                    stated.add(organisation_uid)
                else:
                    self.warn(row.origin, "organization_id",
                              f"organization {organisation_uid} is not in this import nor on the platform; link not kept",
                              key="location-organisation")
        for attr_row, term in self.attributes_of.get(("location", key), []):
            if term.kind == hsds.VALUE and term.code == hsds.LOCATION_ORGANISATION:
                try:
                    organisation_uid = uuid.UUID(str(attr_row.get("value") or "").strip())
                except ValueError:
                    self.error(attr_row.origin, "value", f"{attr_row.get('value')!r} is not an organization id")
                    continue
                if not self._organisation_known(organisation_uid):
                    self.error(attr_row.origin, "value", f"unknown organization {organisation_uid}")
                    continue
                stated.add(organisation_uid)
            else:
                self.warn(attr_row.origin, "taxonomy_term_id",
                          f"term {term.name!r} does not apply to a location; not kept", key=f"loc:{term.id}")
        if stated:
            self.plan.location_organisations[uid] = stated
        # Unique name within a municipality (database constraint), checked here to report it well.
        if location.municipality is not None:
            pair = (location.municipality.pk, location.name)
            other = self.db_location_names.get(pair)
            if other is not None and other != uid and other not in self.file_locations:
                self.error(row.origin, "name", f"another location in {location.municipality.name} ({other}) has this name")
            planned = self.planned_location_names.setdefault(pair, uid)
            if planned != uid:
                self.error(row.origin, "name",
                           f"another location in {location.municipality.name} in this import ({planned}) has this name")
        self.plan.locations[uid] = location

    def _location_known(self, uid: uuid.UUID) -> bool:
        return uid in self.plan.locations or uid in self.db_locations

    # -- services

    def _service(self, row: Row) -> None:
        sid = self.value(row, "id", self._uuid, required=True)
        if sid is None:
            return
        key = str(sid)
        organisation_uid = self.value(row, "organization_id", self._uuid, required=True,
                                      reason_missing="required: every service belongs to an organization")
        if organisation_uid is not None and not self._organisation_known(organisation_uid):
            self.error(row.origin, "organization_id",
                       f"unknown organization {organisation_uid}: not in this import nor on the platform")
        existing = self.plan.existing_services.get(sid)
        service = _SERVICE.new(existing or {"id": sid})
        origins: dict[str, tuple[Origin, str]] = {}   # model field -> where its value came from (default: row)
        data = row.data
        for name in SERVICE_TEXTS:
            text = data.get(name)
            if text.__class__ is not str:   # absent, null, or a number in JSON: the general path
                text = self.value(row, name, self._text) or ""
            setattr(service, name, text)
        status = str(row.get("status") or "").strip().lower()
        if status not in STATUSES:
            self.error(row.origin, "status", f"{row.get('status')!r} is not one of {', '.join(STATUSES)}"
                       if status else "required")
        service.status = status
        service.minimum_age = self.value(row, "minimum_age", self._whole) if "minimum_age" in data else None
        service.maximum_age = self.value(row, "maximum_age", self._whole) if "maximum_age" in data else None
        service.assured_date = self.value(row, "assured_date", self._date) if "assured_date" in data else None
        moment = self.value(row, "last_modified", self._datetime) if "last_modified" in data else None
        service.last_modified = moment or self.now
        service.publication = PUBLISHED
        if existing is None:
            service.created_at = self.now
        children = self.by_service.get(key, {})
        # Phone: the first phone of the service.
        phones = self.phones_of.get(("service", key), [])
        service.phone = _phone_number(phones[0].get("number")) if phones else ""
        if phones:
            origins["phone"] = (phones[0].origin, "number")
        # Languages (ISO 639-1).
        codes: list[str] = []
        for language in children.get("languages", []):
            code = str(language.get("code") or "").strip().lower()
            code = ISO_639_2.get(code, code)
            if code in ISO_639_1:
                if code not in codes:
                    codes.append(code)
            else:
                self.warn(language.origin, "code", f"language {language.get('code') or language.get('name')!r} "
                          "has no ISO 639-1 code; not kept", key="language")
        service.languages = codes
        self._cost(service, children.get("cost_options", []), origins)
        self._service_attributes(service, key, existing, origins)
        self._service_areas(service, children.get("service_areas", []))
        service.schedule_description = ""
        self._check_service(service, origins, row.origin)
        if organisation_uid is not None:
            self.plan.service_organisation[sid] = organisation_uid
        self.plan.services[sid] = service

    def _check_service(self, service: Service, origins: dict[str, tuple[Origin, str]], origin: Origin) -> None:
        """The model's rules for a service: each field's own checks, then Service.clean (ages, costs,
        languages, tags). Same as clean_fields + clean, without visiting the fields built here."""
        errors: dict[str, list[str]] = {}
        for f in SERVICE_FIELDS_CHECKED:
            value = getattr(service, f.attname)
            if value in f.empty_values:
                if not f.blank:
                    errors[f.name] = [str(f.error_messages["blank"])]
                continue
            try:
                f.clean(value, service)
            except ValidationError as error:
                errors[f.name] = error.messages
        try:
            service.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, messages)
        for name, messages in errors.items():
            where, hsds_field = origins.get(name, (origin, name))
            for message in messages:
                self.error(where, hsds_field, message)

    def _cost(self, service: Service, options: list[Row], origins: dict) -> None:
        service.cost_kind, service.cost_amount = FREE, None
        if not options:
            return
        option = options[0]
        for extra in options[1:]:
            self.warn(extra.origin, "id", "only the first cost option of a service is kept", key="cost")
        origins["cost_kind"] = (option.origin, "option")
        origins["cost_amount"] = (option.origin, "amount")
        amount = self.value(option, "amount", self._number)
        currency = str(option.get("currency") or hsds.CURRENCY).strip().upper()
        kind = str(option.get("option") or "").strip().lower()
        kind = {"gratis": FREE, "eigen bijdrage": CONTRIBUTION}.get(kind, kind)
        if amount is not None and currency != hsds.CURRENCY:
            self.warn(option.origin, "currency", f"amounts in {currency} are not kept (the platform keeps EUR)",
                      key="currency")
            service.cost_kind = CONTRIBUTION if amount else FREE
            return
        if kind in COST_KINDS:
            service.cost_kind = kind
            service.cost_amount = None if kind == FREE and amount == 0 else amount
        elif amount is None:
            service.cost_kind = CONTRIBUTION
        elif amount == 0:
            service.cost_kind = FREE
        else:
            service.cost_kind, service.cost_amount = AMOUNT, amount

    def _service_attributes(self, service: Service, key: str, existing: dict | None, origins: dict) -> None:
        attributes = self.attributes_of.get(("service", key), [])
        sid = service.id
        if not attributes:
            # Not a Samenkracht export: keep what the platform has (new services get the defaults).
            if existing is None:
                service.access_type, service.tags = OPEN_ACCESS, []
                self.plan.life_domains[sid], self.plan.target_groups[sid] = [], []
            return
        domains, groups, tags, access = [], [], [], []
        for attr_row, term in attributes:
            if term.kind == hsds.LIFE_DOMAIN:
                domains.append(term.code)
            elif term.kind == hsds.TARGET_GROUP:
                groups.append(term.code)
            elif term.kind == hsds.ACCESS_TYPE:
                access.append((attr_row, term.code))
            elif term.kind == hsds.VALUE and term.code == hsds.TAG:
                tags.append(self._text(attr_row.get("value")) if attr_row.get("value") is not None else "")
                origins["tags"] = (attr_row.origin, "value")
            else:
                self.warn(attr_row.origin, "taxonomy_term_id", f"term {term.name!r} does not apply to a service; not kept",
                          key=f"svc:{term.id}")
        if len({code for _, code in access}) > 1:
            self.error(access[1][0].origin, "taxonomy_term_id", "a service has one access type (open or decision)")
        service.access_type = access[0][1] if access else OPEN_ACCESS
        service.tags = list(dict.fromkeys(tags))
        self.plan.life_domains[sid] = list(dict.fromkeys(domains))
        self.plan.target_groups[sid] = list(dict.fromkeys(groups))

    def _service_areas(self, service: Service, areas: list[Row]) -> None:
        seen: set[tuple[int, int | None]] = set()
        rows: list[tuple[Row, ServiceCoverage]] = []
        for area in areas:
            resolved = self._area(area)
            if resolved is None:
                continue
            municipality, neighbourhood = resolved
            pair = (municipality.pk, neighbourhood.pk if neighbourhood else None)
            if pair in seen:
                self.warn(area.origin, "extent", "the same area appears twice for this service; kept once",
                          key="area-twice")
                continue
            seen.add(pair)
            area_id = self.value(area, "id", self._uuid) or hsds.derived_id("service-area", service.id, *pair)
            rows.append((area, municipality, neighbourhood, (area_id, service.id, pair[0], pair[1])))
        whole = {municipality.pk for _, municipality, neighbourhood, _ in rows if neighbourhood is None}
        for area, municipality, neighbourhood, _ in rows:
            if neighbourhood is not None and municipality.pk in whole:
                self.error(area.origin, "extent", f"{neighbourhood.name} lies in {municipality.name}, "
                           "which this service covers as a whole")
        self.plan.coverage += [coverage for *_, coverage in rows]

    def _area(self, area: Row) -> tuple[Municipality, Neighbourhood | None] | None:
        """A service area as (municipality, neighbourhood); None (with a warning or error) otherwise."""
        extent_type = str(area.get("extent_type") or "").strip().lower()
        extent = str(area.get("extent") or "").strip()
        uri = str(area.get("uri") or "").strip()
        name = str(area.get("name") or "").strip()
        field_name, code = "extent", None
        if extent_type in ("cbs", "cbs_code") and extent:
            code = extent
        elif (match := _TOOI_MUNICIPALITY.search(uri)) is not None:
            field_name, code = "uri", match.group(1)
        else:
            for candidate_field, text in (("extent", extent), ("uri", uri), ("name", name)):
                if (match := _AREA_CODE.search(text)) is not None:
                    field_name, code = candidate_field, match.group(1)
                    break
        if code is None:
            municipality = self.municipality_names.get(name.lower()) if name else None
            if municipality is not None:
                return municipality, None
            self.warn(area.origin, "extent", "a service area without a CBS code or municipality name is not kept",
                      key="area")
            return None
        head, _, part = code.partition("/")
        head = head.upper()
        if head.startswith("GM"):
            municipality = self.municipalities.get(head)
            if municipality is None:
                self.error(area.origin, field_name, f"unknown municipality {head}")
                return None
            if not part:
                return municipality, None
            neighbourhood = self.neighbourhoods_by_name.get((municipality.pk, part.strip().lower()))
            if neighbourhood is None:
                self.error(area.origin, field_name, f"unknown area {part!r} in {municipality.name}")
                return None
            return municipality, neighbourhood
        neighbourhood = self.neighbourhoods_by_code.get(head)
        if neighbourhood is None:
            self.error(area.origin, field_name, f"unknown district or neighbourhood {head}")
            return None
        return neighbourhood.municipality, neighbourhood

    # -- service_at_locations and schedules (after services and locations)

    def _service_at_locations(self) -> None:
        pairs: dict[tuple[uuid.UUID, uuid.UUID], Origin] = {}
        for row in self.tables.rows.get("service_at_locations", []):
            sal_id = self.value(row, "id", self._uuid, required=True)
            service_id = self.value(row, "service_id", self._uuid, required=True)
            location_uid = self.value(row, "location_id", self._uuid, required=True)
            if None in (sal_id, service_id, location_uid):
                continue
            if service_id not in self.file_services:
                self.error(row.origin, "service_id", f"unknown service {service_id}: not in this import")
                continue
            if not self._location_known(location_uid):
                if location_uid in self.file_locations:
                    self.warn(row.origin, "location_id", "the location is not kept, so neither is this link",
                              key="sal-location")
                else:
                    self.error(row.origin, "location_id",
                               f"unknown location {location_uid}: not in this import nor on the platform")
                continue
            if (service_id, location_uid) in pairs:
                self.error(row.origin, "location_id",
                           f"this service is already linked to this location (row {pairs[(service_id, location_uid)].row})")
                continue
            pairs[(service_id, location_uid)] = row.origin
            description = self.value(row, "description", self._text) or ""
            self._max_length(row.origin, "description", description, ServiceAtLocation, "description")
            self.plan.sals[sal_id] = (service_id, description)
            self.plan.sal_location[sal_id] = location_uid

    def _schedules(self) -> None:
        descriptions: dict[uuid.UUID, str] = {}
        for row in self.tables.rows.get("schedules", []):
            sal_ref, service_ref = row.get("service_at_location_id"), row.get("service_id")
            sal_id = service_id = None
            if sal_ref is not None:
                sal_id = self.value(row, "service_at_location_id", self._uuid)
                sal = self.plan.sals.get(sal_id) if sal_id else None
                if sal is None:
                    if sal_id is not None and str(sal_id) in self.tables.by_id.get("service_at_locations", {}):
                        continue   # the link itself was not kept (reported there)
                    if sal_id is not None:
                        self.error(row.origin, "service_at_location_id",
                                   f"unknown service_at_location {sal_id}: not in this import")
                    continue
                service_id = sal[0]
                if service_ref is not None and id_key(service_ref) != str(service_id):
                    self.error(row.origin, "service_id",
                               f"the service_at_location {sal_id} belongs to service {service_id}")
                    continue
            elif service_ref is not None:
                service_id = self.value(row, "service_id", self._uuid)
                if service_id is None:
                    continue
                if service_id not in self.file_services:
                    self.error(row.origin, "service_id", f"unknown service {service_id}: not in this import")
                    continue
            else:
                self.not_kept["schedules (of locations)"] += 1
                continue
            if service_id not in self.plan.services:
                continue
            self._schedule_rows(row, service_id, sal_id, descriptions)
        for service_id, text in descriptions.items():
            service = self.plan.services[service_id]
            service.schedule_description = text
            limit = Service._meta.get_field("schedule_description").max_length
            if len(text) > limit:
                self.error(Origin("schedules", "-"), "description",
                           f"the opening hours in words of service {service_id} are longer than {limit} characters")

    def _schedule_rows(self, row: Row, service_id: uuid.UUID, sal_id: uuid.UUID | None,
                       descriptions: dict[uuid.UUID, str]) -> None:
        schedule_id = self.value(row, "id", self._uuid) or hsds.derived_id("schedule", row.origin.file, row.origin.row)
        freq = str(row.get("freq") or "").strip().upper()
        byday = str(row.get("byday") or "").strip().upper()
        opens_at = self.value(row, "opens_at", self._time)
        closes_at = self.value(row, "closes_at", self._time)
        description = self.value(row, "description", self._text) or ""
        if not freq and not byday and row.get("opens_at") is None and row.get("closes_at") is None:
            if description and sal_id is None and service_id not in descriptions:
                descriptions[service_id] = description
            elif description:
                self.warn(row.origin, "description", "only one schedule in words per service is kept", key="words")
            return
        if freq not in ("", "WEEKLY", "MONTHLY"):
            self.error(row.origin, "freq", f"{row.get('freq')!r} is not WEEKLY or MONTHLY")
            return
        if freq == "MONTHLY":
            self.warn(row.origin, "freq", "monthly schedules are not kept (the platform keeps weekly opening hours)",
                      key="monthly")
            return
        interval = self.value(row, "interval", self._whole)
        if interval not in (None, 1):
            self.warn(row.origin, "interval", "schedules that repeat less than every week are not kept", key="interval")
            return
        days: list[int] = []
        for token in [t.strip() for t in byday.split(",") if t.strip()]:
            if token in hsds.WEEKDAYS:
                day = hsds.WEEKDAYS.index(token) + 1
                if day not in days:
                    days.append(day)
            elif _ORDINAL_DAY.match(token):
                self.warn(row.origin, "byday", f"{token}: days with an ordinal are not kept", key="ordinal")
                return
            else:
                self.error(row.origin, "byday", f"{token!r} is not a day (MO, TU, WE, TH, FR, SA, SU)")
                return
        if not days:
            self.warn(row.origin, "byday", "a schedule without days (byday) is not kept", key="no-days")
            return
        if opens_at is None or closes_at is None:
            if row.get("opens_at") is None or row.get("closes_at") is None:
                self.warn(row.origin, "opens_at", "a schedule without opening and closing time is not kept",
                          key="no-hours")
            return
        if not self._max_length(row.origin, "description", description, Schedule, "description"):
            return
        if opens_at >= closes_at:   # Schedule.clean's rule, with its message
            self.error(row.origin, "closes_at", gettext("Closing time must be after opening time."))
            return
        ignored = [name for name in RRULE_PARTS_NOT_KEPT if row.get(name) is not None]
        if ignored:
            self.warn(row.origin, ignored[0], f"{', '.join(ignored)} not kept: only weekly days and hours are",
                      key="rrule")
        for day in days:
            row_id = schedule_id if len(days) == 1 else hsds.derived_id("schedule", schedule_id, hsds.WEEKDAYS[day - 1])
            self.plan.schedules.append((row_id, service_id, sal_id, day, opens_at, closes_at, description))


def _phone_number(value: Any) -> str:
    """Phone numbers as text, without the quotes some exports put around them ('"+44 1234"')."""
    return str(value or "").strip().strip('"').strip("'").strip()


# --- Writing --------------------------------------------------------------------------------------


def _max_params() -> int:
    """How many parameters one statement may carry on this database."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 60_000   # PostgreSQL's protocol allows 65,535 bind parameters per statement


def _insert_sql(table: str, columns: list[str], rows: int, conflict: list[str] | None = None,
                update: list[str] | None = None, source: str | None = None) -> str:
    """INSERT INTO table (columns) VALUES (...) x rows -- or SELECT ... FROM source (a staging table) --
    [ON CONFLICT (conflict) DO UPDATE SET column = excluded.column, ...]."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if source is None:
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES {', '.join([row] * rows)}"
    else:
        sql = f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {quote(source)}"
    if conflict:
        assignments = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
        sql += f" ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET {assignments}"
    return sql


def _insert_rows(table: str, columns: list[str], rows: list[tuple], progress: Callable[[int], None] | None = None,
                 conflict: list[str] | None = None, update: list[str] | None = None) -> None:
    """Insert (or upsert) rows of database-ready values. Writes only ``table`` (and, on PostgreSQL, a
    temporary staging table that is dropped again).

    SQLite: multi-row INSERT statements, as many rows per statement as its parameter limit allows.
    PostgreSQL: COPY into a temporary table, then one INSERT ... SELECT; binding hundreds of thousands of
    parameters one by one (what Django's client-side cursor does) costs several times more.
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy_rows(table, columns, rows, progress, conflict, update)
        return
    per_statement = max(1, min(BATCH_SIZE, _max_params() // len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            cursor.execute(_insert_sql(table, columns, len(batch), conflict, update), [v for row in batch for v in row])
            if progress:
                progress(len(batch))


def _copy_rows(table: str, columns: list[str], rows: list[tuple], progress: Callable[[int], None] | None,
               conflict: list[str] | None, update: list[str] | None) -> None:
    quote = connection.ops.quote_name
    staging = f"hsds_import_{table}"
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(f"CREATE TEMPORARY TABLE {quote(staging)} AS SELECT {names} FROM {quote(table)} WITH NO DATA")
        with cursor.cursor.copy(f"COPY {quote(staging)} ({names}) FROM STDIN") as copy:
            for start in range(0, len(rows), BATCH_SIZE):
                for row in rows[start:start + BATCH_SIZE]:
                    copy.write_row(row)
                if progress:
                    progress(len(rows[start:start + BATCH_SIZE]))
        cursor.execute(_insert_sql(table, columns, len(rows), conflict, update, source=staging))
        cursor.execute(f"DROP TABLE {quote(staging)}")


_PLAIN_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "IntegerField", "BigIntegerField",
                "SmallIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField",
                "FloatField", "BooleanField", "AutoField", "BigAutoField", "SmallAutoField"}


def _converters(fields: list, db) -> list:
    """Per field: None when the Python value goes to the database as it is, else a function converting it.

    Equivalent to ``field.get_db_prep_save(value, db)`` for the values the importer builds (already of the
    field's Python type), without its per-value overhead for the plain types.
    """
    converters = []
    for f in fields:
        kind = (f.target_field if f.is_relation else f).get_internal_type()
        if kind in _PLAIN_TYPES:
            converters.append(None)
        elif kind == "UUIDField" and not db.features.has_native_uuid_field:
            converters.append(lambda value: value.hex if value is not None else None)
        elif kind == "UUIDField":
            converters.append(None)
        else:
            converters.append(lambda value, f=f: f.get_db_prep_save(value, db))
    return converters


def _write_rows(model, attnames: list[str], rows: list[tuple], progress: Callable[[int], None] | None = None,
                unique: list[str] | None = None, update: list[str] | None = None) -> None:
    """Rows of Python values (in the order of ``attnames``) into ``model``'s table; with ``unique``, rows
    whose unique columns exist already are updated (columns ``update``). Writes only that table.

    Values are converted as Django saves them (``_converters``); much faster than ``bulk_create`` for
    hundreds of thousands of rows, which builds every row through the ORM compiler.
    """
    if not rows:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields = {f.attname: f for f in model._meta.concrete_fields}
    converters = list(enumerate(_converters([fields[name] for name in attnames], db)))
    if any(convert for _, convert in converters):
        rows = [tuple(value if convert is None else convert(value) for (_, convert), value in zip(converters, row))
                for row in rows]
    column = {name: f.column for name, f in fields.items()} | {f.name: f.column for f in fields.values()}
    _insert_rows(model._meta.db_table, [column[name] for name in attnames], rows, progress,
                 [column[name] for name in unique] if unique else None,
                 [column[name] for name in update] if update else None)


def _upsert(model, objects: list, unique: list[str], update: list[str], progress: Callable[[int], None]) -> None:
    """Model instances into their table, inserted or (by ``unique``) updated; writes only that table.

    auto_now / auto_now_add fields get the current time; an automatic primary key is left to the database.
    """
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() in (
        "AutoField", "BigAutoField", "SmallAutoField"))]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objects:
                setattr(obj, f.attname, now)
    attnames = [f.attname for f in fields]
    _write_rows(model, attnames, [tuple(getattr(obj, name) for name in attnames) for obj in objects], progress,
                unique, update)


def _readable(name: str, value: Any) -> str:
    """A field value as the change history shows it."""
    if value is None:
        return ""
    model_field = Service._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


HISTORY_FIELDS = [
    "name", "alternate_name", "description", "url", "email", "phone", "status", "access_type",
    "eligibility_description", "minimum_age", "maximum_age", "application_process", "cost_kind", "cost_amount",
    "fees_description", "languages", "schedule_description", "tags", "assured_date", "assurer_email", "publication",
]


HISTORY_COLUMNS = ["service_id", "changed_by_label", "changed_at", "field", "old_value", "new_value"]


def _history(plan: _Plan, label: str, now: datetime) -> list[tuple]:
    """ServiceChange rows (HISTORY_COLUMNS): "created" for a new service, one row per changed field otherwise."""
    changes = []
    with translation.override(settings.LANGUAGE_CODE):
        for sid, service in plan.services.items():
            before = plan.existing_services.get(sid)
            if before is None:
                changes.append((sid, label, now, CREATED, "", service.name))
                continue
            for name in HISTORY_FIELDS:
                old, new = _readable(name, before.get(name)), _readable(name, getattr(service, name))
                if old != new:
                    changes.append((sid, label, now, name, old, new))
    return changes


def _delete_ids(model, ids: list, column: str = "id") -> None:
    for chunk in _chunks(ids):
        model.objects.filter(**{f"{column}__in": chunk}).delete()


def _write(plan: _Plan, report: ImportReport, label: str, progress: ProgressCallback | None) -> None:
    """Store the plan. Runs inside the caller's transaction; touches the social-map tables, Organisation,
    Location (and its organisations) and nothing else, then re-indexes the imported services."""
    total = (len(plan.organisations) + len(plan.locations) + len(plan.services) + len(plan.sals)
             + len(plan.schedules) + len(plan.coverage))
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress("write", done, total)

    now = timezone.now()
    service_ids = list(plan.services)

    # 1. Organisations and locations (upsert by uid), then their primary keys for the references.
    organisation_fields = ["name", "kind", "informal", "kvk_number", "municipality", "description", "website",
                           "email", "phone", "updated_at"]
    _upsert(Organisation, list(plan.organisations.values()), ["uid"], organisation_fields, advance)
    needed_organisations = set(plan.service_organisation.values()) | {
        uid for uids in plan.location_organisations.values() for uid in uids}
    organisation_pk: dict[uuid.UUID, int] = {}
    for chunk in _chunks(list(needed_organisations)):
        organisation_pk.update(Organisation.objects.filter(uid__in=chunk).values_list("uid", "pk"))
    location_fields = ["name", "street", "house_number", "postcode", "city", "country", "municipality",
                       "neighbourhood", "description", "latitude", "longitude"]
    _upsert(Location, list(plan.locations.values()), ["uid"], location_fields, advance)
    needed_locations = set(plan.locations) | set(plan.sal_location.values())
    location_pk: dict[uuid.UUID, int] = {}
    for chunk in _chunks(list(needed_locations)):
        location_pk.update(Location.objects.filter(uid__in=chunk).values_list("uid", "pk"))
    through = Location.organisations.through
    _delete_ids(through, [location_pk[uid] for uid in plan.location_organisations], "location_id")
    _write_rows(through, ["location_id", "organisation_id"],
                [(location_pk[uid], organisation_pk[o])
                 for uid, organisations in plan.location_organisations.items() for o in sorted(organisations)])

    # 2. Remove what the file replaces: opening hours, areas, life domains and target groups of the imported
    #    services, and their links to locations that the file no longer names. Only services that existed
    #    before can have any.
    existing_ids = [sid for sid in service_ids if sid in plan.existing_services]
    _delete_ids(Schedule, existing_ids, "service_id")
    _delete_ids(ServiceCoverage, existing_ids, "service_id")
    replaced_relations = [sid for sid in existing_ids if sid in plan.life_domains]
    _delete_ids(Service.life_domains.through, replaced_relations, "service_id")
    _delete_ids(Service.target_groups.through, replaced_relations, "service_id")
    present_sals = set()
    for chunk in _chunks(existing_ids):
        present_sals.update(ServiceAtLocation.objects.filter(service_id__in=chunk).values_list("id", flat=True))
    _delete_ids(ServiceAtLocation, [pk for pk in present_sals if pk not in plan.sals])
    existing_sals = present_sals & set(plan.sals)

    # 3. Services, their locations, opening hours, areas and classifications.
    for sid, service in plan.services.items():
        service.organisation_id = organisation_pk[plan.service_organisation[sid]]
    service_fields = [f.name for f in Service._meta.concrete_fields
                      if f.name not in ("id", "created_at", "assurer", "review_note")]
    _upsert(Service, list(plan.services.values()), ["id"], service_fields, advance)
    _write_rows(ServiceAtLocation, SAL_COLUMNS,
                [(sal_id, service_id, location_pk[plan.sal_location[sal_id]], description)
                 for sal_id, (service_id, description) in plan.sals.items()],
                advance, ["id"], SAL_COLUMNS[1:])
    _write_rows(Schedule, SCHEDULE_COLUMNS, plan.schedules, advance, ["id"], SCHEDULE_COLUMNS[1:])
    _write_rows(ServiceCoverage, COVERAGE_COLUMNS, plan.coverage, advance, ["id"], COVERAGE_COLUMNS[1:])
    for relation, column, codes_by_service in (
            (Service.life_domains, "lifedomain_id", plan.life_domains),
            (Service.target_groups, "targetgroup_id", plan.target_groups)):
        _write_rows(relation.through, ["service_id", column],
                    [(sid, code) for sid, codes in codes_by_service.items() for code in codes])
    _write_rows(ServiceChange, HISTORY_COLUMNS, _history(plan, label, now))

    # 4. One call to the search index for everything imported.
    if service_ids:
        if progress:
            progress("index", 0, len(service_ids))
        search.index_services(service_ids)
        if progress:
            progress("index", len(service_ids), len(service_ids))

    def tally(kind: str, ids: Iterable, existing: set) -> None:
        for key in ids:
            (report.updated if key in existing else report.created)[kind] += 1

    tally("organisations", plan.organisations, plan.existing_organisations)
    tally("locations", plan.locations, plan.existing_locations)
    tally("services", plan.services, set(plan.existing_services))
    tally("service_at_locations", plan.sals, existing_sals)
    report.created["schedules"] = len(plan.schedules)
    report.created["service_areas"] = len(plan.coverage)
    report.service_ids = service_ids


# --- Entry points ---------------------------------------------------------------------------------


def check_tables(tables: Tables, progress: ProgressCallback | None = None) -> tuple[_Plan, _Checker]:
    """Check everything; raise ImportFailed with every problem. Reads the database, writes nothing."""
    checker = _Checker(tables, progress)
    plan = checker.run()
    if checker.problems:
        raise ImportFailed(checker.problems)
    return plan, checker


def import_tables(tables: Tables, *, source: str = "HSDS", dry_run: bool = False,
                  progress: ProgressCallback | None = None) -> ImportReport:
    """Check and store parsed tables (all-or-nothing). Writes the social map, organisations and locations."""
    started = clock.perf_counter()
    plan, checker = check_tables(tables, progress)
    report = ImportReport(dry_run=dry_run, not_kept=checker.not_kept)
    report.warnings = [(problem, count) for problem, count in checker.warnings.values()]
    label = f"HSDS import: {source}"[:200]
    try:
        with transaction.atomic():
            _write(plan, report, label, progress)
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError as error:
        raise ImportFailed([Problem(source, "-", "-", f"the database refused the import: {error}")]) from error
    report.seconds = clock.perf_counter() - started
    return report


def import_path(path: str | Path, *, dry_run: bool = False, progress: ProgressCallback | None = None) -> ImportReport:
    """Import a JSON file, a datapackage folder or a zip. Raises ImportFailed; nothing is stored then."""
    started = clock.perf_counter()
    tables = read_source(path)
    if progress:
        progress("read", tables.count(), tables.count())
    if tables.problems:
        raise ImportFailed(tables.problems)
    report = import_tables(tables, source=Path(path).name, dry_run=dry_run, progress=progress)
    report.seconds = clock.perf_counter() - started
    return report
