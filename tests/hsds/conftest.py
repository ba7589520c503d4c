"""Fixtures for the HSDS 3.0 tests: the official schemas and examples, a small social map, a recording index.

The official files live beside the repository in ../shared/hsds-3.0 (not copied into the project); tests
that need them skip with a clear message where that folder is absent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from datetime import timezone as dt_timezone
from decimal import Decimal
from pathlib import Path

import pytest

from samenkracht.network.models import Location, Neighbourhood
from samenkracht.socialmap import search
from samenkracht.socialmap.models import (
    LifeDomain,
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    TargetGroup,
)

HSDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "hsds-3.0"
SCHEMA_DIR = HSDS_DIR / "schema"
EXAMPLES_DIR = HSDS_DIR / "examples"
MISSING = f"the official HSDS 3.0 files are not at {HSDS_DIR} (expected beside the repository: ../shared/hsds-3.0)"


def require_hsds_files() -> None:
    if not SCHEMA_DIR.is_dir() or not EXAMPLES_DIR.is_dir():
        pytest.skip(MISSING)


class Schemas:
    """Validators for the official schemas; file-name $refs resolve through a referencing.Registry."""

    def __init__(self, folder: Path):
        from jsonschema import Draft202012Validator, FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        resources = []
        for path in sorted(folder.glob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            if path.name != "openapi.json":
                resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
        self.registry = Registry().with_resources(resources)
        self.openapi = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
        self.page_schema = self.openapi["components"]["schemas"]["Page"]
        self._validator = Draft202012Validator
        self._format_checker = FormatChecker()
        self._cache = {}

    def validator(self, name: str):
        if name not in self._cache:
            self._cache[name] = self._validator({"$ref": f"{name}.json"}, registry=self.registry,
                                                format_checker=self._format_checker)
        return self._cache[name]

    def assert_valid(self, name: str, instance) -> None:
        errors = sorted(self.validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
        assert not errors, f"not a valid HSDS {name}:\n" + "\n".join(
            f"  at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:20])

    def assert_page(self, body: dict, item_schema: str | None) -> None:
        """The paging envelope of the official openapi.json, every field present, and each item valid."""
        from jsonschema import Draft202012Validator

        page_validator = Draft202012Validator(self.page_schema)
        errors = list(page_validator.iter_errors(body))
        assert not errors, [e.message for e in errors]
        assert set(self.page_schema["properties"]) | {"contents"} == set(body), sorted(body)
        assert isinstance(body["contents"], list)
        assert body["size"] == len(body["contents"])
        if item_schema:
            for item in body["contents"]:
                self.assert_valid(item_schema, item)


@pytest.fixture(scope="session")
def hsds_schemas() -> Schemas:
    require_hsds_files()
    return Schemas(SCHEMA_DIR)


@pytest.fixture(autouse=True)
def index_calls(monkeypatch) -> list[list]:
    """Every call to search.index_services, recorded; the real indexer still runs when it exists."""
    calls: list[list] = []
    real = search.index_services

    def recording(service_ids):
        ids = list(service_ids)
        calls.append(ids)
        try:
            real(ids)
        except NotImplementedError:  # the search backend not built yet: recording is enough
            pass

    monkeypatch.setattr(search, "index_services", recording)
    return calls


@dataclass
class SocialMap:
    network: object
    schakel: Location           # Zwolle, neighbourhood Stadshagen, two organisations
    kampen_office: Location     # Kampen
    antwerp: Location           # outside the Netherlands
    binnenstad: Neighbourhood   # Deventer district with a CBS code
    debts: Service              # De Kern, rich: every field, schedules, coverage, two locations
    buddy: Service              # MEE, decision, temporarily closed, schedule in words
    walk_in: Service            # MEE, inactive (published but not visible to residents)
    draft: Service              # De Kern, draft (never exported nor served)


def make_service(organisation, name, **fields) -> Service:
    defaults = {"publication": Publication.PUBLISHED, "last_modified": datetime(2025, 3, 1, 9, 30, tzinfo=dt_timezone.utc)}
    return Service.objects.create(organisation=organisation, name=name, **{**defaults, **fields})


@pytest.fixture
def social_map(network) -> SocialMap:
    de_kern, mee = network.de_kern, network.mee
    de_kern.kvk_number, de_kern.website, de_kern.email = "41012345", "https://dekern.example", "info@dekern.example"
    de_kern.phone, de_kern.description = "038-1234567", "Maatschappelijk werk in Zwolle & omgeving."
    de_kern.save()
    mee.informal = False
    mee.save()
    binnenstad = Neighbourhood.objects.create(municipality=network.deventer, name="Binnenstad", kind="district",
                                              cbs_code="WK015001")
    schakel = Location.objects.create(
        name="Wijkcentrum De Schakel", street="Werkerlaan", house_number="12a", postcode="8043LT", city="Zwolle",
        municipality=network.zwolle, neighbourhood=network.stadshagen, latitude=52.5271, longitude=6.0541,
        description="Ingang aan de achterkant.")
    schakel.organisations.set([de_kern, mee])
    kampen_office = Location.objects.create(name="Kantoor Kampen", street="Oudestraat", house_number="100",
                                            postcode="8261CL", city="Kampen", municipality=network.kampen,
                                            latitude=52.555, longitude=5.911)
    kampen_office.organisations.set([mee])
    antwerp = Location.objects.create(name="Steunpunt Antwerpen", street="Meir", house_number="12", postcode="2000",
                                      city="Antwerpen", country="BE")
    antwerp.organisations.set([de_kern])

    debts = make_service(
        de_kern, "Schuldhulp & geldzaken", alternate_name="Geldloket",
        description="Hulp bij rekeningen en schulden.\nOok <b>thuis</b>.", url="https://dekern.example/geld",
        email="geld@dekern.example", phone="038-7654321", eligibility_description="Inwoners met geldzorgen.",
        minimum_age=18, maximum_age=99, application_process="Bel of loop binnen.", cost_kind="amount",
        cost_amount=Decimal("12.50"), fees_description="Per gesprek.", languages=["nl", "en", "ar"],
        tags=["geld", "administratie"], assured_date=date(2025, 2, 14), assurer_email="coord@example.test",
        last_modified=datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=dt_timezone.utc))
    debts.life_domains.set(LifeDomain.objects.filter(code__in=["financien", "instrumentele-adl"]))
    debts.target_groups.set(TargetGroup.objects.filter(code__in=["schulden"]))
    at_schakel = ServiceAtLocation.objects.create(service=debts, location=schakel, description="Inloop op dinsdag.")
    ServiceAtLocation.objects.create(service=debts, location=kampen_office)
    Schedule.objects.create(service=debts, weekday=1, opens_at=time(9), closes_at=time(12))
    Schedule.objects.create(service=debts, weekday=3, opens_at=time(13), closes_at=time(17, 30), description="Op afspraak")
    Schedule.objects.create(service=debts, service_at_location=at_schakel, weekday=2, opens_at=time(10),
                            closes_at=time(12))
    ServiceCoverage.objects.create(service=debts, municipality=network.kampen)
    ServiceCoverage.objects.create(service=debts, municipality=network.zwolle, neighbourhood=network.stadshagen)
    ServiceCoverage.objects.create(service=debts, municipality=network.deventer, neighbourhood=binnenstad)

    buddy = make_service(mee, "Maatje voor ouderen", access_type="decision", cost_kind="contribution",
                         status="temporarily closed", schedule_description="8 dagdelen per week", languages=["nl"])
    buddy.target_groups.set(TargetGroup.objects.filter(code__in=["ouderen", "mantelzorgers"]))
    ServiceAtLocation.objects.create(service=buddy, location=schakel)
    ServiceCoverage.objects.create(service=buddy, municipality=network.zwolle)
    walk_in = make_service(mee, "Inloopspreekuur", status="inactive")
    draft = make_service(de_kern, "Nog niet klaar", publication=Publication.DRAFT)
    search.index_services([s.id for s in (debts, buddy, walk_in, draft)])
    return SocialMap(network=network, schakel=schakel, kampen_office=kampen_office, antwerp=antwerp,
                     binnenstad=binnenstad, debts=debts, buddy=buddy, walk_in=walk_in, draft=draft)
