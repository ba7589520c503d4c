"""Fixtures of the referral tests: the privacy `case` (a household in Zwolle whose plan Rita Regie of MEE
coordinates), a plan action and the triage to refer from, a receiving volunteer organisation
(Buurtmaatjes Zwolle) with two professionals, a coordinator and a team, a legal basis of Zwolle, a consent,
and a helper that brings a referral into any status through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from samenkracht.network.models import Organisation, Role, Team, TeamMember
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans.models import Action, Goal
from samenkracht.referrals import services
from samenkracht.referrals.models import BasisKind, LegalBasis, Referral, Status
from tests.conftest import make_person
from tests.privacy.conftest import Case, case  # noqa: F401 - the fixture is shared

__all__ = ["Case", "case", "actor", "Ref", "ref"]

ALL = ["contact", "question", "household", "plan_goals", "zrm"]


def actor(user):
    if hasattr(user, "_samenkracht_actor"):
        del user._samenkracht_actor
    return actor_for_user(user)


@dataclass
class Ref:
    case: object
    action: Action
    triage: object
    receiver: Organisation
    receiver_pro: object      # professional of the receiving organisation
    receiver_colleague: object
    receiver_coordinator: object
    receiving_team: Team
    team_pro: object          # member of the receiving team on behalf of the receiver
    legal_basis: LegalBasis
    sender: object            # Rita Regie, the plan's coordinator (MEE)

    def make(self, status: str = Status.SENT, *, team: bool = False, via: str = "action", **kwargs) -> Referral:
        """A referral from the action (or triage) to the receiver, brought into `status` through the services."""
        sender = actor(self.sender if via == "action" else self.case.triage_a)
        fields = {"target_kind": "organisation", "target_organisation": self.receiver,
                  "data_categories": ["contact", "question"], "basis_kind": BasisKind.LEGAL_BASIS,
                  "legal_basis": self.legal_basis, "handover_note": "Graag bellen na 10 uur.",
                  "receiving_team": self.receiving_team if team else None}
        fields.update(kwargs)
        origin = {"action": self.action} if via == "action" else {"triage": self.triage}
        referral = services.create_draft(sender, **origin, **fields)
        if status == Status.DRAFT:
            return referral
        if status == Status.ENTERED_IN_ERROR:
            return services.mark_entered_in_error(sender, referral)
        referral = services.send(sender, referral)
        receiver = actor(self.team_pro if team else self.receiver_pro)
        steps = {
            Status.SENT: [],
            Status.ACCEPTED: [lambda r: services.accept(receiver, r)],
            Status.REJECTED: [lambda r: services.reject(receiver, r, reason="no_capacity")],
            Status.IN_PROGRESS: [lambda r: services.accept(receiver, r), lambda r: services.start(receiver, r)],
            Status.ON_HOLD: [lambda r: services.accept(receiver, r), lambda r: services.start(receiver, r),
                             lambda r: services.hold(receiver, r)],
            Status.COMPLETED: [lambda r: services.accept(receiver, r),
                               lambda r: services.complete(receiver, r, outcome="helped")],
            Status.CANCELLED: [lambda r: services.cancel(sender, r)],
            Status.EXPIRED: [lambda r: services.expire_overdue(now=timezone.now() + timedelta(days=30)) and
                             Referral.objects.get(pk=r.pk)],
        }[status]
        for step in steps:
            referral = step(referral)
        referral.refresh_from_db()
        assert referral.status == status
        return referral


@pytest.fixture
def ref(case, network) -> Ref:
    plan = case.household.plans.get()
    goal = Goal.objects.create(plan=plan, municipality=network.zwolle, life_domain_id="financien",
                               description="Rekeningen op tijd betalen", current_score=2, target_score=4)
    action = Action.objects.create(plan=plan, municipality=network.zwolle, goal=goal, performer="volunteer",
                                   performer_name="een maatje", what="Maatje zoeken voor de post")
    receiver = Organisation.objects.create(name="Buurtmaatjes Zwolle", kind="volunteer_organisation",
                                           municipality=network.zwolle)
    receiver_pro = make_person("maatjes@example.test", "Mo Maatje", [(receiver, Role.PROFESSIONAL)])
    colleague = make_person("maatjes2@example.test", "Kim Collega", [(receiver, Role.PROFESSIONAL)])
    coordinator = make_person("maatjes.coord@example.test", "Cor Coördinator", [(receiver, Role.COORDINATOR)])
    team_pro = make_person("maatjes.team@example.test", "Tess Team", [(receiver, Role.PROFESSIONAL)])
    team = Team.objects.create(name="Maatjesteam Zwolle", kind="neighbourhood_team", municipality=network.zwolle)
    team.organisations.set([receiver])
    TeamMember.objects.create(team=team, user=team_pro, organisation=receiver)
    basis = LegalBasis.objects.create(municipality=network.zwolle, label="Wmo 2015 art. 5.2.x",
                                      description="Uitwisseling met ingeschakelde aanbieders", data_categories=ALL)
    return Ref(case=case, action=action, triage=case.help_request.triage, receiver=receiver,
               receiver_pro=receiver_pro, receiver_colleague=colleague, receiver_coordinator=coordinator,
               receiving_team=team, team_pro=team_pro, legal_basis=basis, sender=case.coordinator_user)


@pytest.fixture
def consent(ref, network):
    return services.record_consent(
        actor(ref.sender), ref.case.household, organisations=[ref.receiver], data_categories=["contact", "question"],
        purposes=["referral"], valid_until=timezone.localdate() + timedelta(days=90))
