"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for households and plans.

Objects: a household in Zwolle whose plan is coordinated by the `professional` persona (Pia, MEE
IJsseloevers) with a goal, an action, a budget line, an evaluation version and an open breakthrough; a
second household without a plan to which she is assigned; and an open breakthrough in Meierijstad (the
policy officer's municipality). Only Pia has a relation with the households: every other role gets 403 on
their pages. Organisation coordinators of MEE may hand the plan over; policy officers and functional
administrators of a municipality see its breakthroughs (without personal data) and decide them.

The matrix's plain tokens carry no households:* scope and act for nobody, so every plans API operation is
refused to them (401 without a token, 403 with one). The on_behalf token (MEE, households:read/write,
X-On-Behalf-Of the professional who coordinates the plan in the API matrix) reaches everything of the
coordinator, but not the municipality's breakthrough overview or decisions; tests/plans/test_api.py covers
the paths in depth.
"""

from __future__ import annotations

from decimal import Decimal

from samenkracht.accounts.models import User
from samenkracht.network.models import Membership, Organisation, Role
from samenkracht.plans.models import (
    Action,
    Assignment,
    Breakthrough,
    BudgetLine,
    Goal,
    Household,
    Person,
    Plan,
    PlanVersion,
)
from tests.conftest import make_person

# The same names and row shapes as tests/test_authorization_matrix.py, which imports this module while it
# is itself being imported (so its helpers cannot be imported here).
ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN = 200, 403, 302
R, W, A, OB = "read", "write_own", "admin", "on_behalf"
CARE = ["coordinator", "mee_coordinator", "professional"]


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def refused(on_behalf: int) -> dict[str, int]:
    """Refused to the plain matrix tokens; `on_behalf` is the status for the token acting X-On-Behalf-Of the
    plan's coordinator (objects["on_behalf_of"] in the API matrix; 422 = allowed, the body names someone
    who does not exist in the API matrix)."""
    return {"none": 401, R: FORBIDDEN, W: FORBIDDEN, A: FORBIDDEN, OB: on_behalf}


def _professional(network) -> User:
    """The `professional` persona when the test created it (web matrix); a stand-in otherwise (API matrix)."""
    user = User.objects.filter(email="prof@example.test").first()
    return user or make_person("matrix.regie@example.test", "Regie Matrix", [(network.mee, Role.PROFESSIONAL)])


def extend_objects(objects) -> dict:
    network = objects["network"]
    # With the people fixture (web matrix) Pia coordinates; in the API matrix the on_behalf token's professional.
    coordinator = (User.objects.filter(email="prof@example.test").first() or objects.get("on_behalf_of")
                   or _professional(network))
    household = Household.objects.create(municipality=network.zwolle, strengths="Zoon helpt met boodschappen",
                                         informal_network="Buurvrouw Els")
    Person.objects.create(household=household, municipality=network.zwolle, given_name="Matrix",
                          family_name="Bewoner")
    plan = Plan.objects.create(household=household, municipality=network.zwolle, coordinator=coordinator,
                               coordinator_organisation=network.mee, budget_total=Decimal("1000"))
    goal = Goal.objects.create(plan=plan, municipality=network.zwolle, life_domain_id="financien",
                               description="Rekeningen op tijd betalen", current_score=2, target_score=4)
    action = Action.objects.create(plan=plan, municipality=network.zwolle, goal=goal, performer="own_network",
                                   performer_name="Buurvrouw Els", what="Post samen openen")
    line = BudgetLine.objects.create(plan=plan, municipality=network.zwolle, action=action, funding_source="wmo",
                                     allocated=Decimal("500"))
    version = PlanVersion.objects.create(plan=plan, municipality=network.zwolle, version=1, kind="evaluation",
                                         snapshot="{}", created_by=coordinator)
    breakthrough = Breakthrough.objects.create(plan=plan, municipality=network.zwolle, raised_by=coordinator,
                                               obstacle="Schuld blokkeert werk", rule="Participatiewet art. 18")
    without_plan = Household.objects.create(municipality=network.zwolle)
    Assignment.objects.create(household=without_plan, municipality=network.zwolle, user=coordinator,
                              organisation=network.mee)
    # An open breakthrough in Meierijstad, the policy officer's municipality.
    other_org = Organisation.objects.create(name="Welzijn De Meierij", kind="welfare",
                                            municipality=network.meierijstad)
    other_user = make_person("regie.meierij@example.test", "Mo Meierij", [(other_org, Role.PROFESSIONAL)])
    other_household = Household.objects.create(municipality=network.meierijstad)
    other_plan = Plan.objects.create(household=other_household, municipality=network.meierijstad,
                                     coordinator=other_user, coordinator_organisation=other_org)
    meierij_breakthrough = Breakthrough.objects.create(
        plan=other_plan, municipality=network.meierijstad, raised_by=other_user, obstacle="Huurachterstand",
        rule="Beleidsregel bijzondere bijstand")
    assert Membership.objects.filter(user=coordinator, organisation=network.mee).exists()
    return {"plan_household": household, "plan": plan, "goal": goal, "action": action, "budget_line": line,
            "plan_version": version, "breakthrough": breakthrough, "household_without_plan": without_plan,
            "meierij_breakthrough": meierij_breakthrough}


def _pk(name: str):
    return lambda o: {"pk": o[name].pk}


RELATED = only(["professional"])

WEB_MATRIX = [
    ("plans:household_list", "care roles", lambda o: {}, only(CARE)),
    ("plans:household_detail", "relation: coordinator", _pk("plan_household"), RELATED),
    ("plans:strengths_edit", "", _pk("plan_household"), RELATED),
    ("plans:plan_create", "household without plan, assigned", _pk("household_without_plan"), RELATED),
    ("plans:emergency_access", "any professional", _pk("plan_household"), only(CARE)),
    ("plans:plan_edit", "", _pk("plan"), RELATED),
    ("plans:goal_create", "", _pk("plan"), RELATED),
    ("plans:action_create", "", _pk("plan"), RELATED),
    ("plans:budget_line_create", "", _pk("plan"), RELATED),
    ("plans:handover", "coordinator or MEE's organisation coordinator", _pk("plan"),
     only(["professional", "mee_coordinator"])),
    ("plans:evaluate", "", _pk("plan"), RELATED),
    ("plans:assessment_create", "", _pk("plan"), RELATED),
    ("plans:plan_close", "", _pk("plan"), RELATED),
    ("plans:breakthrough_create", "coordinator", _pk("plan"), RELATED),
    ("plans:goal_edit", "", _pk("goal"), RELATED),
    ("plans:action_edit", "", _pk("action"), RELATED),
    ("plans:budget_line_edit", "", _pk("budget_line"), RELATED),
    ("plans:version_detail", "", _pk("plan_version"), RELATED),
    ("plans:breakthrough_close", "coordinator", _pk("breakthrough"), RELATED),
    ("plans:breakthrough_overview", "municipality, no personal data", lambda o: {}, only(["admin", "policy"])),
    ("plans:breakthrough_decide", "Zwolle", _pk("breakthrough"), only(["admin"])),
    ("plans:breakthrough_decide", "Meierijstad", _pk("meierij_breakthrough"), only(["policy"])),
    ("plans:coordination", "organisation coordinators", lambda o: {}, only(["coordinator", "mee_coordinator"])),
]


def _plan_url(suffix: str = ""):
    return lambda o: f"/plans/{o['plan'].pk}{suffix}"


def _body(**fields):
    return lambda o: fields


API_MATRIX = [
    ("GET", "/plans/households", lambda o: "/plans/households", None, refused(200)),
    ("GET", "/plans/households/{household_id}", lambda o: f"/plans/households/{o['plan_household'].pk}", None,
     refused(200)),
    ("PUT", "/plans/households/{household_id}/strengths",
     lambda o: f"/plans/households/{o['plan_household'].pk}/strengths",
     _body(strengths="Kookt zelf", informal_network="Buren", version=1), refused(200)),
    ("POST", "/plans/households/{household_id}/plan",
     lambda o: f"/plans/households/{o['household_without_plan'].pk}/plan",
     lambda o: {"coordinator": o["plan"].coordinator.email, "coordinator_organisation": o["network"].mee.pk},
     refused(201)),
    ("GET", "/plans/breakthroughs", lambda o: "/plans/breakthroughs", None, refused(403)),
    ("POST", "/plans/breakthroughs/{breakthrough_id}/decision",
     lambda o: f"/plans/breakthroughs/{o['breakthrough'].pk}/decision", _body(decision="Uitzondering"),
     refused(403)),
    ("POST", "/plans/breakthroughs/{breakthrough_id}/close",
     lambda o: f"/plans/breakthroughs/{o['breakthrough'].pk}/close", _body(follow_up="Werk gevonden"), refused(200)),
    ("GET", "/plans/{plan_id}", _plan_url(), None, refused(200)),
    ("PATCH", "/plans/{plan_id}", _plan_url(), _body(version=1, summary="Nieuw"), refused(200)),
    ("GET", "/plans/{plan_id}/goals", _plan_url("/goals"), None, refused(200)),
    ("POST", "/plans/{plan_id}/goals", _plan_url("/goals"),
     _body(version=1, life_domain="financien", description="Doel", current_score=2, target_score=3), refused(201)),
    ("PATCH", "/plans/goals/{goal_id}", lambda o: f"/plans/goals/{o['goal'].pk}", _body(version=1, target_score=5),
     refused(200)),
    ("GET", "/plans/{plan_id}/actions", _plan_url("/actions"), None, refused(200)),
    ("POST", "/plans/{plan_id}/actions", _plan_url("/actions"),
     _body(version=1, performer="resident", what="Zelf bellen"), refused(201)),
    ("PATCH", "/plans/actions/{action_id}", lambda o: f"/plans/actions/{o['action'].pk}",
     _body(version=1, status="done"), refused(200)),
    ("GET", "/plans/{plan_id}/budget-lines", _plan_url("/budget-lines"), None, refused(200)),
    ("POST", "/plans/{plan_id}/budget-lines", _plan_url("/budget-lines"),
     _body(version=1, funding_source="wmo", allocated="100"), refused(201)),
    ("PATCH", "/plans/budget-lines/{line_id}", lambda o: f"/plans/budget-lines/{o['budget_line'].pk}",
     _body(version=1, spent="10"), refused(200)),
    ("GET", "/plans/{plan_id}/assessments", _plan_url("/assessments"), None, refused(200)),
    ("POST", "/plans/{plan_id}/assessments", _plan_url("/assessments"),
     _body(moment="intake", assessed_on="2025-01-10", scores={"financien": 2}), refused(201)),
    ("POST", "/plans/{plan_id}/handover", _plan_url("/handover"),
     lambda o: {"version": 1, "to": "meecoord@example.test", "to_organisation": o["network"].mee.pk}, refused(422)),
    ("GET", "/plans/{plan_id}/versions", _plan_url("/versions"), None, refused(200)),
    ("POST", "/plans/{plan_id}/evaluations", _plan_url("/evaluations"), _body(version=1), refused(201)),
    ("POST", "/plans/{plan_id}/close", _plan_url("/close"),
     _body(version=1, reason="goals_reached", assessed_on="2025-01-10", scores={"financien": 4}), refused(200)),
    ("GET", "/plans/{plan_id}/breakthroughs", _plan_url("/breakthroughs"), None, refused(200)),
    ("POST", "/plans/{plan_id}/breakthroughs", _plan_url("/breakthroughs"),
     _body(rule="Regel", obstacle="Probleem"), refused(201)),
]
