"""Export -> import round-trips every field the platform keeps, in JSON and in the CSV datapackage."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.forms.models import model_to_dict

from samenkracht.network.models import Location, Organisation
from samenkracht.socialmap.hsds import exporter
from samenkracht.socialmap.hsds import serializers as hsds
from samenkracht.socialmap.hsds.importer import import_path
from samenkracht.socialmap.models import Schedule, Service, ServiceAtLocation, ServiceChange, ServiceCoverage
from tests.hsds.conftest import SCHEMA_DIR, require_hsds_files

# Fields that are not exchanged through HSDS (documented in serializers.py / importer.py).
NOT_EXCHANGED = {
    Organisation: {"id", "created_at", "updated_at", "associations"},
    Location: {"id"},
    Service: {"created_at", "assurer", "review_note"},
}


def _dict(instance, skip=()) -> dict:
    data = model_to_dict(instance, exclude=list(skip))
    for name in list(data):
        value = getattr(instance, name, None)
        if hasattr(value, "all"):            # many-to-many: compare codes / uids, not primary keys
            data[name] = sorted(str(getattr(o, "uid", o.pk)) for o in value.all())
    return data


def snapshot(services) -> dict:
    """Everything the platform keeps about these services, their organisations and locations, by HSDS id."""
    services = list(services)
    organisations = {s.organisation for s in services}
    locations = {loc for o in organisations for loc in o.locations.all()}
    locations |= {sal.location for s in services for sal in s.service_at_locations.all()}
    state = {
        "organisations": {
            str(o.uid): _dict(o, NOT_EXCHANGED[Organisation]) | {"municipality": o.municipality and o.municipality.code}
            for o in organisations},
        "locations": {
            str(loc.uid): _dict(loc, NOT_EXCHANGED[Location]) | {
                "municipality": loc.municipality and loc.municipality.code,
                "neighbourhood": loc.neighbourhood and loc.neighbourhood.name}
            for loc in locations},
        "services": {
            str(s.id): _dict(s, NOT_EXCHANGED[Service]) | {"organisation": str(s.organisation.uid),
                                                           "last_modified": s.last_modified.isoformat()}
            for s in services},
        "service_at_locations": {
            str(sal.id): (str(sal.service_id), str(sal.location.uid), sal.description)
            for s in services for sal in s.service_at_locations.all()},
        "schedules": {
            str(row.id): (str(row.service_id), str(row.service_at_location_id), row.weekday, row.opens_at.isoformat(),
                          row.closes_at.isoformat(), row.description)
            for row in Schedule.objects.filter(service__in=services)},
        "coverage": {
            str(c.id): (str(c.service_id), c.municipality.code, c.neighbourhood and c.neighbourhood.name)
            for c in ServiceCoverage.objects.filter(service__in=services)},
    }
    return state


def exported_services():
    return Service.objects.filter(publication="published").order_by("id")


def wipe(services) -> None:
    """Remove the exported services, their organisations and every location: an empty social map."""
    organisations = list({s.organisation_id for s in services})
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.filter(pk__in=organisations).delete()


def export(target: Path, form: str) -> Path:
    if form == "json":
        with open(target / "export.json", "w", encoding="utf-8") as handle:
            exporter.write_json(handle)
        return target / "export.json"
    destination = target / ("export.zip" if form == "zip" else "export")
    exporter.write_datapackage(destination)
    return destination


@pytest.mark.parametrize("form", ["json", "datapackage", "zip"])
def test_export_then_import_into_an_empty_platform_gives_the_same_data(social_map, tmp_path, form):
    before = snapshot(exported_services())
    assert len(before["services"]) == 3 and len(before["schedules"]) == 3 and len(before["coverage"]) == 4
    assert len(before["locations"]) == 3 and len(before["organisations"]) == 2
    path = export(tmp_path, form)
    wipe(exported_services())
    assert Service.objects.count() == 0
    report = import_path(path)
    assert report.created["services"] == 3 and report.created["organisations"] == 2
    after = snapshot(exported_services())
    for part in before:
        assert after[part] == before[part], part
    assert Service.objects.count() == 3   # the draft was never exported


@pytest.mark.parametrize("form", ["json", "datapackage"])
def test_reimporting_an_export_changes_nothing_and_duplicates_nothing(social_map, tmp_path, form):
    before = snapshot(exported_services())
    changes = ServiceChange.objects.count()
    path = export(tmp_path, form)
    report = import_path(path)
    assert report.updated["services"] == 3 and report.created["services"] == 0
    assert snapshot(exported_services()) == before
    assert ServiceChange.objects.count() == changes, "an unchanged service gets no history rows"
    assert (Location.objects.count(), ServiceAtLocation.objects.count()) == (3, 3)


def test_the_json_export_is_valid_hsds(social_map, tmp_path, hsds_schemas):
    documents = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    assert [d["name"] for d in documents] == ["De Kern", "MEE IJsseloevers"]
    for document in documents:
        hsds_schemas.assert_valid("organization", document)
        for service in document["services"]:
            hsds_schemas.assert_valid("service", service)
        for location in document["locations"]:
            hsds_schemas.assert_valid("location", location)
    names = [s["name"] for d in documents for s in d["services"]]
    assert "Nog niet klaar" not in names and "Inloopspreekuur" in names


def test_the_datapackage_has_the_standard_tables_and_a_descriptor(social_map, tmp_path):
    require_hsds_files()
    official = {}
    for schema_file in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        if "path" in schema:
            official[schema["path"]] = [name for name, spec in schema["properties"].items()
                                        if spec.get("type") not in ("array", None)]
    with zipfile.ZipFile(export(tmp_path, "zip")) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        assert descriptor["profile"] == "tabular-data-package"
        for resource in descriptor["resources"]:
            rows = list(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
            assert rows[0] == official[resource["path"]], resource["path"]
            assert rows[0] == [f["name"] for f in resource["schema"]["fields"]]
        services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode("utf-8"))))
        terms = list(csv.DictReader(io.StringIO(archive.read("taxonomy_terms.csv").decode("utf-8"))))
    assert sorted(s["name"] for s in services) == ["Inloopspreekuur", "Maatje voor ouderen", "Schuldhulp & geldzaken"]
    assert len(terms) == len(hsds.taxonomy_terms())


def test_reading_in_small_chunks_gives_the_same_export(social_map, monkeypatch):
    whole = list(exporter.export_documents())
    monkeypatch.setattr(exporter, "SERVICE_CHUNK", 1)
    monkeypatch.setattr(exporter, "ORGANISATION_CHUNK", 1)
    assert list(exporter.export_documents()) == whole
    assert [len(chunk) for chunk in exporter._chunks_of_organisations()] == [1, 1]
