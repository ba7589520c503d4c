"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for the residents' rights.

Objects: a household in Zwolle to which the `professional` persona (Pia, MEE IJsseloevers) is assigned,
with one member and an open erasure request handled by MEE. Only Pia has a relation with the household:
every page about it (and the exports) refuses the other roles. The worklist and a request's page hold no
personal data: the care roles and coordinators see their organisation's requests, the privacy officer and
the functional administrator of Gemeente Zwolle those of the municipality; the policy officer none.

The matrix's tokens carry no households:* scope and act for nobody, so every rights API operation is
refused (401 without a token, 403 with one); tests/rights/test_web_api.py covers the allowed paths.
"""

from __future__ import annotations

from samenkracht.plans.models import Assignment, Household, Person
from samenkracht.rights.models import RightsRequest
from samenkracht.accounts.models import User
from tests.plans.matrix import _professional

ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN = 200, 403, 302
R, W, A = "read", "write_own", "admin"


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def refused() -> dict[str, int]:
    return {"none": 401, R: FORBIDDEN, W: FORBIDDEN, A: FORBIDDEN}


def extend_objects(objects) -> dict:
    network = objects["network"]
    # The plans matrix made the stand-in already when the `professional` persona is absent (API matrix).
    professional = User.objects.filter(email="matrix.regie@example.test").first() or _professional(network)
    household = Household.objects.create(municipality=network.zwolle, address="Rechtenstraat 1")
    person = Person.objects.create(household=household, municipality=network.zwolle, given_name="Rechten",
                                   family_name="Bewoner")
    Assignment.objects.create(household=household, municipality=network.zwolle, user=professional,
                              organisation=network.mee)
    rights_request = RightsRequest.objects.create(
        municipality=network.zwolle, organisation=network.mee, household=household, household_number=household.pk,
        kind="erasure", received_via="letter")
    return {"rights_household": household, "rights_person": person, "rights_request": rights_request}


def _pk(name: str):
    return lambda o: {"pk": o[name].pk}


RELATED = only(["professional"])

WEB_MATRIX = [
    ("rights:worklist", "care roles, privacy officer, administrator",
     lambda o: {}, only(["admin", "privacy", "coordinator", "mee_coordinator", "professional"])),
    ("rights:household", "relation: assigned", _pk("rights_household"), RELATED),
    ("rights:request_create", "", _pk("rights_household"), RELATED),
    ("rights:restriction", "", _pk("rights_household"), RELATED),
    ("rights:request_detail", "request of MEE in Zwolle", _pk("rights_request"),
     only(["admin", "privacy", "mee_coordinator", "professional"])),
    ("rights:erase", "", _pk("rights_request"), RELATED),
    ("rights:export_json", "", _pk("rights_person"), RELATED),
    ("rights:export_pdf", "", _pk("rights_person"), RELATED),
    ("rights:correct", "", _pk("rights_person"), RELATED),
]

API_MATRIX = [
    ("GET", "/rights/requests", lambda o: "/rights/requests", None, refused()),
    ("POST", "/rights/requests", lambda o: "/rights/requests",
     lambda o: {"household": o["rights_household"].pk, "kind": "access", "received_via": "letter"}, refused()),
    ("GET", "/rights/persons/{person_id}/access", lambda o: f"/rights/persons/{o['rights_person'].pk}/access", None,
     refused()),
]
