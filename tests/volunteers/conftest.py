"""Fixtures of the volunteer tests: a buddy pool of De Kern in Zwolle (managed by the `coordinator`
persona) and a pool of MEE (managed by `mee_coordinator`, seen by the `professional` persona), volunteers,
postcode centres, and referrals to a pool in any status (made directly, so these tests do not depend on
the referral services' inner steps)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from samenkracht.network.models import Role
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans.models import Action, Goal, Household, Person, Plan
from samenkracht.referrals.models import LegalBasis, Referral
from samenkracht.socialmap.models import PostcodeCentroid
from samenkracht.volunteers.models import Volunteer, VolunteerPool, VolunteerStatus, slot_bit
from tests.conftest import make_person

ALL_CATEGORIES = ["contact", "question", "household", "plan_goals", "zrm"]


def actor(user):
    """The actor of a signed-in person (recomputed, so role changes in a test are seen)."""
    if hasattr(user, "_samenkracht_actor"):
        del user._samenkracht_actor
    return actor_for_user(user)


def make_volunteer(pool, *, given_name="Vera", family_name="Vrijwilliger", skills=(), status=VolunteerStatus.ACTIVE,
                   capacity=1, postcode_area="", slots=(), languages=(), **extra) -> Volunteer:
    extra.setdefault("active_since", timezone.localdate() if status == VolunteerStatus.ACTIVE else None)
    mask = 0
    for day, part in slots:
        mask |= slot_bit(day, part)
    volunteer = Volunteer.objects.create(
        pool=pool, municipality_id=pool.municipality_id, given_name=given_name, family_name=family_name,
        status=status, capacity=capacity, postcode_area=postcode_area, availability=mask,
        languages=list(languages), **extra)
    volunteer.skills.set(list(skills))
    return volunteer


@dataclass
class World:
    pool: VolunteerPool          # De Kern, Zwolle, buddy
    mee_pool: VolunteerPool      # MEE IJsseloevers, Zwolle, home administration
    household: Household
    action: Action
    sender: object               # professional of MEE who refers (the `professional` persona)
    legal_basis: LegalBasis

    def referral(self, status: str = "accepted", *, pool=None, accepted_by=None, categories=None) -> Referral:
        pool = pool or self.pool
        now = timezone.now()
        return Referral.objects.create(
            municipality_id=self.household.municipality_id, household=self.household, action=self.action,
            sender=self.sender, sender_organisation_id=self.action.plan.coordinator_organisation_id,
            target_kind="volunteer_pool", target_pool=pool, receiving_organisation_id=pool.organisation_id,
            handover_note="Graag eerst bellen.", contact_times="na 10 uur",
            data_categories=categories or ["contact", "question", "plan_goals"], purpose="volunteer",
            basis_kind="legal_basis", legal_basis=self.legal_basis, status=status,
            accepted_by=accepted_by, sent_at=now, accepted_at=now if status != "sent" else None)


@pytest.fixture
def world(network, people) -> World:
    pool = VolunteerPool.objects.create(organisation=network.de_kern, municipality=network.zwolle,
                                        name="Maatjes Zwolle", kind="buddy")
    mee_pool = VolunteerPool.objects.create(organisation=network.mee, municipality=network.zwolle,
                                            name="Thuisadministratie MEE", kind="home_administration")
    household = Household.objects.create(municipality=network.zwolle, address="Kerkstraat 1", postcode="8012AB")
    Person.objects.create(household=household, municipality=network.zwolle, given_name="Sanne", family_name="Jansma",
                          phone="06-11112222")
    plan = Plan.objects.create(household=household, municipality=network.zwolle, coordinator=people.professional,
                               coordinator_organisation=network.mee, budget_total=Decimal("0"))
    goal = Goal.objects.create(plan=plan, municipality=network.zwolle, life_domain_id="sociaal-netwerk",
                               description="Weer mensen ontmoeten", current_score=2, target_score=4)
    action = Action.objects.create(plan=plan, municipality=network.zwolle, goal=goal, performer="volunteer",
                                   what="Maatje zoeken")
    basis = LegalBasis.objects.create(municipality=network.zwolle, label="Wmo 2015 art. 2.3.5",
                                      data_categories=ALL_CATEGORIES)
    for pc4, lat, lon in (("8011", 52.5125, 6.0925), ("8012", 52.5045, 6.0985), ("8043", 52.5320, 6.0500),
                          ("8031", 52.5300, 6.0960), ("4141", 51.8930, 5.0920)):
        PostcodeCentroid.objects.create(pc4=pc4, latitude=lat, longitude=lon)
    return World(pool=pool, mee_pool=mee_pool, household=household, action=action, sender=people.professional,
                 legal_basis=basis)


@pytest.fixture
def second_coordinator(network):
    """Another coordinator of De Kern, not assigned to any referral."""
    return make_person("coord2@example.test", "Cor Tweede", [(network.de_kern, Role.COORDINATOR)])
