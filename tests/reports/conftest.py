"""Hand-computable work in Meierijstad (the policy officer's municipality) for the report tests.

`work` creates, in 2025:
- help requests: Q1 6 by phone in Schijndel and 2 walk-in in Veghel; Q2 3 by e-mail in Schijndel (11);
- triages of the 6 phone requests, held 2 days after registration (5) and 4 days after (1): average 14/6
  days; outcomes 3 advice, 1 open access, 2 plan (4 of 6 resolved with open-access help: 66.7%);
- a closed plan with ZRM intake and closure scores (financien 2→4, huisvesting 3→3) and satisfaction 8, and
  five more closed plans with satisfaction 6 (average (8 + 5*6) / 6 = 6.33);
- 5 breakthroughs decided in Q2.
Referrals and volunteer hours are added when those apps have their tables (see `referrals_work`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.network.models import Neighbourhood, Organisation, Role, Team
from samenkracht.plans.models import Assessment, AssessmentScore, Breakthrough, Household, Plan
from samenkracht.reports.compute import model
from samenkracht.socialmap.domains import LIFE_DOMAINS
from samenkracht.socialmap.models import LifeDomain
from tests.conftest import make_person

START, END = date(2025, 1, 1), date(2025, 12, 31)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@dataclass
class Work:
    municipality: object
    welzijn: Organisation
    lumens: Organisation
    schijndel: Neighbourhood
    veghel: Neighbourhood
    team: Team
    pro_a: object
    pro_b: object
    requests: list


def ensure_life_domains() -> None:
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})


_counter = {"n": 0}


def add_request(work: Work, *, when: datetime, channel: str, neighbourhood, domains=("financien",)) -> HelpRequest:
    _counter["n"] += 1
    request = HelpRequest.objects.create(
        reference=f"T-{_counter['n']}-{when:%m%d%H}", municipality=work.municipality, team=work.team,
        channel=channel, signal_source="professional" if channel == "signal" else "", question="Testvraag",
        neighbourhood=neighbourhood, registered_at=when, triage_due_at=when + timedelta(days=10),
        registered_organisation=work.welzijn)
    request.life_domains.set(list(domains))
    return request


def add_triage(work: Work, request: HelpRequest, *, days: int, outcome: str) -> Triage:
    return Triage.objects.create(
        help_request=request, municipality=work.municipality, professional_a=work.pro_a,
        organisation_a=work.welzijn, professional_b=work.pro_b, organisation_b=work.lumens,
        held_at=request.registered_at + timedelta(days=days), outcome=outcome, law="")


def make_base(network) -> Work:
    ensure_life_domains()
    m = network.meierijstad
    welzijn = Organisation.objects.create(name="Welzijn De Meierij", kind="welfare", municipality=m)
    lumens = Organisation.objects.create(name="Lumens", kind="social_work", municipality=m)
    schijndel = Neighbourhood.objects.create(municipality=m, name="Schijndel", kind="district")
    veghel = Neighbourhood.objects.create(municipality=m, name="Veghel", kind="district")
    team = Team.objects.create(name="Gebiedsteam Schijndel", kind="area_team", municipality=m)
    team.organisations.set([welzijn, lumens])
    pro_a = make_person("a.rapport@example.test", "Anna Rapport", [(welzijn, Role.PROFESSIONAL)])
    pro_b = make_person("b.rapport@example.test", "Bert Rapport", [(lumens, Role.PROFESSIONAL)])
    return Work(m, welzijn, lumens, schijndel, veghel, team, pro_a, pro_b, [])


@pytest.fixture
def work(network, people) -> Work:
    w = make_base(network)
    phone = [add_request(w, when=at(date(2025, 2, 3 + i)), channel="phone", neighbourhood=w.schijndel)
             for i in range(6)]
    walk_in = [add_request(w, when=at(date(2025, 3, 10 + i)), channel="walk_in", neighbourhood=w.veghel,
                           domains=("huisvesting",)) for i in range(2)]
    email = [add_request(w, when=at(date(2025, 5, 5 + i)), channel="email", neighbourhood=w.schijndel)
             for i in range(3)]
    w.requests = phone + walk_in + email
    outcomes = ["advice", "advice", "advice", "open_access", "plan", "plan"]
    for i, (request, outcome) in enumerate(zip(phone, outcomes)):
        add_triage(w, request, days=4 if i == 5 else 2, outcome=outcome)
    # Plans: one with ZRM intake and closure, five more with satisfaction only.
    for index in range(6):
        household = Household.objects.create(municipality=w.municipality, neighbourhood=w.schijndel)
        plan = Plan.objects.create(household=household, municipality=w.municipality, coordinator=w.pro_a,
                                   coordinator_organisation=w.welzijn, status="closed",
                                   closed_at=at(date(2025, 6, 1 + index)), satisfaction=8 if index == 0 else 6)
        if index == 0:
            intake = Assessment.objects.create(plan=plan, municipality=w.municipality, moment="intake",
                                               assessed_on=date(2025, 1, 15), assessor=w.pro_a)
            closure = Assessment.objects.create(plan=plan, municipality=w.municipality, moment="closure",
                                                assessed_on=date(2025, 6, 1), assessor=w.pro_a)
            for assessment, scores in ((intake, {"financien": 2, "huisvesting": 3}),
                                       (closure, {"financien": 4, "huisvesting": 3})):
                for domain, score in scores.items():
                    AssessmentScore.objects.create(assessment=assessment, municipality=w.municipality,
                                                   life_domain_id=domain, score=score)
        if index < 5:
            Breakthrough.objects.create(plan=plan, municipality=w.municipality, raised_by=w.pro_a,
                                        raised_at=at(date(2025, 4, 1)), obstacle="Regel", rule="Regel",
                                        status="decided", decided_at=at(date(2025, 4, 20 + index)))
    return w


def referrals_available() -> bool:
    return model("referrals.Referral") is not None


@dataclass
class AssignmentCase:
    agreement: object
    assignment: object
    results: dict


@pytest.fixture
def assignment(work, network) -> AssignmentCase:
    """Meierijstad's assignment to its welfare partners (De Kern is a party too, for the coordinator persona),
    with result agreements over 2025 on hand-computed indicators and one reported by hand."""
    from samenkracht.agreements.models import Agreement, Assignment, ManualValue, Party, ResultAgreement

    agreement = Agreement.objects.create(kind="assignment", title="Opdracht sociale basis Meierijstad",
                                         municipality=work.municipality, status="signed", start_on=START,
                                         end_on=END)
    lead = Party.objects.create(agreement=agreement, organisation=work.welzijn, role="lead_party")
    Party.objects.create(agreement=agreement, organisation=work.lumens, role="signatory")
    Party.objects.create(agreement=agreement, organisation=network.de_kern, role="signatory")
    opdracht = Assignment.objects.create(agreement=agreement, municipality=work.municipality)
    results = {}
    for code, target, unit, breakdown in (
        ("help_requests", 10, "count", "channel"), ("resolved_open_access_share", 60, "percent", ""),
        ("days_to_triage", 3, "days", ""), ("satisfaction", 7, "score", ""), ("zrm_change", 1, "points", ""),
        ("activities_held", 20, "count", ""),
    ):
        results[code] = ResultAgreement.objects.create(
            assignment=opdracht, indicator=code, target=target, unit=unit, period_start=START, period_end=END,
            responsible_party=lead, breakdown=breakdown)
    ManualValue.objects.create(result_agreement=results["activities_held"], period_start=START,
                               period_end=date(2025, 6, 30), value=24, reported_by=work.pro_a,
                               reported_for=work.welzijn)
    return AssignmentCase(agreement, opdracht, results)
