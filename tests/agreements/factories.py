"""Small agreements world on top of the shared test network (tests/conftest.py), used by the tests and
the authorization matrix rows.

- `partnership`: De Kern + Welzijn De Meierij (signed), with a decision log and a follow-up owned by De Kern.
- `alliance`: an open alliance of MEE IJsseloevers + Welzijn De Meierij, with a pending request of De Kern.
- `assignment`: Gemeente Meierijstad's assignment (2026) to De Kern (lead party) and Welzijn De Meierij, with a
  work plan, a sub-assignment, a computed result agreement and a manual one (responsible: De Kern).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samenkracht.agreements import services
from samenkracht.agreements.models import (
    AccessionRequest,
    Agreement,
    Assignment,
    DecisionLog,
    FollowUp,
    Party,
    ResultAgreement,
    SubAssignment,
    WorkPlan,
)
from samenkracht.network.models import Organisation
from samenkracht.network.permissions import SystemActor

SYSTEM = SystemActor()


@dataclass
class World:
    meierij: Organisation
    partnership: Agreement
    alliance: Agreement
    accession: AccessionRequest
    log: DecisionLog
    follow_up: FollowUp
    assignment: Assignment
    work_plan: WorkPlan
    sub: SubAssignment
    computed: ResultAgreement
    manual: ResultAgreement
    lead: Party
    meierij_party: Party


def build_world(network) -> World:
    meierij = Organisation.objects.filter(name="Welzijnspartner Meierijstad").first() or Organisation.objects.create(
        name="Welzijnspartner Meierijstad", kind="welfare", municipality=network.meierijstad)
    partnership = services.create_agreement(
        SYSTEM, kind="partnership", title="Samenwerking De Kern en De Meierij", status="signed",
        signed_on=date(2025, 5, 27), start_on=date(2025, 6, 1),
        parties=[{"organisation": network.de_kern}, {"organisation": meierij}])
    services.add_commitment(SYSTEM, partnership, kind="practical", theme="housing", text="Werkplekken delen.")
    log = services.add_decision_log(
        SYSTEM, partnership, meeting_on=date(2025, 5, 27), title="Gecombineerd managementteam",
        decisions="Gezamenlijke inzet op passend onderwijs.", participants=[network.de_kern, meierij],
        follow_ups=[{"action": "Aanpak passend onderwijs uitwerken", "owner": network.de_kern,
                     "due_on": date(2025, 9, 1)}])
    alliance = services.create_agreement(
        SYSTEM, kind="partnership", title="Open alliantie MEE en De Meierij", status="signed",
        signed_on=date(2024, 7, 6), open_alliance=True,
        parties=[{"organisation": network.mee}, {"organisation": meierij}])
    accession = services.request_accession(SYSTEM, alliance, network.de_kern, motivation="Wij doen graag mee.")
    agreement = services.create_agreement(
        SYSTEM, kind="assignment", title="Opdracht welzijn Meierijstad 2026", municipality=network.meierijstad,
        status="signed", signed_on=date(2025, 12, 19), start_on=date(2026, 1, 1), end_on=date(2026, 12, 31),
        parties=[{"organisation": network.gemeente_meierijstad},
                 {"organisation": network.de_kern, "role": "lead_party"},
                 {"organisation": meierij}])
    assignment = agreement.assignment
    lead = agreement.parties.get(organisation=network.de_kern)
    meierij_party = agreement.parties.get(organisation=meierij)
    plan = services.add_work_plan(SYSTEM, assignment, title="Meer dan de som der delen")
    sub = services.add_sub_assignment(SYSTEM, plan, title="Passend onderwijs", responsible_party=lead)
    computed = services.add_result_agreement(
        SYSTEM, assignment, indicator="help_requests", target=Decimal("400"), period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31), responsible_party=meierij_party, breakdown="channel")
    manual = services.add_result_agreement(
        SYSTEM, assignment, sub_assignment=sub, indicator="trainings_given", target=Decimal("4"),
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), responsible_party=lead)
    return World(meierij=meierij, partnership=partnership, alliance=alliance, accession=accession, log=log,
                 follow_up=log.follow_ups.get(), assignment=assignment, work_plan=plan, sub=sub, computed=computed,
                 manual=manual, lead=lead, meierij_party=meierij_party)
