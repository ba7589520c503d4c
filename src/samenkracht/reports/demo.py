"""Demo: a year of synthetic work so every report has content.

For every demo municipality with a team (the front door) the builder bulk-creates the last 365 days of help
requests with triages, referrals between the municipality's organisations, closed plans with ZRM intake and
closure scores and the resident's satisfaction, decided breakthroughs, and (in Meierijstad) volunteers with
hours. Everything is synthetic: references start with SYN-, the question is one generic sentence, the
households have no members, the two triage professionals per municipality are inactive accounts without
a password or membership ("Synthetische professional"), volunteers have generated names only.

Idempotent (a municipality that already has its SYN- requests is skipped), deterministic per municipality
(seeded by its CBS code) apart from "the last 365 days", and fast (bulk inserts).
"""

from __future__ import annotations

import random
import zlib
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from samenkracht.reports import synthetic

VOLUME = {"Meierijstad": 1800}
DEFAULT_VOLUME = 300
PREFIX = "SYN"


def _professionals(municipality, organisations) -> list[tuple[int, int]]:
    from samenkracht.accounts.models import User

    pairs = []
    for letter, organisation in zip("ab", organisations[:2]):
        email = f"synthetisch.{letter}.{municipality.code.lower()}@demo.invalid"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(username=email, email=email, password=None,
                                            full_name=f"Synthetische professional {letter.upper()}")
            user.set_unusable_password()
            user.is_active = False
            user.save(update_fields=["password", "is_active"])
        pairs.append((user.pk, organisation.pk))
    return pairs


def _context(municipality):
    from samenkracht.network.models import Neighbourhood, Organisation, ServiceArea, Team
    from samenkracht.socialmap.models import LifeDomain

    teams = list(Team.objects.filter(municipality=municipality).order_by("id"))
    organisation_ids = set(ServiceArea.objects.filter(municipality=municipality).values_list("organisation_id",
                                                                                             flat=True))
    organisation_ids |= set(Team.organisations.through.objects.filter(team__municipality=municipality)
                            .values_list("organisation_id", flat=True))
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids).order_by("name"))
    if not teams or len(organisations) < 2:
        return None
    return synthetic.Context(
        municipality=municipality, teams=teams,
        neighbourhoods=list(Neighbourhood.objects.filter(municipality=municipality).order_by("name")),
        organisations=organisations, users=_professionals(municipality, organisations),
        domains=list(LifeDomain.objects.order_by("position").values_list("code", flat=True)))


def _plans(ctx, *, count: int, start: date, days: int, seed: int) -> int:
    """Closed plans with ZRM intake and closure, satisfaction, and some decided breakthroughs."""
    from samenkracht.plans.models import Assessment, AssessmentScore, Breakthrough, Household, Plan

    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    coordinator_id, organisation_id = ctx.users[0]
    households = Household.objects.bulk_create([
        Household(municipality=ctx.municipality,
                  neighbourhood=rng.choice(ctx.neighbourhoods) if ctx.neighbourhoods else None)
        for _ in range(count)])
    if not households[0].pk:
        households = list(Household.objects.filter(municipality=ctx.municipality).order_by("-id")[:count])
    plans, moments = [], []
    for household in households:
        closed_on = start + timedelta(days=rng.randrange(60, days))
        opened_on = closed_on - timedelta(days=rng.randrange(40, 200))
        plans.append(Plan(household=household, municipality=ctx.municipality, coordinator_id=coordinator_id,
                          coordinator_organisation_id=organisation_id, status="closed",
                          created_at=timezone.make_aware(datetime.combine(opened_on, time(9)), tz),
                          closed_at=timezone.make_aware(datetime.combine(closed_on, time(15)), tz),
                          closure_reason=_closure_reason(), satisfaction=rng.choice([5, 6, 7, 7, 8, 8, 8, 9, 9, 10])))
        moments.append((opened_on, closed_on))
    Plan.objects.bulk_create(plans)
    if not plans[0].pk:
        plans = list(Plan.objects.filter(municipality=ctx.municipality).order_by("-id")[:count])[::-1]
    assessments = []
    for plan, (opened_on, closed_on) in zip(plans, moments):
        for moment, on in (("intake", opened_on), ("closure", closed_on)):
            assessments.append(Assessment(plan=plan, municipality=ctx.municipality, moment=moment, assessed_on=on,
                                          assessor_id=coordinator_id))
    Assessment.objects.bulk_create(assessments)
    scores = []
    for intake, closure in zip(assessments[::2], assessments[1::2]):
        for domain in rng.sample(ctx.domains, 3):
            before = rng.choice([1, 2, 2, 3, 3])
            after = min(5, max(1, before + rng.choice([-1, 0, 1, 1, 1, 2])))
            scores.append(AssessmentScore(assessment=intake, municipality=ctx.municipality, life_domain_id=domain,
                                          score=before))
            scores.append(AssessmentScore(assessment=closure, municipality=ctx.municipality, life_domain_id=domain,
                                          score=after))
    AssessmentScore.objects.bulk_create(scores)
    breakthroughs = []
    for plan in plans[: max(6, count // 5)]:
        raised = plan.closed_at - timedelta(days=30)
        breakthroughs.append(Breakthrough(plan=plan, municipality=ctx.municipality, raised_by_id=coordinator_id,
                                          raised_at=raised, obstacle="Synthetisch", rule="Synthetische regel",
                                          status="decided", decided_at=raised + timedelta(days=rng.randrange(3, 20))))
    Breakthrough.objects.bulk_create(breakthroughs)
    return len(plans)


def _closure_reason() -> str:
    from samenkracht.plans.models import ClosureReason

    return ClosureReason.values[0]


@transaction.atomic
def build_demo_report_work(stdout=None, *, only: list[str] | None = None, volume: int | None = None) -> dict[str, int]:
    """`only`: municipality names to fill (default: every municipality with a team); `volume`: help requests
    per municipality (default VOLUME / DEFAULT_VOLUME)."""
    from samenkracht.frontdoor.models import HelpRequest
    from samenkracht.network.models import Municipality, Team

    volume_override = volume
    today = timezone.localdate()
    start, days = today - timedelta(days=364), 365
    municipality_ids = (Team.objects.values("municipality_id").annotate(n=Count("id"))
                        .values_list("municipality_id", flat=True))
    counts = {"synthetic help requests": 0, "synthetic referrals": 0, "synthetic closed plans": 0,
              "synthetic volunteer hours": 0}
    chosen = Municipality.objects.filter(pk__in=municipality_ids).order_by("name")
    if only is not None:
        chosen = chosen.filter(name__in=only)
    for municipality in chosen:
        prefix = f"{PREFIX}-{municipality.code}"
        if HelpRequest.objects.filter(reference__startswith=f"{prefix}-").exists():
            continue
        ctx = _context(municipality)
        if ctx is None:
            continue
        seed = zlib.crc32(municipality.code.encode())
        volume = volume_override or VOLUME.get(municipality.name, DEFAULT_VOLUME)
        counts["synthetic help requests"] += synthetic.help_requests(
            ctx, count=volume, start=start, days=days, seed=seed, prefix=prefix, batch_size=2000)
        counts["synthetic referrals"] += synthetic.referrals(
            ctx, count=volume // 2, start=start, days=days, seed=seed + 1, marker=prefix)
        counts["synthetic closed plans"] += _plans(ctx, count=max(volume // 30, 12), start=start, days=days,
                                                   seed=seed + 2)
        if municipality.name in VOLUME:
            counts["synthetic volunteer hours"] += synthetic.volunteer_hours(ctx, start=start, days=days,
                                                                             seed=seed + 3)
    return counts
