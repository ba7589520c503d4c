"""HSDS 3.0 import: official examples, update by id, all-or-nothing with precise reports, fault injection."""

from __future__ import annotations

import json
import random
import shutil
import uuid
import zipfile
from datetime import date, datetime, time
from datetime import timezone as dt_timezone
from pathlib import Path

import pytest
from django.utils import translation

from samenkracht.network.models import Location, Organisation
from samenkracht.socialmap.hsds import importer
from samenkracht.socialmap.hsds import serializers as hsds
from samenkracht.socialmap.hsds.importer import ImportFailed, Problem, import_path
from samenkracht.socialmap.models import (
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    ServiceCoverage,
)
from tests.hsds.conftest import EXAMPLES_DIR, require_hsds_files

EXAMPLE_SERVICE = uuid.UUID("ac148810-d857-441c-9679-408f346de14b")
EXAMPLE_ORGANIZATION = uuid.UUID("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
EXAMPLE_LOCATION = uuid.UUID("3a19ff88-4620-4d17-9830-ac1d859eb5d5")
EXAMPLE_SAL = uuid.UUID("e94c9f38-1e8f-4564-91d4-d53501ab1765")


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(), "locations": Location.objects.count(),
        "services": Service.objects.count(), "service_at_locations": ServiceAtLocation.objects.count(),
        "schedules": Schedule.objects.count(), "coverage": ServiceCoverage.objects.count(),
        "changes": ServiceChange.objects.count(),
        "life_domains": Service.life_domains.through.objects.count(),
        "target_groups": Service.target_groups.through.objects.count(),
        "location_organisations": Location.organisations.through.objects.count(),
    }


def write(tmp_path: Path, document, name: str = "import.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def organization(**fields) -> dict:
    return {"id": "6f0a3f8e-1111-4c1e-9a55-000000000001", "name": "Stichting Buurtkracht", "description": "", **fields}


def service(**fields) -> dict:
    return {"id": "6f0a3f8e-2222-4c1e-9a55-000000000001", "name": "Koffieochtend", "status": "active",
            "organization": organization(), **fields}


def nl_location(**address) -> dict:
    return {"id": "6f0a3f8e-3333-4c1e-9a55-000000000001", "location_type": "physical", "name": "Buurthuis De Pit",
            "addresses": [{"id": "6f0a3f8e-4444-4c1e-9a55-000000000001", "address_1": "Plein 3", "city": "Zwolle",
                           "postal_code": "8011 AB", "country": "NL", "state_province": "Zwolle",
                           "address_type": "physical", **address}]}


def failure(path: Path) -> list[Problem]:
    before = counts()
    with translation.override("en"), pytest.raises(ImportFailed) as caught:
        import_path(path)
    assert counts() == before, "nothing may be stored after a failed import"
    return caught.value.problems


# --- The official examples ------------------------------------------------------------------------

EXAMPLES = {   # file -> (services, locations, service_at_locations, schedules) stored
    "base.json": (0, 0, 0, 0), "location.json": (0, 1, 0, 0), "organization_full.json": (1, 1, 1, 2),
    "organization_list.json": (0, 0, 0, 0), "service_at_location_full.json": (1, 1, 1, 2),
    "service_at_location_list.json": (1, 0, 0, 0), "service_full.json": (1, 1, 1, 2),
    "service_list.json": (1, 0, 0, 0), "tabular.json": (1, 1, 1, 2), "taxonomy.json": (0, 0, 0, 0),
    "taxonomy_list.json": (0, 0, 0, 0), "taxonomy_term.json": (0, 0, 0, 0),
    "taxonomy_term_list.json": (0, 0, 0, 0), "csv": (1, 1, 1, 2),
}


def test_the_list_of_examples_is_complete():
    require_hsds_files()
    present = {p.name for p in EXAMPLES_DIR.iterdir()}
    assert present == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_official_example_imports_cleanly(db, name, index_calls):
    require_hsds_files()
    report = import_path(EXAMPLES_DIR / name)
    services, locations, sals, schedules = EXAMPLES[name]
    now = counts()
    assert (now["services"], now["locations"], now["service_at_locations"], now["schedules"]) == (
        services, locations, sals, schedules)
    assert report.created["services"] == services
    if services:
        assert index_calls == [[EXAMPLE_SERVICE]]
    # Importing the same file again updates by id: nothing is duplicated.
    again = import_path(EXAMPLES_DIR / name)
    assert counts() | {"changes": 0} == now | {"changes": 0}
    assert again.created["services"] == 0 and again.updated["services"] == services


@pytest.mark.parametrize("name", ["service_full.json", "tabular.json", "csv"])
def test_example_service_is_stored_with_every_field_the_platform_keeps(db, name):
    require_hsds_files()
    report = import_path(EXAMPLES_DIR / name)
    service = Service.objects.get(pk=EXAMPLE_SERVICE)
    assert service.organisation.uid == EXAMPLE_ORGANIZATION
    assert (service.organisation.name, service.organisation.kind) == ("Example Organization Inc.", "other")
    assert service.organisation.phone == "+44 1234 234567"
    assert (service.name, service.alternate_name, service.status) == (
        "Community Counselling", "MyCity Counselling Services", "active")
    assert (service.minimum_age, service.maximum_age) == (12, 100)
    assert service.assured_date == date(2005, 1, 1) and service.assurer_email == "email@example.com"
    assert service.last_modified == datetime(2023, 3, 15, 10, 30, 45, 123000, tzinfo=dt_timezone.utc)
    assert service.url == "http://example.com/counselling" and service.phone == "+44 1234 234567"
    assert service.languages == ["ur"]
    assert (service.cost_kind, service.cost_amount) == ("contribution", None)   # an amount in GBP is not kept
    assert service.fees_description.startswith("Non-NHS patients")
    assert service.publication == Publication.PUBLISHED
    location = Location.objects.get(uid=EXAMPLE_LOCATION)
    assert (location.street, location.house_number, location.postcode, location.city, location.country) == (
        "1-30 Main Street", "", "ABC 1234", "MyCity", "US")
    assert location.latitude is None   # 100 is not a latitude: dropped with a warning
    at_location = ServiceAtLocation.objects.get(pk=EXAMPLE_SAL)
    assert (at_location.service_id, at_location.location_id) == (EXAMPLE_SERVICE, location.pk)
    rows = Schedule.objects.filter(service=service).order_by("weekday")
    assert [(s.weekday, s.opens_at, s.closes_at, s.service_at_location_id) for s in rows] == [
        (4, time(10), time(18), EXAMPLE_SAL), (5, time(10), time(18), EXAMPLE_SAL)]
    warnings = " | ".join(report.warning_lines())
    for expected in ("not one of the platform's taxonomies", "GBP", "out of range", "CBS code", "not kept"):
        assert expected in warnings


def test_all_examples_in_a_row_describe_the_same_records(db):
    require_hsds_files()
    for name in sorted(EXAMPLES):
        import_path(EXAMPLES_DIR / name)
    now = counts()
    assert (now["organisations"], now["services"], now["locations"], now["service_at_locations"]) == (1, 1, 1, 1)


def test_example_datapackage_as_a_zip_with_a_folder_inside(db, tmp_path):
    require_hsds_files()
    archive = tmp_path / "hsds.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (EXAMPLES_DIR / "csv").iterdir():
            zipped.write(path, f"export/{path.name}")
    import_path(archive)
    assert Service.objects.filter(pk=EXAMPLE_SERVICE).exists()


# --- JSON shapes ----------------------------------------------------------------------------------


def test_a_list_and_a_collection_of_objects(db, tmp_path):
    other = service(id="6f0a3f8e-2222-4c1e-9a55-000000000002", name="Repair café")
    import_path(write(tmp_path, [service(), other]))
    assert Service.objects.count() == 2 and Organisation.objects.count() == 1
    collection = {"organizations": [organization(description="Bewoners helpen bewoners.")],
                  "services": [{**service(name="Koffieochtend (nieuw)"), "organization": None,
                                "organization_id": organization()["id"]}]}
    import_path(write(tmp_path, collection, "collection.json"))
    assert Service.objects.get(name="Koffieochtend (nieuw)").organisation.description == "Bewoners helpen bewoners."
    assert Service.objects.count() == 2


def test_an_object_that_is_no_hsds_object_is_refused(db, tmp_path):
    problems = failure(write(tmp_path, {"hello": "world"}))
    assert [(p.file, p.row, p.field) for p in problems] == [("import.json", "$", "-")]
    assert "not an HSDS object" in problems[0].reason


# --- Updates by id --------------------------------------------------------------------------------


def test_reimport_updates_by_id_and_records_the_changes(db, tmp_path):
    import_path(write(tmp_path, service(description="Eerst.")))
    first = counts()
    report = import_path(write(tmp_path, service(description="Daarna.", minimum_age=60)))
    assert counts() | {"changes": 0} == first | {"changes": 0}
    assert (report.created["services"], report.updated["services"]) == (0, 1)
    stored = Service.objects.get()
    assert (stored.description, stored.minimum_age) == ("Daarna.", 60)
    history = {(c.field, c.old_value, c.new_value) for c in ServiceChange.objects.filter(service=stored)}
    assert ("created", "", "Koffieochtend") in history
    assert ("description", "Eerst.", "Daarna.") in history and ("minimum_age", "", "60") in history
    assert all(c.changed_by_label == "HSDS import: import.json" for c in ServiceChange.objects.all())


def test_reimport_replaces_schedules_instead_of_adding_to_them(db, tmp_path):
    weekly = {"id": "6f0a3f8e-5555-4c1e-9a55-000000000001", "freq": "WEEKLY", "byday": "MO,WE",
              "opens_at": "09:00", "closes_at": "12:00"}
    import_path(write(tmp_path, service(schedules=[weekly])))
    ids = set(Schedule.objects.values_list("id", flat=True))
    import_path(write(tmp_path, service(schedules=[weekly])))
    assert set(Schedule.objects.values_list("id", flat=True)) == ids and len(ids) == 2
    import_path(write(tmp_path, service(schedules=[{**weekly, "byday": "FR"}])))
    assert list(Schedule.objects.values_list("id", "weekday")) == [(uuid.UUID(weekly["id"]), 5)]


def test_an_import_publishes_and_keeps_what_hsds_does_not_carry(db, tmp_path, network):
    draft = Service.objects.create(id=uuid.UUID(service()["id"]), organisation=network.de_kern, name="Oud",
                                   publication=Publication.DRAFT, access_type="decision", tags=["oud"],
                                   review_note="Graag aanvullen")
    draft.target_groups.set(["ouderen"])
    document = service(organization={"id": str(network.de_kern.uid), "name": "De Kern", "description": ""})
    import_path(write(tmp_path, document))
    draft.refresh_from_db()
    assert draft.publication == Publication.PUBLISHED and draft.name == "Koffieochtend"
    # Not a Samenkracht export (no attributes of its taxonomies): access type, tags and groups stay.
    assert (draft.access_type, draft.tags, draft.review_note) == ("decision", ["oud"], "Graag aanvullen")
    assert list(draft.target_groups.values_list("code", flat=True)) == ["ouderen"]
    network.de_kern.refresh_from_db()
    assert network.de_kern.kind == "social_work"


def test_the_search_index_is_called_once_with_every_imported_service(db, tmp_path, index_calls):
    documents = [service(id=f"6f0a3f8e-2222-4c1e-9a55-{n:012d}", name=f"Dienst {n}") for n in range(7)]
    index_calls.clear()
    import_path(write(tmp_path, documents))
    assert len(index_calls) == 1
    assert sorted(index_calls[0]) == sorted(uuid.UUID(d["id"]) for d in documents)


def test_dry_run_checks_and_stores_nothing(db, tmp_path, index_calls):
    report = import_path(write(tmp_path, service()), dry_run=True)
    assert report.dry_run and report.created["services"] == 1
    assert counts()["services"] == 0 and counts()["organisations"] == 0
    assert "Dry run" in report.summary()


def test_text_with_markup_is_stored_as_text(db, tmp_path):
    script = "<script>alert(1)</script>"
    import_path(write(tmp_path, service(description=f"Welkom {script}", name=f"Koffie {script}")))
    stored = Service.objects.get()
    assert stored.description == f"Welkom {script}" and stored.name == f"Koffie {script}"


# --- All-or-nothing, with a report of file, row, field and reason ---------------------------------


def test_malformed_json(db, tmp_path):
    problems = failure(write(tmp_path, '{"id": "x", "name": '))
    assert [(p.file, p.row, p.field) for p in problems] == [("import.json", "line 1 column 21", "-")]
    assert problems[0].reason.startswith("not valid JSON")
    assert str(problems[0]).startswith("import.json, row line 1 column 21, -: not valid JSON")


def test_unknown_organization_reference(db, tmp_path):
    document = [service(), {**service(id="6f0a3f8e-2222-4c1e-9a55-000000000009"), "organization": None,
                            "organization_id": "0b7d1c9e-0000-4000-8000-000000000000"}]
    problems = failure(write(tmp_path, document))
    assert [(p.file, p.row, p.field) for p in problems] == [("import.json", "$[1]", "organization_id")]
    assert "unknown organization 0b7d1c9e-0000-4000-8000-000000000000" in problems[0].reason


def test_invalid_status(db, tmp_path):
    problems = failure(write(tmp_path, [service(), service(id="6f0a3f8e-2222-4c1e-9a55-000000000002",
                                                          status="open")]))
    assert [(p.row, p.field) for p in problems] == [("$[1]", "status")]
    assert "'open' is not one of active, inactive, defunct, temporarily closed" in problems[0].reason


def test_minimum_age_above_maximum_age(db, tmp_path):
    problems = failure(write(tmp_path, service(minimum_age=65, maximum_age=18)))
    assert [(p.row, p.field, p.reason) for p in problems] == [
        ("$", "maximum_age", "The maximum age must not be below the minimum age.")]


@pytest.mark.parametrize("field, value", [("assured_date", "2024-02-30"), ("assured_date", "14-02-2024"),
                                          ("last_modified", "gisteren")])
def test_bad_dates(db, tmp_path, field, value):
    problems = failure(write(tmp_path, service(**{field: value})))
    assert [(p.row, p.field) for p in problems] == [("$", field)]
    assert repr(value) in problems[0].reason


def test_dutch_address_with_a_malformed_postcode(db, tmp_path, network):
    document = service(service_at_locations=[{"id": "6f0a3f8e-6666-4c1e-9a55-000000000001",
                                              "location": nl_location(postal_code="801 AB")}])
    problems = failure(write(tmp_path, document))
    assert [(p.row, p.field) for p in problems] == [
        ("$.service_at_locations[0].location.addresses[0]", "postal_code")]
    assert "postcode" in problems[0].reason.lower()
    # The same postcode abroad is fine: only Dutch addresses are checked strictly.
    foreign = nl_location(postal_code="801 AB", country="BE", state_province="")
    import_path(write(tmp_path, service(service_at_locations=[{"id": "6f0a3f8e-6666-4c1e-9a55-000000000001",
                                                               "location": foreign}])))
    assert Location.objects.get(uid=foreign["id"]).postcode == "801 AB"


def test_dutch_address_in_an_unknown_municipality(db, tmp_path, network):
    document = service(service_at_locations=[{"id": "6f0a3f8e-6666-4c1e-9a55-000000000001",
                                              "location": nl_location(state_province="Atlantis")}])
    problems = failure(write(tmp_path, document))
    assert [(p.field, p.reason) for p in problems] == [
        ("state_province", "unknown municipality 'Atlantis' (name or CBS code)")]


def test_several_problems_are_all_reported_with_rows_of_the_csv_files(db, tmp_path):
    require_hsds_files()
    folder = tmp_path / "package"
    shutil.copytree(EXAMPLES_DIR / "csv", folder)
    services = (folder / "services.csv").read_text(encoding="utf-8").splitlines()
    second = services[1].replace("ac148810-d857-441c-9679-408f346de14b", "ac148810-d857-441c-9679-408f346de14c")
    second = second.replace(",active,", ",closed,").replace(",12,100,", ",70,7,")
    (folder / "services.csv").write_text("\n".join([*services, second]) + "\n", encoding="utf-8")
    with (folder / "schedules.csv").open("a", encoding="utf-8") as handle:
        handle.write("5b2c1a00-0000-4000-8000-000000000001,ac148810-d857-441c-9679-408f346de14b,,,,,,,,,,"
                     "WEEKLY,,XX,,,,,10:00,09:00,,,\n")
    problems = failure(folder)
    assert [(p.file, p.row, p.field) for p in problems] == [
        ("services.csv", "3", "status"), ("services.csv", "3", "maximum_age"), ("schedules.csv", "3", "byday")]


def test_an_unknown_reference_in_the_tables(db, tmp_path):
    require_hsds_files()
    folder = tmp_path / "package"
    shutil.copytree(EXAMPLES_DIR / "csv", folder)
    with (folder / "service_at_location.csv").open("a", encoding="utf-8") as handle:
        handle.write("5b2c1a00-0000-4000-8000-000000000002,ac148810-d857-441c-9679-408f346de14b,"
                     "5b2c1a00-0000-4000-8000-000000000099,\n")
    problems = failure(folder)
    assert [(p.file, p.row, p.field) for p in problems] == [("service_at_location.csv", "3", "location_id")]
    assert "unknown location 5b2c1a00-0000-4000-8000-000000000099" in problems[0].reason


def test_a_broken_datapackage(db, tmp_path):
    require_hsds_files()
    folder = tmp_path / "package"
    shutil.copytree(EXAMPLES_DIR / "csv", folder)
    (folder / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    assert [(p.file, p.field) for p in failure(folder)] == [("datapackage.json", "-")]
    (folder / "datapackage.json").write_text(json.dumps({"resources": [{"path": "services.csv"},
                                                                       {"path": "locations.csv"}]}))
    (folder / "locations.csv").unlink()
    problems = failure(folder)
    assert [(p.file, p.row, p.field) for p in problems] == [("datapackage.json", "resources[1]", "path")]


def test_not_representable_is_a_warning_but_invalid_is_an_error(db, tmp_path):
    monthly = {"id": "6f0a3f8e-5555-4c1e-9a55-000000000001", "freq": "MONTHLY", "byday": "1MO",
               "opens_at": "09:00", "closes_at": "12:00"}
    report = import_path(write(tmp_path, service(schedules=[monthly])))
    assert Schedule.objects.count() == 0
    assert any("monthly schedules are not kept" in line for line in report.warning_lines())
    problems = failure(write(tmp_path, service(schedules=[{**monthly, "freq": "YEARLY"}])))
    assert [(p.row, p.field) for p in problems] == [("$.schedules[0]", "freq")]
    problems = failure(write(tmp_path, service(schedules=[{**monthly, "freq": "WEEKLY", "byday": "MO",
                                                           "opens_at": "17:00", "closes_at": "09:00"}])))
    assert [(p.row, p.field) for p in problems] == [("$.schedules[0]", "closes_at")]


def test_service_areas_by_cbs_code(db, tmp_path, network):
    areas = [{"id": "6f0a3f8e-7777-4c1e-9a55-000000000001", "name": "Kampen", "extent_type": "cbs",
              "extent": "GM0166"},
             {"id": "6f0a3f8e-7777-4c1e-9a55-000000000002", "name": "Zwolle",
              "uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0193"},
             {"id": "6f0a3f8e-7777-4c1e-9a55-000000000003", "name": "Deventer (cbs:GM0150)"},
             {"id": "6f0a3f8e-7777-4c1e-9a55-000000000004", "name": "Almelo"}]
    import_path(write(tmp_path, service(service_areas=areas)))
    assert sorted(ServiceCoverage.objects.values_list("municipality__code", flat=True)) == [
        "GM0141", "GM0150", "GM0166", "GM0193"]
    problems = failure(write(tmp_path, service(service_areas=[{**areas[0], "extent": "GM9999"}])))
    assert [(p.row, p.field, p.reason) for p in problems] == [
        ("$.service_areas[0]", "extent", "unknown municipality GM9999")]


# --- Fault injection: an exception at a random row leaves nothing; a retry stores everything ------


def many_services(count: int) -> list[dict]:
    """Services of three organisations, each with a location, opening hours and a service area."""
    documents = []
    for n in range(count):
        org = n % 3
        documents.append(service(
            id=f"6f0a3f8e-2222-4c1e-9a55-{n:012d}", name=f"Dienst {n}",
            organization=organization(id=f"6f0a3f8e-1111-4c1e-9a55-{org:012d}", name=f"Organisatie {org}"),
            schedules=[{"id": f"6f0a3f8e-5555-4c1e-9a55-{n:012d}", "freq": "WEEKLY", "byday": "MO,TH",
                        "opens_at": "09:00", "closes_at": "12:30"}],
            service_areas=[{"id": f"6f0a3f8e-7777-4c1e-9a55-{n:012d}", "extent_type": "cbs", "extent": "GM0193"}],
            service_at_locations=[{"id": f"6f0a3f8e-6666-4c1e-9a55-{n:012d}", "location": {
                **nl_location(address_1=f"Plein {n % 5 + 1}", id=f"6f0a3f8e-4444-4c1e-9a55-{n % 5:012d}"),
                "id": f"6f0a3f8e-3333-4c1e-9a55-{n % 5:012d}", "name": f"Buurthuis {n % 5}"}}],
            attributes=[{"id": f"6f0a3f8e-8888-4c1e-9a55-{n:012d}",
                         "taxonomy_term_id": str(hsds.term_id(hsds.LIFE_DOMAIN, "financien"))}],
        ))
    return documents


EXPECTED_AFTER_MANY = {"organisations": 3, "locations": 5, "services": 40, "service_at_locations": 40,
                       "schedules": 80, "coverage": 40, "changes": 40, "life_domains": 40, "target_groups": 0,
                       "location_organisations": 0}


@pytest.mark.parametrize("seed", range(6))
def test_an_exception_at_a_random_row_stores_nothing_and_a_retry_stores_everything(db, tmp_path, network,
                                                                                   monkeypatch, seed):
    """Every row the import writes goes through importer._insert_rows; the failure comes after the rows
    before it were written (in the same statement batch), so the rollback has something to undo."""
    path = write(tmp_path, many_services(40))
    monkeypatch.setattr(importer, "BATCH_SIZE", 7)
    total_rows = sum(EXPECTED_AFTER_MANY.values())
    failing_row = random.Random(seed).randint(1, total_rows)
    real_insert = importer._insert_rows
    written = {"rows": 0}

    def failing_insert(table, columns, rows, progress=None, conflict=None, update=None):
        room = failing_row - written["rows"] - 1
        if room < len(rows):
            real_insert(table, columns, rows[:room], progress, conflict, update)
            raise RuntimeError(f"injected failure at row {failing_row} ({table})")
        written["rows"] += len(rows)
        real_insert(table, columns, rows, progress, conflict, update)

    monkeypatch.setattr(importer, "_insert_rows", failing_insert)
    before = counts()
    with pytest.raises(RuntimeError, match="injected failure"):
        import_path(path)
    assert counts() == before
    monkeypatch.setattr(importer, "_insert_rows", real_insert)
    import_path(path)
    assert {k: counts()[k] - before[k] for k in before} == EXPECTED_AFTER_MANY


def test_a_database_error_is_reported_and_rolls_everything_back(db, tmp_path, network, monkeypatch):
    """The database itself refuses a statement half-way (schedules come after services and locations)."""
    path = write(tmp_path, many_services(10))
    real_sql = importer._insert_sql

    def broken_sql(table, columns, rows, conflict=None, update=None, source=None):
        sql = real_sql(table, columns, rows, conflict, update, source)
        return sql.replace('"weekday"', '"no_such_column"') if table == Schedule._meta.db_table else sql

    monkeypatch.setattr(importer, "_insert_sql", broken_sql)
    before = counts()
    with pytest.raises(ImportFailed) as caught:
        import_path(path)
    assert counts() == before
    problem = caught.value.problems[0]
    assert (problem.file, problem.row, problem.field) == ("import.json", "-", "-")
    assert problem.reason.startswith("the database refused the import: ") and "no_such_column" in problem.reason


def test_languages_are_kept_as_iso_639_1_codes(db, tmp_path):
    languages = [{"id": "6f0a3f8e-9999-4c1e-9a55-000000000001", "code": "eng"},
                 {"id": "6f0a3f8e-9999-4c1e-9a55-000000000002", "code": "NL"},
                 {"id": "6f0a3f8e-9999-4c1e-9a55-000000000003", "code": "xx"},
                 {"id": "6f0a3f8e-9999-4c1e-9a55-000000000004", "name": "Fries"},
                 {"id": "6f0a3f8e-9999-4c1e-9a55-000000000005", "code": "en"}]
    report = import_path(write(tmp_path, service(languages=languages)))
    assert Service.objects.get().languages == ["en", "nl"]
    assert any("language 'xx' has no ISO 639-1 code; not kept (and 1 more like this)" in line
               for line in report.warning_lines())


def test_ids_match_whatever_way_the_uuid_is_written(db, tmp_path, network):
    document = {"services.csv": [{"id": "6F0A3F8E22224C1E9A55000000000001", "name": "Koffie", "status": "active",
                                  "organization_id": "6f0a3f8e-1111-4c1e-9a55-000000000001"}],
                "organizations.csv": [organization()],
                "schedules.csv": [{"id": "6f0a3f8e-5555-4c1e-9a55-000000000001",
                                   "service_id": "6f0a3f8e-2222-4c1e-9a55-000000000001", "freq": "WEEKLY",
                                   "byday": "TU", "opens_at": "10:00", "closes_at": "11:00"}]}
    import_path(write(tmp_path, document))
    assert Schedule.objects.get().service_id == uuid.UUID("6f0a3f8e-2222-4c1e-9a55-000000000001")


def test_opening_and_closing_at_the_same_time_is_refused(db, tmp_path):
    same = {"id": "6f0a3f8e-5555-4c1e-9a55-000000000001", "freq": "WEEKLY", "byday": "MO",
            "opens_at": "09:00", "closes_at": "09:00:00"}
    problems = failure(write(tmp_path, service(schedules=[same])))
    assert [(p.row, p.field, p.reason) for p in problems] == [
        ("$.schedules[0]", "closes_at", "Closing time must be after opening time.")]


def test_reimport_updates_a_service_at_location_in_place(db, tmp_path, network):
    first = nl_location()
    second = {**nl_location(id="6f0a3f8e-4444-4c1e-9a55-000000000002"), "id": "6f0a3f8e-3333-4c1e-9a55-000000000002",
              "name": "Buurthuis Het Anker"}
    link = {"id": "6f0a3f8e-6666-4c1e-9a55-000000000001", "description": "Op de eerste verdieping."}
    import_path(write(tmp_path, service(service_at_locations=[{**link, "location": first}])))
    import_path(write(tmp_path, service(service_at_locations=[{**link, "description": "Begane grond.",
                                                               "location": second}])))
    stored = ServiceAtLocation.objects.get()
    assert (str(stored.id), stored.description, stored.location.name) == (
        link["id"], "Begane grond.", "Buurthuis Het Anker")
