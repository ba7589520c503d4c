"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for the front door.

Objects: a help request registered at the matrix's "Wijkteam Stadshagen". None of the matrix personas is a
member of that team, so the request is refused to all of them — also to the professional and the two
coordinators, who are professionals without a relation (403). Worklist and registration are open to
anyone with a care role (professionals and organisation coordinators): they see only their own teams'
requests. The public form is open to everyone, also without an account. The matrix tokens carry no
households scope, so every front-door API operation is 403 for them. The on_behalf token (MEE,
households:read/write, X-On-Behalf-Of a MEE professional who is a member of the request's team) is
allowed; tests/frontdoor/test_api.py covers the paths in depth.
"""

from __future__ import annotations

from django.utils import timezone

ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
CARE_ROLES = ["coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN, NOT_ALLOWED = 200, 403, 302, 405
R, W, A, OB = "read", "write_own", "admin", "on_behalf"


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def public() -> dict[str, int]:
    return {ANON: OK, "outsider": OK, **{role: OK for role in ALL_SIGNED_IN}}


def post_only() -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": NOT_ALLOWED, **{role: NOT_ALLOWED for role in ALL_SIGNED_IN}}


def forbidden_to_tokens_without_households_scope(on_behalf: int) -> dict[str, int]:
    """`on_behalf`: the status for the token acting X-On-Behalf-Of a member of the request's team (422 =
    allowed; the body names a colleague who is not in the team)."""
    return {"none": 401, R: FORBIDDEN, W: FORBIDDEN, A: FORBIDDEN, OB: on_behalf}


def extend_objects(objects) -> dict:
    from samenkracht.frontdoor.models import HelpRequest

    network, team = objects["network"], objects["team"]
    now = timezone.now()
    request = HelpRequest.objects.create(
        reference="HV-MATRIX-000001", municipality=network.zwolle, team=team, channel="phone",
        question="Ik heb hulp nodig bij mijn administratie.", triage_due_at=HelpRequest.due_for("normal", now),
    )
    if objects.get("on_behalf_of") is not None:  # the on_behalf token's professional works in this team
        from samenkracht.network.models import TeamMember

        TeamMember.objects.create(team=team, user=objects["on_behalf_of"], organisation=network.mee)
    return {"help_request": request}


def _request(o) -> dict:
    return {"pk": o["help_request"].pk}


WEB_MATRIX = [
    ("frontdoor:worklist", "care roles; own teams only", lambda o: {}, only(CARE_ROLES)),
    ("frontdoor:request_create", "care roles; own teams only", lambda o: {}, only(CARE_ROLES)),
    ("frontdoor:request_detail", "no relation", _request, only([])),
    ("frontdoor:triage", "no relation", _request, only([])),
    ("frontdoor:household_create", "no relation", _request, only([])),
    ("frontdoor:household_link", "POST only", _request, post_only()),
    ("public_request:form", "public", lambda o: {}, public()),
    ("public_request:sent", "public", lambda o: {}, public()),
]


def _new_request(o) -> dict:
    return {"team": o["team"].pk, "channel": "phone", "question": "Vraag"}


API_MATRIX = [
    ("GET", "/frontdoor/worklist", lambda o: "/frontdoor/worklist", None,
     forbidden_to_tokens_without_households_scope(200)),
    ("POST", "/frontdoor/requests", lambda o: "/frontdoor/requests", _new_request,
     forbidden_to_tokens_without_households_scope(201)),
    ("GET", "/frontdoor/requests/{request_id}", lambda o: f"/frontdoor/requests/{o['help_request'].pk}", None,
     forbidden_to_tokens_without_households_scope(200)),
    ("POST", "/frontdoor/requests/{request_id}/household",
     lambda o: f"/frontdoor/requests/{o['help_request'].pk}/household",
     lambda o: {"members": [{"given_name": "Sanne", "family_name": "Jansma"}]},
     forbidden_to_tokens_without_households_scope(201)),
    ("POST", "/frontdoor/requests/{request_id}/triage",
     lambda o: f"/frontdoor/requests/{o['help_request'].pk}/triage",
     lambda o: {"second_professional": "prof@example.test", "outcome": "advice"},
     forbidden_to_tokens_without_households_scope(422)),
]
