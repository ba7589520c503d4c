"""Export of the social map as HSDS 3.0: JSON, or the tabular datapackage (CSV files + datapackage.json).

What is exported: every organisation with at least one published service (of any status: HSDS carries
the status), as a fully nested HSDS organization with its locations and its published services (each
fully nested, with its service_at_locations and their full locations). Drafts, services awaiting review
and services sent back never leave the platform. The mapping is described in ``serializers.py``.

JSON is one list of organization objects (the shape of the official organization_full example).
The datapackage holds the standard HSDS CSV files, produced by flattening exactly those objects with the
importer's own ``flatten`` (so both formats carry the same data), plus a datapackage.json describing them.

The export reads the database in chunks of organisations (a constant number of queries per chunk) and
writes while it reads, so memory stays bounded. It writes only the target file or folder.
"""

from __future__ import annotations

import csv
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from django.db.models import Count
from django.utils import timezone

from samenkracht.network.models import Location, Organisation
from samenkracht.socialmap.hsds import serializers as hsds
from samenkracht.socialmap.hsds.importer import TABLE_FILE, Origin, Tables, flatten
from samenkracht.socialmap.models import Publication, Service

ORGANISATION_CHUNK = 200      # organisations read together ...
SERVICE_CHUNK = 2000          # ... unless their published services exceed this (one organisation: its own chunk)
ORIGIN = Origin("export", "-")
ProgressCallback = Callable[[str, int, int], None]

# Standard columns of the HSDS 3.0 tables (official schemas, scalar properties, in their order).
TABLE_COLUMNS: dict[str, list[str]] = {
    "organizations": ["id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
                      "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id"],
    "organization_identifiers": ["id", "organization_id", "identifier_scheme", "identifier_type", "identifier"],
    "services": ["id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
                 "status", "interpretation_services", "application_process", "fees_description", "wait_time",
                 "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                 "assurer_email", "licenses", "alert", "last_modified"],
    "service_at_locations": ["id", "service_id", "location_id", "description"],
    "locations": ["id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
                  "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type"],
    "addresses": ["id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
                  "postal_code", "country", "address_type"],
    "phones": ["id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
               "number", "extension", "type", "description"],
    "schedules": ["id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart",
                  "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday",
                  "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes"],
    "service_areas": ["id", "service_id", "name", "description", "extent", "extent_type", "uri"],
    "languages": ["id", "service_id", "location_id", "phone_id", "name", "code", "note"],
    "cost_options": ["id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
                     "amount_description"],
    "attributes": ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
    "taxonomies": ["id", "name", "description", "uri", "version"],
    "taxonomy_terms": ["id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id",
                       "term_uri"],
}
# Table Schema types of the columns that are not strings.
COLUMN_TYPES = {
    "year_incorporated": "number", "minimum_age": "number", "maximum_age": "number", "latitude": "number",
    "longitude": "number", "extension": "number", "timezone": "number", "count": "number", "interval": "number",
    "amount": "number", "assured_date": "date", "valid_from": "date", "valid_to": "date", "dtstart": "date",
    "until": "date", "last_modified": "datetime", "opens_at": "time", "closes_at": "time",
}


def organisations_to_export():
    """Organisations with at least one published service, by name."""
    published = Service.objects.filter(publication=Publication.PUBLISHED)
    return Organisation.objects.filter(pk__in=published.values("organisation_id")).order_by("name", "pk")


def _chunks_of_organisations() -> Iterator[list[int]]:
    """Organisation ids in export order, grouped so that a group holds few enough services to keep in memory."""
    published = dict(Service.objects.filter(publication=Publication.PUBLISHED).order_by()
                     .values_list("organisation_id").annotate(count=Count("id")))
    chunk, services = [], 0
    for pk in organisations_to_export().values_list("pk", flat=True):
        if chunk and (len(chunk) >= ORGANISATION_CHUNK or services + published[pk] > SERVICE_CHUNK):
            yield chunk
            chunk, services = [], 0
        chunk.append(pk)
        services += published[pk]
    if chunk:
        yield chunk


def export_documents(progress: ProgressCallback | None = None) -> Iterator[dict]:
    """Yield one fully nested HSDS organization per exported organisation. Reads only."""
    terms = hsds.TermIndex.load()
    total_services = Service.objects.filter(publication=Publication.PUBLISHED).count()
    done = 0
    for chunk in _chunks_of_organisations():
        organisations = list(Organisation.objects.filter(pk__in=chunk).select_related("municipality")
                             .order_by("name", "pk"))
        services: dict[int, list[Service]] = {pk: [] for pk in chunk}
        queryset = Service.objects.filter(organisation_id__in=chunk, publication=Publication.PUBLISHED)
        for service in hsds.with_service_relations(queryset).order_by("name", "id"):
            services[service.organisation_id].append(service)
        locations: dict[int, list[Location]] = {pk: [] for pk in chunk}
        for location in hsds.with_location_relations(Location.objects.filter(organisations__in=chunk).distinct()) \
                .order_by("name", "pk"):
            for organisation in location.organisations.all():
                if organisation.pk in locations:
                    locations[organisation.pk].append(location)
        for organisation in organisations:
            yield hsds.organization_full(
                organisation, terms,
                services=[hsds.service_full(s, terms, with_organization=False) for s in services[organisation.pk]],
                locations=[hsds.location_full(location, terms) for location in locations[organisation.pk]],
            )
            done += len(services[organisation.pk])
            if progress:
                progress("export", done, total_services)


def write_json(stream: TextIO, progress: ProgressCallback | None = None) -> int:
    """Write the export as one JSON list to ``stream``; returns the number of organizations."""
    count = 0
    stream.write("[")
    for document in export_documents(progress):
        stream.write("\n" if count == 0 else ",\n")
        stream.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
        count += 1
    stream.write("\n]\n")
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _TableWriter:
    """CSV files written row by row; rows whose id was written before are skipped (shared locations)."""

    def __init__(self, open_file: Callable[[str], TextIO]):
        self.open_file = open_file
        self.files: dict[str, TextIO] = {}
        self.writers: dict[str, csv.writer] = {}
        self.seen: dict[str, set] = {table: set() for table in TABLE_COLUMNS}
        self.counts: dict[str, int] = {table: 0 for table in TABLE_COLUMNS}

    def writer(self, table: str):
        """The CSV writer of a table; the file and its header row are made on first use."""
        if table not in self.writers:
            handle = self.open_file(TABLE_FILE[table])
            self.files[table] = handle
            self.writers[table] = csv.writer(handle, lineterminator="\n")
            self.writers[table].writerow(TABLE_COLUMNS[table])
        return self.writers[table]

    def add(self, tables: Tables) -> None:
        for table, rows in tables.rows.items():
            if table not in TABLE_COLUMNS:
                continue
            writer = self.writer(table)
            for row in rows:
                key = row.data.get("id")
                if key in self.seen[table]:
                    continue
                self.seen[table].add(key)
                writer.writerow([_cell(row.data.get(c)) for c in TABLE_COLUMNS[table]])
                self.counts[table] += 1


def datapackage_descriptor(counts: dict[str, int]) -> dict:
    return {
        "name": "samenkracht-sociale-kaart",
        "title": "Sociale kaart (Samenkracht), HSDS 3.0",
        "profile": "tabular-data-package",
        "created": hsds.datetime_text(timezone.now()),
        "resources": [
            {
                "name": table, "path": TABLE_FILE[table], "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {"fields": [{"name": c, "type": COLUMN_TYPES.get(c, "string")} for c in TABLE_COLUMNS[table]],
                           "primaryKey": "id"},
            }
            for table in TABLE_COLUMNS
        ],
    }


def write_datapackage(target: Path, progress: ProgressCallback | None = None) -> dict[str, int]:
    """Write the CSV files and datapackage.json into the folder ``target``, or a zip when it ends in .zip
    (the files are staged in a temporary folder first, so memory stays bounded). Returns rows per table."""
    target = Path(target)
    if target.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as staging:
            counts = write_datapackage(Path(staging), progress)
            with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(Path(staging).iterdir()):
                    archive.write(path, path.name)
        return counts
    target.mkdir(parents=True, exist_ok=True)
    writer = _TableWriter(lambda name: open(target / name, "w", encoding="utf-8", newline=""))
    try:
        for index, document in enumerate(export_documents(progress)):
            tables = Tables()
            flatten(document, "organization", tables, "export", f"[{index}]")
            writer.add(tables)
        # Every taxonomy and term of the platform, also the ones no exported record uses.
        tables = Tables()
        for taxonomy in hsds.TAXONOMIES:
            tables.add("taxonomies", hsds.taxonomy_json(taxonomy), ORIGIN)
        for term in hsds.TermIndex.load().by_id.values():
            tables.add("taxonomy_terms", hsds.taxonomy_term_json(term, nested=False), ORIGIN)
        writer.add(tables)
        for table in TABLE_COLUMNS:
            writer.writer(table)   # every standard table has its file, with a header even when empty
    finally:
        for handle in writer.files.values():
            handle.close()
    descriptor = json.dumps(datapackage_descriptor(writer.counts), ensure_ascii=False, indent=2) + "\n"
    (target / "datapackage.json").write_text(descriptor, encoding="utf-8")
    return dict(writer.counts)
