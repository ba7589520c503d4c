"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for reports.

Objects: an assignment of Meierijstad (the policy officer's municipality) with De Kern as a party, a
nomination of Meierijstad, and the region IJssel-Vecht (Zwolle, Kampen) of the main matrix. Policy officers
and functional administrators of a municipality see its reports (the `admin` persona is functional
administrator of Gemeente Zwolle, `policy` policy officer of Gemeente Meierijstad); organisation
coordinators see the reports of assignments their organisation is party to (De Kern: `coordinator`).

API tokens: a token of a municipality organisation with network:read/admin reads its municipality's
reports (the matrix's admin token belongs to Gemeente Zwolle); a party organisation's token with
network:read reads that assignment's report (the read token of De Kern).
"""

from __future__ import annotations

from datetime import date

ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN = 200, 403, 302
R, W, A = "read", "write_own", "admin"


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def expect(none=401, read=OK, write_own=OK, admin=OK) -> dict[str, int]:
    return {"none": none, R: read, W: write_own, A: admin}


def extend_objects(objects) -> dict:
    from samenkracht.agreements.models import Agreement, Assignment, Party, ResultAgreement
    from samenkracht.network.models import Organisation
    from samenkracht.reports.models import Nomination

    network = objects["network"]
    partner = Organisation.objects.create(name="Rapportage Partner Meierijstad", kind="welfare",
                                          municipality=network.meierijstad)
    agreement = Agreement.objects.create(kind="assignment", title="Matrix opdracht Meierijstad",
                                         municipality=network.meierijstad, status="signed",
                                         start_on=date(2025, 1, 1), end_on=date(2025, 12, 31))
    lead = Party.objects.create(agreement=agreement, organisation=partner, role="lead_party")
    Party.objects.create(agreement=agreement, organisation=network.de_kern, role="signatory")
    assignment = Assignment.objects.create(agreement=agreement, municipality=network.meierijstad)
    ResultAgreement.objects.create(assignment=assignment, indicator="help_requests", target=100, unit="count",
                                   period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
                                   responsible_party=lead, breakdown="channel")
    nomination = Nomination.objects.create(municipality=network.meierijstad, nominating_organisation=partner,
                                           nominated_on=date(2025, 3, 1))
    return {"reports_assignment": assignment, "reports_nomination": nomination}


def _m(o):
    return o["network"].meierijstad.pk


WEB_MATRIX = [
    ("reports:index", "", lambda o: {}, only(["admin", "policy", "coordinator", "mee_coordinator"])),
    ("reports:dashboard", "Meierijstad", lambda o: {"pk": _m(o)}, only(["policy"])),
    ("reports:dashboard", "Zwolle", lambda o: {"pk": o["network"].zwolle.pk}, only(["admin"])),
    ("reports:dashboard_export", "Meierijstad csv", lambda o: {"pk": _m(o), "fmt": "csv"}, only(["policy"])),
    ("reports:network", "Meierijstad", lambda o: {"pk": _m(o)}, only(["policy"])),
    ("reports:region_network", "IJssel-Vecht (Zwolle)", lambda o: {"pk": o["region"].pk}, only(["admin"])),
    ("reports:profile", "Meierijstad", lambda o: {"pk": _m(o)}, only(["policy"])),
    ("reports:profile_export", "Meierijstad csv", lambda o: {"pk": _m(o), "fmt": "csv"}, only(["policy"])),
    ("reports:nomination_create", "Meierijstad", lambda o: {"pk": _m(o)}, only(["policy"])),
    ("reports:visit_create", "nomination of Meierijstad", lambda o: {"pk": o["reports_nomination"].pk},
     only(["policy"])),
    ("reports:assignment_report", "De Kern is a party", lambda o: {"pk": o["reports_assignment"].pk},
     only(["policy", "coordinator"])),
    ("reports:assignment_export", "pdf", lambda o: {"pk": o["reports_assignment"].pk, "fmt": "pdf"},
     only(["policy", "coordinator"])),
]

API_MATRIX = [
    ("GET", "/reports/indicators", lambda o: "/reports/indicators", None, expect()),
    ("GET", "/reports/assignments/{assignment_id}", lambda o: f"/reports/assignments/{o['reports_assignment'].pk}",
     None, expect(read=OK, write_own=FORBIDDEN, admin=FORBIDDEN)),
    ("GET", "/reports/dashboard", lambda o: "/reports/dashboard?municipality=GM0193", None,
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=OK)),
]
