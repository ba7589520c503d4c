"""Households and the professionals around them, for testing the access policy."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.network.models import Role, Team, TeamMember
from samenkracht.plans.models import Assignment, Household, Person, Plan
from tests.conftest import make_person


@dataclass
class Case:
    team: Team
    household: Household
    other_household: Household
    help_request: HelpRequest
    team_member: object
    coordinator_user: object
    triage_a: object
    triage_b: object
    assigned: object
    stranger: object      # professional at De Kern without any relation
    policy: object        # municipality policy officer
    admin: object         # functional administrator


@pytest.fixture
def case(people, network) -> Case:
    team = Team.objects.create(name="Wijkteam Stadshagen", kind="neighbourhood_team", municipality=network.zwolle)
    team.organisations.set([network.de_kern, network.mee])
    team_member = make_person("teamlid@example.test", "Tom Teamlid", [(network.de_kern, Role.PROFESSIONAL)])
    TeamMember.objects.create(team=team, user=team_member, organisation=network.de_kern)
    coordinator_user = make_person("regie@example.test", "Rita Regie", [(network.mee, Role.PROFESSIONAL)])
    triage_a = make_person("triage.a@example.test", "Ties Triage", [(network.de_kern, Role.PROFESSIONAL)])
    triage_b = make_person("triage.b@example.test", "Wmo Consulent", [(network.gemeente_zwolle, Role.PROFESSIONAL)])
    assigned = make_person("toegewezen@example.test", "Toos Toegewezen", [(network.mee, Role.PROFESSIONAL)])
    stranger = make_person("vreemd@example.test", "Vera Vreemd", [(network.de_kern, Role.PROFESSIONAL)])

    household = Household.objects.create(municipality=network.zwolle, holding_team=team, address="Kerkstraat 1",
                                         postcode="8011AA", strengths="Goed netwerk van buren")
    Person.objects.create(household=household, municipality=network.zwolle, given_name="Sanne", family_name="Jansma")
    other = Household.objects.create(municipality=network.zwolle)
    Plan.objects.create(household=household, municipality=network.zwolle, coordinator=coordinator_user,
                        coordinator_organisation=network.mee)
    Assignment.objects.create(household=household, municipality=network.zwolle, user=assigned, organisation=network.mee)
    other_team = Team.objects.create(name="Toegang Kampen", kind="access_point", municipality=network.kampen)
    request = HelpRequest.objects.create(
        reference="HV-TEST-1", municipality=network.zwolle, team=other_team, household=household,
        channel="phone", question="Ik kan mijn rekeningen niet meer betalen.",
        triage_due_at=HelpRequest.due_for("normal", __import__("django.utils.timezone", fromlist=["now"]).now()),
    )
    Triage.objects.create(help_request=request, municipality=network.zwolle, professional_a=triage_a,
                          organisation_a=network.de_kern, professional_b=triage_b,
                          organisation_b=network.gemeente_zwolle, outcome="plan")
    return Case(team=team, household=household, other_household=other, help_request=request, team_member=team_member,
                coordinator_user=coordinator_user, triage_a=triage_a, triage_b=triage_b, assigned=assigned,
                stranger=stranger, policy=people.policy, admin=people.admin)
