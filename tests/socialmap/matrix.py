"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for the social map.

Objects: a published service of De Kern and one of MEE IJsseloevers, a De Kern service awaiting review
(entered by De Kern's own system) and a De Kern draft.
"""

from __future__ import annotations

from tests.socialmap.helpers import make_service, writer_token

# The same names and row shapes as tests/test_authorization_matrix.py, which imports this module while it
# is itself being imported (so its helpers cannot be imported here).
ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, CREATED, FORBIDDEN, NOT_FOUND, TO_LOGIN, NOT_ALLOWED = 200, 201, 403, 404, 302, 405
R, W, A = "read", "write_own", "admin"


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def expect(none=401, read=OK, write_own=OK, admin=OK) -> dict[str, int]:
    return {"none": none, R: read, W: write_own, A: admin}


def extend_objects(objects) -> dict:
    network = objects["network"]
    return {
        "kern_service": make_service(network.de_kern, name="Op Orde"),
        "mee_service": make_service(network.mee, name="Cliëntondersteuning"),
        "kern_pending": make_service(network.de_kern, actor=writer_token(network.de_kern), submit=True,
                                     name="Nieuw spreekuur"),
        "kern_draft": make_service(network.de_kern, actor=writer_token(network.de_kern), submit=False,
                                   name="Concept"),
    }


def public(status: int = OK) -> dict[str, int]:
    """Open to everyone, also without an account."""
    return {ANON: status, "outsider": status, **{role: status for role in ALL_SIGNED_IN}}


def seen_by(allowed: list[str]) -> dict[str, int]:
    """A page that exists only for some: the others (also anonymous visitors) get 404."""
    return {ANON: NOT_FOUND, "outsider": NOT_FOUND,
            **{role: OK if role in allowed else NOT_FOUND for role in ALL_SIGNED_IN}}


def post_only() -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": NOT_ALLOWED, **{role: NOT_ALLOWED for role in ALL_SIGNED_IN}}


def _service(name: str):
    return lambda o: {"pk": o[name].pk}


def _organisation(name: str):
    return lambda o: {"pk": getattr(o["network"], name).pk}


KERN_MAINTAINERS = ["admin", "coordinator"]
MEE_MAINTAINERS = ["admin", "mee_coordinator"]
REVIEWERS = ["admin", "policy"]

WEB_MATRIX = [
    ("socialmap:search", "public", lambda o: {}, public()),
    ("socialmap:service_detail", "published", _service("kern_service"), public()),
    ("socialmap:service_detail", "awaiting review, De Kern", _service("kern_pending"),
     seen_by(["admin", "coordinator", "policy"])),
    ("socialmap:professional_search", "", lambda o: {}, only(ALL_SIGNED_IN)),
    ("socialmap:review_queue", "", lambda o: {}, only(REVIEWERS)),
    ("socialmap:dashboard", "own=De Kern", _organisation("de_kern"), only(KERN_MAINTAINERS)),
    ("socialmap:dashboard", "own=MEE", _organisation("mee"), only(MEE_MAINTAINERS)),
    ("socialmap:service_create", "own=De Kern", _organisation("de_kern"), only(KERN_MAINTAINERS)),
    ("socialmap:service_create", "own=MEE", _organisation("mee"), only(MEE_MAINTAINERS)),
    ("socialmap:service_edit", "own=De Kern", _service("kern_service"), only(KERN_MAINTAINERS)),
    ("socialmap:service_edit", "own=MEE", _service("mee_service"), only(MEE_MAINTAINERS)),
    ("socialmap:service_status", "own=De Kern", _service("kern_service"), only(KERN_MAINTAINERS)),
    ("socialmap:service_status", "own=MEE", _service("mee_service"), only(MEE_MAINTAINERS)),
    ("socialmap:service_history", "own=De Kern", _service("kern_service"), only([*KERN_MAINTAINERS, "policy"])),
    ("socialmap:service_history", "own=MEE", _service("mee_service"), only([*MEE_MAINTAINERS, "policy"])),
    ("socialmap:service_confirm", "POST only", _service("kern_service"), post_only()),
    ("socialmap:service_submit", "POST only", _service("kern_draft"), post_only()),
    ("socialmap:service_approve", "POST only", _service("kern_pending"), post_only()),
    ("socialmap:service_reject", "awaiting review", _service("kern_pending"), only(REVIEWERS)),
]



def _body_new(organisation: str | None):
    def body(o):
        data = {"name": "Buurtspreekuur", "life_domains": ["financien"], "municipalities": ["GM0193"]}
        if organisation:
            data["organisation"] = getattr(o["network"], organisation).pk
        return data
    return body


API_MATRIX = [
    ("GET", "/socialmap/services", lambda o: "/socialmap/services", None, expect()),
    ("GET", "/socialmap/services/{service_id}", lambda o: f"/socialmap/services/{o['kern_service'].pk}", None,
     expect()),
    # A token writes for its own organisation only: De Kern's system for De Kern, Zwolle's for Zwolle.
    ("POST", "/socialmap/services", lambda o: "/socialmap/services", _body_new("de_kern"),
     expect(read=FORBIDDEN, write_own=CREATED, admin=FORBIDDEN)),
    ("POST", "/socialmap/services", lambda o: "/socialmap/services", _body_new("mee"),
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=FORBIDDEN)),
    ("POST", "/socialmap/services", lambda o: "/socialmap/services", _body_new(None),
     expect(read=FORBIDDEN, write_own=CREATED, admin=CREATED)),
    ("PATCH", "/socialmap/services/{service_id}", lambda o: f"/socialmap/services/{o['kern_service'].pk}",
     lambda o: {"phone": "038-1234567"}, expect(read=FORBIDDEN, admin=FORBIDDEN)),
    ("PATCH", "/socialmap/services/{service_id}", lambda o: f"/socialmap/services/{o['mee_service'].pk}",
     lambda o: {"phone": "038-7654321"}, expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=FORBIDDEN)),
    ("POST", "/socialmap/services/{service_id}/confirm",
     lambda o: f"/socialmap/services/{o['kern_service'].pk}/confirm", None,
     expect(read=FORBIDDEN, admin=FORBIDDEN)),
    ("POST", "/socialmap/services/{service_id}/confirm",
     lambda o: f"/socialmap/services/{o['mee_service'].pk}/confirm", None,
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=FORBIDDEN)),
    ("POST", "/socialmap/services/{service_id}/submit",
     lambda o: f"/socialmap/services/{o['kern_draft'].pk}/submit", None,
     expect(read=NOT_FOUND, admin=FORBIDDEN)),  # a draft is invisible to a token that cannot maintain it
    ("POST", "/socialmap/services/{service_id}/approve",
     lambda o: f"/socialmap/services/{o['kern_pending'].pk}/approve", None,
     expect(read=FORBIDDEN, write_own=FORBIDDEN)),
    ("POST", "/socialmap/services/{service_id}/reject",
     lambda o: f"/socialmap/services/{o['kern_pending'].pk}/reject", lambda o: {"note": "Vul de tijden aan."},
     expect(read=FORBIDDEN, write_own=FORBIDDEN)),
]
