"""The demo builder: idempotent, synthetic, and matches only when accepted referrals to its pools exist."""

from __future__ import annotations

import pytest

from samenkracht.volunteers.demo import build_demo_volunteers, deploy_demo_matches
from samenkracht.volunteers.models import HoursEntry, Volunteer, VolunteerMatch, VolunteerPool
from tests.volunteers.conftest import World

pytestmark = pytest.mark.django_db


def test_builder_is_idempotent_and_works_with_and_without_referrals(network, people):
    first = build_demo_volunteers()
    assert first["volunteer pools"] == 1  # only De Kern and Zwolle exist in the test network
    pool = VolunteerPool.objects.get(name="Maatjes De Kern")
    assert Volunteer.objects.filter(pool=pool).count() == 3 and first["new volunteer matches"] == 0
    second = build_demo_volunteers()
    assert second["new volunteers"] == 0 and Volunteer.objects.count() == 3
    from decimal import Decimal

    from samenkracht.plans.models import Action, Goal, Household, Plan
    from samenkracht.referrals.models import LegalBasis

    household = Household.objects.create(municipality=network.zwolle)
    plan = Plan.objects.create(household=household, municipality=network.zwolle, coordinator=people.professional,
                               coordinator_organisation=network.mee, budget_total=Decimal("0"))
    goal = Goal.objects.create(plan=plan, municipality=network.zwolle, life_domain_id="sociaal-netwerk",
                               description="Contact", current_score=2, target_score=3)
    action = Action.objects.create(plan=plan, municipality=network.zwolle, goal=goal, performer="volunteer",
                                   what="Maatje")
    basis = LegalBasis.objects.create(municipality=network.zwolle, label="Demo", data_categories=["contact"])
    world = World(pool=pool, mee_pool=pool, household=household, action=action, sender=people.professional,
                  legal_basis=basis)
    world.referral("accepted", categories=["contact"])
    world.referral("sent", categories=["contact"])
    assert deploy_demo_matches()["new volunteer matches"] == 1
    assert build_demo_volunteers()["new volunteer matches"] == 0  # already deployed: nothing twice
    match = VolunteerMatch.objects.get()
    assert match.volunteer.pool == pool and HoursEntry.objects.filter(match=match).count() >= 1
