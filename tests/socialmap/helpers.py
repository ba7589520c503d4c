"""Helpers for the social map tests: actors, a valid service, a form post, and a snapshot of all rows."""

from __future__ import annotations

from datetime import time

from samenkracht.network.permissions import SystemActor, TokenActor, actor_for_user
from samenkracht.socialmap import services
from samenkracht.socialmap.models import (
    LifeDomain,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    ServiceCoverage,
    TargetGroup,
)

SYSTEM = SystemActor()


def writer_token(organisation) -> TokenActor:
    """An organisation's system with socialmap:write: maintains its own services, reviews nothing."""
    return TokenActor(token="koppeling", organisation_id=organisation.pk, scopes=frozenset({"socialmap:write"}))


def person(user):
    return actor_for_user(user)


def make_service(organisation, *, actor=None, submit: bool = True, **overrides) -> Service:
    """A complete, valid service (published when the platform enters it)."""
    fields = {
        "name": "Hulp bij de thuisadministratie",
        "description": "Een vrijwilliger helpt je thuis met je papieren.",
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "life_domains": [LifeDomain.objects.get(code="financien")],
        "target_groups": [TargetGroup.objects.get(code="schulden")],
        "municipalities": [organisation.municipality] if organisation.municipality_id else [],
        "schedules": [{"weekday": 2, "opens_at": time(9), "closes_at": time(12), "description": ""}],
    }
    fields.update(overrides)
    return services.create_service(actor or SYSTEM, organisation, submit=submit, **fields)


def service_form_data(**overrides) -> dict:
    """A valid POST for the service form (with the opening hours formset)."""
    data = {
        "name": "Formulierenhulp Stadshagen",
        "alternate_name": "",
        "description": "Hulp bij formulieren.",
        "life_domains": ["financien"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "eligibility_description": "",
        "minimum_age": "",
        "maximum_age": "",
        "application_process": "",
        "cost_kind": "free",
        "cost_amount": "",
        "fees_description": "",
        "schedule_description": "",
        "languages": "nl, en",
        "tags": "formulieren, brieven",
        "url": "",
        "email": "",
        "phone": "",
        "schedules-TOTAL_FORMS": "2",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "28",
        "schedules-0-weekday": "3",
        "schedules-0-opens_at": "10:00",
        "schedules-0-closes_at": "12:00",
        "schedules-0-description": "",
        "schedules-1-weekday": "",
        "schedules-1-opens_at": "",
        "schedules-1-closes_at": "",
        "schedules-1-description": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def social_map_state() -> dict[str, list]:
    """Every row of the social map, to prove that a refused request changed nothing."""

    def rows(model):
        return list(model.objects.order_by("pk").values())

    return {
        "services": rows(Service),
        "life_domains": rows(Service.life_domains.through),
        "target_groups": rows(Service.target_groups.through),
        "coverage": rows(ServiceCoverage),
        "locations": rows(ServiceAtLocation),
        "schedules": rows(Schedule),
        "changes": rows(ServiceChange),
    }
