"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for volunteer pools and volunteers.

Objects: a buddy pool of De Kern in Zwolle with one active volunteer, an accepted referral to that pool
(accepted by the `coordinator` persona, Cas of De Kern) and a running match with hours. Pools are visible to
everyone in the network; the volunteers' pages only to De Kern's coordinators and professionals (the matrix
has no De Kern professional, so: the `coordinator`); writes only to De Kern's coordinators. "Deploy
volunteers" lists what each coordinator's own pools received, so both coordinators open it.

The matrix's tokens carry no households:* scope and act for nobody: every volunteer operation is refused
(401 without a token, 403 with one); only the pool list (no personal data) is open to network scopes. The
"on_behalf" token (MEE, households scopes, for a MEE professional) reads the volunteers of MEE's own pool
and nothing of De Kern's; as a professional it changes nothing.
tests/volunteers/test_api.py covers the allowed paths.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from samenkracht.accounts.models import User
from samenkracht.network.models import Role
from samenkracht.plans.models import Action, Goal, Household, Plan
from samenkracht.referrals.models import LegalBasis, Referral
from samenkracht.volunteers.models import HoursEntry, Volunteer, VolunteerMatch, VolunteerPool
from tests.conftest import make_person

ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN, NOT_ALLOWED = 200, 403, 302, 405
R, W, A, OB = "read", "write_own", "admin", "on_behalf"


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def everyone_signed_in() -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK for r in ALL_SIGNED_IN}}


def refused() -> dict[str, int]:
    """Also the "on_behalf" token (MEE, households scopes, for a MEE professional): not De Kern's pool."""
    return {"none": 401, R: FORBIDDEN, W: FORBIDDEN, A: FORBIDDEN, OB: FORBIDDEN}


def _user(email: str, name: str, organisation, role) -> User:
    return User.objects.filter(email=email).first() or make_person(email, name, [(organisation, role)])


def extend_objects(objects) -> dict:
    network = objects["network"]
    sender = _user("prof@example.test", "Pia Professional", network.mee, Role.PROFESSIONAL)
    receiver = _user("coord@example.test", "Cas Coördinator", network.de_kern, Role.COORDINATOR)
    pool = VolunteerPool.objects.create(organisation=network.de_kern, municipality=network.zwolle,
                                        name="Matrix maatjes", kind="buddy")
    volunteer = Volunteer.objects.create(pool=pool, municipality=network.zwolle, given_name="Mat", family_name="Rix",
                                         status="active", capacity=3, active_since=timezone.localdate())
    household = Household.objects.create(municipality=network.zwolle)
    plan = Plan.objects.create(household=household, municipality=network.zwolle, coordinator=sender,
                               coordinator_organisation=network.mee, budget_total=Decimal("0"))
    goal = Goal.objects.create(plan=plan, municipality=network.zwolle, life_domain_id="sociaal-netwerk",
                               description="Contact", current_score=2, target_score=3)
    action = Action.objects.create(plan=plan, municipality=network.zwolle, goal=goal, performer="volunteer",
                                   what="Maatje")
    basis = LegalBasis.objects.create(municipality=network.zwolle, label="Matrix", data_categories=["contact"])
    now = timezone.now()
    referral = Referral.objects.create(
        municipality=network.zwolle, household=household, action=action, sender=sender,
        sender_organisation=network.mee, target_kind="volunteer_pool", target_pool=pool,
        receiving_organisation=network.de_kern, data_categories=["contact"], purpose="volunteer",
        basis_kind="legal_basis", legal_basis=basis, status="accepted", accepted_by=receiver, sent_at=now,
        accepted_at=now)
    match = VolunteerMatch.objects.create(referral=referral, volunteer=volunteer, municipality=network.zwolle)
    HoursEntry.objects.create(match=match, municipality=network.zwolle, date=timezone.localdate(), hours=Decimal("1"))
    mee_pool = VolunteerPool.objects.create(organisation=network.mee, municipality=network.zwolle,
                                            name="Matrix thuisadministratie", kind="home_administration")
    Volunteer.objects.create(pool=mee_pool, municipality=network.zwolle, given_name="Mee", family_name="Matrix")
    return {"vol_pool": pool, "vol_volunteer": volunteer, "vol_referral": referral, "vol_match": match,
            "vol_mee_pool": mee_pool}


def _pk(name: str):
    return lambda o: {"pk": o[name].pk}


KERN = only(["coordinator"])

WEB_MATRIX = [
    ("volunteers:pool_list", "pools of my organisations", lambda o: {}, everyone_signed_in()),
    ("volunteers:pool_create", "coordinators", lambda o: {}, only(["coordinator", "mee_coordinator"])),
    ("volunteers:pool_detail", "De Kern's pool: its volunteers", _pk("vol_pool"), KERN),
    ("volunteers:pool_edit", "De Kern's pool", _pk("vol_pool"), KERN),
    ("volunteers:volunteer_create", "De Kern's pool", _pk("vol_pool"), KERN),
    ("volunteers:volunteer_detail", "De Kern's volunteer", _pk("vol_volunteer"), KERN),
    ("volunteers:volunteer_edit", "De Kern's volunteer", _pk("vol_volunteer"), KERN),
    ("volunteers:volunteer_status", "De Kern's volunteer", _pk("vol_volunteer"), KERN),
    ("volunteers:assign_list", "each coordinator's own pools", lambda o: {}, only(["coordinator", "mee_coordinator"])),
    ("volunteers:match_referral", "referral to De Kern's pool", lambda o: {"referral_id": o["vol_referral"].pk},
     KERN),
    ("volunteers:match_detail", "De Kern's match", _pk("vol_match"), KERN),
    ("volunteers:match_hours", "De Kern's match", _pk("vol_match"), KERN),
    ("volunteers:match_end", "POST only", _pk("vol_match"),
     {ANON: TO_LOGIN, "outsider": NOT_ALLOWED, **{r: NOT_ALLOWED for r in ALL_SIGNED_IN}}),
    ("volunteers:match_card", "De Kern's match, printable", _pk("vol_match"), KERN),
]

_TODAY = timezone.localdate().isoformat()

API_MATRIX = [
    ("GET", "/volunteers/pools", lambda o: "/volunteers/pools", None,
     {"none": 401, R: OK, W: OK, A: OK}),
    ("GET", "/volunteers/pools/{pool_id}/volunteers", lambda o: f"/volunteers/pools/{o['vol_pool'].pk}/volunteers",
     None, refused()),
    ("GET", "/volunteers/pools/{pool_id}/volunteers",
     lambda o: f"/volunteers/pools/{o['vol_mee_pool'].pk}/volunteers", None,
     {"none": 401, R: FORBIDDEN, W: FORBIDDEN, A: FORBIDDEN, OB: OK}),  # a MEE professional sees MEE's pool
    ("POST", "/volunteers/pools/{pool_id}/volunteers", lambda o: f"/volunteers/pools/{o['vol_pool'].pk}/volunteers",
     lambda o: {"given_name": "Nieuw", "family_name": "Matrix"}, refused()),
    ("PATCH", "/volunteers/volunteers/{volunteer_id}", lambda o: f"/volunteers/volunteers/{o['vol_volunteer'].pk}",
     lambda o: {"capacity": 2}, refused()),
    ("POST", "/volunteers/matches", lambda o: "/volunteers/matches",
     lambda o: {"referral": o["vol_referral"].pk, "volunteer": o["vol_volunteer"].pk}, refused()),
    ("POST", "/volunteers/matches/{match_id}/hours", lambda o: f"/volunteers/matches/{o['vol_match'].pk}/hours",
     lambda o: {"date": _TODAY, "hours": "1"}, refused()),
]
