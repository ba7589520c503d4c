"""Synthetic data at named scales (`samenkracht generate --scale small|large|national`). Synthetic only.

Volumes over 5 years (see docs/performance.md, "Synthetic data at scale"):
- small: one municipality of ~30,000 residents: ~43,000 help requests, ~86,000 referrals, ~1,000 services;
- large: one municipality of ~350,000 residents: 500,000 help requests, 1,000,000 referrals;
- national: 100,000 services over all municipalities; `share` of the national yearly volume (1.3 million Wmo
  clients + 480,000 young people a year) as help requests, spread over the municipalities by population.

Idempotency: each scale uses its own synthetic municipality (code GM99xx) or reference prefix; when data of
that scale already exists the generator REFUSES with a clear message (ScaleExists) instead of adding more.
Help requests, triages, referrals and volunteer hours come from samenkracht.reports.synthetic; households,
persons (names encrypted by the model fields, generated "Inwoner N" / "Synthetisch" only) and plans are
bulk-created here in batches. No access-log rows are written.
"""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

YEARS = 5
NATIONAL_YEARLY_CLIENTS = 1_300_000 + 480_000


@dataclass(frozen=True)
class Scale:
    name: str
    code: str
    residents: int
    help_requests: int
    referrals: int
    households: int
    services: int
    organisations: int


SCALES = {
    "small": Scale("small", "GM9981", 30_000, 43_000, 86_000, 8_600, 1_000, 60),
    "large": Scale("large", "GM9982", 350_000, 500_000, 1_000_000, 100_000, 11_700, 700),
    # national: volumes per year x 5 years x share; households ≈ one per 2 help requests
    "national": Scale("national", "", 17_900_000, NATIONAL_YEARLY_CLIENTS * YEARS, NATIONAL_YEARLY_CLIENTS * YEARS * 2,
                      NATIONAL_YEARLY_CLIENTS * YEARS // 2, 100_000, 10_000),
}


class ScaleExists(Exception):
    pass


def volumes(scale: str, *, fraction: float = 1.0, share: float = 0.01) -> dict[str, int]:
    s = SCALES[scale]
    factor = fraction * (share if scale == "national" else 1.0)
    return {
        "help_requests": max(1, round(s.help_requests * factor)),
        "referrals": max(1, round(s.referrals * factor)),
        "households": max(1, round(s.households * factor)),
        "services": max(2, round(s.services * fraction)),
    }


class _Progress:
    def __init__(self, stream):
        self.stream, self.started, self.last, self.rates = stream, {}, 0.0, {}
        self.previous = time.perf_counter()  # a table's clock starts when the previous table's last batch ended

    def __call__(self, what: str, done: int) -> None:
        now = time.perf_counter()
        start = self.started.setdefault(what, self.previous)
        self.previous = now
        rate = done / max(now - start, 1e-6)
        self.rates[what] = round(rate)
        if self.stream and (now - self.last >= 1):
            self.stream.write(f"\r  {what}: {done:,} rows, {rate:,.0f} rows/s   ")
            self.stream.flush()
            self.last = now


def _municipality(scale: Scale):
    from samenkracht.network.models import Municipality

    name = f"Synthetische gemeente {scale.name}"
    municipality = Municipality.objects.create(code=scale.code, name=name, population=scale.residents)
    return municipality


def _setup(municipality, organisations_count: int, seed: int):
    from samenkracht.network.models import Neighbourhood, Organisation, Team
    from samenkracht.reports import demo, synthetic
    from samenkracht.socialmap.models import LifeDomain

    organisations = Organisation.objects.bulk_create([
        Organisation(name=f"Synthetische organisatie {municipality.code}-{i + 1}", kind="welfare",
                     municipality=municipality) for i in range(max(organisations_count, 4))])
    organisations = list(Organisation.objects.filter(municipality=municipality, kind="welfare").order_by("id"))
    neighbourhoods = [Neighbourhood.objects.create(municipality=municipality, name=f"Wijk {i + 1}", kind="district")
                      for i in range(10)]
    teams = []
    for i in range(4):
        team = Team.objects.create(name=f"Synthetisch team {municipality.code}-{i + 1}", kind="neighbourhood_team",
                                   municipality=municipality)
        team.organisations.set(organisations[i::4][:5])
        teams.append(team)
    return synthetic.Context(municipality=municipality, teams=teams, neighbourhoods=neighbourhoods,
                             organisations=organisations[:50], users=demo._professionals(municipality, organisations),
                             domains=list(LifeDomain.objects.values_list("code", flat=True)))


def households(ctx, *, count: int, seed: int, start: date, days: int, batch_size: int = 2000, progress=None) -> dict:
    """Households with 1-4 synthetic persons, an active plan for about 40% (at most one per household)."""
    from django.utils import timezone

    from samenkracht.plans.models import Household, Person, Plan

    rng = random.Random(seed)
    made = {"households": 0, "persons": 0, "plans": 0}
    coordinator, coordinator_org = ctx.users[0]
    done = 0
    while done < count:
        n = min(batch_size, count - done)
        with transaction.atomic():
            created = [timezone.now() - timedelta(days=rng.randrange(days)) for _ in range(n)]
            rows = [Household(municipality=ctx.municipality, neighbourhood=rng.choice(ctx.neighbourhoods),
                              holding_team=rng.choice(ctx.teams), created_at=c) for c in created]
            Household.objects.bulk_create(rows, batch_size=batch_size)
            if not rows[0].pk:
                ids = list(Household.objects.filter(municipality=ctx.municipality).order_by("-id")
                           .values_list("id", flat=True)[:n])[::-1]
                for row, pk in zip(rows, ids):
                    row.pk = row.id = pk
            persons, plans = [], []
            for index, household in enumerate(rows):
                number = done + index + 1
                for member in range(rng.choice([1, 1, 2, 2, 3, 4])):
                    persons.append(Person(household_id=household.pk, municipality=ctx.municipality,
                                           given_name=f"Inwoner {number}.{member + 1}", family_name="Synthetisch",
                                           date_of_birth=date(1940 + rng.randrange(80), 1 + rng.randrange(12), 1)))
                if rng.random() < 0.4:
                    plans.append(Plan(household_id=household.pk, municipality=ctx.municipality,
                                      coordinator_id=coordinator, coordinator_organisation_id=coordinator_org,
                                      created_at=household.created_at))
            Person.objects.bulk_create(persons, batch_size=batch_size)
            Plan.objects.bulk_create(plans, batch_size=batch_size)
        done += n
        made["households"] += n
        made["persons"] += len(persons)
        made["plans"] += len(plans)
        if progress:
            progress("households", done)
    return made


def generate(scale: str, *, seed: int = 1, fraction: float = 1.0, share: float = 0.01, stream=sys.stderr) -> dict:
    """Generate one named scale. Refuses (ScaleExists) when that scale's data already exists."""
    from samenkracht.demo.generate import generate_social_map
    from samenkracht.network.importers import import_default_municipalities
    from samenkracht.network.models import Municipality
    from samenkracht.reports import synthetic

    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}: choose from {', '.join(SCALES)}.")
    if not 0 < fraction <= 1 or not 0 < share <= 1:
        raise ValueError("--fraction and --share must be in (0, 1].")
    s = SCALES[scale]
    want = volumes(scale, fraction=fraction, share=share)
    progress = _Progress(stream)
    result: dict = {"scale": scale, "seed": seed, "fraction": fraction}
    t_all = time.perf_counter()
    import_default_municipalities()
    start = date.today() - timedelta(days=365 * YEARS)
    days = 365 * YEARS
    if scale == "national":
        from samenkracht.frontdoor.models import HelpRequest

        if HelpRequest.objects.filter(reference__startswith="NAT").exists():
            raise ScaleExists("National synthetic data already exists in this database: use a fresh database.")
        result.update(generate_social_map(services=want["services"], seed=seed, stream=stream))
        from samenkracht.reports.demo import _context

        municipalities = list(Municipality.objects.filter(code__regex=r"^GM0\d{3}$").order_by("code"))
        total_pop = sum(m.population or 0 for m in municipalities) or 1
        totals = {"help_requests": 0, "referrals": 0, "households": 0, "persons": 0, "plans": 0}
        for index, municipality in enumerate(municipalities):
            ctx = _context(municipality)
            if ctx is None:
                continue
            weight = (municipality.population or 0) / total_pop
            n = round(want["help_requests"] * weight)
            if not n:
                continue
            totals["help_requests"] += synthetic.help_requests(
                ctx, count=n, start=start, days=days, seed=seed * 1000 + index, prefix=f"NAT{municipality.code}",
                progress=progress)
            totals["referrals"] += synthetic.referrals(ctx, count=round(want["referrals"] * weight), start=start,
                                                       days=days, seed=seed * 1000 + index + 1, marker="NAT",
                                                       progress=progress)
            made = households(ctx, count=round(want["households"] * weight), seed=seed + index, start=start,
                              days=days, progress=progress)
            for key in ("households", "persons", "plans"):
                totals[key] += made[key]
        result.update(totals)
    else:
        if Municipality.objects.filter(code=s.code).exists():
            raise ScaleExists(f"Synthetic {scale} data already exists (municipality {s.code}): "
                              "use a fresh database.")
        with transaction.atomic():
            municipality = _municipality(s)
            ctx = _setup(municipality, max(4, round(s.organisations * fraction)), seed)
        result["help_requests"] = synthetic.help_requests(ctx, count=want["help_requests"], start=start, days=days,
                                                          seed=seed, prefix=f"SYN{s.code}", progress=progress)
        result["referrals"] = synthetic.referrals(ctx, count=want["referrals"], start=start, days=days,
                                                  seed=seed + 1, marker=s.code, progress=progress)
        result.update(households(ctx, count=want["households"], seed=seed + 2, start=start, days=days,
                                 progress=progress))
        result["volunteer_hours"] = synthetic.volunteer_hours(ctx, start=start, days=days, seed=seed + 3,
                                                              volunteers=max(1, round(300 * fraction)))
        result["municipality"] = s.code
    result["seconds"] = round(time.perf_counter() - t_all, 2)
    result["rates_rows_per_s"] = dict(progress.rates)
    if stream:
        stream.write("\n")
    return result
