"""Builds the demo sociale kaart from demo/socialmap_data.py, through the services the UI uses.

Runs after build_demo_network (it needs the organisations, locations, neighbourhoods and demo accounts).
Idempotent: running it again updates what exists (recording only real changes in the history) and adds
what is missing; publication and "last confirmed" of existing services are left as they are.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from samenkracht.accounts.models import User
from samenkracht.demo import socialmap_data as data
from samenkracht.demo.users import demo_email
from samenkracht.network import services as network_services
from samenkracht.network.models import Location, Municipality, Neighbourhood, Organisation
from samenkracht.network.permissions import SystemActor, actor_for_user
from samenkracht.socialmap import services
from samenkracht.socialmap.domains import LIFE_DOMAINS, TARGET_GROUPS
from samenkracht.socialmap.models import LifeDomain, Publication, Service, TargetGroup

SYSTEM = SystemActor()
PLAIN_FIELDS = [
    "alternate_name", "description", "status", "access_type", "eligibility_description", "minimum_age",
    "maximum_age", "application_process", "cost_kind", "cost_amount", "fees_description", "languages",
    "schedule_description", "tags",
]


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@transaction.atomic
def build_demo_social_map(stdout=None) -> dict[str, int]:
    _ensure_reference_lists()
    _build_locations()
    locations = {location.name: location for location in Location.objects.all()}
    municipalities = {m.name: m for m in Municipality.objects.filter(active=True)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    life_domains = {d.code: d for d in LifeDomain.objects.all()}
    target_groups = {g.code: g for g in TargetGroup.objects.all()}

    for entry in data.SERVICES:
        organisation = organisations[entry["organisation"]]
        coverage = entry.get("coverage", {})
        arguments = {
            **{name: entry[name] for name in PLAIN_FIELDS if name in entry},
            "life_domains": [life_domains[code] for code in entry.get("life_domains", [])],
            "target_groups": [target_groups[code] for code in entry.get("target_groups", [])],
            "municipalities": [municipalities[name] for name in coverage.get("municipalities", [])],
            "neighbourhoods": [
                Neighbourhood.objects.get(municipality=municipalities[m], name=n)
                for m, n in coverage.get("neighbourhoods", [])
            ],
            "locations": [locations[name] for name in entry.get("locations", [])],
            "schedules": [
                {"weekday": day, "opens_at": _clock(opens), "closes_at": _clock(closes), "description": note}
                for day, opens, closes, note in entry.get("schedules", [])
            ],
        }
        service = Service.objects.filter(organisation=organisation, name=entry["name"]).first()
        if service is None:
            actor = _actor(entry)
            assured = timezone.localdate() - timedelta(days=round(entry.get("assured_months_ago", 0) * 30.44))
            services.create_service(actor, organisation, name=entry["name"], submit=entry.get("submit", True),
                                    assured_date=assured, **arguments)
        else:
            services.update_service(SYSTEM, service, **arguments)

    all_services = Service.objects.all()
    return {
        "services": all_services.count(),
        "services published": all_services.filter(publication=Publication.PUBLISHED).count(),
        "services awaiting review": all_services.filter(publication=Publication.PENDING_REVIEW).count(),
        "stale services": all_services.stale().count(),
    }


def _ensure_reference_lists() -> None:
    """The life domains and target groups (a migration loads them; a flushed test database lacks them)."""
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    for position, (code, name) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "position": position})


def _actor(entry: dict):
    """Who enters the service: a demo account (a coordinator's entry waits for review) or the platform."""
    if entry.get("created_by"):
        return actor_for_user(User.objects.get(email=demo_email(entry["created_by"])), source="demo")
    return SYSTEM


def _build_locations() -> None:
    """Coordinates for the network's locations (when missing) and the locations only services use."""
    for name, (latitude, longitude) in data.LOCATION_COORDINATES.items():
        location = Location.objects.filter(name=name).first()
        if location is not None and location.latitude is None and location.longitude is None:
            network_services.update_location(SYSTEM, location, latitude=latitude, longitude=longitude)
    municipalities = {m.name: m for m in Municipality.objects.filter(active=True)}
    organisations = {o.name: o for o in Organisation.objects.all()}
    for entry in data.EXTRA_LOCATIONS:
        municipality = municipalities[entry["municipality"]]
        fields = {
            "street": entry["street"], "house_number": entry["house_number"], "postcode": entry["postcode"],
            "city": entry["city"], "municipality": municipality, "description": entry.get("description", ""),
            "latitude": entry.get("lat"), "longitude": entry.get("lon"),
            "organisations": [organisations[o] for o in entry["organisations"]],
        }
        location = Location.objects.filter(municipality=municipality, name=entry["name"]).first()
        if location is None:
            network_services.create_location(SYSTEM, name=entry["name"], **fields)
        else:
            network_services.update_location(SYSTEM, location, **fields)
