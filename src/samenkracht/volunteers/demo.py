"""Demo volunteer pools and synthetic volunteers (builder in demo BUILDERS), matches when referrals exist.

Pools follow the articles' facts in demo/network_data.py: SamenDoen in Leerdam (Vijfheerenlanden) deploys
volunteers for home administration and as buddies; Humanitas Zwolle and Humanitas Wageningen help with home
administration; Buddy Netwerk in Delft links buddies. One pool is synthetic: "Maatjes De Kern" in Zwolle, so
the demo coordinator of De Kern can deploy a volunteer in the browser journey. Every volunteer is invented
(names from a fixed list of common Dutch names); no one from the articles appears.

Idempotent and deterministic: pools by (organisation, name); per pool only the missing volunteers are added
(in a fixed order); matches and hours only for accepted or running referrals to these pools that have no
match yet, so the builder works with and without referral demo data.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samenkracht.network.models import Municipality, Neighbourhood, Organisation
from samenkracht.volunteers.models import (
    HoursEntry,
    MatchStatus,
    PoolKind,
    Volunteer,
    VolunteerMatch,
    VolunteerPool,
    VolunteerStatus,
    slot_bit,
)

# organisation, municipality, pool name, kind, description
POOLS = [
    ("SamenDoen", "Vijfheerenlanden", "Buddy's Leerdam", PoolKind.BUDDY,
     "Vrijwillige buddy's die inwoners van Leerdam een tijd lang bijstaan."),
    ("SamenDoen", "Vijfheerenlanden", "Thuisadministratie Leerdam", PoolKind.HOME_ADMINISTRATION,
     "Vrijwilligers die samen met inwoners de post, rekeningen en formulieren op orde brengen."),
    ("Humanitas Zwolle", "Zwolle", "Thuisadministratie Humanitas Zwolle", PoolKind.HOME_ADMINISTRATION,
     "Vrijwilligers voor de thuisadministratie in Zwolle."),
    ("De Kern", "Zwolle", "Maatjes De Kern", PoolKind.BUDDY,
     "Synthetisch voor de demo: maatjes die inwoners helpen hun netwerk weer op te bouwen."),
    ("Humanitas Wageningen", "Wageningen", "Thuisadministratie Wageningen", PoolKind.HOME_ADMINISTRATION,
     "Vrijwilligers voor thuisadministratie vanuit het Startpunt."),
    ("Buddy Netwerk", "Delft", "Buddy's Delft", PoolKind.BUDDY,
     "Getrainde buddy's voor inwoners die tijdelijk steun kunnen gebruiken."),
]

# Synthetic volunteers per pool: given name, surname, skills, languages, pc4, neighbourhood, slots, capacity,
# status. Slots are (weekday, part) with part 0 morning, 1 afternoon, 2 evening.
M, A, E = 0, 1, 2
VOLUNTEERS = {
    "Buddy's Leerdam": [
        ("Anouk", "van Wijk", ["sociaal-netwerk", "tijdsbesteding"], ["nl", "en"], "4141", "Leerdam",
         [(1, A), (3, A)], 2, VolunteerStatus.ACTIVE),
        ("Bram", "de Groot", ["sociaal-netwerk", "maatschappelijke-participatie"], ["nl"], "4142", "Leerdam",
         [(2, E), (4, E)], 1, VolunteerStatus.ACTIVE),
        ("Sanne", "Koster", ["tijdsbesteding", "geestelijke-gezondheid"], ["nl", "tr"], "4141", "Leerdam",
         [(5, M), (6, M)], 2, VolunteerStatus.ACTIVE),
        ("Youssef", "Amrani", ["sociaal-netwerk"], ["nl", "ar"], "4143", "", [(1, E), (3, E)], 1,
         VolunteerStatus.REGISTERED),
    ],
    "Thuisadministratie Leerdam": [
        ("Gerda", "Vos", ["financien"], ["nl"], "4141", "Leerdam", [(1, M), (2, M)], 3, VolunteerStatus.ACTIVE),
        ("Henk", "Dekker", ["financien", "instrumentele-adl"], ["nl", "de"], "4142", "", [(3, M), (4, A)], 2,
         VolunteerStatus.ACTIVE),
        ("Mila", "de Ruiter", ["financien", "huisvesting"], ["nl", "en", "pl"], "4141", "Leerdam", [(2, E)], 1,
         VolunteerStatus.ACTIVE),
        ("Kees", "Smit", ["financien"], ["nl"], "4145", "", [(5, A)], 1, VolunteerStatus.LEAVING),
    ],
    "Thuisadministratie Humanitas Zwolle": [
        ("Ineke", "Mulder", ["financien"], ["nl"], "8011", "Binnenstad", [(1, M), (4, M)], 2,
         VolunteerStatus.ACTIVE),
        ("Ruben", "Visser", ["financien", "werk-opleiding"], ["nl", "en"], "8043", "Stadshagen", [(2, E), (3, E)],
         2, VolunteerStatus.ACTIVE),
        ("Fatma", "Yilmaz", ["financien", "huisvesting"], ["nl", "tr"], "8031", "Holtenbroek", [(1, A), (5, A)], 1,
         VolunteerStatus.ACTIVE),
    ],
    "Maatjes De Kern": [
        ("Lieke", "Brouwer", ["sociaal-netwerk", "tijdsbesteding"], ["nl"], "8012", "Assendorp",
         [(2, A), (4, A)], 2, VolunteerStatus.ACTIVE),
        ("Tom", "Hendriks", ["sociaal-netwerk", "maatschappelijke-participatie"], ["nl", "en"], "8043",
         "Stadshagen", [(6, M), (7, A)], 1, VolunteerStatus.ACTIVE),
        ("Nadia", "El Amrani", ["huiselijke-relaties", "sociaal-netwerk"], ["nl", "ar", "fr"], "8031",
         "Holtenbroek", [(1, E), (3, E)], 2, VolunteerStatus.ACTIVE),
    ],
    "Thuisadministratie Wageningen": [
        ("Joost", "Peters", ["financien"], ["nl", "en"], "6701", "Binnenstad", [(2, M), (4, M)], 2,
         VolunteerStatus.ACTIVE),
    ],
    "Buddy's Delft": [
        ("Esra", "Demir", ["sociaal-netwerk", "geestelijke-gezondheid"], ["nl", "tr", "en"], "2611", "Binnenstad",
         [(3, A), (5, A)], 2, VolunteerStatus.ACTIVE),
    ],
}


def _mask(slots) -> int:
    mask = 0
    for day, part in slots:
        mask |= slot_bit(day, part)
    return mask


def ensure_demo_pools() -> dict[str, VolunteerPool]:
    """The demo pools by name (created when missing). Other demo builders may call this first."""
    pools: dict[str, VolunteerPool] = {}
    for organisation_name, municipality_name, name, kind, description in POOLS:
        organisation = Organisation.objects.filter(name=organisation_name).first()
        municipality = Municipality.objects.filter(name=municipality_name, active=True).first()
        if organisation is None or municipality is None:
            continue
        pool, _created = VolunteerPool.objects.get_or_create(
            organisation=organisation, name=name,
            defaults={"municipality": municipality, "kind": kind, "description": description})
        pools[name] = pool
    return pools


def _volunteers(pool: VolunteerPool, specs, today) -> int:
    existing = pool.volunteers.count()
    created = 0
    for index, (given, family, skills, languages, pc4, neighbourhood, slots, capacity, status) in enumerate(specs):
        if index < existing:
            continue
        registered = today - timedelta(days=400 - 37 * index)
        volunteer = Volunteer(
            pool=pool, municipality_id=pool.municipality_id, given_name=given, family_name=family,
            phone=f"06-{10000000 + 7919 * (index + 1) + pool.pk * 131:08d}"[:11],
            email=f"{given.lower()}.{family.lower().replace(' ', '')}@vrijwilliger.example",
            languages=languages, postcode_area=pc4, availability=_mask(slots), capacity=capacity, status=status,
            registered_on=registered, max_distance_km=10,
        )
        if status in (VolunteerStatus.ACTIVE, VolunteerStatus.LEAVING):
            volunteer.active_since = registered + timedelta(days=14)
        if status == VolunteerStatus.LEAVING:
            volunteer.leaving_on = today + timedelta(days=30)
        volunteer.full_clean()
        volunteer.save()
        volunteer.skills.set(skills)
        if neighbourhood:
            volunteer.neighbourhoods.set(Neighbourhood.objects.filter(municipality_id=pool.municipality_id,
                                                                      name=neighbourhood))
        created += 1
    return created


def _matches(pools, today) -> tuple[int, int]:
    """Matches (and a few hours) for accepted or running referrals to the demo pools without a match."""
    try:
        from samenkracht.referrals.models import Referral
    except ImportError:  # the referrals app is not installed
        return 0, 0
    referrals = list(Referral.objects.filter(
        target_kind="volunteer_pool", target_pool__in=list(pools.values()), status__in=("accepted", "in_progress"),
    ).exclude(volunteer_matches__isnull=False).order_by("id"))
    matches = hours = 0
    for referral in referrals:
        candidates = [v for v in Volunteer.objects.filter(pool_id=referral.target_pool_id,
                                                          status=VolunteerStatus.ACTIVE).order_by("id")
                      if v.running_matches_count() < v.capacity]
        if not candidates:
            continue
        volunteer = candidates[0]
        started = max(today - timedelta(days=21), (referral.accepted_at or timezone.now()).date())
        started = min(started, today)
        match = VolunteerMatch(referral=referral, volunteer=volunteer, municipality_id=referral.municipality_id,
                               status=MatchStatus.ACTIVE, started_on=started,
                               note="Eerste afspraak samen met de professional.")
        match.full_clean(exclude=["referral", "volunteer", "municipality", "created_by"])
        match.save()
        matches += 1
        day = started
        while day <= today and hours < 40:
            entry = HoursEntry(match=match, municipality_id=match.municipality_id, date=day, hours=Decimal("1.50"))
            entry.full_clean(exclude=["match", "municipality", "created_by"])
            entry.save()
            hours += 1
            day += timedelta(days=7)
    return matches, hours


def deploy_demo_matches() -> dict[str, int]:
    """Matches and hours for accepted or running referrals to the demo pools (for the referrals builder to
    call after it made its referrals, since this app's builder runs before it)."""
    with transaction.atomic():
        pools = {pool.name: pool for pool in VolunteerPool.objects.filter(name__in=[p[2] for p in POOLS])}
        matches, hours = _matches(pools, timezone.localdate())
    return {"new volunteer matches": matches, "new hours entries": hours}


def build_demo_volunteers(stdout=None) -> dict[str, int]:
    today = timezone.localdate()
    with transaction.atomic():
        pools = ensure_demo_pools()
        created = sum(_volunteers(pool, VOLUNTEERS.get(name, []), today) for name, pool in pools.items())
        matches, hours = _matches(pools, today)
    return {
        "volunteer pools": len(pools),
        "volunteers": Volunteer.objects.filter(pool__in=list(pools.values())).count(),
        "new volunteer matches": matches,
        "new hours entries": hours,
        "new volunteers": created,
    }
