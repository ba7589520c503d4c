"""Demo referrals in every state, with a legal basis of Almelo and a resident's consent (all synthetic).

Runs after the demo network (and after the demo households, but does not need them): it registers two small
synthetic households of its own at the Sociaal wijkteam Almelo Centrum, through the same services the web
pages use (frontdoor.services, plans.services, referrals.services), acting as the demo professionals Yara
El Idrissi (wijkcoach, DNO) and Pieter Kok (Wmo-consulent, Gemeente Almelo). The receiving sides are MEE
IJsseloevers (Ravi Ramdin) and De Kern (Fenna Dijkstra, Sem Bosman), who have no relation with these
households: they see only what each referral shares. Idempotent: nothing is added when Yara already sent
referrals.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from samenkracht.accounts.models import User
from samenkracht.demo.users import demo_email
from samenkracht.frontdoor import services as frontdoor
from samenkracht.frontdoor.models import TriageOutcome
from samenkracht.network.models import Organisation, OrganisationKind, Team
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans import services as plans
from samenkracht.referrals import services
from samenkracht.referrals.models import (
    BasisKind,
    ContactChannel,
    DataCategory,
    LegalBasis,
    Purpose,
    Reason,
    Referral,
    Side,
    Status,
)

TEAM = "Sociaal wijkteam Almelo Centrum"
ALL = [c.value for c in DataCategory]
CASES = [
    {"question": "Ik loop vast met de post en rekeningen sinds mijn man is overleden. Wie kan een keer meekijken?",
     "members": [{"given_name": "Demi", "family_name": "Voorbeeld", "date_of_birth": date(1956, 3, 14),
                  "role": "applicant", "phone": "0612345601"}]},
    {"question": "Mijn zoon van 19 zit thuis en heeft geen dagbesteding. Ik wil graag dat iemand met hem praat.",
     "members": [{"given_name": "Sanne", "family_name": "Proefmans", "date_of_birth": date(1979, 9, 2),
                  "role": "applicant", "phone": "0612345602"},
                 {"given_name": "Milan", "family_name": "Proefmans", "date_of_birth": date(2006, 5, 20),
                  "role": "child"}]},
]


def _user(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local)).first()


@transaction.atomic
def build_demo_referrals(stdout=None) -> dict[str, int]:
    yara, pieter, ravi, fenna = _user("wijkcoach"), _user("wmo"), _user("mee"), _user("maatschappelijkwerk")
    team = Team.objects.filter(name=TEAM).first()
    mee = Organisation.objects.filter(name="MEE IJsseloevers").first()
    de_kern = Organisation.objects.filter(name="De Kern").first()
    if not all([yara, pieter, ravi, fenna, team, mee, de_kern]):
        return {"referrals": Referral.objects.count()}
    if not Referral.objects.filter(sender=yara).exists():
        _build(yara, pieter, ravi, fenna, team, mee, de_kern)
    return {"referrals": Referral.objects.count(), "legal bases": LegalBasis.objects.count()}


def _household(case, team, yara, pieter):
    actor = actor_for_user(yara)
    request = frontdoor.register_help_request(actor, team=team, channel="walk_in", question=case["question"],
                                              life_domains=["financien"])
    household = frontdoor.register_household_for_request(actor, request, members=case["members"], confirm_new=True)
    request.refresh_from_db()
    triage = frontdoor.record_triage(actor, request, second_professional=pieter, outcome=TriageOutcome.PLAN,
                                     coordinator=yara, notes="Samen beoordeeld; regie bij de wijkcoach.")
    plan = household.plans.get(status="active")
    plans.record_strengths(actor, household, strengths="Is zelf goed te bereiken en wil graag verder.",
                           informal_network="Een buurvrouw die af en toe helpt.", expected_version=plan.version)
    plan.refresh_from_db()
    goal = plans.add_goal(actor, plan, expected_version=plan.version, life_domain="financien",
                          description="Post en rekeningen weer op orde", current_score=2, target_score=4)
    plan.refresh_from_db()
    action = plans.add_action(actor, plan, expected_version=plan.version, goal=goal, performer="resident",
                              what="Ondersteuning bij de thuisadministratie regelen")
    return household, triage, action


def _build(yara, pieter, ravi, fenna, team, mee, de_kern) -> None:
    basis, _ = LegalBasis.objects.get_or_create(
        municipality_id=team.municipality_id, label="Wmo 2015 art. 5.2.x (demo)",
        defaults={"description": "Uitwisseling met aanbieders die de gemeente bij de ondersteuning inschakelt "
                                 "(synthetische demo-grondslag).", "data_categories": ALL})
    first, triage_1, action_1 = _household(CASES[0], team, yara, pieter)
    second, triage_2, action_2 = _household(CASES[1], team, yara, pieter)
    sender = actor_for_user(yara)
    consent = services.record_consent(
        sender, second, organisations=[mee, de_kern], data_categories=[DataCategory.CONTACT, DataCategory.QUESTION,
                                                                       DataCategory.HOUSEHOLD],
        purposes=[Purpose.REFERRAL], valid_until=timezone.localdate() + timedelta(days=365),
        person=second.members.order_by("id").first())
    mee_side, kern_side = actor_for_user(ravi), actor_for_user(fenna)

    def make(origin, organisation, *, send=True, legal=True, note="", categories=None):
        kwargs = {"triage": origin} if origin.__class__.__name__ == "Triage" else {"action": origin}
        return services.create_draft(
            sender, target_kind="organisation", target_organisation=organisation, contact_channel=ContactChannel.PHONE,
            contact_times="dinsdag- en donderdagochtend", data_categories=categories or [
                DataCategory.CONTACT, DataCategory.QUESTION],
            purpose=Purpose.REFERRAL, basis_kind=BasisKind.LEGAL_BASIS if legal else BasisKind.CONSENT,
            legal_basis=basis if legal else None, consent=None if legal else consent,
            handover_note=note or "Bewoner is op de hoogte en verwacht een telefoontje.", send_now=send, **kwargs)

    make(action_1, mee, send=False, note="Nog af te stemmen met de bewoner.")                       # draft
    make(action_1, mee)                                                                                # sent
    accepted = make(triage_1, de_kern, categories=[DataCategory.CONTACT, DataCategory.QUESTION,
                                                   DataCategory.PLAN_GOALS])
    services.accept(kern_side, accepted)                                                               # accepted
    rejected = make(triage_2, mee, legal=False)
    services.reject(mee_side, rejected, reason=Reason.NO_CAPACITY, note="Wachtlijst tot na de zomer.")  # rejected
    elsewhere = services.refer_elsewhere(sender, rejected, target_kind="organisation", target_organisation=de_kern,
                                         basis_kind=BasisKind.CONSENT, consent=consent, send_now=True)
    services.accept(kern_side, elsewhere)
    services.start(kern_side, elsewhere)                                                               # in progress
    on_hold = make(action_2, de_kern)
    services.accept(kern_side, on_hold)
    services.start(kern_side, on_hold)
    services.hold(kern_side, on_hold, note="Bewoner tijdelijk opgenomen.")                             # on hold
    helped = make(triage_2, de_kern, legal=False)
    services.accept(kern_side, helped)
    services.start(kern_side, helped)
    services.complete(kern_side, helped, outcome="helped")
    services.acknowledge_outcome(sender, helped)                                                       # loop closed
    not_helped = make(action_2, mee)
    services.accept(mee_side, not_helped)
    services.complete(mee_side, not_helped, outcome="not_helped", reason=Reason.COULD_NOT_CONTACT)     # unseen
    services.cancel(sender, make(action_1, de_kern), note="Bewoner heeft zelf al hulp gevonden.")      # cancelled
    services.mark_entered_in_error(sender, make(triage_1, mee, send=False))                           # in error
    expired = make(triage_1, mee)                                                                      # expired
    Referral.objects.filter(pk=expired.pk).update(
        sent_at=timezone.now() - timedelta(days=10), answer_due_at=timezone.now() - timedelta(days=3))
    expired.refresh_from_db()
    from samenkracht.network.permissions import SystemActor

    services._apply(SystemActor(), expired, Status.EXPIRED, side=Side.SYSTEM, changes={})
    from samenkracht.volunteers.models import VolunteerPool

    # De Kern's buddy pool, so that De Kern's professional accepts and a volunteer is deployed for it.
    pool = VolunteerPool.objects.filter(active=True, kind="buddy", organisation=de_kern).order_by("id").first()
    if pool is not None:                                                                        # to a buddy pool
        to_pool = services.create_draft(sender, action=action_2, target_kind="volunteer_pool", target_pool=pool,
                              contact_channel=ContactChannel.PHONE, data_categories=[DataCategory.CONTACT,
                                                                                     DataCategory.QUESTION],
                              purpose=Purpose.VOLUNTEER, basis_kind=BasisKind.LEGAL_BASIS, legal_basis=basis,
                              handover_note="Zoekt een maatje voor een wekelijkse wandeling.", send_now=True)
        services.accept(kern_side, to_pool)
        from samenkracht.volunteers.demo import deploy_demo_matches

        deploy_demo_matches()                                                         # a volunteer with hours
    initiative = Organisation.objects.filter(kind=OrganisationKind.CITIZEN_INITIATIVE).order_by("name").first()
    if initiative is not None:
        services.create_draft(sender, action=action_2, target_kind="citizen_initiative",
                              target_organisation=initiative, contact_channel=ContactChannel.VIA_PROFESSIONAL,
                              data_categories=[DataCategory.QUESTION], purpose=Purpose.REFERRAL,
                              basis_kind=BasisKind.LEGAL_BASIS, legal_basis=basis, send_now=True)
