"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for agreements and assignments.

Objects (tests/agreements/factories.py): a partnership of De Kern, an open alliance of MEE IJsseloevers with
a pending request to join from De Kern, and Gemeente Meierijstad's assignment (the policy persona's
municipality) with De Kern as lead party and responsible for a manual result agreement.

Everyone in the network reads; agreements are managed by functional administrators and coordinators of a
party; assignments only by the municipality's policy officers and administrators (the admin persona is of
Gemeente Zwolle, so not Meierijstad's); reported values also by the responsible party's coordinator.
API tokens: read = network:read of De Kern; write_own = network:write of De Kern; admin = network:admin of
Gemeente Zwolle (not Meierijstad: 403 on the assignment's writes).
"""

from __future__ import annotations

from tests.agreements.factories import build_world

ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN = 200, 403, 302
R, W, A = "read", "write_own", "admin"


def everyone() -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{role: OK for role in ALL_SIGNED_IN}}


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def expect(none=401, read=OK, write_own=OK, admin=OK) -> dict[str, int]:
    return {"none": none, R: read, W: write_own, A: admin}


def extend_objects(objects) -> dict:
    return {"agreements": build_world(objects["network"])}


def _w(o):
    return o["agreements"]


PARTNER, ALLY = "partnership of De Kern", "open alliance of MEE"
ASSIGN = "assignment of Meierijstad"

WEB_MATRIX = [
    ("agreements:agreement_list", "", lambda o: {}, everyone()),
    ("agreements:open_alliances", "", lambda o: {}, everyone()),
    ("agreements:agreement_create", "coordinators, admin, municipality managers", lambda o: {},
     only(["admin", "policy", "coordinator", "mee_coordinator"])),
    ("agreements:agreement_detail", PARTNER, lambda o: {"pk": _w(o).partnership.pk}, everyone()),
    ("agreements:agreement_detail", ASSIGN, lambda o: {"pk": _w(o).assignment.agreement_id}, everyone()),
    ("agreements:agreement_edit", PARTNER, lambda o: {"pk": _w(o).partnership.pk}, only(["admin", "coordinator"])),
    ("agreements:agreement_edit", ALLY, lambda o: {"pk": _w(o).alliance.pk}, only(["admin", "mee_coordinator"])),
    ("agreements:agreement_edit", ASSIGN, lambda o: {"pk": _w(o).assignment.agreement_id}, only(["policy"])),
    ("agreements:agreement_status", PARTNER, lambda o: {"pk": _w(o).partnership.pk}, only(["admin", "coordinator"])),
    ("agreements:agreement_renew", PARTNER, lambda o: {"pk": _w(o).partnership.pk}, only(["admin", "coordinator"])),
    ("agreements:party_add", PARTNER, lambda o: {"pk": _w(o).partnership.pk}, only(["admin", "coordinator"])),
    ("agreements:commitment_add", ALLY, lambda o: {"pk": _w(o).alliance.pk}, only(["admin", "mee_coordinator"])),
    ("agreements:decision_log_add", PARTNER, lambda o: {"pk": _w(o).partnership.pk},
     only(["admin", "coordinator"])),
    ("agreements:accession_request", "alliance; De Kern is not a party",
     lambda o: {"pk": _w(o).alliance.pk}, only(["admin", "coordinator"])),
    ("agreements:accession_answer", "parties of the alliance answer", lambda o: {"pk": _w(o).accession.pk},
     only(["admin", "mee_coordinator"])),
    ("agreements:follow_up_add", PARTNER, lambda o: {"pk": _w(o).log.pk}, only(["admin", "coordinator"])),
    ("agreements:follow_up_update", "owner De Kern", lambda o: {"pk": _w(o).follow_up.pk},
     only(["admin", "coordinator"])),
    ("agreements:assignment_list", "", lambda o: {}, everyone()),
    ("agreements:assignment_detail", ASSIGN, lambda o: {"pk": _w(o).assignment.pk}, everyone()),
    ("agreements:assignment_edit", ASSIGN, lambda o: {"pk": _w(o).assignment.pk}, only(["policy"])),
    ("agreements:work_plan_add", ASSIGN, lambda o: {"pk": _w(o).assignment.pk}, only(["policy"])),
    ("agreements:sub_assignment_add", ASSIGN, lambda o: {"pk": _w(o).work_plan.pk}, only(["policy"])),
    ("agreements:result_agreement_add", ASSIGN, lambda o: {"pk": _w(o).assignment.pk}, only(["policy"])),
    ("agreements:result_agreement_edit", ASSIGN, lambda o: {"pk": _w(o).computed.pk}, only(["policy"])),
    ("agreements:manual_value_add", "responsible party De Kern", lambda o: {"pk": _w(o).manual.pk},
     only(["policy", "coordinator"])),
]

P = "/agreements"

API_MATRIX = [
    ("GET", "/agreements/", lambda o: f"{P}/", None, expect()),
    ("POST", "/agreements/", lambda o: f"{P}/",
     lambda o: {"kind": "partnership", "title": "Nieuw verband",
                "parties": [{"organisation": o["network"].de_kern.pk}]},
     expect(read=FORBIDDEN, write_own=201, admin=201)),
    ("GET", "/agreements/{agreement_id}", lambda o: f"{P}/{_w(o).partnership.pk}", None, expect()),
    ("GET", "/agreements/{agreement_id}/parties", lambda o: f"{P}/{_w(o).partnership.pk}/parties", None, expect()),
    ("POST", "/agreements/{agreement_id}/parties", lambda o: f"{P}/{_w(o).partnership.pk}/parties",
     lambda o: {"organisation": o["network"].mee.pk, "role": "witness"},
     expect(read=FORBIDDEN, write_own=201, admin=201)),
    ("POST", "/agreements/{agreement_id}/parties", lambda o: f"{P}/{_w(o).alliance.pk}/parties",
     lambda o: {"organisation": o["network"].gemeente_zwolle.pk, "role": "witness"},
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=201)),
    ("GET", "/agreements/{agreement_id}/commitments", lambda o: f"{P}/{_w(o).partnership.pk}/commitments", None,
     expect()),
    ("POST", "/agreements/{agreement_id}/commitments", lambda o: f"{P}/{_w(o).partnership.pk}/commitments",
     lambda o: {"kind": "substantive", "theme": "training", "text": "Samen scholen."},
     expect(read=FORBIDDEN, write_own=201, admin=201)),
    ("POST", "/agreements/{agreement_id}/commitments", lambda o: f"{P}/{_w(o).alliance.pk}/commitments",
     lambda o: {"kind": "substantive", "theme": "training", "text": "Samen scholen."},
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=201)),
    ("GET", "/agreements/{agreement_id}/decision-logs", lambda o: f"{P}/{_w(o).partnership.pk}/decision-logs", None,
     expect()),
    ("POST", "/agreements/{agreement_id}/decision-logs", lambda o: f"{P}/{_w(o).partnership.pk}/decision-logs",
     lambda o: {"meeting_on": "2025-06-10", "title": "MT", "decisions": "Besloten."},
     expect(read=FORBIDDEN, write_own=201, admin=201)),
    ("GET", "/agreements/assignments", lambda o: f"{P}/assignments", None, expect()),
    ("GET", "/agreements/assignments/{assignment_id}", lambda o: f"{P}/assignments/{_w(o).assignment.pk}", None,
     expect()),
    ("GET", "/agreements/assignments/{assignment_id}/result-agreements",
     lambda o: f"{P}/assignments/{_w(o).assignment.pk}/result-agreements", None, expect()),
    ("POST", "/agreements/assignments/{assignment_id}/result-agreements",
     lambda o: f"{P}/assignments/{_w(o).assignment.pk}/result-agreements",
     lambda o: {"indicator": "satisfaction", "target": "7.5", "period_start": "2026-01-01",
                "period_end": "2026-12-31", "responsible_party": _w(o).lead.pk},
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=FORBIDDEN)),
    ("GET", "/agreements/result-agreements/{result_agreement_id}",
     lambda o: f"{P}/result-agreements/{_w(o).manual.pk}", None, expect()),
    ("GET", "/agreements/result-agreements/{result_agreement_id}/values",
     lambda o: f"{P}/result-agreements/{_w(o).manual.pk}/values", None, expect()),
    ("POST", "/agreements/result-agreements/{result_agreement_id}/values",
     lambda o: f"{P}/result-agreements/{_w(o).manual.pk}/values",
     lambda o: {"period_start": "2026-01-01", "period_end": "2026-06-30", "value": "2"},
     expect(read=FORBIDDEN, write_own=201, admin=FORBIDDEN)),
]
