"""Deterministic synthetic data at scale, for benchmarks and load tests. Synthetic only: no real people.

`generate_social_map(services=100_000, seed=1)` spreads services over all active municipalities, with
organisations, locations (synthetic coordinates: a fixed pseudo-random point per municipality inside the
Netherlands' bounding box, NOT the real position), coverage, schedules, life domains and target groups,
then rebuilds the search index. Everything is bulk-inserted in batches inside one transaction.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, time as clock, timedelta
from decimal import Decimal

from django.db import transaction

from samenkracht.network.models import Location, Municipality, Organisation, OrganisationKind, ServiceArea
from samenkracht.socialmap import search
from samenkracht.socialmap.domains import LIFE_DOMAINS, TARGET_GROUPS
from samenkracht.socialmap.models import (
    AccessType,
    CostKind,
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    ServiceStatus,
)

ACTIVITIES = [
    ("Inloopspreekuur", ["vragen", "advies", "informatie"]),
    ("Schuldhulpmaatje", ["schulden", "rekeningen", "geldzorgen", "budget"]),
    ("Thuisadministratie", ["post", "formulieren", "administratie", "rekeningen"]),
    ("Taalcafé", ["taal", "Nederlands", "oefenen", "nieuwkomers"]),
    ("Maatjesproject", ["eenzaam", "gezelschap", "wandelen", "contact"]),
    ("Mantelzorgondersteuning", ["mantelzorg", "respijt", "zorgen voor", "overbelast"]),
    ("Opvoedspreekuur", ["opvoeding", "kinderen", "pubers", "ouders"]),
    ("Ontmoetingscentrum dementie", ["dementie", "geheugen", "vergeetachtig", "dagbesteding"]),
    ("Jongerenwerk", ["jongeren", "vrije tijd", "school", "talent"]),
    ("Buurtbemiddeling", ["burenruzie", "overlast", "buren", "conflict"]),
    ("Sollicitatietraining", ["werk zoeken", "sollicitatie", "cv", "baan"]),
    ("Maaltijdproject", ["samen eten", "ouderen", "maaltijd", "ontmoeting"]),
    ("Vervoersdienst", ["vervoer", "rijden", "boodschappen", "ziekenhuis"]),
    ("Formulierenbrigade", ["toeslagen", "aanvragen", "formulieren", "belasting"]),
    ("Beweegprogramma", ["sport", "bewegen", "gezondheid", "fit"]),
    ("Wmo huishoudelijke ondersteuning", ["huishouden", "schoonmaken", "Wmo", "ondersteuning"]),
]
KINDS = [k for k in OrganisationKind.values if k not in ("municipality", "police", "school", "employer")]


class Progress:
    """A one-line progress bar with a rate in rows per second, on stderr."""

    def __init__(self, label: str, total: int, stream=sys.stderr):
        self.label, self.total, self.stream = label, total, stream
        self.done, self.started, self.last = 0, time.perf_counter(), 0.0

    def add(self, count: int) -> None:
        self.done += count
        now = time.perf_counter()
        if now - self.last > 0.5 or self.done >= self.total:
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\r{self.label:14} [{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done:>9,}/{self.total:,} {rate:>9,.0f} rows/s")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()


def _municipality_point(rng: random.Random) -> tuple[float, float]:
    return round(rng.uniform(50.8, 53.4), 5), round(rng.uniform(3.6, 7.1), 5)


@transaction.atomic
def generate_social_map(services: int = 100_000, seed: int = 1, batch: int = 2000, stream=sys.stderr) -> dict:
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.filter(active=True).order_by("code"))
    if not municipalities:
        raise RuntimeError("Load the municipalities first (samenkracht load_municipalities).")
    centre = {}
    for m in municipalities:
        point = (m.latitude, m.longitude) if m.latitude is not None else _municipality_point(rng)
        centre[m.pk] = point
    per_organisation = 10
    organisation_count = max(1, services // per_organisation)

    progress = Progress("organisations", organisation_count, stream)
    organisations, locations = [], []
    for i in range(organisation_count):
        m = municipalities[i % len(municipalities)]
        organisations.append(Organisation(
            name=f"Synthetische organisatie {seed}-{i:06d}", kind=rng.choice(KINDS), municipality=m,
            informal=rng.random() < 0.08, description="Synthetische organisatie voor metingen.",
        ))
    for start in range(0, len(organisations), batch):
        Organisation.objects.bulk_create(organisations[start:start + batch])
        progress.add(len(organisations[start:start + batch]))
    organisations = list(Organisation.objects.filter(name__startswith=f"Synthetische organisatie {seed}-")
                         .order_by("name"))
    areas, locations = [], []
    for organisation in organisations:
        lat, lon = centre[organisation.municipality_id]
        areas.append(ServiceArea(organisation=organisation, municipality_id=organisation.municipality_id))
        locations.append(Location(
            name=f"Locatie {organisation.name[-6:]}", street="Synthetische straat", house_number=str(rng.randint(1, 200)),
            postcode=f"{rng.randint(1000, 9999)}{rng.choice('ABCEFGHJKLMNPRTVWXZ')}{rng.choice('ABCEFGHJKLMNPRTVWXZ')}",
            city=organisation.municipality.name[:80], municipality_id=organisation.municipality_id,
            latitude=lat + rng.uniform(-0.03, 0.03), longitude=lon + rng.uniform(-0.05, 0.05),
        ))
    for start in range(0, len(areas), batch):
        ServiceArea.objects.bulk_create(areas[start:start + batch])
        Location.objects.bulk_create(locations[start:start + batch])
    locations = {loc.name: loc for loc in Location.objects.filter(street="Synthetische straat")}

    domains = [code for code, _ in LIFE_DOMAINS]
    groups = [code for code, _ in TARGET_GROUPS]
    today = date.today()
    progress = Progress("services", services, stream)
    created_ids = []
    domain_through = Service.life_domains.through
    group_through = Service.target_groups.through
    for start in range(0, services, batch):
        rows, coverage, places, schedules, domain_links, group_links = [], [], [], [], [], []
        for i in range(start, min(start + batch, services)):
            organisation = organisations[i % len(organisations)]
            activity, words = ACTIVITIES[i % len(ACTIVITIES)]
            municipality_name = organisation.municipality.name
            cost = rng.choice([CostKind.FREE, CostKind.FREE, CostKind.CONTRIBUTION, CostKind.AMOUNT])
            service = Service(
                organisation=organisation, name=f"{activity} {municipality_name} {i}",
                description=(f"{activity} in {municipality_name}: hulp bij {', '.join(rng.sample(words, 3))}. "
                             f"Aangeboden door {organisation.name}."),
                status=ServiceStatus.ACTIVE if rng.random() > 0.03 else ServiceStatus.TEMPORARILY_CLOSED,
                access_type=AccessType.DECISION if activity.startswith("Wmo") else AccessType.OPEN,
                minimum_age=rng.choice([None, None, 12, 18, 55]), maximum_age=rng.choice([None, None, 23]),
                cost_kind=cost, cost_amount=None if cost == CostKind.FREE else Decimal(rng.randint(1, 40)),
                languages=["nl"] + rng.sample(["en", "ar", "tr", "pl", "uk"], rng.randint(0, 2)),
                publication=Publication.PUBLISHED,
                assured_date=today - timedelta(days=rng.randint(0, 400)),
                tags=rng.sample(words, 2),
            )
            if service.minimum_age and service.maximum_age and service.minimum_age > service.maximum_age:
                service.maximum_age = None
            rows.append(service)
            coverage.append(ServiceCoverage(service=service, municipality_id=organisation.municipality_id))
            places.append(ServiceAtLocation(service=service, location=locations[f"Locatie {organisation.name[-6:]}"]))
            for day in rng.sample(range(1, 8), rng.randint(1, 4)):
                opens = rng.choice([9, 10, 13, 19])
                schedules.append(Schedule(service=service, weekday=day, opens_at=clock(opens),
                                          closes_at=clock(opens + rng.choice([2, 3]))))
            for code in rng.sample(domains, rng.randint(1, 3)):
                domain_links.append(domain_through(service_id=service.id, lifedomain_id=code))
            for code in rng.sample(groups, rng.randint(1, 2)):
                group_links.append(group_through(service_id=service.id, targetgroup_id=code))
        Service.objects.bulk_create(rows)
        ServiceCoverage.objects.bulk_create(coverage)
        ServiceAtLocation.objects.bulk_create(places)
        Schedule.objects.bulk_create(schedules)
        domain_through.objects.bulk_create(domain_links)
        group_through.objects.bulk_create(group_links)
        created_ids.extend(s.id for s in rows)
        progress.add(len(rows))

    index_progress = Progress("search index", services, stream)
    last = [0]

    def report(done, total):
        index_progress.add(done - last[0])
        last[0] = done

    search.index_services(created_ids) if len(created_ids) < 1000 else _index_in_batches(created_ids, report)
    return {"organisations": len(organisations), "services": services}


def _index_in_batches(ids, report, size: int = 5000) -> None:
    for start in range(0, len(ids), size):
        search.index_services(ids[start:start + size])
        report(min(start + size, len(ids)), len(ids))
