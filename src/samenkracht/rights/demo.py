"""Demo rights requests (synthetic): on two demo households with a plan, registered by their coordinators
through rights.services: an access request received today, a correction request in progress, and an
access request received 40 days ago that is past its one-month deadline. Idempotent: nothing is added when
rights requests exist already. No restriction or erasure, so the other demo journeys keep their data."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samenkracht.network.permissions import actor_for_user
from samenkracht.plans.models import Plan, PlanStatus
from samenkracht.rights import services
from samenkracht.rights.models import RightsRequest


def build_demo_rights(stdout=None) -> dict[str, int]:
    if RightsRequest.objects.exists():
        return {"rights requests": 0}
    plans = list(Plan.objects.filter(status=PlanStatus.ACTIVE).select_related("household", "coordinator")
                 .order_by("id")[:2])
    made = 0
    now = timezone.now()
    for index, plan in enumerate(plans):
        actor = actor_for_user(plan.coordinator)
        household = plan.household
        person = household.members.order_by("id").first()
        if index == 0:
            services.register_request(actor, household, kind="access", received_via="letter", person=person)
            correction = services.register_request(actor, household, kind="correction", received_via="email",
                                                   received_at=now - timedelta(days=5), person=person)
            services.advance_request(actor, correction, status="in_progress")
            made += 2
        else:
            services.register_request(actor, household, kind="access", received_via="in_person",
                                      received_at=now - timedelta(days=40), person=person)
            made += 1
    return {"rights requests": made}
