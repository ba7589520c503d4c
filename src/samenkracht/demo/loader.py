"""Builds the demo network from demo/network_data.py, through the same services the UI uses.

Idempotent: running it again updates what exists and adds what is missing.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenkracht.accounts.models import User
from samenkracht.demo import network_data as data
from samenkracht.demo.users import DEMO_PASSWORD, DEMO_USERS, demo_email
from samenkracht.network import services
from samenkracht.network.importers import import_default_municipalities
from samenkracht.network.models import (
    Association,
    Location,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Region,
    Team,
    TeamMember,
)
from samenkracht.network.permissions import SystemActor

SYSTEM = SystemActor()


def demo_totp_key(email: str) -> str:
    """A stable TOTP key per demo account, so an authenticator set up once keeps working."""
    return hashlib.sha256(f"samenkracht-demo-totp:{email}".encode()).hexdigest()[:40]


@transaction.atomic
def build_demo_network(stdout=None) -> dict[str, int]:
    import_default_municipalities()
    municipalities = {m.name: m for m in Municipality.objects.filter(active=True)}

    for entry in data.ASSOCIATIONS:
        Association.objects.update_or_create(
            name=entry["name"],
            defaults={"description": entry["description"], "former_names": entry.get("former_names", [])},
        )
    associations = {a.name: a for a in Association.objects.all()}

    for entry in data.REGIONS:
        region = Region.objects.filter(name=entry["name"]).first()
        fields = {"description": entry.get("description", "")}
        members = [municipalities[n] for n in entry["municipalities"]]
        if region is None:
            services.create_region(SYSTEM, name=entry["name"], municipalities=members, **fields)
        else:
            services.update_region(SYSTEM, region, municipalities=members, **fields)

    for municipality_name, entries in data.NEIGHBOURHOODS.items():
        municipality = municipalities[municipality_name]
        for entry in entries:
            Neighbourhood.objects.update_or_create(
                municipality=municipality, name=entry["name"],
                defaults={"kind": entry["kind"], "postcode": entry.get("postcode", ""),
                          "latitude": entry.get("lat"), "longitude": entry.get("lon")},
            )

    for entry in data.ORGANISATIONS:
        fields = {
            "kind": entry["kind"],
            "informal": entry.get("informal", False),
            "municipality": municipalities.get(entry.get("municipality")),
            "description": entry.get("description", ""),
            "associations": [associations[a] for a in entry.get("associations", [])],
        }
        organisation = Organisation.objects.filter(name=entry["name"]).first()
        if organisation is None:
            organisation = services.create_organisation(SYSTEM, name=entry["name"], **fields)
        else:
            services.update_organisation(SYSTEM, organisation, **fields)
        services.set_service_area(
            SYSTEM, organisation, municipalities=[municipalities[n] for n in entry.get("service_area", [])]
        )
    organisations = {o.name: o for o in Organisation.objects.all()}

    for entry in data.LOCATIONS:
        municipality = municipalities[entry["municipality"]]
        fields = {
            "street": entry["street"], "house_number": entry["house_number"], "postcode": entry["postcode"],
            "city": entry["city"], "municipality": municipality, "description": entry.get("description", ""),
            "organisations": [organisations[o] for o in entry["organisations"]],
        }
        location = Location.objects.filter(municipality=municipality, name=entry["name"]).first()
        if location is None:
            services.create_location(SYSTEM, name=entry["name"], **fields)
        else:
            services.update_location(SYSTEM, location, **fields)

    for entry in data.TEAMS:
        municipality = municipalities[entry["municipality"]]
        location = (
            Location.objects.filter(name=entry["location"]).first() if entry.get("location") else None
        )
        fields = {
            "kind": entry["kind"], "municipality": municipality, "location": location,
            "description": entry.get("description", ""),
            "organisations": [organisations[o] for o in entry["organisations"]],
            "neighbourhoods": list(
                Neighbourhood.objects.filter(municipality=municipality, name__in=entry.get("neighbourhoods", []))
            ),
        }
        team = Team.objects.filter(municipality=municipality, name=entry["name"]).first()
        if team is None:
            services.create_team(SYSTEM, name=entry["name"], **fields)
        else:
            services.update_team(SYSTEM, team, **fields)

    _build_users(organisations)
    return {
        "municipalities": len(municipalities),
        "organisations": Organisation.objects.count(),
        "teams": Team.objects.count(),
        "locations": Location.objects.count(),
        "users": User.objects.count(),
    }


def _build_users(organisations: dict[str, Organisation]) -> None:
    for local, full_name, organisation_name, role, job_title, teams in DEMO_USERS:
        email = demo_email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(username=email, email=email, full_name=full_name)
        user.full_name = full_name
        user.set_password(DEMO_PASSWORD)
        user.save()
        organisation = organisations[organisation_name]
        Membership.objects.update_or_create(
            user=user, organisation=organisation, role=role, defaults={"job_title": job_title, "active": True}
        )
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="demo", confirmed=True, key=demo_totp_key(email))
        for team_name in teams:
            team = Team.objects.filter(name=team_name).first()
            if team is not None:
                team.organisations.add(organisation)
                TeamMember.objects.get_or_create(team=team, user=user, defaults={"organisation": organisation})
